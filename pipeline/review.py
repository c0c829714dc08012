"""The review queue: documents waiting for an officer, and the officer's decisions.

A document waits (`link_status = review`) when the evidence for its owner disagrees or is
weak, or when its type is uncertain. An officer confirms the proposed link, relinks it to
another citizen, or corrects its type. Each decision is appended to `review_decisions`
(pipeline/review_store.py), the document's current state is changed in the catalogue in
the same transaction, and the document is queued in the index outbox so search shows it.
Retype decisions are labels for `hoso classify train`.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from pydantic import BaseModel, Field

from classify.citizen_id import check_cccd
from classify.linking import decide_link, normalise_id
from classify.taxonomy import load_taxonomy
from index.catalogue import Catalogue, now_utc
from index.models import DocumentRecord
from index.transactions import write_transaction
from pipeline.datadir import DataDir
from pipeline.review_store import ReviewDecision, append_decision, ensure_schema


class ReviewError(ValueError):
    """A review request that cannot be carried out (message for the officer)."""


class ReviewItem(BaseModel):
    id: str  # document id
    doc_type: str
    type_confidence: float
    title: str | None = None
    reason: str | None = None  # why it waits
    id_candidates: list[str] = Field(default_factory=list)
    proposed_citizen_id: str | None = None  # what `confirm` would link to
    source_file: str
    received_at: datetime
    pages: list[int] = Field(default_factory=list)  # page numbers within the source file
    dossier: str | None = None


def _open(data_dir: Path) -> Catalogue:
    data = DataDir(Path(data_dir))
    if not data.catalogue.exists():
        raise ReviewError(f"no catalogue in {data.root}")
    catalogue = Catalogue(data.catalogue)
    ensure_schema(catalogue.db)
    return catalogue


def _operator_id(catalogue: Catalogue, record: DocumentRecord) -> str | None:
    row = catalogue.db.execute("SELECT citizen_id FROM files WHERE sha256 = ?", (record.source_sha256,)).fetchone()
    return normalise_id(row["citizen_id"]) if row and row["citizen_id"] else None


def proposed_citizen(catalogue: Catalogue, record: DocumentRecord) -> str | None:
    """The citizen a confirmation links to: the ID given at ingest, else the only valid ID on the page."""
    given = _operator_id(catalogue, record) or _group_citizen(catalogue, record.id)
    if given:
        return given
    return record.id_candidates[0] if len(record.id_candidates) == 1 else None


def _group_citizen(catalogue: Catalogue, doc_id: str) -> str | None:
    """The citizen named by a cover sheet the document was scanned behind, if any."""
    known = catalogue.db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'document_context'").fetchone()
    if known is None:  # no cover sheet was ever ingested into this catalogue
        return None
    row = catalogue.db.execute("SELECT citizen_id FROM document_context WHERE document_id = ?",
                               (doc_id,)).fetchone()
    return row["citizen_id"] if row else None


def _item(catalogue: Catalogue, record: DocumentRecord) -> ReviewItem:
    return ReviewItem(
        id=record.id, doc_type=record.doc_type, type_confidence=record.type_confidence, title=record.title,
        reason=record.link_reason, id_candidates=record.id_candidates,
        proposed_citizen_id=proposed_citizen(catalogue, record), source_file=record.source_file,
        received_at=record.received_at, pages=[p.number for p in record.pages], dossier=record.dossier,
    )


def pending_reviews(data_dir: Path) -> list[ReviewItem]:
    """Documents waiting for an officer, oldest first."""
    data = DataDir(Path(data_dir))
    if not data.catalogue.exists():
        return []
    with Catalogue(data.catalogue) as catalogue:
        rows = catalogue.db.execute(
            "SELECT id FROM documents WHERE link_status = 'review' ORDER BY received_at, id"
        ).fetchall()
        return [_item(catalogue, r) for r in (catalogue.get_document(row["id"]) for row in rows) if r is not None]


def _document(catalogue: Catalogue, doc_id: str) -> DocumentRecord:
    record = catalogue.get_document(doc_id)
    if record is None:
        raise ReviewError(f"no document {doc_id!r} in the catalogue")
    return record


def _officer(officer: str) -> str:
    if not officer or not officer.strip():
        raise ReviewError("an officer name is required for a review decision")
    return officer.strip()


def _apply(catalogue: Catalogue, record: DocumentRecord, action: str, officer: str, *, doc_type: str,
           type_confidence: float, citizen_id: str | None, link_status: str, link_reason: str) -> DocumentRecord:
    with write_transaction(catalogue.db):
        append_decision(catalogue.db, ReviewDecision(
            at=now_utc(), document_id=record.id, action=action, officer=officer,
            doc_type_before=record.doc_type, doc_type_after=doc_type,
            citizen_before=record.citizen_id, citizen_after=citizen_id, link_status_after=link_status,
            reason_before=record.link_reason,
        ))
        catalogue.set_document_decision(record.id, doc_type=doc_type, type_confidence=type_confidence,
                                        citizen_id=citizen_id, link_status=link_status, link_reason=link_reason)
    return _document(catalogue, record.id)


def confirm(data_dir: Path, doc_id: str, officer: str) -> DocumentRecord:
    """Accept the proposed link (the ID given at ingest or the only ID on the page)."""
    officer = _officer(officer)
    with _open(data_dir) as catalogue:
        record = _document(catalogue, doc_id)
        kind = load_taxonomy().get(record.doc_type)
        citizen = record.citizen_id or proposed_citizen(catalogue, record)
        if citizen is None and kind.subject != "none":
            raise ReviewError(f"{doc_id} has no proposed citizen to confirm: use `hoso review relink` with the ID")
        reason = f"Confirmed by {officer}" + (f": belongs to {citizen}." if citizen else ".")
        return _apply(catalogue, record, "confirm", officer, doc_type=record.doc_type,
                      type_confidence=record.type_confidence, citizen_id=citizen, link_status="linked",
                      link_reason=reason)


def relink(data_dir: Path, doc_id: str, citizen_id: str, officer: str) -> DocumentRecord:
    """Link the document to the citizen the officer names (a valid CCCD number)."""
    officer = _officer(officer)
    citizen = normalise_id(citizen_id)
    problems = check_cccd(citizen) if citizen else ["empty"]
    if problems:
        raise ReviewError(f"{citizen_id!r} is not a valid citizen ID: {'; '.join(problems)}")
    with _open(data_dir) as catalogue:
        record = _document(catalogue, doc_id)
        return _apply(catalogue, record, "relink", officer, doc_type=record.doc_type,
                      type_confidence=record.type_confidence, citizen_id=citizen, link_status="linked",
                      link_reason=f"Linked to {citizen} by {officer}.")


def retype(data_dir: Path, doc_id: str, doc_type: str, officer: str) -> DocumentRecord:
    """Correct the document's type; the link is decided again under the new type.

    A document already linked by an officer keeps its citizen; otherwise the linking policy
    runs with the corrected type (it may still wait for review, for its owner this time).
    """
    officer = _officer(officer)
    taxonomy = load_taxonomy()
    if doc_type not in taxonomy.types:
        raise ReviewError(f"unknown document type {doc_type!r}; known: {', '.join(taxonomy.keys())}")
    with _open(data_dir) as catalogue:
        record = _document(catalogue, doc_id)
        officer_linked = record.link_status == "linked" and record.citizen_id is not None
        if officer_linked:
            citizen, status = record.citizen_id, "linked"
            reason = f"Type corrected to {doc_type} by {officer}; link kept ({record.citizen_id})."
        else:
            given = _operator_id(catalogue, record) or _group_citizen(catalogue, record.id)
            link = decide_link(doc_type, given, record.id_candidates, taxonomy)
            citizen, status = link.citizen_id, link.status
            reason = f"Type corrected to {doc_type} by {officer}. {link.reason}"
        return _apply(catalogue, record, "retype", officer, doc_type=doc_type, type_confidence=1.0,
                      citizen_id=citizen, link_status=status, link_reason=reason)


def retype_labels(catalogue: Catalogue) -> dict[str, str]:
    """document id -> the type an officer last gave it (labels for retraining)."""
    ensure_schema(catalogue.db)
    rows = catalogue.db.execute(
        "SELECT document_id, doc_type_after FROM review_decisions WHERE action = 'retype' ORDER BY id"
    )
    return {r["document_id"]: r["doc_type_after"] for r in rows}


def review_lines(items: list[ReviewItem]) -> list[str]:
    """The queue as text for the terminal."""
    lines = []
    for item in items:
        pages = f"p.{item.pages[0]}" + (f"-{item.pages[-1]}" if len(item.pages) > 1 else "")
        lines.append(f"{item.id}  {item.doc_type} ({item.type_confidence:.2f})  {item.source_file} {pages}")
        if item.title:
            lines.append(f"    title:    {item.title}")
        lines.append(f"    reason:   {item.reason or '-'}")
        if item.id_candidates:
            lines.append(f"    IDs seen: {', '.join(item.id_candidates)}")
        if item.proposed_citizen_id:
            lines.append(f"    confirm would link to {item.proposed_citizen_id}")
    lines.append(f"{len(items)} document(s) waiting for review")
    return lines


__all__ = ["ReviewError", "ReviewItem", "confirm", "pending_reviews", "relink", "retype", "review_lines",
           "retype_labels"]
