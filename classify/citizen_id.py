"""Citizen ID numbers on a page: CCCD (12 digits, structured) and old CMND (9 digits).

A wrong ID links a paper to the wrong citizen, the worst error of the product, so the
extraction is deliberately narrow: a bare 12-digit run counts only when it stands alone
as a word, is not in a phone, bank-account or document-number context, and passes the
structure check; a 9-digit CMND counts only right after a CMND label; OCR letter/digit
confusions are repaired only right after an ID label, where a number is expected.

Offsets (`start`, `end`) are into the NFC form of the text (the pipeline stores NFC);
folding keeps offsets, so the matching runs on `fold(text)`.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

from classify.reasons import Reason, render
from vntext import fold, nfc

# Digits 1-3 of a CCCD: province of birth registration (domain.md; codes did not change
# when provinces merged in 2025).
PROVINCES: dict[str, str] = {
    "001": "Hà Nội", "002": "Hà Giang", "004": "Cao Bằng", "006": "Bắc Kạn", "008": "Tuyên Quang",
    "010": "Lào Cai", "011": "Điện Biên", "012": "Lai Châu", "014": "Sơn La", "015": "Yên Bái",
    "017": "Hòa Bình", "019": "Thái Nguyên", "020": "Lạng Sơn", "022": "Quảng Ninh", "024": "Bắc Giang",
    "025": "Phú Thọ", "026": "Vĩnh Phúc", "027": "Bắc Ninh", "030": "Hải Dương", "031": "Hải Phòng",
    "033": "Hưng Yên", "034": "Thái Bình", "035": "Hà Nam", "036": "Nam Định", "037": "Ninh Bình",
    "038": "Thanh Hóa", "040": "Nghệ An", "042": "Hà Tĩnh", "044": "Quảng Bình", "045": "Quảng Trị",
    "046": "Thừa Thiên Huế", "048": "Đà Nẵng", "049": "Quảng Nam", "051": "Quảng Ngãi",
    "052": "Bình Định", "054": "Phú Yên", "056": "Khánh Hòa", "058": "Ninh Thuận", "060": "Bình Thuận",
    "062": "Kon Tum", "064": "Gia Lai", "066": "Đắk Lắk", "067": "Đắk Nông", "068": "Lâm Đồng",
    "070": "Bình Phước", "072": "Tây Ninh", "074": "Bình Dương", "075": "Đồng Nai",
    "077": "Bà Rịa - Vũng Tàu", "079": "Hồ Chí Minh", "080": "Long An", "082": "Tiền Giang",
    "083": "Bến Tre", "084": "Trà Vinh", "086": "Vĩnh Long", "087": "Đồng Tháp", "089": "An Giang",
    "091": "Kiên Giang", "092": "Cần Thơ", "093": "Hậu Giang", "094": "Sóc Trăng", "095": "Bạc Liêu",
    "096": "Cà Mau",
}

Kind = Literal["cccd", "cmnd"]


class IdCandidate(BaseModel):
    value: str
    kind: Kind  # by length: 12 digits "cccd" (also the 12-digit CMND, same numbering), 9 "cmnd"
    province: str | None = None
    sex: str | None = None  # "Nam" / "Nữ", as on the card and in its QR code
    birth_year: int | None = None
    label: str | None = None  # the label before the number as in the text, "MRZ", "QR" or None
    start: int
    end: int
    problems: list[str] = Field(default_factory=list)  # check_cccd's findings; [] = valid


# --- structure -------------------------------------------------------------------------


def _today() -> date:
    # The centre's calendar day, not the server's: matters on New Year's Eve only.
    from index.models import centre_timezone  # one reading of HOSO_TIMEZONE, with its error message

    return datetime.now(centre_timezone()).date()


def decode_cccd(number: str) -> tuple[str | None, str, int]:
    """(province name or None, sex, birth year) as the digits state them; no validation."""
    digit = int(number[3])
    century = 1900 + 100 * (digit // 2)
    sex = "Nam" if digit % 2 == 0 else "Nữ"
    return PROVINCES.get(number[:3]), sex, century + int(number[4:6])


def structure_problems(number: str, birth_date: date | None = None, today: date | None = None) -> list[Reason]:
    """Problems with a CCCD number's structure, as phrases worded per channel (`id.*` codes);
    an empty list means it may be valid.

    There is no check digit: a well-formed number can still be someone else's.
    """
    if not re.fullmatch(r"\d{12}", number or ""):
        return [Reason(code="id.not_12", params={"value": repr(number)})]
    today = today or _today()
    problems = []
    if number[:3] not in PROVINCES:
        problems.append(Reason(code="id.province", params={"code": number[:3]}))
    _, _, year = decode_cccd(number)
    century = year - year % 100
    if century > today.year:
        problems.append(Reason(code="id.century", params={"digit": number[3], "century": str(century)}))
    elif year > today.year:
        problems.append(Reason(code="id.future", params={"year": str(year)}))
    if birth_date is not None and birth_date.year != year:
        problems.append(Reason(code="id.birth_year", params={"year": str(year), "birth_year": str(birth_date.year)}))
    return problems


def check_cccd(number: str, birth_date: date | None = None, today: date | None = None) -> list[str]:
    """structure_problems in English (for the command line and the logs)."""
    return [render(p, "en") for p in structure_problems(number, birth_date, today)]


# --- extraction ------------------------------------------------------------------------

# Labels, on folded text. CMND-capable labels accept 9 digits as well as 12.
_ID_LABELS = [
    r"(?:ma_so_)?so_dinh_danh(?:_ca_nhan)?",
    r"personal_identification_(?:number|no)",
    r"so_(?:the_)?can_cuoc(?:_cong_dan)?",
    r"(?:the_)?can_cuoc(?:_cong_dan)?_so",
    r"(?:so_)?cccd(?:_so)?",
    r"so\s*/\s*no\.?",
]
_CMND_LABELS = [
    r"(?:so_)?(?:cmnd|cmtnd|cccd)\s*/\s*(?:cmnd|cccd|cmtnd|can_cuoc|ho_chieu)"
    r"(?:\s*/\s*(?:cmnd|cccd|cmtnd|can_cuoc|ho_chieu))*(?:_so)?",
    r"(?:so_)?(?:giay_)?(?:cmnd|cmtnd|chung_minh_nhan_dan|chung_minh_thu)(?:_so)?",
]
# Between the words of a label OCR leaves stray dots and colons: "Số:định danh cá. nhân".
_LABEL_SPACE = r"[\s.,:]+"
_LABELS = [
    (re.compile(rf"\b(?:{p.replace('_', _LABEL_SPACE)})(?!\w)"), accepts_cmnd)
    for patterns, accepts_cmnd in ((_ID_LABELS, False), (_CMND_LABELS, True))
    for p in patterns
]
# Between a label and its number: punctuation, "Số/No.", "là", a line break.
_GAP = re.compile(r"(?:[\s:.,;()\-–—/]|so\b|no\b|number\b|la\b)*")
_MAX_GAP = 24
# A labelled number: groups of digits (or the letters OCR confuses with digits) joined
# by single separators, e.g. "001 203 004 567".
_NUMBER = re.compile(r"[0-9oil|]+(?:[ .\-][0-9oil|]+)*")
_CONFUSABLE = str.maketrans({"o": "0", "i": "1", "l": "1", "|": "1"})
_MAX_CONFUSABLE = 2

_MRZ = re.compile(r"i[do0<]vnm\s*(\d{9})\s*\d\s*(\d{12})(?=<|\s|$)")
_QR = re.compile(r"(?<![\d|])(\d{12})\|(\d{9}|\d{12})?\|")
_BARE = re.compile(r"(?<!\d)\d{12}(?!\d)")
# Contexts in which a 12-digit run is something else: phones, accounts, tax and
# insurance codes, dossier and receipt numbers.
_NOT_ID = re.compile(
    r"\b(?:dt|dtdd|sdt|dd|tel|phone|mobile|fax|hotline|dien\s+thoai|di\s+dong|stk|tk|"
    r"tai\s+khoan|account|a/c|ngan\s+hang|ma\s+so\s+thue|mst|tax|bhxh|bhyt|ma\s+the|"
    r"ma\s+ho\s+so|so\s+ho\s+so|bien\s+nhan|ma\s+giao\s+dich|seri|serial|so\s+hieu)\b"
)
_CONTEXT_CHARS = 32
_TOKEN_EDGE = "([{\"'“”‘’:;,."


def _candidate(value: str, start: int, end: int, label: str | None) -> IdCandidate:
    if len(value) == 9:
        return IdCandidate(value=value, kind="cmnd", label=label, start=start, end=end)
    province, sex, year = decode_cccd(value)
    return IdCandidate(
        value=value, kind="cccd", province=province, sex=sex, birth_year=year,
        label=label, start=start, end=end, problems=check_cccd(value),
    )


def _label_spans(folded: str) -> list[tuple[int, int, bool]]:
    """(start, end, accepts_cmnd) of ID labels, the longest where several overlap."""
    found = sorted(
        ((m.start(), m.end(), cmnd) for pattern, cmnd in _LABELS for m in pattern.finditer(folded)),
        key=lambda item: (item[0], -(item[1] - item[0])),
    )
    kept: list[tuple[int, int, bool]] = []
    for start, end, cmnd in found:
        if kept and start < kept[-1][1]:
            continue
        kept.append((start, end, cmnd))
    return kept


def _read_number(folded: str, position: int, accepts_cmnd: bool) -> tuple[str, int, int] | None:
    """(digits, start, end) of the number a label announces, or None."""
    gap = _GAP.match(folded, position)
    start = gap.end()
    if start - position > _MAX_GAP:
        return None
    match = _NUMBER.match(folded, start)
    if not match:
        return None
    digits, confusable, end = "", 0, start
    for group in re.finditer(r"[0-9oil|]+", match.group()):
        chunk = group.group()
        if not any(c.isdigit() for c in chunk) or (digits and len(chunk) < 3):
            break
        # A CMND written in one piece is complete; a 9-digit piece after a CCCD label is
        # more likely a split 12-digit number ("001203004 567").
        whole = not digits and (len(chunk) >= 12 or (accepts_cmnd and len(chunk) == 9))
        digits += chunk.translate(_CONFUSABLE)
        confusable += sum(not c.isdigit() for c in chunk)
        end = start + group.end()
        if whole or len(digits) >= 12 or (accepts_cmnd and len(digits) == 9 and not _continues(folded, end)):
            break
    if end < len(folded) and folded[end].isdigit():
        return None  # part of a longer number
    if confusable > _MAX_CONFUSABLE or not (len(digits) == 12 or (accepts_cmnd and len(digits) == 9)):
        return None
    return digits, start, end


def _continues(folded: str, end: int) -> bool:
    """Does another digit group follow (so 9 digits so far are only part of the number)?"""
    return bool(re.match(r"[ .\-][0-9]{3}", folded[end : end + 4]))


def _labelled(text: str, folded: str) -> list[IdCandidate]:
    found = []
    for label_start, label_end, accepts_cmnd in _label_spans(folded):
        number = _read_number(folded, label_end, accepts_cmnd)
        if number:
            digits, start, end = number
            found.append(_candidate(digits, start, end, text[label_start:label_end]))
    return found


def _machine_readable(folded: str) -> list[IdCandidate]:
    found = [_candidate(m.group(2), m.start(2), m.end(2), "MRZ") for m in _MRZ.finditer(folded)]
    for m in _QR.finditer(folded):
        found.append(_candidate(m.group(1), m.start(1), m.end(1), "QR"))
        if m.group(2):
            found.append(_candidate(m.group(2), m.start(2), m.end(2), "QR"))
    return found


def _stands_alone(folded: str, start: int, end: int) -> bool:
    """Is the run a word of its own, not part of 123/QĐ, +84..., A-001..., x.y.z?"""
    left = start
    while left > 0 and not folded[left - 1].isspace():
        left -= 1
    right = end
    while right < len(folded) and not folded[right].isspace():
        right += 1
    before = folded[left:start]
    if ":" in before:
        before = before[before.rindex(":") + 1 :]  # "nhân:0011..." - a label glued on by OCR
    return before.strip(_TOKEN_EDGE) == "" and folded[end:right].strip(_TOKEN_EDGE + ")]}") == ""


def _in_other_context(folded: str, start: int) -> bool:
    line_start = folded.rfind("\n", 0, start) + 1
    window = folded[max(line_start, start - _CONTEXT_CHARS) : start]
    return bool(_NOT_ID.search(window))


def _bare(folded: str, taken: list[tuple[int, int]]) -> list[IdCandidate]:
    found = []
    for m in _BARE.finditer(folded):
        if any(m.start() < e and s < m.end() for s, e in taken):
            continue
        if not _stands_alone(folded, m.start(), m.end()) or _in_other_context(folded, m.start()):
            continue
        candidate = _candidate(m.group(), m.start(), m.end(), None)
        if not candidate.problems:  # without a label, only a well-formed number is believed
            found.append(candidate)
    return found


def find_citizen_ids(text: str) -> list[IdCandidate]:
    """ID numbers on the page in reading order, each value once (its first position)."""
    text = nfc(text)
    folded = fold(text)
    found = _labelled(text, folded) + _machine_readable(folded)
    found += _bare(folded, [(c.start, c.end) for c in found])
    unique: dict[str, IdCandidate] = {}
    for candidate in sorted(found, key=lambda c: c.start):
        unique.setdefault(candidate.value, candidate)
    return list(unique.values())
