"""Background normalisation: uneven lighting, shadows and tinted paper become white.

The paper's brightness is estimated on a ~50 dpi copy with a grey-level dilation (max
filter) wider than any stroke, then smoothed, scaled back up and divided out: every pixel
becomes its darkness relative to the paper under it. Optionally the result is stretched so
the ink reaches black (useful on faint or grey scans).
"""

from __future__ import annotations

import cv2
import numpy as np

from cleanup.util import level_percentile, mm_px, resize, resize_to

ESTIMATE_DPI = 50.0


def estimate_background(grey: np.ndarray, dpi: float, window_mm: float = 4.0) -> np.ndarray:
    """The paper brightness under every pixel, at a low resolution (float32)."""
    scale = min(1.0, ESTIMATE_DPI / dpi)
    small = resize(grey, scale).astype(np.float32)
    k = max(3, int(round(mm_px(window_mm, dpi * scale))) | 1)
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (k, k))
    bg = cv2.dilate(small, kernel)
    # close the other way to remove bright specks, then smooth
    bg = cv2.erode(bg, kernel)
    bg = cv2.dilate(bg, kernel)
    bg = cv2.GaussianBlur(bg, (0, 0), k)
    return np.maximum(bg, 1.0)


PLAIN_PAPER_LEVEL = 0.88 * 255  # the paper's brightness everywhere at least this
PLAIN_PAPER_SPREAD = 12.0  # grey levels between its darkest and brightest parts at most


def is_plain_paper(background: np.ndarray) -> tuple[bool, str]:
    """White, evenly lit paper (from `estimate_background`): dividing it out changes nothing
    OCR would see."""
    low, high = (float(v) for v in np.percentile(background, (1, 99)))
    plain = low >= PLAIN_PAPER_LEVEL and high - low <= PLAIN_PAPER_SPREAD
    return plain, f"paper {low:.0f}-{high:.0f}"


def divide_out(grey: np.ndarray, background: np.ndarray) -> np.ndarray:
    """The page divided by its background (from `estimate_background`): paper 255, ink as dark
    as it is relative to the paper."""
    bg = resize_to(np.clip(background + 0.5, 1, 255).astype(np.uint8), grey.shape)
    return cv2.divide(grey, bg, scale=255.0)  # uint8, rounded and saturated: paper stays 255


def normalise(grey: np.ndarray, dpi: float, window_mm: float = 4.0, stretch: bool = False) -> np.ndarray:
    """The page divided by its background: paper 255, ink as dark as it is relative to the paper."""
    out = divide_out(grey, estimate_background(grey, dpi, window_mm))
    if stretch:
        black = ink_level(out)
        if black < 200:
            out = stretch_to_black(out, black)
    return out


def stretch_to_black(norm: np.ndarray, black: float) -> np.ndarray:
    """Map `black` to 0 and keep the paper at 255."""
    lut = np.clip((np.arange(256, dtype=np.float32) - black) * (255.0 / max(1.0, 255.0 - black)), 0, 255)
    return cv2.LUT(norm, lut.astype(np.uint8))


def ink_level(norm: np.ndarray) -> float:
    """The typical darkness of the ink of a normalised page (255 when there is none)."""
    sample = norm[:: max(1, norm.shape[0] // 600), :: max(1, norm.shape[1] // 600)]
    dark = sample < 0.75 * 255
    if np.count_nonzero(dark) < 50:
        return 255.0
    return level_percentile(sample, 10, dark)
