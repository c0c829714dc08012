"""Evidence of a page's type beyond its title line (pure functions).

The title rules and the n-gram model read what OCR made of the page, and both learned the
sample generator's wording. Some evidence does not depend on wording:

- an identity card: a decoded CCCD QR payload, a machine-readable zone whose check digits
  verify, or a card outline with a photo on it (found by the page worker, ocr.regions).
  Only the CCCD / Căn cước carries the QR code and the IDVNM zone; a photo card without
  them is the card its title or fields name (a driving licence, an old 9-digit CMND), and
  a CCCD otherwise;
- an administrative text (Nghị định 30/2020/NĐ-CP, appendix I and III): the national motto
  beside the issuing authority (two-column header), the number line whose symbol names the
  kind ("Số: 12/QĐ-UBND", "Số: 45/BC-TTPVHCC") or, for a công văn, the issuer and its unit
  ("Số: 123/UBND-VP"), the subject line "V/v ..." (a công văn has no title) and the
  "Nơi nhận:" block. Certificates print the motto and an authority too: their number
  lines (45/TLKS-BS, 12/XNTTHN) and the absence of "Nơi nhận" tell them from letters.
"""

from __future__ import annotations

import re

from pydantic import BaseModel

from classify.cccd_qr import parse_card_qr
from classify.mrz import parse_mrz
from classify.page_cues import motto_at_top
from vntext import fold

LETTER = "van_ban_hanh_chinh"
CARD_TYPES = ("cccd", "cmnd", "giay_phep_lai_xe", "the_bhyt")
PHOTO_CARDS = ("cccd", "cmnd", "giay_phep_lai_xe")  # a health-insurance card has no photo

# Kind symbols of Nghị định 30/2020/NĐ-CP appendix III (folded: QĐ -> qd, NĐ -> nd, ĐA -> da).
# HĐ (hợp đồng, also hướng dẫn) and GUQ (giấy ủy quyền) are left out: those papers are
# types of their own.
LETTER_KINDS = frozenset({
    "nq", "qd", "ct", "qc", "qyd", "tb", "ctr", "kh", "pa", "da", "bc", "bb", "ttr", "cd",
    "bgn", "btt", "gm", "ggt", "gnp", "pg", "pc", "pb", "kl", "tt", "nd", "tbkl", "hdn", "cv",
})
# Issuers heading a công văn's symbol ("123/UBND-VP": issuer, then the drafting unit).
ISSUERS = frozenset({
    "ubnd", "hdnd", "ub", "vp", "vpub", "vpubnd", "ttpvhcc", "tthcc", "bpmc", "stp", "snv", "syt",
    "stc", "snn", "snnptnt", "sxd", "sgddt", "stnmt", "sldtbxh", "svhttdl", "sgtvt", "skhdt",
    "btp", "bnv", "bca", "ca", "cax", "cap", "cat", "bhxh", "du", "mttq", "ttg", "vpcp", "cp",
})
TOP_LINES = 15  # header, number line, place and date, title and subject sit in these
# "Số:" with its colon: a reference in the text ("Thông tư số 66/2023/TT-BCA", "Căn cứ
# Quyết định số 12/QĐ-UBND") names another text, not this one.
_NUMBER = re.compile(
    r"(?:^|[^a-z])so\s*[:;]\s*\d{1,5}\s*/\s*(?:\d{4}\s*/\s*)?([a-z]{1,8})\s*-\s*[a-z]"
)
_SUBJECT = re.compile(r"(?:^|\s)v\s*/\s*v\s*[:.]?\s+[a-z]")
_RECIPIENTS = re.compile(r"(?:^[^a-z]*noi\s*nhan\b|\bnoi\s*nhan\s*[:;])")
_AUTHORITY = re.compile(
    r"^[^a-z]*(?:ubnd|uy ban nhan dan|hdnd|hoi dong nhan dan|trung tam|bo phan|phong|bo |cuc |"
    r"chi cuc|cong an|van phong|dang uy|bao hiem xa hoi|toa an|vien kiem sat|so (?:tu phap|noi vu|y te|"
    r"tai chinh|tai nguyen|giao duc|xay dung|nong nghiep|ke hoach|lao dong|van hoa|giao thong|"
    r"cong thuong|thong tin))"
)
_NINE_DIGITS = re.compile(r"(?<!\d)\d{9}(?!\d)")
_TWELVE_DIGITS = re.compile(r"(?<!\d)\d{12}(?!\d)")


class TypeEvidence(BaseModel):
    card_code: str | None = None  # "qr" / "mrz": a CCCD's machine-readable data checks out
    cards: int = 0  # card outlines on the page
    portraits: int = 0  # of those, with a photo
    nine_digit_number: bool = False  # an old CMND's number, and no 12-digit one
    motto: bool = False  # the national motto at the top
    authority: bool = False  # an issuing-authority line at the top
    letter_symbol: str | None = None  # kind symbol of a letter-form number line ("qd"; "cv")
    subject_line: bool = False  # "V/v ..."
    recipients: bool = False  # "Nơi nhận:"

    @property
    def header(self) -> bool:
        return self.motto or self.authority

    @property
    def letter_cues(self) -> int:
        """Cues only letters carry (certificates print the header too)."""
        return int(self.letter_symbol is not None) + int(self.subject_line) + int(self.recipients)

    def names(self) -> list[str]:
        """Short names of what was seen (for reasons and debugging)."""
        seen = {"card_" + (self.card_code or ""): self.card_code is not None, "card_outline": self.cards > 0,
                "portrait": self.portraits > 0, "motto": self.motto, "authority": self.authority,
                f"number_{self.letter_symbol}": self.letter_symbol is not None,
                "subject_line": self.subject_line, "recipients": self.recipients}
        return [name for name, present in seen.items() if present]


def _folded_lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in fold(text).lower().splitlines() if line.strip()]


def valid_mrz(text: str) -> bool:
    """An IDVNM machine-readable zone whose check digits verify: the citizen's number, or
    the line of birth date, sex and expiry (its first line is the one OCR damages most)."""
    if "VNM" not in text.upper():  # every MRZ line the parser reads names the country
        return False
    mrz = parse_mrz(text)
    if mrz is None:
        return False
    return mrz.citizen_id is not None or (mrz.birth_date is not None and not mrz.checks_failed)


def letter_symbol(lines: list[str]) -> str | None:
    """The kind a letter-form number line in `lines` names ("qd", "bc", ...; "cv" for a
    công văn's issuer-unit symbol); None when there is none or it is a certificate's."""
    for line in lines:
        for found in _NUMBER.finditer(line):
            symbol = found.group(1)
            if symbol in LETTER_KINDS:
                return symbol
            if symbol in ISSUERS:
                return "cv"
    return None


def gather(text: str, codes: list[str] = (), cards: int = 0, portraits: int = 0,
           own: dict[str, list[str]] | None = None, motto: bool | None = None) -> TypeEvidence:
    """Everything on a page that speaks for its type beside the title. `own`: the IDs the
    page's codes state (pipeline.card_reading), `motto`: classify.page_cues' finding, when
    the caller already has them."""
    lines = _folded_lines(text)
    top = lines[:TOP_LINES]
    has_qr = bool(own.get("qr")) if own is not None else any(parse_card_qr(c) for c in codes)
    card_code = "qr" if has_qr else "mrz" if valid_mrz(text) else None
    return TypeEvidence(
        card_code=card_code,
        cards=cards,
        portraits=portraits,
        nine_digit_number=bool(_NINE_DIGITS.search(text)) and not _TWELVE_DIGITS.search(text),
        motto=motto_at_top(text) if motto is None else motto,
        authority=any(_AUTHORITY.match(line) for line in top[:8]),
        letter_symbol=letter_symbol(top),
        subject_line=any(_SUBJECT.search(line) for line in lines[:TOP_LINES + 5]),
        recipients=any(_RECIPIENTS.search(line) for line in lines),
    )


def card_type(evidence: TypeEvidence, rule_type: str | None, model_probs: dict[str, float]) -> str | None:
    """The identity card the evidence proves, or None when it proves none."""
    if evidence.card_code is not None:
        return "cccd"  # only the CCCD / Căn cước carries a CCCD QR payload or an IDVNM zone
    if evidence.portraits <= 0:
        return None
    if rule_type in PHOTO_CARDS:
        return rule_type
    if evidence.nine_digit_number:
        return "cmnd"
    # the photo card the model leans to, however weakly: its text is all that tells them apart
    best = max(PHOTO_CARDS, key=lambda t: model_probs.get(t, 0.0))
    return best if model_probs.get(best, 0.0) >= 0.1 else "cccd"


def letter_proven(evidence: TypeEvidence, rule_type: str | None) -> bool:
    """The page is an administrative text whatever its title line says (or fails to say)."""
    if rule_type in CARD_TYPES:
        return False
    structure = evidence.subject_line or evidence.recipients
    if evidence.letter_symbol is not None and structure:
        return True
    if evidence.letter_symbol not in (None, "cv") and evidence.header:
        return True  # a kind symbol (QĐ, BC, KH, ...) under the two-column header
    return evidence.subject_line and evidence.recipients
