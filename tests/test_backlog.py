"""The archive of earlier results (issue 18): `hoso ingest PATH... --backlog [--procedure CODE]
[--issued-from DATE --issued-to DATE]`.

An archive box of marital-status confirmations issued in 2019, one of them from 2021 (another
box's paper), rendered from real Vietnamese text and degraded like scans, read by the real
command in a subprocess (real Tesseract, real SQLite). The run shows its place and time left, is
killed in the middle (SIGKILL of the whole process group) and run again: it resumes, nothing is
read or recorded twice. Every document is a backlog result (no dossier, no event), linked by its
own evidence only; the one issued outside the box's period waits for review with its reason in
Vietnamese; a linked one is offered for reuse as "kết quả lưu trữ". The options reach the marking
when IngestOptions travel as JSON (a queue worker) as they do in-process.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from pydantic import ValidationError

from access.models import Actor
from access.officers import add_officer
from catalogue.store import Catalogue
from classify.reasons import decode, render
from classify.taxonomy import load_taxonomy
from dossier.events import load_events
from dossier.results import issued_outside
from pipeline.datadir import DataDir
from pipeline.ingest_run import analyse_file
from pipeline.models import IngestOptions, PageOutcome
from pipeline.progress import Pace, eta_text
from samples.people import make_citizens
from tests.result_scans import write_result

ROOT = Path(__file__).resolve().parents[1]
OFFICER = "Lưu Trữ"
ISSUE = "cap_xac_nhan_tinh_trang_hon_nhan"
BOX = ("--issued-from", "2019-01-01", "--issued-to", "2019-12-31")
ISSUED = [date(2019, 3, 4), date(2019, 7, 20), date(2021, 1, 5), date(2019, 11, 2), date(2019, 5, 14)]
OUTSIDE = 2  # the 2021 paper


def _env(data: Path) -> dict:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1", "HOSO_DATA_DIR": str(data), "HOSO_OFFICER": OFFICER}
    env.pop("HOSO_CATALOGUE_URL", None)
    return env


def hoso(data: Path, *args: str, codes=(0,)) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "cli", *args], env=_env(data), capture_output=True, text=True,
                          timeout=600, cwd=ROOT)
    assert done.returncode in codes, f"{args}: exit {done.returncode}\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
    assert "Traceback" not in done.stdout + done.stderr, done.stderr[-3000:]
    return done


def _documents(data: Path) -> list[dict]:
    engine = sa.create_engine(f"sqlite:///{data / 'catalogue.sqlite'}")
    try:
        with engine.connect() as c:
            return [dict(r) for r in c.execute(sa.text("SELECT * FROM documents ORDER BY id")).mappings()]
    finally:
        engine.dispose()


def _killed_in_the_middle(data: Path, box: Path) -> tuple[list[str], int]:
    """Run the backlog, SIGKILL it (and its page workers) once the third file has begun."""
    command = [sys.executable, "-m", "cli", "ingest", str(box), "--backlog", "--procedure", ISSUE, *BOX,
               "--jobs", "1"]
    process = subprocess.Popen(command, env=_env(data), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               text=True, start_new_session=True)
    seen = []
    try:
        for line in process.stderr:
            seen.append(line.rstrip("\n"))
            if line.startswith("[3/"):
                os.killpg(process.pid, signal.SIGKILL)
                break
    finally:
        process.wait(60)
        process.stderr.close()
    return seen, process.returncode


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    folder = tmp_path_factory.mktemp("backlog")
    data = folder / "data"
    DataDir(data).ensure()
    Catalogue(DataDir(data).catalogue).close()
    add_officer(DataDir(data).catalogue, OFFICER, "officer", None, Actor.cli(None))
    people = make_citizens(182, len(ISSUED))
    box = folder / "hop-2019"
    for number, (person, issued) in enumerate(zip(people, ISSUED), start=1):
        write_result(person, issued, box / f"XN_{number:04d}.tif", seed=10 + number, number=30 + number)
    first, code = _killed_in_the_middle(data, box)
    second = hoso(data, "ingest", str(box), "--backlog", "--procedure", ISSUE, *BOX, "--jobs", "1")
    return dict(data=data, box=box, people=people, first=first, killed=code, second=second)


def test_a_long_run_shows_its_place_and_the_time_left(archive):
    first = archive["first"]
    assert first[0].startswith("[1/5] ") and "time left: estimating" in first[0], first
    begun = [line for line in first if line.startswith("[2/5] ")]
    assert begun and " left" in begun[0] and "about " in begun[0], first


def test_a_killed_run_resumes_and_reads_nothing_twice(archive):
    assert archive["killed"] == -signal.SIGKILL
    out = archive["second"].stdout
    summary = out.strip().splitlines()[-1]
    on_file = int(summary.split(" already on file")[0].rsplit(", ", 1)[1])
    ingested = int(summary.split(" ingested")[0].rsplit(" ", 1)[1])
    assert on_file >= 2 and on_file + ingested == 5, summary
    documents = _documents(archive["data"])
    assert len(documents) == 5 and len({d["source_sha256"] for d in documents}) == 5


def test_every_document_is_a_backlog_result_with_no_dossier_and_no_event(archive):
    documents = _documents(archive["data"])
    assert {(d["result_kind"], d["result_of"], d["dossier"], d["procedure"]) for d in documents} == \
        {("backlog", None, None, ISSUE)}
    assert load_events(DataDir(archive["data"]).catalogue) == []


def test_each_is_linked_by_its_own_evidence_and_the_one_outside_the_box_waits(archive):
    by_owner = {d["id_candidates"]: d for d in _documents(archive["data"])}
    people = archive["people"]
    for number, person in enumerate(people):
        doc = next(d for ids, d in by_owner.items() if person.citizen_id in ids)
        assert doc["issue_date"] == ISSUED[number].isoformat()
        if number == OUTSIDE:
            assert (doc["link_status"], doc["citizen_id"]) == ("review", None)
            reason = decode(doc["link_reason_code"])
            assert reason.code == "review.backlog_issued_outside"
            assert render(reason, "vi") == ("Ngày cấp 05/01/2021 nằm ngoài khoảng thời gian của hộp lưu trữ "
                                            "(01/01/2019 đến 31/12/2019): cán bộ kiểm tra lại giấy tờ và người "
                                            "được cấp.")
        else:
            assert (doc["link_status"], doc["citizen_id"]) == ("linked", person.citizen_id)
    review = json.loads(hoso(archive["data"], "review", "--json").stdout)
    assert people[OUTSIDE].citizen_id in json.dumps(review, ensure_ascii=False)


def test_a_backlog_result_is_offered_for_reuse_as_an_archived_result(archive):
    owner = archive["people"][1]
    doc = next(d for d in _documents(archive["data"]) if d["citizen_id"] == owner.citizen_id)
    view = json.loads(hoso(archive["data"], "dossier", "open", "--dossier", "HS-KH-LT", "--citizen-id",
                           owner.citizen_id, "--procedure", "dang_ky_ket_hon", "--json").stdout)
    [candidate] = [c for comp in view["components"] for c in comp["candidates"] if c["document_id"] == doc["id"]]
    # issued in 2019, valid 6 months: listed, expired, never reused
    assert (candidate["result_kind"], candidate["result_of"], candidate["validity"]) == ("backlog", None, "expired")
    text = hoso(archive["data"], "dossier", "open", "--dossier", "HS-KH-LT", "--citizen-id", owner.citizen_id,
                "--procedure", "dang_ky_ket_hon").stdout
    assert "kết quả lưu trữ" in next(line for line in text.splitlines() if doc["id"] in line)


@pytest.mark.parametrize("args, said", [
    (("--backlog", "--dossier", "HS-1"), "no dossier"),
    (("--backlog", "--citizen-id", "001203004567"), "no dossier and no operator's citizen ID"),
    (("--issued-from", "2019-01-01"), "with --backlog only"),
    (("--backlog", "--issued-from", "2020-01-01", "--issued-to", "2019-01-01"), "ends (2019-01-01) before"),
])
def test_wrong_backlog_options_are_refused_before_anything_is_read(archive, tmp_path, args, said):
    done = hoso(tmp_path / "data", "ingest", str(archive["box"]), *args, codes=(2,))
    assert said in done.stderr
    assert not (tmp_path / "data" / "catalogue.sqlite").exists()


def test_the_options_mark_the_documents_also_when_they_travel_as_json():
    """A queue worker (issue 17) receives IngestOptions as JSON: the backlog and its period survive."""
    options = IngestOptions(result_kind="backlog", procedure=ISSUE, issued_from=date(2019, 1, 1),
                            issued_to=date(2019, 12, 31))
    carried = IngestOptions.model_validate_json(options.model_dump_json())
    assert carried == options
    person = make_citizens(183, 1)[0]
    text = (f"GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN\nỦY BAN NHÂN DÂN PHƯỜNG CẦU GIẤY\nHà Nội, ngày 05 tháng 01 năm 2021\n"
            f"Họ, chữ đệm, tên: {person.full_name}\nGiấy tờ tùy thân: Căn cước số {person.citizen_id}\n"
            "Tình trạng hôn nhân: Hiện tại chưa đăng ký kết hôn với ai.\n")
    [doc] = analyse_file([PageOutcome(number=1, text=text, ocr_confidence=92)], carried, load_taxonomy())
    assert (doc.result_kind, doc.result_of, doc.dossier, doc.link_status) == ("backlog", None, None, "review")
    assert doc.link_reason_code.code == "review.backlog_issued_outside"
    with pytest.raises(ValidationError):
        IngestOptions(result_kind="backlog", dossier="HS-1")


def test_the_period_rule_and_the_time_left_are_pure():
    assert issued_outside(date(2019, 6, 1), date(2019, 1, 1), date(2019, 12, 31)) is None
    assert issued_outside(None, date(2019, 1, 1), date(2019, 12, 31)) is None  # no date read: nothing to judge
    assert issued_outside(date(2018, 12, 31), date(2019, 1, 1), None).code == "review.backlog_issued_outside"
    assert issued_outside(date(2020, 1, 1), None, date(2019, 12, 31)) is not None
    pace = Pace(total_files=4)
    pace.file_started(1, 2, now=100.0)
    assert pace.seconds_left(100.0) is None
    pace.page_done()
    pace.page_done()
    pace.file_started(2, 2, now=110.0)
    # 10 s per page so far; 2 pages of file 2 and 2 files of 2 pages after it: 6 pages
    assert pace.seconds_left(120.0) == pytest.approx(6 * 10.0)
    assert eta_text(61) == "about 1 min 01 s left" and eta_text(None) == "time left: estimating"
