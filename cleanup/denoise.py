"""Denoising that keeps Vietnamese diacritics.

Two kinds of noise:
- grain (sensor noise, JPEG mosquito noise, rough paper): every pixel a little off. Measured
  as the robust deviation of neighbouring-pixel steps; above `grain_limit` grey levels the
  page is smoothed with a small Gaussian (sigma ~0.08 mm: two pixels at 300 dpi), which
  lowers the grain by more than half and keeps a dot below (0.35 mm) intact. A median filter
  would be cheaper but eats serif hairlines and the dots themselves at 200 dpi;
- specks (dust, toner spots, salt-and-pepper): a dot below (ạ) or a hook above (ả) is as
  small as a speck; what tells them apart is company. A diacritic sits within a fraction
  of a letter height of its letter, a speck stands alone. Marks smaller than
  `max_speck_mm` with no other ink within `isolation_mm` are painted white.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from cleanup.util import components, level_percentile, mm_px, paper_level


@dataclass(frozen=True)
class DenoiseResult:
    image: np.ndarray
    removed: int
    kept_small: int  # small marks kept because they are near other ink (diacritics, dots)


def grain(grey: np.ndarray) -> float:
    """Noise level in grey levels: robust deviation of the steps between horizontal neighbours
    that are both paper (brighter than 60% of the paper level), so letter edges do not count.
    Where noisy paper clips at white the figure reads low (about 0.6 sigma at sigma 50)."""
    sample = grey[:: max(1, grey.shape[0] // 400)]
    a, b = sample[:, :-1], sample[:, 1:]
    floor = 0.6 * paper_level(grey)
    ok = (a > floor) & (b > floor)
    if np.count_nonzero(ok) < 1000:
        return 0.0
    return 1.4826 * level_percentile(cv2.absdiff(a, b), 50, ok) / np.sqrt(2)


SMOOTH_MM = 0.08
CHAIN_ROUNDS = 3
LENIENCY = 0.7


def smooth_grain(grey: np.ndarray, dpi: float, sigma_mm: float = SMOOTH_MM) -> np.ndarray:
    sigma = max(0.6, mm_px(sigma_mm, dpi))
    return cv2.GaussianBlur(grey, (0, 0), sigma)


def speck_threshold(norm: np.ndarray) -> float:
    """Grey level below which a pixel belongs to a mark, for the speck test.

    Relative to the page's own ink and leaning towards the paper: on a faint or blurred page
    a fixed level splits letters into fragments and detaches the dot below from its letter,
    and the fragments look like lonely specks.
    """
    from cleanup.background import ink_level

    ink = min(ink_level(norm), 200.0)
    return ink + LENIENCY * (255.0 - ink)


def remove_specks(norm: np.ndarray, dpi: float, max_speck_mm: float = 0.6, isolation_mm: float = 1.0,
                  threshold: float | None = None) -> DenoiseResult:
    if threshold is None:
        threshold = speck_threshold(norm)
    ink = (norm < threshold).astype(np.uint8)
    n, labels, stats, cents = components(ink)
    if n <= 1:
        return DenoiseResult(norm, 0, 0)
    size = np.maximum(stats[:, 2], stats[:, 3])
    small = size <= max(1.0, mm_px(max_speck_mm, dpi))
    small[0] = False
    if not small.any():
        return DenoiseResult(norm, 0, 0)
    # where the other marks are, grown by the isolation distance, on a coarser grid (cells of
    # ~0.34 mm: 4 px at 300 dpi, 2 px at 150). Coarser cells at 150 dpi cut the isolation
    # distance to one cell, and the dot of an "i" counted as a lonely speck. Small marks
    # found next to the others count as company in turn (the dots of "...", stacked marks).
    f = max(1, int(round(dpi / 75.0)))
    coarse = np.zeros((norm.shape[0] // f + 1, norm.shape[1] // f + 1), np.uint8)

    def paint(boxes: np.ndarray) -> None:
        for x, y, w, h in boxes:
            coarse[y // f : (y + h) // f + 1, x // f : (x + w) // f + 1] = 1

    paint(stats[1:, :4][~small[1:]])
    r = max(1, int(round(mm_px(isolation_mm, dpi) / f)))
    disk = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * r + 1, 2 * r + 1))
    idx = np.nonzero(small)[0]
    cy, cx = (cents[idx, 1] / f).astype(int), (cents[idx, 0] / f).astype(int)
    lonely = np.ones(idx.size, dtype=bool)
    for _ in range(CHAIN_ROUNDS):
        near = cv2.dilate(coarse, disk)
        now = near[cy, cx] == 0
        newly_kept = lonely & ~now
        lonely = now
        if not newly_kept.any():
            break
        paint(stats[idx[newly_kept], :4])
    remove = idx[lonely]
    if remove.size == 0:
        return DenoiseResult(norm, 0, int(idx.size))
    out = norm.copy()
    if remove.size > 300:  # many: one pass over the label image
        lut = np.zeros(n, dtype=np.uint8)
        lut[remove] = 1
        kill = cv2.dilate(lut[labels], np.ones((3, 3), np.uint8))  # with the one-pixel grey rim
        out[kill.astype(bool)] = 255
        return DenoiseResult(out, int(remove.size), int(idx.size - remove.size))
    hh, ww = norm.shape
    for i in remove:  # few: touch only their boxes
        x, y, w, h = stats[i, :4]
        y0, y1, x0, x1 = max(0, y - 1), min(hh, y + h + 1), max(0, x - 1), min(ww, x + w + 1)
        own = cv2.dilate((labels[y0:y1, x0:x1] == i).astype(np.uint8), np.ones((3, 3), np.uint8))
        out[y0:y1, x0:x1][own.astype(bool)] = 255
    return DenoiseResult(out, int(remove.size), int(idx.size - remove.size))
