"""The CCCD card's QR payload (domain.md), parsed defensively (pure).

`CCCD|old CMND (may be empty)|full name|ddmmyyyy birth|Nam/Nữ|address|ddmmyyyy issue`;
readers may append fields and newer cards may differ, so only what checks out is kept.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from classify.citizen_id import check_cccd
from vntext import nfc


class CardQr(BaseModel):
    citizen_id: str
    cmnd: str | None = None
    full_name: str | None = None
    birth_date: date | None = None
    sex: str | None = None
    address: str | None = None
    issue_date: date | None = None


def _ddmmyyyy(value: str) -> date | None:
    value = value.strip()
    if len(value) != 8 or not value.isdigit():
        return None
    try:
        return date(int(value[4:]), int(value[2:4]), int(value[:2]))
    except ValueError:
        return None


def parse_card_qr(payload: str) -> CardQr | None:
    """The card's data, or None when the text is not a CCCD payload with a valid number."""
    parts = [p.strip() for p in nfc(payload).split("|")]
    if len(parts) < 5 or not (len(parts[0]) == 12 and parts[0].isdigit()):
        return None
    birth = _ddmmyyyy(parts[3])
    if check_cccd(parts[0], birth_date=birth):
        return None
    sex = parts[4] if parts[4] in ("Nam", "Nữ") else None
    return CardQr(
        citizen_id=parts[0],
        cmnd=parts[1] if parts[1].isdigit() and len(parts[1]) in (9, 12) else None,
        full_name=parts[2] or None,
        birth_date=birth,
        sex=sex,
        address=parts[5] if len(parts) > 5 and parts[5] else None,
        issue_date=_ddmmyyyy(parts[6]) if len(parts) > 6 else None,
    )
