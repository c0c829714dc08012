"""Which citizen a document belongs to, or why a person has to decide.

Attaching a paper to the wrong citizen discloses it to someone else: the worst error the
product can make. So a document is linked only on consistent evidence, and anything
doubtful goes to review unlinked (citizen_id None).

The evidence (`LinkEvidence`): the dossier's citizen as given from outside the page - the
operator's ID (typed or read from the card's QR code at the counter), the cover sheet, or
the one person identified by the stack's ID card or application - and what the page says about its owner: the
CCCD QR code or the check-digit-verified MRZ (the card's holder), the ID printed in the
subject's own field (`classify.subject_id`), a card on file whose holder's name and date
of birth are printed on the page, and all IDs printed on it. The document type's `subject` says whose IDs those
are: "single" - the owner's (ID card, application, diploma); "multi" - possibly other
people's (a birth certificate shows the parents', a marriage certificate the spouse's).

First the page's own evidence is reduced to one owner: QR/MRZ, the subject's field and a
matching card on file must agree (otherwise review); then:
- a dossier citizen given and the page's owner known: they agree -> linked, they differ ->
  review (the ID may be a parent's, a spouse's, or the wrong dossier's);
- no dossier citizen: the page's owner (QR, MRZ, subject field, card on file) -> linked.
When the page names no owner, the older rules apply:
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


ClaimSource = Literal["operator", "cover", "stack_card"]
_CLAIMED_BY = {"operator": "the operator's ID", "cover": "the cover sheet's ID",
               "stack_card": "the one person identified in the same stack (ID card, application)"}
OwnSource = Literal["qr", "mrz", "subject_field", "card_on_file"]
_OWN_BY = {"qr": "the card's QR code", "mrz": "the card's machine-readable zone",
           "subject_field": "the subject's ID field", "card_on_file": "the name and birth date of a card on file"}


class LinkEvidence(BaseModel):
    """Everything known about whose document this is (see the module's docstring)."""

    claimed: str | None = None  # the dossier's citizen, given from outside the page
    claimed_source: ClaimSource = "operator"
    ids: list[str] = []  # every 12-digit ID read on the document
    # The page's own statement of its owner, by source (each a list: two different IDs
    # from one source is itself a conflict).
    own: dict[str, list[str]] = {}


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


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


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


def _with_operator(operator_id: str, ids: list[str], doc_type: DocType, unknown: bool, today: date | None,
                   source: ClaimSource = "operator") -> LinkDecision:
    given = _CLAIMED_BY[source]
    problems = check_cccd(operator_id, today=today)
    if problems:
        return _review(f"{_cap(given)} {operator_id} is not a valid CCCD number: {'; '.join(problems)}.")
    if operator_id in ids:
        return _linked(operator_id, f"{_cap(given)} {operator_id} is printed on the document.")
    if not ids and source != "stack_card":
        return _linked(operator_id, f"No ID is printed on the document; linked to {given} {operator_id}.")
    if not ids:  # a card elsewhere in the stack is an inference, not anyone's statement
        return _review(f"No ID is printed on the document; {given} is {operator_id}, but nothing on the page "
                       f"confirms it is theirs.")
    return _review(
        f"The {_ids_phrase(ids)} differ{'s' if len(ids) == 1 else ''} from {given} "
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
    return decide_link_on(doc_type, LinkEvidence(claimed=operator_id, ids=ids_on_document), taxonomy, today)


def _page_owner(own: dict[str, list[str]], today: date | None) -> tuple[str | None, str | None, str | None]:
    """(owner, how the page says so, conflict) from the page's own evidence."""
    said = {source: _distinct(values) for source, values in own.items() if _distinct(values)}
    said = {source: [v for v in values if not check_cccd(v, today=today)] for source, values in said.items()}
    said = {source: values for source, values in said.items() if values}
    for source, values in said.items():
        if len(values) > 1:
            return None, None, f"{_cap(_OWN_BY[source])} gives several IDs ({_listing(values)})."
    owners = {values[0] for values in said.values()}
    if len(owners) > 1:
        parts = "; ".join(f"{_OWN_BY[s]} says {v[0]}" for s, v in said.items())
        return None, None, f"The page's own evidence disagrees: {parts}."
    if not owners:
        return None, None, None
    owner = owners.pop()
    return owner, " and ".join(_OWN_BY[s] for s in said), None


def decide_link_on(doc_type: str, evidence: LinkEvidence, taxonomy: Taxonomy, today: date | None = None) -> LinkDecision:
    """Link on all the evidence: the dossier's citizen and the page's own statement of its owner."""
    kind = taxonomy.get(doc_type)
    unknown = doc_type not in taxonomy.types or doc_type == taxonomy.fallback
    ids = _distinct(evidence.ids)
    claimed = normalise_id(evidence.claimed)
    given = _CLAIMED_BY[evidence.claimed_source]
    if kind.subject == "none" and not unknown:
        note = f" {_cap(given)} {claimed} was not applied." if claimed and evidence.claimed_source != "stack_card" else ""
        return _linked(None, f"Not a citizen's paper: no citizen link needed ({kind.name_vi}).{note}")
    owner, how, conflict = _page_owner(evidence.own, today)
    if conflict:
        return _review(conflict + (f" {_cap(given)} is {claimed}." if claimed else ""))
    if claimed and owner:
        if check_cccd(claimed, today=today):
            return _with_operator(claimed, ids, kind, unknown, today, evidence.claimed_source)
        if claimed == owner:
            return _linked(owner, f"{_cap(given)} {claimed} agrees with {how}.")
        return _review(f"{_cap(how)} names {owner}, but {given} is {claimed}.{_near_miss(claimed, [owner])}"
                       f"{_who_else(kind, unknown, False)}")
    if owner:
        return _linked(owner, f"{_cap(how)} names {owner}.")
    if claimed:
        return _with_operator(claimed, ids, kind, unknown, today, evidence.claimed_source)
    return _without_operator(ids, kind, unknown, today)
