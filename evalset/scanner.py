"""Scanner faults of the held-out family: what counter stations do to a clean page.

Pure numpy/OpenCV functions on page images (uint8, grey (H, W) or RGB (H, W, 3)); every
random choice comes from the `np.random.Generator` passed in, so a seed gives the same
pixels. Written apart from samples/degrade.py on purpose: the held-out family must not
share the sample generator's idea of a bad scan. Resolution is not a fault here: a 200-
or 150-dpi station has its pages drawn at that dpi (evalset.chromium), not resampled.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

WHITE = 255


def grey(img: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(img, cv2.COLOR_RGB2GRAY) if img.ndim == 3 else img


def rgb(img: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(img, cv2.COLOR_GRAY2RGB) if img.ndim == 2 else img


# --- geometry ---------------------------------------------------------------------------


def feeder_skew(img: np.ndarray, degrees: float) -> np.ndarray:
    """The sheet turned `degrees` clockwise in the feeder; the uncovered corners are white
    (the feeder's backing plate), the image keeps its size."""
    height, width = img.shape[:2]
    # OpenCV's positive angle is anticlockwise in image coordinates (y down).
    matrix = cv2.getRotationMatrix2D((width / 2.0, height / 2.0), -degrees, 1.0)
    fill = (WHITE,) * (3 if img.ndim == 3 else 1)
    return cv2.warpAffine(img, matrix, (width, height), flags=cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=fill)


def wrong_way(img: np.ndarray, rotation: int) -> np.ndarray:
    """The page as saved when the sheet was fed `rotation` degrees clockwise (0/90/180/270)."""
    if rotation not in (0, 90, 180, 270):
        raise ValueError(f"rotation must be a quarter turn, not {rotation}")
    return np.ascontiguousarray(np.rot90(img, k=-(rotation // 90)))


# --- tone and noise ---------------------------------------------------------------------


def grey_copy(img: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A photocopy of the page (or of a card laid on the copier glass): toner-grey
    background, weak blacks, edges darkened where the lid did not close, and a few
    vertical streaks from a dirty drum. Always grey."""
    page = grey(img).astype(np.float32) / 255.0
    background = float(rng.uniform(0.70, 0.86))  # toner haze on white
    black = float(rng.uniform(0.12, 0.28))  # blacks that are never black
    toned = black + page * (background - black)
    height, width = page.shape
    toned *= _edge_shadow(height, width, depth=float(rng.uniform(0.25, 0.45)),
                          reach=float(rng.uniform(0.015, 0.04)))
    for _ in range(int(rng.integers(2, 6))):
        x = int(rng.integers(0, width))
        half = max(1, int(rng.integers(1, 5)) * width // 1200)
        toned[:, max(0, x - half):x + half + 1] *= float(rng.uniform(0.8, 0.93))
    mottle = cv2.GaussianBlur(rng.normal(0.0, 0.035, (height, width)).astype(np.float32), (0, 0), 3)
    return np.clip((toned + mottle) * 255.0, 0, 255).astype(np.uint8)


def _edge_shadow(height: int, width: int, depth: float, reach: float) -> np.ndarray:
    """A multiplier that falls from 1 inside to 1 - depth at every edge."""
    def ramp(n: int) -> np.ndarray:
        distance = np.minimum(np.arange(n), np.arange(n)[::-1]) / max(1.0, reach * n)
        return np.clip(distance, 0.0, 1.0).astype(np.float32)
    closeness = np.minimum.outer(ramp(height), ramp(width))
    return 1.0 - depth * (1.0 - closeness)


def flatbed_lid(img: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A flatbed scan: slightly warm paper and a grey band along one edge where the lid
    let light in around the sheet."""
    out = img.astype(np.float32) * float(rng.uniform(0.9, 0.97))
    height, width = img.shape[:2]
    band = max(2, int(rng.uniform(0.006, 0.015) * width))
    shade = float(rng.uniform(90, 150))
    side = int(rng.integers(0, 4))
    region = {0: np.s_[:band, :], 1: np.s_[:, -band:], 2: np.s_[-band:, :], 3: np.s_[:, :band]}[side]
    out[region] = np.minimum(out[region], shade)
    if out.ndim == 3:
        out[..., 2] *= float(rng.uniform(0.92, 0.97))  # a little yellow: less blue
    return np.clip(out, 0, 255).astype(np.uint8)


def jpeg_low(img: np.ndarray, quality: int) -> np.ndarray:
    """The page after a low-quality JPEG round trip (blocks and ringing round the strokes)."""
    bgr = img if img.ndim == 2 else img[:, :, ::-1]
    ok, data = cv2.imencode(".jpg", bgr, [cv2.IMWRITE_JPEG_QUALITY, int(quality)])
    if not ok:
        raise ValueError("OpenCV could not encode the page as JPEG")
    decoded = cv2.imdecode(data, cv2.IMREAD_UNCHANGED)
    return decoded if decoded.ndim == 2 else np.ascontiguousarray(decoded[:, :, ::-1])


def fax_bilevel(img: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Bilevel scan as a fax-mode station makes it: one fixed threshold (no adaptive
    cleverness) a little off the ideal, so thin strokes break or thicken. Values 0 or 255."""
    page = grey(img)
    threshold = int(rng.integers(105, 185))
    return np.where(page > threshold, WHITE, 0).astype(np.uint8)


def salt_noise(img: np.ndarray, rng: np.random.Generator, amount: float) -> np.ndarray:
    """`amount` of the pixels flipped to white (salt) or black (dust), half each."""
    out = img.copy()
    height, width = img.shape[:2]
    count = int(round(amount * height * width))
    ys = rng.integers(0, height, count)
    xs = rng.integers(0, width, count)
    values = np.where(rng.random(count) < 0.5, WHITE, 0).astype(np.uint8)
    out[ys, xs] = values[:, None] if out.ndim == 3 else values
    return out


def bleed_through(img: np.ndarray, other_side: np.ndarray, strength: float) -> np.ndarray:
    """The other side of the sheet showing through, mirrored left to right and faint."""
    back = grey(other_side)
    if back.shape != img.shape[:2]:
        back = cv2.resize(back, (img.shape[1], img.shape[0]), interpolation=cv2.INTER_AREA)
    ink = (WHITE - cv2.GaussianBlur(np.fliplr(back), (0, 0), 1.5).astype(np.float32)) / 255.0
    darken = 1.0 - strength * ink
    out = img.astype(np.float32) * (darken[..., None] if img.ndim == 3 else darken)
    return np.clip(out, 0, 255).astype(np.uint8)


def duplex_back(shape: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
    """An empty back of a sheet: white paper with the scanner's faint sensor noise."""
    noise = rng.normal(0.0, 1.5, shape)
    return np.clip(float(rng.uniform(238, 250)) + noise, 0, 255).astype(np.uint8)


# --- the phone photo --------------------------------------------------------------------


@dataclass
class Photo:
    image: np.ndarray  # RGB
    scale: float  # output pixels per input pixel along the sheet (effective dpi = dpi * scale)
    corners: np.ndarray  # the sheet's corners in the photo (tl, tr, br, bl), float32 (4, 2)
    cropped: bool  # a strip of the sheet's margin fell outside the photo
    faults: list[str] = field(default_factory=list)


def phone_photo(img: np.ndarray, rng: np.random.Generator, crop_edge: bool = False) -> Photo:
    """The sheet lying on a desk, photographed from above by hand: a perspective warp,
    a desk round it, light from one side, slight blur; with `crop_edge`, one side of the
    photo cuts into the sheet's margin (at most 3 % of the sheet, inside any margin)."""
    sheet = rgb(img)
    height, width = sheet.shape[:2]
    scale = float(rng.uniform(0.72, 0.9))
    out_w, out_h = int(width * scale / 0.8), int(height * scale / 0.8)
    sw, sh = width * scale, height * scale
    x0, y0 = (out_w - sw) / 2, (out_h - sh) / 2
    jitter = lambda: rng.uniform(-0.035, 0.035, 2) * (sw, sh)  # noqa: E731 - each corner its own
    corners = np.float32([(x0, y0) + jitter(), (x0 + sw, y0) + jitter(),
                          (x0 + sw, y0 + sh) + jitter(), (x0, y0 + sh) + jitter()])
    source = np.float32([(0, 0), (width, 0), (width, height), (0, height)])
    matrix = cv2.getPerspectiveTransform(source, corners)
    desk = _desk(out_h, out_w, rng)
    warped = cv2.warpPerspective(sheet, matrix, (out_w, out_h), flags=cv2.INTER_AREA,
                                 borderMode=cv2.BORDER_CONSTANT, borderValue=(0, 0, 0))
    mask = cv2.warpPerspective(np.full((height, width), 255, np.uint8), matrix, (out_w, out_h))
    inside = (mask > 127)[..., None]
    photo = np.where(inside, warped, desk).astype(np.float32)
    photo *= _side_light(out_h, out_w, rng)[..., None]
    photo = cv2.GaussianBlur(photo, (0, 0), float(rng.uniform(0.6, 1.2)))
    photo += rng.normal(0.0, 2.5, photo.shape).astype(np.float32)  # sensor noise
    image = np.clip(photo, 0, 255).astype(np.uint8)
    faults = ["perspective", "uneven_light", "blur"]
    cropped = False
    if crop_edge:
        image, corners = _crop_into_sheet(image, corners, rng)
        cropped = True
        faults.append("cropped_edge")
    return Photo(image=np.ascontiguousarray(image), scale=scale, corners=corners, cropped=cropped, faults=faults)


def _desk(height: int, width: int, rng: np.random.Generator) -> np.ndarray:
    """A wooden or grey desk: a dark colour with soft grain."""
    base = np.array(rng.choice([(120, 86, 58), (92, 70, 52), (96, 98, 104), (150, 120, 90)]), np.float32)
    grain = cv2.GaussianBlur(rng.normal(0.0, 1.0, (height, max(1, width // 8))).astype(np.float32), (0, 0), 2)
    grain = cv2.resize(grain, (width, height), interpolation=cv2.INTER_LINEAR)
    return np.clip(base[None, None, :] * (1.0 + 0.08 * grain[..., None]), 0, 255)


def _side_light(height: int, width: int, rng: np.random.Generator) -> np.ndarray:
    """Light falling off from a window on one side, plus the phone's own shadow spot."""
    angle = float(rng.uniform(0, 2 * np.pi))
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    along = (np.cos(angle) * (xs / width - 0.5) + np.sin(angle) * (ys / height - 0.5))
    light = 1.0 - float(rng.uniform(0.15, 0.3)) * (along + 0.5)
    cy, cx = rng.uniform(0.3, 0.7) * height, rng.uniform(0.3, 0.7) * width
    spot = np.exp(-(((ys - cy) / (0.25 * height)) ** 2 + ((xs - cx) / (0.25 * width)) ** 2))
    return (light * (1.0 - float(rng.uniform(0.05, 0.12)) * spot)).astype(np.float32)


def _crop_into_sheet(image: np.ndarray, corners: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Cut the photo so one side goes through the sheet's margin."""
    height, width = image.shape[:2]
    side = int(rng.integers(0, 4))  # 0 top, 1 right, 2 bottom, 3 left
    sheet_w = float(np.linalg.norm(corners[1] - corners[0]))
    sheet_h = float(np.linalg.norm(corners[3] - corners[0]))
    into = float(rng.uniform(0.01, 0.03))
    if side == 0:
        cut = int(max(corners[0][1], corners[1][1]) + into * sheet_h)
        return image[cut:], corners - np.float32([0, cut])
    if side == 2:
        cut = int(min(corners[2][1], corners[3][1]) - into * sheet_h)
        return image[:cut], corners
    if side == 3:
        cut = int(max(corners[0][0], corners[3][0]) + into * sheet_w)
        return image[:, cut:], corners - np.float32([cut, 0])
    cut = int(min(corners[1][0], corners[2][0]) - into * sheet_w)
    return image[:, :cut], corners
