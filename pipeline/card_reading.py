"""What the codes on a page say about the card holder: CCCD QR payloads and the MRZ (pure)."""

from __future__ import annotations

from classify.cccd_qr import parse_card_qr
from classify.fields import Field, fields_from_mrz, fields_from_qr, merge
from classify.mrz import parse_mrz


def read_card_codes(codes: list[str], text: str) -> tuple[dict[str, list[str]], list[Field]]:
    """({"qr": [IDs], "mrz": [IDs]}, fields) from the page's QR texts and OCR text."""
    cards = [card for card in (parse_card_qr(code) for code in codes) if card is not None]
    mrz = parse_mrz(text)
    own = {"qr": [c.citizen_id for c in cards], "mrz": [mrz.citizen_id] if mrz and mrz.citizen_id else []}
    fields = merge(*(fields_from_qr(c) for c in cards), fields_from_mrz(mrz) if mrz else [])
    return own, fields
