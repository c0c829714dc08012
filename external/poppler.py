"""pdftoppm through pdf2image, one page at a time."""

from __future__ import annotations

from pathlib import Path

from pdf2image import convert_from_path
from pdf2image.exceptions import PDFInfoNotInstalledError, PDFPageCountError, PDFSyntaxError
from PIL import Image

from ingest.errors import PageError


def render_page(path: Path, number: int, dpi: int, timeout: float = 120.0) -> Image.Image:
    """Page `number` (1-based) rendered in grey at `dpi`."""
    try:
        images = convert_from_path(
            str(path), dpi=dpi, first_page=number, last_page=number, grayscale=True, timeout=timeout
        )
    except PDFInfoNotInstalledError as exc:
        raise PageError("poppler-utils (pdftoppm) is not installed: run the README set-up command") from exc
    except (PDFPageCountError, PDFSyntaxError) as exc:
        raise PageError(f"page {number} cannot be rendered: {str(exc).strip()[:200]}") from exc
    except Exception as exc:  # noqa: BLE001 - pdf2image raises bare exceptions on timeout
        raise PageError(f"page {number} cannot be rendered: {str(exc).strip()[:200] or type(exc).__name__}") from exc
    if not images:
        raise PageError(f"page {number} rendered to nothing")
    return images[0]
