"""The machine-readable zone (ICAO 9303 TD1) on the back of the CCCD card (pure).

Line 1 holds the last 9 digits of the number (document number) and, in the optional
data, the whole 12-digit number with its own check digit; line 2 birth date, sex, expiry;
line 3 the name without diacritics. OCR reads `<` as `«`, `K` or spaces and O for 0 in
digit fields, so lines are found loosely and digits repaired before the check digits are
tested; a field whose check digit fails is not used.
"""

from __future__ import annotations

import re
from datetime import date

from pydantic import BaseModel

_DIGIT_FIX = str.maketrans({"O": "0", "Q": "0", "D": "0", "I": "1", "L": "1", "Z": "2", "S": "5", "B": "8", "G": "6"})
_LINE1 = re.compile(r"I[D0O]VNM([0-9OQDILZSBG]{9})([0-9OQDILZSBG<])([0-9OQDILZSBG]{12})<*([0-9OQDILZSBG])")
_LINE2 = re.compile(r"([0-9OQDILZSBG]{6})([0-9OQDILZSBG])([MF<])([0-9OQDILZSBG<]{6})([0-9OQDILZSBG<])VNM")


class MrzData(BaseModel):
    citizen_id: str | None = None  # 12 digits, check digit verified
    document_number: str | None = None  # the 9-digit field
    birth_date: date | None = None
    sex: str | None = None  # "Nam" / "Nữ"
    expiry_date: date | None = None
    name: str | None = None  # folded capitals, as printed in the MRZ
    checks_failed: list[str] = []


def _value(ch: str) -> int:
    if ch.isdigit():
        return int(ch)
    if "A" <= ch <= "Z":
        return ord(ch) - 55
    return 0


def check_digit(data: str) -> str:
    return str(sum(_value(c) * (7, 3, 1)[i % 3] for i, c in enumerate(data)) % 10)


def _compact(line: str) -> str:
    line = line.upper().replace("«", "<").replace("‹", "<").replace(" ", "")
    return re.sub(r"[^A-Z0-9<]", "", line)


def _yymmdd(value: str, future: bool) -> date | None:
    if not value.isdigit():
        return None
    yy, mm, dd = int(value[:2]), int(value[2:4]), int(value[4:])
    year = 2000 + yy if future or yy <= date.today().year % 100 else 1900 + yy
    try:
        return date(year, mm, dd)
    except ValueError:
        return None


def _name(line: str) -> str | None:
    """SURNAME<<GIVEN<NAMES -> "SURNAME GIVEN NAMES"."""
    line = line.rstrip("<")
    if "<<" not in line or not re.fullmatch(r"[A-Z<]+", line):
        return None
    surname, given = line.split("<<", 1)
    return " ".join(f"{surname} {given}".replace("<", " ").split()) or None


def parse_mrz(text: str) -> MrzData | None:
    """The MRZ's data from OCR text, or None when no MRZ line is found."""
    lines = [_compact(line) for line in text.splitlines()]
    data = MrzData()
    found = False
    for index, line in enumerate(lines):
        first = _LINE1.search(line)
        if first:
            found = True
            doc9, doc_check = first.group(1).translate(_DIGIT_FIX), first.group(2).translate(_DIGIT_FIX)
            number, number_check = first.group(3).translate(_DIGIT_FIX), first.group(4).translate(_DIGIT_FIX)
            if check_digit(doc9) == doc_check:
                data.document_number = doc9
            else:
                data.checks_failed.append("document number")
            if check_digit(number) == number_check and number.endswith(doc9):
                data.citizen_id = number
            else:
                data.checks_failed.append("citizen ID")
            continue
        second = _LINE2.search(line)
        if second:
            found = True
            birth, birth_check = second.group(1).translate(_DIGIT_FIX), second.group(2).translate(_DIGIT_FIX)
            if check_digit(birth) == birth_check:
                data.birth_date = _yymmdd(birth, future=False)
            else:
                data.checks_failed.append("birth date")
            data.sex = {"M": "Nam", "F": "Nữ"}.get(second.group(3))
            expiry, expiry_check = second.group(4).translate(_DIGIT_FIX), second.group(5).translate(_DIGIT_FIX)
            if expiry.isdigit() and check_digit(expiry) == expiry_check:
                data.expiry_date = _yymmdd(expiry, future=True)
            elif expiry.strip("<"):
                data.checks_failed.append("expiry date")
            if index + 1 < len(lines):
                data.name = _name(lines[index + 1])
    return data if found else None
