"""Evidence for linking each document of a file, and the decisions (pure).

Per document: the dossier's citizen from the operator or the cover sheet (group_link),
the page's own statement (QR, MRZ, the subject's ID field, a card on file named on the
page), and every ID printed. Then, per group of pages (a cover sheet's group, or the whole
file), the stack's person: when nobody gave the dossier's citizen and the group's papers
that name one person only (ID cards, applications, confirmations: subject "single") were
all linked on their own evidence to the same citizen, that citizen is the group's. Two
people identified in one stack (two dossiers) give no stack person. It only fills gaps,
and never where the page could name its own subject:
- a type whose subject field is defined (birth, death, residence papers) but not found
  stays in review (a parent's ID must not make the child's certificate theirs);
- a document of an unrecognised type is linked to the stack's citizen only when theirs is
  the only ID on it; a paper of equal parties (marriage, contract, land, attorney) when
  theirs is among the IDs printed.

For the ID given (operator, manifest, cover sheet, or the stack's person) the same cards
say more: those of that ID, held against the name and birth date of the one person a paper
is about, and whether their holder is named on it (a party of a marriage certificate).

A document is never evidence for itself: the cards it is matched against ("a card on
file") are the catalogue's and the file's other cards, and only those whose ID the card
itself gives (QR, MRZ, printed), never one that got its ID from the operator or the cover
sheet. When one document of a file contradicts the ID given for it (operator, manifest or
cover sheet), the documents linked on that ID's word alone wait for review too, with that
conflict as their reason: the ID was given for the file, and the file disagrees.
"""

from __future__ import annotations

from datetime import date

from classify.card_match import CardOnFile, cards_named, name_printed, named_on
from classify.citizen_id import find_citizen_ids
from classify.fields import Field, fields_from_text, merge
from classify.linking import LinkDecision, LinkEvidence, decide_link_on, normalise_id
from classify.reasons import Reason
from classify.subject_id import card_holder_id, equal_parties, subject_id
from classify.taxonomy import Taxonomy
from ocr.wordpack import words_from_json
from pipeline.assemble import DraftDocument
from pipeline.group_link import GroupContext, group_context
from pipeline.models import IngestOptions

CARD_TYPES = ("cccd", "cmnd")


def document_subject(draft: DraftDocument, taxonomy: Taxonomy) -> str | None:
    lead = draft.lead
    candidates = find_citizen_ids(lead.outcome.text)
    kind = taxonomy.get(lead.doc_type)
    found = subject_id(lead.outcome.text, candidates, kind)
    if found is None and kind.states_holder_id:  # a card without a readable code: its face's number
        found = card_holder_id(lead.outcome.text, candidates)
    return found


def document_fields(draft: DraftDocument, subject: str | None, context: GroupContext) -> list[Field]:
    """The document's fields: codes read on its pages, then the lead page's printed text."""
    lead = draft.lead
    coded = [f for page in draft.pages for f in page.fields]
    printed = fields_from_text(lead.outcome.text, subject, lead.outcome.ocr_confidence,
                               words_from_json(lead.outcome.words_json))
    given = []
    # The page stating the given ID itself is kept as the page's statement (a card read with
    # the operator's ID is then a card on file for later papers, not the operator's word again).
    stated = any(f.name == "citizen_id" and f.value == context.citizen_id for f in (*coded, *printed))
    if context.citizen_id and context.problem is None and not stated:
        source = "cover" if draft.cover is not None else "operator"  # a manifest's ID counts as the operator's
        given = [Field(name="citizen_id", value=context.citizen_id, source=source,
                       confidence=0.95 if source == "cover" else 0.9)]
    # What the page says outranks what was given for it; a given ID only fills a gap.
    return merge(coded, printed, given) if coded or printed else given


def _own(draft: DraftDocument, subject: str | None, cards: list[CardOnFile]) -> dict[str, list[str]]:
    own: dict[str, list[str]] = {"qr": [], "mrz": []}
    for page in draft.pages:
        for source, values in page.own.items():
            own.setdefault(source, []).extend(values)
    if subject:
        own["subject_field"] = [subject]
    named = cards_named("\n".join(p.outcome.text for p in draft.pages), draft.citizen_ids, cards)
    if len(named) == 1:  # two holders named: a family paper, not proof of either
        own["card_on_file"] = named
    return own


def is_card(draft: DraftDocument) -> bool:
    """An ID card: so classified, or its QR code or MRZ was read (whatever the text says)."""
    return draft.lead.doc_type in CARD_TYPES or any(v for p in draft.pages for v in p.own.values())


GIVEN_SOURCES = ("operator", "cover")  # field sources that are someone's word, not the card's


def _cards_of(drafts: list[DraftDocument], fields: list[list[Field]]) -> list[tuple[int, CardOnFile]]:
    """(position, name + birth date) of the ID cards in this file whose ID the card itself
    gives (QR, MRZ, printed): a card that took its ID from the operator proves nothing."""
    cards = []
    for index, (draft, found) in enumerate(zip(drafts, fields)):
        if not is_card(draft):
            continue
        by = {f.name: f for f in found}
        if all(by.get(n) for n in ("citizen_id", "full_name", "birth_date")) \
                and by["citizen_id"].source not in GIVEN_SOURCES:
            cards.append((index, CardOnFile(citizen_id=by["citizen_id"].value, full_name=by["full_name"].value,
                                            birth_date=by["birth_date"].value)))
    return cards


def _holder_birth(draft: DraftDocument, found: list[Field], taxonomy: Taxonomy) -> date | None:
    """The date of birth printed for the one person the document is about (None otherwise)."""
    if not _names_one_person(draft, taxonomy):
        return None
    value = next((f.value for f in found if f.name == "birth_date"), None)
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _holder_name(draft: DraftDocument, found: list[Field], taxonomy: Taxonomy) -> str | None:
    """The name printed for the one person the document is about (None otherwise)."""
    if not _names_one_person(draft, taxonomy):
        return None
    return next((f.value for f in found if f.name == "full_name" and f.value), None)


def _claim_cards(claimed: str | None, draft: DraftDocument, cards: list[CardOnFile]) -> dict:
    """The cards on file for the claimed ID, and whether one's holder is named on the page."""
    mine = [c for c in cards if claimed and c.citizen_id == claimed]
    text = "\n".join(p.outcome.text for p in draft.pages)
    return {"claimed_cards": mine, "claimed_named": any(named_on(text, c) for c in mine),
            "claimed_name_printed": any(name_printed(text, c) for c in mine)}


def _confidence(draft: DraftDocument) -> float | None:
    """Mean OCR confidence of the document's pages that have text."""
    read = [p.outcome.ocr_confidence for p in draft.pages if p.outcome.text.strip() and p.outcome.ocr_confidence is not None]
    if not read and any(not p.outcome.is_blank and not p.outcome.text.strip() for p in draft.pages):
        return 0.0  # a page that is not blank but gave no text at all (a dark phone photo): nothing was read
    return sum(read) / len(read) if read else None


def _claim_source(draft: DraftDocument, context: GroupContext, options: IngestOptions) -> str:
    if draft.cover is not None and context.citizen_id and context.problem is None:
        return "cover"
    return options.citizen_id_source


def link_file(drafts: list[DraftDocument], options: IngestOptions, taxonomy: Taxonomy,
              on_file: list[CardOnFile] = ()) -> list[tuple[LinkDecision, GroupContext, list[Field]]]:
    """(decision, group context, fields) for each of a file's documents, in order."""
    contexts = [group_context(d.cover, options) for d in drafts]
    subjects = [document_subject(d, taxonomy) for d in drafts]
    fields = [document_fields(d, s, c) for d, s, c in zip(drafts, subjects, contexts)]
    in_file = _cards_of(drafts, fields)
    evidence, compared = [], []
    for index, (draft, subject, context, found) in enumerate(zip(drafts, subjects, contexts, fields)):
        cards = [*on_file, *(card for at, card in in_file if at != index)]  # never the document itself
        compared.append(cards)
        evidence.append(LinkEvidence(claimed=context.citizen_id, claimed_source=_claim_source(draft, context, options),
                                     ids=draft.citizen_ids, own=_own(draft, subject, cards),
                                     birth_date=_holder_birth(draft, found, taxonomy),
                                     holder_name=_holder_name(draft, found, taxonomy),
                                     ocr_confidence=_confidence(draft),
                                     **_claim_cards(context.citizen_id, draft, cards)))
    decisions = [decide_link_on(d.lead.doc_type, e, taxonomy) for d, e in zip(drafts, evidence)]
    decisions = _with_stack_cards(drafts, contexts, evidence, decisions, taxonomy, compared)
    decisions = _held_by_file_conflict(drafts, evidence, decisions)
    out = []
    for decision, context, found in zip(decisions, contexts, fields):
        if context.problem:  # an unreadable or contradicting cover sheet: its whole group waits
            decision = decision.because(context.problem_reason.plus(decision.reason_code),
                                        citizen_id=None, status="review")
        out.append((decision, context, found))
    return out


def _held_by_file_conflict(drafts: list[DraftDocument], evidence: list[LinkEvidence],
                           decisions: list[LinkDecision]) -> list[LinkDecision]:
    """Documents linked on a given ID's word alone wait when another document of the file
    contradicts that ID."""
    first_conflict: dict[str, int] = {}
    for draft, said, decision in zip(drafts, evidence, decisions):
        claimed = normalise_id(said.claimed)
        if claimed and said.claimed_source != "stack_card" and decision.basis == "contradicts":
            first_conflict.setdefault(claimed, draft.first_number)
    held = []
    for said, decision in zip(evidence, decisions):
        claimed = normalise_id(said.claimed)
        if claimed in first_conflict and decision.basis == "claim_only" and decision.status == "linked":
            reason = Reason(code="link.file_conflict", params={
                "page": str(first_conflict[claimed]), "given": Reason(code=f"link.by.{said.claimed_source}"),
                "claimed": claimed})
            decision = decision.because(reason, citizen_id=None, status="review", basis="contradicts")
        held.append(decision)
    return held


def _with_stack_cards(drafts, contexts, evidence, decisions, taxonomy: Taxonomy,
                      compared: list[list[CardOnFile]]) -> list[LinkDecision]:
    groups: dict[int, list[int]] = {}
    for index, draft in enumerate(drafts):
        groups.setdefault(id(draft.cover), []).append(index)
    decisions = list(decisions)
    for members in groups.values():
        if any(contexts[i].citizen_id or contexts[i].problem for i in members):
            continue  # the operator or the cover sheet already named the dossier's citizen
        holders = {decisions[i].citizen_id for i in members
                   if _names_one_person(drafts[i], taxonomy) and decisions[i].status == "linked"
                   and decisions[i].citizen_id}
        if len(holders) != 1:
            continue  # no card, or two people's cards: two dossiers in one stack
        holder = holders.pop()
        for i in members:
            if decisions[i].status == "linked" or not _stack_may_fill(drafts[i], evidence[i], holder, taxonomy):
                continue
            stacked = evidence[i].model_copy(update={"claimed": holder, "claimed_source": "stack_card",
                                                     **_claim_cards(holder, drafts[i], compared[i])})
            decisions[i] = decide_link_on(drafts[i].lead.doc_type, stacked, taxonomy)
    return decisions


def _names_one_person(draft: DraftDocument, taxonomy: Taxonomy) -> bool:
    doc_type = draft.lead.doc_type
    known = doc_type in taxonomy.types and doc_type != taxonomy.fallback
    return is_card(draft) or (known and taxonomy.get(doc_type).subject == "single")


def _stack_may_fill(draft: DraftDocument, evidence: LinkEvidence, holder: str, taxonomy: Taxonomy) -> bool:
    doc_type = draft.lead.doc_type
    kind = taxonomy.get(doc_type)
    if any(evidence.own.values()):
        return False  # the page names its own owner (and disagreed, or it would be linked)
    ids = list(dict.fromkeys(evidence.ids))
    if holder not in ids:
        return False
    if doc_type not in taxonomy.types or doc_type == taxonomy.fallback:
        return ids == [holder]
    if kind.subject_until and not equal_parties(draft.lead.outcome.text, kind):
        return False  # its subject could have been read and was not: not the stack's to decide
    return True
