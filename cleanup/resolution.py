"""Resolution of a page whose file carries no DPI.

Two clues, combined:
- text: the commonest height of letter-sized marks is the x-height band of body text
  (plus the marks of Vietnamese vowels that touch their letter). Official documents are
  set in 13-14 pt Times; across 12-14 pt serif and sans faces that height is 6.0-6.9 pt
  (measured on rendered pages), so height_px / 6.3 pt gives the resolution within ~10%;
- format: when the whole image has the aspect ratio of a known paper or card format (a
  page scanned edge to edge, or a page or ID card found and straightened in a photo), its
  width in millimetres gives the resolution exactly. A5 and A4 (and A3) share one aspect
  ratio: the text clue picks between them. An ID-1 card (85.6 x 54 mm) is recognised by its
  own ratio, whatever its text size. A4 is preferred whenever the text clue is within 1.8x of
  it (small print on photocopied cards, blurred photos).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from cleanup.util import components, level_percentile, resize

X_BAND_PT = 6.3  # commonest letter-mark height of 12-14 pt body text, in points
# (name, short side mm, long side mm, trust_without_text)
FORMATS: tuple[tuple[str, float, float, bool], ...] = (
    ("A3", 297.0, 420.0, False),
    ("A4", 210.0, 297.0, False),
    ("A5", 148.0, 210.0, False),
    ("A6", 105.0, 148.0, False),
    ("Letter", 215.9, 279.4, False),
    ("Legal", 215.9, 355.6, False),
    ("ID-1 card", 53.98, 85.6, True),
)
ASPECT_TOLERANCE = 0.015
A4_AGREEMENT = 1.8
ANALYSIS_LONG_SIDE = 2400


@dataclass(frozen=True)
class DpiEstimate:
    dpi: float | None  # None: no clue at all
    method: str  # "text", "format:A4", "text+format:A4", "none"
    text_dpi: float | None = None
    marks: int = 0


def _grain(grey: np.ndarray) -> float:
    """Noise level: robust deviation of the steps between neighbouring pixels."""
    rows = grey[:: max(1, grey.shape[0] // 300)]
    if rows.shape[1] < 2:
        return 0.0
    return 1.4826 * level_percentile(cv2.absdiff(rows[:, 1:], rows[:, :-1]), 50) / np.sqrt(2)


def text_dpi(grey: np.ndarray) -> tuple[float | None, int, float]:
    """(resolution from the letter height, marks measured, commonest height in px)."""
    scale = min(1.0, ANALYSIS_LONG_SIDE / max(grey.shape))
    small = resize(grey, scale)
    grain = _grain(small)
    if grain > 3.0:  # grain would otherwise outnumber the letters
        small = cv2.medianBlur(small, 3)
        grain = _grain(small)
    block = max(15, (max(small.shape) // 60) | 1)
    ink = cv2.adaptiveThreshold(small, 1, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block,
                                max(15.0, 4 * grain))
    _, _, stats, _ = components(ink)
    h, w = stats[1:, 3], stats[1:, 2]
    keep = (h >= 5) & (w >= 2) & (w <= 3 * h) & (h <= 4 * w) & (h < small.shape[0] // 10)
    heights = h[keep]
    if len(heights) < 30:
        return None, int(len(heights)), 0.0
    hist = np.bincount(heights)
    # smooth the histogram a little so that a height split over two bins is one peak
    smooth = np.convolve(hist, [1, 2, 1], mode="same")
    mode = int(np.argmax(smooth[4:]) + 4)
    near = heights[(heights >= 0.85 * mode) & (heights <= 1.15 * mode)]
    if len(near) < 20:
        return None, int(len(heights)), float(mode)
    height = float(near.mean()) / scale
    return height * 72.0 / X_BAND_PT, int(len(near)), height


def format_candidates(shape: tuple[int, int]) -> list[tuple[str, float, bool]]:
    """(format, dpi, trust_without_text) for every format whose aspect ratio the image has."""
    h, w = shape[:2]
    short, long = sorted((h, w))
    aspect = long / short
    out = []
    for name, s_mm, l_mm, trusted in FORMATS:
        if abs(aspect / (l_mm / s_mm) - 1.0) <= ASPECT_TOLERANCE:
            out.append((name, (short / s_mm + long / l_mm) / 2 * 25.4, trusted))
    return out


DEFAULT_FORMATS = ("A4", "A5", "A6", "ID-1 card")


def estimate_dpi(grey: np.ndarray, formats: tuple[str, ...] | list[str] = DEFAULT_FORMATS) -> DpiEstimate:
    """Resolution of a grey page from its content and shape; `formats` are the paper sizes
    the device takes (A3 only when a profile says so: sheet-fed scanners cannot)."""
    by_text, marks, _ = text_dpi(grey)
    candidates = [c for c in format_candidates(grey.shape) if c[0] in formats]
    if by_text is None:
        trusted = [c for c in candidates if c[2]]
        if trusted:
            return DpiEstimate(trusted[0][1], f"format:{trusted[0][0]}", None, marks)
        return DpiEstimate(None, "none", None, marks)
    for name, dpi, trusted in candidates:
        if trusted:
            return DpiEstimate(dpi, f"format:{name}", by_text, marks)
    # An image with the exact shape of a paper format is that format; the letters only say
    # which of the formats sharing the shape (A3/A4/A5/A6). A4 is by far the commonest and wins
    # whenever the text roughly agrees: a photocopied ID card on A4 has 7-9 pt print that reads
    # 25-50% low; on a blurred phone photo the marks fuse with their vowels and the letters
    # read up to 1.7x high. The price: an A5 original (same shape, 1.41x smaller) is taken for
    # A4 unless its letters say clearly otherwise.
    a4 = [c for c in candidates if c[0] == "A4" and abs(np.log(c[1] / by_text)) <= np.log(A4_AGREEMENT)]
    if a4:
        return DpiEstimate(a4[0][1], "text+format:A4", by_text, marks)
    if candidates:
        name, dpi, _ = min(candidates, key=lambda c: abs(np.log(c[1] / by_text)))
        return DpiEstimate(dpi, f"text+format:{name}", by_text, marks)
    return DpiEstimate(by_text, "text", by_text, marks)
