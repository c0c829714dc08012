"""Dates of a Vietnamese paper: its issue date and how long it is valid (pure).

The issue date of an administrative paper is the date of its place-and-date line, "Tứ Kỳ,
ngày 13 tháng 2 năm 2026" (also "ngày 13/02/2026"), printed top-right under the motto or by
the signature; an ID card prints it after a label ("Ngày, tháng, năm cấp / Date of issue")
or, on the old CMND, as a line of its own ("Ngày 29 tháng 04 năm 2006"). The body quotes
other dates (birth dates, the issue date of the holder's CCCD, a period of residence) and
a certified copy carries the date of its certification: none of them is the paper's.

Validity: "Có giá trị đến: 03/06/2030", "có giá trị đến ngày …", "Không thời hạn", or a
term from issue, "có giá trị 6 tháng kể từ ngày cấp". A term counts as the Civil Code
(2015, art. 147-148) counts it: the day of issue is not counted and the term ends with the
corresponding day of the last month, so 6 months from 13/02/2026 run through 13/08/2026.

Dates are matched on folded text (no diacritics), so OCR that drops marks ("ngay 13 thang
02 nam 2026") reads the same; a space inside a number ("1 3", "20 26") is tolerated.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from classify.word_lines import PageSpan, Segment, span_of
from vntext import fold

_DM = r"(\d\s?\d|\d)"
_YEAR = r"(\d\s?\d\s?\d\s?\d)"
# Between "ngày", "tháng" and "năm" OCR reads 1 as I or l, 0 as o and 5 as S (Š) at times
# (folded text); the year keeps at least two true digits.
_OCR_DIGIT = r"[\dilos|]"
_DM_WORDS = rf"({_OCR_DIGIT}\s?{_OCR_DIGIT}|{_OCR_DIGIT})"
_YEAR_WORDS = rf"({_OCR_DIGIT}\s?{_OCR_DIGIT}\s?{_OCR_DIGIT}\s?{_OCR_DIGIT})"
_OCR_DIGITS = str.maketrans("ilos|", "11051", " ")
_APART = r"\s*[,.'’`]?\s*"
# "ngày 13 tháng 2 năm 2026"; "ngày" read as "nhy" on a worn card
_PHRASE = (rf"(?<![a-z])(?:ngay|n[a-z]{{1,2}}y)\s*{_DM_WORDS}{_APART}thang{_APART}{_DM_WORDS}{_APART}"
           rf"nam{_APART}{_YEAR_WORDS}(?![\d])")
# "13/02/2026", "13-02-2026", "13.02.2026"; a slash read as I
_SEPARATOR = r"\s*[/.\-|i]\s*"
_NUMERIC = rf"(?<![\d/.-]){_DM}{_SEPARATOR}{_DM}{_SEPARATOR}{_YEAR}(?![\d])"
_ANY_DATE = re.compile(rf"{_PHRASE}|{_NUMERIC}")
_NGAY_DATE = re.compile(rf"{_PHRASE}|ngay\s*{_NUMERIC}")
# Text before a place-and-date: a place name (letters only) and its comma.
_PLACE_BEFORE = re.compile(r"(?:^|\s)([^\W\d_]+(?:\s+[^\W\d_]+){0,5})\s*,\s*$")
# Words that make "…, ngày …" a body date (the time of a death: "03 giờ 57 phút, ngày …").
_BODY_WORDS = {"sinh", "cap", "chet", "gio", "phut", "luc"}
# Labelled issue dates: a card's, a registration's (a marriage certificate is issued on the
# day the marriage is registered), a health-insurance card's start of validity.
_ISSUE_LABEL = re.compile(
    r"ngay\s*,?\s*thang\s*,?\s*nam\s*cap|ngay\s+cap|date\s+of\s+issue"
    r"|ngay\s*,?\s*thang\s*,?\s*nam\s*/\s*date\s*,?\s*month\s*,?\s*year"
    r"|ngay\s*,?\s*thang\s*,?\s*nam\s*dang\s+ky|gia\s+tri\s+su\s+dung\s+tu\s+ngay")
# A contract's own date: "Hôm nay, ngày 21 tháng 3 năm 2026, tại …".
_TODAY = re.compile(rf"hom\s+nay\s*,?\s*(?:{_PHRASE}|ngay\s*{_NUMERIC})")
_QUOTED_ID = re.compile(r"\d{9}")  # an ID number before the label: the holder's card quoted
_CARD_PARTICULARS = re.compile(r"cap\s+ngay|ngay\s+cap|noi\s+cap")
_CERTIFIED = re.compile(r"chung\s+thuc")
_CUT_PHRASE = re.compile(r"ngay\s*\d[\d\s]*(?:[,.]?\s*thang(?:\s*\d[\d\s]*(?:[,.]?\s*nam)?)?)?\s*$")
_TAIL = re.compile(r"[\s.,;:)]*$")
LOWEST_YEAR, HIGHEST_YEAR = 1900, 2100

# --- validity sentences (whole text, lines joined) --------------------------------------
_UNTIL_LABEL = (r"(?:co\s+gia\s+tri\s+(?:su\s+dung\s+)?den(?:\s+het)?|gia\s+tri\s+den|ngay\s+het\s+han|het\s+han\s+ngay"
                r"|date\s+of\s+expiry|expiry\s+date)(?:\s*/\s*(?:date\s+of\s+expiry|expires))?\s*(?:ngay)?\s*[:.]?\s*")
_UNTIL = re.compile(_UNTIL_LABEL + rf"(?:{_PHRASE}|{_NUMERIC})")
_NO_EXPIRY = re.compile(_UNTIL_LABEL + r"(?:khong\s+thoi\s+han|unlimited)")
_NUMBER_WORDS = {"mot": 1, "hai": 2, "ba": 3, "bon": 4, "sau": 6, "bay": 7, "tam": 8, "chin": 9, "muoi": 10,
                 "muoi hai": 12, "muoi lam": 15, "hai muoi": 20}
_TERM = re.compile(r"co\s+gia\s+tri(?:\s+su\s+dung)?(?:\s+trong)?(?:\s+thoi\s+han|\s+vong)?\s*(?:la\s+)?"
                   r"(\d{1,3}|muoi\s+hai|muoi\s+lam|hai\s+muoi|mot|hai|ba|bon|sau|bay|tam|chin|muoi)\s*"
                   r"(?:\(\s*[^)]{0,20}\)\s*)?(thang|nam)\b")


@dataclass(frozen=True)
class StatedValidity:
    """What the paper says of its own validity."""
    until: date | None = None  # "có giá trị đến …"
    no_expiry: bool = False  # "Không thời hạn"
    months: int | None = None  # a term from issue ("có giá trị 6 tháng"), in months


def make_date(day: str, month: str, year: str) -> date | None:
    """A real calendar date from OCR'd digit groups (spaces inside a number dropped)."""
    parts = (year, month, day)
    if sum(ch.isdigit() for ch in year) < 2:
        return None
    try:
        found = date(*(int(part.translate(_OCR_DIGITS)) for part in parts))
    except ValueError:
        return None
    return found if LOWEST_YEAR <= found.year <= HIGHEST_YEAR else None


def _groups(match: re.Match) -> date | None:
    parts = [g for g in match.groups() if g is not None]
    return make_date(*parts[:3]) if len(parts) >= 3 else None


def parse_date(text: str) -> date | None:
    """The first date written in `text`, in words ("ngày … tháng … năm …") or digits."""
    match = _ANY_DATE.search(fold(text))
    return _groups(match) if match else None


def dates_in(text: str) -> list[date]:
    """Every date written in `text`, in words or digits, in order."""
    return [found for found in (_groups(m) for m in _ANY_DATE.finditer(fold(text))) if found is not None]


def add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# --- the issue date ------------------------------------------------------------------------

@dataclass(frozen=True)
class _Candidate:
    day: date
    kind: int  # 0 place-and-date line, 1 labelled issue date or "hôm nay, ngày …", 2 a date line of its own
    aside: bool  # not in the right half of the page (top-right or by the signature)
    order: int


def issue_date(lines: list[Segment]) -> date | None:
    """The paper's own issue date, from its lines (column segments or plain text lines)."""
    span = span_of(lines)
    candidates: list[_Candidate] = []
    for index, line in enumerate(lines):
        if _certification(lines, index):
            continue  # the date a copy was certified, not the paper's
        folded = _with_wrapped_end(fold(line.text), lines, index)
        for kind, day in _dates_of(folded, lines, index):
            candidates.append(_Candidate(day, kind, not _right_half(line, span), index))
    if not candidates:
        return None
    return min(candidates, key=lambda c: (c.kind, c.aside, c.order)).day


def _dates_of(folded: str, lines: list[Segment], index: int):
    for match in _NGAY_DATE.finditer(folded):
        day = _groups(match)
        if day is None or not _TAIL.fullmatch(folded, match.end()):
            continue  # a date running on into a sentence is the body's
        before = folded[:match.start()]
        if not before.strip():
            if match.group(1) is not None:  # the words form
                yield 2, day
        elif (place := _PLACE_BEFORE.search(before)) and not _BODY_WORDS.intersection(place.group(1).split()):
            yield 0, day
    today = _TODAY.search(folded)
    if today and (day := _groups(today)) is not None:
        yield 1, day
    label = _ISSUE_LABEL.search(folded)
    if label and not _QUOTED_ID.search(folded, 0, label.start()):
        after = _ANY_DATE.search(folded, label.end())
        if after is None and index + 1 < len(lines):  # the value printed under its label
            after = _ANY_DATE.match(fold(lines[index + 1].text).lstrip())
        day = _groups(after) if after else None
        if day is not None:
            yield 1, day


def _with_wrapped_end(folded: str, lines: list[Segment], index: int) -> str:
    """A date phrase cut by the end of its line ("…, ngày 01 tháng 10 năm" / "2013") made whole."""
    if index + 1 < len(lines) and _CUT_PHRASE.search(folded):
        following = fold(lines[index + 1].text).strip()
        if re.fullmatch(r"[\d\s]{1,9}[\s.,;]*", following):
            return f"{folded} {following}"
    return folded


def _certification(lines: list[Segment], index: int) -> bool:
    return any(_CERTIFIED.search(fold(line.text)) for line in lines[max(0, index - 3):index + 1])


def _right_half(line: Segment, span: PageSpan | None) -> bool:
    if span is None or not line.placed:
        return True  # no positions: reading order alone decides
    return line.centre_x >= span.middle_x


# --- validity -----------------------------------------------------------------------------

def stated_validity(text: str) -> StatedValidity:
    """The paper's validity sentence, if any (the latest "valid until" date when several)."""
    folded = " ".join(fold(text).split())
    until = [d for m in _UNTIL.finditer(folded) if not _quotes_a_card(folded[max(0, m.start() - 100):m.start()])
             and (d := _groups(m)) is not None]
    if until:
        return StatedValidity(until=max(until))
    if _NO_EXPIRY.search(folded):
        return StatedValidity(no_expiry=True)
    term = _TERM.search(folded)
    if term:
        amount = int(term.group(1)) if term.group(1).isdigit() else _NUMBER_WORDS[" ".join(term.group(1).split())]
        months = amount if term.group(2) == "thang" else amount * 12
        if 0 < months <= 1200:
            return StatedValidity(months=months)
    return StatedValidity()


def _quotes_a_card(before: str) -> bool:
    """The holder's card quoted with its particulars ("CCCD số …, cấp ngày …, nơi cấp …")."""
    return bool(_QUOTED_ID.search(before) and _CARD_PARTICULARS.search(before))


def expiry_date(issued: date | None, stated: StatedValidity, term_months: int | None = None) -> date | None:
    """The last day of validity: as stated, else the stated or the type's term from issue."""
    if stated.until is not None:
        return stated.until
    if stated.no_expiry:
        return None
    months = stated.months or term_months
    return add_months(issued, months) if issued is not None and months else None
