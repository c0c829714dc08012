"""Which citizen a document belongs to, or why a person has to decide.

Attaching a paper to the wrong citizen discloses it to someone else: the worst error the
product can make. So a document is linked only on consistent evidence, and anything
doubtful goes to review unlinked (citizen_id None).

The evidence (`LinkEvidence`): the dossier's citizen as given from outside the page - the
operator's ID (typed or read from the card's QR code at the counter), a hot folder's
manifest, the cover sheet, or
the one person identified by the stack's ID card or application - and what the page says about its owner: the
CCCD QR code or the check-digit-verified MRZ (the card's holder), the ID printed in the
subject's own field (`classify.subject_id`), a card on file whose holder's name and date
of birth are printed on the page, and all IDs printed on it. The document type's `subject` says whose IDs those
are: "single" - the owner's (ID card, application, diploma); "multi" - possibly other
people's (a birth certificate shows the parents', a marriage certificate the spouse's).

First the page's own evidence is reduced to one owner: QR/MRZ, the subject's field and a
matching card on file must agree (otherwise review). Then, with a dossier citizen given
(issue 16: the given word links what does not contradict it):
- an invalid ID given -> review;
- the page's owner known and another (QR, MRZ, subject field; on a paper about several
  people a card on file only names one party, not the owner) -> review: the ID given may be
  a parent's, a spouse's or the wrong dossier's. Except an owner read by OCR (the subject's
  field) one digit from the ID given, when the card on file for that ID names the page's
  person (name and birth date): the digit was misread -> linked. When the citizen is a party
  on that other person's paper (a child's birth certificate), it waits without saying the
  file's ID is wrong (basis "page");
- the owner is the citizen given -> linked, unless the holder's date of birth contradicts
  the ID's century/sex and year digits;
- the holder's date of birth against the ID's digits, and the one person's name or birth
  date read on the page against the card on file for the ID given (`claimed_cards`): a
  disagreement -> review;
- the ID given printed -> linked;
- the card on file for the ID given names its holder on the page (name and birth date): a
  paper about several people -> linked (they are a party), about one person -> linked when
  no other valid ID is printed but ones a digit from the ID given (misreads);
- other valid IDs printed: about one person -> review, a contradiction (with a hint when an
  ID is one digit off or has two digits swapped); about several people or unrecognised ->
  review, the citizen is not among the parties (no contradiction of the file's ID); an old
  9-digit CMND number only -> review (it cannot be compared with a CCCD number), without
  holding the file;
- nothing printed names anyone (no ID, or only 12-digit numbers that fail the structure
  check: misreads, not people) -> linked on the given word (basis "claim_only"), unless the
  text could not be read at all (then nothing could contradict it: review) or the citizen is
  only the stack's one identified person (an inference: review).
Without a dossier citizen: the page's owner (QR, MRZ, subject field, card on file) ->
linked. When the page names no owner, the older rules apply:
- subject "none" (administrative documents), an ID given or not: not a citizen's paper. citizen_id None and
  status "linked": the link decision is settled, nobody needs to review it. (The record
  contract has only "linked" and "review"; "review" would flood the queue with letters
  that have no owner to find.) The fallback type is not treated so: an unrecognised
  paper may well be a citizen's, so it follows the rules below and, without an
  operator's ID, goes to review.
- no operator's ID: no ID printed -> review; unrecognised type or subject "multi" ->
  review (the ID may be someone else's); subject "single" with exactly one valid
  12-digit ID -> linked; several, or an invalid one -> review.

Every decision carries its reason as a code with parameters (`reason_code`, worded per
channel by classify/reasons.py; templates in classify/link_texts.py) and, as `reason`, the
same reason worded in English. `basis` says what the decision rests on, so that a file's
other documents can be held back when one of them contradicts the ID given for the file.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, model_validator
from rapidfuzz.distance import Hamming

from classify.card_match import CardOnFile, disagreements
from classify.citizen_id import check_cccd, decode_cccd, structure_problems
from classify.reasons import Reason, render
from classify.taxonomy import DocType, Taxonomy


ClaimSource = Literal["operator", "manifest", "cover", "stack_card"]
OwnSource = Literal["qr", "mrz", "subject_field", "card_on_file"]
# What a decision rests on: "claim_only" - the given ID alone (nothing on the page names
# anyone); "contradicts" - the page contradicts the given ID; "page" - the page's evidence.
Basis = Literal["page", "claim_only", "contradicts", "none"]


def _r(_code: str, **params) -> Reason:
    return Reason(code=_code, params=params)


def _given(source: str) -> Reason:
    return _r(f"link.by.{source}")


def _how(source: str) -> Reason:
    return _r(f"link.own.{source}")


class LinkEvidence(BaseModel):
    """Everything known about whose document this is (see the module's docstring)."""

    claimed: str | None = None  # the dossier's citizen, given from outside the page
    claimed_source: ClaimSource = "operator"
    ids: list[str] = []  # every 12-digit ID read on the document
    # The page's own statement of its owner, by source (each a list: two different IDs
    # from one source is itself a conflict).
    own: dict[str, list[str]] = {}
    # The date of birth of the one person the document is about, as read on it (None: not
    # read, or the document is about several people).
    birth_date: date | None = None
    # Tesseract's mean word confidence on the document (None: not known). Below
    # LEGIBLE_CONFIDENCE the text is garbage (a page read upside down, a blurred phone
    # photo): that no ID is printed on it means nothing.
    ocr_confidence: float | None = None
    # The name of the one person the document is about, as read (None: not read, or the
    # document is about several people).
    holder_name: str | None = None
    # The cards on file (the catalogue's, the file's other cards) for the claimed ID, and
    # whether one's holder - full name and birth date - is printed on the page.
    claimed_cards: list[CardOnFile] = []
    claimed_named: bool = False
    # Whether the name of a card on file for the claimed ID is printed on the page at all
    # (without its date of birth): a legible paper that never names the citizen is not
    # linked to them on the operator's word alone.
    claimed_name_printed: bool = False


LEGIBLE_CONFIDENCE = 50.0  # the sample batches: unreadable pages score 22-32, read pages 80 and more


class LinkDecision(BaseModel):
    citizen_id: str | None  # None unless status is "linked" to a citizen
    status: Literal["linked", "review"]
    reason: str = ""  # in English, rendered from reason_code when not given
    reason_code: Reason | None = None
    basis: Basis = "page"

    @model_validator(mode="after")
    def _worded(self) -> "LinkDecision":
        if self.reason_code is None:
            self.reason_code = Reason(code="unknown", params={"text": self.reason})
        elif not self.reason:
            self.reason = render(self.reason_code, "en")
        return self

    def because(self, reason: Reason, **update) -> "LinkDecision":
        """This decision with another reason (its English wording follows)."""
        return self.model_copy(update={**update, "reason_code": reason, "reason": render(reason, "en")})


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


def _review(reason: Reason, basis: Basis = "page") -> LinkDecision:
    return LinkDecision(citizen_id=None, status="review", reason_code=reason, basis=basis)


def _linked(citizen_id: str | None, reason: Reason, basis: Basis = "page") -> LinkDecision:
    return LinkDecision(citizen_id=citizen_id, status="linked", reason_code=reason, basis=basis)


def _who_else(doc_type: DocType, unknown: bool, plural: bool) -> Reason | None:
    suffix = "_plural" if plural else ""
    if unknown:
        return _r(f"link.other.unknown{suffix}")
    if doc_type.subject == "multi":
        return _r(f"link.other.multi{suffix}", type_name=doc_type.name_vi)
    return None


def _one_digit(a: str, b: str) -> bool:
    return len(a) == len(b) and Hamming.distance(a, b) == 1


def _swapped(a: str, b: str) -> bool:
    """Two neighbouring digits swapped: what a hurried typist does."""
    diff = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
    return len(a) == len(b) and len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] \
        and a[diff[1]] == b[diff[0]]


def _near_miss(operator_id: str, others: list[str]) -> Reason | None:
    close = [v for v in others if _one_digit(v, operator_id)]
    if close:
        return _r("link.near_miss", close=close[0])
    swapped = [v for v in others if _swapped(v, operator_id)]
    return _r("link.swapped", close=swapped[0]) if swapped else None


def _other_birth_year(value: str, birth_date: date | None) -> int | None:
    """The birth year an ID's digits 4-6 (century/sex and year) say, when a date of birth
    read for its holder says another; None when they agree or no date was read."""
    if birth_date is None:
        return None
    _, _, year = decode_cccd(value)
    return None if birth_date.year == year else year


def _birth_contradiction(claimed: str, birth_date: date | None, given: Reason) -> Reason | None:
    """The holder's date of birth against the claimed ID's digits."""
    year = _other_birth_year(claimed, birth_date)
    if year is None:
        return None
    return _r("link.birth_contradicts", birth_date=birth_date.strftime("%d/%m/%Y"), given=given, claimed=claimed,
              year=str(year))


def _card_contradiction(claimed: str, evidence: LinkEvidence, given: Reason) -> Reason | None:
    """The one person the page is about, as read, against the cards on file for the claimed
    ID: a contradiction when every such card disagrees (its name or its date of birth)."""
    found = []
    for card in evidence.claimed_cards:
        wrong = disagreements(card, evidence.holder_name, evidence.birth_date)
        if not wrong:
            return None
        found.append((card, wrong))
    if not found:
        return None
    card, wrong = found[0]
    on_card = f"{card.full_name}, {card.birth_date.strftime('%d/%m/%Y')}"
    read = {"name": evidence.holder_name, "birth_date": evidence.birth_date.strftime("%d/%m/%Y")
            if evidence.birth_date else None}
    parts = [_r(f"link.card_{what}_differs", read=read[what], given=given, claimed=claimed, on_card=on_card)
             for what in wrong]
    return parts[0].plus(*parts[1:])


def _claim_contradiction(claimed: str, evidence: LinkEvidence, given: Reason) -> Reason | None:
    return _birth_contradiction(claimed, evidence.birth_date, given) or _card_contradiction(claimed, evidence, given)


def _against_owner(claimed: str, owner: str, sources: list[str], kind: DocType, unknown: bool, ids: list[str],
                   evidence: LinkEvidence) -> LinkDecision:
    """The page names its owner and the claimed ID is another: review, unless the owner's ID
    is one OCR misread from the claimed one (the subject's field, never a code) and the card
    on file for the claimed ID names the page's person."""
    given = _given(evidence.claimed_source)
    how = _joined([_how(s) for s in sources])
    read_by_ocr = "qr" not in sources and "mrz" not in sources
    if read_by_ocr and _one_digit(owner, claimed) and evidence.claimed_named:
        return _linked(claimed, _r("link.misread_confirmed", how=how, owner=owner, given=given, claimed=claimed))
    multi = unknown or kind.subject == "multi"
    party = multi and (claimed in ids or evidence.claimed_named)
    differs = _r("link.own_differs", how=how, owner=owner, given=given, claimed=claimed)
    notes = [_near_miss(claimed, [owner]), _who_else(kind, unknown, False),
             _r("link.claim_is_party", given=given, claimed=claimed) if party else None]
    # Another person's paper naming the citizen as a party (a child's birth certificate in
    # the parent's dossier) is not theirs, but it does not say the ID given for the file is wrong.
    basis: Basis = "page" if evidence.claimed_source == "stack_card" or party else "contradicts"
    return _review(differs.plus(*notes), basis)


def _with_operator(operator_id: str, ids: list[str], doc_type: DocType, unknown: bool, today: date | None,
                   evidence: LinkEvidence, owner: str | None = None, sources: list[str] = ()) -> LinkDecision:
    source = evidence.claimed_source
    given = _given(source)
    problems = structure_problems(operator_id, today=today)
    if problems:
        return _review(_r("link.claim_invalid", given=given, claimed=operator_id, problems=problems))
    multi = unknown or doc_type.subject == "multi"
    if owner and owner != operator_id and not (multi and set(sources) == {"card_on_file"}):
        return _against_owner(operator_id, owner, list(sources), doc_type, unknown, ids, evidence)
    if owner == operator_id:  # the page states the ID itself: only the ID's own digits can gainsay it
        contradiction = _birth_contradiction(operator_id, evidence.birth_date, given)
        if contradiction:
            return _review(contradiction, "contradicts")
        how = _joined([_how(s) for s in sources])
        return _linked(owner, _r("link.claim_agrees", given=given, claimed=operator_id, how=how))
    contradiction = _claim_contradiction(operator_id, evidence, given)
    if contradiction:
        return _review(contradiction, "contradicts")
    if operator_id in ids:
        return _linked(operator_id, _r("link.claim_printed", given=given, claimed=operator_id))
    return _on_other_numbers(operator_id, ids, doc_type, unknown, today, evidence)


def _on_other_numbers(operator_id: str, ids: list[str], doc_type: DocType, unknown: bool, today: date | None,
                      evidence: LinkEvidence) -> LinkDecision:
    """The ID given is not printed and the page names no owner: what the numbers it prints
    (valid IDs, misreads, old CMND numbers) and the card on file for the ID given say."""
    source = evidence.claimed_source
    given = _given(source)
    multi = unknown or doc_type.subject == "multi"
    twelve = [v for v in ids if len(v) == 12]
    misread = [v for v in twelve if structure_problems(v, today=today)]
    others = [v for v in twelve if v not in misread]
    if evidence.claimed_named and (multi or all(_one_digit(v, operator_id) for v in others)):
        code = ("link.claim_party_named" if multi else "link.misread_confirmed_ids" if others
                else "link.claim_card_named")
        return _linked(operator_id, _r(code, given=given, claimed=operator_id, ids=others))
    if others or len(twelve) < len(ids):  # a valid ID that is not the one given, or an old CMND's number
        shown = others or ids
        other = _who_else(doc_type, unknown, len(shown) > 1)
        differs = _r("link.id_differs" if len(shown) == 1 else "link.ids_differ", ids=shown, given=given,
                     claimed=operator_id)
        not_party = _r("link.not_party", given=given, claimed=operator_id) if multi and others else None
        # Only a paper about one person printing another valid ID contradicts the ID given:
        # elsewhere the ID may be another party's, and an old CMND number is another numbering.
        basis: Basis = "contradicts" if others and other is None and source != "stack_card" else "page"
        return _review(differs.plus(_near_miss(operator_id, shown), other, not_party), basis)
    # Nothing printed names anyone (structurally invalid numbers are misreads, not people).
    if source == "stack_card":  # a card elsewhere in the stack is an inference, not anyone's statement
        return _review(_r("link.stack_unconfirmed", given=given, claimed=operator_id))
    if evidence.ocr_confidence is not None and evidence.ocr_confidence < LEGIBLE_CONFIDENCE:
        return _review(_r("link.claim_unreadable", confidence=f"{evidence.ocr_confidence:.0f}", given=given,
                          claimed=operator_id))
    if doc_type.states_holder_id:  # the card states its holder's number: unread, nothing confirms the word
        return _review(_r("link.card_number_unread", given=given, claimed=operator_id))
    if evidence.claimed_cards and not evidence.claimed_name_printed:
        card = evidence.claimed_cards[0]
        return _review(_r("link.claim_name_absent", given=given, claimed=operator_id, name=card.full_name))
    reason = _r("link.claim_only", given=given, claimed=operator_id)
    if misread:
        reason = _r("link.claim_only_misread", given=given, claimed=operator_id, ids=misread)
    return _linked(operator_id, reason, "claim_only")


def _without_operator(ids: list[str], doc_type: DocType, unknown: bool, today: date | None,
                      birth_date: date | None = None) -> LinkDecision:
    if not ids:
        return _review(_r("link.no_evidence"), "none")
    if unknown or doc_type.subject == "multi":
        code = "link.id_not_owner" if len(ids) == 1 else "link.ids_not_owner"
        return _review(_r(code, ids=ids).plus(_who_else(doc_type, unknown, len(ids) > 1)))
    for value in (v for v in ids if len(v) == 12):
        problems = structure_problems(value, today=today)
        if problems:
            return _review(_r("link.printed_invalid", value=value, problems=problems))
    valid = [v for v in ids if len(v) == 12]
    if not valid:
        return _review(_r("link.only_cmnd", ids=ids))
    if len(valid) > 1:
        return _review(_r("link.several_ids", ids=valid))
    year = _other_birth_year(valid[0], birth_date)
    if year is not None:  # another number of 12 digits (a driving licence's own number): not the holder's ID
        return _review(_r("link.printed_birth_contradicts", id=valid[0], birth_date=birth_date.strftime("%d/%m/%Y"),
                          year=str(year)))
    return _linked(valid[0], _r("link.only_id", id=valid[0]))


def decide_link(
    doc_type: str,
    operator_id: str | None,
    ids_on_document: list[str],
    taxonomy: Taxonomy,
    today: date | None = None,
) -> LinkDecision:
    """Link the document to a citizen only when the evidence agrees; else send it to review."""
    return decide_link_on(doc_type, LinkEvidence(claimed=operator_id, ids=ids_on_document), taxonomy, today)


def _joined(parts: list[Reason]) -> Reason:
    return parts[0] if len(parts) == 1 else _r("link.and", a=parts[0], b=_joined(parts[1:]))


def _page_owner(own: dict[str, list[str]], today: date | None) -> tuple[str | None, list[str], Reason | None]:
    """(owner, the sources on the page that say so, conflict) from the page's own evidence."""
    said = {source: _distinct(values) for source, values in own.items() if _distinct(values)}
    said = {source: [v for v in values if not check_cccd(v, today=today)] for source, values in said.items()}
    said = {source: values for source, values in said.items() if values}
    for source, values in said.items():
        if len(values) > 1:
            return None, [], _r("link.own_several", how=_how(source), ids=values)
    owners = {values[0] for values in said.values()}
    if len(owners) > 1:
        parts = [_r("link.own.says", how=_how(s), id=v[0]) for s, v in said.items()]
        return None, [], _r("link.own_disagree", parts=parts)
    if not owners:
        return None, [], None
    return owners.pop(), list(said), None


def decide_link_on(doc_type: str, evidence: LinkEvidence, taxonomy: Taxonomy, today: date | None = None) -> LinkDecision:
    """Link on all the evidence: the dossier's citizen and the page's own statement of its owner."""
    kind = taxonomy.get(doc_type)
    unknown = doc_type not in taxonomy.types or doc_type == taxonomy.fallback
    ids = _distinct(evidence.ids)
    claimed = normalise_id(evidence.claimed)
    source = evidence.claimed_source
    given = _given(source)
    if kind.subject == "none" and not unknown:
        reason = _r("link.not_citizen_paper", type_name=kind.name_vi)
        if claimed and source != "stack_card":
            reason = reason.plus(_r("link.claim_not_applied", given=given, claimed=claimed))
        return _linked(None, reason, "none")
    owner, sources, conflict = _page_owner(evidence.own, today)
    if conflict:
        return _review(conflict.plus(_r("link.claim_is", given=given, claimed=claimed) if claimed else None))
    if claimed:
        return _with_operator(claimed, ids, kind, unknown, today, evidence, owner, sources)
    if owner:
        how = _joined([_how(s) for s in sources])
        return _linked(owner, _r("link.own_names", how=how, owner=owner))
    return _without_operator(ids, kind, unknown, today, evidence.birth_date)
