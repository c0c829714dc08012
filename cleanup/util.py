"""Small image helpers shared by the cleanup steps."""

from __future__ import annotations

import cv2
import numpy as np

MM_PER_INCH = 25.4


def mm_px(mm: float, dpi: float) -> float:
    return mm / MM_PER_INCH * dpi


def to_grey(image: np.ndarray) -> np.ndarray:
    if image.ndim == 2:
        return image
    if image.shape[2] == 4:
        return cv2.cvtColor(image, cv2.COLOR_BGRA2GRAY)
    return cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)


def resize(image: np.ndarray, scale: float) -> np.ndarray:
    """Scale by `scale` (area averaging when shrinking)."""
    if abs(scale - 1.0) < 1e-3:
        return image
    h, w = image.shape[:2]
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    interp = cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR
    return cv2.resize(image, size, interpolation=interp)


def resize_to(image: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    h, w = shape
    if image.shape[:2] == (h, w):
        return image
    interp = cv2.INTER_AREA if image.shape[0] > h else cv2.INTER_LINEAR
    return cv2.resize(image, (w, h), interpolation=interp)


def paper_level(grey: np.ndarray) -> float:
    """The brightness of the paper: a high percentile, robust to ink and specks."""
    sample = grey[:: max(1, grey.shape[0] // 400), :: max(1, grey.shape[1] // 400)]
    return float(max(np.percentile(sample, 90), 1.0))


def otsu_ink(grey: np.ndarray) -> np.ndarray:
    """Ink mask (1 = ink) by Otsu's threshold."""
    _, binary = cv2.threshold(grey, 0, 1, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return binary


def resize_mask(mask: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    h, w = shape[:2]
    if mask.shape[:2] == (h, w):
        return mask
    return cv2.resize(mask, (w, h), interpolation=cv2.INTER_NEAREST)
