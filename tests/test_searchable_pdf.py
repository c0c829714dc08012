"""Searchable PDF: rendered Vietnamese pages, OCR'd for real, turned into a PDF whose
invisible text layer poppler (pdftotext) reads back as well as the OCR read the page."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from html import unescape
from pathlib import Path

import cv2
import numpy as np
import pikepdf
import pytest

import ocr.searchable_pdf as spdf
from ocr import OcrWord, ocr_page
from ocr.searchable_pdf import SearchablePage, build_searchable_pdf, text_layer
from samples.render import Line, PageLayout, mm_to_px, render_page
from vntext import cer, nfc

pytestmark = pytest.mark.skipif(
    not (shutil.which("pdftotext") and shutil.which("qpdf")), reason="needs poppler-utils and qpdf"
)

DPI = 300
PT = 72.0 / DPI  # points per pixel


def pdftotext(path: Path, *args: str) -> str:
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", *args, str(path), "-"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


def qpdf_check(path: Path) -> str:
    done = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    report = done.stdout + done.stderr
    assert done.returncode == 0, report  # qpdf exits 3 on warnings, 2 on errors
    assert "No syntax or stream encoding errors found" in done.stdout, report
    assert "warning" not in report.lower() and not done.stderr.strip(), report
    return report


def bbox_words(path: Path) -> list[tuple[str, float, float, float, float]]:
    out = pdftotext(path, "-bbox")
    pattern = r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">([^<]*)</word>'
    return [(unescape(t), float(a), float(b), float(c), float(d)) for a, b, c, d, t in re.findall(pattern, out)]


@pytest.fixture(scope="module")
def ocr_pages(corpus_lines):
    """Two real pages: corpus text in two fonts, OCR'd with the project's OCR."""
    pages = []
    for start, style in ((0, "serif"), (40, "sans")):
        layout = PageLayout([Line(t, 13, style=style) for t in corpus_lines[start : start + 10]])
        rendered = render_page(layout, DPI)
        image = np.array(rendered.image)
        pages.append((rendered, image, ocr_page(image, dpi=DPI)))
    return pages


@pytest.fixture(scope="module")
def one_page_pdf(ocr_pages, tmp_path_factory):
    _, image, result = ocr_pages[0]
    out = tmp_path_factory.mktemp("spdf") / "page.pdf"
    assert build_searchable_pdf([SearchablePage(image, DPI, result.words)], out) == 1
    return out


def test_pdftotext_reads_the_text_as_well_as_the_ocr(ocr_pages, one_page_pdf):
    rendered, _, result = ocr_pages[0]
    ocr_cer = cer(rendered.text, result.text)
    pdf_text = pdftotext(one_page_pdf)
    pdf_cer = cer(rendered.text, pdf_text)
    assert ocr_cer < 0.03, result.text
    assert abs(pdf_cer - ocr_cer) <= 0.005, (ocr_cer, pdf_cer, pdf_text)
    assert pdf_text.strip() == unicodedata.normalize("NFC", pdf_text.strip())
    # Lines come out as lines, their words separated by spaces, in reading order.
    first_ocr_line = result.text.splitlines()[0]
    assert pdf_text.splitlines()[0].strip() == first_ocr_line


def test_qpdf_finds_nothing_wrong(one_page_pdf):
    qpdf_check(one_page_pdf)


def test_page_is_the_image_at_its_dpi_with_one_invisible_text_object(one_page_pdf, ocr_pages):
    _, image, _ = ocr_pages[0]
    with pikepdf.open(one_page_pdf) as pdf:
        page = pdf.pages[0]
        box = [float(v) for v in page.MediaBox]
        assert box[2] == pytest.approx(image.shape[1] * PT, abs=0.01)
        assert box[3] == pytest.approx(image.shape[0] * PT, abs=0.01)
        xobject = page.Resources.XObject.Im0
        assert (int(xobject.Width), int(xobject.Height)) == (image.shape[1], image.shape[0])
        assert xobject.Filter == pikepdf.Name.DCTDecode and xobject.ColorSpace == pikepdf.Name.DeviceGray
        font = page.Resources.Font.F0
        assert font.Subtype == pikepdf.Name.Type0 and font.Encoding == pikepdf.Name("/Identity-H")
        assert "/ToUnicode" in font
        content = page.Contents.read_bytes().decode("ascii")
    assert "3 Tr" in content and " Tz " in content
    assert pdf.Root.Lang == "vi-VN"


def _ink_box_of_first_word(image: np.ndarray) -> tuple[int, int, int, int]:
    """Left, top, right, bottom (pixels) of the ink of the first word of the first line,
    found in the image itself, independent of the OCR."""
    ink = image < 128
    rows = np.flatnonzero(ink.any(axis=1))
    top = rows[0]
    bottom = top
    while bottom + 1 < ink.shape[0] and ink[bottom + 1].any():
        bottom += 1
    cols = np.flatnonzero(ink[top : bottom + 1].any(axis=0))
    gap = DPI // 30  # a word space at 13 pt is wider than 1/30 inch, letter gaps are not
    right = cols[0]
    for c in cols[1:]:
        if c - right > gap:
            break
        right = c
    return int(cols[0]), int(top), int(right + 1), int(bottom + 1)


def test_a_word_sits_where_it_is_printed(ocr_pages, one_page_pdf):
    _, image, result = ocr_pages[0]
    left, top, right, bottom = (v * PT for v in _ink_box_of_first_word(image))
    text, x0, y0, x1, y1 = bbox_words(one_page_pdf)[0]
    assert text == result.words[0].text
    assert x0 == pytest.approx(left, abs=2.0) and x1 == pytest.approx(right, abs=2.0)
    # The selection box covers the printed word and is not much taller than the line.
    assert y0 <= top + 1.0 and y1 >= bottom - 1.0
    assert (y1 - y0) <= 1.6 * (bottom - top)
    # And the layout puts the first line at the top-left margin (30 mm left, 20 mm top).
    assert x0 == pytest.approx(mm_to_px(30, DPI) * PT, abs=2.0)


def test_every_word_box_is_kept(ocr_pages, one_page_pdf):
    _, _, result = ocr_pages[0]
    boxes = bbox_words(one_page_pdf)
    assert [b[0] for b in boxes] == [w.text for w in result.words]
    for (_, x0, _, x1, _), word in zip(boxes, result.words):
        assert x0 == pytest.approx(word.left * PT, abs=0.2)
        assert x1 == pytest.approx((word.left + word.width) * PT, abs=0.2)


def test_multi_page_pdf_with_a_blank_page(ocr_pages, tmp_path):
    blank = np.full_like(ocr_pages[0][1], 255)
    pages = [
        SearchablePage(ocr_pages[0][1], DPI, ocr_pages[0][2].words),
        SearchablePage(blank, DPI, []),
        SearchablePage.from_ocr(ocr_pages[1][1], ocr_pages[1][2], DPI),
    ]
    out = tmp_path / "dossier.pdf"
    assert build_searchable_pdf(iter(pages), out, title="Hồ sơ thử") == 3
    qpdf_check(out)
    for number, (rendered, _, result) in zip((1, 3), ocr_pages):
        text = pdftotext(out, "-f", str(number), "-l", str(number))
        assert abs(cer(rendered.text, text) - cer(rendered.text, result.text)) <= 0.005
    assert pdftotext(out, "-f", "2", "-l", "2").strip() == ""
    with pikepdf.open(out) as pdf:
        assert len(pdf.pages) == 3
        assert "/Font" not in pdf.pages[1].Resources
        assert str(pdf.docinfo.Title) == "Hồ sơ thử"
        fonts = {p.Resources.Font.F0.objgen for p in pdf.pages if "/Font" in p.Resources}
        assert len(fonts) == 1  # one font object shared by every page
    assert not [p for p in tmp_path.iterdir() if p.name != "dossier.pdf"]  # no leftovers


def test_blank_page_alone(tmp_path):
    out = tmp_path / "blank.pdf"
    build_searchable_pdf([SearchablePage(np.full((3508, 2480), 255, np.uint8), DPI, [])], out)
    qpdf_check(out)
    assert pdftotext(out).strip() == ""
    with pikepdf.open(out) as pdf:
        image = pdf.pages[0].Resources.XObject.Im0
        assert image.Filter == pikepdf.Name.CCITTFaxDecode  # all white is bilevel


def _word(text: str, left: int, top: int, width: int, height: int = 50, line: int = 0) -> OcrWord:
    return OcrWord(text=text, conf=90, left=left, top=top, width=width, height=height, line=line)


def test_decomposed_diacritics_come_out_in_nfc(tmp_path):
    name = "Nguyễn Thị Hồng Đức ủy quyền"
    decomposed = unicodedata.normalize("NFD", name)
    assert decomposed != name
    words, x = [], 200
    for part in decomposed.split(" "):
        words.append(_word(part, x, 300, 40 * len(part)))
        x += 40 * len(part) + 30
    words.append(_word(unicodedata.normalize("NFD", "Số định danh"), 200, 420, 400, line=1))
    out = tmp_path / "nfd.pdf"
    build_searchable_pdf([SearchablePage(np.full((1200, 1800), 255, np.uint8), DPI, words)], out)
    lines = [line for line in pdftotext(out).splitlines() if line.strip()]
    assert lines == [name, "Số định danh"]
    assert all(nfc(line) == line for line in lines)


def test_jpeg_bytes_are_embedded_untouched_and_colour_stays_colour(ocr_pages, tmp_path):
    _, image, result = ocr_pages[0]
    ok, jpeg = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 70])
    assert ok
    colour = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    colour[:200, :200] = (0, 0, 255)  # a red stamp
    out = tmp_path / "mixed.pdf"
    build_searchable_pdf(
        [SearchablePage(jpeg.tobytes(), DPI, result.words), SearchablePage(colour, DPI, result.words)], out
    )
    qpdf_check(out)
    with pikepdf.open(out) as pdf:
        first = pdf.pages[0].Resources.XObject.Im0
        assert first.read_raw_bytes() == jpeg.tobytes()
        second = pdf.pages[1].Resources.XObject.Im0
        assert second.ColorSpace == pikepdf.Name.DeviceRGB
    assert result.words[0].text in pdftotext(out, "-f", "2", "-l", "2")


def test_bilevel_pages_are_lossless(tmp_path, monkeypatch):
    rng = np.random.default_rng(1)
    bits = np.where(rng.random((400, 333)) < 0.1, 0, 255).astype(np.uint8)
    for g4 in (True, False):
        if not g4:
            monkeypatch.setattr(spdf, "_g4", lambda bits: None)  # the Flate fallback
        out = tmp_path / f"bilevel-{g4}.pdf"
        build_searchable_pdf([SearchablePage(bits, 200, [])], out)
        qpdf_check(out)
        with pikepdf.open(out) as pdf:
            pim = pikepdf.PdfImage(pdf.pages[0].Resources.XObject.Im0)
            assert pim.bits_per_component == 1
            assert np.array_equal(np.array(pim.as_pil_image().convert("L")), bits)


def test_long_documents_merge_in_rounds_and_share_one_font(tmp_path, monkeypatch):
    monkeypatch.setattr(spdf, "MERGE_CHUNK", 2)
    words = [_word("Trang", 100, 100, 200), _word("số", 330, 100, 80)]
    pages = (SearchablePage(np.full((600, 500), 255, np.uint8), 150, words) for _ in range(5))
    out = tmp_path / "long.pdf"
    assert build_searchable_pdf(pages, out) == 5
    qpdf_check(out)
    with pikepdf.open(out) as pdf:
        assert len(pdf.pages) == 5
        assert len({p.Resources.Font.F0.objgen for p in pdf.pages}) == 1
        type0 = [o for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and o.get("/Subtype") == pikepdf.Name.Type0]
        assert len(type0) == 1
    assert pdftotext(out).count("Trang số") == 5


def test_the_font_built_with_fonttools_works_too(tmp_path, monkeypatch):
    monkeypatch.setattr(spdf, "_font_program", spdf._built_glyphless_ttf)
    out = tmp_path / "own-font.pdf"
    build_searchable_pdf([SearchablePage(np.full((600, 900), 255, np.uint8), DPI, [_word("Căn cước", 100, 100, 300)])], out)
    qpdf_check(out)
    assert pdftotext(out).strip() == "Căn cước"


def test_skewed_line_follows_its_baseline():
    # Five words, each 6 px higher than the one before, 120 px on: a 2.9 degree skew.
    words = [_word(w, 100 + 120 * i, 500 - 6 * i, 100) for i, w in enumerate("một hai ba bốn năm".split())]
    ops = text_layer(words, DPI, 3000)
    tm = [line.split() for line in ops.splitlines() if line.endswith(" Tm")]
    assert len(tm) == 5
    b = float(tm[0][1])
    assert b > 0.01  # rotated counter-clockwise in PDF space: the line climbs to the right
    assert text_layer([], DPI, 3000) == ""


def test_no_pages_and_bad_images_are_refused(tmp_path):
    out = tmp_path / "none.pdf"
    with pytest.raises(ValueError, match="no pages"):
        build_searchable_pdf([], out)
    with pytest.raises(ValueError, match="page 1"):
        build_searchable_pdf([SearchablePage(np.zeros((10, 10), np.float32), DPI, [])], out)
    with pytest.raises(ValueError, match="page 1"):
        build_searchable_pdf([SearchablePage(b"\x89PNG\r\n\x1a\n" + b"0" * 100, DPI, [])], out)
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []
