"""The machine-readable codes of the held-out family's ID cards: the QR payload and the
ICAO 9303 TD1 MRZ, written from the standards and the cards themselves (not from samples/).

The MRZ as Vietnamese chip cards (2021 CCCD, 2024 Căn cước) print it, three lines of 30:

    IDVNM<last 9 digits of the ID><check><the whole 12-digit ID><<<check of the 12 digits>
    <birth YYMMDD><check><M|F><expiry YYMMDD><check>VNM<<<<<<<<<<<<composite check>
    <FAMILY NAME><<<MIDDLE<GIVEN NAMES, padded with <>

So the MRZ prints all 12 digits of the personal ID (the optional-data field of line 1):
a card whose MRZ is on the page carries its owner's ID even when no other number is
printed (the back of a chip card). A card "without expiry" (issued at 58 or older) puts
fillers in the expiry field; their check digit, like any field of fillers, is 0.
"""

from __future__ import annotations

import unicodedata
from datetime import date

import segno

from samples.models import Citizen

_WEIGHTS = (7, 3, 1)
LINE = 30


def check_digit(field: str) -> str:
    """ICAO 9303 part 3 check digit: digits as themselves, A-Z as 10-35, '<' as 0; weights 7, 3, 1."""
    total = 0
    for position, char in enumerate(field):
        if char.isdigit():
            value = int(char)
        elif "A" <= char <= "Z":
            value = ord(char) - ord("A") + 10
        elif char == "<":
            value = 0
        else:
            raise ValueError(f"{char!r} is not an MRZ character")
        total += value * _WEIGHTS[position % 3]
    return str(total % 10)


def mrz_letters(text: str) -> str:
    """Vietnamese name to MRZ letters: marks dropped, Đ as D, anything else but A-Z as a filler."""
    folded = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    plain = "".join(c for c in folded if not unicodedata.combining(c)).upper()
    return "".join(c if "A" <= c <= "Z" else "<" for c in plain)


def _yymmdd(day: date | None) -> str:
    return day.strftime("%y%m%d") if day else "<<<<<<"


def _pad(text: str) -> str:
    return (text + "<" * LINE)[:LINE]


def mrz_name(full_name: str) -> str:
    """Line 3: family name, '<<', then middle and given names, cut to 30 as ICAO truncates."""
    family, *rest = full_name.split()
    return _pad(mrz_letters(family) + "<<" + "<".join(mrz_letters(word) for word in rest))


def td1_lines(person: Citizen, expiry: date | None) -> list[str]:
    """The card's three MRZ lines (see the module note for the layout)."""
    number = person.citizen_id
    line1 = f"IDVNM{number[3:]}{check_digit(number[3:])}{number}<<{check_digit(number)}"
    birth, end = _yymmdd(person.birth_date), _yymmdd(expiry)
    sex = "M" if person.sex == "Nam" else "F"
    head = f"{birth}{check_digit(birth)}{sex}{end}{check_digit(end)}VNM" + "<" * 11
    composite = check_digit(line1[5:30] + head[0:7] + head[8:15] + head[18:29])
    return [line1, head + composite, mrz_name(person.full_name)]


def _dmy(day: date) -> str:
    return day.strftime("%d%m%Y")


def qr_payload(person: Citizen, issued: date, old_number: str | None) -> str:
    """CCCD|CMND|Name|ddmmyyyy|Nam/Nữ|address|ddmmyyyy: what a counter's QR reader types in."""
    return "|".join([person.citizen_id, old_number or "", person.name_proper, _dmy(person.birth_date),
                     person.sex, person.address, _dmy(issued)])


def qr_svg_uri(payload: str) -> str:
    """The payload as a QR code (UTF-8 bytes, level M as the cards use), an SVG data URI to draw."""
    code = segno.make_qr(payload.encode("utf-8"), error="m", boost_error=False)
    return code.svg_data_uri(scale=1, border=2, dark="#000", light="#fff")
