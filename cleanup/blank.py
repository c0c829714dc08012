"""Blank pages: the empty backs of duplex scans.

On the background-normalised page (paper = 255), marks darker than `ink_level` x paper are
ink; fainter ones (bleed-through from the other side, paper texture) are not. Marks smaller
than `min_mark_mm` are specks. The page has content as soon as it has a word (at least
`min_marks` marks within a few millimetres of one another), one large mark (a stamp,
a signature, a ruled line), or more ink than `max_ink_fraction`. Everything else is blank.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from cleanup.neighbours import count_within
from cleanup.util import components, mm_px

WORD_RADIUS_MM = 6.0


@dataclass(frozen=True)
class BlankResult:
    is_blank: bool
    ink_fraction: float  # of the page, counting only marks (not specks)
    marks: int
    detail: str


def detect_blank(
    norm: np.ndarray,
    dpi: float,
    ink_level: float = 0.6,
    min_mark_mm: float = 0.5,
    min_marks: int = 3,
    min_large_mark_mm: float = 6.0,
    max_ink_fraction: float = 0.002,
) -> BlankResult:
    ink = (norm < ink_level * 255).astype(np.uint8)
    n, _, stats, cents = components(ink)
    if n <= 1:
        return BlankResult(True, 0.0, 0, "no ink")
    size = np.maximum(stats[1:, 2], stats[1:, 3])
    is_mark = size >= mm_px(min_mark_mm, dpi)
    marks = int(is_mark.sum())
    area = float(stats[1:, 4][is_mark].sum())
    fraction = area / ink.size
    specks = len(size) - marks
    if fraction > max_ink_fraction:
        return BlankResult(False, fraction, marks, f"ink {fraction:.2%} of the page")
    big = size >= mm_px(min_large_mark_mm, dpi)
    if big.any():
        return BlankResult(False, fraction, marks, f"a large mark ({size.max() / dpi * 25.4:.0f} mm)")
    if marks >= min_marks:
        neighbours = count_within(cents[1:][is_mark], mm_px(WORD_RADIUS_MM, dpi))
        if int(neighbours.max()) >= min_marks:  # itself included
            return BlankResult(False, fraction, marks, f"{marks} marks, some forming words")
    return BlankResult(True, fraction, marks, f"{marks} scattered marks, {specks} specks")


FAINT_LEVEL = 0.93
SHARP_PX = 1.12


def edge_spread_px(norm: np.ndarray, level: float = FAINT_LEVEL, tile: int = 256, tiles: int = 6) -> float | None:
    """Edge spread (in pixels) of the faint marks of a full-resolution normalised page.

    Show-through is the other side's ink seen through the paper, which diffuses it: its
    edges are soft (measured >= 1.22 px on 200 and 300 dpi pages). Faint print (a pale
    copy, a faded fax) keeps sharp edges (<= 1.06 px; 1.18 px when also slightly blurred).
    """
    h, w = norm.shape
    dark = norm < level * 255
    boxes = []
    for y in range(0, max(1, h - tile), tile):
        for x in range(0, max(1, w - tile), tile):
            boxes.append((int(dark[y : y + tile, x : x + tile].sum()), y, x))
    boxes.sort(reverse=True)
    spreads = []
    for count, y, x in boxes[:tiles]:
        if count < 100:
            break
        part = norm[y : y + tile, x : x + tile].astype(np.float32)
        faint = part < level * 255
        contrast = 255.0 - float(np.percentile(part[faint], 5))
        if contrast < 8:
            continue
        gx = cv2.Sobel(part, cv2.CV_32F, 1, 0, ksize=3) / 8.0
        gy = cv2.Sobel(part, cv2.CV_32F, 0, 1, ksize=3) / 8.0
        mag = np.sqrt(gx * gx + gy * gy)
        strong = mag[mag > 0.25 * contrast]
        if strong.size < 50:
            continue
        spreads.append(contrast / (np.sqrt(2 * np.pi) * float(np.percentile(strong, 90))))
    return float(np.median(spreads)) if spreads else None


def faint_text(norm_small: np.ndarray, small_dpi: float, norm_full: np.ndarray, min_mark_mm: float = 1.0,
               min_marks: int = 3) -> tuple[bool, str]:
    """For a page found blank: is what it has faint print (content) rather than show-through?"""
    words = detect_blank(norm_small, small_dpi, FAINT_LEVEL, min_mark_mm, min_marks, 1e9, 1.0)
    if words.is_blank:
        return False, "no faint words either"
    spread = edge_spread_px(norm_full)
    if spread is None:
        return False, "faint marks, no measurable edges"
    if spread < SHARP_PX:
        return True, f"faint but sharp print (edge spread {spread:.2f} px): not show-through"
    return False, f"faint soft marks (edge spread {spread:.2f} px): show-through"
