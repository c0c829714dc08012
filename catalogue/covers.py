"""The cover_pages and document_context tables: cover sheets seen at ingest, and the dossier,
citizen and procedure a cover gave each document scanned behind it.

Keyed by what ingest derives deterministically (file hash, page number, document id), so a
resumed batch rewrites the same rows (insert or replace).
"""

from __future__ import annotations

import sqlalchemy as sa

from catalogue.schema import cover_pages, document_context
from catalogue.upsert import insert_or_replace


def record(c: sa.Connection, pages: list[dict], contexts: list[dict]) -> None:
    """Rows of cover_pages and document_context (column names as in catalogue/schema.py)."""
    insert_or_replace(c, cover_pages, ["source_sha256", "number"], pages)
    insert_or_replace(c, document_context, ["document_id"], contexts)


def pages_of(c: sa.Connection, sha256: str) -> list[dict]:
    rows = c.execute(sa.select(cover_pages).where(cover_pages.c.source_sha256 == sha256)
                     .order_by(cover_pages.c.number)).mappings()
    return [dict(r) for r in rows]


def context_citizen(c: sa.Connection, doc_id: str) -> str | None:
    """The citizen named by the cover sheet the document was scanned behind (None: no cover)."""
    return c.execute(sa.select(document_context.c.citizen_id)
                     .where(document_context.c.document_id == doc_id)).scalar()


def documents_naming(citizen_id: str) -> sa.Select:
    """Ids of the documents whose cover sheet names this citizen (a subquery)."""
    return sa.select(document_context.c.document_id).where(document_context.c.citizen_id == citizen_id)
