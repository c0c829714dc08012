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

    shown = json.loads(run(data, "show", ingested["id"], "--json", officer="Lan").output)
    assert shown["centre"] == A
    found = json.loads(run(data, "search", "--citizen-id", CITIZEN, "--json", officer="Lan").output)
    assert [(d["id"], d["centre"]) for d in found["documents"]] == [(ingested["id"], A)]
    assert json.loads(run(data, "show", implicit["id"], "--json", officer="Lan").output)["centre"] is None
    with sqlite3.connect(data / "catalogue.sqlite") as db:
        assert dict(db.execute("SELECT id, centre FROM documents")) == {ingested["id"]: A, implicit["id"]: None}


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
