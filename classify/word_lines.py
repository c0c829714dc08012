"""The page's word boxes as column segments: each OCR line cut where a wide gap opens (pure).

Tesseract often reads a letterhead's two columns as one line ("Số: 267/XNTTHN Độc lập - Tự
do - Hạnh phúc"): a field read from the text stream then runs into the next column. Cut at
the gaps, each piece holds the words of one column, with its box on the page.
"""

from __future__ import annotations

from dataclasses import dataclass

from ocr.layout import split_line
from ocr.models import OcrWord
from vntext import nfc

# A gap between two words wider than this many word heights separates columns: spaces
# between words, even in a justified line, stay well under one height.
COLUMN_GAP = 1.6


@dataclass(frozen=True)
class Segment:
    text: str
    left: int = 0
    top: int = 0
    right: int = 0
    bottom: int = 0
    placed: bool = True  # False: a line of text whose position on the page is unknown

    @property
    def centre_x(self) -> float:
        return (self.left + self.right) / 2


@dataclass(frozen=True)
class PageSpan:
    """Where the page's words lie: the halves and the top of the page are judged by it."""
    left: int
    top: int
    right: int
    bottom: int

    @property
    def middle_x(self) -> float:
        return (self.left + self.right) / 2

    def height(self) -> int:
        return max(1, self.bottom - self.top)


def segments(words: list[OcrWord]) -> list[Segment]:
    """Column pieces of every line, in reading order (line, then left to right)."""
    lines: dict[int, list[OcrWord]] = {}
    for word in words:
        if word.text.strip():
            lines.setdefault(word.line, []).append(word)
    out: list[Segment] = []
    for _, line in sorted(lines.items()):
        out.extend(_cut(line))
    return out


def _cut(line: list[OcrWord]) -> list[Segment]:
    return [Segment(text=nfc(" ".join(w.text for w in piece.words)), left=piece.left, top=piece.top,
                    right=piece.right, bottom=max(w.top + w.height for w in piece.words))
            for piece in split_line(line, COLUMN_GAP)]


def text_lines(text: str) -> list[Segment]:
    """The text's lines as segments without a position (pages stored without word boxes)."""
    return [Segment(text=line, placed=False) for line in nfc(text).splitlines() if line.strip()]


def span_of(pieces: list[Segment]) -> PageSpan | None:
    placed = [p for p in pieces if p.placed]
    if not placed:
        return None
    return PageSpan(min(p.left for p in placed), min(p.top for p in placed), max(p.right for p in placed),
                    max(p.bottom for p in placed))
