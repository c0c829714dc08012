"""QR codes on a page image, read with zxing-cpp as robustly as we can afford (pure).

zxing-cpp reads most card photocopies on the first pass; the rest (small codes on a 300
dpi page, bilevel scans whose modules have merged or broken) are retried on candidate
regions cut out of the page, upscaled and smoothed, with each binariser in turn. The first
candidates are the symbols zxing-cpp found but could not decode (a checksum error): a
phone photo's card code at ~130 dpi has about 2 pixels a module, blurred, and reads only
enlarged six times, which is worth trying where a code is known to be, not on every blob.
"""

from __future__ import annotations

import cv2
import numpy as np
import zxingcpp

_QR = zxingcpp.BarcodeFormat.QRCode
_BINARISERS = (zxingcpp.Binarizer.LocalAverage, zxingcpp.Binarizer.GlobalHistogram,
               zxingcpp.Binarizer.FixedThreshold)
MAX_CANDIDATES = 8


def _read(image: np.ndarray, binarizer=zxingcpp.Binarizer.LocalAverage) -> list[str]:
    try:
        found = zxingcpp.read_barcodes(image, formats=_QR, binarizer=binarizer)
    except (RuntimeError, ValueError):
        return []
    return [b.text for b in found if b.valid and b.text]


def _read_or_locate(image: np.ndarray) -> tuple[list[str], list[tuple[int, int, int, int]]]:
    """(texts decoded, boxes (x, y, w, h) of QR symbols found but not decoded)."""
    try:
        found = zxingcpp.read_barcodes(image, formats=_QR, return_errors=True)
    except (RuntimeError, ValueError):
        return [], []
    texts = [b.text for b in found if b.valid and b.text]
    boxes = []
    for symbol in (b for b in found if not b.valid):
        corners = symbol.position
        xs = [corners.top_left.x, corners.top_right.x, corners.bottom_left.x, corners.bottom_right.x]
        ys = [corners.top_left.y, corners.top_right.y, corners.bottom_left.y, corners.bottom_right.y]
        if max(xs) > min(xs) and max(ys) > min(ys):
            boxes.append((max(0, min(xs)), max(0, min(ys)), max(xs) - min(xs), max(ys) - min(ys)))
    return texts, boxes


def _grey(image: np.ndarray) -> np.ndarray:
    return image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)


def candidate_regions(grey: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Square-ish dense dark blobs (x, y, w, h) where a QR code may be, largest first."""
    height, width = grey.shape
    scale = 800 / max(height, width)
    small = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else grey
    scale = min(scale, 1.0)
    dark = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)[1]
    closed = cv2.morphologyEx(dark, cv2.MORPH_CLOSE, np.ones((5, 5), np.uint8))
    contours, _ = cv2.findContours(closed, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    boxes = []
    for contour in contours:
        x, y, w, h = cv2.boundingRect(contour)
        if min(w, h) < 18 or not 0.7 <= w / h <= 1.4:
            continue
        fill = cv2.countNonZero(dark[y:y + h, x:x + w]) / float(w * h)
        if 0.3 <= fill <= 0.97 and max(w, h) < 0.5 * max(small.shape):
            boxes.append((w * h, x, y, w, h))
    boxes.sort(reverse=True)
    return [(int(x / scale), int(y / scale), int(w / scale), int(h / scale))
            for _, x, y, w, h in boxes[:MAX_CANDIDATES]]


def _crop(grey: np.ndarray, box: tuple[int, int, int, int]) -> np.ndarray:
    x, y, w, h = box
    margin = int(0.25 * max(w, h)) + 8
    return grey[max(0, y - margin): y + h + margin, max(0, x - margin): x + w + margin]


SMALL_SYMBOL_PX = 250  # a located symbol smaller than this is also tried enlarged 6 times


def _variants(crop: np.ndarray, factors: tuple[int, ...] = (2, 3)):
    """Upscaled, smoothed and re-thresholded versions of a crop: for broken or merged modules."""
    for factor in factors:
        big = cv2.resize(crop, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC)
        yield big
        smooth = cv2.GaussianBlur(big, (0, 0), factor * 0.6)
        yield smooth
        yield cv2.threshold(smooth, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)[1]
        kernel = np.ones((factor + 1, factor + 1), np.uint8)
        yield cv2.dilate(smooth, kernel)  # white grows: merged dark modules separate
        yield cv2.erode(smooth, kernel)  # dark grows: broken thin modules join


def read_qr_codes(image: np.ndarray, retry: bool = True) -> list[str]:
    """Texts of the QR codes on the page, without repeats. `retry`: when the first pass finds
    nothing, try harder on candidate regions (costly: for pages expected to carry a code)."""
    grey = np.ascontiguousarray(_grey(image))
    if not retry:
        return list(dict.fromkeys(_read(grey)))
    found, located = _read_or_locate(grey)
    if found:
        return list(dict.fromkeys(found))
    tries = [(box, (2, 3, 6) if max(box[2:]) < SMALL_SYMBOL_PX else (2, 3)) for box in located]
    tries += [(box, (2, 3)) for box in candidate_regions(grey)]
    for box, factors in tries:
        crop = np.ascontiguousarray(_crop(grey, box))
        for variant in _variants(crop, factors):
            for binarizer in _BINARISERS:
                texts = _read(np.ascontiguousarray(variant), binarizer)
                if texts:
                    found.extend(texts)
                    break
            if found:
                break
    return list(dict.fromkeys(found))
