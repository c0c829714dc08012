"""The rules on real Tesseract output: a few rendered pages, OCR'd with the `vie` model.

Typed test text is cleaner than what the classifier meets at the counter; these pages go
through rendering (and, for one, a photocopy-like degradation) and OCR first.
"""

from samples.corpus import CORPUS_DIR
import os
import random
import re
import shutil
from pathlib import Path

import pytest
from PIL import Image, ImageFilter

from classify import classify_page, decide_link, find_citizen_ids, load_taxonomy
from samples.render import Line, PageLayout, render_page

pytesseract = pytest.importorskip("pytesseract")
if not shutil.which("tesseract") or "vie" not in pytesseract.get_languages(config=""):
    pytest.skip("Tesseract with the vie model is not installed", allow_module_level=True)

os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # Tesseract's OpenMP threads only slow small pages
TAXONOMY = load_taxonomy()
CORPUS = CORPUS_DIR


def ocr(lines: list[Line], degrade: bool = False, dpi: int = 300) -> str:
    image = render_page(PageLayout(lines), dpi=dpi).image
    if degrade:
        image = photocopy(image)
    return pytesseract.image_to_string(image, lang="vie")


def photocopy(image: Image.Image, seed: int = 1) -> Image.Image:
    """Half resolution, soft focus and specks: a tired office copier."""
    rnd = random.Random(seed)
    small = image.resize((image.width // 2, image.height // 2), Image.BILINEAR).filter(ImageFilter.GaussianBlur(0.8))
    pixels = small.load()
    for _ in range(int(small.width * small.height * 0.02)):
        pixels[rnd.randrange(small.width), rnd.randrange(small.height)] = rnd.choice((0, 255))
    return small


MOTTO = [
    Line("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13, align="center"),
    Line("Độc lập - Tự do - Hạnh phúc", 13, align="center"),
]


def test_marital_status_confirmation_on_a_poor_copy():
    text = ocr(
        [
            *MOTTO,
            Line("GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN", 14, align="center", space_before_pt=10),
            Line("Họ, chữ đệm, tên: NGUYỄN THỊ LAN"),
            Line("Số định danh cá nhân: 001190012345"),
            Line("Điện thoại: 0912345678"),
        ],
        degrade=True,
    )
    result = classify_page(text)
    assert (result.doc_type, result.starts_document) == ("xac_nhan_tinh_trang_hon_nhan", True)
    assert [c.value for c in find_citizen_ids(text)] == ["001190012345"]


def test_birth_certificate_extract_shows_three_people():
    text = ocr(
        [
            Line("UBND XÃ TỨ KỲ      CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12),
            Line("Độc lập - Tự do - Hạnh phúc", 12, align="right"),
            Line("TRÍCH LỤC KHAI SINH", 14, align="center", space_before_pt=10),
            Line("(BẢN SAO)", 12, align="center"),
            Line("Họ, chữ đệm, tên: TRẦN BẢO NGỌC"),
            Line("Số định danh cá nhân: 030226001234"),
            Line("Họ, chữ đệm, tên mẹ: LÊ THỊ HOA   Số định danh cá nhân: 030187005678"),
            Line("Họ, chữ đệm, tên cha: TRẦN VĂN BÌNH   Số định danh cá nhân: 030085001234"),
        ]
    )
    assert classify_page(text).doc_type == "giay_khai_sinh"
    ids = [c.value for c in find_citizen_ids(text)]
    assert ids == ["030226001234", "030187005678", "030085001234"]
    assert decide_link("giay_khai_sinh", None, ids, TAXONOMY).status == "review"
    assert decide_link("giay_khai_sinh", "030085001234", ids, TAXONOMY).citizen_id == "030085001234"


def test_id_card_front():
    text = ocr(
        [
            Line("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 10, style="sans"),
            Line("Độc lập - Tự do - Hạnh phúc", 10, style="sans"),
            Line("CĂN CƯỚC CÔNG DÂN", 14, style="sans"),
            Line("Citizen Identity Card", 10, style="sans"),
            Line("Số / No.: 079203004567", 12, style="sans"),
            Line("Họ và tên / Full name: LÊ VĂN CƯỜNG", 10, style="sans"),
        ],
        dpi=200,
    )
    result = classify_page(text)
    assert (result.doc_type, result.starts_document) == ("cccd", True)
    [candidate] = find_citizen_ids(text)
    assert (candidate.value, candidate.province, candidate.birth_year) == ("079203004567", "Hồ Chí Minh", 2003)
    decision = decide_link("cccd", None, [candidate.value], TAXONOMY)
    assert (decision.status, decision.citizen_id) == ("linked", "079203004567")


def test_declaration_with_phone_number():
    text = ocr(
        [
            *MOTTO,
            Line("TỜ KHAI ĐĂNG KÝ KHAI SINH", 15, align="center", space_before_pt=12),
            Line("Kính gửi: Ủy ban nhân dân xã Tứ Kỳ"),
            Line("Họ, chữ đệm, tên người yêu cầu: TRẦN VĂN BÌNH"),
            Line("Giấy tờ tùy thân: CCCD số 030085001234, cấp ngày 10/08/2021"),
            Line("Điện thoại: 0912345678"),
        ]
    )
    assert classify_page(text).doc_type == "to_khai"
    assert [c.value for c in find_citizen_ids(text)] == ["030085001234"]


def test_title_printed_without_diacritics():
    text = ocr([Line("GIAY KHAI SINH", 14, align="center"), Line("Ho, chu dem, ten: TRAN BAO NGOC")])
    assert classify_page(text).doc_type == "giay_khai_sinh"


def _corpus_lines(name: str) -> list[str]:
    raw = (CORPUS / name).read_text(encoding="utf-8").splitlines()
    return [re.sub(r"[#*]", "", line).strip() for line in raw if line.strip()]


def test_administrative_report_first_page():
    lines = _corpus_lines("bao-cao-dau-nam-tu-ky-2026.txt")[:10]
    text = ocr([Line("TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG", 12), *MOTTO, *(Line(t) for t in lines)])
    result = classify_page(text)
    assert (result.doc_type, result.starts_document) == ("van_ban_hanh_chinh", True)


def test_administrative_report_continuation_page():
    lines = _corpus_lines("chuong-trinh-cong-tac-vinh-tuy-2026.txt")[20:34]
    result = classify_page(ocr([Line(t) for t in lines]))
    assert (result.doc_type, result.starts_document) == ("khac", False)


def test_rendered_birth_certificate_gives_the_childs_fields_and_id():
    from classify.fields import fields_from_text
    from classify.subject_id import subject_id

    text = ocr(
        [
            *MOTTO,
            Line("TRÍCH LỤC KHAI SINH", 14, align="center", space_before_pt=10),
            Line("Họ, chữ đệm, tên: TRẦN BẢO NGỌC"),
            Line("Ngày, tháng, năm sinh: 14/02/2026"),
            Line("Giới tính: Nữ     Dân tộc: Kinh"),
            Line("Số định danh cá nhân: 030326001234"),
            Line("Họ, chữ đệm, tên người mẹ: LÊ THỊ HOA"),
            Line("Số định danh cá nhân: 030187005678"),
        ],
        degrade=True,
    )
    child = subject_id(text, find_citizen_ids(text), TAXONOMY.get("giay_khai_sinh"))
    assert child == "030326001234"
    fields = {f.name: f.value for f in fields_from_text(text, child, 85)}
    assert fields["full_name"] == "TRẦN BẢO NGỌC"
    assert (fields["birth_date"], fields["sex"], fields["citizen_id"]) == ("2026-02-14", "Nữ", child)
