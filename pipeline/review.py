"""The review queue: documents waiting for an officer, and the officer's decisions.

A document waits (`link_status = review`) when the evidence for its owner disagrees or is
weak, or when its type is uncertain. An officer confirms the proposed link, relinks it to
another citizen, or corrects its type. Each decision is appended to `review_decisions`
(pipeline/review_store.py), the document's current state is changed in the catalogue in
the same transaction, and the document is queued in the index outbox so search shows it.
Retype decisions are labels for `hoso classify train`.

Only confirm and relink decide a link: a type correction never does (the evidence that
made a document wait is still there whatever its type). A document that is not waiting is
changed only with the officer's reason, and the decision is recorded as a correction.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from pydantic import BaseModel, Field

from catalogue import covers as cover_rows
from catalogue import files as file_rows
from catalogue import reviews as review_rows
from catalogue.database import exists
from catalogue.store import Catalogue
from catalogue.times import now_utc
from classify.linking import normalise_id
from classify.reasons import Reason, render
from classify.taxonomy import load_taxonomy
from index.models import DocumentRecord
from pipeline.citizen_input import id_refusal
from pipeline.datadir import DataDir
from pipeline import field_store
from pipeline.review_store import ReviewDecision, append_decision


class ReviewError(ValueError):
    """A review request that cannot be carried out: str() is the English message (CLI),
    `reason` the same as a code, worded in Vietnamese for officers by `vi`."""

    def __init__(self, code: str, **params):
        self.reason = Reason(code=code, params=params)
        super().__init__(render(self.reason, "en"))

    @property
    def vi(self) -> str:
        return render(self.reason, "vi")


class ReviewItem(BaseModel):
    id: str  # document id
    doc_type: str
    type_confidence: float
    title: str | None = None
    reason: str | None = None  # why it waits (English)
    reason_code: Reason | None = None  # the same as a code: worded in Vietnamese for officers
    id_candidates: list[str] = Field(default_factory=list)
    proposed_citizen_id: str | None = None  # what `confirm` would link to
    source_file: str
    received_at: datetime
    pages: list[int] = Field(default_factory=list)  # page numbers within the source file
    dossier: str | None = None


def _open(data_dir: Path) -> Catalogue:
    data = DataDir(Path(data_dir))
    if not exists(data.catalogue):
        raise ReviewError("review.no_catalogue")
    return Catalogue(data.catalogue)


def _operator_id(catalogue: Catalogue, record: DocumentRecord) -> str | None:
    with catalogue.read() as c:
        given = file_rows.given_citizen(c, record.source_sha256)
    return normalise_id(given) if given else None


def proposed_citizen(catalogue: Catalogue, record: DocumentRecord) -> str | None:
    """The citizen a confirmation links to: the ID given at ingest, else the only valid ID on the page."""
    given = _operator_id(catalogue, record) or _group_citizen(catalogue, record.id)
    if given:
        return given
    return record.id_candidates[0] if len(record.id_candidates) == 1 else None


def _group_citizen(catalogue: Catalogue, doc_id: str) -> str | None:
    """The citizen named by a cover sheet the document was scanned behind, if any."""
    with catalogue.read() as c:
        return cover_rows.context_citizen(c, doc_id)


def waiting_naming(catalogue: Catalogue, citizen_id: str) -> list[DocumentRecord]:
    """Documents waiting for review whose evidence names this citizen (a valid ID read on
    them, the operator's ID or the cover sheet's), newest first."""
    with catalogue.read() as c:
        ids = review_rows.waiting_naming(c, citizen_id)
        return [r for r in (catalogue.get_document(i) for i in ids) if r is not None]


def _item(catalogue: Catalogue, record: DocumentRecord) -> ReviewItem:
    return ReviewItem(
        id=record.id, doc_type=record.doc_type, type_confidence=record.type_confidence, title=record.title,
        reason=record.link_reason, reason_code=record.link_reason_code, id_candidates=record.id_candidates,
        proposed_citizen_id=proposed_citizen(catalogue, record), source_file=record.source_file,
        received_at=record.received_at, pages=[p.number for p in record.pages], dossier=record.dossier,
    )


def pending_reviews(data_dir: Path) -> list[ReviewItem]:
    """Documents waiting for an officer, oldest first."""
    data = DataDir(Path(data_dir))
    if not exists(data.catalogue):
        return []
    with Catalogue(data.catalogue) as catalogue, catalogue.read() as c:  # one snapshot of the queue
        records = (catalogue.get_document(i) for i in review_rows.waiting(c))
        return [_item(catalogue, r) for r in records if r is not None]


@contextmanager
def _deciding(data_dir: Path, doc_id: str) -> Iterator[tuple[Catalogue, DocumentRecord]]:
    """The catalogue inside a write transaction and the document as it stands there, locked
    until the decision is written: two officers deciding one document at once (two stations
    of a province) decide one after the other, and the second sees the first's decision."""
    with _open(data_dir) as catalogue, catalogue.write() as c:
        review_rows.lock_document(c, doc_id)
        yield catalogue, _document(catalogue, doc_id)


def _document(catalogue: Catalogue, doc_id: str) -> DocumentRecord:
    record = catalogue.get_document(doc_id)
    if record is None:
        raise ReviewError("review.no_document", document=repr(doc_id))
    return record


def _officer(officer: str) -> str:
    if not officer or not officer.strip():
        raise ReviewError("review.no_officer")
    return officer.strip()


def evidence_ids(catalogue: Catalogue, record: DocumentRecord) -> list[str]:
    """Every ID the document's evidence names: given at ingest (operator, cover sheet), then
    the valid IDs read on its pages. A search by any of them shows it while it waits."""
    named = [normalise_id(i) for i in (_operator_id(catalogue, record), _group_citizen(catalogue, record.id))]
    return list(dict.fromkeys(i for i in [*named, *record.id_candidates] if i))


def _correction(record: DocumentRecord, note: str | None) -> tuple[bool, str | None]:
    """(is it a correction, the officer's reason): a document not waiting for review is
    changed only with a reason."""
    note = note.strip() if note and note.strip() else None
    if record.link_status == "review":
        return False, note
    if note is None:
        raise ReviewError("review.not_waiting", document=record.id, citizen=record.citizen_id)
    return True, note


def _apply(catalogue: Catalogue, record: DocumentRecord, action: str, officer: str, *, doc_type: str,
           type_confidence: float, citizen_id: str | None, link_status: str, reason: Reason | None,
           correction: tuple[bool, str | None] = (False, None), citizen_field: bool = False) -> DocumentRecord:
    """One decision: appended, and the document's state changed, in one transaction.
    `reason` None keeps the document's link reason as it was (a type correction)."""
    corrects, note = correction
    if reason is not None and corrects:
        reason = reason.plus(Reason(code="review.correction", params={"officer": officer, "note": note}))
    link_reason = render(reason, "en") if reason is not None else record.link_reason
    reason_code = reason if reason is not None else record.link_reason_code
    with catalogue.write():  # the decision, the document's change and its citizen field: one transaction
        append_decision(catalogue, ReviewDecision(
            at=now_utc(), document_id=record.id, action=action, officer=officer,
            doc_type_before=record.doc_type, doc_type_after=doc_type,
            citizen_before=record.citizen_id, citizen_after=citizen_id, link_status_after=link_status,
            reason_before=record.link_reason, kind="correction" if corrects else "review", note=note,
        ))
        catalogue.set_document_decision(record.id, doc_type=doc_type, type_confidence=type_confidence,
                                        citizen_id=citizen_id, link_status=link_status, link_reason=link_reason,
                                        link_reason_code=reason_code)
        if citizen_field:
            field_store.set_reviewed_citizen(catalogue, record.id, citizen_id)
    return _document(catalogue, record.id)


def _valid_id(citizen_id: str) -> str:
    citizen = normalise_id(citizen_id) or ""
    refusal = id_refusal(citizen)
    if refusal is not None:
        raise ReviewError("review.invalid_id", given=repr(citizen_id), problems=refusal.params["problems"])
    return citizen


def confirm(data_dir: Path, doc_id: str, officer: str, citizen_id: str | None = None) -> DocumentRecord:
    """Accept the proposed link (the ID given at ingest or the only ID on the page), or, with
    `citizen_id`, the link to that one of the IDs the document's evidence names (the citizen
    an officer searched for)."""
    officer = _officer(officer)
    with _deciding(data_dir, doc_id) as (catalogue, record):
        kind = load_taxonomy().get(record.doc_type)
        if citizen_id is not None:
            _correction(record, None)  # naming the citizen is for a waiting document: a linked one is relinked
            citizen = _valid_id(citizen_id)
            named = evidence_ids(catalogue, record)
            if citizen not in named:
                raise ReviewError("review.not_named", document=doc_id, citizen=citizen, named=named or None)
        else:
            citizen = record.citizen_id or proposed_citizen(catalogue, record)
        if citizen is None and kind.subject != "none":
            raise ReviewError("review.no_proposal", document=doc_id)
        reason = Reason(code="review.confirmed", params={"officer": officer, "citizen": citizen}) if citizen \
            else Reason(code="review.confirmed_no_citizen", params={"officer": officer})
        return _apply(catalogue, record, "confirm", officer, doc_type=record.doc_type,
                      type_confidence=record.type_confidence, citizen_id=citizen, link_status="linked",
                      reason=reason, citizen_field=citizen is not None)


def relink(data_dir: Path, doc_id: str, citizen_id: str, officer: str, note: str | None = None) -> DocumentRecord:
    """Link the document to the citizen the officer names (a valid CCCD number). A document
    not waiting for review is relinked only with a reason (`note`): a correction."""
    officer = _officer(officer)
    citizen = _valid_id(citizen_id)
    with _deciding(data_dir, doc_id) as (catalogue, record):
        return _apply(catalogue, record, "relink", officer, doc_type=record.doc_type,
                      type_confidence=record.type_confidence, citizen_id=citizen, link_status="linked",
                      reason=Reason(code="review.relinked", params={"citizen": citizen, "officer": officer}),
                      correction=_correction(record, note), citizen_field=True)


def retype(data_dir: Path, doc_id: str, doc_type: str, officer: str, note: str | None = None) -> DocumentRecord:
    """Correct the document's type. The link is left as it is (citizen, status, reason): a
    waiting document keeps waiting for its confirm or relink. A document not waiting for
    review is retyped only with a reason (`note`): a correction."""
    officer = _officer(officer)
    taxonomy = load_taxonomy()
    if doc_type not in taxonomy.types:
        raise ReviewError("review.unknown_type", doc_type=repr(doc_type), known=", ".join(taxonomy.keys()))
    with _deciding(data_dir, doc_id) as (catalogue, record):
        return _apply(catalogue, record, "retype", officer, doc_type=doc_type, type_confidence=1.0,
                      citizen_id=record.citizen_id, link_status=record.link_status, reason=None,
                      correction=_correction(record, note))


def retype_labels(catalogue: Catalogue) -> dict[str, str]:
    """document id -> the type an officer last gave it (labels for retraining)."""
    with catalogue.read() as c:
        return review_rows.last_retypes(c)


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


__all__ = ["ReviewError", "ReviewItem", "confirm", "evidence_ids", "pending_reviews", "relink", "retype",
           "review_lines", "retype_labels", "waiting_naming"]
