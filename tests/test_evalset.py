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
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from evalset import files, scanner
from evalset.chromium import Renderer
from evalset.family import (MULTI, SINGLE, body_font, file_applicant, make_family, plan_family)
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
def drawn():
    """A text page and a card copy, drawn once, as uint8 RGB."""
    cast = make_cast(random.Random(3))
    with Renderer() as renderer:
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
    """The clockwise angle that best straightens the text lines (row-profile sharpness)."""
    def sharpness(angle: float) -> float:
        rows = _ink(scanner.feeder_skew(img, -angle)).sum(axis=1).astype(np.float64)
        return float(np.var(rows))
    return max(np.arange(-3.0, 3.01, 0.1), key=sharpness)


@pytest.mark.parametrize("degrees", [-2.4, 0.8, 1.7])
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
