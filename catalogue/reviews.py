"""The review_decisions table (append-only: triggers refuse UPDATE and DELETE) and the review
queue: the documents waiting for an officer (link_status = review)."""

from __future__ import annotations

import json

import sqlalchemy as sa

from catalogue import covers
from catalogue.schema import documents, files, review_decisions


def append(c: sa.Connection, row: dict) -> int:
    """One decision (columns as in catalogue/schema.py, without id); its id."""
    return c.execute(review_decisions.insert().values(**row)).inserted_primary_key[0]


def lock_document(c: sa.Connection, doc_id: str) -> None:
    """Hold the document's row until the caller's write transaction ends (SELECT ... FOR UPDATE;
    SQLite has no row locks and needs none: its write transaction is BEGIN IMMEDIATE)."""
    c.execute(sa.select(documents.c.id).where(documents.c.id == doc_id).with_for_update())


def read(c: sa.Connection, document_id: str | None = None, action: str | None = None) -> list[sa.RowMapping]:
    """Decisions in the order they were made, of one document and/or one action if given."""
    query = sa.select(review_decisions).order_by(review_decisions.c.id)
    if document_id is not None:
        query = query.where(review_decisions.c.document_id == document_id)
    if action is not None:
        query = query.where(review_decisions.c.action == action)
    return c.execute(query).mappings().all()


def last_retypes(c: sa.Connection) -> dict[str, str]:
    """document id -> the type an officer last gave it."""
    rows = c.execute(sa.select(review_decisions.c.document_id, review_decisions.c.doc_type_after)
                     .where(review_decisions.c.action == "retype").order_by(review_decisions.c.id))
    return {r.document_id: r.doc_type_after for r in rows}


def link_decided(c: sa.Connection) -> set[str]:
    """Documents whose link an officer decided (confirm or relink)."""
    return set(c.execute(sa.select(review_decisions.c.document_id).distinct()
                         .where(review_decisions.c.action.in_(("confirm", "relink")))).scalars())


def waiting(c: sa.Connection) -> list[str]:
    """Ids of the documents waiting for review, oldest first."""
    return list(c.execute(sa.select(documents.c.id).where(documents.c.link_status == "review")
                          .order_by(documents.c.received_at, documents.c.id)).scalars())


def waiting_naming(c: sa.Connection, citizen_id: str) -> list[str]:
    """Ids of the waiting documents whose evidence names this citizen, newest first: the ID
    given at ingest, a valid ID read on them, or their cover sheet's."""
    # id_candidates is a JSON list of digit strings: the quoted ID inside its text is exactly one
    # element (digits need no escaping), the same test on both dialects without their JSON functions.
    read_on_page = documents.c.id_candidates.contains(json.dumps(citizen_id), autoescape=True)
    query = (
        sa.select(documents.c.id)
        .select_from(documents.outerjoin(files, files.c.sha256 == documents.c.source_sha256))
        .where(documents.c.link_status == "review",
               sa.or_(files.c.citizen_id == citizen_id, read_on_page,
                      documents.c.id.in_(covers.documents_naming(citizen_id))))
        .order_by(documents.c.received_at.desc(), documents.c.id)
    )
    return list(c.execute(query).scalars())
