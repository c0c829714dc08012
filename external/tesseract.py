"""Tesseract through pytesseract: OCR with word boxes, and orientation detection (OSD).

Tesseract's OpenMP threads fight each other and our process pool: on a 2-core machine one
page took 8.3 s with default threading and 0.93 s with OMP_THREAD_LIMIT=1. Parallelism
comes from running pages in separate processes instead.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pytesseract
from PIL import Image

os.environ.setdefault("OMP_THREAD_LIMIT", "1")


class TesseractMissing(RuntimeError):
    """The tesseract binary or a language model is not installed."""


class TesseractFailed(RuntimeError):
    """Tesseract crashed, timed out or returned nothing usable for a page."""


@dataclass(frozen=True)
class Orientation:
    rotate: int  # degrees clockwise to apply to make the page upright: 0, 90, 180, 270
    confidence: float  # Tesseract's orientation confidence (higher is surer)
    script: str


def _as_pil(image: np.ndarray | Image.Image) -> Image.Image:
    """The page as pytesseract hands it over: an uncompressed TIFF file.

    pytesseract writes a PNG by default; compressing an A4 page at 300 dpi and Tesseract
    decompressing it cost ~0.1 s of CPU a page (14% of the OCR itself, measured); an
    uncompressed TIFF costs next to nothing either way."""
    if isinstance(image, Image.Image):
        pil = image.copy() if image.format != "TIFF" else image
    elif image.ndim == 2:
        pil = Image.fromarray(image, "L")
    else:
        pil = Image.fromarray(image[:, :, ::-1].copy(), "RGB")  # OpenCV BGR -> RGB
    pil.format = "TIFF"
    return pil


@lru_cache(maxsize=1)
def version() -> str:
    try:
        return str(pytesseract.get_tesseract_version())
    except (pytesseract.TesseractNotFoundError, OSError) as exc:
        raise TesseractMissing(
            "tesseract is not installed: run the set-up command of the README "
            "(Debian packages tesseract-ocr tesseract-ocr-vie tesseract-ocr-osd)"
        ) from exc


@lru_cache(maxsize=8)
def languages(tessdata_dir: str | None = None) -> frozenset[str]:
    config = f'--tessdata-dir "{tessdata_dir}"' if tessdata_dir else ""
    try:
        return frozenset(pytesseract.get_languages(config=config))
    except (pytesseract.TesseractNotFoundError, OSError) as exc:
        raise TesseractMissing(str(exc)) from exc


def require_language(lang: str, tessdata_dir: str | None = None) -> None:
    have = languages(tessdata_dir)
    missing = [part for part in lang.split("+") if part not in have]
    if missing:
        raise TesseractMissing(
            f"Tesseract has no model for {', '.join(missing)} (installed: {', '.join(sorted(have))}); "
            "install Debian's tesseract-ocr-vie / tesseract-ocr-osd or point HOSO_TESSDATA at a folder that has it"
        )


def _config(psm: int, tessdata_dir: str | None, extra: str) -> str:
    parts = [f"--psm {psm}"]
    if tessdata_dir:
        parts.append(f'--tessdata-dir "{tessdata_dir}"')
    if extra:
        parts.append(extra)
    return " ".join(parts)


def ocr_data(
    image: np.ndarray | Image.Image,
    lang: str = "vie",
    psm: int = 3,
    timeout: float = 120.0,
    tessdata_dir: str | None = None,
    extra_config: str = "",
    dpi: int | None = None,
) -> dict[str, list]:
    """Tesseract's TSV output (word level) as a dict of columns."""
    config = _config(psm, tessdata_dir, extra_config)
    if dpi:
        config += f" --dpi {int(dpi)}"
    try:
        return pytesseract.image_to_data(
            _as_pil(image), lang=lang, config=config, output_type=pytesseract.Output.DICT, timeout=timeout
        )
    except RuntimeError as exc:  # pytesseract raises RuntimeError on timeout
        if "timeout" in str(exc).lower():
            raise TesseractFailed(f"Tesseract did not finish within {timeout:.0f} s") from exc
        raise TesseractFailed(str(exc)) from exc
    except pytesseract.TesseractError as exc:
        raise TesseractFailed(f"Tesseract failed (status {exc.status}): {exc.message}") from exc
    except (pytesseract.TesseractNotFoundError, subprocess.SubprocessError, OSError) as exc:
        raise TesseractFailed(f"Tesseract could not run: {exc}") from exc


_ROTATE = re.compile(r"Rotate:\s*(\d+)")
_CONF = re.compile(r"Orientation confidence:\s*([\d.]+)")
_SCRIPT = re.compile(r"Script:\s*(\S+)")


def orientation(
    image: np.ndarray | Image.Image, timeout: float = 60.0, tessdata_dir: str | None = None
) -> Orientation | None:
    """Tesseract OSD; None when the page has too little text to tell."""
    config = _config(0, tessdata_dir, "")
    try:
        out = pytesseract.image_to_osd(_as_pil(image), config=config, timeout=timeout)
    except pytesseract.TesseractError:
        return None  # "Too few characters": blank or picture-only page
    except RuntimeError as exc:
        raise TesseractFailed(f"orientation detection did not finish within {timeout:.0f} s") from exc
    rotate, conf, script = _ROTATE.search(out), _CONF.search(out), _SCRIPT.search(out)
    if not rotate:
        return None
    return Orientation(
        rotate=int(rotate.group(1)) % 360,
        confidence=float(conf.group(1)) if conf else 0.0,
        script=script.group(1) if script else "",
    )
