"""Builders of hostile and broken input files for tests/test_hostile_inputs.py (real bytes, no mocks)."""

from __future__ import annotations

import io
import re
import zlib
from pathlib import Path

import pikepdf
from PIL import Image

from samples.pdf_writer import write_image_pdf
from samples.render import Line, PageLayout, render_page


def rendered_page(title: str, body: str = "Kính gửi: Ủy ban nhân dân xã Tứ Kỳ, tỉnh Hải Dương") -> Image.Image:
    return render_page(PageLayout([Line(title, 15, "serif-bold", "center"), Line(body, 13)]), dpi=200).image


def good_pdf(path: Path, title: str) -> Path:
    write_image_pdf(path, [rendered_page(title)], dpi=200)
    return path


def truncated_pdf(path: Path, source: Path) -> Path:
    data = source.read_bytes()
    path.write_bytes(data[: len(data) // 3])  # cut inside the page image: no xref, no trailer
    return path


def broken_xref_pdf(path: Path, source: Path) -> Path:
    """Every xref offset and the startxref pointer wrong: readers must rebuild the table by scanning."""
    data = source.read_bytes()
    data = re.sub(rb"(\d{10}) (\d{5}) n", lambda m: b"%010d %s n" % (int(m.group(1)) + 7, m.group(2)), data)
    data = re.sub(rb"startxref\s+\d+", b"startxref\n999999", data)
    path.write_bytes(data)
    return path


def encrypted_pdf(path: Path, source: Path) -> Path:
    with pikepdf.open(source) as pdf:
        pdf.save(path, encryption=pikepdf.Encryption(owner="owner", user="secret"))
    return path


def many_pages_pdf(path: Path, pages: int) -> Path:
    """A valid PDF of `pages` blank A4 pages, written directly (pikepdf takes minutes for 10,000)."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []

    def obj(number: int, body: bytes) -> None:
        offsets.append((number, out.tell()))
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))

    kids = b" ".join(b"%d 0 R" % (3 + i) for i in range(pages))
    obj(1, b"<< /Type /Catalog /Pages 2 0 R >>")
    obj(2, b"<< /Type /Pages /Count %d /Kids [%s] >>" % (pages, kids))
    for i in range(pages):
        obj(3 + i, b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (pages + 3))
    for _, offset in sorted(offsets):
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (pages + 3, xref))
    path.write_bytes(out.getvalue())
    return path


def huge_page_pdf(path: Path) -> Path:
    """One page of 20,000 x 20,000 points (7 m square)."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    pdf.pages[0].MediaBox = pikepdf.Array([0, 0, 20000, 20000])
    pdf.save(path)
    return path


def huge_image_pdf(path: Path) -> Path:
    """An A4 page drawing one 20,000 x 20,000 pixel image (50 MB of bits, a few KB compressed)."""
    side = 20000
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    raw = zlib.compress(b"\xff" * (side // 8 * side), 9)
    image = pdf.make_stream(raw, Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Image, Width=side, Height=side,
                            ColorSpace=pikepdf.Name.DeviceGray, BitsPerComponent=1, Filter=pikepdf.Name.FlateDecode)
    page = pdf.pages[0]
    page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image))
    page.Contents = pdf.make_stream(b"q 595 0 0 842 0 0 cm /Im0 Do Q")
    pdf.save(path)
    return path


def decompression_bomb_png(path: Path) -> Path:
    Image.new("1", (20000, 20000), 1).save(path)  # ~60 KB on disk, 400 megapixels decoded
    return path


def tiff_with_corrupt_page(path: Path, titles: list[str], bad_index: int) -> Path:
    """A multi-page TIFF (deflate) whose page `bad_index` has its compressed data overwritten."""
    pages = [rendered_page(t).convert("L") for t in titles]
    pages[0].save(path, save_all=True, append_images=pages[1:], dpi=(200, 200), compression="tiff_adobe_deflate")
    with Image.open(path) as tiff:
        tiff.seek(bad_index)
        offsets, counts = tiff.tag_v2[273], tiff.tag_v2[279]
    data = bytearray(path.read_bytes())
    for offset, count in zip(offsets, counts):
        data[offset: offset + count] = bytes((i * 37 + 11) % 256 for i in range(count))
    path.write_bytes(bytes(data))
    return path
