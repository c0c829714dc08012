"""Files as counter stations write them: image-only PDF, multi-page TIFF, JPEG, PNG.

Written here, not with samples' writer: the PDF is built object by object with pikepdf
(one JPEG or 1-bit image per page, the page sized from the dpi, as scanner drivers do),
TIFFs go through libtiff (LZW grey, CCITT G4 bilevel). Same pages, same bytes: no dates,
a deterministic PDF /ID.
"""

from __future__ import annotations

import io
import zlib
from pathlib import Path
from typing import Literal

import numpy as np
import pikepdf
from PIL import Image

Kind = Literal["pdf", "tiff-lzw", "tiff-g4", "jpeg", "jpeg-nodpi", "png"]
KINDS: tuple[str, ...] = Kind.__args__  # type: ignore[attr-defined]
FORMAT_OF = {"pdf": "pdf", "tiff-lzw": "tiff", "tiff-g4": "tiff", "jpeg": "jpeg", "jpeg-nodpi": "jpeg", "png": "png"}
SUFFIX = {"pdf": ".pdf", "tiff": ".tif", "jpeg": ".jpg", "png": ".png"}
SINGLE_PAGE = ("jpeg", "jpeg-nodpi", "png")


def to_pil(img: np.ndarray, bilevel: bool = False) -> Image.Image:
    image = Image.fromarray(img, "RGB" if img.ndim == 3 else "L")
    return image.point(lambda v: 255 if v > 127 else 0).convert("1", dither=Image.Dither.NONE) if bilevel else image


def write(path: Path, kind: str, pages: list[np.ndarray], dpi: int, quality: int = 70, producer: str = "") -> None:
    """Write `pages` as a file of `kind`; dpi 0 means the file says nothing about it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind in SINGLE_PAGE and len(pages) != 1:
        raise ValueError(f"a {kind} file holds one page, not {len(pages)}")
    if kind == "pdf":
        path.write_bytes(pdf_bytes(pages, dpi, quality, producer))
    elif kind in ("tiff-lzw", "tiff-g4"):
        path.write_bytes(tiff_bytes(pages, dpi, bilevel=kind == "tiff-g4"))
    elif kind in ("jpeg", "jpeg-nodpi"):
        path.write_bytes(jpeg_bytes(pages[0], dpi if kind == "jpeg" else 0, quality))
    elif kind == "png":
        path.write_bytes(png_bytes(pages[0], dpi))
    else:
        raise ValueError(f"unknown file kind {kind!r}; one of {', '.join(KINDS)}")


def jpeg_bytes(img: np.ndarray, dpi: int, quality: int) -> bytes:
    """A JPEG; with dpi 0 the JFIF header holds only an aspect ratio (as phones write it)."""
    out = io.BytesIO()
    options = {"quality": int(quality), "optimize": False}
    if dpi:
        options["dpi"] = (dpi, dpi)
    to_pil(img).save(out, "JPEG", **options)
    return out.getvalue()


def png_bytes(img: np.ndarray, dpi: int) -> bytes:
    out = io.BytesIO()
    to_pil(img).save(out, "PNG", **({"dpi": (dpi, dpi)} if dpi else {}))
    return out.getvalue()


def tiff_bytes(pages: list[np.ndarray], dpi: int, bilevel: bool) -> bytes:
    """A multi-page TIFF: CCITT G4 for bilevel pages, LZW for grey or colour."""
    images = [to_pil(page, bilevel) for page in pages]
    out = io.BytesIO()
    options = {"compression": "group4" if bilevel else "tiff_lzw", "save_all": True,
               "append_images": images[1:]}
    if dpi:
        options["dpi"] = (dpi, dpi)
    images[0].save(out, "TIFF", **options)
    return out.getvalue()


def _image_xobject(pdf: pikepdf.Pdf, img: np.ndarray, quality: int) -> pikepdf.Stream:
    height, width = img.shape[:2]
    if img.ndim == 2 and _bilevel(img):
        # A bilevel page, 1 bit per pixel; in DeviceGray a set bit is white.
        stream = pikepdf.Stream(pdf, zlib.compress(np.packbits(img > 127, axis=1).tobytes(), 9))
        stream.Filter = pikepdf.Name.FlateDecode
        stream.ColorSpace = pikepdf.Name.DeviceGray
        stream.BitsPerComponent = 1
    else:
        stream = pikepdf.Stream(pdf, jpeg_bytes(img, 0, quality))
        stream.Filter = pikepdf.Name.DCTDecode
        stream.ColorSpace = pikepdf.Name.DeviceRGB if img.ndim == 3 else pikepdf.Name.DeviceGray
        stream.BitsPerComponent = 8
    stream.Type = pikepdf.Name.XObject
    stream.Subtype = pikepdf.Name.Image
    stream.Width = width
    stream.Height = height
    return stream


def _bilevel(img: np.ndarray) -> bool:
    return bool(np.isin(img, (0, 255)).all())


def pdf_bytes(pages: list[np.ndarray], dpi: int, quality: int, producer: str = "") -> bytes:
    """An image-only PDF, one image per page filling a page of the paper's size at `dpi`."""
    pdf = pikepdf.new()
    for img in pages:
        height, width = img.shape[:2]
        points = 72.0 / (dpi or 200)
        page_w, page_h = round(width * points, 2), round(height * points, 2)
        image = pdf.make_indirect(_image_xobject(pdf, img, quality))
        content = f"q {page_w} 0 0 {page_h} 0 0 cm /Im0 Do Q".encode()
        page = pikepdf.Dictionary(
            Type=pikepdf.Name.Page,
            MediaBox=[0, 0, page_w, page_h],
            Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image)),
            Contents=pdf.make_stream(content),
        )
        pdf.pages.append(pikepdf.Page(page))
    if producer:
        pdf.docinfo[pikepdf.Name.Producer] = producer
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True, compress_streams=False)
    return out.getvalue()
