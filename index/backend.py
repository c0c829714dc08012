"""The one interface every search backend implements, and the factory that picks one."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from index.models import IndexDocument, SearchHit, SearchQuery


class BackendUnavailable(RuntimeError):
    """The search backend cannot be reached now; documents wait in the outbox."""


class SearchBackend(Protocol):
    name: str

    def upsert(self, documents: list[IndexDocument]) -> None: ...

    def delete(self, ids: list[str]) -> None: ...

    def search(self, query: SearchQuery) -> list[SearchHit]: ...

    def count(self) -> int: ...

    def clear(self) -> None: ...

    def close(self) -> None: ...


def open_backend(kind: str, data_dir: Path) -> SearchBackend:
    if kind in ("sqlite", "embedded"):
        from index.sqlite_backend import SqliteBackend

        return SqliteBackend(data_dir / "search.sqlite")
    raise ValueError(f"unknown index backend {kind!r} (known: sqlite)")
