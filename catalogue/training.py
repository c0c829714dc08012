"""What `hoso classify train` reads of the catalogue: every document's type and link, and the
text of its readable pages (the review decisions are catalogue/reviews.py's)."""

from __future__ import annotations

import sqlalchemy as sa

from catalogue.schema import documents, pages


def document_types(c: sa.Connection) -> list[sa.RowMapping]:
    """(id, doc_type, type_confidence, link_status) of every document, by id."""
    return c.execute(sa.select(documents.c.id, documents.c.doc_type, documents.c.type_confidence,
                               documents.c.link_status).order_by(documents.c.id)).mappings().all()


def page_texts(c: sa.Connection) -> dict[str, list[str]]:
    """document id -> the OCR text of its pages in order, blank, failed and empty pages left out."""
    rows = c.execute(sa.select(pages.c.document_id, pages.c.text)
                     .where(pages.c.document_id.is_not(None), pages.c.is_blank == 0, pages.c.error.is_(None))
                     .order_by(pages.c.document_id, pages.c.number))
    texts: dict[str, list[str]] = {}
    for row in rows:
        if row.text.strip():
            texts.setdefault(row.document_id, []).append(row.text)
    return texts
