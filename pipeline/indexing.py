"""Send what waits in the catalogue's outbox to the search backend; rebuild; report.

The catalogue is the source of truth. A document reaches the index only through the
outbox: a row is removed after the backend accepted the document, so an outage (or a
crash) leaves it queued and it is sent again later. Backends replace by document id,
so sending twice never makes two.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import timedelta

from pydantic import BaseModel

from catalogue import documents as document_rows
from catalogue import outbox as outbox_rows
from index.backend import BackendStatus, BackendUnavailable, DocumentsRejected, SearchBackend, open_backend
from catalogue.store import Catalogue
from catalogue.times import now_utc
from index.models import IndexDocument
from pipeline.datadir import DataDir

BATCH = 200
REBUILD_BATCH = 1000

log = logging.getLogger(__name__)


def flush_outbox(catalogue: Catalogue, data: DataDir, backend_kind: str, heal: bool = True) -> int:
    """Index pending documents in batches; returns how many are still waiting.

    An index that is empty while the catalogue is not (deleted, a new cluster, a format
    this version no longer reads) is rebuilt from the catalogue first: searches must not
    silently find nothing until someone thinks of `hoso reindex`.
    """
    backend = open_backend(backend_kind, data.root)
    try:
        lost = heal and _index_lost_everything(catalogue, backend)
        if not lost:
            _drain(catalogue, backend)
    finally:
        backend.close()
    if lost:
        log.warning("the search index is empty but the catalogue is not: rebuilding it from the catalogue")
        return rebuild_index(catalogue, data, backend_kind)
    return catalogue.outbox_size()


def _index_lost_everything(catalogue: Catalogue, backend: SearchBackend) -> bool:
    """True when the catalogue holds committed, already-indexed documents the index has none of."""
    with catalogue.read() as c:
        if not document_rows.any_indexed(c):
            return False
    try:
        return next(iter(backend.ids()), None) is None
    except BackendUnavailable:
        return False


def _drain(catalogue: Catalogue, backend: SearchBackend) -> None:
    refused: set[str] = set()  # rejected for good in this run: they stay queued, the rest goes on
    while ids := [i for i in catalogue.outbox(BATCH + len(refused)) if i not in refused][:BATCH]:
        records = [catalogue.get_document(i) for i in ids]
        present = [IndexDocument.from_record(r) for r in records if r is not None]
        missing = [i for i, r in zip(ids, records) if r is None]
        try:
            if present:
                backend.upsert(present)
            if missing:
                backend.delete(missing)
        except BackendUnavailable as exc:
            log.warning("search index unavailable, %d document(s) wait in the outbox: %s",
                        catalogue.outbox_size(), exc)
            return
        except DocumentsRejected as exc:
            log.error("%s", exc)
            refused.update(exc.rejected)
        catalogue.outbox_done([i for i in ids if i not in refused])


def _catalogue_batches(catalogue: Catalogue, size: int = REBUILD_BATCH) -> Iterator[list[IndexDocument]]:
    """Every catalogue document, in id order, a batch at a time (keyset: constant memory)."""
    last = ""
    while True:
        with catalogue.read() as c:
            ids = document_rows.ids_after(c, last, size)
        if not ids:
            return
        last = ids[-1]
        records = (catalogue.get_document(i) for i in ids)
        yield [IndexDocument.from_record(r) for r in records if r is not None]


def _queue(catalogue: Catalogue, ids: list[str]) -> None:
    with catalogue.write() as c:
        outbox_rows.queue(c, ids)


def _requeue_changed_since(catalogue: Catalogue, moment: str) -> None:
    """Documents committed while a rebuild read the catalogue may have gone to the old index."""
    with catalogue.write() as c:
        outbox_rows.queue_selected(c, document_rows.ids_of_files_changed_since(moment))


def rebuild_index(catalogue: Catalogue, data: DataDir, backend_kind: str) -> int:
    """Build a new index from the catalogue, switch to it atomically, then flush the outbox.

    Searches keep answering from the old index until the switch. Returns how many
    documents still wait in the outbox (0 when everything is indexed).
    """
    started = (now_utc() - timedelta(seconds=1)).isoformat()
    backend = open_backend(backend_kind, data.root)
    try:
        backend.rebuild(_catalogue_batches(catalogue))
    except DocumentsRejected as exc:  # the new index is live without them: keep them queued
        log.error("%s", exc)
        _queue(catalogue, list(exc.rejected))
    finally:
        backend.close()
    _requeue_changed_since(catalogue, started)
    return flush_outbox(catalogue, data, backend_kind, heal=False)


class IndexStatus(BaseModel):
    index: BackendStatus
    catalogue_documents: int
    outbox: int
    # With verify: catalogue documents the index lacks (outbox excluded), index entries
    # the catalogue no longer has. None: not checked.
    missing: int | None = None
    stale: int | None = None


def index_status(data: DataDir, backend_kind: str, verify: bool = False) -> IndexStatus:
    """Backend health and counts next to the catalogue's: what `hoso index status` shows."""
    backend = open_backend(backend_kind, data.root)
    try:
        status = backend.status()
        indexed = set(backend.ids()) if verify and status.reachable else None
    finally:
        backend.close()
    if not data.catalogue.exists():
        return IndexStatus(index=status, catalogue_documents=0, outbox=0)
    with Catalogue(data.catalogue) as catalogue:
        result = IndexStatus(index=status, catalogue_documents=catalogue.document_count(),
                             outbox=catalogue.outbox_size())
        if indexed is not None:
            with catalogue.read() as c:
                known, waiting = document_rows.all_ids(c), outbox_rows.all_waiting(c)
            result.missing = len(known - indexed - waiting)
            result.stale = len(indexed - known - waiting)
        return result


def index_status_lines(status: IndexStatus) -> list[str]:
    index = status.index
    shown = "unreachable" if not index.reachable else str(index.documents)
    lines = [
        f"backend      {index.backend}  {index.location}",
        f"index        {index.physical or '-'}  (version {index.version or '-'}, current {index.current_version})",
        f"documents    catalogue {status.catalogue_documents}, index {shown}",
        f"outbox       {status.outbox} waiting to be indexed",
    ]
    if status.missing is not None:
        lines.append(f"verified     {status.missing} missing from the index, {status.stale} no longer in the catalogue")
    problem = index_problem(status)
    if problem:
        lines.append(f"problem      {problem}")
    return lines


def index_problem(status: IndexStatus) -> str | None:
    """What is wrong with the index, as `hoso index status` reports it (None: nothing)."""
    index = status.index
    if index.problem:
        return index.problem
    if status.missing or status.stale:
        return "the index disagrees with the catalogue: run `hoso reindex`"
    if index.documents is not None and index.documents + status.outbox < status.catalogue_documents:
        return "the index misses documents: run `hoso reindex`"
    return None
