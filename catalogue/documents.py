"""The documents and pages tables: what a committed file became."""

from __future__ import annotations

import json
from datetime import datetime

import sqlalchemy as sa

from catalogue import files as file_rows
from catalogue import outbox
from catalogue.schema import documents, files, index_outbox, pages
from catalogue.times import day_text, iso, parse_day
from classify.reasons import Reason, decode, encode
from index.models import DocumentRecord, PageRecord


def _document_row(doc: DocumentRecord) -> dict:
    return dict(
        id=doc.id, source_sha256=doc.source_sha256, doc_type=doc.doc_type, type_confidence=doc.type_confidence,
        title=doc.title, citizen_id=doc.citizen_id, link_status=doc.link_status, link_reason=doc.link_reason,
        id_candidates=json.dumps(doc.id_candidates), dossier=doc.dossier, procedure=doc.procedure,
        officer=doc.officer, received_at=iso(doc.received_at), issue_date=day_text(doc.issue_date),
        expiry_date=day_text(doc.expiry_date), link_reason_code=encode(doc.link_reason_code), centre=doc.centre,
        result_of=doc.result_of, result_kind=doc.result_kind,
    )


def _page_row(sha256: str, doc_id: str | None, page: PageRecord, error: str | None) -> dict:
    return dict(
        source_sha256=sha256, number=page.number, document_id=doc_id, text=page.text,
        ocr_confidence=page.ocr_confidence, is_blank=int(page.is_blank), rotation=page.rotation, skew=page.skew,
        dpi=page.dpi, quality_ok=int(page.quality_ok),
        quality_reasons=json.dumps(page.quality_reasons, ensure_ascii=False), error=error,
    )


def replace_file(c: sa.Connection, sha256: str, records: list[DocumentRecord],
                 loose_pages: list[tuple[PageRecord, str | None]], words: dict[int, str]) -> None:
    """A file's documents and pages, instead of any left by an earlier attempt; all queued for the index."""
    mine = sa.select(documents.c.id).where(documents.c.source_sha256 == sha256)
    outbox.remove_where(c, mine)
    c.execute(pages.delete().where(pages.c.source_sha256 == sha256))
    c.execute(documents.delete().where(documents.c.source_sha256 == sha256))
    if records:
        c.execute(documents.insert(), [_document_row(d) for d in records])
    page_rows = [_page_row(d.source_sha256, d.id, p, None) for d in records for p in d.pages]
    page_rows += [_page_row(sha256, None, p, error) for p, error in loose_pages]
    if page_rows:
        c.execute(pages.insert(), page_rows)
    for number, words_json in words.items():
        c.execute(pages.update().where(pages.c.source_sha256 == sha256, pages.c.number == number)
                  .values(words=words_json))
    outbox.queue(c, [d.id for d in records])


def _pages_of(c: sa.Connection, doc_id: str) -> list[PageRecord]:
    rows = c.execute(sa.select(pages).where(pages.c.document_id == doc_id).order_by(pages.c.number)).mappings()
    return [PageRecord(number=p["number"], text=p["text"], ocr_confidence=p["ocr_confidence"],
                       is_blank=bool(p["is_blank"]), rotation=p["rotation"], skew=p["skew"], dpi=p["dpi"],
                       quality_ok=bool(p["quality_ok"]), quality_reasons=json.loads(p["quality_reasons"]))
            for p in rows]


def record(c: sa.Connection, row: sa.RowMapping) -> DocumentRecord:
    return DocumentRecord(
        id=row["id"], doc_type=row["doc_type"], type_confidence=row["type_confidence"], title=row["title"],
        citizen_id=row["citizen_id"], link_status=row["link_status"], link_reason=row["link_reason"],
        link_reason_code=decode(row["link_reason_code"]), id_candidates=json.loads(row["id_candidates"]),
        source_file=file_rows.source_path(c, row["source_sha256"]), source_sha256=row["source_sha256"],
        pages=_pages_of(c, row["id"]), received_at=datetime.fromisoformat(row["received_at"]),
        dossier=row["dossier"], procedure=row["procedure"], officer=row["officer"],
        issue_date=parse_day(row["issue_date"]), expiry_date=parse_day(row["expiry_date"]), centre=row["centre"],
        result_of=row["result_of"], result_kind=row["result_kind"],
    )


def row(c: sa.Connection, doc_id: str) -> sa.RowMapping | None:
    return c.execute(sa.select(documents).where(documents.c.id == doc_id)).mappings().first()


def get(c: sa.Connection, doc_id: str) -> DocumentRecord | None:
    found = row(c, doc_id)
    return record(c, found) if found else None


def of_file(c: sa.Connection, sha256: str) -> list[DocumentRecord]:
    """A file's documents in the order of their first page."""
    first_page = (sa.select(sa.func.min(pages.c.number)).where(pages.c.document_id == documents.c.id)
                  .scalar_subquery())
    rows = c.execute(sa.select(documents).where(documents.c.source_sha256 == sha256)
                     .order_by(first_page)).mappings().all()
    return [record(c, r) for r in rows]


def of_citizen(c: sa.Connection, citizen_id: str, *, linked_only: bool = False) -> list[sa.RowMapping]:
    """A citizen's documents, newest first: the ID look-up at the counter (index documents_citizen)."""
    query = sa.select(documents).where(documents.c.citizen_id == citizen_id)
    if linked_only:
        query = query.where(documents.c.link_status == "linked")
    return c.execute(query.order_by(documents.c.received_at.desc(), documents.c.id)).mappings().all()


def page_words(c: sa.Connection, sha256: str) -> dict[int, str]:
    """Packed word boxes (ocr.wordpack) of a source file's pages, by page number."""
    rows = c.execute(sa.select(pages.c.number, pages.c.words).where(pages.c.source_sha256 == sha256))
    return {r.number: r.words for r in rows}


def page_texts(c: sa.Connection, doc_id: str) -> list[str]:
    rows = c.execute(sa.select(pages.c.text).where(pages.c.document_id == doc_id).order_by(pages.c.number))
    return [r.text for r in rows]


def count(c: sa.Connection) -> int:
    return c.execute(sa.select(sa.func.count()).select_from(documents)).scalar_one()


def ids_after(c: sa.Connection, last: str, limit: int) -> list[str]:
    """Document ids in id order after `last` (keyset pagination: constant memory)."""
    return list(c.execute(sa.select(documents.c.id).where(documents.c.id > last)
                          .order_by(documents.c.id).limit(limit)).scalars())


def all_ids(c: sa.Connection) -> set[str]:
    return set(c.execute(sa.select(documents.c.id)).scalars())


def set_decision(c: sa.Connection, doc_id: str, *, doc_type: str, type_confidence: float, citizen_id: str | None,
                 link_status: str, link_reason: str | None, link_reason_code: Reason | None) -> None:
    c.execute(documents.update().where(documents.c.id == doc_id).values(
        doc_type=doc_type, type_confidence=type_confidence, citizen_id=citizen_id, link_status=link_status,
        link_reason=link_reason, link_reason_code=encode(link_reason_code)))
    outbox.queue(c, [doc_id])


def ids_of_files_changed_since(moment: str) -> sa.Select:
    """The query of the documents of files written at or after `moment` (ISO UTC text)."""
    return (sa.select(documents.c.id).join(files, files.c.sha256 == documents.c.source_sha256)
            .where(files.c.updated_at >= moment))


def any_indexed(c: sa.Connection) -> bool:
    """Is there a committed document the index was already told about (not waiting in the outbox)?"""
    waiting = sa.select(index_outbox.c.document_id)
    return c.execute(sa.select(documents.c.id).where(documents.c.id.not_in(waiting)).limit(1)).first() is not None
