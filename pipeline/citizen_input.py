"""What an officer or operator typed as a citizen ID: the number, or a CCCD QR payload.

A USB QR reader "types" the card's payload `ID|CMND|name|ddmmyyyy|sex|address|issue`
(domain.md) into the focused field; the ID is its first field. Readers may append
fields and newer cards may differ, so only the first field is relied on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from classify.citizen_id import check_cccd, structure_problems
from classify.reasons import Reason


@dataclass(frozen=True)
class CitizenInput:
    citizen_id: str
    name: str | None = None  # from a QR payload, shown for confirmation
    problems: tuple[str, ...] = ()

    @property
    def refusal(self) -> Reason | None:
        """Why this is not a citizen ID one may search by (worded per channel), or None."""
        return id_refusal(self.citizen_id)


def parse_citizen_input(raw: str) -> CitizenInput:
    text = raw.strip().lstrip("\ufeff")
    fields = [f.strip() for f in text.split("|")] if "|" in text else [text]
    number = "".join(fields[0].split())
    name = fields[2] if len(fields) > 2 and fields[2] else None
    problems: tuple[str, ...]
    if not number.isdigit():
        problems = ("a citizen ID has digits only",)
    else:
        problems = tuple(check_cccd(number))
    return CitizenInput(citizen_id=number, name=name, problems=problems)


def id_refusal(number: str, today: date | None = None) -> Reason | None:
    """The structure check of check_cccd as a Reason (`sec.id_*` codes), or None when it may be valid.

    An empty or malformed ID must never reach a search as "no filter": callers refuse it."""
    if not number:
        problems = [Reason(code="sec.id_empty")]
    elif not number.isascii() or not number.isdigit():
        problems = [Reason(code="sec.id_not_digits")]
    elif not re.fullmatch(r"\d{12}", number):
        problems = [Reason(code="sec.id_length", params={"count": len(number)})]
    else:
        problems = structure_problems(number, today=today)
    return Reason(code="sec.id_refused", params={"problems": problems}) if problems else None
