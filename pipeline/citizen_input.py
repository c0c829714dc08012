"""What an officer or operator typed as a citizen ID: the number, or a CCCD QR payload.

A USB QR reader "types" the card's payload `ID|CMND|name|ddmmyyyy|sex|address|issue`
(domain.md) into the focused field; the ID is its first field. Readers may append
fields and newer cards may differ, so only the first field is relied on.
"""

from __future__ import annotations

from dataclasses import dataclass

from classify.citizen_id import check_cccd


@dataclass(frozen=True)
class CitizenInput:
    citizen_id: str
    name: str | None = None  # from a QR payload, shown for confirmation
    problems: tuple[str, ...] = ()


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
