"""Searches and look-ups: the index finds, the catalogue (source of truth) answers."""

from __future__ import annotations

from dataclasses import dataclass

from index.backend import open_backend
from index.catalogue import Catalogue
from index.models import DocumentRecord, SearchHit, SearchQuery
from pipeline.datadir import DataDir
from pipeline.indexing import flush_outbox


@dataclass
class Found:
    document: DocumentRecord
    hit: SearchHit


def search(data: DataDir, query: SearchQuery, backend_kind: str = "sqlite") -> list[Found]:
    if not data.catalogue.exists():
        return []
    with Catalogue(data.catalogue) as catalogue:
        flush_outbox(catalogue, data, backend_kind)  # anything still waiting becomes findable first
        backend = open_backend(backend_kind, data.root)
        try:
            hits = backend.search(query)
        finally:
            backend.close()
        found = []
        for hit in hits:
            record = catalogue.get_document(hit.id)
            if record is not None:
                found.append(Found(document=record, hit=hit))
        return found


def show(data: DataDir, doc_id: str) -> DocumentRecord | None:
    if not data.catalogue.exists():
        return None
    with Catalogue(data.catalogue) as catalogue:
        return catalogue.get_document(doc_id)
