"""TIFF, JPEG and PNG pages with Pillow; conversion to the arrays OpenCV works on."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from ingest.errors import BadInput, PageError
from ingest.models import Limits

# Cameras and many scanner drivers write 72 or 96 dpi as a placeholder meaning "unknown".
_PLACEHOLDER_DPI = 100


def pil_to_array(image: Image.Image) -> np.ndarray:
    """uint8 grey (H, W) or BGR (H, W, 3), whatever the PIL mode was."""
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        array = np.asarray(image, dtype=np.float64)
        top = array.max() or 1.0
        return (array * (255.0 / top)).clip(0, 255).astype(np.uint8)
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(white, rgba).convert("RGB")
    if image.mode in ("1", "L"):
        return np.array(image.convert("L") if image.mode == "1" else image, dtype=np.uint8)
    if image.mode != "RGB":
        image = image.convert("RGB")
    return np.ascontiguousarray(grey_if_grey(np.asarray(image, dtype=np.uint8)[:, :, ::-1]))


def grey_if_grey(bgr: np.ndarray) -> np.ndarray:
    """A colour page whose three channels agree (a grey scan saved as colour) as one grey
    channel (a copy); any other image as it is."""
    if bgr.ndim == 3 and _is_grey(bgr):
        return np.ascontiguousarray(bgr[:, :, 0])
    return bgr


def _is_grey(rgb: np.ndarray) -> bool:
    sample = rgb[::16, ::16].astype(np.int16)
    return bool(np.abs(sample[:, :, 0] - sample[:, :, 1]).max() <= 2 and np.abs(sample[:, :, 1] - sample[:, :, 2]).max() <= 2)


def image_dpi(image: Image.Image) -> float | None:
    dpi = image.info.get("dpi")
    if not dpi:
        return None
    try:
        value = float(dpi[0])
    except (TypeError, ValueError, IndexError):
        return None
    # PNG stores pixels per metre: 200 dpi comes back as 199.9996. Round to what was set.
    value = round(value, 1)
    return value if value >= _PLACEHOLDER_DPI else None


def _open(path: Path, limits: Limits) -> Image.Image:
    Image.MAX_IMAGE_PIXELS = limits.max_page_pixels
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            return Image.open(path)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise BadInput(f"image larger than the limit of {limits.max_page_pixels:,} pixels (decompression bomb?)") from None
    except UnidentifiedImageError:
        raise BadInput("the image file is damaged or not a supported image") from None
    except OSError as exc:
        raise BadInput(f"the image cannot be read: {exc}") from None


def count_frames(path: Path, limits: Limits) -> int:
    with _open(path, limits) as image:
        try:
            frames = getattr(image, "n_frames", 1)
        except (OSError, ValueError) as exc:
            raise BadInput(f"the image's page list is damaged: {exc}") from None
        if frames > limits.max_pages:
            raise BadInput(f"the file has {frames} pages, more than the limit of {limits.max_pages}")
        return frames


def decode_frame(path: Path, index: int, limits: Limits) -> tuple[np.ndarray, float | None]:
    try:
        image = _open(path, limits)
    except BadInput as exc:
        raise PageError(exc.reason) from None
    with image:
        try:
            if index:
                image.seek(index)
            width, height = image.size
            if width * height > limits.max_page_pixels:
                raise PageError(
                    f"page {index + 1} is {width} × {height} pixels, larger than the limit of "
                    f"{limits.max_page_pixels:,} pixels"
                )
            dpi = image_dpi(image)
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                image.load()
            frame = ImageOps.exif_transpose(image) if index == 0 else image
            return pil_to_array(frame), dpi
        except PageError:
            raise
        except (OSError, ValueError, EOFError, SyntaxError, Image.DecompressionBombWarning) as exc:
            raise PageError(f"page {index + 1} is damaged: {str(exc)[:200] or type(exc).__name__}") from None
