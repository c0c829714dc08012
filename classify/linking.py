"""Which citizen a document belongs to, or why a person has to decide.

Attaching a paper to the wrong citizen discloses it to someone else: the worst error the
product can make. So a document is linked only on consistent evidence, and anything
doubtful goes to review unlinked (citizen_id None).

The evidence is the operator's ID (typed or read from the card's QR code at the counter)
and the IDs printed on the document. The document type's `subject` says whose IDs those
are: "single" - the owner's (ID card, application, diploma); "multi" - possibly other
people's (a birth certificate shows the parents', a marriage certificate the spouse's).

Decisions, in order:
- subject "none" (administrative documents): not a citizen's paper. citizen_id None and
  status "linked": the link decision is settled, nobody needs to review it. (The record
  contract has only "linked" and "review"; "review" would flood the queue with letters
  that have no owner to find.) The fallback type is not treated so: an unrecognised
  paper may well be a citizen's, so it follows the rules below and, without an
  operator's ID, goes to review.
- operator's ID given: invalid structure -> review; printed on the document -> linked;
  no ID printed -> linked (the operator's word is the only evidence and nothing
  contradicts it); only other IDs printed -> review.
- no operator's ID: no ID printed -> review; unrecognised type or subject "multi" ->
  review (the ID may be someone else's); subject "single" with exactly one valid
  12-digit ID -> linked; several, or an invalid one -> review.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel
from rapidfuzz.distance import Hamming

from classify.citizen_id import check_cccd
from classify.taxonomy import DocType, Taxonomy


class LinkDecision(BaseModel):
    citizen_id: str | None  # None unless status is "linked" to a citizen
    status: Literal["linked", "review"]
    reason: str


def normalise_id(value: str | None) -> str | None:
    """The ID as typed: spaces/dots dropped; a whole QR payload reduced to its first field."""
    if value is None:
        return None
    first = value.split("|", 1)[0]
    cleaned = "".join(c for c in first if c not in " .-\t")
    return cleaned or None


def _distinct(values: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for value in values:
        cleaned = normalise_id(value)
        if cleaned:
            seen.setdefault(cleaned, None)
    return list(seen)


def _review(reason: str) -> LinkDecision:
    return LinkDecision(citizen_id=None, status="review", reason=reason)


def _linked(citizen_id: str | None, reason: str) -> LinkDecision:
    return LinkDecision(citizen_id=citizen_id, status="linked", reason=reason)


def _listing(values: list[str]) -> str:
    return ", ".join(values)


def _who_else(doc_type: DocType, unknown: bool, plural: bool) -> str:
    it, belongs = ("they", "may belong") if plural else ("it", "may belong")
    if unknown:
        return f" The document type is not recognised, so {it} {belongs} to someone else."
    if doc_type.subject == "multi":
        return f" On a {doc_type.name_vi} {it} {belongs} to a parent, spouse or other party."
    return ""


def _ids_phrase(ids: list[str]) -> str:
    return f"{'ID' if len(ids) == 1 else 'IDs'} on the page ({_listing(ids)})"


def _near_miss(operator_id: str, others: list[str]) -> str:
    close = [v for v in others if len(v) == len(operator_id) and Hamming.distance(v, operator_id) == 1]
    return f" {close[0]} differs by one digit: possibly an OCR error, check the page." if close else ""


def _with_operator(operator_id: str, ids: list[str], doc_type: DocType, unknown: bool, today: date | None) -> LinkDecision:
    problems = check_cccd(operator_id, today=today)
    if problems:
        return _review(f"The operator's ID {operator_id} is not a valid CCCD number: {'; '.join(problems)}.")
    if operator_id in ids:
        return _linked(operator_id, f"The operator's ID {operator_id} is printed on the document.")
    if not ids:
        return _linked(operator_id, f"No ID is printed on the document; linked to the operator's ID {operator_id}.")
    return _review(
        f"The {_ids_phrase(ids)} differ{'s' if len(ids) == 1 else ''} from the operator's "
        f"{operator_id}.{_near_miss(operator_id, ids)}{_who_else(doc_type, unknown, len(ids) > 1)}"
    )


def _without_operator(ids: list[str], doc_type: DocType, unknown: bool, today: date | None) -> LinkDecision:
    if not ids:
        return _review("No citizen ID found on the document and no operator ID given.")
    if unknown or doc_type.subject == "multi":
        return _review(
            f"No operator ID given, and the {_ids_phrase(ids)} cannot be taken as the owner's."
            f"{_who_else(doc_type, unknown, len(ids) > 1)}"
        )
    invalid = {v: check_cccd(v, today=today) for v in ids if len(v) == 12}
    invalid = {v: p for v, p in invalid.items() if p}
    if invalid:
        value, problems = next(iter(invalid.items()))
        return _review(f"The ID {value} on the document fails the structure check: {'; '.join(problems)}.")
    valid = [v for v in ids if len(v) == 12]
    if not valid:
        return _review(f"No 12-digit ID on the document, only {_listing(ids)} (an old CMND?): the owner cannot be confirmed.")
    if len(valid) > 1:
        return _review(f"Several IDs on the document ({_listing(valid)}): the owner is not clear.")
    return _linked(valid[0], f"The only ID on the document, {valid[0]}, is well-formed.")


def decide_link(
    doc_type: str,
    operator_id: str | None,
    ids_on_document: list[str],
    taxonomy: Taxonomy,
    today: date | None = None,
) -> LinkDecision:
    """Link the document to a citizen only when the evidence agrees; else send it to review."""
    kind = taxonomy.get(doc_type)
    unknown = doc_type not in taxonomy.types or doc_type == taxonomy.fallback
    ids = _distinct(ids_on_document)
    operator = normalise_id(operator_id)
    if kind.subject == "none" and not unknown:
        note = f" The operator's ID {operator} was not applied." if operator else ""
        return _linked(None, f"Not a citizen's paper: no citizen link needed ({kind.name_vi}).{note}")
    if operator:
        return _with_operator(operator, ids, kind, unknown, today)
    return _without_operator(ids, kind, unknown, today)
