"""Send what waits in the catalogue's outbox to the search backend."""

from __future__ import annotations

from index.backend import BackendUnavailable, open_backend
from index.catalogue import Catalogue
from index.models import IndexDocument
from pipeline.datadir import DataDir

BATCH = 200


def flush_outbox(catalogue: Catalogue, data: DataDir, backend_kind: str) -> int:
    """Index pending documents in batches; returns how many are still waiting."""
    backend = open_backend(backend_kind, data.root)
    try:
        while ids := catalogue.outbox(BATCH):
            records = [catalogue.get_document(i) for i in ids]
            present = [IndexDocument.from_record(r) for r in records if r is not None]
            missing = [i for i, r in zip(ids, records) if r is None]
            try:
                if present:
                    backend.upsert(present)
                if missing:
                    backend.delete(missing)
            except BackendUnavailable:
                break
            catalogue.outbox_done(ids)
    finally:
        backend.close()
    return catalogue.outbox_size()


def rebuild_index(catalogue: Catalogue, data: DataDir, backend_kind: str) -> int:
    """Empty the derived index and fill it again from the catalogue."""
    backend = open_backend(backend_kind, data.root)
    try:
        backend.clear()
    finally:
        backend.close()
    catalogue.queue_all_for_index()
    return flush_outbox(catalogue, data, backend_kind)
