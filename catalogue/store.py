"""One open catalogue: a connection, its transactions, and the file and document operations.

The catalogue is the source of truth for files, pages and documents, on the embedded SQLite
file or on the province's PostgreSQL (catalogue/database.py says which). A file's documents
and pages are written in one transaction together with their outbox rows, so a crash leaves
either the whole file or none of it, and the search index (derived, rebuildable) learns of
every document exactly once through the outbox.

Transactions: `read()` and `write()` are context managers yielding the connection; inside a
write, a nested read or write joins it (one store's operation inside another's transaction,
as a review decision and the document change it causes). The queries are functions of the
modules of this package, organised by what they store, each taking that connection.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

import sqlalchemy as sa

from catalogue import documents as document_rows
from catalogue import files as file_rows
from catalogue import outbox as outbox_rows
from catalogue.database import Location, engine_for, is_sqlite, prepare, unreachable
from catalogue.owners import owner_alive, this_owner
from classify.reasons import Reason
from index.models import DocumentRecord, PageRecord

# Errors of the driver that mean the server went away (PostgreSQL), not a wrong query.
_LOST = (sa.exc.OperationalError, sa.exc.InterfaceError)


class Catalogue:
    def __init__(self, location: Location):
        self.location = location
        self.sqlite = is_sqlite(location)
        prepare(location)
        try:
            self.connection = engine_for(location).connect()
        except _LOST as error:
            if self.sqlite:
                raise
            raise unreachable(location, error) from None
        self._open: str | None = None  # None, "read" or "write"

    @property
    def dialect(self) -> str:
        return self.connection.dialect.name

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> "Catalogue":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions ------------------------------------------------------------------

    @contextmanager
    def write(self) -> Iterator[sa.Connection]:
        if self._open == "write":
            yield self.connection
            return
        if self._open == "read":
            raise RuntimeError("a write inside a read transaction (take the write first)")
        with self._transaction("write"):
            yield self.connection

    @contextmanager
    def read(self) -> Iterator[sa.Connection]:
        if self._open is not None:
            yield self.connection
            return
        with self._transaction("read"):
            yield self.connection

    @contextmanager
    def _transaction(self, kind: str) -> Iterator[None]:
        self.connection.info["hoso_write"] = kind == "write"
        self._open = kind
        try:
            with self.connection.begin():
                yield
        except _LOST as error:
            if self.sqlite:
                raise
            raise unreachable(self.location, error) from None
        finally:
            self._open = None

    # -- files -------------------------------------------------------------------------

    def file_status(self, sha256: str) -> str | None:
        with self.read() as c:
            return file_rows.status(c, sha256)

    def claim_file(self, sha256: str, *, name: str, source_path: str, size: int, kind: str | None,
                   stored_path: str | None, page_count: int | None, context: dict[str, str | None]) -> bool:
        """Mark a file as being processed by this process.

        False when it is done, quarantined, or being processed right now by another live
        process (two ingests on one catalogue never do the same file twice). A file left
        `processing` by a process that died is taken over: that is how a batch resumes.
        """
        def free(status: str, owner: str | None) -> bool:
            return not (status in ("done", "quarantined") or (status == "processing" and owner_alive(owner)))

        with self.write() as c:
            return file_rows.claim(c, sha256, name=name, source_path=source_path, size=size, kind=kind,
                                   stored_path=stored_path, page_count=page_count, context=context,
                                   owner=this_owner(), free=free)

    def mark_quarantined(self, sha256: str, *, name: str, source_path: str, size: int, reason: str) -> None:
        with self.write() as c:
            file_rows.quarantine(c, sha256, name=name, source_path=source_path, size=size, reason=reason)

    def file_page_count(self, sha256: str) -> int:
        with self.read() as c:
            return file_rows.page_count(c, sha256)

    def file_received_at(self, sha256: str) -> datetime | None:
        with self.read() as c:
            return file_rows.received_at(c, sha256)

    def file_context(self, sha256: str) -> dict[str, str | None]:
        with self.read() as c:
            return file_rows.recorded_context(c, sha256)

    def commit_file(self, sha256: str, documents: list[DocumentRecord], loose_pages: list[tuple[PageRecord, str | None]],
                    reason: str | None = None, words: dict[int, str] | None = None) -> None:
        """Write a processed file's documents, pages and outbox rows, and mark it done: all or nothing."""
        with self.write() as c:
            document_rows.replace_file(c, sha256, documents, loose_pages, words or {})
            file_rows.mark_done(c, sha256, reason)

    # -- documents ---------------------------------------------------------------------

    def get_document(self, doc_id: str) -> DocumentRecord | None:
        with self.read() as c:
            return document_rows.get(c, doc_id)

    def documents_for_file(self, sha256: str) -> list[DocumentRecord]:
        with self.read() as c:
            return document_rows.of_file(c, sha256)

    def page_words(self, sha256: str) -> dict[int, str]:
        with self.read() as c:
            return document_rows.page_words(c, sha256)

    def document_count(self) -> int:
        with self.read() as c:
            return document_rows.count(c)

    def set_document_decision(self, doc_id: str, *, doc_type: str, type_confidence: float, citizen_id: str | None,
                              link_status: str, link_reason: str | None,
                              link_reason_code: Reason | None = None) -> None:
        """Change a document's type and link (an officer's review), queued for the index.

        Joins the caller's write transaction, so the decision that caused it is written with it.
        `link_reason_code`: the new reason as a code (None: none, the old code no longer applies).
        """
        with self.write() as c:
            document_rows.set_decision(c, doc_id, doc_type=doc_type, type_confidence=type_confidence,
                                       citizen_id=citizen_id, link_status=link_status, link_reason=link_reason,
                                       link_reason_code=link_reason_code)

    # -- outbox ------------------------------------------------------------------------

    def outbox(self, limit: int = 500) -> list[str]:
        with self.read() as c:
            return outbox_rows.waiting(c, limit)

    def outbox_size(self) -> int:
        with self.read() as c:
            return outbox_rows.size(c)

    def outbox_done(self, ids: list[str]) -> None:
        with self.write() as c:
            outbox_rows.done(c, ids)
