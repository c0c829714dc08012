"""Where the catalogue is, and one engine per catalogue per process.

A catalogue is named by a location: a Path (the embedded SQLite file in the data folder) or a
URL (`postgresql://...` for a province, libpq's TLS options in the query string). Opening one
checks its version once per process: an embedded catalogue is brought to the code's version in
place (as the sqlite3 release did when a store opened it), an empty PostgreSQL database is
created, and anything else not at the code's version is refused with what to do.

SQLite connections run in the driver's autocommit mode with the BEGIN chosen by us: BEGIN
IMMEDIATE for a write (the write lock at once, so two processes queue instead of one failing half
way), a deferred BEGIN for a read (one consistent snapshot in WAL mode).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import sqlalchemy as sa

from catalogue.versions import CatalogueError, CatalogueTooNew, known_revisions, newest_known, too_new_message


class ServerURL(str):
    """The URL of a catalogue on a server: it always "exists" (a new database is created on first use)."""

    def exists(self) -> bool:
        return True


Location = Path | str


def location_from(data_root: Path, url: str | None) -> Path | ServerURL:
    """The catalogue of a data folder: the server URL when one is configured, else its SQLite file."""
    if url and url.strip():
        return ServerURL(url.strip())
    return data_root / "catalogue.sqlite"


def exists(location: Location) -> bool:
    """Is there a catalogue to read (commands that only list or show create none)? A server's
    always is: an empty database gets its schema on first use."""
    if not is_sqlite(location):
        return True
    return Path(url_of(location).removeprefix("sqlite:///")).exists()


_engines: dict[str, sa.Engine] = {}
_prepared: set[str] = set()
_lock = threading.Lock()


# The PostgreSQL search index (index/pg_backend.py) may share the catalogue's database: its
# tables are the index's, rebuilt at will, never part of the catalogue's schema.
SEARCH_INDEX_PREFIX = "search_"


def catalogue_tables(names) -> set[str]:
    """The catalogue's among these table names (not Alembic's, not the search index's)."""
    return {n for n in names if n != "alembic_version" and not n.startswith(SEARCH_INDEX_PREFIX)}


class CatalogueUnreachable(CatalogueError):
    """The province catalogue's server does not answer; nothing was written."""


def url_of(location: Location) -> str:
    """The SQLAlchemy URL of a location; `postgresql://` means the psycopg 3 driver."""
    if isinstance(location, Path):
        return f"sqlite:///{location.resolve()}"
    text = str(location).strip()
    if text.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + text.split("://", 1)[1]
    if "://" not in text:
        return f"sqlite:///{Path(text).resolve()}"
    return text


def is_sqlite(location: Location) -> bool:
    return url_of(location).startswith("sqlite")


def shown(location: Location) -> str:
    """The location for a message: the file, or the server and database, never a password."""
    if is_sqlite(location):
        return url_of(location).removeprefix("sqlite:///")
    url = sa.engine.make_url(url_of(location))
    host = url.host or url.query.get("host") or "localhost"
    return f"{url.get_backend_name()}://{host}{':' + str(url.port) if url.port else ''}/{url.database or ''}"


def engine_for(location: Location) -> sa.Engine:
    url = url_of(location)
    with _lock:
        if url not in _engines:
            _engines[url] = _make_engine(url)
        return _engines[url]


def _make_engine(url: str) -> sa.Engine:
    if url.startswith("sqlite"):
        return sqlite_engine(url)
    return sa.create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10,
                            connect_args={"connect_timeout": 10})


def sqlite_engine(url: str, *, every_transaction_writes: bool = False) -> sa.Engine:
    """An engine on a SQLite catalogue whose transactions are ours (see the module's note);
    `every_transaction_writes`: each one takes the write lock at once (the migrations: DDL).

    No pool: a connection per Catalogue opened, as the sqlite3 code did; a pool would keep
    files open for every catalogue a long process (a test run, `hoso serve`) ever touched."""
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool,
                              connect_args={"timeout": 60.0, "check_same_thread": False})
    _sqlite_transactions(engine, every_transaction_writes)
    return engine


def _sqlite_transactions(engine: sa.Engine, every_transaction_writes: bool) -> None:
    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves (below)
        dbapi_connection.execute("PRAGMA synchronous=FULL")  # the source of truth survives a power cut
        dbapi_connection.execute("PRAGMA foreign_keys=ON")

    @sa.event.listens_for(engine, "begin")
    def _begin(connection):
        writes = every_transaction_writes or connection.info.get("hoso_write")
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")


def prepare(location: Location) -> None:
    """Check (and for SQLite create or upgrade) the catalogue at `location`, once per process."""
    url = url_of(location)
    if url in _prepared:
        return
    if url.startswith("sqlite"):
        _prepare_sqlite(Path(url.removeprefix("sqlite:///")))
    else:
        _prepare_server(location)
    _prepared.add(url)


def _revision(connection: sa.Connection) -> tuple[bool, str | None]:
    """(has alembic_version, its revision)."""
    if not sa.inspect(connection).has_table("alembic_version"):
        return False, None
    return True, connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


def _prepare_sqlite(path: Path) -> None:
    from index.filelock import setup_lock

    path.parent.mkdir(parents=True, exist_ok=True)
    engine = engine_for(path)
    with setup_lock(path):
        with engine.connect() as connection:
            # Outside any transaction (SQLite refuses the switch inside one): on the driver itself.
            connection.connection.driver_connection.execute("PRAGMA journal_mode=WAL")
            _, revision = _revision(connection)
            connection.rollback()
        if revision is not None and revision not in known_revisions():
            raise CatalogueTooNew(too_new_message(revision))
        if revision != newest_known():
            from catalogue import migrate

            migrate.upgrade(url_of(path))


def _prepare_server(location: Location) -> None:
    engine = engine_for(location)
    try:
        with engine.connect() as connection:
            has_version, revision = _revision(connection)
            empty = not has_version and not catalogue_tables(sa.inspect(connection).get_table_names())
            connection.rollback()
    except sa.exc.OperationalError as error:
        raise unreachable(location, error) from None
    if revision is not None and revision not in known_revisions():
        raise CatalogueTooNew(too_new_message(revision))
    if empty:
        from catalogue import migrate

        migrate.upgrade(url_of(location))  # a new province catalogue: the whole schema, one transaction
    elif revision != newest_known():
        found = "made before versioned migrations" if revision is None else f"at version {revision}"
        from catalogue.migrate import CatalogueOutdated

        raise CatalogueOutdated(f"the catalogue at {shown(location)} is {found}; run `hoso catalogue upgrade` "
                                f"to bring it to version {newest_known()}")


def first_line(error: BaseException | None) -> str:
    """The first line of what the driver said (SQLAlchemy wraps it in `orig`), for a one-line message."""
    said = getattr(error, "orig", None) or error
    lines = [line for line in str(said or "").strip().splitlines() if line.strip()]
    return lines[0] if lines else type(said).__name__


def unreachable(location: Location, error: BaseException) -> CatalogueUnreachable:
    return CatalogueUnreachable(f"the catalogue server {shown(location)} cannot be reached ({first_line(error)}); "
                                "nothing was written: run the command again when it is back")


def forget_engines() -> None:
    """Drop every engine and what was checked (a test that replaces a catalogue's file)."""
    with _lock:
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()
        _prepared.clear()


def _after_fork_in_child() -> None:
    """A child made by fork opens its own connections: the parent's PostgreSQL sockets are
    not safe to share (dispose(close=False) leaves them to the parent). The lock is new: another
    thread of the parent may have held it at the fork."""
    global _lock
    _lock = threading.Lock()
    for engine in _engines.values():
        engine.dispose(close=False)
    _engines.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)
