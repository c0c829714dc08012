"""The 12-digit ID read again as digits (ocr.digits): rendered lines degraded like a worn
200-dpi bilevel scan, through real Tesseract, and the candidate rules on word lists."""

from __future__ import annotations

import numpy as np
import pytest

from cleanup import clean_page, load_profile
from ocr import OcrOptions, ocr_page
from ocr.digits import id_candidates, needs_reread
from ocr.models import OcrWord
from samples import degrade
from samples.people import make_citizens
from samples.render import Line, PageLayout, render_page

SEEDS = (2, 3)


def _id_page(seed: int) -> tuple[np.ndarray, float, list[str]]:
    """Twelve ID lines in small print (9-11 pt), scanned at 200 dpi, blurred and made
    bilevel: strokes of 3, 6, 8 and 9 merge, the case where a page's ID is misread."""
    ids = [c.citizen_id for c in make_citizens(seed, 12)]
    lines = []
    for i, cid in enumerate(ids):
        lines.append(Line(f"Số định danh cá nhân: {cid}", 9 + (i % 3), ("serif", "sans")[i % 2]))
        lines.append(Line("Họ, chữ đệm và tên: Nguyễn Văn An; Nơi cư trú: phường Vĩnh Tuy", 12))
    image = np.array(render_page(PageLayout(lines=lines), 300).image)
    image = degrade.binarize(degrade.blur(degrade.downscale(image, 300, 200), 1.3), 150)
    cleaned = clean_page(image, 200, load_profile("default"))
    return cleaned.ocr_image, cleaned.dpi, ids


@pytest.fixture(scope="module")
def reads():
    out = []
    for seed in SEEDS:
        image, dpi, ids = _id_page(seed)
        plain = ocr_page(image, OcrOptions(reread_ids=False), dpi=dpi)
        reread = ocr_page(image, OcrOptions(), dpi=dpi)
        out.append((ids, plain, reread))
    return out


def _found(ids: list[str], text: str) -> int:
    return sum(cid in text for cid in ids)


def test_the_digit_reread_recovers_ids_the_page_read_misread(reads):
    plain = sum(_found(ids, p.text) for ids, p, _ in reads)
    reread = sum(_found(ids, r.text) for ids, _, r in reads)
    assert reread >= plain + 3, (plain, reread)


def test_the_reread_never_loses_an_id_the_page_read_right(reads):
    for ids, plain, reread in reads:
        for cid in ids:
            if cid in plain.text:
                assert cid in reread.text


def _w(text: str, left: int, line: int = 0, conf: float = 95.0) -> OcrWord:
    return OcrWord(text=text, conf=conf, left=left, top=10, width=20 * len(text), height=30, line=line)


def test_id_like_tokens_are_found_with_letters_and_spaces_inside():
    words = [_w("Số:", 0), _w("0790950O1234", 80), _w("ngày", 400),
             _w("079", 0, 1), _w("0950", 80, 1), _w("01234", 200, 1),
             _w("Điện", 0, 2), _w("thoại:", 80, 2), _w("0355077720", 200, 2),
             _w("079095001234", 0, 3)]
    found = id_candidates(words)
    assert [(c.indices, c.digits) for c in found] == [
        ((1,), "079095001234"), ((3, 4, 5), "079095001234"), ((9,), "079095001234")]
    # the letter O, the split number: read again; a clean sure 12-digit read: left alone
    assert [needs_reread(c, words) for c in found] == [True, True, False]


def test_a_doubtful_clean_read_is_read_again():
    words = [_w("079095001234", 0, conf=60.0)]
    assert needs_reread(id_candidates(words)[0], words)


def test_a_sure_13_digit_number_is_left_alone_a_doubtful_one_read_again():
    sure, doubtful = [_w("0101234567001", 0, conf=96.0)], [_w("0101234567001", 0, conf=70.0)]
    assert not needs_reread(id_candidates(sure)[0], sure)
    assert needs_reread(id_candidates(doubtful)[0], doubtful)


def test_words_that_are_not_numbers_are_no_candidates():
    words = [_w("III", 0), _w("lOl", 60), _w("Số", 120), _w("01/02/2026", 200), _w("IDVNM1879106316", 400)]
    assert id_candidates(words) == []
