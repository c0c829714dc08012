"""The catalogue's SQLAlchemy schema and Alembic migrations, on SQLite and on a real PostgreSQL.

Catalogues "of the sqlite3 release" are that release's own output, frozen in
tests/legacy_release.py (made and filled by its stores, every table holding rows), so the
migrations are checked against what the product really wrote before them.
"""

from __future__ import annotations

import re
import sqlite3
import uuid
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
import sqlalchemy as sa

from catalogue import migrate
from catalogue.append_only import APPEND_ONLY, ddl
from catalogue.schema import metadata
from catalogue.store import Catalogue
from tests.legacy_release import FIRST_DDL as CATALOGUE_DDL
from tests.legacy_release import release_catalogue

# --- where the catalogues live ---------------------------------------------------------------------


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path):
    """An empty database of each dialect; on PostgreSQL a new database per test."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'catalogue.db'}"
        return
    cluster = request.getfixturevalue("postgres_cluster")
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(cluster.url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f"CREATE DATABASE {name}"))
    try:
        yield cluster.url(name)
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f"DROP DATABASE {name} WITH (FORCE)"))
        admin.dispose()


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def rows(url: str, like: dict[str, list[tuple]] | None = None) -> dict[str, list[tuple]]:
    """Every row of every catalogue table, in a fixed order; with `like` (rows() of the catalogue
    before an upgrade), only its tables and, in each, the columns it had (added ones come last)."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            found = {}
            for name in sa.inspect(connection).get_table_names():
                if name in ("alembic_version", "sqlite_sequence") or (like is not None and name not in like):
                    continue
                table = sa.Table(name, sa.MetaData(), autoload_with=connection)
                kept = sorted(tuple(r) for r in connection.execute(sa.select(table)))
                if like is not None and like[name]:
                    width = len(like[name][0])
                    kept = [r[:width] for r in kept]
                found[name] = kept
            return found
    finally:
        engine.dispose()


# --- how a SQLite catalogue looks, as sqlalchemy.inspect sees it -------------------------------------

def affinity(declared: str) -> str:
    """SQLite's rules (datatype3.html, 3.1) for the affinity of a declared column type."""
    t = declared.upper()
    if "INT" in t:
        return "INTEGER"
    if any(word in t for word in ("CHAR", "CLOB", "TEXT")):
        return "TEXT"
    if "BLOB" in t or not t:
        return "BLOB"
    if any(word in t for word in ("REAL", "FLOA", "DOUB")):
        return "REAL"
    return "NUMERIC"


def squeeze(sql: str | None) -> str | None:
    return None if sql is None else re.sub(r"\s+", "", sql)


def shape(path: Path) -> dict:
    """Tables, columns (name, affinity, NOT NULL, default), keys, indexes, checks and triggers."""
    engine = sa.create_engine(sqlite_url(path))
    try:
        with engine.connect() as connection:
            inspector = sa.inspect(connection)
            tables = {}
            for name in sorted(set(inspector.get_table_names()) - {"alembic_version", "sqlite_sequence"}):
                tables[name] = {
                    "columns": [(c["name"], affinity(str(c["type"])), c["nullable"], squeeze(c["default"]))
                                for c in inspector.get_columns(name)],
                    "primary_key": inspector.get_pk_constraint(name)["constrained_columns"],
                    "foreign_keys": sorted((tuple(f["constrained_columns"]), f["referred_table"],
                                            tuple(f["referred_columns"])) for f in inspector.get_foreign_keys(name)),
                    "indexes": sorted((i["name"], tuple(i["column_names"]), bool(i["unique"]))
                                      for i in inspector.get_indexes(name)),
                    "checks": sorted(squeeze(c["sqltext"]) for c in inspector.get_check_constraints(name)),
                }
            triggers = {name: squeeze(sql) for name, sql in connection.exec_driver_sql(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")}
            return {"tables": tables, "triggers": triggers}
    finally:
        engine.dispose()


# --- the tests --------------------------------------------------------------------------------------

def test_upgrade_on_an_empty_database_creates_every_table_and_column(url):
    assert migrate.current_version(url) is None
    assert migrate.upgrade(url) == migrate.head_version()
    assert migrate.current_version(url) == migrate.head_version()
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        inspector = sa.inspect(connection)
        assert set(metadata.tables) <= set(inspector.get_table_names())
        for table in metadata.sorted_tables:
            assert [c["name"] for c in inspector.get_columns(table.name)] == [c.name for c in table.columns]
        assert migrate.differences(connection) == []  # Alembic's own comparison with catalogue.schema
        assert connection.execute(sa.text("SELECT value FROM meta WHERE key = 'schema_version'")).scalar() == "1"
    engine.dispose()
    migrate.check(url)  # current: not refused


def test_an_upgraded_release_catalogue_has_the_shape_of_a_new_one(tmp_path):
    ours, theirs = tmp_path / "new.db", tmp_path / "release.db"
    migrate.upgrade(sqlite_url(ours))
    release_catalogue(theirs, with_rows=False)
    migrate.upgrade(sqlite_url(theirs))
    made, upgraded = shape(ours), shape(theirs)
    assert made["tables"].keys() == upgraded["tables"].keys() == set(metadata.tables)
    for name in made["tables"]:
        assert made["tables"][name] == upgraded["tables"][name], name
    assert made["triggers"] == upgraded["triggers"]


def test_the_schema_module_itself_matches_the_migrations(tmp_path):
    """catalogue.schema (what the queries are written against) and what the revisions make."""
    ours, theirs = tmp_path / "schema.db", tmp_path / "migrated.db"
    engine = sa.create_engine(sqlite_url(ours))
    with engine.begin() as connection:
        metadata.create_all(connection)
        for statement in ddl("sqlite"):
            connection.exec_driver_sql(statement)
    engine.dispose()
    migrate.upgrade(sqlite_url(theirs))
    assert shape(ours)["tables"] == shape(theirs)["tables"]
    assert shape(ours)["triggers"] == shape(theirs)["triggers"]


def test_the_product_opens_a_release_catalogue_and_upgrades_it_in_place(tmp_path):
    """The embedded default needs no command: opening the catalogue upgrades it, rows kept."""
    path = tmp_path / "catalogue.db"
    release_catalogue(path)
    before = rows(sqlite_url(path))
    with Catalogue(path) as catalogue:
        assert catalogue.document_count() == 2
    migrate.check(sqlite_url(path))
    assert rows(sqlite_url(path), like=before) == before


def test_a_release_catalogue_keeps_every_row_when_upgraded(tmp_path):
    path = tmp_path / "catalogue.db"
    release_catalogue(path)
    before = rows(sqlite_url(path))
    assert set(before) <= set(metadata.tables) and all(before.values()), {n: len(r) for n, r in before.items()}
    with pytest.raises(migrate.CatalogueOutdated, match="hoso catalogue upgrade"):
        migrate.check(sqlite_url(path))

    assert migrate.current_version(sqlite_url(path)) is None
    migrate.upgrade(sqlite_url(path))
    assert rows(sqlite_url(path), like=before) == before
    assert migrate.current_version(sqlite_url(path)) == migrate.head_version()
    migrate.check(sqlite_url(path))


def test_an_older_catalogue_gets_the_in_place_columns_and_the_lazy_tables(tmp_path):
    """A catalogue from before the in-place columns, never reviewed nor signed in to: only the
    first DDL of index/catalogue.py, and review_decisions as its first release made it."""
    path = tmp_path / "old.db"
    db = sqlite3.connect(path)
    db.executescript(CATALOGUE_DDL)  # without Catalogue._migrate: no issue_date, owner, ...
    db.executescript("""
        CREATE TABLE review_decisions(id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL,
          document_id TEXT NOT NULL, action TEXT NOT NULL CHECK (action IN ('confirm','relink','retype')),
          officer TEXT NOT NULL, doc_type_before TEXT, doc_type_after TEXT, citizen_before TEXT,
          citizen_after TEXT, link_status_after TEXT, reason_before TEXT);
        CREATE INDEX review_decisions_document ON review_decisions(document_id, id);
        INSERT INTO meta VALUES ('schema_version', '1');
        INSERT INTO files(sha256, name, source_path, size, status, received_at, updated_at)
          VALUES ('ab', 'a.pdf', '/in/a.pdf', 10, 'done', '2026-01-02T03:04:05+00:00', '2026-01-02T03:04:05+00:00');
        INSERT INTO documents(id, source_sha256, doc_type, type_confidence, link_status, received_at)
          VALUES ('d1', 'ab', 'cccd', 0.9, 'review', '2026-01-02T03:04:05+00:00');
        INSERT INTO review_decisions(at, document_id, action, officer) VALUES ('2026-01-03T00:00:00+00:00', 'd1',
          'confirm', 'lan');
    """)
    db.close()
    columns = {"documents": ["issue_date", "expiry_date", "link_reason_code"], "files": ["owner"],
               "review_decisions": ["kind", "note"]}
    have = {t: {c["name"] for c in sa.inspect(sa.create_engine(sqlite_url(path))).get_columns(t)} for t in columns}
    assert all(not set(added) & have[t] for t, added in columns.items())  # really the old shape

    migrate.upgrade(sqlite_url(path))
    after = rows(sqlite_url(path))
    assert after["documents"][0][:6] == ("d1", "ab", "cccd", 0.9, None, None)
    assert after["review_decisions"] == [(1, "2026-01-03T00:00:00+00:00", "d1", "confirm", "lan", None, None, None,
                                          None, None, None, "review", None)]  # the old decision: a review
    assert set(metadata.tables) <= set(after)
    reference = tmp_path / "new.db"
    migrate.upgrade(sqlite_url(reference))
    old, new = shape(path)["tables"], shape(reference)["tables"]
    for name in new:  # same columns (old tables had them added at the end, as the release added them)
        assert sorted(old[name]["columns"]) == sorted(new[name]["columns"]), name
        assert old[name]["indexes"] == new[name]["indexes"], name
    assert shape(path)["triggers"] == shape(reference)["triggers"]


def test_a_failed_upgrade_leaves_the_catalogue_as_it_was(tmp_path):
    """A table of the wrong shape (no `title`): refused after the revisions ran, all rolled back."""
    path = tmp_path / "odd.db"
    db = sqlite3.connect(path)
    db.executescript(CATALOGUE_DDL.replace("  title TEXT,\n", ""))
    db.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    db.commit()
    before = db.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
    db.close()
    with pytest.raises(migrate.CatalogueError, match="title.*rolled back"):
        migrate.upgrade(sqlite_url(path))
    db = sqlite3.connect(path)
    assert db.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall() == before
    db.close()


def test_a_database_that_is_not_a_catalogue_is_refused(tmp_path):
    path = tmp_path / "other.db"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE invoices(id INTEGER PRIMARY KEY)")
    db.close()
    with pytest.raises(migrate.NotACatalogue, match="not a hoso catalogue"):
        migrate.upgrade(sqlite_url(path))
    assert rows(sqlite_url(path)).keys() == {"invoices"}


def _insert_row(connection: sa.Connection, table: str, audit_id: int | None = None) -> int | None:
    """One row in an append-only table, through SQLAlchemy Core (what the next step will use);
    ids come from the database (an explicit id would not move PostgreSQL's sequence)."""
    t, now = metadata.tables[table], "2026-03-02T02:00:00+00:00"
    values = {
        "audit_log": dict(at=now, officer="lan", action="show", outcome="ok", channel="cli:test"),
        "audit_seen": dict(audit_id=audit_id, document_id="doc-1", citizen_id="001203004567"),
        "dossier_events": dict(at=now, recorded_at=now, kind="component_submitted", dossier="HS-1"),
        "document_dates": dict(document_id="doc-1", officer="lan", at=now),
        "review_decisions": dict(at=now, document_id="doc-1", action="confirm", officer="lan"),
    }[table]
    key = connection.execute(t.insert().values(**values)).inserted_primary_key
    return key[0] if key else None


@pytest.mark.parametrize("table", sorted(APPEND_ONLY))
def test_append_only_tables_refuse_update_and_delete(url, table):
    migrate.upgrade(url)
    engine = migrate.engine(url)
    with engine.begin() as connection:
        entry = _insert_row(connection, "audit_log") if table == "audit_seen" else None
        _insert_row(connection, table, audit_id=entry)  # INSERT works
    t = metadata.tables[table]
    column = "document_id" if table == "audit_seen" else "at"
    refusals = [t.update().values({column: "changed"}), t.delete()]
    if engine.dialect.name == "postgresql":
        refusals.append(sa.text(f"TRUNCATE {table} CASCADE"))  # skips row triggers: refused by its own
    else:
        refusals.append(sa.text(f"INSERT OR REPLACE INTO {table} SELECT * FROM {table}"))
    for statement in refusals:
        with pytest.raises(sa.exc.DatabaseError, match="append-only"):
            with engine.begin() as connection:
                connection.execute(statement)
    with engine.connect() as connection:
        assert connection.execute(sa.select(sa.func.count()).select_from(t)).scalar() == 1
        if table == "dossier_events":  # a second row is still welcome
            connection.execute(t.insert().values(at="x", recorded_at="x", kind="component_submitted", dossier="HS-1"))
            connection.commit()
    engine.dispose()


def test_a_dossier_code_is_registered_once(url):
    migrate.upgrade(url)
    engine = migrate.engine(url)
    t = metadata.tables["dossier_events"]
    opened = dict(at="2026-03-02T02:00:00+00:00", recorded_at="2026-03-02T02:00:00+00:00", kind="dossier_opened")
    with engine.begin() as connection:
        connection.execute(t.insert().values(dossier="HS-1", **opened))
        connection.execute(t.insert().values(dossier="HS-2", **opened))
    with pytest.raises(sa.exc.IntegrityError, match="already registered|dossier_events_open_once"):
        with engine.begin() as connection:
            connection.execute(t.insert().values(dossier="HS-1", **opened))
    engine.dispose()


def test_a_catalogue_of_an_unknown_newer_version_is_refused(url):
    migrate.upgrade(url)
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE alembic_version SET version_num = '0099_from_the_future'"))
        connection.execute(sa.text("INSERT INTO meta VALUES ('marker', 'kept')"))
    engine.dispose()
    before = rows(url)
    for attempt in (migrate.upgrade, migrate.check):
        with pytest.raises(migrate.CatalogueTooNew) as refused:
            attempt(url)
        message = str(refused.value)
        assert "0099_from_the_future" in message and "newer hoso" in message and migrate.head_version() in message
    assert migrate.current_version(url) == "0099_from_the_future"
    assert rows(url) == before


def test_upgrade_twice_is_a_no_op(url):
    migrate.upgrade(url)
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        first = _catalogue_objects(connection)
    migrate.upgrade(url)
    with engine.connect() as connection:
        assert _catalogue_objects(connection) == first
    engine.dispose()
    assert migrate.current_version(url) == migrate.head_version()
    assert rows(url)["meta"] == [("schema_version", "1")]  # the version row is not written twice


def _catalogue_objects(connection: sa.Connection) -> list[tuple]:
    """Every table, index, trigger and function definition the database holds."""
    if connection.dialect.name == "sqlite":
        return list(connection.exec_driver_sql("SELECT type, name, sql FROM sqlite_master ORDER BY type, name"))
    return list(connection.exec_driver_sql("""
        SELECT 'column', table_name || '.' || column_name, data_type || coalesce(column_default, '')
          FROM information_schema.columns WHERE table_schema = 'public'
        UNION ALL SELECT 'index', indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'
        UNION ALL SELECT 'trigger', tgname, pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal
        UNION ALL SELECT 'function', proname, prosrc FROM pg_proc WHERE proname = 'catalogue_append_only'
        ORDER BY 1, 2"""))


def test_a_catalogue_at_an_older_revision_is_refused_until_upgraded(url):
    """At 0001 (no in-place columns yet): check() asks for the upgrade, which runs 0002's ALTERs
    on this dialect and keeps the row already there."""
    from alembic import command

    engine = migrate.engine(url)
    with engine.begin() as connection:
        command.upgrade(migrate._config(connection), "0001")
        connection.execute(sa.text("INSERT INTO officers(name, role, created_at, updated_at)"
                                   " VALUES ('lan', 'officer', 'then', 'then')"))
    assert migrate.current_version(url) == "0001"
    with pytest.raises(migrate.CatalogueOutdated, match="at version 0001.*hoso catalogue upgrade"):
        migrate.check(url)
    migrate.upgrade(url)
    migrate.check(url)
    with engine.connect() as connection:
        assert list(connection.execute(sa.text("SELECT name, credential_version FROM officers"))) == [("lan", 0)]
        assert migrate.differences(connection) == []
    engine.dispose()
