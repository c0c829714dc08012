"""PDF pages: take the scanner's embedded image out as it is, rasterise only when needed.

A scanner PDF page is usually one image drawn over the whole page. Decoding that image
directly (pikepdf) is faster and loses nothing, where rasterising the page again
(pdftoppm) would resample it. Anything else (vector text, several images, a rotated
placement) is rasterised one page at a time.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import cv2
import numpy as np
import pikepdf
from pikepdf import PdfImage
from PIL import Image

from external import poppler
from ingest.errors import BadInput, PageError
from ingest.images import grey_if_grey, pil_to_array
from ingest.models import Limits

_POINTS_PER_INCH = 72.0
_COVER_TOLERANCE = 0.03  # an image within 3% of the page size covers it


_TAIL = 2048


def open_pdf(path: Path, limits: Limits) -> int:
    """Check the PDF can be read and return its page count."""
    if not has_trailer(path):
        # qpdf would "recover" what is left, but the pages are cut off: an interrupted copy or scan.
        raise BadInput("the PDF is truncated (it ends before its %%EOF marker): the copy or scan was interrupted")
    try:
        # Opened by us: pikepdf cannot take a path whose name is not valid UTF-8.
        with open(path, "rb") as handle, pikepdf.open(handle) as pdf:
            count = len(pdf.pages)
            for page in pdf.pages:
                _check_page_size(page, limits)
    except pikepdf.PasswordError:
        raise BadInput("the PDF is password-protected (encrypted); ask for an unprotected scan") from None
    except pikepdf.PdfError as exc:
        raise BadInput(f"the PDF is damaged and cannot be repaired: {_short(exc)}") from None
    except PageError as exc:
        raise BadInput(exc.reason) from None
    if count == 0:
        raise BadInput("the PDF has no pages")
    if count > limits.max_pages:
        raise BadInput(f"the PDF has {count} pages, more than the limit of {limits.max_pages}")
    return count


def has_trailer(path: Path) -> bool:
    with open(path, "rb") as handle:
        size = handle.seek(0, 2)
        handle.seek(max(0, size - _TAIL))
        return b"%%EOF" in handle.read()


def decode_pdf_page(path: Path, index: int, limits: Limits) -> tuple[np.ndarray, float | None, bytes | None]:
    """One page as an image array, its resolution in dpi, and the JPEG it was decoded from
    when that JPEG is the page exactly (a scanner's plain JPEG, drawn unturned), else None."""
    try:
        with pikepdf.open(path) as pdf:
            page = pdf.pages[index]
            _check_page_size(page, limits)
            extracted = _single_page_image(page, limits)
    except pikepdf.PdfError as exc:
        raise PageError(f"page {index + 1} cannot be read: {_short(exc)}") from None
    if extracted is not None:
        return extracted
    return (*_rasterise(path, index, limits), None)


def _short(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:200]


def _page_size_points(page: pikepdf.Page) -> tuple[float, float]:
    box = [float(v) for v in page.mediabox]
    width, height = abs(box[2] - box[0]), abs(box[3] - box[1])
    rotate = int(page.obj.get("/Rotate", 0)) % 360
    return (height, width) if rotate in (90, 270) else (width, height)


def _check_page_size(page: pikepdf.Page, limits: Limits) -> None:
    width, height = _page_size_points(page)
    pixels = (width / _POINTS_PER_INCH * limits.raster_dpi) * (height / _POINTS_PER_INCH * limits.raster_dpi)
    if pixels > limits.max_page_pixels:
        raise PageError(
            f"a page is {width / 72 * 25.4:.0f} × {height / 72 * 25.4:.0f} mm, "
            f"too large to scan at {limits.raster_dpi} dpi (limit {limits.max_page_pixels:,} pixels)"
        )


def _single_page_image(page: pikepdf.Page, limits: Limits) -> tuple[np.ndarray, float | None, bytes | None] | None:
    """The page's one full-page image, or None when the page is anything else."""
    placement = _sole_image_placement(page)
    if placement is None:
        return None
    name, matrix = placement
    try:
        xobject = page.resources.XObject[name]
    except (KeyError, AttributeError):
        return None
    if xobject.get("/Subtype") != pikepdf.Name.Image:
        return None
    width_pts, height_pts = float(matrix[0]), float(matrix[3])
    page_w, page_h = (abs(float(v)) for v in (page.mediabox[2] - page.mediabox[0], page.mediabox[3] - page.mediabox[1]))
    if abs(float(matrix[1])) > 1e-6 or abs(float(matrix[2])) > 1e-6 or width_pts <= 0 or height_pts <= 0:
        return None  # rotated or mirrored placement: let the rasteriser apply it
    if abs(width_pts - page_w) > page_w * _COVER_TOLERANCE or abs(height_pts - page_h) > page_h * _COVER_TOLERANCE:
        return None
    try:
        pdf_image = PdfImage(xobject)
        if pdf_image.width * pdf_image.height > limits.max_page_pixels:
            raise PageError(
                f"an image of {pdf_image.width} × {pdf_image.height} pixels is larger than the limit "
                f"of {limits.max_page_pixels:,} pixels"
            )
        jpeg = _plain_jpeg_bytes(xobject)
        array = (_decode_jpeg(jpeg, pdf_image.width, pdf_image.height, _JPEG_CHANNELS[str(xobject.ColorSpace)])
                 if jpeg is not None else None)
        pil = pdf_image.as_pil_image() if array is None else None
    except PageError:
        raise
    except Exception:  # noqa: BLE001 - any codec pikepdf cannot decode goes to the rasteriser
        return None
    if array is None:
        array, jpeg = pil_to_array(pil), None
    rotate = int(page.obj.get("/Rotate", 0)) % 360
    if rotate:
        array, jpeg = np.ascontiguousarray(np.rot90(array, k=-(rotate // 90))), None
    dpi = pdf_image.width / (width_pts / _POINTS_PER_INCH)
    return array, round(dpi, 1), jpeg


_JPEG_CHANNELS = {"/DeviceGray": 1, "/DeviceRGB": 3}


def _plain_jpeg_bytes(xobject: pikepdf.Object) -> bytes | None:
    """The bytes of a scanner's usual page image: an 8-bit grey or RGB JPEG with nothing to
    apply on top (no decode array, no mask). None for any other image."""
    filters = xobject.get("/Filter")
    if isinstance(filters, pikepdf.Array):
        filters = filters[0] if len(filters) == 1 else None
    if (filters != pikepdf.Name.DCTDecode or str(xobject.get("/ColorSpace")) not in _JPEG_CHANNELS
            or int(xobject.get("/BitsPerComponent", 8)) != 8
            or "/Decode" in xobject or "/SMask" in xobject or "/Mask" in xobject):
        return None
    return xobject.read_raw_bytes()


def _decode_jpeg(jpeg: bytes, width: int, height: int, channels: int) -> np.ndarray | None:
    """The JPEG decoded by OpenCV straight from its bytes (grey, or BGR unless grey): the same
    pixels as through PIL in one step instead of four copies (-0.01 s a page). None when
    it is not the image the PDF describes."""
    array = cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_UNCHANGED | cv2.IMREAD_IGNORE_ORIENTATION)
    if array is None or array.shape[:2] != (height, width) or (array.ndim == 3) != (channels == 3):
        return None
    return grey_if_grey(array)


def _sole_image_placement(page: pikepdf.Page) -> tuple[str, list[Decimal]] | None:
    """(XObject name, current transformation matrix) when the page draws exactly one XObject."""
    stack: list[list[float]] = []
    ctm = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]
    found: tuple[str, list[float]] | None = None
    try:
        instructions = pikepdf.parse_content_stream(page)
    except pikepdf.PdfError:
        return None
    for operands, operator in instructions:
        op = str(operator)
        if op == "q":
            stack.append(ctm)
        elif op == "Q":
            ctm = stack.pop() if stack else [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]
        elif op == "cm":
            ctm = _multiply([float(v) for v in operands], ctm)
        elif op == "Do":
            if found is not None:
                return None
            found = (str(operands[0]), ctm)
        elif op in ("BI",):  # inline image: leave it to the rasteriser
            return None
    return found


def _multiply(m: list[float], n: list[float]) -> list[float]:
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return [
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    ]


def _rasterise(path: Path, index: int, limits: Limits) -> tuple[np.ndarray, float]:
    image: Image.Image = poppler.render_page(path, index + 1, limits.raster_dpi)
    return pil_to_array(image), float(limits.raster_dpi)
