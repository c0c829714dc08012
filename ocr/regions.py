"""Where on a page to read separately: ID cards copied onto the page.

A card copy (front and back of a CCCD side by side or stacked, often with a certified-copy
stamp below) defeats full-page layout analysis: the two cards' lines sit at the same
heights and get read across one another, and their 5-7 pt print with a guilloche pattern
behind it is too small for Tesseract at scanner resolution. Found here, each card is read
on its own at a resolution that suits its print (ocr.engine).

A card is recognised by its printed or copied outline: a rectangle with the ID-1 aspect
ratio (85.6 x 54 mm), from true size to a 1.7x enlargement, whose outline is drawn along
most of its perimeter. Pure functions on a grey page image.
"""

from __future__ import annotations

import cv2
import numpy as np
from pydantic import BaseModel

CARD_MM = (85.6, 53.98)
MIN_SCALE, MAX_SCALE = 0.85, 1.7  # copies at true size up to enlarged
ASPECT_TOLERANCE = 0.08
MIN_OUTLINE_COVER = 0.85  # share of the perimeter with ink on it


class Region(BaseModel):
    kind: str  # "id_card"
    left: int
    top: int
    width: int
    height: int

    def contains(self, other: "Region", slack: int) -> bool:
        return (other.left >= self.left - slack and other.top >= self.top - slack
                and other.left + other.width <= self.left + self.width + slack
                and other.top + other.height <= self.top + self.height + slack)


def _outline_cover(ink: np.ndarray, rect) -> float:
    """Share of points along the rectangle's sides that fall on (dilated) ink."""
    corners = cv2.boxPoints(rect)
    hits = total = 0
    h, w = ink.shape
    for i in range(4):
        a, b = corners[i], corners[(i + 1) % 4]
        samples = max(8, int(np.hypot(*(b - a))) // 4)
        t = np.linspace(0.03, 0.97, samples)[:, None]
        points = (a + (b - a) * t).astype(int)
        inside = (points[:, 0] >= 0) & (points[:, 0] < w) & (points[:, 1] >= 0) & (points[:, 1] < h)
        points = points[inside]
        total += samples
        hits += int(np.count_nonzero(ink[points[:, 1], points[:, 0]]))
    return hits / max(total, 1)


SEARCH_DPI = 150.0  # outlines are found on a copy at this resolution: 4x fewer pixels to trace
OUTLINE_INK = 200  # an outline's thin line turns grey in the smaller copy: anything darker is ink


def find_cards(grey: np.ndarray, dpi: float, small: np.ndarray | None = None) -> list[Region]:
    """ID-card outlines on a page, in reading order (rows top to bottom, left to right).
    `small`: the page already shrunk to about SEARCH_DPI, if there is such a copy."""
    if grey.ndim != 2 or dpi <= 0:
        raise ValueError("find_cards needs a grey page and its resolution")
    scale = min(1.0, SEARCH_DPI / dpi)
    if small is not None and small.ndim == 2 and small.shape[0] < grey.shape[0]:
        scale = small.shape[0] / grey.shape[0]
    elif scale < 1.0:
        small = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    if scale < 1.0:
        return [Region(kind=r.kind, left=int(r.left / scale), top=int(r.top / scale),
                       width=int(round(r.width / scale)), height=int(round(r.height / scale)))
                for r in _find_cards(small, dpi * scale, fixed_ink=True)]
    return _find_cards(grey, dpi, fixed_ink=False)


def _find_cards(grey: np.ndarray, dpi: float, fixed_ink: bool) -> list[Region]:
    px_per_mm = dpi / 25.4
    if fixed_ink:
        ink = cv2.threshold(grey, OUTLINE_INK, 255, cv2.THRESH_BINARY_INV)[1]
    else:
        ink = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)[1]
    near_ink = None  # made for the first candidate only: most pages have none
    contours, _ = cv2.findContours(ink, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    want_aspect = CARD_MM[0] / CARD_MM[1]
    found: list[Region] = []
    for contour in contours:
        x, y, w, h = cv2.boundingRect(contour)
        if max(w, h) < MIN_SCALE * CARD_MM[0] * px_per_mm:  # cheap test first: most contours are letters
            continue
        rect = cv2.minAreaRect(contour)
        long_side, short_side = max(rect[1]) / px_per_mm, min(rect[1]) / px_per_mm
        if short_side <= 0 or not MIN_SCALE * CARD_MM[0] <= long_side <= MAX_SCALE * CARD_MM[0]:
            continue
        if abs((long_side / short_side) / want_aspect - 1.0) > ASPECT_TOLERANCE:
            continue
        if near_ink is None:
            near_ink = cv2.dilate(ink, np.ones((5, 5), np.uint8))  # a broken or thin outline still counts
        if _outline_cover(near_ink, rect) < MIN_OUTLINE_COVER:
            continue
        found.append(Region(kind="id_card", left=x, top=y, width=w, height=h))
    # an outline drawn with a thick line has an inner and an outer contour: keep the outer
    slack = max(2, int(round(px_per_mm)))
    kept: list[Region] = []
    for region in sorted(found, key=lambda r: -r.width * r.height):
        if not any(k.contains(region, slack) for k in kept):
            kept.append(region)
    return reading_order(kept)


def reading_order(regions: list[Region]) -> list[Region]:
    """Rows top to bottom (regions overlapping by half their height share a row), each row
    left to right."""
    rows: list[list[Region]] = []
    for region in sorted(regions, key=lambda r: r.top):
        if rows and region.top < rows[-1][0].top + rows[-1][0].height / 2:
            rows[-1].append(region)
        else:
            rows.append([region])
    return [r for row in rows for r in sorted(row, key=lambda r: r.left)]


CONTENT_MARGIN_MM = 5.0
CONTENT_INK = 0.75  # of the paper's level: darker is content (faint print included)


def content_box(grey: np.ndarray, dpi: float) -> tuple[int, int, int, int] | None:
    """(top, left, bottom, right) around everything darker than the paper, with a margin;
    None when the page is empty. Tesseract spends ~10% of its time on a page's empty
    margins (layout analysis runs on every pixel): cut them off and it reads the same."""
    step = 4
    sample = grey[::step, ::step]
    paper = float(np.percentile(sample, 95)) if sample.size else 255.0
    rows, cols = np.nonzero(sample < CONTENT_INK * paper)
    if rows.size == 0:
        return None
    margin = int(round(CONTENT_MARGIN_MM * dpi / 25.4))
    h, w = grey.shape[:2]
    return (max(0, int(rows.min()) * step - margin), max(0, int(cols.min()) * step - margin),
            min(h, (int(rows.max()) + 1) * step + margin), min(w, (int(cols.max()) + 1) * step + margin))


# A card's photo (CCCD, CMND, driving licence; a health-insurance card has none) is a block
# of dense grey about 15-20 mm wide and 20-25 mm tall on the 85.6 mm card; text lines are
# thin, the guilloche light. Looked for at this many pixels per card millimetre.
PORTRAIT_PX_PER_MM = 4.0
PORTRAIT_MM = ((11.0, 28.0), (14.0, 34.0))  # (width range, height range) on a true-size card
PORTRAIT_ASPECT = (1.05, 1.7)  # height / width: an upright photo
PORTRAIT_FILL = 0.5  # share of its box the dense block covers
PORTRAIT_CONTRAST = 40  # grey levels darker than the card's paper, over a 2 mm window


def has_portrait(grey: np.ndarray, card: Region, dpi: float) -> bool:
    """A photo-like block inside the card `card` of the grey page image."""
    crop = grey[max(0, card.top):card.top + card.height, max(0, card.left):card.left + card.width]
    if crop.size == 0 or dpi <= 0:
        return False
    scale = min(1.0, PORTRAIT_PX_PER_MM / (dpi / 25.4))
    small = cv2.resize(crop, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1.0 else crop
    px_per_mm = dpi / 25.4 * scale
    window = int(round(2 * px_per_mm)) | 1
    paper = float(np.percentile(small, 90))
    dense = (cv2.blur(small, (window, window)) < paper - PORTRAIT_CONTRAST).astype(np.uint8)
    opening = max(3, int(round(3 * px_per_mm)))  # removes strokes of text, keeps solid blocks
    dense = cv2.morphologyEx(dense, cv2.MORPH_OPEN, np.ones((opening, opening), np.uint8))
    count, _, stats, _ = cv2.connectedComponentsWithStats(dense)
    card_mm = max(1e-6, max(card.width, card.height) / (dpi / 25.4))
    to_card_mm = CARD_MM[0] / card_mm / px_per_mm  # an enlarged copy's photo is measured at true size
    (min_w, max_w), (min_h, max_h) = PORTRAIT_MM
    for index in range(1, count):
        _, _, w, h, area = stats[index]
        width, height = w * to_card_mm, h * to_card_mm
        if not (min_w <= width <= max_w and min_h <= height <= max_h):
            continue
        if PORTRAIT_ASPECT[0] <= height / width <= PORTRAIT_ASPECT[1] and area >= PORTRAIT_FILL * w * h:
            return True
    return False
