"""One page through decode -> cleanup -> OCR in the worker function, on rendered pages:
a clean scan's JPEG is stored as the scanner wrote it; a page that cleanup changed is
stored as cleaned."""

from __future__ import annotations

import io

import numpy as np
import pikepdf
from PIL import Image

from cleanup import load_profile
from ingest import open_source
from ocr import OcrOptions
from pipeline.page_worker import PageJob, process_page
from samples.pdf_writer import write_image_pdf
from tests.test_cleanup import skew, text_page


def _run(pdf, pages_dir):
    _, tasks = open_source(pdf)
    return process_page(PageJob(task=tasks[0], profile=load_profile("default"), ocr=OcrOptions(),
                                pages_dir=str(pages_dir)))


def test_clean_scan_is_stored_as_the_scanner_encoded_it(tmp_path):
    page, _ = text_page(3, 8, 300, 13.0, "serif")
    write_image_pdf(tmp_path / "clean.pdf", [(Image.fromarray(page), 300.0)], quality=85)
    outcome = _run(tmp_path / "clean.pdf", tmp_path / "pages")
    assert outcome.error is None and outcome.rotation == 0 and outcome.skew == 0
    assert "Trung tâm Phục vụ" in outcome.text
    with pikepdf.open(tmp_path / "clean.pdf") as pdf:
        scanned = pdf.pages[0].Resources.XObject.Im0.read_raw_bytes()
    assert (tmp_path / "pages" / "0001.jpg").read_bytes() == scanned


def test_cleanup_passes_its_small_copy_only_for_a_page_kept_as_it_came():
    from cleanup import clean_page

    page, _ = text_page(3, 8, 300, 13.0, "serif")
    kept = clean_page(page, 300, load_profile("default"))
    assert kept.preview is not None and kept.preview.shape == (page.shape[0] // 2, page.shape[1] // 2)
    assert clean_page(skew(page, 1.5), 300, load_profile("default")).preview is None


def test_straightened_page_is_stored_as_cleaned(tmp_path):
    page, _ = text_page(3, 8, 300, 13.0, "serif")
    write_image_pdf(tmp_path / "skewed.pdf", [(Image.fromarray(skew(page, 1.5)), 300.0)], quality=85)
    outcome = _run(tmp_path / "skewed.pdf", tmp_path / "pages")
    assert outcome.error is None and abs(outcome.skew - 1.5) < 0.2
    stored = np.asarray(Image.open(io.BytesIO((tmp_path / "pages" / "0001.jpg").read_bytes())))
    with pikepdf.open(tmp_path / "skewed.pdf") as pdf:
        scanned = pdf.pages[0].Resources.XObject.Im0.read_raw_bytes()
    assert (tmp_path / "pages" / "0001.jpg").read_bytes() != scanned
    # level again: the text rows of the stored page are as sharp as the unskewed page's
    rows = (stored < 128).sum(axis=1)
    assert rows.max() > 0.8 * (page < 128).sum(axis=1).max()


def test_code_retries_are_for_cards_and_cover_sheets_not_forms_that_name_a_card():
    from pipeline.page_worker import _expects_code

    assert not _expects_code("Giấy tờ tùy thân: Căn cước công dân số 001161012345", cards=0)
    assert _expects_code("CĂN CƯỚC CÔNG DÂN\nSố / No.: 001161012345", cards=0)
    assert _expects_code("CAN CUOC\nIDENTITY CARD", cards=0)  # diacritics lost by OCR
    assert _expects_code("Citizen Identity Card", cards=0)
    assert _expects_code("IDVNM0011610123451<<<<", cards=0)
    assert _expects_code("PHIẾU NGĂN CÁCH HỒ SƠ", cards=0)
    assert _expects_code("giấy chứng thực bản sao", cards=2)  # card outlines found on the page
