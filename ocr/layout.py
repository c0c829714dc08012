"""Reading order of side-by-side blocks, from Tesseract's own word boxes.

Tesseract's page layout (`--psm 3`) reads a two-column letterhead as one line across both
columns: "UBND PHƯỜNG X  CỘNG HÒA XÃ HỘI ..." then "TRUNG TÂM ...  Độc lập - Tự do ...".
A person reads the agency's column (agency, document number), then the motto's column
(motto, place and date). Here a line is split where a wide gap runs through it, runs of
lines sharing one gutter make a band, and a band whose columns are centred blocks (a
letterhead, a signer's block) is read column by column; a band of left-aligned cells (a
form's "label: value" pairs, a table) keeps its row order, as people read tables.

No second OCR pass: the words are only put in another order (same time, same words).
Pure functions on `OcrWord`s.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median

from ocr.models import OcrWord

# A gap wider than this many word heights splits a line (spaces between words in justified
# text are under one height; a letterhead's gutter is four and more).
SPLIT_GAP_HEIGHTS = 2.5
# The next line joins a band when it starts within this many line heights below the last.
BAND_LINE_GAP_HEIGHTS = 2.5
# ... or within this many when it is split at the band's gutter too: the names under two
# signers' titles, after the space left for the signatures.
SPLIT_LINE_GAP_HEIGHTS = 7.0
# A column is a centred block when its lines' centres agree within this share of its widest
# line while their left edges do not.
CENTRED_SPREAD = 0.12


@dataclass
class Segment:
    """Words of one line between two wide gaps."""

    words: list[OcrWord]

    @property
    def left(self) -> int:
        return min(w.left for w in self.words)

    @property
    def right(self) -> int:
        return max(w.left + w.width for w in self.words)

    @property
    def top(self) -> int:
        return min(w.top for w in self.words)

    @property
    def height(self) -> int:
        return int(median(w.height for w in self.words))

    @property
    def centre(self) -> float:
        return (self.left + self.right) / 2


def split_line(words: list[OcrWord], gap_heights: float = SPLIT_GAP_HEIGHTS) -> list[Segment]:
    """One line's words (left to right) cut where the gap after a piece is wider than
    `gap_heights` word heights (classify/word_lines.py cuts a line into columns with it too)."""
    ordered = sorted(words, key=lambda w: w.left)
    height = median(w.height for w in ordered) or 1
    segments = [Segment([ordered[0]])]
    for word in ordered[1:]:
        gap = word.left - segments[-1].right
        if gap > gap_heights * height:
            segments.append(Segment([word]))
        else:
            segments[-1].words.append(word)
    return segments


def _free(intervals: list[tuple[int, int]], segments: list[Segment], min_width: float) -> list[tuple[int, int]]:
    """What is left of the gutter candidates once this line's segments are laid on them."""
    out = []
    for lo, hi in intervals:
        pieces = [(lo, hi)]
        for seg in segments:
            cut = []
            for a, b in pieces:
                if seg.right <= a or seg.left >= b:
                    cut.append((a, b))
                    continue
                if seg.left > a:
                    cut.append((a, seg.left))
                if seg.right < b:
                    cut.append((seg.right, b))
            pieces = cut
        out.extend(p for p in pieces if p[1] - p[0] >= min_width)
    return out


def _gaps(segments: list[Segment]) -> list[tuple[int, int]]:
    return [(a.right, b.left) for a, b in zip(segments, segments[1:])]


def _bands(lines: list[list[Segment]]) -> list[tuple[int, int, tuple[int, int] | None]]:
    """(first, last, gutter) runs of lines; gutter None for a line read as it is."""
    out = []
    i = 0
    while i < len(lines):
        first = lines[i]
        if len(first) < 2:
            out.append((i, i, None))
            i += 1
            continue
        height = max(s.height for s in first)
        gutters = _gaps(first)
        j = i
        while j + 1 < len(lines):
            nxt = lines[j + 1]
            below = nxt[0].top - max(s.top + s.height for s in lines[j])
            free = _free(gutters, nxt, SPLIT_GAP_HEIGHTS * height)
            split_too = len(nxt) > 1 and any(a.right <= lo and b.left >= hi for lo, hi in free
                                              for a, b in zip(nxt, nxt[1:]))
            limit = SPLIT_LINE_GAP_HEIGHTS if split_too else BAND_LINE_GAP_HEIGHTS
            if not free or below > limit * height:
                break
            gutters = free
            j += 1
        # the widest gutter left splits the band in two columns
        gutter = max(gutters, key=lambda g: g[1] - g[0]) if j > i else None
        out.append((i, j, gutter))
        i = j + 1
    return out


def _centred(column: list[Segment]) -> bool:
    if len(column) < 2:
        return False
    widest = max(s.right - s.left for s in column)
    centres = [s.centre for s in column]
    lefts = [s.left for s in column]
    spread = max(centres) - min(centres)
    return spread <= CENTRED_SPREAD * widest and max(lefts) - min(lefts) > 2 * spread


def _band_in_order(lines: list[list[Segment]], gutter: tuple[int, int]) -> list[Segment]:
    split = (gutter[0] + gutter[1]) / 2
    left = [s for line in lines for s in line if s.centre < split]
    right = [s for line in lines for s in line if s.centre >= split]
    if _centred(left) or _centred(right):
        return left + right
    return [s for line in lines for s in line]


def _same_row(row: list[Segment], line: list[Segment]) -> bool:
    """Tesseract may give the two columns' first lines as lines of their own: side by side
    (heights overlapping by half), not overlapping across, they are one row."""
    top, bottom = min(s.top for s in row), max(s.top + s.height for s in row)
    l_top, l_bottom = min(s.top for s in line), max(s.top + s.height for s in line)
    overlap = min(bottom, l_bottom) - max(top, l_top)
    if overlap < 0.5 * min(bottom - top, l_bottom - l_top):
        return False
    return all(a.right <= b.left or b.right <= a.left for a in row for b in line)


def _rows(lines: list[list[Segment]]) -> list[list[Segment]]:
    out: list[list[Segment]] = []
    for line in lines:
        if out and _same_row(out[-1], line):
            out[-1] = sorted([*out[-1], *line], key=lambda s: s.left)
        else:
            out.append(line)
    return out


def block_order(words: list[OcrWord]) -> list[OcrWord]:
    """The words in reading order, each segment of a split line its own line (line indices
    renumbered in that order). Words of one Tesseract line stay in their order otherwise."""
    by_line: dict[int, list[OcrWord]] = {}
    for word in words:
        by_line.setdefault(word.line, []).append(word)
    # Tesseract's line order is kept: where it found columns of body text it reads them right
    lines = _rows([split_line(by_line[k]) for k in sorted(by_line)])
    ordered: list[Segment] = []
    for first, last, gutter in _bands(lines):
        band = lines[first:last + 1]
        ordered.extend(_band_in_order(band, gutter) if gutter else [s for line in band for s in line])
    out: list[OcrWord] = []
    for index, segment in enumerate(ordered):
        out.extend(w.model_copy(update={"line": index}) for w in segment.words)
    return out
