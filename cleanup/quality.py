"""Per-page quality check ("kiểm tra chất lượng bản số": complete, right structure, legible).

Measured on the cleaned page:
- resolution: the page's DPI against the profile's minimum, and the height of its letters
  in pixels (small print at a modest resolution is unreadable even above the minimum);
- blur: the spread of the ink edges. A step edge of contrast C blurred by a Gaussian of
  sigma s has a steepest slope of C / (s sqrt(2 pi)); s is measured from the steepest slopes
  on the page and reported in millimetres, so 200 and 300 dpi scans compare;
- contrast: how dark the ink is relative to the paper under it (after background
  normalisation, so a shadow is not "low contrast");
- cut off: letters touching the edge of the page (more than a few on one side).
Each failing check gives a reason in Vietnamese and English.
"""

from __future__ import annotations

import cv2
import numpy as np

from cleanup.models import QualityVerdict
from cleanup.util import components, edges_brighter, level_percentile, mm_px, resize

SIDES = {"top": "trên", "bottom": "dưới", "left": "trái", "right": "phải"}


def _inky_tiles(norm: np.ndarray, tile: int, count: int) -> list[tuple[int, int]]:
    """Top-left corners of the `count` tiles with the most ink."""
    h, w = norm.shape
    if h < tile or w < tile:
        return [(0, 0)]
    step = 8
    coarse = norm[::step, ::step] < 0.75 * 255
    ch, cw = h // tile, w // tile
    t = tile // step
    sums = coarse[: ch * t, : cw * t].reshape(ch, t, cw, t).sum(axis=(1, 3))
    order = np.argsort(sums.ravel())[::-1][:count]
    return [(int(i // cw) * tile, int(i % cw) * tile) for i in order if sums.ravel()[i] > 0]


def blur_mm(norm: np.ndarray, dpi: float, tile: int = 384, tiles: int = 6) -> float | None:
    """Edge spread (Gaussian sigma) of the ink in mm; None when there are too few edges.

    Measured on the few tiles with the most ink (a whole page costs 10x more and says the same).
    """
    spreads = []
    for y, x in _inky_tiles(norm, tile, tiles):
        part = norm[y : y + tile, x : x + tile]
        img = part.astype(np.float32)
        gx = cv2.Sobel(img, cv2.CV_32F, 1, 0, ksize=3) / 8.0
        gy = cv2.Sobel(img, cv2.CV_32F, 0, 1, ksize=3) / 8.0
        mag = np.sqrt(gx * gx + gy * gy)
        dark = part < 0.75 * 255
        if np.count_nonzero(dark) < 100:
            continue
        ink = level_percentile(part, 5, dark)
        contrast_ = 255.0 - ink
        if contrast_ < 20:
            continue
        strong = mag[mag > 0.1 * contrast_]
        if strong.size < 100:
            continue
        g = float(np.percentile(strong, 95))
        sigma_px = contrast_ / (np.sqrt(2 * np.pi) * max(g, 1e-6))
        # the 3x3 Sobel and the pixel grid spread even a perfect edge by ~0.5 px
        spreads.append(float(np.sqrt(max(sigma_px**2 - 0.5**2, 0.0))))
    if not spreads:
        return None
    return float(np.median(spreads)) / dpi * 25.4


def contrast(norm: np.ndarray) -> float | None:
    """(paper - ink) / 255 on the normalised page, before any stretch; None without ink."""
    sample = norm[:: max(1, norm.shape[0] // 800), :: max(1, norm.shape[1] // 800)]
    dark = sample < 0.85 * 255
    if np.count_nonzero(dark) < 30:
        return None
    return (255.0 - level_percentile(sample, 10, dark)) / 255.0


def cut_off_sides(norm: np.ndarray, dpi: float, ink_level: float = 0.6) -> dict[str, int]:
    """How many letter-sized marks each edge of the page cuts."""
    scale = min(1.0, 100.0 / dpi)
    sdpi = dpi * scale
    edge = max(1, int(round(mm_px(0.5, sdpi))))
    if edges_brighter(norm, int(np.ceil((edge + 1) / scale)) + 1, ink_level * 255):  # empty margins
        return dict.fromkeys(SIDES, 0)
    small = resize(norm, scale)
    ink = (small < ink_level * 255).astype(np.uint8)
    n, _, stats, _ = components(ink)
    h, w = ink.shape
    lo, hi, thin = mm_px(0.7, sdpi), mm_px(15.0, sdpi), mm_px(0.45, sdpi)
    x, y, bw, bh = (stats[1:, i] for i in range(4))
    size = np.maximum(bw, bh)
    # slivers of background along the edge are not letters
    letter = (size >= lo) & (size <= hi) & (np.minimum(bw, bh) >= thin)
    touches = {"top": y < edge, "bottom": y + bh > h - edge, "left": x < edge, "right": x + bw > w - edge}
    return {side: int(np.count_nonzero(letter & touches[side])) for side in SIDES}


def assess(
    norm: np.ndarray,
    dpi: float,
    *,
    min_dpi: float,
    min_x_height_px: float,
    max_blur_mm: float,
    min_contrast: float,
    check_cut_off: bool = True,
    cut_off_min_marks: int = 3,
    x_height_px: float | None = None,
    is_blank: bool = False,
    smoothed_mm: float = 0.0,
    copy: tuple[np.ndarray, float] | None = None,
) -> QualityVerdict:
    """The verdict for a background-normalised (not stretched) page. `copy` is the same page
    at a lower resolution (image, dpi) to count cut-off letters on: shrinking the full page
    to 100 dpi for them cost more than all the other checks together."""
    reasons: list[str] = []
    codes: list[str] = []
    metrics: dict[str, float] = {"dpi": float(dpi)}
    if round(dpi) < min_dpi:  # an estimate of 199.6 is the 200 dpi it says, not below it
        codes.append("low_dpi")
        reasons.append(
            f"Độ phân giải quá thấp ({dpi:.0f} dpi, cần ít nhất {min_dpi:.0f} dpi) / "
            f"resolution too low ({dpi:.0f} dpi, at least {min_dpi:.0f} dpi needed)"
        )
    if is_blank:
        return QualityVerdict(ok=not codes, reasons=reasons, metrics=metrics, codes=codes)
    if x_height_px is not None:
        metrics["x_height_px"] = float(x_height_px)
        if x_height_px < min_x_height_px and "low_dpi" not in codes:
            codes.append("small_text")
            reasons.append(
                f"Chữ quá nhỏ so với độ phân giải ({x_height_px:.0f} px) / "
                f"letters too small at this resolution ({x_height_px:.0f} px high)"
            )
    c = contrast(norm)
    if c is not None:
        metrics["contrast"] = c
        if c < min_contrast:
            codes.append("low_contrast")
            reasons.append(
                f"Độ tương phản thấp, chữ mờ nhạt ({c:.0%}) / contrast too low, faint ink ({c:.0%})"
            )
    b = blur_mm(norm, dpi)
    if b is not None:
        b = float(np.sqrt(max(b * b - smoothed_mm * smoothed_mm, 0.0)))  # our own grain smoothing is not the scan's fault
        metrics["blur_mm"] = b
        if b > max_blur_mm:
            codes.append("blurred")
            reasons.append(f"Ảnh bị mờ, nhòe (độ nhòe {b:.2f} mm) / page is blurred (edge spread {b:.2f} mm)")
    if check_cut_off:
        counts = cut_off_sides(*(copy or (norm, dpi)))
        for side, count in counts.items():
            metrics[f"cut_{side}"] = float(count)
        cut = [s for s, k in counts.items() if k >= cut_off_min_marks]
        if cut:
            codes.append("cut_off")
            vi = ", ".join(SIDES[s] for s in cut)
            en = ", ".join(cut)
            reasons.append(f"Nội dung bị cắt ở mép {vi} / content cut off at the {en} edge")
    return QualityVerdict(ok=not codes, reasons=reasons, metrics=metrics, codes=codes)
