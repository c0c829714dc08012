"""Fields of a document, each with where it was read and how sure we are (pure).

Sources, strongest first: the CCCD card's QR code (`qr`, exact), the check-digit-verified
MRZ (`mrz`), the operator's options (`operator`) or the cover sheet (`cover`), the printed
text (`text`, with the OCR confidence of the page), and last an expiry date worked out from
the issue date by the type's validity rule (`rule`). For each field the strongest source
wins; a printed value that disagrees with a stronger one is kept out (the stronger one is
what the card says).

Printed fields are read from the page's column segments when its word boxes are known
(classify.word_lines): the document number stops at its column, the issuing body is the
letterhead at the top left; the dates come from classify.dates.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

from pydantic import BaseModel

from classify.cccd_qr import CardQr
from classify.citizen_id import IdCandidate
from classify.dates import add_months, expiry_date, issue_date, parse_date, stated_validity
from classify.mrz import MrzData
from classify.word_lines import Segment, segments, span_of, text_lines
from ocr.models import OcrWord
from vntext import fold, nfc

FieldName = Literal["citizen_id", "full_name", "birth_date", "sex", "document_number", "issue_date",
                    "issuing_authority", "expiry_date", "cmnd_number", "address"]
# `review`: an officer's review decision (relink/confirm) set it; it replaces the given ID.
# `rule`: the type's term in the taxonomy (an expiry date the paper does not state)
FieldSource = Literal["qr", "mrz", "operator", "cover", "text", "review", "rule"]
FIELD_NAMES: tuple[str, ...] = FieldName.__args__
_RANK = {"review": -1, "qr": 0, "mrz": 1, "operator": 2, "cover": 2, "text": 3, "rule": 4}
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
    """Every part of the payload; the card's number is the holder's ID (domain.md)."""
    return _made("qr", {"citizen_id": card.citizen_id, "document_number": card.citizen_id, "cmnd_number": card.cmnd,
                        "full_name": card.full_name, "birth_date": _iso(card.birth_date), "sex": card.sex,
                        "address": card.address, "issue_date": _iso(card.issue_date)})


def fields_from_mrz(mrz: MrzData) -> list[Field]:
    return _made("mrz", {"citizen_id": mrz.citizen_id, "document_number": mrz.document_number,
                         "full_name": mrz.name, "birth_date": _iso(mrz.birth_date), "sex": mrz.sex,
                         "expiry_date": _iso(mrz.expiry_date)})


# --- printed text ------------------------------------------------------------------------
# Labels on folded text; the value runs to the end of the line (or the next label on it).


def _words(*alternatives: str) -> str:
    """Label phrases whose words OCR may join with stray commas, semicolons or dots."""
    return "(?:" + "|".join(r"[\s,;.]+".join(a.split()) for a in alternatives) + ")"


_LABELS: dict[str, str] = {
    "full_name": _words("ho chu dem va ten", "ho chu dem ten", "ho va ten", "ho ten", "full name"),
    "birth_date": _words("ngay thang nam sinh", "sinh ngay", "ngay sinh", "date of birth"),
    "sex": _words("gioi tinh", "sex"),
}
_AUTHORITY_LABEL = _words("noi cap doi the", "noi cap", "co quan cap", "issued by")
# "Số: 123/TLKS-BS" at the head of the page, not "Số định danh ..." (a person's ID).
_NUMBER_LABEL = r"(?:^\s*so(?=\s*(?:/\s*no\.?)?\s*:)|so\s+hieu|so\s+vao\s+so)"
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


# "Số: 267/XNTTHN": the number is one token ("123 /QĐ-UBND" as OCR spaces it is one too).
_NUMBER_LINE = re.compile(r"^\s*so\s*(?:/\s*no\.?)?\s*:\s*")
_NUMBER_TOKEN = re.compile(r"[^\s,;]*\d[^\s,;]*")
# The issuing body heads the letterhead's left column.
_AGENCY = re.compile(r"^(?:uy\s+ban\s+nhan\s+dan|ubnd|cong\s+an|so\s+[^\W\d]|bo\s|toa\s+an|tand|phong\s|cuc\s"
                     r"|chi\s+cuc|trung\s+tam|van\s+phong|benh\s+vien|truong\s|hoi\s+dong|ban\s+chi\s+huy)")
_MOTTO = re.compile(r"cong\s+hoa\s+xa\s+hoi|doc\s+lap\s*-?\s*tu\s+do|socialist\s+republic")
_HEADER_LINES = 4  # an issuing body's name runs to three lines at most, plus its parent body
# A "nơi cấp" after an ID number or its issue date quotes the holder's card, not this paper.
_QUOTED_PAPER = re.compile(r"\d{9}|cap\s+ngay")


def document_number(lines: list[Segment]) -> str | None:
    """The "Số:" of the paper, within its column (a wide gap ends it)."""
    for line in lines:
        folded = fold(line.text)
        label = _NUMBER_LINE.match(folded)
        if not label:
            continue
        value = re.sub(r"\s*/\s*", "/", line.text[label.end():]).strip()
        token = _NUMBER_TOKEN.match(value)
        if token:
            return token.group(0).strip(".")
    return None


def letterhead_body(lines: list[Segment]) -> str | None:
    """The body named at the top left of the page ("ỦY BAN NHÂN DÂN" / "PHƯỜNG BÌNH THẠNH")."""
    head: list[str] = []
    for text in _top_left(lines):
        folded = fold(text).strip()
        if not head and not (_AGENCY.match(folded) and _capitals(text)):
            continue
        if _NUMBER_LINE.match(folded) or any(ch.isdigit() for ch in folded) or _MOTTO.search(folded):
            break
        if not _capitals(text):
            break
        head.append(text.strip(" .,:;"))
        if len(head) == _HEADER_LINES:
            break
    return " ".join(head) or None


def _capitals(text: str) -> bool:
    """A letterhead is printed in capitals ("Số định danh cá nhân" in a body is not one)."""
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and sum(ch.isupper() for ch in letters) >= 0.8 * len(letters)


def _top_left(lines: list[Segment]) -> list[str]:
    """The letterhead's left column: placed segments in the top left of the page, one after
    the other; without positions, the first lines cut before the motto."""
    span = span_of(lines)
    if span is None:
        out = []
        for line in lines[:_HEADER_LINES + 2]:
            motto = _MOTTO.search(fold(line.text))
            out.append(line.text[:motto.start()] if motto else line.text)
        return out
    right_limit = span.middle_x + (span.right - span.left) * 0.05
    top_limit = span.top + span.height() * 0.25
    column = [s for s in lines if s.placed and s.right <= right_limit and s.top <= top_limit]
    start = next((i for i, s in enumerate(column) if _AGENCY.match(fold(s.text).strip()) and _capitals(s.text)),
                 len(column))
    out: list[str] = []
    previous: Segment | None = None
    for line in column[start:]:
        if previous is not None and line.top - previous.bottom > 2.5 * (previous.bottom - previous.top):
            break  # a wide blank: the letterhead has ended
        out.append(line.text)
        previous = line
    return out


def _printed_authority(text: str, folded: str) -> str | None:
    for m in re.finditer(_AUTHORITY_LABEL, folded):
        if _QUOTED_PAPER.search(folded, max(0, m.start() - 80), m.start()):
            continue
        rest = re.match(r"[^\S\n]*[:.]?[^\S\n]*([^\n;]*)", folded[m.end():])
        value = text[m.end() + rest.start(1):m.end() + rest.end(1)].strip(" ,.")
        if value:
            return value[:120]
    return None


def fields_from_text(text: str, subject_id: str | None, ocr_confidence: float | None,
                     words: list[OcrWord] | None = None) -> list[Field]:
    """Printed fields: after their labels, and where they stand on the page (word boxes)."""
    text = nfc(text)
    folded = fold(text)
    lines = segments(words) if words else text_lines(text)
    values: dict[str, str | None] = {"citizen_id": subject_id}
    for name, label in _LABELS.items():
        found = _value_after(text, folded, label)
        if not found:
            continue
        original, plain = found
        if name == "birth_date":
            values[name] = _iso(parse_date(plain))
        elif name == "sex":
            values[name] = "Nữ" if plain.startswith("nu") else "Nam" if plain.startswith("nam") else None
        elif name == "full_name":
            words_ = re.sub(r"[,;.'\"‘’“”]", " ", original).split()
            values[name] = " ".join(words_) if 2 <= len(words_) <= 7 and not any(c.isdigit() for c in original) else None
    values["document_number"] = document_number(lines) or _labelled_number(text, folded)
    values["issuing_authority"] = letterhead_body(lines) or _printed_authority(text, folded)
    issued = issue_date(lines)
    values["issue_date"] = _iso(issued)
    values["expiry_date"] = _iso(expiry_date(issued, stated_validity(text)))
    return _made("text", values, _text_confidence(ocr_confidence))


def _text_confidence(ocr_confidence: float | None) -> float:
    return max(0.3, min(0.9, (ocr_confidence or 60) / 100 * 0.9))


def _labelled_number(text: str, folded: str) -> str | None:
    """"Số hiệu: …", "Số vào sổ: …" (and "Số:" on pages without word boxes): its first token."""
    found = _value_after(text, folded, _NUMBER_LABEL)
    token = _NUMBER_TOKEN.match(re.sub(r"\s*/\s*", "/", found[0])) if found else None
    return token.group(0).strip(".") if token else None


def _rank(field: Field) -> float:
    # The MRZ's name line has no check digit and no diacritics: a printed name comes first.
    return 3.5 if field.name == "full_name" and field.source == "mrz" else _RANK[field.source]


def merge(*groups: list[Field]) -> list[Field]:
    """One value per field: the strongest source's (ties: the more confident)."""
    best: dict[str, Field] = {}
    for field in (f for group in groups for f in group):
        held = best.get(field.name)
        if held is None or (_rank(field), -field.confidence) < (_rank(held), -held.confidence):
            best[field.name] = field
    return [best[name] for name in FIELD_NAMES if name in best]


def later_page_dates(fields: list[Field], later: list[tuple[str, list[OcrWord], float | None]]) -> list[Field]:
    """A paper dated by its signature on a later page (a long contract, a land certificate's
    last page): its issue date, and the expiry it states, from there when the first page
    gave none. `later`: (text, word boxes, OCR confidence) of each later page."""
    if any(f.name == "issue_date" for f in fields):
        return fields
    for text, words, ocr_confidence in later:
        issued = issue_date(segments(words) if words else text_lines(text))
        if issued is None:
            continue
        stated = stated_validity("\n".join(t for t, _, _ in later))
        found = {"issue_date": _iso(issued), "expiry_date": _iso(expiry_date(issued, stated))}
        return merge(fields, _made("text", found, _text_confidence(ocr_confidence)))
    return fields


def with_validity(fields: list[Field], term_months: int | None) -> list[Field]:
    """The fields plus an expiry date from the issue date and the type's term, when none was read."""
    by_name = {f.name: f for f in fields}
    issued = by_name.get("issue_date")
    if "expiry_date" in by_name or issued is None or not term_months:
        return fields
    expiry = add_months(date.fromisoformat(issued.value), term_months)
    derived = Field(name="expiry_date", value=expiry.isoformat(), source="rule", confidence=issued.confidence)
    return merge(fields, [derived])


def field_dates(fields: list[Field]) -> tuple[date | None, date | None]:
    """(issue date, expiry date) of a document: its best field values."""
    by_name = {f.name: f.value for f in fields}
    return tuple(date.fromisoformat(by_name[n]) if by_name.get(n) else None for n in ("issue_date", "expiry_date"))


def labelled_ids(candidates: list[IdCandidate]) -> list[str]:
    return [c.value for c in candidates if c.kind == "cccd" and not c.problems]
