"""The sample generator: the batch every other test and benchmark is scored against.

If these truths are wrong, every downstream score is wrong, so the checks here recompute
the facts independently (CCCD structure, ICAO check digits, QR payload, page counts) rather
than trusting the generator's own helpers.
"""

from __future__ import annotations

import hashlib
import os
import random
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from PIL import Image

from samples.batch import generate_batch, render_document, write_pdf, write_tiff
from samples.cards import mrz_td1, qr_payload
from samples.content import SUPPORTED_TYPES
from samples.fonts import has_vietnamese, missing_glyphs
from samples.models import DOC_TYPES, Citizen, GroundTruth
from samples.people import PROVINCES, make_citizens
from vntext import cer

LIBERATION_SERIF = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf")
CHEROKEE = Path("/usr/share/fonts/truetype/noto/NotoSansCherokee-Regular.ttf")
ID12 = re.compile(r"(?<!\d)\d{12}(?!\d)")


# --- independent re-implementations of the rules (domain.md, ICAO 9303) ------------------


def cccd_ok(number: str, birth: date, sex: str) -> bool:
    century = (birth.year - 1900) // 100
    return (
        len(number) == 12
        and number.isdigit()
        and number[:3] in PROVINCES
        and int(number[3]) == century * 2 + (1 if sex == "Nữ" else 0)
        and number[4:6] == f"{birth.year % 100:02d}"
    )


def icao_check(data: str) -> int:
    values = {str(d): d for d in range(10)} | {chr(65 + i): 10 + i for i in range(26)} | {"<": 0}
    return sum(values[ch] * w for ch, w in zip(data, [7, 3, 1] * 20)) % 10


# --- fonts --------------------------------------------------------------------------------


def test_glyph_check_accepts_liberation_serif_2():
    if not LIBERATION_SERIF.is_file():
        pytest.skip("fonts-liberation2 not installed")
    assert has_vietnamese(LIBERATION_SERIF)
    assert missing_glyphs(LIBERATION_SERIF) == ""


def test_glyph_check_rejects_a_font_without_vietnamese():
    if not CHEROKEE.is_file():
        pytest.skip("no Noto Cherokee font to test with")
    assert not has_vietnamese(CHEROKEE)
    assert "ệ" in missing_glyphs(CHEROKEE)


# --- identity numbers ---------------------------------------------------------------------


def test_generated_cccd_numbers_follow_the_structure():
    people = make_citizens(123, 200)
    assert len({p.citizen_id for p in people}) == len(people)
    for p in people:
        assert cccd_ok(p.citizen_id, p.birth_date, p.sex), p
        assert p.full_name == p.name_proper.upper()
        assert p.cmnd is None or (len(p.cmnd) == 9 and p.cmnd.isdigit())
    # Both sexes and (with children) both centuries occur in a batch.
    assert {p.citizen_id[3] for p in people} >= {"0", "1"}


def test_mrz_matches_a_real_card_and_has_correct_check_digits():
    # A published sample of a Vietnamese chip card's MRZ.
    real = Citizen(citizen_id="001093047064", full_name="ỨNG HOÀNG HIỆP", name_proper="Ứng Hoàng Hiệp",
                   birth_date=date(1993, 1, 5), sex="Nam", address="Hà Nội", issue_date=date(2021, 1, 5),
                   expiry_date=date(2033, 1, 5))
    assert mrz_td1(real) == ["IDVNM0930470641001093047064<<2", "9301054M3301052VNM<<<<<<<<<<<8",
                             "UNG<<HOANG<HIEP<<<<<<<<<<<<<<<"]
    for p in make_citizens(5, 60):
        l1, l2, l3 = mrz_td1(p)
        assert len(l1) == len(l2) == len(l3) == 30
        assert l1.startswith("IDVNM") and l1[5:14] == p.citizen_id[-9:]
        assert int(l1[14]) == icao_check(l1[5:14])
        assert l1[15:27] == p.citizen_id and int(l1[29]) == icao_check(p.citizen_id)
        assert l2[0:6] == p.birth_date.strftime("%y%m%d") and int(l2[6]) == icao_check(l2[0:6])
        assert l2[7] == ("F" if p.sex == "Nữ" else "M")
        assert int(l2[14]) == icao_check(l2[8:14])
        assert int(l2[29]) == icao_check(l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29])
        assert re.fullmatch(r"[A-Z<]{30}", l3) and "<<" in l3


def test_qr_code_on_the_rendered_card_decodes_to_the_citizens_fields():
    zxingcpp = pytest.importorskip("zxingcpp")
    people = make_citizens(7, 40)
    old = next(p for p in people if p.issue_date < date(2024, 7, 1))
    new = next(p for p in people if p.issue_date >= date(2024, 7, 1))  # 'Căn cước': QR on the back
    for person in (old, new):
        pages, truth = render_document("cccd", person, random.Random(1))
        results = zxingcpp.read_barcodes(pages[0].image)
        assert len(results) == 1
        fields = results[0].text.split("|")
        assert fields[:7] == [person.citizen_id, person.cmnd or "", person.name_proper,
                              person.birth_date.strftime("%d%m%Y"), person.sex, person.address,
                              person.issue_date.strftime("%d%m%Y")]
        assert results[0].text == qr_payload(person) == truth.fields["qr_payload"]
        assert truth.ids_on_document == [person.citizen_id]
        assert truth.title in ("CĂN CƯỚC CÔNG DÂN", "CĂN CƯỚC")


# --- documents ----------------------------------------------------------------------------


def test_every_template_renders_and_its_ids_are_the_printed_ones():
    owner = next(p for p in make_citizens(3, 20) if p.cmnd)
    assert set(SUPPORTED_TYPES) <= set(DOC_TYPES)
    for i, doc_type in enumerate(SUPPORTED_TYPES):
        pages, truth = render_document(doc_type, None if doc_type == "van_ban_hanh_chinh" else owner,
                                       random.Random(i), dpi=100)
        text = "\n".join(p.text for p in pages)
        assert truth.doc_type == doc_type and truth.title and truth.title.upper() == truth.title
        assert truth.pages == list(range(1, len(pages) + 1))
        assert all(not p.overflow for p in pages)
        printed = set(ID12.findall(text))
        if doc_type == "giay_phep_lai_xe":  # its 12-digit licence number is not a personal ID
            printed -= {truth.fields["document_number"]}
        assert printed == set(truth.ids_on_document), doc_type
        if doc_type == "van_ban_hanh_chinh":
            assert truth.owner_citizen_id is None and len(pages) >= 2
            assert "**" not in text and "##" not in text
        elif doc_type != "trich_luc_khai_tu":  # a death extract belongs to the deceased
            assert truth.owner_citizen_id == owner.citizen_id


def test_contract_spans_pages_with_page_numbers():
    owner = make_citizens(9, 1)[0]
    pages, truth = render_document("hop_dong", owner, random.Random(4))
    assert 2 <= len(pages) <= 4
    assert all(f"Trang {i}/{len(pages)}" in p.text for i, p in enumerate(pages, 1))
    assert len(truth.ids_on_document) >= 2


@pytest.mark.slow
def test_clean_page_ocr_matches_its_truth():
    pytesseract = pytest.importorskip("pytesseract")
    if shutil.which("tesseract") is None or "vie" not in pytesseract.get_languages():
        pytest.skip("tesseract with the vie model is not installed")
    os.environ["OMP_THREAD_LIMIT"] = "1"  # much faster on this kind of machine
    owner = make_citizens(7, 1)[0]
    pages, _ = render_document("don_de_nghi", owner, random.Random(0), dpi=300)
    text = pytesseract.image_to_string(pages[0].image, lang="vie")
    assert cer(pages[0].text, text) < 0.02


# --- the batch ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> tuple[Path, GroundTruth]:
    out = tmp_path_factory.mktemp("batch")
    return out, generate_batch(out, seed=7)


def _page_count(path: Path, fmt: str) -> int:
    if fmt == "pdf":
        import pikepdf

        with pikepdf.open(path) as pdf:
            return len(pdf.pages)
    with Image.open(path) as im:
        return getattr(im, "n_frames", 1)


def test_batch_files_open_with_the_page_counts_of_the_truth(batch):
    out, truth = batch
    assert GroundTruth.load(out) == truth
    for f in truth.files:
        path = out / f.name
        assert path.is_file(), f.name
        assert _page_count(path, f.format) == len(f.pages), f.name
        assert [p.number for p in f.pages] == list(range(1, len(f.pages) + 1))
        for d_index, doc in enumerate(f.documents):
            assert [p.number for p in f.pages if p.doc_index == d_index] == doc.pages
        if f.format == "tiff":
            with Image.open(path) as im:
                assert round(im.info["dpi"][0]) == f.pages[0].dpi
        if f.format == "jpeg":
            with Image.open(path) as im:
                written = im.info.get("dpi")
                assert (round(written[0]) if written else 0) == f.pages[0].dpi


def test_batch_covers_what_the_pipeline_must_handle(batch):
    out, truth = batch
    pages = [p for f in truth.files for p in f.pages]
    formats = {f.format for f in truth.files}
    assert formats == {"pdf", "tiff", "jpeg", "png"}
    assert {p.rotation for p in pages} >= {90, 180}
    assert any(p.is_blank and "bleed_through" in p.degradations and p.text == "" for p in pages)
    assert any(p.phone_photo and p.dpi == 0 for p in pages)
    for defect in ("skew", "noise", "blur", "jpeg", "downscale", "binarize"):
        assert any(defect in p.degradations for p in pages), defect
    assert any(abs(p.skew_deg) >= 0.5 for p in pages)
    tiffs = [f for f in truth.files if f.format == "tiff"]
    assert {Image.open(out / f.name).info.get("compression") for f in tiffs} == {"group4", "tiff_lzw"}
    jpegs = [f for f in truth.files if f.format == "jpeg" and not f.pages[0].phone_photo]
    assert {f.pages[0].dpi > 0 for f in jpegs} == {True, False}
    # A stack: several documents of one citizen in a row in one file.
    assert any(len(f.documents) >= 3 and len({d.owner_citizen_id for d in f.documents[:1] + f.documents[1:3]}) == 1
               for f in truth.files)
    letters = [d for f in truth.files for d in f.documents if d.doc_type == "van_ban_hanh_chinh"]
    assert letters and len(letters[0].pages) >= 2 and letters[0].owner_citizen_id is None
    assert len({d.doc_type for _, d in truth.documents()}) >= 12


def test_batch_people_and_ids_are_consistent(batch):
    _, truth = batch
    known = {c.citizen_id: c for c in truth.citizens}
    assert len(known) == len(truth.citizens)
    for c in truth.citizens:
        assert cccd_ok(c.citizen_id, c.birth_date, c.sex)
    for f in truth.files:
        for d_index, doc in enumerate(f.documents):
            text = "\n".join(p.text for p in f.pages if p.doc_index == d_index)
            assert doc.owner_citizen_id is None or doc.owner_citizen_id in known
            for number in doc.ids_on_document:
                assert number in known and number in text
            if doc.owner_citizen_id and doc.doc_type != "giay_phep_lai_xe":
                assert doc.owner_citizen_id in doc.ids_on_document or doc.doc_type in ("cmnd", "the_bhyt", "van_bang")


def test_batch_is_deterministic(batch, tmp_path):
    out, truth = batch
    again = generate_batch(tmp_path, seed=7)
    assert (tmp_path / "ground_truth.json").read_bytes() == (out / "ground_truth.json").read_bytes()
    for f in again.files:
        digest = lambda p: hashlib.sha256(p.read_bytes()).hexdigest()  # noqa: E731
        assert digest(tmp_path / f.name) == digest(out / f.name), f.name
    assert not (tmp_path.parent / "ground_truth.json").exists()  # nothing written outside outdir


def test_writers_make_multi_page_pdf_and_tiff(tmp_path):
    pages = [Image.new("L", (850, 1100), 255) for _ in range(3)]
    pdf = write_pdf(pages, tmp_path / "a.pdf", dpi=100)
    tif = write_tiff(pages, tmp_path / "a.tif", dpi=100, compression="group4")
    assert _page_count(pdf, "pdf") == 3 and _page_count(tif, "tiff") == 3
    import pikepdf

    with pikepdf.open(pdf) as doc:
        assert [round(float(v)) for v in doc.pages[0].mediabox[2:]] == [612, 792]  # 8.5 x 11 in at 100 dpi
