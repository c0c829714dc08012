"""ID cards copied onto a page are found and read card by card, enlarged; a page that
neither the baseline test nor OSD can orient is read both ways up."""

from __future__ import annotations

import random
from collections import Counter

import numpy as np
import pytest

from cleanup.orientation import ocr_vote, rot90
from ocr import OcrOptions, ocr_page
from ocr.regions import find_cards
from samples.batch import render_document
from samples.people import make_citizens
from vntext import cer, normalise_for_cer

DPI = 200  # the resolution card copies usually come in at


def words_missed(truth: str, text: str) -> float:
    want = Counter(normalise_for_cer(truth).split())
    got = Counter(normalise_for_cer(text).split())
    return 1.0 - sum((want & got).values()) / sum(want.values())


def _card_copy(seed: int) -> tuple[np.ndarray, str]:
    rng = random.Random(seed)
    citizen = make_citizens(seed, 1)[0]
    pages, _ = render_document("cccd", citizen, rng, dpi=DPI)
    return np.array(pages[0].image), pages[0].text


@pytest.fixture(scope="module")
def card_page():
    return _card_copy(6)  # front and back side by side: whole-page layout reads across them


def test_both_sides_of_a_card_copy_are_found_in_reading_order(card_page):
    image, _ = card_page
    cards = find_cards(image, DPI)
    assert len(cards) == 2
    px_per_mm = DPI / 25.4
    for card in cards:
        assert 0.85 * 85.6 <= card.width / px_per_mm <= 1.7 * 85.6
        assert abs(card.width / card.height - 85.6 / 53.98) < 0.1
    first, second = cards
    assert (first.top, first.left) < (second.top + second.height / 2, second.left + 1)


def test_a_small_copy_given_finds_the_same_cards(card_page):
    """Cleanup passes on its ~150 dpi copy of a page kept as it came (CleanedPage.preview)."""
    from cleanup.util import resize

    image, _ = card_page
    small = resize(image, 150 / DPI)
    given, own = find_cards(image, DPI, small), find_cards(image, DPI)
    assert len(given) == len(own) == 2
    for a, b in zip(given, own):  # the two copies differ by a pixel's resampling at most
        assert max(abs(a.left - b.left), abs(a.top - b.top), abs(a.width - b.width), abs(a.height - b.height)) <= 3


def test_no_card_on_an_ordinary_page():
    rng = random.Random(3)
    pages, _ = render_document("don_de_nghi", make_citizens(3, 1)[0], rng, dpi=DPI)
    assert find_cards(np.array(pages[0].image), DPI) == []


def test_a_card_copy_is_read_card_after_card_with_boxes_on_the_page(card_page):
    image, truth = card_page
    page = ocr_page(image, OcrOptions(), dpi=DPI)
    # (Tesseract's line order inside a card varies with a pixel's shift: CER counts it, the
    # words missed do not)
    assert cer(truth, page.text) < 0.15
    assert words_missed(truth, page.text) < 0.10
    height, width = image.shape
    assert (page.width, page.height) == (width, height)
    for word in page.words:  # boxes mapped back from the enlarged cut to the page
        assert 0 <= word.left and word.left + word.width <= width
        assert 0 <= word.top and word.top + word.height <= height
    front, back = find_cards(image, DPI)

    def lines_inside(card):
        return {w.line for w in page.words if card.left <= w.left + w.width / 2 <= card.left + card.width
                and card.top <= w.top + w.height / 2 <= card.top + card.height}

    assert lines_inside(front) and lines_inside(back)
    assert max(lines_inside(front)) < min(lines_inside(back)), "the front is read whole before the back"


def test_reading_both_ways_up_finds_an_upside_down_page(card_page):
    image, _ = card_page
    turned = rot90(image, 180)
    voted = ocr_vote(turned, 0)
    assert voted is not None and voted.rotate == 180 and voted.method == "ocr"
    upright = ocr_vote(image, 0)
    assert upright is not None and upright.rotate == 0


def test_an_empty_page_gets_no_vote():
    assert ocr_vote(np.full((800, 600), 255, np.uint8), 0) is None


def test_card_words_land_in_the_searchable_pdf_where_the_cards_are(card_page, tmp_path):
    import shutil
    import subprocess

    from ocr.searchable_pdf import SearchablePage, build_searchable_pdf

    if not shutil.which("pdftotext"):
        pytest.skip("needs poppler-utils")
    image, _ = card_page
    page = ocr_page(image, OcrOptions(), dpi=DPI)
    out = tmp_path / "card.pdf"
    build_searchable_pdf([SearchablePage(image, DPI, page.words)], out)
    cards = find_cards(image, DPI)
    for card in cards:  # each card's own words, read back from inside its outline only
        inside = [w.text for w in page.words if card.left <= w.left and w.left + w.width <= card.left + card.width
                  and card.top <= w.top and w.top + w.height <= card.top + card.height]
        to_pt = 72.0 / DPI
        region = ["-x", str(int(card.left * to_pt)), "-y", str(int(card.top * to_pt)),
                  "-W", str(int(card.width * to_pt) + 1), "-H", str(int(card.height * to_pt) + 1)]
        done = subprocess.run(["pdftotext", "-enc", "UTF-8", *region, str(out), "-"], capture_output=True, text=True)
        read_back = Counter(normalise_for_cer(done.stdout).split())
        want = Counter(normalise_for_cer(" ".join(inside)).split())
        assert sum((want & read_back).values()) >= 0.95 * sum(want.values())
