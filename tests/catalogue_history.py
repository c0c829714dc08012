"""Building a known catalogue history for the dossier and statistics tests."""

from __future__ import annotations

import hashlib
from datetime import datetime
from zoneinfo import ZoneInfo

from dossier.events import record_submissions
from catalogue.store import Catalogue
from index.models import DocumentRecord, PageRecord

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def vn(month, day, hour=9, minute=0, year=2026):
    return datetime(year, month, day, hour, minute, tzinfo=VN)


def doc(doc_id, doc_type, citizen, when, dossier=None, officer=None, text="", procedure=None):
    return DocumentRecord(
        id=doc_id, doc_type=doc_type, type_confidence=0.95, citizen_id=citizen,
        link_status="linked" if citizen else "review", source_file=f"{doc_id}.pdf",
        source_sha256=hashlib.sha256(doc_id.encode()).hexdigest(),
        pages=[PageRecord(number=1, text=text or doc_type.upper(), ocr_confidence=90.0, is_blank=False)],
        received_at=when, dossier=dossier, procedure=procedure, officer=officer,
    )


def ingest(location, *docs):
    """What the pipeline does: commit each file's documents, then record the submissions.
    `location`: the catalogue's SQLite file or a PostgreSQL URL (tests/catalogues.py)."""
    with Catalogue(location) as catalogue:
        for d in docs:
            catalogue.claim_file(d.source_sha256, name=d.source_file, source_path=d.source_file, size=1, kind="pdf",
                                 stored_path=None, page_count=1, context={"dossier": d.dossier})
            catalogue.commit_file(d.source_sha256, [d], [])
    return record_submissions(location, list(docs))
