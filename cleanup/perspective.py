"""Perspective correction for phone photos: find the page, warp it to a rectangle.

1. On a copy ~800 px long, the paper is the largest bright region (Otsu on the blurred
   photo, closed so the text does not punch holes in it); its convex hull is simplified to
   four corners.
2. The page's true aspect ratio is recovered from the four corners with a pinhole camera
   whose principal point is the image centre (Zhang & He, "Whiteboard scanning and image
   enhancement", 2007); when the page was photographed nearly straight on, the ratio of the
   side lengths is used. The ratio is snapped to the nearest paper format the profile allows
   (A4/A5/A6 and ID-1 cards by default) when within 10%: the corners of a curled page or a
   hand-held shot are never exact.
3. The 3x3 homography maps the corners to a rectangle as wide as the page's widest side, so
   no detail is lost; the caller applies it once at full resolution.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from cleanup.resolution import DEFAULT_FORMATS, FORMATS
from cleanup.util import resize

ANALYSIS_LONG_SIDE = 800
SNAP = 0.10
A_SERIES = ("A3", "A4", "A5", "A6")
INSET = 0.008
TYPICAL_FOCAL = 0.85  # phone main cameras: focal length ~0.75-0.95 x the long side in pixels


@dataclass(frozen=True)
class PageQuad:
    corners: np.ndarray  # 4x2 float32, full-resolution pixels: tl, tr, br, bl
    area_fraction: float
    aspect: float  # width / height of the page as it really is
    snapped: str  # format the aspect was snapped to, or ""
    size: tuple[int, int]  # (width, height) of the warped output
    matrix: np.ndarray  # 3x3 homography from the photo to the output


def _order(pts: np.ndarray) -> np.ndarray:
    """tl, tr, br, bl of four points."""
    pts = pts.reshape(4, 2).astype(np.float64)
    c = pts.mean(axis=0)
    ang = np.arctan2(pts[:, 1] - c[1], pts[:, 0] - c[0])
    pts = pts[np.argsort(ang)]  # clockwise on screen from the left-most-ish
    start = int(np.argmin(pts.sum(axis=1)))  # top-left has the smallest x + y
    return np.roll(pts, -start, axis=0)


def _four_corners(hull: np.ndarray) -> np.ndarray | None:
    peri = cv2.arcLength(hull, True)
    for eps in np.linspace(0.01, 0.08, 15):
        approx = cv2.approxPolyDP(hull, eps * peri, True)
        if len(approx) == 4:
            return approx.reshape(4, 2)
        if len(approx) < 4:
            break
    # fall back on the extreme points along the diagonals
    p = hull.reshape(-1, 2).astype(np.float64)
    s, d = p.sum(axis=1), p[:, 0] - p[:, 1]
    return np.array([p[np.argmin(s)], p[np.argmax(d)], p[np.argmax(s)], p[np.argmin(d)]])


def true_aspect(corners: np.ndarray, shape: tuple[int, int]) -> float:
    """width / height of the real rectangle seen as the quadrilateral tl, tr, br, bl."""
    tl, tr, br, bl = (np.array([x, y, 1.0]) for x, y in corners)
    h, w = shape[:2]
    u0, v0 = w / 2.0, h / 2.0
    m1, m2, m3, m4 = tl, tr, bl, br
    k2 = np.dot(np.cross(m1, m4), m3) / np.dot(np.cross(m2, m4), m3)
    k3 = np.dot(np.cross(m1, m4), m2) / np.dot(np.cross(m3, m4), m2)
    n2 = k2 * m2 - m1
    n3 = k3 * m3 - m1
    simple_w = (np.linalg.norm(tr - tl) + np.linalg.norm(br - bl)) / 2
    simple_h = (np.linalg.norm(bl - tl) + np.linalg.norm(br - tr)) / 2
    simple = simple_w / simple_h
    long_side = float(max(h, w))
    f = None
    # n2, n3 are the page's edge directions; their third components vanish when the page's
    # opposite sides are parallel in the photo (seen straight on along one axis): then the
    # focal length cannot be measured and a typical phone's is assumed
    if abs(n2[2]) > 1e-3 * np.linalg.norm(n2[:2]) / long_side and abs(n3[2]) > 1e-3 * np.linalg.norm(n3[:2]) / long_side:
        f2 = -(
            (n2[0] * n3[0] - (n2[0] * n3[2] + n2[2] * n3[0]) * u0 + n2[2] * n3[2] * u0 * u0)
            + (n2[1] * n3[1] - (n2[1] * n3[2] + n2[2] * n3[1]) * v0 + n2[2] * n3[2] * v0 * v0)
        ) / (n2[2] * n3[2])
        if np.isfinite(f2) and (0.3 * long_side) ** 2 < f2 < (4.0 * long_side) ** 2:
            f = float(np.sqrt(f2))
    if f is None:
        f = TYPICAL_FOCAL * long_side
    a_inv = np.linalg.inv(np.array([[f, 0, u0], [0, f, v0], [0, 0, 1.0]]))
    b = a_inv.T @ a_inv
    ratio2 = (n2 @ b @ n2) / (n3 @ b @ n3)
    if not np.isfinite(ratio2) or ratio2 <= 0:
        return simple
    ratio = float(np.sqrt(ratio2))
    # a ratio absurdly far from the plain one means the corners are not a photographed rectangle
    return ratio if 0.6 < ratio / simple < 1.6 else simple


def snap_aspect(aspect: float, formats=DEFAULT_FORMATS, tolerance: float = SNAP) -> tuple[float, str]:
    """The aspect of the nearest allowed paper format within `tolerance`, and its name."""
    portrait = aspect <= 1.0
    a = aspect if portrait else 1.0 / aspect
    # A3/A4/A5/A6 share one shape (1 : sqrt 2), called A4 when A4 is allowed
    shapes: dict[str, tuple[str, float]] = {}
    for name, short, long, _ in FORMATS:
        if name in formats:
            key = "A" if name in A_SERIES else name
            if key not in shapes or name == "A4":
                shapes[key] = (name, short / long)
    if not shapes:
        return aspect, ""
    name, exact = min(shapes.values(), key=lambda nr: abs(np.log(a / nr[1])))
    if abs(np.log(a / exact)) <= tolerance:
        return (exact if portrait else 1.0 / exact), name
    return aspect, ""


def find_page(grey: np.ndarray, min_area: float = 0.2, snap: bool = True, formats=DEFAULT_FORMATS,
              tolerance: float = SNAP) -> PageQuad | None:
    """The page in a photo, or None when no page-sized bright quadrilateral stands out."""
    scale = min(1.0, ANALYSIS_LONG_SIDE / max(grey.shape[:2]))
    small = resize(grey, scale)
    blur = cv2.GaussianBlur(small, (0, 0), 2)
    _, bright = cv2.threshold(blur, 0, 1, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    k = max(3, (max(small.shape) // 40) | 1)
    bright = cv2.morphologyEx(bright, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    bright = cv2.morphologyEx(bright, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    contours, _ = cv2.findContours(bright, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    contour = max(contours, key=cv2.contourArea)
    area = cv2.contourArea(contour) / (small.shape[0] * small.shape[1])
    if area < min_area:
        return None
    corners = _four_corners(cv2.convexHull(contour))
    if corners is None:
        return None
    corners = _order(corners)
    quad_area = cv2.contourArea(corners.astype(np.float32)) / (small.shape[0] * small.shape[1])
    if quad_area < min_area or quad_area < 0.85 * area:
        return None
    # a quadrilateral that is the whole photo is no page found: nothing to straighten
    h, w = small.shape
    margin = 0.01 * max(h, w)
    at_edge = (corners[:, 0] < margin) | (corners[:, 0] > w - 1 - margin) | (corners[:, 1] < margin) | (corners[:, 1] > h - 1 - margin)
    if at_edge.sum() >= 3:
        return None
    corners = corners / scale
    # pull the corners in by a hair (~1 mm on A4) so no sliver of the table survives the warp
    centre = corners.mean(axis=0)
    corners = centre + (corners - centre) * (1.0 - INSET)
    aspect = true_aspect(corners, grey.shape)
    snapped = ""
    if snap:
        aspect, snapped = snap_aspect(aspect, formats, tolerance)
    tl, tr, br, bl = corners
    width = max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl))
    height = max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr))
    # keep the larger measured side, derive the other from the aspect
    if width / aspect >= height:
        out_w, out_h = width, width / aspect
    else:
        out_w, out_h = height * aspect, height
    size = (int(round(out_w)), int(round(out_h)))
    dst = np.array([[0, 0], [size[0] - 1, 0], [size[0] - 1, size[1] - 1], [0, size[1] - 1]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(corners.astype(np.float32), dst)
    return PageQuad(corners.astype(np.float32), float(quad_area), float(aspect), snapped, size, matrix)
