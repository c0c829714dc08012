"""The personal ID printed in the field of the person a document is about (pure).

A birth certificate names the child, then the mother and the father, each with an ID; a
death extract the deceased, then the declarant. The owner's ID is the one in the
subject's own block: labelled ("Số định danh cá nhân", "CCCD số"), and before the first
phrase of the type's `subject_until` (where another person's block begins). An unlabelled
number, two IDs in the subject's block, or a layout with two equal parties
(`subject_unclear`: "BÊN NỮ / BÊN NAM") give no subject ID: the document then needs other
evidence to be linked.
"""

from __future__ import annotations

import re

from classify.citizen_id import IdCandidate
from classify.dates import dates_in
from classify.taxonomy import DocType
from vntext import fold, nfc


def _first_marker(folded: str, phrases: list[str]) -> int | None:
    # OCR breaks a phrase over lines and doubles spaces: words are matched, not spacing.
    found = [m.start() for p in phrases
             for m in [re.search(r"\b" + r"\s+".join(map(re.escape, p.split())) + r"\b", folded)] if m]
    return min(found) if found else None


def equal_parties(text: str, doc_type: DocType) -> bool:
    """Does the page show two equal parties (no one subject), by the type's own phrases?"""
    return _first_marker(fold(nfc(text)).lower(), doc_type.subject_unclear) is not None


def subject_id(text: str, candidates: list[IdCandidate], doc_type: DocType) -> str | None:
    """The subject's 12-digit ID on the page, or None when it cannot be told apart."""
    if not doc_type.subject_until:
        return None
    folded = fold(nfc(text)).lower()
    if _first_marker(folded, doc_type.subject_unclear) is not None:
        return None
    end = _first_marker(folded, doc_type.subject_until)
    if end is None:
        return None
    own = {c.value for c in candidates
           if c.kind == "cccd" and not c.problems and c.label not in (None, "QR", "MRZ") and c.end <= end}
    return next(iter(own)) if len(own) == 1 else None



def card_holder_id(text: str, candidates: list[IdCandidate]) -> str | None:
    """The holder's ID on the face of an identity card: a card states one person's number,
    whatever its label ("Số", "Số định danh cá nhân", "No."). Only the one well-formed
    12-digit number, and only when a date printed on the card (the holder's date of birth)
    has the year its digits 5-6 say: a misread number rarely keeps the year, another
    number (a licence's) does not have it."""
    valid = {c.value: c for c in candidates if c.kind == "cccd" and not c.problems and c.label not in ("QR", "MRZ")}
    if len(valid) != 1:
        return None
    candidate = next(iter(valid.values()))
    years = {day.year for day in dates_in(text)}
    return candidate.value if candidate.birth_year in years else None
