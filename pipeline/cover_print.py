"""Print a separator cover sheet: an A4 PDF page with the QR code and the same data in large type."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import segno
from PIL import Image, ImageDraw, ImageFont

from classify.cover_sheet import TITLE, CoverData, make_payload
from ingest.atomic import temp_for
from samples.fonts import find_font

DPI = 300
A4_PX = (2480, 3508)
QR_MM = 70  # big modules: the code survives photocopies, fax-grade scans and bilevel TIFF


def _font(size_pt: float, bold: bool = True) -> ImageFont.FreeTypeFont:
    path = find_font("serif-bold" if bold else "serif")
    return ImageFont.truetype(str(path), round(size_pt * DPI / 72))


def _qr(payload: str, size_px: int) -> Image.Image:
    code = segno.make(payload, error="m", micro=False, encoding="utf-8")
    matrix = np.pad(np.array([list(row) for row in code.matrix], dtype=np.uint8), 4)
    image = Image.fromarray(np.where(matrix > 0, 0, 255).astype(np.uint8), "L")
    modules = image.width
    return image.resize((size_px // modules * modules,) * 2, Image.NEAREST)


def _centred(draw: ImageDraw.ImageDraw, y: int, text: str, font: ImageFont.FreeTypeFont) -> int:
    left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
    draw.text(((A4_PX[0] - (right - left)) // 2, y), text, font=font, fill=0)
    return y + (bottom - top) + int(0.35 * (bottom - top))


def render_cover_sheet(data: CoverData) -> Image.Image:
    """The cover sheet page as a 300-dpi greyscale image."""
    payload = make_payload(data)
    page = Image.new("L", A4_PX, 255)
    draw = ImageDraw.Draw(page)
    y = _centred(draw, 250, TITLE, _font(30))
    y = _centred(draw, y + 20, "(đặt trước hồ sơ khi scan - không lưu như một giấy tờ)", _font(13, bold=False))
    qr = _qr(payload, round(QR_MM / 25.4 * DPI))
    page.paste(qr, ((A4_PX[0] - qr.width) // 2, y + 80))
    y += 80 + qr.height + 120
    large = _font(28)
    y = _centred(draw, y, f"MÃ HỒ SƠ: {data.dossier}", large)
    y = _centred(draw, y, f"SỐ ĐỊNH DANH: {data.citizen_id}", large)
    if data.procedure:
        y = _centred(draw, y, f"MÃ THỦ TỤC: {data.procedure}", large)
    _centred(draw, A4_PX[1] - 300, f"{payload.split('|')[0]}", _font(11, bold=False))
    return page


def cover_title(data: CoverData) -> str:
    return f"Phiếu hồ sơ {data.dossier}"


def write_cover_sheet(data: CoverData, out: Path) -> Path:
    """Write the cover sheet as a one-page A4 PDF (atomically)."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    temp = temp_for(out)
    # Without a title, PIL names the PDF after the temporary file it writes.
    render_cover_sheet(data).save(temp, "PDF", resolution=DPI, title=cover_title(data), creator="hoso",
                                  subject=f"{TITLE}: {data.dossier}, {data.citizen_id}")
    os.replace(temp, out)
    return out
