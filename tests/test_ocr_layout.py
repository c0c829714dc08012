"""Reading order of side-by-side blocks (ocr.layout): real rendered pages, degraded like
scans, through real Tesseract."""

from __future__ import annotations

import numpy as np
import pytest

from ocr import OcrOptions, ocr_page
from ocr.layout import block_order, split_line
from ocr.models import OcrWord
from samples import degrade
from samples.layout import MOTTO_1, MOTTO_2
from samples.render import Line, PageLayout, TextBlock, render_page
from vntext import cer

AGENCY = ["ỦY BAN NHÂN DÂN", "PHƯỜNG VĨNH TUY"]
NUMBER = "Số: 125/QĐ-UBND"
PLACE_DATE = "Vĩnh Tuy, ngày 12 tháng 3 năm 2026"
BODY = [
    "QUYẾT ĐỊNH",
    "Về việc công nhận kết quả kiểm tra chất lượng bản số hóa hồ sơ",
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;",
    "Xét đề nghị của Trung tâm Phục vụ hành chính công phường Vĩnh Tuy.",
]


def _letterhead_page() -> tuple[np.ndarray, str]:
    left = [Line(AGENCY[0], 12.5, "serif", "center"), Line(AGENCY[1], 12.5, "serif-bold", "center"),
            Line(NUMBER, 12.5, "serif", "center", 4)]
    right = [Line(MOTTO_1, 12.5, "serif-bold", "center"), Line(MOTTO_2, 13, "serif-bold", "center"),
             Line(PLACE_DATE, 12.5, "serif-italic", "center", 6)]
    layout = PageLayout(
        lines=[Line(BODY[0], 14, "serif-bold", "center", 10), *(Line(t, 13) for t in BODY[1:])],
        margins_mm=(50.0, 15.0, 20.0, 30.0),
        blocks=[TextBlock(12.0, 15.0, 80.0, left, 1.2), TextBlock(95.0, 15.0, 105.0, right, 1.2)],
    )
    page = render_page(layout, 300)
    image = np.array(page.image)
    rng = np.random.default_rng(16)
    image = degrade.gaussian_noise(degrade.blur(image, 0.7), rng, 6.0)
    return image, page.text


@pytest.fixture(scope="module")
def letterhead():
    image, truth = _letterhead_page()
    return truth, ocr_page(image, OcrOptions(), dpi=300.0), ocr_page(image, OcrOptions(block_order=False), dpi=300.0)


def test_the_truth_of_a_two_column_letterhead_is_in_block_order():
    _, truth = _letterhead_page()
    assert truth.splitlines()[:6] == [*AGENCY, NUMBER, MOTTO_1, MOTTO_2, PLACE_DATE]


def test_a_two_column_letterhead_is_read_agency_column_then_motto_column(letterhead):
    truth, page, _ = letterhead
    lines = page.text.splitlines()
    agency, motto, place = (next(i for i, line in enumerate(lines) if key in line)
                            for key in ("PHƯỜNG VĨNH TUY", "CỘNG HÒA", "ngày 12 tháng 3"))
    number = next(i for i, line in enumerate(lines) if "125/Q" in line)
    assert agency < number < motto < place
    assert "CỘNG HÒA" not in lines[agency]  # the columns are not read across
    assert cer(truth, page.text) < 0.03


def test_block_order_beats_reading_across_the_columns(letterhead):
    truth, page, across = letterhead
    assert cer(truth, page.text) < cer(truth, across.text) - 0.05
    assert sorted(w.text for w in page.words) == sorted(w.text for w in across.words)  # same words, other order


def _word(text: str, left: int, top: int, line: int, width: int | None = None) -> OcrWord:
    return OcrWord(text=text, conf=90, left=left, top=top, width=width or 20 * len(text), height=40, line=line)


def test_a_form_row_of_label_value_pairs_keeps_its_row_order():
    # two left-aligned cells a row, as in a form or a table: people read row by row
    words = [_word("Giới", 100, 100, 0), _word("tính:", 190, 100, 0), _word("Nam", 300, 100, 0),
             _word("Dân", 1200, 100, 0), _word("tộc:", 1280, 100, 0), _word("Kinh", 1370, 100, 0),
             _word("Quê", 100, 160, 1), _word("quán:", 180, 160, 1), _word("Huế", 300, 160, 1),
             _word("Tôn", 1200, 160, 1), _word("giáo:", 1280, 160, 1), _word("Không", 1400, 160, 1)]
    ordered = block_order(words)
    assert [w.text for w in ordered] == [w.text for w in words]


def test_ordinary_spacing_does_not_split_a_line():
    words = [_word("Căn", 100, 100, 0), _word("cứ", 200, 100, 0), _word("Luật", 280, 100, 0)]
    assert len(split_line(words)) == 1
    assert len(split_line([*words, _word("Số:", 600, 100, 0)])) == 2
