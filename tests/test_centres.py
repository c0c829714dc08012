"""Centres (issue 15): the centres table, `--centre` on stations, officers and the server, the
centre on documents and audit entries. Real CLI, real SQLite; real rendered pages where the
document's centre is the point."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import cli
from tests.test_watch import _pdf

CITIZEN = "001089012345"
A, B = "00004", "26734"  # Phường Ba Đình (Hà Nội), Xã Tân Phú (an administrative-unit code)


def run(data: Path, *args, officer=None, env=None, stdin=None):
    extra = {"HOSO_OFFICER": officer} if officer else {}
    return CliRunner().invoke(cli.main, [*args, "--data-dir", str(data)], env={**extra, **(env or {})},
                              input=stdin, catch_exceptions=False)


def hoso(data: Path, *args, env=None, timeout=300) -> subprocess.CompletedProcess:
    """The real command in its own process (ingest, watch, serve)."""
    return subprocess.run([sys.executable, "-m", "cli", *args, "--data-dir", str(data)], capture_output=True,
                          text=True, timeout=timeout,
                          env={**os.environ, "OMP_THREAD_LIMIT": "1", **(env or {})})


def two_centres(data: Path) -> None:
    assert run(data, "centres", "add", A, "--name", "Phường Ba Đình").exit_code == 0
    assert run(data, "centres", "add", B, "--name", "Xã Tân Phú").exit_code == 0


def test_centres_add_and_list(tmp_path):
    data = tmp_path / "data"
    empty = run(data, "centres", "list")
    assert empty.exit_code == 0 and "one implicit centre" in empty.output
    assert json.loads(run(data, "centres", "list", "--json").output) == {"centres": []}
    assert not (data / "catalogue.sqlite").exists()  # listing creates nothing
    added = run(data, "centres", "add", B, "--name", "  Xã   Tân Phú ")
    assert added.exit_code == 0 and added.output.strip() == f"added centre {B}: Xã Tân Phú"
    run(data, "centres", "add", A, "--name", "Phường Ba Đình")
    listed = json.loads(run(data, "centres", "list", "--json").output)["centres"]
    assert [(c["code"], c["name"]) for c in listed] == [(A, "Phường Ba Đình"), (B, "Xã Tân Phú")]
    assert all(c["created_at"] for c in listed)
    assert run(data, "centres", "list").output.splitlines() == [f"{A:<12} Phường Ba Đình", f"{B:<12} Xã Tân Phú"]
    with sqlite3.connect(data / "catalogue.sqlite") as db:  # a change of the list is audited, as officers' are
        assert db.execute("SELECT action, detail FROM audit_log ORDER BY id").fetchall() == [
            ("centre_added", f"{B} Xã Tân Phú"), ("centre_added", f"{A} Phường Ba Đình")]


def test_centres_refusals(tmp_path):
    data = tmp_path / "data"
    run(data, "centres", "add", A, "--name", "Phường Ba Đình")
    again = run(data, "centres", "add", A, "--name", "Khác")
    assert again.exit_code == 1 and "already exists" in again.output
    for code in ("a b", "00/04", "x;y", ""):
        bad = run(data, "centres", "add", code, "--name", "Tên")
        assert bad.exit_code == 2 and "centre code" in bad.output, (code, bad.output)
    nameless = run(data, "centres", "add", "X1", "--name", "  ")
    assert nameless.exit_code == 2 and "name" in nameless.output
    assert run(data, "centres", "add", "X1").exit_code == 2  # --name is required
    assert [c["code"] for c in json.loads(run(data, "centres", "list", "--json").output)["centres"]] == [A]


def test_officers_belong_to_a_centre(tmp_path):
    data = tmp_path / "data"
    two_centres(data)
    added = run(data, "officers", "add", "Lan", "--role", "officer", "--centre", A)
    assert added.exit_code == 0 and f"(officer, centre {A})" in added.output
    assert run(data, "officers", "add", "Hùng", "--role", "supervisor").exit_code == 0  # implicit centre
    unknown = run(data, "officers", "add", "Mai", "--role", "officer", "--centre", "99999")
    assert unknown.exit_code == 2
    assert "unknown centre '99999'" in unknown.output and f"{A}, {B}" in unknown.output
    listed = json.loads(run(data, "officers", "list", "--json").output)
    assert [(o["name"], o["centre"]) for o in listed] == [("Hùng", None), ("Lan", A)]
    lines = run(data, "officers", "list").output.splitlines()
    assert lines[1].startswith("Lan") and lines[1].endswith(f"centre {A}") and "centre" not in lines[0]


def test_an_officer_moves_to_another_centre_and_their_sessions_end(tmp_path):
    from access.store import session_credentials

    data = tmp_path / "data"
    two_centres(data)
    assert run(data, "officers", "add", "Lan", "--role", "officer", "--centre", A).exit_code == 0
    before = session_credentials(data / "catalogue.sqlite", "Lan")
    moved = run(data, "officers", "set", "Lan", "--centre", B)
    assert moved.exit_code == 0 and moved.output.strip().endswith(f"centre {B}"), moved.output
    assert [(o["name"], o["centre"]) for o in json.loads(run(data, "officers", "list", "--json").output)] == [
        ("Lan", B)]
    assert session_credentials(data / "catalogue.sqlite", "Lan")[2] == before[2] + 1  # opened sessions end
    unknown = run(data, "officers", "set", "Lan", "--centre", "99999")
    assert unknown.exit_code == 2 and "unknown centre '99999'" in unknown.output
    assert json.loads(run(data, "officers", "list", "--json").output)[0]["centre"] == B


def test_a_document_records_the_centre_that_received_it(tmp_path):
    """A real rendered page, ingested by a station of centre A; another without a centre."""
    data = tmp_path / "data"
    two_centres(data)
    run(data, "officers", "add", "Lan", "--role", "officer", "--centre", B)
    _pdf(tmp_path / "a" / "khai-sinh.pdf", "GIẤY KHAI SINH", "Họ và tên: Nguyễn Văn An")
    _pdf(tmp_path / "none" / "don.pdf", "ĐƠN ĐỀ NGHỊ", "Kính gửi: Ủy ban nhân dân phường")
    at_a = hoso(data, "ingest", str(tmp_path / "a"), "--citizen-id", CITIZEN, "--jobs", "1", "--json",
                env={"HOSO_CENTRE": A})
    assert at_a.returncode == 0, at_a.stderr[-2000:]
    [ingested] = json.loads(at_a.stdout)["documents"]
    assert ingested["centre"] == A and ingested["link_status"] == "linked"
    plain = hoso(data, "ingest", str(tmp_path / "none"), "--jobs", "1", "--json")
    assert plain.returncode == 0, plain.stderr[-2000:]
    [implicit] = json.loads(plain.stdout)["documents"]
    assert implicit["centre"] is None  # no centre named: as before centres existed

    # Lan works at B: A's document is reached through its citizen's ID (access/reach.py)
    found = json.loads(run(data, "search", "--citizen-id", CITIZEN, "--json", officer="Lan").output)
    assert [(d["id"], d["centre"]) for d in found["documents"]] == [(ingested["id"], A)]
    shown = json.loads(run(data, "show", ingested["id"], "--json", officer="Lan").output)
    assert shown["centre"] == A
    run(data, "officers", "add", "Ba", "--role", "officer")  # of no centre: the implicit one's papers
    assert json.loads(run(data, "show", implicit["id"], "--json", officer="Ba").output)["centre"] is None
    assert run(data, "show", implicit["id"], officer="Lan").exit_code == 1  # no citizen, not B's
    with sqlite3.connect(data / "catalogue.sqlite") as db:
        assert dict(db.execute("SELECT id, centre FROM documents")) == {ingested["id"]: A, implicit["id"]: None}


def test_the_hot_folder_records_its_station_centre(tmp_path):
    data = tmp_path / "data"
    two_centres(data)
    _pdf(tmp_path / "inbox" / "HS-B9" / "don.pdf", "ĐƠN ĐỀ NGHỊ")
    watched = hoso(data, "watch", str(tmp_path / "inbox"), "--once", "--interval", "0.5", "--jobs", "1",
                   env={"HOSO_CENTRE": B})
    assert watched.returncode == 0, watched.stderr[-2000:]
    with sqlite3.connect(data / "catalogue.sqlite") as db:
        assert db.execute("SELECT dossier, centre FROM documents").fetchall() == [("HS-B9", B)]
        # the dossier first seen at ingest is received at the station's centre
        assert db.execute("SELECT kind, centre FROM dossier_events ORDER BY id").fetchall() == [
            ("dossier_opened", B), ("component_submitted", B)]


def test_an_unknown_centre_is_refused_by_ingest_watch_and_serve(tmp_path):
    data = tmp_path / "data"
    two_centres(data)
    _pdf(tmp_path / "in" / "don.pdf", "ĐƠN ĐỀ NGHỊ")
    for args, env in ((["ingest", str(tmp_path / "in"), "--centre", "01"], {}),
                      (["ingest", str(tmp_path / "in")], {"HOSO_CENTRE": "01"}),
                      (["watch", str(tmp_path / "in"), "--once", "--centre", "01"], {}),
                      (["serve", "--port", "1", "--centre", "01"], {})):
        refused = hoso(data, *args, env=env, timeout=60)
        assert refused.returncode == 2, (args, refused.stderr[-2000:])
        assert "unknown centre '01'" in refused.stderr and f"known centres: {A}, {B}" in refused.stderr, args
        assert "Traceback" not in refused.stderr
    with sqlite3.connect(data / "catalogue.sqlite") as db:
        assert db.execute("SELECT count(*) FROM files").fetchone()[0] == 0  # nothing ingested
    assert (tmp_path / "in" / "don.pdf").exists()  # nor moved


def test_audit_entries_record_the_acting_centre(tmp_path):
    from tests.catalogue_history import doc, ingest, vn

    data = tmp_path / "data"
    two_centres(data)
    ingest(data / "catalogue.sqlite", doc("a_ks", "giay_khai_sinh", CITIZEN, vn(1, 5), text="GIẤY KHAI SINH"))
    run(data, "officers", "add", "Lan", "--role", "officer", "--centre", A)
    run(data, "officers", "add", "Hùng", "--role", "supervisor", "--centre", B)
    run(data, "officers", "add", "Ba", "--role", "officer")
    assert run(data, "search", "--citizen-id", CITIZEN, officer="Lan").exit_code == 0
    assert run(data, "show", "a_ks", officer="Ba").exit_code == 0
    assert run(data, "show", "a_ks", officer="Mai").exit_code == 1  # refused: no such officer, no centre
    trail = run(data, "audit", "--citizen-id", CITIZEN, "--json", officer="Hùng")
    entries = json.loads(trail.output)["entries"]
    assert [(e["officer"], e["action"], e["outcome"], e["centre"]) for e in entries] == [
        ("Lan", "search", "ok", A), ("Ba", "show", "ok", None), ("Mai", "show", "refused", None)]
    text = run(data, "audit", "--citizen-id", CITIZEN, officer="Hùng").output
    assert f"Lan (officer) at {A} search" in text and "Ba (officer) show" in text
    with sqlite3.connect(data / "catalogue.sqlite") as db:  # the supervisor's own look-up: at B
        assert db.execute("SELECT officer, action, centre FROM audit_log ORDER BY id DESC LIMIT 1").fetchone() \
            == ("Hùng", "audit", B)
        added = db.execute("SELECT detail, centre FROM audit_log WHERE action = 'officer_added'").fetchall()
    assert (f"Lan (officer, centre {A})", None) in added  # added by nobody named: no acting centre


def test_the_web_server_records_its_centre_on_sign_in(tmp_path):
    """`serve --centre`: every entry the server writes names it (the app, as serve builds it)."""
    from pipeline.datadir import DataDir
    from web.app import Settings, create_app

    data = tmp_path / "data"
    two_centres(data)
    run(data, "officers", "add", "Lan", "--role", "officer", "--centre", A, "--password-stdin",
        stdin="mat-khau-rat-dai\n")
    app = create_app(Settings(data=DataDir(data), centre=B))
    client = app.test_client()
    form = client.get("/dang-nhap").get_data(as_text=True)
    token = re.search(r'name="csrf" value="([^"]+)"', form)[1]
    answer = client.post("/dang-nhap", data={"name": "Lan", "password": "mat-khau-rat-dai", "csrf": token})
    assert answer.status_code in (302, 303), answer.status_code
    with sqlite3.connect(data / "catalogue.sqlite") as db:
        assert db.execute("SELECT officer, action, outcome, centre FROM audit_log WHERE action = 'sign_in'"
                          ).fetchall() == [("Lan", "sign_in", "ok", B)]


# --- statistics with two centres ---------------------------------------------------------------

C = "001203004567"  # the citizen


@pytest.fixture
def province(tmp_path):
    """C's ID card received at A; a dossier at B reuses it (other centre), one at A too (same centre)."""
    from tests.catalogue_history import doc, ingest, vn

    data = tmp_path / "data"
    two_centres(data)
    card = doc("c_cccd", "cccd", C, vn(1, 5), text="CĂN CƯỚC CÔNG DÂN\nCó giá trị đến: 15/08/2035")
    ingest(data / "catalogue.sqlite", card.model_copy(update={"centre": A}))
    for name, role, centre in (("Lan", "officer", A), ("Minh", "officer", B), ("Hùng", "supervisor", B),
                               ("Tỉnh", "supervisor", None)):
        run(data, "officers", "add", name, "--role", role, *(["--centre", centre] if centre else []))
    for officer, dossier in (("Minh", "HS-B1"), ("Lan", "HS-A1")):
        opened = run(data, "dossier", "open", "--dossier", dossier, "--citizen-id", C, "--procedure",
                     "dang_ky_ket_hon", officer=officer)
        assert opened.exit_code == 0, opened.output
        reused = run(data, "dossier", "reuse", "--dossier", dossier, "--document", "c_cccd", officer=officer)
        assert reused.exit_code == 0, reused.output
    assert run(data, "dossier", "paper", "--dossier", "HS-B1", "--type", "to_khai", officer="Minh").exit_code == 0
    return data


def this_month() -> str:
    from datetime import datetime

    from tests.catalogue_history import VN

    return datetime.now(VN).strftime("%Y-%m")


AT_A = {"dossiers_received": 1, "dossiers_with_reuse": 1, "components_reused": 1, "components_submitted": 0,
        "components_missed_reuse": 0, "components_digitised": 0, "papers_other": 0}
AT_B = {**AT_A, "components_submitted": 1}  # and the application form handed in on paper
PROVINCE = {**AT_A, "dossiers_received": 2, "dossiers_with_reuse": 2, "components_reused": 2,
            "components_submitted": 1}


def counts(row: dict) -> dict:
    return {k: row[k] for k in AT_A}


def stats_json(data: Path, *args, officer="Tỉnh") -> dict:
    result = run(data, "stats", "--period", this_month(), "--format", "json", *args, officer=officer)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_a_paper_received_at_a_and_reused_at_b_counts_as_other_centre_for_b(province):
    shown = json.loads(run(province, "dossier", "show", "HS-B1", "--json", officer="Minh").output)
    assert shown["centre"] == B  # received where its officer works
    reuse = next(e for e in shown["events"] if e["kind"] == "component_reused")
    assert (reuse["centre"], reuse["origin_centre"]) == (B, A)
    every = stats_json(province, "--all-centres")
    assert every["centre"] is None and counts(every["totals"]) == PROVINCE
    assert [(r["key"], r["name"], counts(r)) for r in every["by_centre"]] == [
        (A, "Phường Ba Đình", AT_A), (B, "Xã Tân Phú", AT_B)]
    assert every["by_centre"][1]["component_reuse_rate"] == 1.0 and every["by_centre"][1]["digitisation_rate"] == 0.0
    assert every["reuse_by_origin"] == {"same_centre": 1, "other_centre": 1}

    at_b = stats_json(province, "--centre", B)
    assert at_b["centre"] == B and counts(at_b["totals"]) == AT_B
    assert [r["key"] for r in at_b["by_centre"]] == [B]
    assert at_b["reuse_by_origin"] == {"same_centre": 0, "other_centre": 1}
    assert {r["key"]: r["components_reused"] for r in at_b["by_officer"]} == {"Minh": 1}
    at_a = stats_json(province, "--centre", A)
    assert counts(at_a["totals"]) == AT_A and at_a["reuse_by_origin"] == {"same_centre": 1, "other_centre": 0}

    own = stats_json(province, officer="Hùng")  # B's supervisor: B's figures by default
    assert own["centre"] == B and counts(own["totals"]) == AT_B and own["reuse_by_origin"] == at_b["reuse_by_origin"]
    assert stats_json(province, "--all-centres", officer="Hùng")["reuse_by_origin"]["same_centre"] == 1
    assert stats_json(province)["centre"] is None  # a supervisor of no centre: the province


def test_province_figures_in_csv_xlsx_and_text(province, tmp_path):
    import csv
    import io

    from openpyxl import load_workbook

    from dossier.export import SHEETS

    out = tmp_path / "tinh.csv"
    assert run(province, "stats", "--period", this_month(), "--all-centres", "--format", "csv", "--out", str(out),
               officer="Tỉnh").exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    centres = {r["key"]: {k: int(r[k]) for k in AT_A} for r in rows if r["section"] == "centre"}
    assert centres == {A: AT_A, B: AT_B}
    origin = {r["key"]: (r["name"], r["components_reused"], r["components_submitted"])
              for r in rows if r["section"] == "reuse_by_origin"}
    assert origin == {"same_centre": ("Tái sử dụng giấy tờ tiếp nhận tại chính trung tâm", "1", "—"),
                      "other_centre": ("Tái sử dụng giấy tờ tiếp nhận tại trung tâm khác", "1", "—")}
    [total] = [r for r in rows if r["section"] == "total"]
    assert {k: int(total[k]) for k in AT_A} == PROVINCE

    book_path = tmp_path / "tinh.xlsx"
    assert run(province, "stats", "--period", this_month(), "--all-centres", "--format", "xlsx", "--out",
               str(book_path), officer="Tỉnh").exit_code == 0
    book = load_workbook(book_path)
    assert book.sheetnames == [*SHEETS.values(), "Toàn tỉnh", f"TT {A}", f"TT {B}"]
    rows = list(book["Toàn tỉnh"].iter_rows(values_only=True))
    header = rows[0]
    assert header[:3] == ("Mã trung tâm", "Tên trung tâm", "Hồ sơ tiếp nhận")
    table = {r[0]: dict(zip(header, r)) for r in rows[1:4]}
    assert table[A]["Tên trung tâm"] == "Phường Ba Đình" and table[A]["Thành phần tái sử dụng"] == 1
    assert table[B]["Thành phần công dân nộp"] == 1 and table[B]["Tỷ lệ tái sử dụng thành phần"] == 1.0
    assert table["Tổng"]["Hồ sơ tiếp nhận"] == 2 and table["Tổng"]["Thành phần tái sử dụng"] == 2
    assert rows[5:] == [(None, "Tái sử dụng giấy tờ tiếp nhận tại chính trung tâm", 1) + (None,) * (len(header) - 3),
                        (None, "Tái sử dụng giấy tờ tiếp nhận tại trung tâm khác", 1) + (None,) * (len(header) - 3)]
    sheet_b = dict(list(book[f"TT {B}"].iter_rows(values_only=True))[1:])
    assert sheet_b["Trung tâm"] == "Xã Tân Phú" and sheet_b["Mã trung tâm"] == B
    assert sheet_b["Hồ sơ tiếp nhận"] == 1 and sheet_b["Thành phần công dân nộp"] == 1
    assert sheet_b["Tỷ lệ số hóa"] == 0.0

    one = tmp_path / "b.xlsx"
    assert run(province, "stats", "--period", this_month(), "--centre", B, "--format", "xlsx", "--out", str(one),
               officer="Tỉnh").exit_code == 0
    assert load_workbook(one).sheetnames == [*SHEETS.values(), "Toàn tỉnh", f"TT {B}"]

    text = run(province, "stats", "--period", this_month(), "--all-centres", officer="Tỉnh").output
    assert "Theo trung tâm:" in text and f"Xã Tân Phú ({B}): hồ sơ tiếp nhận 1, tái sử dụng 1" in text
    assert "tái sử dụng giấy tờ tiếp nhận tại chính trung tâm 1, tại trung tâm khác 1" in text


def test_stats_refuses_an_unknown_centre_and_both_options(province):
    unknown = run(province, "stats", "--period", this_month(), "--centre", "01", officer="Tỉnh")
    assert unknown.exit_code == 2 and "unknown centre '01'" in unknown.output and f"{A}, {B}" in unknown.output
    both = run(province, "stats", "--period", this_month(), "--centre", A, "--all-centres", officer="Tỉnh")
    assert both.exit_code == 2 and "not both" in both.output
