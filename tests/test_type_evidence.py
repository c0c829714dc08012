"""Type evidence beyond the title line, on real rendered sample pages through the real page
worker (cleanup, Tesseract vie, QR codes, card outlines and photos):

- a card copy whose text OCR cannot read but whose QR code decodes is an ID card;
- a card copy too blurred to read, without a readable code, is a card by its outline and photo;
- a letter whose title is blotted out is an administrative text by its number line, motto
  and "Nơi nhận";
- a birth certificate prints the motto too, but no letter's number line: not a letter.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from classify.combine import decide
from classify.evidence import TypeEvidence, card_type, gather, letter_proven, letter_symbol
from classify.model import load_model
from classify.taxonomy import load_taxonomy
from classify.titles import classify_page
from cleanup import load_profile
from ingest import open_source
from ocr import OcrOptions, ocr_page
from ocr.regions import find_cards, has_portrait
from pipeline.ingest_run import _analyse
from pipeline.page_worker import PageJob, process_page
from samples import degrade
from samples.batch import render_document, write_pdf
from samples.corpus import corpus_letters
from samples.people import make_citizens

if not shutil.which("tesseract"):
    pytest.skip("Tesseract is not installed", allow_module_level=True)

TAXONOMY = load_taxonomy()
DPI = 200


def _worker(image: np.ndarray, path: Path, dpi: int = DPI):
    write_pdf([Image.fromarray(image)], path, dpi=dpi)
    _, tasks = open_source(path)
    return process_page(PageJob(task=tasks[0], profile=load_profile("default"), ocr=OcrOptions()))


def _rendered(doc_type: str, seed: int, **options) -> tuple[np.ndarray, str]:
    rng = random.Random(seed)
    people = make_citizens(seed, 3)
    owner = None if doc_type == "van_ban_hanh_chinh" else next((p for p in people if p.cmnd), people[0]) \
        if doc_type == "cmnd" else people[0]
    pages, _ = render_document(doc_type, owner, rng, dpi=DPI, **options)
    return np.array(pages[0].image), pages[0].text


def _blot_title(image: np.ndarray, title_words: tuple[str, ...]) -> np.ndarray:
    """The title line painted over with ink (a stamp or a spill across it), found where OCR reads it."""
    page = ocr_page(image, OcrOptions(), dpi=DPI)
    lines: dict[int, list] = {}
    for word in page.words:
        lines.setdefault(word.line, []).append(word)
    blotted = image.copy()
    hit = False
    for words in lines.values():
        text = " ".join(w.text for w in words).upper()
        if any(text.strip() == t or text.startswith(t) for t in title_words):
            left = min(w.left for w in words) - 10
            top = min(w.top for w in words) - 6
            right = max(w.left + w.width for w in words) + 10
            bottom = max(w.top + w.height for w in words) + 6
            blotted[max(0, top):bottom, max(0, left):right] = 40
            hit = True
    assert hit, "the title line was not found to blot"
    return blotted


@pytest.fixture(scope="module")
def model():
    return load_model()


@pytest.fixture(scope="module")
def dark_card(tmp_path_factory):
    """A CCCD copy from a copier set far too dark: the guilloche swallows the print, the QR
    code (black on white) survives."""
    image, _ = _rendered("cccd", 5)
    return _worker(degrade.binarize(image, 226), tmp_path_factory.mktemp("dark") / "card.pdf")


@pytest.fixture(scope="module")
def blurred_card(tmp_path_factory):
    """A CCCD copy scanned at 100 dpi out of focus: neither its print nor its QR code is readable."""
    image, _ = _rendered("cccd", 6)
    small = degrade.blur(degrade.downscale(image, DPI, 100), 1.5)
    return _worker(small, tmp_path_factory.mktemp("blur") / "card.pdf", dpi=100)


@pytest.fixture(scope="module")
def blotted_letter(tmp_path_factory):
    letter = next(letter for letter in corpus_letters() if letter.number)
    image, _ = _rendered("van_ban_hanh_chinh", 8, letter=letter, max_paras=3)
    blotted = _blot_title(image, (letter.title[0].upper(),))
    return _worker(blotted, tmp_path_factory.mktemp("letter") / "letter.pdf"), letter.title[0]


@pytest.fixture(scope="module")
def birth_certificate(tmp_path_factory):
    image, _ = _rendered("giay_khai_sinh", 9)
    blotted = _blot_title(image, ("GIẤY KHAI SINH", "TRÍCH LỤC KHAI SINH"))
    return _worker(blotted, tmp_path_factory.mktemp("birth") / "birth.pdf")


def test_a_card_whose_text_is_unreadable_but_whose_qr_decodes_is_a_card(dark_card, model):
    assert dark_card.codes, "the QR code should decode on the dark copy"
    assert classify_page(dark_card.text, TAXONOMY).doc_type != "cccd"  # the text alone says nothing
    page = _analyse(dark_card, TAXONOMY, model)
    assert (page.doc_type, page.type_basis) == ("cccd", "card_code")
    assert page.type_confidence >= 0.9 and not page.type_uncertain
    assert page.own["qr"]  # and the holder's ID comes with it


def test_a_card_page_read_as_nothing_with_a_decoded_qr_is_still_a_card(dark_card, model):
    empty = dark_card.model_copy(update={"text": "", "words_json": "[]"})
    page = _analyse(empty, TAXONOMY, model)
    assert page.doc_type == "cccd"


def test_a_blurred_card_without_a_readable_code_is_a_card_by_its_outline_and_photo(blurred_card, model):
    assert not blurred_card.codes
    assert blurred_card.cards >= 1 and blurred_card.portraits >= 1
    assert classify_page(blurred_card.text, TAXONOMY).doc_type != "cccd"
    page = _analyse(blurred_card, TAXONOMY, model)
    assert (page.doc_type, page.type_basis) == ("cccd", "card_photo")
    assert page.starts_document  # a card's front begins a document though its title was not read
    without_photo = blurred_card.model_copy(update={"portraits": 0})
    assert _analyse(without_photo, TAXONOMY, model).type_basis != "card_photo"


def test_a_letter_with_its_title_blotted_out_is_an_administrative_text(blotted_letter, model):
    blotted_letter, title = blotted_letter
    lines = [line.strip().upper() for line in blotted_letter.text.splitlines()]
    assert title.upper() not in lines  # no kind title left to read ("Nơi nhận: UBND xã (Báo cáo)" is no title)
    evidence = gather(blotted_letter.text, blotted_letter.codes)
    assert evidence.letter_symbol is not None and evidence.motto and evidence.recipients
    page = _analyse(blotted_letter, TAXONOMY, model)
    assert (page.doc_type, page.type_basis) == ("van_ban_hanh_chinh", "letter")
    assert not page.type_uncertain


def test_a_birth_certificate_prints_the_motto_but_is_not_a_letter(birth_certificate, model):
    evidence = gather(birth_certificate.text, birth_certificate.codes)
    assert evidence.motto
    assert evidence.letter_symbol is None and not evidence.recipients
    assert not letter_proven(evidence, None)
    page = _analyse(birth_certificate, TAXONOMY, model)
    assert page.type_guess != "van_ban_hanh_chinh"
    assert page.type_basis not in ("letter", "card_code", "card_photo")


@pytest.mark.parametrize("doc_type, photo", [("cccd", True), ("cmnd", True), ("giay_phep_lai_xe", True),
                                             ("the_bhyt", False)])
@pytest.mark.parametrize("dpi", [200, 300])
def test_the_photo_on_a_card_is_found_and_a_health_insurance_card_has_none(doc_type, photo, dpi):
    rng = random.Random(11)
    people = make_citizens(11, 3)
    owner = next((p for p in people if p.cmnd), people[0]) if doc_type == "cmnd" else people[0]
    pages, _ = render_document(doc_type, owner, rng, dpi=dpi)
    image = degrade.jpeg_artifacts(degrade.gaussian_noise(degrade.blur(degrade.paper_tone(np.array(pages[0].image)), 0.8),
                                                          np.random.default_rng(3), 8), 45)
    cards = find_cards(image, dpi)
    assert len(cards) == 2
    assert sum(has_portrait(image, card, dpi) for card in cards) == (1 if photo else 0)


def test_no_card_photo_on_an_ordinary_page():
    image, _ = _rendered("don_de_nghi", 12)
    assert find_cards(image, DPI) == []


@pytest.mark.parametrize("line, symbol", [
    ("Số: 123/QĐ-UBND", "qd"),
    ("Số: 15/2026/QĐ-UBND", "qd"),
    ("Số: 04 /BC-TTPVHCC", "bc"),
    ("Số: 45/KH-UBND", "kh"),
    ("Số: 7/TTr-VP", "ttr"),
    ("Số: 88/TB-UBND", "tb"),
    ("Số: 123/UBND-VP", "cv"),  # a công văn: issuer and unit
    ("TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG Số: 12/BC-TTPVHCC", "bc"),  # two columns read as one line
    ("Số: 445/TLKS-BS", None),  # a birth registration extract
    ("Số: 123/XNTTHN", None),  # a marital-status confirmation
    ("Số: 12/HĐ-CNQSDĐ", None),  # a contract is a type of its own
    ("Mẫu CT01 ban hành kèm theo Thông tư số 66/2023/TT-BCA", None),  # names another text
    ("Căn cứ Quyết định số 12/QĐ-UBND ngày 02/01/2026", None),
])
def test_the_number_line_names_a_letters_kind_and_only_a_letters(line, symbol):
    from vntext import fold

    assert letter_symbol([" ".join(fold(line).lower().split())]) == symbol


def test_letter_evidence_needs_more_than_the_header_a_certificate_prints_too():
    header_only = TypeEvidence(motto=True, authority=True)
    assert not letter_proven(header_only, None)
    assert letter_proven(TypeEvidence(motto=True, letter_symbol="qd"), None)
    assert not letter_proven(TypeEvidence(motto=True, letter_symbol="cv"), None)  # công văn form alone
    assert letter_proven(TypeEvidence(letter_symbol="cv", subject_line=True), None)
    assert letter_proven(TypeEvidence(subject_line=True, recipients=True), "giay_khai_sinh")
    assert not letter_proven(TypeEvidence(letter_symbol="qd", recipients=True), "cccd")


def test_which_card_a_photo_card_is():
    photo = TypeEvidence(cards=2, portraits=1)
    assert card_type(photo, None, {"cccd": 0.05, "giay_khai_sinh": 0.9}) == "cccd"
    assert card_type(photo, "giay_phep_lai_xe", {}) == "giay_phep_lai_xe"  # its title says so
    assert card_type(photo.model_copy(update={"nine_digit_number": True}), None, {}) == "cmnd"
    assert card_type(photo, None, {"giay_phep_lai_xe": 0.3, "cccd": 0.1}) == "giay_phep_lai_xe"
    assert card_type(TypeEvidence(cards=2), None, {"the_bhyt": 0.9}) is None  # outline alone decides nothing
    assert card_type(TypeEvidence(card_code="qr"), "giay_khai_sinh", {"giay_khai_sinh": 1.0}) == "cccd"


def test_below_the_threshold_the_type_is_khac_with_its_guess_kept():
    from classify.calibration import Calibration
    from classify.combine import FEATURES

    unsure = Calibration(weights=(0.0,) * len(FEATURES), bias=-1.0, sources="", pages=0)  # always 0.27
    decision = decide(None, 0.2, {"to_khai": 0.4, "don_de_nghi": 0.35, "khac": 0.25}, TypeEvidence(), unsure)
    assert (decision.doc_type, decision.guess, decision.uncertain) == ("khac", "to_khai", True)
    assert decision.confidence == pytest.approx(0.269, abs=0.001)
    sure = Calibration(weights=(0.0,) * len(FEATURES), bias=3.0, sources="", pages=0)
    assert decide(None, 0.2, {"to_khai": 0.4, "khac": 0.6 - 0.01}, TypeEvidence(), sure).doc_type == "khac"
    assert decide("to_khai", 0.9, {"to_khai": 0.9}, TypeEvidence(), sure).uncertain is False


def test_an_uncertain_type_sends_the_document_to_review_with_its_guess():
    from datetime import datetime, timezone

    from classify.linking import LinkDecision
    from classify.reasons import Reason, render
    from pipeline.assemble import AnalysedPage, DraftDocument
    from pipeline.ingest_run import _document
    from pipeline.group_link import GroupContext
    from pipeline.models import IngestOptions, PageOutcome

    page = AnalysedPage(outcome=PageOutcome(number=1, text="..."), doc_type="khac", type_confidence=0.31,
                        type_guess="to_khai", type_uncertain=True)
    linked = LinkDecision(citizen_id="079203001234", status="linked",
                          reason_code=Reason(code="link.by.operator", params={}))
    record = _document(DraftDocument(pages=[page]), (linked, GroupContext(), []), "a" * 64, "scan.pdf",
                       datetime.now(timezone.utc), IngestOptions(), TAXONOMY)
    assert (record.doc_type, record.link_status, record.citizen_id) == ("khac", "review", None)
    assert record.link_reason_code.code == "review.type_uncertain"
    worded = render(record.link_reason_code, "vi")
    assert "Tờ khai" in worded and "31%" in worded
    certain = AnalysedPage(outcome=page.outcome, doc_type="to_khai", type_confidence=0.9, type_guess="to_khai")
    record = _document(DraftDocument(pages=[certain]), (linked, GroupContext(), []), "a" * 64, "scan.pdf",
                       datetime.now(timezone.utc), IngestOptions(), TAXONOMY)
    assert (record.link_status, record.citizen_id) == ("linked", "079203001234")


def test_an_uncertain_type_follows_the_links_own_reason_to_wait():
    from datetime import datetime, timezone

    from classify.linking import LinkDecision
    from classify.reasons import Reason
    from pipeline.assemble import AnalysedPage, DraftDocument
    from pipeline.group_link import GroupContext
    from pipeline.ingest_run import _document
    from pipeline.models import IngestOptions, PageOutcome

    page = AnalysedPage(outcome=PageOutcome(number=1, text="..."), doc_type="khac", type_confidence=0.2,
                        type_guess="don_de_nghi", type_uncertain=True)
    waiting = LinkDecision(citizen_id=None, status="review", reason_code=Reason(code="link.no_id", params={}))
    record = _document(DraftDocument(pages=[page]), (waiting, GroupContext(), []), "b" * 64, "scan.pdf",
                       datetime.now(timezone.utc), IngestOptions(), TAXONOMY)
    assert record.link_reason_code.code == "link.no_id"
    assert [r.code for r in record.link_reason_code.then] == ["review.type_uncertain"]
