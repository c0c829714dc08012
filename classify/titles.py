"""Rule-based page classification from the title printed at the top of the page.

Vietnamese papers announce their type in a capitalised title line under the national
motto and the agency header. The rules look only at the first title lines, compare
them folded (OCR and typists lose diacritics), tolerate a few OCR errors with a
length-aware edit budget, and prefer the most specific (longest) title that matches, so
GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN is never taken for something shorter and TỜ KHAI
ĐĂNG KÝ KHAI SINH (a declaration) is not a birth certificate.

A page without a title is a continuation page: doc_type is the fallback type with a low
confidence and starts_document False; the pipeline attaches it to the previous page's
document.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass

from pydantic import BaseModel, Field
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from classify.taxonomy import Taxonomy, default_taxonomy
from vntext import fold, fold_char, nfc

TITLE_ZONE_LINES = 12  # non-header lines searched for a title

_WORD = re.compile(r"[a-z0-9]+")
# Markdown, and the specks OCR reads as punctuation around a line. Not - + •: bullets.
_DECORATION = re.compile(r"^[\s#*_>`|:;,.'\"“”‘’~]+|[\s#*_`|:;,.'\"“”‘’~\-]+$")
_MOTTOS = (
    "cong hoa xa hoi chu nghia viet nam",
    "doc lap tu do hanh phuc",
    "socialist republic of viet nam",
    "independence freedom happiness",
)
# Agency headers stand above the title; none of them is a document type, and skipping
# them keeps "HỘI ĐỒNG ..." from passing for HỢP ĐỒNG with one OCR error.
_HEADER = re.compile(
    r"^(?:ubnd|uy ban nhan dan|hdnd|hoi dong|trung tam|bo phan|phong|bo|cuc|chi cuc|"
    r"cong an|van phong|dang uy|bao hiem xa hoi viet nam|benh vien|truong|so tu phap)\b"
)
_NUMBER_LINE = re.compile(r"^(?:so|no)\s*(?:[:.]|/\s*no\b|\d)")  # "Số: 04/BC-...", "Số/No.: ..."
_PLACE_DATE = re.compile(r"\bngay\s*\.*\s*\d{0,2}\s*\.*\s*thang\b.*\bnam\b")
_BULLET = re.compile(r"^\s*(?:[-+•–—]|\d+[.)]|[a-z][.)]|[ivx]+\.)\s")  # list items, numbered headings
_MAX_TITLE_WORDS = 25  # the longest title (land certificate) has 20; longer lines are prose


class PageClassification(BaseModel):
    doc_type: str
    confidence: float = Field(ge=0.0, le=1.0)
    title: str | None = None  # the matched line(s) as in the text
    starts_document: bool = False
    # On a page without a title: the type its body keywords suggest (weak, for review UIs).
    hint: str | None = None


@dataclass(frozen=True)
class _Title:
    doc_type: str
    folded: str  # words joined without spaces: OCR splits and merges words
    lower: str  # same, lower-case NFC with diacritics
    n_words: int
    allowed: float

    @property
    def specificity(self) -> int:
        return len(self.folded)


@dataclass(frozen=True)
class _Line:
    index: int
    text: str
    folded: str
    spans: tuple[tuple[int, int], ...]
    accented: bool


@dataclass(frozen=True)
class _Match:
    doc_type: str
    distance: float
    allowed: float
    specificity: int
    text: str

    @property
    def rank(self) -> tuple[float, float]:
        return (self.specificity - 2 * self.distance, -self.distance)

    @property
    def quality(self) -> float:
        return 1.0 - self.distance / (self.allowed + 1.0)


def allowed_edits(length: int) -> float:
    """OCR errors a title of `length` letters may carry and still count as that title."""
    if length <= 4:
        return 0
    if length <= 8:
        return 1
    if length <= 14:
        return 2
    return int(length * 0.15)


def _clean(line: str) -> str:
    return _DECORATION.sub("", line)


def _make_line(index: int, text: str) -> _Line:
    folded = fold(text)
    spans = tuple(m.span() for m in _WORD.finditer(folded))
    accented = any(c.isalpha() and fold_char(c) != c.lower() for c in text)
    return _Line(index=index, text=text, folded=folded, spans=spans, accented=accented)


def _is_header(line: _Line) -> bool:
    """Lines that are never a title: headers, number and date lines, list items, prose."""
    words = " ".join(line.folded[s:e] for s, e in line.spans)
    if not words or not any(c.isalpha() for c in words):
        return True
    if _BULLET.match(line.folded) or len(line.spans) > _MAX_TITLE_WORDS:
        return True
    if _HEADER.match(words) or _NUMBER_LINE.match(line.folded.strip()) or _PLACE_DATE.search(words):
        return True
    for motto in _MOTTOS:
        if len(words) >= 0.8 * len(motto) and fuzz.partial_ratio(motto, words) >= 85:
            return True
    return False


def _compile_titles(taxonomy: Taxonomy) -> list[_Title]:
    titles = []
    for key, doc_type in taxonomy.types.items():
        for title in doc_type.titles:
            line = _make_line(0, title)
            folded = "".join(line.folded[s:e] for s, e in line.spans)
            lower = "".join(title[s:e].lower() for s, e in line.spans)
            titles.append(_Title(key, folded, lower, len(line.spans), allowed_edits(len(folded))))
    return titles


_COMPILED: OrderedDict[int, tuple[Taxonomy, list[_Title]]] = OrderedDict()


def _titles_of(taxonomy: Taxonomy) -> list[_Title]:
    # Keyed by identity (the model holds lists, so it is not hashable); the entry keeps
    # the taxonomy alive so the id cannot be reused by another object.
    entry = _COMPILED.get(id(taxonomy))
    if entry is None or entry[0] is not taxonomy:
        entry = (taxonomy, _compile_titles(taxonomy))
        _COMPILED[id(taxonomy)] = entry
        while len(_COMPILED) > 8:
            _COMPILED.popitem(last=False)
    return entry[1]


def _mostly_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.6 * len(letters)


@dataclass(frozen=True)
class _Piece:
    """Words first..first+n of a line, as a title is compared with them."""
    folded: str  # joined without spaces, like _Title.folded
    lower: str


def _piece(line: _Line, first: int, n: int) -> _Piece | None:
    """None when the words cannot be a title: a title is printed in capitals; a mixed-case
    line counts only if it is the title and nothing else ("Citizen Identity Card")."""
    spans = line.spans[first : first + n]
    span_text = "".join(line.text[s:e] for s, e in spans)
    if not _mostly_upper(span_text) and first + n != len(line.spans):
        return None
    return _Piece("".join(line.folded[s:e] for s, e in spans), span_text.lower())


def _match_at(line: _Line, first: int, title: _Title, pieces: dict[tuple[int, int], _Piece | None]) -> float | None:
    """Edit distance of the title to the words starting at `first`, or None if too far.
    `pieces` caches the line's word runs: every title of the same length compares with
    the same ones (cutting them out once per title was most of the page's classification time)."""
    best: float | None = None
    available = len(line.spans) - first
    for n in (title.n_words - 1, title.n_words, title.n_words + 1):
        if n < 1 or n > available:
            continue
        if (first, n) not in pieces:
            pieces[(first, n)] = _piece(line, first, n)
        piece = pieces[(first, n)]
        if piece is None:
            continue
        distance: float = Levenshtein.distance(piece.folded, title.folded)
        if line.accented:
            # Diacritics that are present but disagree are evidence against (BẢNG is not
            # BẰNG); half weight, because OCR also gets marks on capitals wrong.
            with_marks = Levenshtein.distance(piece.lower, title.lower)
            distance += 0.5 * max(0, with_marks - distance)
        if distance <= title.allowed and (best is None or distance < best):
            best = distance
    return best


def _line_matches(line: _Line, titles: list[_Title]) -> list[_Match]:
    starts = [0]
    words = [line.folded[s:e] for s, e in line.spans]
    if words[:2] == ["ban", "sao"] and len(words) > 2:
        starts.append(2)  # "BẢN SAO GIẤY KHAI SINH": a copy is still the document
    matches = []
    pieces: dict[tuple[int, int], _Piece | None] = {}
    for title in titles:
        for first in starts:
            distance = _match_at(line, first, title, pieces)
            if distance is not None:
                matches.append(_Match(title.doc_type, distance, title.allowed, title.specificity, line.text))
    return matches


def _title_zone(lines: list[_Line]) -> list[_Line]:
    zone = []
    for line in lines:
        if not _is_header(line):
            zone.append(line)
            if len(zone) >= TITLE_ZONE_LINES:
                break
    return zone


def _find_title(zone: list[_Line], titles: list[_Title]) -> _Match | None:
    for position, line in enumerate(zone):
        matches = _line_matches(line, titles)
        following = zone[position + 1] if position + 1 < len(zone) else None
        if following is not None and following.index == line.index + 1 and _mostly_upper(following.text):
            # Long titles wrap: GIẤY CHỨNG NHẬN / QUYỀN SỬ DỤNG ĐẤT, HỢP ĐỒNG / ỦY QUYỀN.
            joined = _make_line(line.index, f"{line.text} {following.text}")
            matches += _line_matches(joined, titles)
        if matches:
            return max(matches, key=lambda m: m.rank)
    return None


def _find_pattern(lines: list[_Line], zone_end: int, taxonomy: Taxonomy) -> tuple[str, _Line, bool] | None:
    """(type, line, starts_document) of the first pattern hit; in-zone starting hits first."""
    fallback: tuple[str, _Line, bool] | None = None
    for line in lines:
        text = line.folded.strip()
        for key, doc_type in taxonomy.types.items():
            for pattern in doc_type.patterns:
                if not pattern.compiled.search(text):
                    continue
                starts = pattern.starts_document and line.index <= zone_end
                if starts:
                    return key, line, True
                fallback = fallback or (key, line, False)
    return fallback


def _keyword_hits(folded_text: str, taxonomy: Taxonomy) -> dict[str, int]:
    return {
        key: sum(1 for keyword in doc_type.keywords if keyword in folded_text)
        for key, doc_type in taxonomy.types.items()
    }


def _keyword_bonus(hits: int) -> float:
    return 0.025 * min(hits, 2)


def _hint(hits: dict[str, int]) -> str | None:
    key, count = max(hits.items(), key=lambda item: item[1], default=(None, 0))
    return key if count >= 2 else None


def _prepare(text: str) -> list[_Line]:
    lines = []
    for index, raw in enumerate(nfc(text).splitlines()):
        cleaned = _clean(raw)
        if cleaned:
            lines.append(_make_line(index, cleaned))
    return lines


def classify_page(text: str, taxonomy: Taxonomy | None = None) -> PageClassification:
    """The document type announced by the page's title; the fallback type if there is none."""
    taxonomy = taxonomy or default_taxonomy()
    lines = _prepare(text)
    zone = _title_zone(lines)
    zone_end = zone[-1].index if zone else -1
    hits = _keyword_hits(fold(text), taxonomy)

    found = _find_title(zone, _titles_of(taxonomy))
    if found is not None:
        confidence = 0.7 + 0.25 * found.quality + _keyword_bonus(hits.get(found.doc_type, 0))
        return PageClassification(
            doc_type=found.doc_type, confidence=round(min(confidence, 1.0), 3),
            title=found.text, starts_document=True,
        )

    pattern = _find_pattern(lines, zone_end, taxonomy)
    if pattern is not None:
        key, line, starts = pattern
        base = 0.6 if starts else 0.5
        return PageClassification(
            doc_type=key, confidence=round(base + _keyword_bonus(hits.get(key, 0)), 3),
            title=line.text, starts_document=starts,
        )

    has_text = any(c.isalpha() for line in lines for c in line.folded)
    return PageClassification(
        doc_type=taxonomy.fallback, confidence=0.2 if has_text else 0.1,
        title=None, starts_document=False, hint=_hint(hits),
    )


def _same_title(text: str) -> str:
    return " ".join(nfc(text).split()).upper()


def display_title(title: str | None, doc_type: str | None, taxonomy: Taxonomy | None = None) -> tuple[str, str | None]:
    """What to call a document on screen: (name shown, OCR'd title kept as a detail or None).

    The OCR'd title is shown only when it is exactly one of its type's titles (case and
    spacing aside); an approximate read ("CAN CƯỢC CONG DAN") would put OCR errors in
    front of the officer, so the type's proper Vietnamese name is shown and the read title
    becomes a detail."""
    taxonomy = taxonomy or default_taxonomy()
    doc = taxonomy.get(doc_type or taxonomy.fallback)
    if not title or not title.strip():
        return doc.name_vi, None
    if _same_title(title) in {_same_title(t) for t in doc.titles}:
        return " ".join(nfc(title).split()), None
    return doc.name_vi, " ".join(title.split())
