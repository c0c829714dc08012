"""Image-only PDFs written the way scanners write them: one JPEG per page, drawn full page.

Pages are encoded one at a time from any iterable, so a 300-page PDF is written without
holding 300 decoded pages (Pillow's save_all keeps them all).
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path

import pikepdf
from pikepdf import Dictionary, Name
from PIL import Image


def _jpeg_stream(pdf: pikepdf.Pdf, image: Image.Image, quality: int) -> pikepdf.Stream:
    if image.mode not in ("L", "RGB"):
        image = image.convert("RGB" if image.mode in ("RGBA", "P", "CMYK") else "L")
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=quality)
    return pikepdf.Stream(
        pdf,
        buffer.getvalue(),
        Type=Name.XObject,
        Subtype=Name.Image,
        Width=image.width,
        Height=image.height,
        ColorSpace=Name.DeviceGray if image.mode == "L" else Name.DeviceRGB,
        BitsPerComponent=8,
        Filter=Name.DCTDecode,
    )


def write_image_pdf(
    path: Path, pages: Iterable[Image.Image | tuple[Image.Image, float]], dpi: float = 300.0, quality: int = 85
) -> int:
    """Write `pages` as an image-only PDF; a page given as (image, dpi) keeps its own resolution."""
    pdf = pikepdf.new()
    count = 0
    for item in pages:
        image, page_dpi = item if isinstance(item, tuple) else (item, dpi)
        width_pt = image.width * 72.0 / page_dpi
        height_pt = image.height * 72.0 / page_dpi
        page = pdf.add_blank_page(page_size=(width_pt, height_pt))
        page.Resources = Dictionary(XObject=Dictionary(Im0=_jpeg_stream(pdf, image, quality)))
        page.Contents = pdf.make_stream(f"q {width_pt:.3f} 0 0 {height_pt:.3f} 0 0 cm /Im0 Do Q".encode())
        count += 1
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.save(path)
    return count
