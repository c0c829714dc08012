"""The review queue for an acting officer: checked against the officer list and audited, then
carried out by pipeline/review.py. The CLI (`hoso review`) and the web review page call these.
A waiting document is reviewed at the centre that received it (access/reach.py); a
province_supervisor reviews every centre's."""

from __future__ import annotations

from access import audit
from access.models import Actor
from access.officers import authorize_at
from access.reach import at_home, document_centres
from index.models import DocumentRecord
from pipeline import review
from pipeline.datadir import DataDir
from pipeline.query import centres_of, check_reach_of, refusal_target
from pipeline.review import ReviewItem


def pending(data: DataDir, actor: Actor) -> list[ReviewItem]:
    officer = authorize_at(data.catalogue, actor, "review")
    items = review.pending_reviews(data.root)
    centres = centres_of(data, [i.id for i in items])
    items = [i for i in items if at_home(officer, actor, centres.get(i.id))]
    audit.record(data.catalogue, officer, actor, "review_list",
                 seen=[(i.id, i.proposed_citizen_id) for i in items],
                 document_centres=document_centres(centres.get(i.id) for i in items))
    return items


def _decided(data: DataDir, actor: Actor, action: str, doc_id: str, decide, note: str | None = None) -> DocumentRecord:
    officer = authorize_at(data.catalogue, actor, "review", **refusal_target(data, doc_id))
    check_reach_of(data, officer, actor, "review", doc_id)
    record = decide(officer.name)
    detail = f"{record.doc_type}, {record.link_status}" + (f"; correction: {note.strip()}" if note and note.strip() else "")
    audit.record(data.catalogue, officer, actor, f"review_{action}", citizen_id=record.citizen_id,
                 seen=[(record.id, record.citizen_id)], detail=detail, document_centres=document_centres([record.centre]))
    return record


def confirm(data: DataDir, doc_id: str, actor: Actor, citizen_id: str | None = None) -> DocumentRecord:
    """Accept the proposed link; with `citizen_id`, the link to that ID the document names."""
    return _decided(data, actor, "confirm", doc_id, lambda name: review.confirm(data.root, doc_id, name, citizen_id))


def relink(data: DataDir, doc_id: str, citizen_id: str, actor: Actor, note: str | None = None) -> DocumentRecord:
    """`note`: the reason, required when the document is not waiting for review (a correction)."""
    return _decided(data, actor, "relink", doc_id, lambda name: review.relink(data.root, doc_id, citizen_id, name, note),
                    note)


def retype(data: DataDir, doc_id: str, doc_type: str, actor: Actor, note: str | None = None) -> DocumentRecord:
    """`note`: the reason, required when the document is not waiting for review (a correction)."""
    return _decided(data, actor, "retype", doc_id, lambda name: review.retype(data.root, doc_id, doc_type, name, note),
                    note)
