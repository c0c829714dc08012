"""Is a citizen whose ID card is on file named on this page? (pure)

A card on file gives its holder's name and date of birth. When both are printed on a page,
and the holder's ID too (or no ID at all), the page is about that person. Two holders
matching, or a holder whose ID is absent while other IDs are printed, prove nothing.
"""

from __future__ import annotations

import re
from datetime import date

from pydantic import BaseModel

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
