"""What scanners, copiers and phones do to a clean page.

Pure functions on numpy images (uint8, 2-D grey or 3-D RGB): each takes its randomness
from a `numpy.random.Generator`, so a seed reproduces the same defects. Angles are in
degrees clockwise, as recorded in `PageTruth`.
"""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image

# --- geometry ---------------------------------------------------------------------------


def skew(img: np.ndarray, angle_deg: float, fill: int = 255) -> np.ndarray:
    """Rotate by a small angle (clockwise positive) about the centre, keeping the size:
    a sheet fed slightly crooked."""
    h, w = img.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), -angle_deg, 1.0)
    border = (fill,) * (3 if img.ndim == 3 else 1)
    return cv2.warpAffine(img, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=border)


def rotate_quarter(img: np.ndarray, degrees: int) -> np.ndarray:
    """Turn by 90/180/270 degrees clockwise: a page fed sideways or upside down."""
    if degrees % 90:
        raise ValueError("quarter turns only")
    return np.ascontiguousarray(np.rot90(img, k=-(degrees // 90) % 4))


def downscale(img: np.ndarray, from_dpi: int, to_dpi: int) -> np.ndarray:
    """Resample to a lower resolution, as a scanner set to 200 dpi does."""
    if to_dpi >= from_dpi:
        return img
    h, w = img.shape[:2]
    size = (max(1, round(w * to_dpi / from_dpi)), max(1, round(h * to_dpi / from_dpi)))
    return cv2.resize(img, size, interpolation=cv2.INTER_AREA)


# --- noise and optics -------------------------------------------------------------------


def gaussian_noise(img: np.ndarray, rng: np.random.Generator, sigma: float = 6.0) -> np.ndarray:
    """Sensor noise. OpenCV's generator (seeded from `rng`) is 3x faster than numpy's here."""
    cv2.setRNGSeed(int(rng.integers(0, 2**31 - 1)))
    noise = np.empty(img.shape, np.int16)
    channels = 1 if img.ndim == 2 else img.shape[2]
    cv2.randn(noise, (0.0,) * channels, (float(sigma),) * channels)
    out = cv2.add(img.astype(np.int16), noise)
    return np.clip(out, 0, 255).astype(np.uint8)


def specks(img: np.ndarray, rng: np.random.Generator, density: float = 2e-5, max_radius: int = 3) -> np.ndarray:
    """Dust and toner specks (dark) and dropouts (white): salt and pepper in blobs."""
    out = img.copy()
    h, w = img.shape[:2]
    count = int(h * w * density)
    xs = rng.integers(0, w, count)
    ys = rng.integers(0, h, count)
    radii = rng.integers(1, max_radius + 1, count)
    dark = rng.random(count) < 0.8
    for x, y, r, d in zip(xs, ys, radii, dark):
        value = int(rng.integers(0, 90)) if d else 255
        cv2.circle(out, (int(x), int(y)), int(r), (value,) * (3 if img.ndim == 3 else 1), -1)
    return out


def blur(img: np.ndarray, sigma: float = 1.0) -> np.ndarray:
    """Out-of-focus optics or a dirty scanner glass."""
    return cv2.GaussianBlur(img, (0, 0), sigmaX=sigma)


def jpeg_artifacts(img: np.ndarray, quality: int = 35) -> np.ndarray:
    """Re-encode at low JPEG quality: blocking and ringing around the glyphs."""
    ok, data = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, int(quality)])
    if not ok:
        raise RuntimeError("JPEG encoding failed")
    return cv2.imdecode(data, cv2.IMREAD_UNCHANGED)


# --- paper and light --------------------------------------------------------------------


def paper_tone(img: np.ndarray, white: int = 232, black: int = 25) -> np.ndarray:
    """Grey recycled paper and faded toner: map 0..255 onto black..white."""
    table = np.round(np.arange(256, dtype=np.float32) * ((white - black) / 255.0) + black).astype(np.uint8)
    return cv2.LUT(img, table)


def tint(img: np.ndarray, rgb: tuple[float, float, float] = (1.0, 0.96, 0.86)) -> np.ndarray:
    """Yellowed paper in a colour scan: grey becomes RGB with a warm cast."""
    grey = img if img.ndim == 2 else cv2.cvtColor(img, cv2.COLOR_RGB2GRAY)
    rgb_img = np.repeat(grey[:, :, None], 3, axis=2).astype(np.float32)
    return np.clip(rgb_img * np.array(rgb, dtype=np.float32), 0, 255).astype(np.uint8)


def uneven_light(img: np.ndarray, rng: np.random.Generator, strength: float = 0.25) -> np.ndarray:
    """A lighting gradient (flatbed lid not closed, a lamp to one side)."""
    h, w = img.shape[:2]
    angle = rng.uniform(0, 2 * np.pi)
    # The gradient is smooth: compute it coarse and let resize interpolate it.
    gh, gw = max(2, h // 16), max(2, w // 16)
    yy, xx = np.mgrid[0:gh, 0:gw].astype(np.float32)
    ramp = np.cos(angle) * xx / gw + np.sin(angle) * yy / gh
    ramp = (ramp - ramp.min()) / max(float(ramp.max() - ramp.min()), 1e-6)
    gain = cv2.resize((1.0 - strength * ramp).astype(np.float32), (w, h), interpolation=cv2.INTER_LINEAR)
    if img.ndim == 3:
        gain = gain[:, :, None]
    out = img.astype(np.float32)
    out *= gain
    return out.astype(np.uint8)


def scanner_border(img: np.ndarray, rng: np.random.Generator, max_px: int = 40) -> np.ndarray:
    """Black bands at the edges where the scan area is larger than the sheet."""
    out = img.copy()
    h, w = img.shape[:2]
    for side in range(4):
        if rng.random() < 0.6 or side == 0:
            width = int(rng.integers(max_px // 4, max_px + 1))
            tone = int(rng.integers(0, 40))
            if side == 0:
                out[:width] = tone
            elif side == 1:
                out[h - width:] = tone
            elif side == 2:
                out[:, :width] = tone
            else:
                out[:, w - width:] = tone
    return out


def bleed_through(source: np.ndarray, rng: np.random.Generator, shape: tuple[int, int] | None = None,
                  strength: float = 0.1) -> np.ndarray:
    """The blank back of a duplex sheet: the front's text shows through, mirrored and faint,
    with a few specks. It must still count as a blank page."""
    grey = source if source.ndim == 2 else cv2.cvtColor(source, cv2.COLOR_RGB2GRAY)
    mirrored = grey[:, ::-1].astype(np.float32)
    if shape is not None and mirrored.shape != shape:
        mirrored = cv2.resize(mirrored, (shape[1], shape[0]), interpolation=cv2.INTER_AREA)
    faint = 255.0 - (255.0 - cv2.GaussianBlur(mirrored, (0, 0), 2.0)) * strength
    page = np.clip(faint, 0, 255).astype(np.uint8)
    return specks(gaussian_noise(page, rng, 2.5), rng, density=4e-6, max_radius=2)


def binarize(img: np.ndarray, threshold: int = 160) -> np.ndarray:
    """What a bilevel (black and white, CCITT G4) scan keeps: a global threshold."""
    grey = img if img.ndim == 2 else cv2.cvtColor(img, cv2.COLOR_RGB2GRAY)
    return np.where(grey < threshold, 0, 255).astype(np.uint8)


# --- phone photo ------------------------------------------------------------------------


def phone_photo(img: np.ndarray, rng: np.random.Generator, long_side: int = 2000) -> tuple[np.ndarray, float]:
    """A page photographed on a desk: perspective, darker background, a shadow, lower and
    uneven resolution. Returns the RGB photo and the approximate pixels per inch of paper
    at its centre relative to the input (multiply by the input dpi)."""
    grey = img if img.ndim == 2 else cv2.cvtColor(img, cv2.COLOR_RGB2GRAY)
    h, w = grey.shape
    out_h, out_w = long_side, int(long_side * 0.75)
    page_scale = rng.uniform(0.72, 0.85) * min(out_w / w, out_h / h)
    pw, ph = w * page_scale, h * page_scale
    cx, cy = out_w / 2 + rng.uniform(-0.04, 0.04) * out_w, out_h / 2 + rng.uniform(-0.03, 0.03) * out_h
    jitter = lambda: rng.uniform(-0.05, 0.05) * pw  # noqa: E731
    dst = np.float32([
        [cx - pw / 2 + jitter(), cy - ph / 2 + jitter()],
        [cx + pw / 2 + jitter(), cy - ph / 2 + jitter()],
        [cx + pw / 2 + jitter(), cy + ph / 2 + jitter()],
        [cx - pw / 2 + jitter(), cy + ph / 2 + jitter()],
    ])
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    # Shrink first so the warp interpolates from a near-final resolution (fast and no aliasing).
    small = cv2.resize(grey, (int(pw), int(ph)), interpolation=cv2.INTER_AREA)
    src_small = src * np.float32([pw / w, ph / h])
    matrix = cv2.getPerspectiveTransform(src_small, dst)
    desk = np.array([rng.uniform(60, 110), rng.uniform(50, 95), rng.uniform(40, 80)], dtype=np.float32)
    page = cv2.warpPerspective(small, matrix, (out_w, out_h), flags=cv2.INTER_LINEAR, borderValue=0)
    mask = cv2.warpPerspective(np.full_like(small, 255), matrix, (out_w, out_h), flags=cv2.INTER_LINEAR)
    alpha = (mask.astype(np.float32) / 255.0)[:, :, None]
    warm = np.array([1.0, 0.97, 0.92], dtype=np.float32)
    photo = page[:, :, None].astype(np.float32) * warm * alpha + desk * (1 - alpha)
    photo = uneven_light(np.clip(photo, 0, 255).astype(np.uint8), rng, strength=rng.uniform(0.25, 0.45))
    photo = blur(photo, rng.uniform(0.6, 1.1))
    photo = gaussian_noise(photo, rng, rng.uniform(3, 6))
    return photo, page_scale


def to_pil(img: np.ndarray) -> Image.Image:
    return Image.fromarray(img, "RGB" if img.ndim == 3 else "L")
