"""Fields of a document, each with where it was read and how sure we are (pure).

Sources, strongest first: the CCCD card's QR code (`qr`, exact), the check-digit-verified
MRZ (`mrz`), the operator's options (`operator`) or the cover sheet (`cover`), and the
printed text found after its label (`text`, with the OCR confidence of the page). For each
field the strongest source wins; a printed value that disagrees with a stronger one is
kept out (the stronger one is what the card says).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

from pydantic import BaseModel

from classify.cccd_qr import CardQr
from classify.citizen_id import IdCandidate
from classify.mrz import MrzData
from vntext import fold, nfc

FieldName = Literal["citizen_id", "full_name", "birth_date", "sex", "document_number", "issue_date",
                    "issuing_authority", "expiry_date"]
# `review`: an officer's review decision (relink/confirm) set it; it replaces the given ID
FieldSource = Literal["qr", "mrz", "operator", "cover", "text", "review"]
FIELD_NAMES: tuple[str, ...] = FieldName.__args__
_RANK = {"review": -1, "qr": 0, "mrz": 1, "operator": 2, "cover": 2, "text": 3}
_EXACT = {"qr": 0.99, "mrz": 0.97, "operator": 0.9, "cover": 0.95}


class Field(BaseModel):
    name: FieldName
    value: str  # dates as ISO yyyy-mm-dd, sex as "Nam"/"Nữ", the rest as printed (NFC)
    source: FieldSource
    confidence: float


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _made(source: FieldSource, pairs: dict[str, str | None], confidence: float | None = None) -> list[Field]:
    conf = confidence if confidence is not None else _EXACT[source]
    return [Field(name=k, value=v, source=source, confidence=round(conf, 3)) for k, v in pairs.items() if v]


def fields_from_qr(card: CardQr) -> list[Field]:
    return _made("qr", {"citizen_id": card.citizen_id, "full_name": card.full_name, "birth_date": _iso(card.birth_date),
                        "sex": card.sex, "issue_date": _iso(card.issue_date)})


def fields_from_mrz(mrz: MrzData) -> list[Field]:
    return _made("mrz", {"citizen_id": mrz.citizen_id, "document_number": mrz.document_number,
                         "birth_date": _iso(mrz.birth_date), "sex": mrz.sex, "expiry_date": _iso(mrz.expiry_date)})


# --- printed text ------------------------------------------------------------------------
# Labels on folded text; the value runs to the end of the line (or the next label on it).
_DATE = r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})"


def _words(*alternatives: str) -> str:
    """Label phrases whose words OCR may join with stray commas, semicolons or dots."""
    return "(?:" + "|".join(r"[\s,;.]+".join(a.split()) for a in alternatives) + ")"


_LABELS: dict[str, str] = {
    "full_name": _words("ho chu dem va ten", "ho chu dem ten", "ho va ten", "ho ten", "full name"),
    "birth_date": _words("ngay thang nam sinh", "sinh ngay", "ngay sinh", "date of birth"),
    "sex": _words("gioi tinh", "sex"),
    "issue_date": _words("ngay cap", "cap ngay", "date of issue"),
    "issuing_authority": _words("noi cap", "co quan cap", "issued by"),
    "expiry_date": _words("co gia tri den", "ngay het han", "date of expiry", "gia tri den ngay"),
    # "Số: 123/TLKS-BS" at the head of the page, not "Số định danh ..." (a person's ID).
    "document_number": r"(?:^\s*so(?=\s*(?:/\s*no\.?)?\s*:)|so\s+hieu|so\s+vao\s+so)",
}
# A label whose wording names another person ("... tên người mẹ", "... chủ hộ").
_OTHER_PERSON = re.compile(r"\s*(?:cua\s+)?(?:nguoi\s+|chu\s+ho|cha\b|me\b|vo\b|chong\b|ben\s+)")
_NEXT_LABEL = re.compile(r"\s{3,}|\s+\d{1,2}\.\s|;")


def _value_after(text: str, folded: str, label: str) -> tuple[str, str] | None:
    """(original, folded) value after the first label of this kind naming the subject."""
    for m in re.finditer(label, folded, re.MULTILINE):
        if _OTHER_PERSON.match(folded, m.end()):
            continue
        rest = re.match(r"[^\S\n]*(?:/[^:\n]*)?[:.;]?[^\S\n'\"‘’“”]*([^\n]*)", folded[m.end():])
        if not rest:
            continue
        start = m.end() + rest.start(1)
        end = start + len(rest.group(1))
        cut = _NEXT_LABEL.search(folded, start, end)
        end = cut.start() if cut else end
        if end > start:
            return text[start:end].strip(" ,."), folded[start:end].strip(" ,.")
    return None


def _date_value(folded: str) -> str | None:
    m = re.search(_DATE, folded)
    if not m:
        return None
    try:
        return date(int(m.group(3)), int(m.group(2)), int(m.group(1))).isoformat()
    except ValueError:
        return None


def fields_from_text(text: str, subject_id: str | None, ocr_confidence: float | None) -> list[Field]:
    """Printed fields found after their labels; names only in capitals-or-title case."""
    text = nfc(text)
    folded = fold(text)
    confidence = max(0.3, min(0.9, (ocr_confidence or 60) / 100 * 0.9))
    values: dict[str, str | None] = {"citizen_id": subject_id}
    for name, label in _LABELS.items():
        found = _value_after(text, folded, label)
        if not found:
            continue
        original, plain = found
        if name.endswith("_date"):
            values[name] = _date_value(plain)
        elif name == "sex":
            values[name] = "Nữ" if plain.startswith("nu") else "Nam" if plain.startswith("nam") else None
        elif name == "full_name":
            words = re.sub(r"[,;.'\"‘’“”]", " ", original).split()
            values[name] = " ".join(words) if 2 <= len(words) <= 7 and not any(c.isdigit() for c in original) else None
        else:
            values[name] = original[:120] or None
    return _made("text", values, confidence)


def merge(*groups: list[Field]) -> list[Field]:
    """One value per field: the strongest source's (ties: the more confident)."""
    best: dict[str, Field] = {}
    for field in (f for group in groups for f in group):
        held = best.get(field.name)
        if held is None or (_RANK[field.source], -field.confidence) < (_RANK[held.source], -held.confidence):
            best[field.name] = field
    return [best[name] for name in FIELD_NAMES if name in best]


def labelled_ids(candidates: list[IdCandidate]) -> list[str]:
    return [c.value for c in candidates if c.kind == "cccd" and not c.problems]
