"""The one interface every search backend implements, and the factory that picks one.

The catalogue is the source of truth; a backend holds a derived, rebuildable copy. Every
backend keeps a versioned physical index behind a stable name (an Elasticsearch alias,
a pointer file for SQLite, a pointer row for PostgreSQL), so `rebuild` fills a new one and
switches atomically.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Protocol

from pydantic import BaseModel

from index.models import IndexDocument, SearchHit, SearchQuery

BACKEND_KINDS = ("sqlite", "elasticsearch", "postgres")
_ALIASES = {"sqlite": "sqlite", "embedded": "sqlite", "elasticsearch": "elasticsearch", "es": "elasticsearch",
            "postgres": "postgres", "postgresql": "postgres", "pg": "postgres"}


class BackendUnavailable(RuntimeError):
    """The search backend cannot be reached now; documents wait in the outbox."""


class BackendMisconfigured(ValueError):
    """The backend chosen cannot be used as configured (e.g. Elasticsearch without HOSO_ES_URL)."""


class IndexOutdated(BackendUnavailable):
    """The index was built by an older schema or mapping: `hoso reindex` rebuilds it.

    A kind of BackendUnavailable so that ingest keeps the documents in the outbox.
    """


class DocumentsRejected(RuntimeError):
    """The backend refused some documents for good (not a transient failure)."""

    def __init__(self, rejected: dict[str, str], sent: int = 0):
        self.rejected = rejected  # document id -> reason
        self.sent = sent  # documents sent in the request, accepted or not
        sample = "; ".join(f"{k}: {v}" for k, v in list(rejected.items())[:3])
        super().__init__(f"{len(rejected)} document(s) rejected by the index ({sample})")


class BackendStatus(BaseModel):
    backend: str
    location: str  # file or URL + alias, never credentials
    reachable: bool
    documents: int | None = None  # None when unknown (unreachable)
    physical: str | None = None  # the file or index the stable name points to now
    version: int | None = None  # schema/mapping version of that physical index
    current_version: int
    problem: str | None = None


class SearchBackend(Protocol):
    name: str

    def upsert(self, documents: list[IndexDocument]) -> None:
        """Index or replace by id; visible to search when it returns."""

    def delete(self, ids: list[str]) -> None: ...

    def search(self, query: SearchQuery) -> list[SearchHit]: ...

    def count(self) -> int: ...

    def clear(self) -> None: ...

    def rebuild(self, batches: Iterable[list[IndexDocument]]) -> int:
        """Fill a new physical index and switch to it atomically; returns documents indexed."""

    def status(self) -> BackendStatus: ...

    def ids(self) -> Iterator[str]:
        """Every indexed document id, in id order (to check the index against the catalogue)."""

    def close(self) -> None: ...


def normalise_kind(kind: str) -> str:
    try:
        return _ALIASES[kind.strip().lower()]
    except KeyError:
        raise ValueError(f"unknown index backend {kind!r} (known: {', '.join(BACKEND_KINDS)})") from None


def check_backend_config(kind: str, env: Mapping[str, str] | None = None) -> None:
    """BackendMisconfigured when `kind` lacks what it needs: Elasticsearch is never guessed at
    localhost:9200, where another service (or nothing) would answer for the province's index."""
    env = os.environ if env is None else env
    kind = normalise_kind(kind)
    if kind == "elasticsearch" and not env.get("HOSO_ES_URL", "").strip():
        raise BackendMisconfigured("HOSO_INDEX=elasticsearch needs HOSO_ES_URL, the cluster's address "
                                   "(e.g. https://es.example:9200); or use HOSO_INDEX=sqlite, the embedded index")
    if kind == "postgres":
        from index.pg_backend import index_url

        index_url(env)  # the database: HOSO_INDEX_URL, else the catalogue's
    if kind == "sqlite" and env.get("HOSO_CATALOGUE_URL", "").strip():
        # A file on one machine: each station would index only what it ingested itself.
        raise BackendMisconfigured(
            "the embedded SQLite index serves one machine only, and this catalogue is the province's "
            "(HOSO_CATALOGUE_URL): choose a shared index, HOSO_INDEX=postgres (on the same PostgreSQL) "
            "or HOSO_INDEX=elasticsearch (with HOSO_ES_URL)")


def open_backend(kind: str, data_dir: Path, env: Mapping[str, str] | None = None) -> SearchBackend:
    """The configured backend; opening never contacts a server (ingest must not wait on it)."""
    kind = normalise_kind(kind)
    check_backend_config(kind, env)
    if kind == "sqlite":
        from index.sqlite_backend import SqliteBackend

        return SqliteBackend(data_dir / "search.sqlite")
    if kind == "postgres":
        from index.pg_backend import PgConfig, PostgresBackend

        return PostgresBackend(PgConfig.from_env(os.environ if env is None else env))
    from index.es_backend import ElasticsearchBackend, EsConfig

    return ElasticsearchBackend(EsConfig.from_env(os.environ if env is None else env))
