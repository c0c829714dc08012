"""Black scanner edges: dark regions that touch the image edge and run along it.

On a ~100 dpi copy, regions darker than `dark_level` x paper that touch an image edge and
span at least `min_length` of that edge (the black band of a sheet-fed scanner, the dark
triangles around a skewed page, a lid shadow) are marked, grown by 1 mm to take their soft
rim, and painted the colour of the paper. A letter cut by the edge is small and stays.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from cleanup.util import components, edges_brighter, mm_px, paper_level, resize

ANALYSIS_DPI = 100.0


@dataclass(frozen=True)
class BorderResult:
    mask: np.ndarray  # uint8 1 = border, at the resolution of the image given
    fraction: float  # of the image area
    sides: str  # which sides had a border: "tblr" letters


def find_borders(grey: np.ndarray, dpi: float, dark_level: float = 0.45, min_length: float = 0.04) -> BorderResult:
    scale = min(1.0, ANALYSIS_DPI / dpi)
    # a border touches the edge and is darker than dark_level x paper (the paper at most white)
    if edges_brighter(grey, int(np.ceil(1.0 / scale)) + 1, dark_level * 255.0):
        return BorderResult(np.zeros(grey.shape, np.uint8), 0.0, "")
    small = resize(grey, scale)
    sdpi = dpi * scale
    h, w = small.shape
    paper = paper_level(small)
    dark = (small < dark_level * paper).astype(np.uint8)
    n, labels, stats, _ = components(dark)
    x, y, bw, bh = (stats[:, i] for i in range(4))
    wide, tall = bw >= min_length * w, bh >= min_length * h
    touches = {"t": (y == 0) & wide, "b": (y + bh == h) & wide, "l": (x == 0) & tall, "r": (x + bw == w) & tall}
    keep = np.zeros(n, dtype=bool)
    sides = set()
    for side, hit in touches.items():
        hit[0] = False  # the background
        if hit.any():
            keep |= hit
            sides.add(side)
    if not keep.any():
        return BorderResult(np.zeros(grey.shape, np.uint8), 0.0, "")
    mask = keep[labels].astype(np.uint8)
    grow = max(1, int(round(mm_px(1.0, sdpi))))
    mask = cv2.dilate(mask, cv2.getStructuringElement(cv2.MORPH_RECT, (2 * grow + 1, 2 * grow + 1)))
    if scale < 1.0:
        mask = cv2.resize(mask, (grey.shape[1], grey.shape[0]), interpolation=cv2.INTER_NEAREST)
    order = "tblr"
    return BorderResult(mask, float(mask.mean()), "".join(s for s in order if s in sides))


def paper_colour(image: np.ndarray, mask: np.ndarray | None = None) -> np.ndarray | float:
    """The median colour of the bright part of the page (outside `mask`)."""
    step = max(1, image.shape[0] // 300)
    sample = image[::step, ::step]
    if mask is not None:
        sample = sample[mask[::step, ::step] == 0]
    else:
        sample = sample.reshape(-1, *image.shape[2:])
    if sample.size == 0:
        return 255.0 if image.ndim == 2 else np.full(3, 255.0)
    grey = sample if image.ndim == 2 else sample.mean(axis=-1)
    bright = sample[grey >= np.percentile(grey, 60)]
    return float(np.median(bright)) if image.ndim == 2 else np.median(bright, axis=0)


def fill_borders(image: np.ndarray, mask: np.ndarray, colour: np.ndarray | float | None = None) -> np.ndarray:
    """A copy of `image` with the border mask painted in the paper colour."""
    if not mask.any():
        return image
    if colour is None:
        colour = paper_colour(image, mask)
    out = image.copy()
    out[mask.astype(bool)] = np.asarray(colour, dtype=np.float64).round().astype(np.uint8)
    return out
