"""The document_fields table: each document's extracted fields, one row per document and name,
with where the value came from (qr / mrz / text / operator / cover / review) and how sure."""

from __future__ import annotations

import sqlalchemy as sa

from catalogue.schema import document_fields, documents

# Sources that are someone's word for the ID, not the card stating it (see cards_on_file).
_GIVEN = ("operator", "cover")


def replace(c: sa.Connection, rows_by_document: dict[str, list[dict]]) -> None:
    """These documents' fields, instead of any written before (rows: name, value, source, confidence)."""
    if not rows_by_document:
        return
    c.execute(document_fields.delete().where(document_fields.c.document_id.in_(list(rows_by_document))))
    rows = [{"document_id": doc_id, **row} for doc_id, found in rows_by_document.items() for row in found]
    if rows:
        c.execute(document_fields.insert(), rows)


def set_value(c: sa.Connection, doc_id: str, name: str, value: str | None, *, source: str,
              confidence: float) -> None:
    """One field of one document, replaced (None: removed)."""
    c.execute(document_fields.delete().where(document_fields.c.document_id == doc_id,
                                             document_fields.c.name == name))
    if value:
        c.execute(document_fields.insert().values(document_id=doc_id, name=name, value=value, source=source,
                                                  confidence=confidence))


def of_document(c: sa.Connection, doc_id: str) -> list[sa.RowMapping]:
    return c.execute(sa.select(document_fields.c.name, document_fields.c.value, document_fields.c.source,
                               document_fields.c.confidence)
                     .where(document_fields.c.document_id == doc_id)
                     .order_by(document_fields.c.name)).mappings().all()


def cards_on_file(c: sa.Connection) -> list[sa.RowMapping]:
    """(citizen_id, full_name, birth_date) of every linked ID card whose own ID field (not the
    operator's or a cover's word) is the ID it is linked to."""
    name, birth, own_id = (document_fields.alias(a) for a in ("n", "b", "i"))
    query = (
        sa.select(documents.c.citizen_id, name.c.value.label("full_name"), birth.c.value.label("birth_date"))
        .join(name, sa.and_(name.c.document_id == documents.c.id, name.c.name == "full_name"))
        .join(birth, sa.and_(birth.c.document_id == documents.c.id, birth.c.name == "birth_date"))
        .join(own_id, sa.and_(own_id.c.document_id == documents.c.id, own_id.c.name == "citizen_id",
                              own_id.c.value == documents.c.citizen_id, own_id.c.source.not_in(_GIVEN)))
        .where(documents.c.doc_type.in_(("cccd", "cmnd")), documents.c.link_status == "linked",
               documents.c.citizen_id.is_not(None))
        .order_by(documents.c.id)
    )
    return c.execute(query).mappings().all()
