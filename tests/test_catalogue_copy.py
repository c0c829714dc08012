"""Moving a centre in (issue 15): `hoso catalogue copy --to postgresql://... --centre CODE`.

The sources are real embedded catalogues made by the product: rendered pages (real Vietnamese
text, degraded like scans) ingested by `hoso ingest` with real Tesseract, a dossier opened and a
stored ID card reused, a date recorded, a document relinked in review, searches and a `show`
in the audit log; then `hoso catalogue upgrade`. They are copied by the real CLI into databases
of the throw-away PostgreSQL cluster of tests/postgres.py, and read back on both sides with
SQLAlchemy, independently of the copy's own report.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

import cli
from catalogue import migrate
from catalogue.schema import metadata
from samples.layout import Line, PageLayout
from samples.pdf_writer import write_image_pdf
from samples.render import render_page

A, B = "00004", "26734"  # Phường Ba Đình, Xã Tân Phú
CITIZEN_A, CITIZEN_B = "001089012345", "079201004321"
CENTRE_COLUMNS = {"documents": ("centre",), "officers": ("centre",), "audit_log": ("centre",),
                  "dossier_events": ("centre", "origin_centre")}
APPEND_ONLY = ("audit_log", "dossier_events", "document_dates", "review_decisions")
NOT_COPIED = {"meta", "index_outbox", "copied_rows"}  # see catalogue/copy.py's note


def run(data: Path, *args, officer=None):
    env = {"HOSO_OFFICER": officer} if officer else {}
    return CliRunner().invoke(cli.main, [*args, "--data-dir", str(data)], env=env, catch_exceptions=False)


def hoso(data: Path, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cli", *args, "--data-dir", str(data)], capture_output=True,
                          text=True, timeout=300, env={**os.environ, "OMP_THREAD_LIMIT": "1"})


def scan(path: Path, *lines: tuple[str, int, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    page = render_page(PageLayout([Line(text, size, font, "center" if font.endswith("bold") else "left")
                                   for text, size, font in lines]), dpi=200)
    write_image_pdf(path, [page.image], dpi=200)


def id_card(citizen: str, name: str) -> tuple:
    return (("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, "serif-bold"), ("CĂN CƯỚC CÔNG DÂN", 15, "serif-bold"),
            (f"Số / No.: {citizen}", 13, "serif"), (f"Họ và tên / Full name: {name}", 13, "serif"),
            ("Có giá trị đến: 15/08/2035", 13, "serif"))


def ingest(data: Path, folder: Path, *extra: str) -> list[dict]:
    done = hoso(data, "ingest", str(folder), "--jobs", "1", "--json", *extra)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)["documents"]


def build_centre(root: Path, citizen: str, name: str, officer: str, dossier: str) -> Path:
    """A centre's data folder, made by the product as a centre that never named itself uses it."""
    data = root / "data"
    assert run(data, "officers", "add", officer, "--role", "officer").exit_code == 0
    assert run(data, "officers", "add", f"{officer} Trưởng", "--role", "supervisor").exit_code == 0
    scan(root / "in" / "card" / "cccd.pdf", *id_card(citizen, name))
    scan(root / "in" / "card" / "to-khai.pdf", ("TỜ KHAI ĐĂNG KÝ KHAI SINH", 15, "serif-bold"),
         (f"Họ và tên người yêu cầu: {name.title()}", 13, "serif"))
    scan(root / "in" / "loose" / "don.pdf", ("ĐƠN ĐỀ NGHỊ", 15, "serif-bold"),
         ("Kính gửi: Ủy ban nhân dân phường", 13, "serif"))
    papers = ingest(data, root / "in" / "card", "--citizen-id", citizen)
    [waiting] = ingest(data, root / "in" / "loose")
    card = next(d for d in papers if d["doc_type"] == "cccd")
    assert waiting["link_status"] == "review"
    steps = [("dossier", "open", "--dossier", dossier, "--citizen-id", citizen, "--procedure", "dang_ky_khai_sinh"),
             ("dossier", "reuse", "--dossier", dossier, "--document", card["id"]),
             ("dossier", "dates", card["id"], "--issued", "2021-08-15"),
             ("review", "relink", waiting["id"], "--citizen-id", citizen),
             ("search", "--citizen-id", citizen),
             ("show", card["id"])]
    for step in steps:
        done = run(data, *step, officer=officer)
        assert done.exit_code == 0, (step, done.output)
    assert run(data, "catalogue", "upgrade").exit_code == 0
    return data


@pytest.fixture(scope="module")
def centres(tmp_path_factory) -> dict[str, Path]:
    """Two centres' pristine data folders (never copied: each test copies them first)."""
    root = tmp_path_factory.mktemp("centres")
    return {"a": build_centre(root / "a", CITIZEN_A, "NGUYỄN VĂN AN", "Lan", "HS-A-0001"),
            "b": build_centre(root / "b", CITIZEN_B, "TRẦN THỊ BÌNH", "Minh", "HS-B-0001")}


@pytest.fixture
def folder(centres, tmp_path):
    """A working copy of a pristine centre folder (a copy writes the source's catalogue_id)."""
    def make(which: str) -> Path:
        return Path(shutil.copytree(centres[which], tmp_path / which))
    return make


@pytest.fixture
def province(postgres_cluster):
    """An empty PostgreSQL database brought to the head version: (URL as an operator types it, engine)."""
    name = f"p_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(postgres_cluster.url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f"CREATE DATABASE {name}"))
    url = postgres_cluster.url(name)
    migrate.upgrade(url)
    engine = sa.create_engine(url)
    try:
        yield url.replace("postgresql+psycopg://", "postgresql://"), engine
    finally:
        engine.dispose()
        with admin.connect() as connection:
            connection.execute(sa.text(f"DROP DATABASE {name} WITH (FORCE)"))
        admin.dispose()


def copy(data: Path, url: str, centre: str, *extra: str) -> subprocess.CompletedProcess:
    return hoso(data, "catalogue", "copy", "--to", url, "--centre", centre, "--json", *extra)


def table_rows(engine: sa.Engine, name: str, centre: str | None = None, drop_id: bool = False) -> list[tuple]:
    """Every row of a table, sorted; with `centre`, NULL centres read as it (the copy's rule)."""
    table = metadata.tables[name]
    columns = [c for c in table.columns if not (drop_id and c.name == "id")]
    with engine.connect() as connection:
        found = [dict(r) for r in connection.execute(sa.select(*columns)).mappings()]
    for row in found:
        for column in CENTRE_COLUMNS.get(name, ()) if centre else ():
            row[column] = row[column] or centre
    return sorted(tuple(r.values()) for r in found)


def everything(engine: sa.Engine) -> dict[str, list[tuple]]:
    return {name: table_rows(engine, name) for name in metadata.tables}


def sqlite_engine(data: Path) -> sa.Engine:
    return sa.create_engine(f"sqlite:///{data / 'catalogue.sqlite'}")


def seen_entries(engine: sa.Engine) -> list[tuple]:
    """audit_seen through its audit entry: who saw which document when (ids differ by catalogue)."""
    log, seen = metadata.tables["audit_log"], metadata.tables["audit_seen"]
    with engine.connect() as connection:
        return sorted(connection.execute(
            sa.select(log.c.at, log.c.officer, log.c.action, seen.c.document_id, seen.c.citizen_id)
            .join(seen, seen.c.audit_id == log.c.id)).all())


# --- the tests ---------------------------------------------------------------------------------

def test_a_centre_moves_in_with_every_row_verified_and_a_second_run_adds_nothing(folder, province):
    data, (url, engine) = folder("a"), province
    source = sqlite_engine(data)
    done = copy(data, url, A, "--name", "Phường Ba Đình")
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout)
    assert "copy: documents 3/3" in done.stderr  # progress, rows per table
    assert report["centre"] == A and report["verified"] is True
    assert "@" in report["target"] and "host=" in report["target"]

    copied = set(metadata.tables) - NOT_COPIED
    assert set(report["tables"]) == copied
    for name in copied:  # the report's figures, checked against both databases read here
        t = report["tables"][name]
        assert t["verified"] and t["source_checksum"] == t["target_checksum"], name
        made = 1 if name == "centres" else len(table_rows(source, name))  # centres: the implicit one, named
        assert t["copied"] == t["source"] == t["target"] == made, name
        assert t["skipped"] == t["changed_in_province"] == 0
    for name in ("documents", "pages", "audit_log", "dossier_events", "review_decisions", "document_dates"):
        assert report["tables"][name]["source"] > 0, name  # the fixture really made history

    # the rows themselves: equal on both sides, the implicit centre written as A
    for name in copied - {"centres", "audit_seen", *APPEND_ONLY}:
        assert table_rows(engine, name) == table_rows(source, name, centre=A), name
    for name in APPEND_ONLY:
        province_rows = table_rows(engine, name, drop_id=True)
        if name == "audit_log":  # the province also records the move itself
            [moved] = [r for r in province_rows if r[3] == "catalogue_copied"]
            columns = [c.name for c in metadata.tables["audit_log"].columns if c.name != "id"]
            assert dict(zip(columns, moved))["centre"] == A and "catalogue" in dict(zip(columns, moved))["detail"]
            province_rows.remove(moved)
        assert province_rows == table_rows(source, name, centre=A, drop_id=True), name
    assert seen_entries(engine) == seen_entries(source)  # audit_seen points to the new audit ids
    with engine.connect() as connection:
        assert set(connection.execute(sa.text("SELECT centre FROM documents")).scalars()) == {A}
        assert list(connection.execute(sa.text("SELECT code, name FROM centres"))) == [(A, "Phường Ba Đình")]
        assert set(connection.execute(sa.text("SELECT document_id FROM index_outbox")).scalars()) == set(
            connection.execute(sa.text("SELECT id FROM documents")).scalars())  # the province index learns them
        reuse = connection.execute(sa.text("SELECT centre, origin_centre FROM dossier_events"
                                           " WHERE kind = 'component_reused'")).one()
    assert tuple(reuse) == (A, A)
    assert report["queued_for_index"] == 3

    before = everything(engine)
    again = copy(data, url, A)
    assert again.returncode == 0, again.stderr[-3000:]
    second = json.loads(again.stdout)
    assert second["copied"] == 0 and second["queued_for_index"] == 0 and second["verified"]
    assert second["skipped"] == report["copied"]
    assert [t["source_checksum"] for t in second["tables"].values()] == [
        t["source_checksum"] for t in report["tables"].values()]
    assert everything(engine) == before  # nothing added, not even an audit entry


def test_many_small_batches_copy_the_same_rows(folder, province, monkeypatch):
    """Batches of 2 rows (the command's are 1,000): every table crosses batch boundaries."""
    from catalogue import copy as copying

    data, (url, engine) = folder("a"), province
    monkeypatch.setattr(copying, "BATCH", 2)
    seen: list[tuple[str, int, int]] = []
    report = copying.copy_catalogue(data / "catalogue.sqlite", url, A, "Phường Ba Đình",
                                    progress=lambda table, done, total: seen.append((table, done, total)))
    assert report.verified and report.tables["audit_log"].copied > 4
    assert [s for s in seen if s[0] == "audit_log"][:2] == [("audit_log", 2, report.tables["audit_log"].source),
                                                           ("audit_log", 4, report.tables["audit_log"].source)]
    source = sqlite_engine(data)
    assert table_rows(engine, "pages") == table_rows(source, "pages")
    assert seen_entries(engine) == seen_entries(source)
    again = copying.copy_catalogue(data / "catalogue.sqlite", url, A)
    assert again.copied == 0 and again.skipped == report.copied and again.verified


def test_rows_that_already_name_a_centre_keep_it(folder, province):
    """Only the implicit centre becomes CODE: a folder that named centres keeps them, and its list
    of centres (with their names) comes along."""
    data, (url, engine) = folder("a"), province
    assert run(data, "centres", "add", A, "--name", "Phường Ba Đình").exit_code == 0
    assert run(data, "centres", "add", B, "--name", "Xã Tân Phú").exit_code == 0
    assert run(data, "officers", "add", "Mai", "--role", "officer", "--centre", B).exit_code == 0
    assert run(data, "catalogue", "upgrade").exit_code == 0
    done = copy(data, url, A)  # no --name: the folder's own list names A
    assert done.returncode == 0, done.stderr[-3000:]
    with engine.connect() as connection:
        assert dict(connection.execute(sa.text("SELECT code, name FROM centres")).all()) == {
            A: "Phường Ba Đình", B: "Xã Tân Phú"}
        assert dict(connection.execute(sa.text("SELECT name, centre FROM officers")).all()) == {
            "Lan": A, "Lan Trưởng": A, "Mai": B}


def test_the_text_report_and_a_province_change_since_the_copy(folder, province):
    data, (url, engine) = folder("a"), province
    first = hoso(data, "catalogue", "copy", "--to", url, "--centre", A, "--name", "Phường Ba Đình")
    assert first.returncode == 0, first.stderr[-3000:]
    assert "verified: counts and checksums equal" in first.stdout
    assert [line.split()[0] for line in first.stdout.splitlines()[1:-1]][:2] == ["centres", "officers"]
    with engine.begin() as connection:  # the province moves on: an officer deactivated there
        connection.execute(sa.text("UPDATE officers SET active = 0 WHERE name = 'Lan'"))
    again = copy(data, url, A)
    assert again.returncode == 0, again.stderr[-3000:]
    officers = json.loads(again.stdout)["tables"]["officers"]
    assert (officers["copied"], officers["changed_in_province"], officers["verified"]) == (0, 1, False)
    with engine.connect() as connection:  # reported, never overwritten
        assert connection.execute(sa.text("SELECT active FROM officers WHERE name = 'Lan'")).scalar() == 0


def test_two_centres_in_one_province_keep_each_others_rows(folder, province):
    (url, engine), at_a, at_b = province, folder("a"), folder("b")
    assert copy(at_a, url, A, "--name", "Phường Ba Đình").returncode == 0
    after_a = {name: table_rows(engine, name) for name in ("documents", "pages", "officers")}
    done = copy(at_b, url, B, "--name", "Xã Tân Phú")
    assert done.returncode == 0, done.stderr[-3000:]
    assert json.loads(done.stdout)["verified"]
    with engine.connect() as connection:
        by_centre = dict(connection.execute(sa.text("SELECT centre, count(*) FROM documents GROUP BY centre")).all())
        citizens = dict(connection.execute(sa.text("SELECT DISTINCT centre, citizen_id FROM documents")).all())
        officers = dict(connection.execute(sa.text("SELECT name, centre FROM officers")).all())
        opened = dict(connection.execute(sa.text(
            "SELECT dossier, centre FROM dossier_events WHERE kind = 'dossier_opened'")).all())
        centres = list(connection.execute(sa.text("SELECT code FROM centres ORDER BY code")).scalars())
    assert by_centre == {A: 3, B: 3} and citizens == {A: CITIZEN_A, B: CITIZEN_B}
    assert officers == {"Lan": A, "Lan Trưởng": A, "Minh": B, "Minh Trưởng": B}
    assert opened == {"HS-A-0001": A, "HS-B-0001": B} and centres == [A, B]
    for name, rows in after_a.items():  # A's rows are all still there, unchanged
        assert set(rows) <= set(table_rows(engine, name)), name
    again = copy(at_a, url, A)  # A again, after B: still nothing to add
    assert again.returncode == 0 and json.loads(again.stdout)["copied"] == 0, again.stderr[-3000:]


@pytest.mark.parametrize("clash", ["officer", "dossier"])
def test_a_name_of_another_centre_is_refused_with_nothing_written(folder, province, clash):
    (url, engine), at_a, at_b = province, folder("a"), folder("b")
    assert copy(at_a, url, A, "--name", "Phường Ba Đình").returncode == 0
    if clash == "officer":  # B has its own officer called Lan
        assert run(at_b, "officers", "add", "Lan", "--role", "officer").exit_code == 0
        named = "officer 'Lan' already exists in the province at centre 00004"
    else:  # B used the dossier code A registered
        opened = run(at_b, "dossier", "open", "--dossier", "HS-A-0001", "--citizen-id", CITIZEN_B, "--procedure",
                     "dang_ky_khai_sinh", officer="Minh")
        assert opened.exit_code == 0, opened.output
        named = "dossier code 'HS-A-0001' is already used in the province by centre 00004"
    assert run(at_b, "catalogue", "upgrade").exit_code == 0
    before = everything(engine)
    refused = copy(at_b, url, B, "--name", "Xã Tân Phú")
    assert refused.returncode == 1, refused.stderr[-3000:]
    assert named in refused.stderr and "nothing was written" in refused.stderr
    assert "Traceback" not in refused.stderr and refused.stdout == ""
    assert everything(engine) == before


SABOTAGE = {  # what a trigger the test puts on the province does to the copy's rows, and the message
    "refuses": ("review_decisions", "RAISE EXCEPTION 'review decisions are closed today'",
                "review decisions are closed today"),
    "alters": ("pages", "NEW.text := upper(NEW.text); RETURN NEW", "does not read back from the province"),
}


@pytest.mark.parametrize("sabotage", sorted(SABOTAGE))
def test_a_failure_half_way_leaves_the_province_as_it_was(folder, province, sabotage):
    """A table refuses its rows, or stores other values than those sent: the verification reads
    them back and the whole copy is rolled back; without the trigger the same copy goes through."""
    (url, engine), data = province, folder("a")
    table, body, message = SABOTAGE[sabotage]
    with engine.begin() as connection:
        connection.execute(sa.text(f"CREATE FUNCTION sabotage() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                                   f"{body}; END $$"))
        connection.execute(sa.text(f"CREATE TRIGGER sabotage BEFORE INSERT ON {table} "
                                   "FOR EACH ROW EXECUTE FUNCTION sabotage()"))
    before = everything(engine)
    failed = copy(data, url, A, "--name", "Phường Ba Đình")
    assert failed.returncode == 1, failed.stdout
    assert "rolled back" in failed.stderr and message in failed.stderr
    assert "Traceback" not in failed.stderr
    assert everything(engine) == before and not before["documents"]
    with engine.begin() as connection:
        connection.execute(sa.text(f"DROP TRIGGER sabotage ON {table}"))
    assert copy(data, url, A, "--name", "Phường Ba Đình").returncode == 0


def test_append_only_tables_stay_append_only_after_the_copy(folder, province):
    (url, engine), data = province, folder("a")
    assert copy(data, url, A, "--name", "Phường Ba Đình").returncode == 0
    for statement in ("UPDATE audit_log SET officer = 'ai đó'", "DELETE FROM dossier_events",
                      "UPDATE review_decisions SET note = 'sửa'", "DELETE FROM document_dates",
                      "UPDATE audit_seen SET citizen_id = NULL"):
        with pytest.raises(sa.exc.DBAPIError, match="append-only"), engine.begin() as connection:
            connection.execute(sa.text(statement))
    with engine.connect() as connection:
        assert connection.execute(sa.text("SELECT count(*) FROM audit_log WHERE officer = 'ai đó'")).scalar() == 0


def test_what_is_refused_before_anything_is_copied(folder, province, postgres_cluster, tmp_path):
    (url, engine), data = province, folder("a")
    sqlite_target = copy(data, f"sqlite:///{tmp_path / 'p.db'}", A)
    assert sqlite_target.returncode == 2 and "PostgreSQL" in sqlite_target.stderr
    assert not (tmp_path / "p.db").exists()
    assert copy(data, url, "a/b").returncode == 2  # a centre code follows the rule for codes
    nameless = copy(data, url, A)  # neither catalogue knows centre A: its name is needed
    assert nameless.returncode == 1 and "--name" in nameless.stderr
    assert copy(tmp_path / "empty", url, A).returncode == 2  # no catalogue there

    with sqlite3.connect(data / "catalogue.sqlite") as db:  # a source not at this hoso's version
        db.execute("UPDATE alembic_version SET version_num = '0003'")
    outdated = copy(data, url, A, "--name", "Phường Ba Đình")
    assert outdated.returncode == 1 and "at version 0003" in outdated.stderr
    assert "hoso catalogue upgrade" in outdated.stderr and "centre's catalogue" in outdated.stderr
    assert run(data, "catalogue", "upgrade").exit_code == 0

    with sqlite3.connect(data / "catalogue.sqlite") as db:  # an ingest still running there
        db.execute("UPDATE files SET status = 'processing' WHERE rowid = 1")
    busy = copy(data, url, A, "--name", "Phường Ba Đình")
    assert busy.returncode == 1 and "ingest is unfinished" in busy.stderr
    with sqlite3.connect(data / "catalogue.sqlite") as db:
        db.execute("UPDATE files SET status = 'done'")

    name = f"e_{uuid.uuid4().hex[:8]}"  # a province database never upgraded
    admin = sa.create_engine(postgres_cluster.url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f"CREATE DATABASE {name}"))
    try:
        empty = copy(data, postgres_cluster.url(name).replace("+psycopg", ""), A, "--name", "Phường Ba Đình")
        assert empty.returncode == 1 and "province catalogue" in empty.stderr
        assert "made before versioned migrations" in empty.stderr
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f"DROP DATABASE {name} WITH (FORCE)"))
        admin.dispose()
    assert not everything(engine)["documents"]
    assert copy(data, url, A, "--name", "Phường Ba Đình").returncode == 0  # and once all is right, it copies


def test_the_target_url_is_postgresql_through_psycopg_3():
    from catalogue.copy import NotAProvinceURL, province_url, shown

    mapped = sa.engine.make_url(province_url("postgresql://lan:mật%40khẩu@db.tinh:5432/hoso"))
    assert (mapped.drivername, mapped.username, mapped.password, mapped.host, mapped.port, mapped.database) == (
        "postgresql+psycopg", "lan", "mật@khẩu", "db.tinh", 5432, "hoso")  # the password survives the mapping
    assert province_url("postgres://lan@db.tinh/hoso?sslmode=verify-full") == \
        "postgresql+psycopg://lan@db.tinh/hoso?sslmode=verify-full"
    assert shown(province_url("postgresql://lan:bí-mật@db.tinh/hoso")) == "postgresql+psycopg://lan:***@db.tinh/hoso"
    for wrong in ("sqlite:///catalogue.sqlite", "mysql://db/hoso", "db.tinh:5432"):
        with pytest.raises(NotAProvinceURL):
            province_url(wrong)
