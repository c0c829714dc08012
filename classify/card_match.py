"""Is a citizen whose ID card is on file named on this page? (pure)

A card on file gives its holder's name and date of birth. When both are printed on a page,
and the holder's ID too (or no ID at all), the page is about that person. Two holders
matching, or a holder whose ID is absent while other IDs are printed, prove nothing.

For the ID given from outside the page (the operator's, a cover sheet's), the card on file
for that ID is also held against the page: its holder named on the page (`named_on`) makes
them one of its parties; the name or birth date of the one person a paper is about, read
on it, that disagree with the card (`disagreements`) contradict the ID given.
"""

from __future__ import annotations

import re
from datetime import date

from pydantic import BaseModel
from rapidfuzz.distance import Hamming, Levenshtein

from vntext import fold, nfc


class CardOnFile(BaseModel):
    citizen_id: str
    full_name: str
    birth_date: date


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", fold(nfc(text))))


def _date_forms(day: date) -> list[str]:
    return [f"{day.day:02d} {day.month:02d} {day.year}", f"{day.day} {day.month} {day.year}"]


def _named(words: str, card: CardOnFile) -> bool:
    name = _words(card.full_name)
    if len(name.split()) < 2 or not re.search(rf"\b{re.escape(name)}\b", words):
        return False
    return any(re.search(rf"\b{form}\b", words) for form in _date_forms(card.birth_date))


def cards_named(text: str, ids_on_page: list[str], cards: list[CardOnFile]) -> list[str]:
    """IDs of the card holders named (full name and birth date) on the page, whose own ID is
    printed there too, or who are named on a page that prints no ID at all."""
    words = _words(text)
    found = []
    for card in {c.citizen_id: c for c in cards}.values():
        if _named(words, card) and (card.citizen_id in ids_on_page or not ids_on_page):
            found.append(card.citizen_id)
    return found


def named_on(text: str, card: CardOnFile) -> bool:
    """Are the card holder's full name and date of birth both printed on the page?"""
    return _named(_words(text), card)


def name_printed(text: str, card: CardOnFile) -> bool:
    """Is the card holder's full name printed on the page, give or take an OCR misread (fewer
    than NAME_EDITS letters, also across a word OCR split or joined)?"""
    words = _words(text).split()
    name = _words(card.full_name)
    size = len(name.split())
    if size < 2:
        return False
    for span in (size - 1, size, size + 1):
        for start in range(max(len(words) - span + 1, 0)):
            if Levenshtein.distance(" ".join(words[start:start + span]), name) < NAME_EDITS:
                return True
    return False


# A disagreement sends the page to review and holds the rest of its file, so it must be one
# OCR does not make: a name three letters or more from the card's (NGUYỄN VĂN AN against
# NGUYỄN VĂN BINH; one or two wrong letters are a misread), a birth date two digits or more
# from it (one wrong digit is a misread; the year is also checked against the ID's digits).
NAME_EDITS = 3
DATE_DIGITS = 2


def same_name(read: str, on_card: str) -> bool:
    return Levenshtein.distance(_words(read), _words(on_card)) < NAME_EDITS


def same_birth_date(read: date, on_card: date) -> bool:
    return Hamming.distance(read.strftime("%d%m%Y"), on_card.strftime("%d%m%Y")) < DATE_DIGITS


def disagreements(card: CardOnFile, holder_name: str | None, birth_date: date | None) -> list[str]:
    """What of the holder read on a page disagrees with the card: "name", "birth_date"."""
    found = []
    if holder_name and not same_name(holder_name, card.full_name):
        found.append("name")
    if birth_date is not None and not same_birth_date(birth_date, card.birth_date):
        found.append("birth_date")
    return found
