"""The held-out family's scanner, files and batches (evalset/scanner.py, files.py, family.py).

Pages are real: Vietnamese text laid out in HTML and drawn by Chromium, as the family's
own templates are. The small templates here follow the registry contract of
evalset.papers / evalset.cards so that the batch code is tested on papers whose truth the
test knows; the real templates are checked through the planner and a tiny family.
"""

from __future__ import annotations

import ast
import random
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from evalset import files, scanner
from evalset.chromium import Renderer
from evalset.family import (CARD_SCANNER, MULTI, SINGLE, body_font, default_registry, file_applicant, make_family,
                            plan_family, scan_file)
from evalset.fonts import font_file, vietnamese_family, SANS, SERIF, MONO
from evalset.paper import Paper
from evalset.people import Cast, make_cast
from ingest.sources import decode_page, open_source
from samples.models import DOC_TYPES, GroundTruth

# --- small templates (the registry contract: (random.Random, Cast) -> Paper) ------------

CSS = ".sheet { padding: 20mm 18mm; font-family: 'DejaVu Serif', serif; font-size: 12pt }"
HEADER = ("<p style='text-align:center'><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b><br>"
          "Độc lập - Tự do - Hạnh phúc</p>")


def _d(day) -> str:
    return day.strftime("%d/%m/%Y")


def birth_extract(rng: random.Random, cast: Cast) -> Paper:
    child = cast.child
    html = (f"{HEADER}<h2 style='text-align:center'>TRÍCH LỤC KHAI SINH</h2>"
            f"<p>Họ, chữ đệm, tên: {child.full_name}</p><p>Ngày, tháng, năm sinh: {_d(child.birth_date)}</p>"
            f"<p>Số định danh cá nhân: {child.citizen_id}</p><p>Họ tên cha: {cast.owner.name_proper}</p>"
            f"<p>Số định danh cá nhân của cha: {cast.owner.citizen_id}</p>")
    return Paper("giay_khai_sinh", "TRÍCH LỤC KHAI SINH", [html], child.citizen_id,
                 ids_on_document=[child.citizen_id, cast.owner.citizen_id], css=CSS,
                 fields={"full_name": child.full_name}, template="test-trich-luc-khai-sinh",
                 parties=[child.citizen_id, cast.owner.citizen_id])


def residence(rng: random.Random, cast: Cast) -> Paper:
    owner = cast.owner
    rows = "".join(f"<p>{i}. Thông tin thành viên hộ gia đình số {i}: đã xác nhận theo Luật Cư trú.</p>"
                   for i in range(1, 4))
    first = (f"{HEADER}<h2 style='text-align:center'>XÁC NHẬN THÔNG TIN VỀ CƯ TRÚ</h2>"
             f"<p>Kính gửi: Ông/Bà {owner.name_proper}</p><p>Số định danh cá nhân: {owner.citizen_id}</p>"
             f"<p>Nơi thường trú: {owner.address}</p>{rows}")
    second = "<p>Giấy xác nhận có giá trị 30 ngày kể từ ngày cấp.</p><p>TRƯỞNG CÔNG AN XÃ</p>"
    return Paper("xac_nhan_cu_tru", "XÁC NHẬN THÔNG TIN VỀ CƯ TRÚ", [first, second], owner.citizen_id,
                 ids_on_document=[owner.citizen_id], css=CSS, template="test-cu-tru-2-trang")


def application(rng: random.Random, cast: Cast) -> Paper:
    owner = cast.owner
    html = (f"{HEADER}<h2 style='text-align:center'>ĐƠN ĐỀ NGHỊ</h2><p>Cấp bản sao trích lục hộ tịch</p>"
            f"<p>Tôi tên là: {owner.name_proper}, sinh ngày {_d(owner.birth_date)}</p>"
            f"<p>Số định danh cá nhân: {owner.citizen_id}</p><p>Nơi cư trú: {owner.address}</p>")
    return Paper("don_de_nghi", "ĐƠN ĐỀ NGHỊ", [html], owner.citizen_id, ids_on_document=[owner.citizen_id],
                 css=CSS, template="test-don-de-nghi")


def id_card(rng: random.Random, cast: Cast) -> Paper:
    """A card copied onto A4: the card's box at the top of an otherwise empty sheet."""
    owner = cast.owner
    card = ("<div style='position:absolute;left:25mm;top:30mm;width:85.6mm;height:54mm;border:0.4mm solid #333;"
            "border-radius:3mm;padding:3mm;box-sizing:border-box;font-family:\"DejaVu Sans\";font-size:7pt'>"
            "<b>CĂN CƯỚC CÔNG DÂN</b><br>"
            f"Số: {owner.citizen_id}<br>Họ và tên: {owner.full_name}<br>Ngày sinh: {_d(owner.birth_date)}<br>"
            f"Giới tính: {owner.sex}</div>")
    return Paper("cccd", "CĂN CƯỚC CÔNG DÂN", [card], owner.citizen_id, ids_on_document=[owner.citizen_id],
                 css=".sheet { font-family: 'DejaVu Sans' }", template="test-cccd-ban-sao",
                 expiry_date=owner.expiry_date, issue_date=owner.issue_date)


def letter(rng: random.Random, cast: Cast) -> Paper:
    html = ("<p>ỦY BAN NHÂN DÂN XÃ ĐÔNG HƯNG</p><h2 style='text-align:center'>KẾ HOẠCH</h2>"
            "<p>Thực hiện chuyển đổi số năm 2026 tại Bộ phận Một cửa</p>"
            "<p>Số hóa 100% hồ sơ, kết quả giải quyết thủ tục hành chính.</p>")
    return Paper("van_ban_hanh_chinh", "KẾ HOẠCH", [html], None, css=CSS, template="test-ke-hoach")


TEMPLATES = {"giay_khai_sinh": [birth_extract], "xac_nhan_cu_tru": [residence], "don_de_nghi": [application],
             "van_ban_hanh_chinh": [letter]}
CARD_TEMPLATES = {"cccd": [id_card]}
REGISTRY = {**TEMPLATES, **CARD_TEMPLATES}
CARDS = {id_card}

DPI = 100  # small pages: the checks are about geometry and truth, not OCR


@pytest.fixture(scope="module")
def renderer():
    with Renderer() as chromium:  # one browser for the module
        yield chromium


@pytest.fixture(scope="module")
def drawn(renderer):
    """A text page and a card copy, drawn once, as uint8 RGB."""
    cast = make_cast(random.Random(3))
    text = renderer.draw(residence(random.Random(1), cast), DPI)[0]
    card = renderer.draw(id_card(random.Random(1), cast), DPI)[0]
    return {"text": np.asarray(text.image), "card": np.asarray(card.image)}


def _ink(img: np.ndarray) -> np.ndarray:
    return scanner.grey(img) < 128


def _centroid(mask: np.ndarray) -> tuple[float, float]:
    ys, xs = np.nonzero(mask)
    return float(xs.mean()) / mask.shape[1], float(ys.mean()) / mask.shape[0]


# --- scanner faults ---------------------------------------------------------------------


def test_wrong_way_pages_are_turned_clockwise(drawn):
    page = drawn["text"]
    x, y = _centroid(_ink(page))
    assert y < 0.4  # the text sits in the upper part of the page
    turned = {r: scanner.wrong_way(page, r) for r in (90, 180, 270)}
    assert turned[90].shape[:2] == turned[270].shape[:2] == page.shape[1::-1]
    assert turned[180].shape == page.shape
    assert _centroid(_ink(turned[90]))[0] > 0.6  # the top went to the right
    assert _centroid(_ink(turned[270]))[0] < 0.4  # ... to the left
    assert _centroid(_ink(turned[180]))[1] > 0.6  # ... to the bottom
    assert np.array_equal(scanner.wrong_way(turned[90], 270), page)
    with pytest.raises(ValueError):
        scanner.wrong_way(page, 45)


def _skew_estimate(img: np.ndarray) -> float:
    """The clockwise angle that best straightens the text lines (row-profile sharpness),
    undone with Pillow (whose rotate() turns anticlockwise), not with the code under test."""
    page = Image.fromarray(scanner.grey(img)).reduce(2)  # half size: enough for text lines, 4x faster

    def sharpness(angle: float) -> float:
        straightened = np.asarray(page.rotate(float(angle), resample=Image.Resampling.BILINEAR, fillcolor=255))
        # darkness, not thresholded ink: interpolation keeps it, so no angle is favoured by the resampling
        return float(np.var((255.0 - straightened.astype(np.float64)).sum(axis=1)))
    coarse = max(np.arange(-3.0, 3.01, 0.25), key=sharpness)
    return max(np.arange(coarse - 0.25, coarse + 0.26, 0.05), key=sharpness)


@pytest.mark.parametrize("degrees", [-2.4, 1.1])
def test_feeder_skew_turns_the_sheet_by_the_angle_claimed(drawn, degrees):
    skewed = scanner.feeder_skew(drawn["text"], degrees)
    assert skewed.shape == drawn["text"].shape
    assert abs(_skew_estimate(skewed) - degrees) <= 0.25
    assert abs(_skew_estimate(drawn["text"])) <= 0.15


def test_grey_copy_has_a_toner_grey_background_weak_blacks_dark_edges_and_streaks(drawn):
    copy = scanner.grey_copy(drawn["card"], np.random.default_rng(4))
    assert copy.ndim == 2
    height, width = copy.shape
    centre = copy[height // 3:2 * height // 3, width // 4:3 * width // 4]
    background = float(np.median(centre))
    assert 165 <= background <= 225, background  # grey, not white
    assert float(np.median(scanner.grey(drawn["card"]))) == 255
    assert np.percentile(copy, 0.01) >= 15  # no true black left
    edge = np.concatenate([copy[:3].ravel(), copy[-3:].ravel(), copy[:, :3].ravel(), copy[:, -3:].ravel()])
    assert edge.mean() < background - 30  # the lid's shadow round the sheet
    # the empty lower half of the card copy: columns darker than their neighbours are streaks
    columns = np.median(copy[height // 2:-height // 10, width // 10:-width // 10], axis=0)
    assert (columns < np.median(columns) - 8).sum() >= 2


def test_grey_copy_is_seeded(drawn):
    one = scanner.grey_copy(drawn["card"], np.random.default_rng(9))
    assert np.array_equal(one, scanner.grey_copy(drawn["card"], np.random.default_rng(9)))
    assert not np.array_equal(one, scanner.grey_copy(drawn["card"], np.random.default_rng(10)))


def _psnr(a: np.ndarray, b: np.ndarray) -> float:
    return float(cv2.PSNR(a, b))


def test_low_quality_jpeg_loses_detail_the_lower_the_quality(drawn):
    page = scanner.grey(drawn["text"])
    low, fair = scanner.jpeg_low(page, 15), scanner.jpeg_low(page, 60)
    assert low.shape == page.shape and low.dtype == np.uint8
    assert _psnr(page, low) < _psnr(page, fair) < 60
    assert len(np.unique(low)) > len(np.unique(page)) // 2  # ringing: many new grey levels


def test_fax_bilevel_is_black_and_white_and_keeps_the_text(drawn):
    page = drawn["text"]
    fax = scanner.fax_bilevel(page, np.random.default_rng(2))
    assert fax.ndim == 2 and set(np.unique(fax).tolist()) == {0, 255}
    ink, before = (fax == 0).mean(), _ink(page).mean()
    assert 0.4 * before < ink < 2.5 * before


def test_salt_noise_flips_the_share_of_pixels_claimed(drawn):
    page = scanner.grey(drawn["text"])
    noisy = scanner.salt_noise(page, np.random.default_rng(5), 0.002)
    changed = (noisy != page).mean()
    assert 0.0007 < changed < 0.0021  # about half the flips land on their own colour
    blank = page > 250
    assert (noisy[blank] == 0).sum() > 0.0005 * blank.sum()  # black dust on white paper


def test_bleed_through_shows_the_mirrored_other_side_faintly(drawn):
    front = drawn["text"]
    back = scanner.duplex_back(front.shape[:2], np.random.default_rng(1))
    bled = scanner.bleed_through(back, front, 0.12)
    assert bled.min() > 180  # faint
    shadow = (back.astype(np.float64) - bled).ravel()
    ink = _ink(front).astype(np.float64)
    mirrored = np.corrcoef(shadow, np.fliplr(ink).ravel())[0, 1]
    straight = np.corrcoef(shadow, ink.ravel())[0, 1]
    assert mirrored > 0.5 and mirrored > straight + 0.3


def test_phone_photo_is_a_warped_sheet_on_a_desk_under_uneven_light(drawn):
    page = drawn["text"]
    photo = scanner.phone_photo(page, np.random.default_rng(6))
    image = photo.image
    assert image.ndim == 3 and image.shape[:2] != page.shape[:2]
    assert 0.6 < photo.scale < 1.0
    corners = photo.corners
    assert abs(corners[0][0] - corners[3][0]) > 1 or abs(corners[0][1] - corners[1][1]) > 1  # not a flat rectangle
    # desk outside the sheet, paper inside
    assert image[2:6, 2:6].mean() < 170
    mask = np.zeros(image.shape[:2], np.uint8)
    cv2.fillConvexPoly(mask, corners.astype(np.int32), 1)
    paper = scanner.grey(image)[(mask == 1) & (cv2.erode(mask, np.ones((15, 15), np.uint8)) == 1)]
    assert np.percentile(paper, 90) > 180
    # light from one side: the paper's brightest and dimmest parts differ clearly
    grey = scanner.grey(image)
    height, width = grey.shape
    quarters = [(height // 4, width // 4), (height // 4, 3 * width // 4), (3 * height // 4, width // 4),
                (3 * height // 4, 3 * width // 4)]
    blocks = [np.percentile(grey[y:y + 40, x:x + 40], 90) for y, x in quarters]  # paper white, not ink
    assert max(blocks) - min(blocks) > 8
    assert photo.faults == ["perspective", "uneven_light", "blur"]


def test_a_cropped_phone_photo_cuts_into_the_sheet(drawn):
    photo = scanner.phone_photo(drawn["text"], np.random.default_rng(8), crop_edge=True)
    height, width = photo.image.shape[:2]
    outside = [(x < 0 or y < 0 or x > width or y > height) for x, y in photo.corners]
    assert photo.cropped and "cropped_edge" in photo.faults and any(outside)


def test_flatbed_lid_darkens_one_edge(drawn):
    page = scanner.grey(drawn["text"])
    scanned = scanner.flatbed_lid(page, np.random.default_rng(3))
    edges = [scanned[:2].mean(), scanned[:, -2:].mean(), scanned[-2:].mean(), scanned[:, :2].mean()]
    assert min(edges) < 160 and sorted(edges)[1] > 200


# --- files ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def scanned_pages(drawn):
    grey = scanner.grey(drawn["text"])
    return {"grey": grey, "bilevel": scanner.fax_bilevel(grey, np.random.default_rng(1)), "colour": drawn["text"]}


@pytest.mark.parametrize("kind, names, dpi", [
    ("pdf", ["grey", "bilevel", "colour"], 200),
    ("tiff-lzw", ["grey", "grey"], 200),
    ("tiff-g4", ["bilevel", "bilevel", "bilevel"], 300),
    ("jpeg", ["colour"], 150),
    ("jpeg-nodpi", ["colour"], 200),
    ("png", ["grey"], 150),
])
def test_station_files_open_with_hosos_reader(tmp_path, scanned_pages, kind, names, dpi):
    pages = [scanned_pages[n] for n in names]
    path = tmp_path / f"scan{files.SUFFIX[files.FORMAT_OF[kind]]}"
    files.write(path, kind, pages, dpi, quality=40)
    found, tasks = open_source(path)
    assert found.value == files.FORMAT_OF[kind] and len(tasks) == len(pages)
    for task, page, name in zip(tasks, pages, names):
        image, read_dpi = decode_page(task)
        assert image.shape[:2] == page.shape[:2]
        assert read_dpi == (None if kind == "jpeg-nodpi" else dpi)
        if name == "bilevel":  # 1-bit pages are stored losslessly (G4, Flate)
            assert np.array_equal(image, page)
        elif kind in ("tiff-lzw", "png"):
            assert np.array_equal(image, page)
    again = tmp_path / f"again{path.suffix}"
    files.write(again, kind, pages, dpi, quality=40)
    assert again.read_bytes() == path.read_bytes()  # same pages, same bytes


def test_tiffs_use_the_compression_stations_write(tmp_path, scanned_pages):
    files.write(tmp_path / "grey.tif", "tiff-lzw", [scanned_pages["grey"]], 200)
    files.write(tmp_path / "fax.tif", "tiff-g4", [scanned_pages["bilevel"]], 200)
    with Image.open(tmp_path / "grey.tif") as grey, Image.open(tmp_path / "fax.tif") as fax:
        assert (grey.info["compression"], grey.mode) == ("tiff_lzw", "L")
        assert (fax.info["compression"], fax.mode) == ("group4", "1")


def test_the_pdf_is_image_only_and_sized_from_the_dpi(tmp_path, scanned_pages):
    import pikepdf

    page = scanned_pages["grey"]
    files.write(tmp_path / "scan.pdf", "pdf", [page], 100, producer="test station")
    with pikepdf.open(tmp_path / "scan.pdf") as pdf:
        box = [float(v) for v in pdf.pages[0].mediabox]
        assert box[2] == pytest.approx(page.shape[1] * 72 / 100, abs=0.01)
        assert box[3] == pytest.approx(page.shape[0] * 72 / 100, abs=0.01)
        assert "/Font" not in pdf.pages[0].resources  # no text layer: a scan
        assert str(pdf.docinfo["/Producer"]) == "test station"


def test_one_page_formats_refuse_a_stack(tmp_path, scanned_pages):
    with pytest.raises(ValueError, match="one page"):
        files.write(tmp_path / "two.jpg", "jpeg", [scanned_pages["grey"]] * 2, 200)


# --- the family -------------------------------------------------------------------------

SEED = 41
TINY = {"dossiers": 2, "pages": 12}  # with the letters: about 15 pages


@dataclass
class Made:
    outdir: Path
    truth: GroundTruth
    registry: dict
    cards: set
    dossiers: int
    pages: int


@pytest.fixture(scope="module")
def family(tmp_path_factory, renderer) -> Made:
    """A tiny family of the real templates (evalset.papers, evalset.cards), drawn small."""
    registry, cards = default_registry()
    outdir = tmp_path_factory.mktemp("family")
    truth = make_family(outdir, SEED, TINY["dossiers"], TINY["pages"], max_dpi=DPI, renderer=renderer)
    return Made(outdir, truth, registry, cards, TINY["dossiers"], TINY["pages"])


def _files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_the_command_makes_the_same_family_from_the_same_seed(family, tmp_path):
    again = tmp_path / "again"
    done = subprocess.run([sys.executable, "-m", "evalset", str(again), "--seed", str(SEED),
                           "--dossiers", str(TINY["dossiers"]), "--pages", str(TINY["pages"]), "--max-dpi", str(DPI)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "" and f"{family.truth.page_count()} pages" in done.stderr.splitlines()[-1]
    assert (again / "ground_truth.json").read_bytes() == (family.outdir / "ground_truth.json").read_bytes()
    assert _files(again) == _files(family.outdir)
    for name in _files(again):  # another process, another browser: the same bytes
        assert (again / name).read_bytes() == (family.outdir / name).read_bytes(), name
    assert GroundTruth.load(again) == family.truth


def test_another_seed_makes_another_family():
    plans_a, casts_a = plan_family(random.Random(1), REGISTRY, CARDS, 3, 20)
    plans_b, casts_b = plan_family(random.Random(2), REGISTRY, CARDS, 3, 20)
    assert [c.owner.citizen_id for c in casts_a] != [c.owner.citizen_id for c in casts_b]


def _sheets(family: Made) -> dict[str, list[tuple[tuple[float, float], bool]]]:
    """Each file's sheets (size in millimetres, a card copied onto A4?) from the family's own
    plan: the same seed plans the same family."""
    plans, _ = plan_family(random.Random(SEED), family.registry, family.cards, family.dossiers, family.pages)
    return {plan.name: [(i.paper.size_mm, i.card) for i in plan.items
                        for _ in range(len(i.paper.pages) + (1 if i.blank_back else 0))] for plan in plans}


def test_every_page_of_every_file_is_accounted_for(family):
    outdir, truth = family.outdir, family.truth
    sheets = _sheets(family)
    on_disk = {p.relative_to(outdir).as_posix() for p in outdir.rglob("*") if p.is_file()} - {"ground_truth.json"}
    assert on_disk == {f.name for f in truth.files} == set(sheets)
    for file in truth.files:
        kind, tasks = open_source(outdir / file.name)
        assert kind.value == file.format and len(tasks) == len(file.pages), file.name
        assert [p.number for p in file.pages] == list(range(1, len(file.pages) + 1))
        claimed = sorted(n for d in file.documents for n in d.pages)
        assert claimed == [p.number for p in file.pages if not p.is_blank], file.name  # each page in one document
        for index, doc in enumerate(file.documents):
            assert doc.pages == list(range(doc.pages[0], doc.pages[-1] + 1))
            assert all(file.pages[n - 1].doc_index == index for n in doc.pages)
        for page, task, (size_mm, _) in zip(file.pages, tasks, sheets[file.name], strict=True):
            assert page.is_blank == (page.doc_index is None) == (page.text == "")
            image, dpi = decode_page(task)
            assert dpi == (page.dpi or None)
            height, width = image.shape[:2]
            if not page.phone_photo:  # the sheet's size at its dpi, turned if it went in sideways
                expected = [round(mm / 25.4 * page.effective_dpi) for mm in size_mm]
                if page.rotation in (90, 270):
                    expected.reverse()
                assert [width, height] == pytest.approx(expected, abs=2), (file.name, page.number)


def printed_ids(text: str) -> set[str]:
    """12-digit numbers as papers print them: whole, in groups ("034 164 334 374"), or two
    side by side in a table row ("022070930905 034164334374")."""
    found = set()
    for run in re.findall(r"(?<![\d.])\d(?:[ .]?\d)*", text):
        number = ""
        for group in re.split(r"[ .]", run):
            number = number + group if len(number + group) <= 12 else group
            if len(number) == 12:
                found.add(number)
                number = ""
    return found


def test_printed_ids_are_found_whole_or_grouped():
    text = ("Số CCCD: 034 164 334 374, cấp ngày 10/02/2024\nSố: 0841 4876 8869\n084174122777\nĐT 0990740218\n"
            "Số định danh cá nhân 022070930905 034164334374")
    assert printed_ids(text) == {"034164334374", "084148768869", "084174122777", "022070930905"}


def test_ids_printed_are_in_the_page_text_and_in_the_citizens(family):
    truth = family.truth
    known = {c.citizen_id for c in truth.citizens}
    assert len(known) == len(truth.citizens)
    for file, doc in truth.documents():
        text = "\n".join(file.pages[n - 1].text for n in doc.pages)
        printed = printed_ids(text)
        assert set(doc.ids_on_document) <= printed, (file.name, doc.title)
        # other 12-digit numbers (a driving licence's number) are no one's personal ID
        assert not (printed - set(doc.ids_on_document)) & known, (file.name, doc.title)
        assert set(doc.ids_on_document) <= known
        assert not doc.title or doc.title.split()[0] in text
        if doc.doc_type == "van_ban_hanh_chinh":
            assert doc.owner_citizen_id is None
        else:
            assert doc.owner_citizen_id in known


def test_fonts_are_glyph_checked_files(family):
    checked = {font_file(f).name for f in (*SERIF, *SANS, *MONO) if vietnamese_family(f)}
    fonts = {p.font for f in family.truth.files for p in f.pages if not p.is_blank}
    assert fonts and fonts <= checked


def test_a_font_without_vietnamese_letters_is_refused():
    lacking = Paper("don_de_nghi", "ĐƠN", ["<p>x</p>"], None, css=".sheet { font-family: 'No Such Font Family' }")
    with pytest.raises(ValueError, match="Vietnamese glyphs"):
        body_font(lacking)


def test_files_map_to_their_dossiers_applicant(family):
    truth = family.truth
    assert len(truth.applicants) == family.dossiers
    for file in truth.files:
        applicant = file_applicant(truth, file)
        if file.name.startswith("letters/"):
            assert applicant is None
            assert all(d.doc_type == "van_ban_hanh_chinh" for d in file.documents)
        else:
            number = int(file.name.split("/")[0].split("-")[1])
            assert applicant == truth.applicants[number - 1]
    for number, applicant in enumerate(truth.applicants, 1):
        papers = [d for f in truth.files if f.name.startswith(f"dossier-{number:02d}/") for d in f.documents]
        assert any(applicant == d.owner_citizen_id or applicant in d.ids_on_document for d in papers)
    assert file_applicant(truth, "dossier-09/ho-so.pdf") is None  # no such dossier


def test_page_truth_records_every_fault_by_name(family):
    stations = {s.name: s for s in (*MULTI, *SINGLE, CARD_SCANNER)}
    sheets = _sheets(family)
    for file in family.truth.files:
        station = stations[file.scanner]
        for page, (_, card_copy) in zip(file.pages, sheets[file.name], strict=True):
            faults = set(page.degradations)
            assert ("wrong_way" in faults) == (page.rotation != 0)
            assert ("feeder_skew" in faults) == (page.skew_deg != 0)
            assert ("blank" in faults) == page.is_blank
            assert ("phone_photo" in faults) == page.phone_photo == station.phone
            assert ("fax_bilevel" in faults) == station.bilevel
            if station.feeder and page.skew_deg:
                assert 0.3 <= abs(page.skew_deg) <= 2.5
            if card_copy and not page.is_blank:
                assert "grey_copy" in faults  # a card copied onto A4 is a photocopy


def test_the_planner_covers_every_type_and_the_stations_faults():
    plans, casts = plan_family(random.Random(2026 + 16), REGISTRY, CARDS, 12, 100)
    assert len(casts) == 12
    types = [i.paper.doc_type for p in plans for i in p.items]
    for kind in REGISTRY:
        assert types.count(kind) >= 3, kind
    stations = {p.station.name for p in plans}
    assert any(p.station.phone for p in plans)
    assert any(p.station.dpi == 200 for p in plans) and any(p.station.copier for p in plans)
    assert any(i.turn_first for p in plans for i in p.items)
    assert len(stations) >= 5
    dossier_files = [p for p in plans if p.name.startswith("dossier-")]
    assert {p.name.split("/")[0] for p in dossier_files} == {f"dossier-{n:02d}" for n in range(1, 13)}
    assert sum(1 for p in dossier_files if p.name.split("/")[0] == "dossier-01") == 2  # two files
    for plan in plans:
        assert plan.station.multi_page or plan.page_count() == 1


def test_the_command_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "old.pdf").write_bytes(b"%PDF-1.4")
    done = subprocess.run([sys.executable, "-m", "evalset", str(tmp_path), "--dossiers", "1"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "is not empty" in done.stderr and "Traceback" not in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.pdf"]


# --- the real templates (evalset.papers, evalset.cards) ----------------------------------


def test_the_real_templates_fill_a_default_family_of_every_type_several_times():
    registry, cards = default_registry()
    plans, casts = plan_family(random.Random(16), registry, cards, 12, 100)
    assert len(casts) == 12
    assert 85 <= sum(p.page_count() for p in plans) <= 125
    dealt = [i for p in plans for i in p.items]
    for kind in set(registry) - {"khac"}:  # the types the templates have so far
        papers = [i.paper for i in dealt if i.paper.doc_type == kind]
        assert len(papers) >= 3, kind
        assert len({p.template for p in papers}) >= min(2, len(registry[kind])), kind  # varied templates
    assert sum(p.station.phone for p in plans) >= 2
    assert sum(bool(i.turn_first) for i in dealt) >= 3
    assert any(p.station.dpi == 200 for p in plans) and any(p.station.copier for p in plans)
    assert any(i.card for i in dealt) and any(i.side for i in dealt)


def test_every_real_template_draws_in_glyph_checked_fonts():
    registry, _ = default_registry()
    cast = make_cast(random.Random(5))
    for kind, templates in registry.items():
        for template in templates:
            assert body_font(template(random.Random(1), cast)), (kind, template)


def test_a_card_scanners_two_sides_are_one_document_of_two_pages(renderer, tmp_path):
    """A card's front and back from the card scanner are one paper of the dossier (as a
    station's operator files them), not two documents the second of which has no title."""
    registry, cards = default_registry()
    plans, _ = plan_family(random.Random(16), registry, cards, 12, 100)
    pairs = [(a, b) for p in plans for a, b in zip(p.items, p.items[1:]) if b.other_side]
    assert pairs, "the default family scans some cards front and back"
    for front, back in pairs:
        assert front.side and back.side and front.paper.owner_citizen_id == back.paper.owner_citizen_id
    plan = next(p for p in plans if any(i.other_side for i in p.items))
    truth = scan_file(tmp_path, plan, renderer, np.random.default_rng(1), 100, [])
    assert len(truth.documents) == len(plan.items) - sum(i.other_side for i in plan.items)
    for doc in truth.documents:
        assert doc.title and len(doc.pages) in (1, 2)
    assert any(len(doc.pages) == 2 for doc in truth.documents)
    assert {p.doc_index for p in truth.pages} == set(range(len(truth.documents)))
