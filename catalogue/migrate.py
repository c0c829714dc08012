"""Bring a catalogue to the code's schema version, and refuse one the code does not know.

upgrade(url) works on three kinds of database:
- an empty one: the revisions create the whole schema;
- a catalogue made by the sqlite3 code of today's release (no alembic_version table, a
  `meta` row schema_version = 1): it is NOT stamped as it stands, because today's code makes
  its tables lazily (page_jobs at the first ingest, review_decisions at the first review, ...)
  and adds columns in place when a store opens it, so two catalogues of the same release can
  differ. The revisions are written to add only what is missing (tables, columns, indexes,
  triggers) and keep every row; then the result is compared with catalogue.schema and the
  whole upgrade is rolled back if anything still differs;
- a catalogue already under Alembic: the revisions it lacks are applied.
All of it runs in one transaction (SQLite DDL included: see engine()), so a failure leaves the
catalogue as it was. A database whose version this code does not know is refused
(CatalogueTooNew), by upgrade() and by check().
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from catalogue.append_only import POSTGRES_ONLY_INDEXES
from catalogue.database import SEARCH_INDEX_PREFIX, catalogue_tables, sqlite_engine
from catalogue.schema import metadata
from catalogue.versions import CatalogueError, CatalogueTooNew, too_new_message  # noqa: F401 (re-exported)

MIGRATIONS = Path(__file__).with_name("migrations")
LEGACY_SCHEMA_VERSION = "1"  # index.catalogue.SCHEMA_VERSION of the sqlite3 release


class CatalogueOutdated(CatalogueError):
    pass


class NotACatalogue(CatalogueError):
    pass


def engine(url: str) -> sa.Engine:
    """An engine whose transactions include DDL on SQLite too.

    Python's sqlite3 module commits before a CREATE or ALTER on its own; the catalogue's own
    SQLite engine (catalogue/database.py) turns that off and begins each transaction itself,
    here always with BEGIN IMMEDIATE, so an upgrade that fails half way leaves nothing behind.
    """
    if url.startswith("sqlite"):
        return sqlite_engine(url, every_transaction_writes=True)
    return sa.create_engine(url)


def _config(connection: sa.Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(_config())


def head_version() -> str:
    head = _scripts().get_current_head()
    assert head is not None, "the catalogue's migrations have no revision"
    return head


def _current(connection: sa.Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def current_version(url: str) -> str | None:
    """The catalogue's revision; None for an empty database or one made before Alembic."""
    eng = engine(url)
    try:
        with eng.connect() as connection:
            return _current(connection)
    finally:
        eng.dispose()


def _known(revision: str) -> bool:
    try:
        return _scripts().get_revision(revision) is not None
    except Exception:  # alembic raises its own errors for an unknown or partial id
        return False


def _refuse_unknown(revision: str) -> None:
    if not _known(revision):
        raise CatalogueTooNew(too_new_message(revision))


def _legacy_tables(connection: sa.Connection) -> set[str]:
    return catalogue_tables(sa.inspect(connection).get_table_names())


def _check_legacy(connection: sa.Connection, tables: set[str]) -> None:
    """A database with tables and no version must be a catalogue of the sqlite3 release."""
    version = None
    if "meta" in tables:
        version = connection.execute(sa.text("SELECT value FROM meta WHERE key = 'schema_version'")).scalar()
    if version != LEGACY_SCHEMA_VERSION:
        raise NotACatalogue(
            f"this database has tables ({', '.join(sorted(tables)[:5])}, ...) but is not a hoso catalogue of "
            f"schema version {LEGACY_SCHEMA_VERSION} (found {version!r}); nothing was changed")


def differences(connection: sa.Connection) -> list:
    """What the database's tables, columns and indexes lack or have beyond catalogue.schema."""
    context = MigrationContext.configure(connection, opts={
        "compare_type": True, "compare_server_default": True,
        "include_name": lambda name, kind, _parent: not (kind == "table" and name.startswith(SEARCH_INDEX_PREFIX)),
    })
    return [d for d in compare_metadata(context, metadata) if not _expected(d, connection.dialect.name)]


def _expected(difference, dialect: str) -> bool:
    """Differences that are the dialect's, not drift: PostgreSQL's own unique index for the
    one-opening rule, and its key columns, which are NOT NULL whatever the DDL says."""
    if isinstance(difference, tuple):
        return difference[0] == "remove_index" and difference[1].name in POSTGRES_ONLY_INDEXES
    if dialect == "postgresql" and len(difference) == 1 and difference[0][0] == "modify_nullable":
        _, _, table, column, _, _, _ = difference[0]
        return metadata.tables[table].c[column].primary_key
    return False


def upgrade(url: str) -> str:
    """Bring the catalogue at `url` to head_version(), keeping every row; returns that version."""
    eng = engine(url)
    try:
        with eng.begin() as connection:
            if connection.dialect.name == "postgresql":  # two stations upgrading at once: one waits
                connection.execute(sa.text("SELECT pg_advisory_xact_lock(hashtext('hoso catalogue upgrade'))"))
            current = _current(connection)
            if current is not None:
                _refuse_unknown(current)
            elif tables := _legacy_tables(connection):
                _check_legacy(connection, tables)
            command.upgrade(_config(connection), "head")
            if left := differences(connection):
                raise CatalogueError(f"after the upgrade the catalogue still differs from the schema: {left}; "
                                     "the upgrade was rolled back, nothing was changed")
    finally:
        eng.dispose()
    return head_version()


def check(url: str) -> None:
    """Refuse a catalogue this code cannot use: newer than the code, or not yet upgraded."""
    eng = engine(url)
    try:
        with eng.connect() as connection:
            current = _current(connection)
            if current is not None:
                _refuse_unknown(current)
            if current != head_version():
                found = "made before versioned migrations" if current is None else f"at version {current}"
                raise CatalogueOutdated(f"the catalogue is {found}; run `hoso catalogue upgrade` to bring it to "
                                        f"version {head_version()}")
    finally:
        eng.dispose()
