"""Returning a dossier's result (issue 18): `hoso dossier result CODE FILE...`.

A dossier is opened for a marital-status confirmation; the confirmation the centre issues is
rendered from real Vietnamese text, degraded like a scan, and scanned at the return through the
real command (a subprocess, real Tesseract, the real SQLite catalogue). The events follow the
contract the statistics (i18-stats) count; the result is no submission; the same citizen's next
dossier (a marriage registration, which asks for that confirmation) is offered it, valid, with
"kết quả của hồ sơ CODE". A return without a scan, a second return, a return of a dossier never
opened and a result naming another citizen are shown too; returning once holds with two stations
at one moment on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from access.models import Actor
from access.officers import add_officer
from catalogue.store import Catalogue
from dossier.events import DossierError, load_events, open_dossier
from dossier.results import record_return
from index.models import centre_timezone
from pipeline.datadir import DataDir
from samples.content import _plus_months as plus_months
from samples.people import make_citizens
from tests.catalogues import catalogue_location  # noqa: F401 (fixture)
from tests.result_scans import write_result

ROOT = Path(__file__).resolve().parents[1]
OFFICER = "Trả Kết Quả"
ISSUE = "cap_xac_nhan_tinh_trang_hon_nhan"
MARRIAGE = "dang_ky_ket_hon"


def hoso(data: Path, *args: str, codes=(0,)) -> subprocess.CompletedProcess:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1", "HOSO_DATA_DIR": str(data), "HOSO_OFFICER": OFFICER}
    env.pop("HOSO_CATALOGUE_URL", None)
    done = subprocess.run([sys.executable, "-m", "cli", *args], env=env, capture_output=True, text=True,
                          timeout=300, cwd=ROOT)
    assert done.returncode in codes, f"{args}: exit {done.returncode}\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
    assert "Traceback" not in done.stdout + done.stderr, done.stderr[-3000:]
    return done


def _rows(data: Path, sql: str, **params) -> list[dict]:
    engine = sa.create_engine(f"sqlite:///{data / 'catalogue.sqlite'}")
    try:
        with engine.connect() as c:
            return [dict(r) for r in c.execute(sa.text(sql), params).mappings()]
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def returned(tmp_path_factory):
    """A dossier opened, its result scanned at the return; another citizen's dossier too."""
    folder = tmp_path_factory.mktemp("results-return")
    data = folder / "data"
    DataDir(data).ensure()
    Catalogue(DataDir(data).catalogue).close()
    add_officer(DataDir(data).catalogue, OFFICER, "officer", None, Actor.cli(None))
    owner, other = make_citizens(181, 2)
    issued = datetime.now(centre_timezone()).date() - timedelta(days=4)
    result = write_result(owner, issued, folder / "scan" / "KET_QUA_0001.tif", seed=3)
    hoso(data, "dossier", "open", "--dossier", "HS-KQ-1", "--citizen-id", owner.citizen_id, "--procedure", ISSUE)
    done = hoso(data, "dossier", "result", "HS-KQ-1", str(result), "--json")
    return dict(data=data, folder=folder, owner=owner, other=other, issued=issued, result=result,
                answer=json.loads(done.stdout))


def test_the_result_is_read_as_any_document_and_its_validity_follows_its_type(returned):
    answer = returned["answer"]
    assert (answer["dossier"], answer["digitised"], answer["citizen_id"]) == ("HS-KQ-1", True,
                                                                              returned["owner"].citizen_id)
    assert answer["returned_at"]
    [doc] = answer["documents"]
    issued = returned["issued"]
    six_months = plus_months(issued, 6)
    assert (doc["doc_type"], doc["number"]) == ("xac_nhan_tinh_trang_hon_nhan", "118/XNTTHN")
    assert (doc["issue_date"], doc["expiry_date"]) == (issued.isoformat(), six_months.isoformat())
    assert (doc["link_status"], doc["citizen_id"]) == ("linked", returned["owner"].citizen_id)
    assert (doc["validity"], doc["valid_until"]) == ("valid", six_months.isoformat())
    shown = hoso(returned["data"], "show", doc["id"]).stdout
    assert "result       result of dossier HS-KQ-1" in shown
    shown = json.loads(hoso(returned["data"], "show", doc["id"], "--json").stdout)
    assert (shown["result_of"], shown["result_kind"]) == ("HS-KQ-1", "returned")
    found = hoso(returned["data"], "search", "--citizen-id", returned["owner"].citizen_id).stdout
    assert "result of dossier HS-KQ-1" in found
    [stored] = _rows(returned["data"], "SELECT * FROM documents WHERE id = :id", id=doc["id"])
    assert (stored["result_of"], stored["result_kind"], stored["dossier"], stored["procedure"]) == \
        ("HS-KQ-1", "returned", "HS-KQ-1", ISSUE)


def test_the_return_is_recorded_as_the_event_contract_says_and_is_no_submission(returned):
    data, doc_id = returned["data"], returned["answer"]["documents"][0]["id"]
    hoso(data, "dossier", "sync")  # documents of a dossier not recorded as submissions: results are not such
    events = [e for e in load_events(DataDir(data).catalogue) if e.dossier == "HS-KQ-1"]
    assert [e.kind for e in events] == ["dossier_opened", "result_document", "result_returned"]
    _, document, back = events
    common = dict(dossier="HS-KQ-1", procedure=ISSUE, citizen_id=returned["owner"].citizen_id, officer=OFFICER,
                  centre=None, digitised=True)
    assert {k: getattr(back, k) for k in common} == common
    assert {k: getattr(document, k) for k in common} == common
    assert (document.document_id, document.doc_type) == (doc_id, "xac_nhan_tinh_trang_hon_nhan")
    assert back.at == document.at
    shown = hoso(data, "dossier", "show", "HS-KQ-1").stdout
    when = back.at.astimezone(centre_timezone()).strftime("%Y-%m-%d %H:%M")
    assert f"Đã trả kết quả lúc {when} bởi {OFFICER}: 1 giấy tờ kết quả đã số hóa" in shown
    view = json.loads(hoso(data, "dossier", "show", "HS-KQ-1", "--json").stdout)
    assert view["results"] == [doc_id] and view["other_submitted"] == []
    assert all(not c["submitted"] for c in view["components"])


def test_a_dossier_is_returned_once(returned):
    data = returned["data"]
    again = hoso(data, "dossier", "result", "HS-KQ-1", str(returned["result"]), codes=(1,))
    assert "already returned" in again.stderr and "returned once" in again.stderr
    again = hoso(data, "dossier", "result", "HS-KQ-1", codes=(1,))
    assert "already returned" in again.stderr
    kinds = [e.kind for e in load_events(DataDir(data).catalogue) if e.dossier == "HS-KQ-1"]
    assert kinds.count("result_returned") == 1 and kinds.count("result_document") == 1


def test_a_dossier_never_opened_cannot_be_returned(returned):
    refused = hoso(returned["data"], "dossier", "result", "HS-CHUA-MO", codes=(1,))
    assert "not registered" in refused.stderr and "hoso dossier open" in refused.stderr


def test_a_return_without_a_scan_is_recorded_as_not_digitised(returned):
    data, owner = returned["data"], returned["owner"]
    hoso(data, "dossier", "open", "--dossier", "HS-KQ-2", "--citizen-id", owner.citizen_id, "--procedure", ISSUE)
    answer = json.loads(hoso(data, "dossier", "result", "HS-KQ-2", "--json").stdout)
    assert (answer["digitised"], answer["documents"], answer["files"]) == (False, [], [])
    events = [e for e in load_events(DataDir(data).catalogue) if e.dossier == "HS-KQ-2"]
    assert [(e.kind, e.digitised) for e in events] == [("dossier_opened", None), ("result_returned", False)]
    text = hoso(data, "dossier", "show", "HS-KQ-2").stdout
    assert "không quét kết quả (chưa số hóa)" in text


def test_the_next_dossier_of_the_citizen_is_offered_the_valid_result_first(returned):
    data, owner, doc_id = returned["data"], returned["owner"], returned["answer"]["documents"][0]["id"]
    opened = hoso(data, "dossier", "open", "--dossier", "HS-KH-1", "--citizen-id", owner.citizen_id,
                  "--procedure", MARRIAGE, "--json")
    view = json.loads(opened.stdout)
    [component] = [c for c in view["components"] if "xac_nhan_tinh_trang_hon_nhan" in c["types"]]
    first = component["candidates"][0]
    assert (first["document_id"], first["validity"], first["result_of"], first["result_kind"]) == \
        (doc_id, "valid", "HS-KQ-1", "returned")
    text = hoso(data, "dossier", "open", "--dossier", "HS-KH-1", "--citizen-id", owner.citizen_id,
                "--procedure", MARRIAGE).stdout
    line = next(x for x in text.splitlines() if doc_id in x)
    assert line.strip().startswith("✓") and "kết quả của hồ sơ HS-KQ-1" in line
    reused = json.loads(hoso(data, "dossier", "reuse", "--dossier", "HS-KH-1", "--document", doc_id, "--json").stdout)
    assert (reused["event"]["kind"], reused["event"]["document_id"]) == ("component_reused", doc_id)


def test_a_result_naming_another_citizen_waits_for_review(returned):
    """The operator's word is the dossier's citizen; a result whose own ID contradicts it (the wrong
    paper handed back) is not attached to the dossier's citizen."""
    data, owner, other = returned["data"], returned["owner"], returned["other"]
    wrong = write_result(other, returned["issued"], returned["folder"] / "scan" / "KET_QUA_KHAC.tif", seed=5,
                         number=240)
    hoso(data, "dossier", "open", "--dossier", "HS-KQ-3", "--citizen-id", owner.citizen_id, "--procedure", ISSUE)
    answer = json.loads(hoso(data, "dossier", "result", "HS-KQ-3", str(wrong), "--json").stdout)
    [doc] = answer["documents"]
    assert (doc["link_status"], doc["citizen_id"]) == ("review", None)
    [stored] = _rows(data, "SELECT link_reason FROM documents WHERE id = :id", id=doc["id"])
    assert "contradicts the operator's ID" in stored["link_reason"], stored
    found = json.loads(hoso(data, "search", "--citizen-id", owner.citizen_id, "--json").stdout)["documents"]
    assert doc["id"] not in {d["id"] for d in found}


class _PausedInside(list):
    """No result documents, read three times by record_return: to check them, inside its
    transaction after it has found the dossier not returned yet, and for their events. The second
    read waits: this station is then in the middle of its return when the other one begins."""

    def __init__(self, inside: threading.Event, go_on: threading.Event):
        super().__init__()
        self.inside, self.go_on, self.reads = inside, go_on, 0

    def __iter__(self):
        self.reads += 1
        if self.reads == 2:
            self.inside.set()
            self.go_on.wait(30)
        return super().__iter__()


def test_two_stations_returning_one_dossier_at_one_moment_record_one_return(catalogue_location):
    Catalogue(catalogue_location).close()
    open_dossier(catalogue_location, "HS-DONG-THOI", "001203004567", ISSUE, OFFICER)
    inside, go_on, outcomes = threading.Event(), threading.Event(), {}

    def station(name: str, documents) -> None:
        try:
            outcomes[name] = record_return(catalogue_location, "HS-DONG-THOI", documents, name).officer
        except DossierError as exc:
            outcomes[name] = str(exc)

    first = threading.Thread(target=station, args=("Quầy 1", _PausedInside(inside, go_on)))
    first.start()
    assert inside.wait(30)
    second = threading.Thread(target=station, args=("Quầy 2", []))
    second.start()
    second.join(1.5)  # it waits for the first station's transaction (else it has returned already)
    go_on.set()
    first.join(60)
    second.join(60)
    assert outcomes["Quầy 1"] == "Quầy 1", outcomes
    assert "already returned" in outcomes["Quầy 2"], outcomes
    returns = [e for e in load_events(catalogue_location) if e.kind == "result_returned"]
    assert [(e.dossier, e.officer, e.digitised) for e in returns] == [("HS-DONG-THOI", "Quầy 1", False)]


def test_a_returned_dossier_is_closed_to_further_components(returned):
    data = returned["data"]
    paper = hoso(data, "dossier", "paper", "--dossier", "HS-KQ-1", "--type", "to_khai", codes=(1,))
    assert "is closed: its result was returned at" in paper.stderr
    assert not [e for e in load_events(DataDir(data).catalogue) if e.dossier == "HS-KQ-1"
                and e.kind == "component_submitted"]


def test_a_result_file_that_cannot_be_read_returns_nothing_and_names_the_file(returned, tmp_path):
    data, owner = returned["data"], returned["owner"]
    hoso(data, "dossier", "open", "--dossier", "HS-KQ-4", "--citizen-id", owner.citizen_id, "--procedure", ISSUE)
    broken = tmp_path / "KET_QUA_HONG.pdf"
    broken.write_bytes(b"%PDF-1.7\n1 0 obj <<>> endobj\n")
    refused = hoso(data, "dossier", "result", "HS-KQ-4", str(broken), codes=(1,))
    assert "result not returned, a file was refused" in refused.stderr and "KET_QUA_HONG.pdf" in refused.stderr
    assert [e.kind for e in load_events(DataDir(data).catalogue) if e.dossier == "HS-KQ-4"] == ["dossier_opened"]


def test_the_return_is_audited_with_the_results_shown(returned):
    from web.wording import audit_detail

    entries = _rows(returned["data"], "SELECT * FROM audit_log WHERE action = 'result' ORDER BY id")
    first = entries[0]
    assert (first["officer"], first["citizen_id"], first["detail"]) == (OFFICER, returned["owner"].citizen_id,
                                                                         "HS-KQ-1 1 result document(s)")
    assert returned["answer"]["documents"][0]["id"] in first["document_ids"]
    assert audit_detail(first["detail"]) == "HS-KQ-1: trả kết quả, 1 giấy tờ kết quả đã số hóa"


@pytest.mark.parametrize("marks, refused", [
    ({}, None),  # a paper on file for no dossier: the centre's copy of its result
    ({"dossier": "HS-1", "result_of": "HS-1", "result_kind": "returned"}, None),  # a return resumed
    ({"dossier": "HS-1"}, "was handed in for dossier HS-1"),  # a component is not its dossier's result
    ({"dossier": "HS-2"}, "was handed in for dossier HS-2"),
    ({"dossier": "HS-2", "result_of": "HS-2", "result_kind": "returned"}, "already a result of dossier HS-2"),
    ({"result_kind": "backlog"}, "already a result of the backlog"),
])
def test_which_documents_on_file_may_become_a_dossiers_result(marks, refused):
    from dossier.results import not_a_result
    from index.models import DocumentRecord

    doc = DocumentRecord(id="0123456789abcdef-001", doc_type="xac_nhan_tinh_trang_hon_nhan", type_confidence=0.9,
                         citizen_id=None, link_status="review", source_file="KQ.tif", source_sha256="0" * 64,
                         pages=[], received_at=datetime.now(centre_timezone()), **marks)
    problem = not_a_result(doc, "HS-1")
    assert (problem is None) if refused is None else (refused in str(problem) and "KQ.tif" in str(problem))
    if problem is not None:
        assert problem.vi and "KQ.tif" in problem.vi
