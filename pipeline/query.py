"""Searches and look-ups: the index finds, the catalogue (source of truth) answers."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from index.backend import open_backend
from index.catalogue import Catalogue
from index.models import DocumentRecord, SearchHit, SearchQuery
from pipeline.datadir import DataDir
from ocr.wordpack import words_from_json
from pipeline.indexing import flush_outbox
from pipeline.searchable import build_document_pdf


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


def show_fields(data: DataDir, doc_id: str) -> list[dict]:
    """The document's extracted fields (name, value, source, confidence), for `show`."""
    from pipeline.field_store import document_fields

    with Catalogue(data.catalogue) as catalogue:
        return [f.model_dump() for f in document_fields(catalogue.db, doc_id)]


class ExportError(RuntimeError):
    pass


def export_pdf(data: DataDir, doc_id: str, out: Path) -> DocumentRecord:
    """Write the document's searchable PDF to `out` (rebuilt from its page images if missing)."""
    if not data.catalogue.exists():
        raise ExportError(f"no document {doc_id!r}: {data.root} has no catalogue")
    with Catalogue(data.catalogue) as catalogue:
        record = catalogue.get_document(doc_id)
        if record is None:
            raise ExportError(f"no document {doc_id!r} in {data.root}")
        stored = data.searchable_pdf(doc_id)
        if not stored.is_file():
            words = {n: words_from_json(w) for n, w in catalogue.page_words(record.source_sha256).items()}
            if not build_document_pdf(record, data.pages_dir(record.source_sha256), words, stored):
                raise ExportError(f"the page images of {doc_id} are missing from {data.root}; re-ingest its source file")
    out.parent.mkdir(parents=True, exist_ok=True)
    temp = out.with_name(f".{out.name}.{os.getpid()}.part")
    shutil.copyfile(stored, temp)
    os.replace(temp, out)
    return record
