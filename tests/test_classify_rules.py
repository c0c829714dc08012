"""Title rules of the first classifier, on typed text and text with OCR-like damage."""

from samples.corpus import CORPUS_DIR
import unicodedata
from pathlib import Path

import pytest

from classify.taxonomy import load_taxonomy
from classify.titles import allowed_edits, classify_page
from vntext import fold

TAXONOMY = load_taxonomy()
CORPUS = sorted(CORPUS_DIR.glob("*.txt"))

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
HEADER = "ỦY BAN NHÂN DÂN XÃ TỨ KỲ\n" + MOTTO + "Số: 125/2026\nTứ Kỳ, ngày 06 tháng 3 năm 2026\n"
BODY = "Họ, chữ đệm, tên: NGUYỄN THỊ LAN\nNgày, tháng, năm sinh: 09/07/1995\nNơi cư trú: Thôn 3, xã Tứ Kỳ\n"

ALL_TITLES = [(key, title) for key, doc_type in TAXONOMY.types.items() for title in doc_type.titles]


def strip_marks(text: str) -> str:
    """What Tesseract's eng model or a typist makes of Vietnamese: no marks, đ -> d."""
    plain = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return plain.replace("đ", "d").replace("Đ", "D")


# Substitutions Tesseract makes on capitals.
_OCR_SWAPS = {"I": "l", "O": "0", "G": "C", "H": "N", "N": "H", "C": "G", "U": "V", "A": "Á", "T": "I", "Đ": "D"}


def damage(title: str, errors: int) -> str:
    """The title with `errors` letters misread, at fixed positions (reproducible)."""
    chars = list(title)
    letters = [i for i, c in enumerate(chars) if c.isalpha()]
    for k in range(errors):
        i = letters[(len(letters) * (2 * k + 1)) // (2 * errors + 1)]
        base = strip_marks(chars[i])
        chars[i] = _OCR_SWAPS.get(base, "X") if _OCR_SWAPS.get(base, "X") != chars[i] else "X"
    return "".join(chars)


def page(title: str, header: str = HEADER, body: str = BODY) -> str:
    return f"{header}\n{title}\n{body}"


# --- every title of the taxonomy ---------------------------------------------------------


@pytest.mark.parametrize("key, title", ALL_TITLES)
def test_every_title_is_classified(key, title):
    result = classify_page(page(title))
    assert (result.doc_type, result.starts_document, result.title) == (key, True, title)
    assert result.confidence >= 0.9


@pytest.mark.parametrize("key, title", ALL_TITLES)
def test_every_title_without_diacritics(key, title):
    result = classify_page(strip_marks(page(title)))
    assert result.doc_type == key and result.starts_document


@pytest.mark.parametrize("key, title", ALL_TITLES)
def test_every_title_with_ocr_errors(key, title):
    budget = int(allowed_edits(len(fold(title).replace(" ", ""))))
    for errors in range(1, min(budget, 2) + 1):
        damaged = damage(title, errors)
        result = classify_page(page(damaged))
        assert result.doc_type == key, (damaged, result)
        assert result.title == damaged
        assert 0.7 <= result.confidence <= 1.0


@pytest.mark.parametrize("key, title", ALL_TITLES)
def test_title_alone_on_the_page(key, title):
    assert classify_page(title).doc_type == key


def test_titles_of_different_types_do_not_collide():
    # A title must not pass for another type's title (same type duplicates are harmless).
    for key, title in ALL_TITLES:
        assert classify_page(title).doc_type == key, title


# --- most specific title wins --------------------------------------------------------------


@pytest.mark.parametrize(
    "title, key",
    [
        ("GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN", "xac_nhan_tinh_trang_hon_nhan"),
        ("TỜ KHAI ĐĂNG KÝ KHAI SINH", "to_khai"),
        ("TỜ KHAI ĐĂNG KÝ KHAI TỬ", "to_khai"),
        ("TỜ KHAI ĐĂNG KÝ KẾT HÔN", "to_khai"),
        ("TRÍCH LỤC KHAI SINH", "giay_khai_sinh"),
        ("TRÍCH LỤC KHAI SINH (BẢN SAO)", "giay_khai_sinh"),
        ("BẢN SAO TRÍCH LỤC KHAI TỬ", "trich_luc_khai_tu"),
        ("HỢP ĐỒNG ỦY QUYỀN", "giay_uy_quyen"),
        ("HỢP ĐỒNG MUA BÁN NHÀ Ở", "hop_dong"),
        ("GIẤY CHỨNG NHẬN KẾT HÔN", "giay_chung_nhan_ket_hon"),
        ("GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT", "gcn_quyen_su_dung_dat"),
        ("ĐƠN ĐỀ NGHỊ CẤP BẢN SAO TRÍCH LỤC HỘ TỊCH", "don_de_nghi"),
        ("TỜ KHAI CĂN CƯỚC", "to_khai"),
        ("QUYẾT ĐỊNH", "van_ban_hanh_chinh"),
        ("QUY ĐỊNH", "van_ban_hanh_chinh"),
        ("THÔNG BÁO", "van_ban_hanh_chinh"),
        ("BẰNG TỐT NGHIỆP TRUNG HỌC PHỔ THÔNG", "van_bang"),
    ],
)
def test_most_specific_title(title, key):
    assert classify_page(page(title)).doc_type == key


def test_wrapped_title_is_read_across_two_lines():
    text = MOTTO + "GIẤY CHỨNG NHẬN\nQUYỀN SỬ DỤNG ĐẤT, QUYỀN SỞ HỮU NHÀ Ở\nVÀ TÀI SẢN KHÁC GẮN LIỀN VỚI ĐẤT\n"
    assert classify_page(text).doc_type == "gcn_quyen_su_dung_dat"
    assert classify_page(MOTTO + "HỢP ĐỒNG\nỦY QUYỀN\nBên ủy quyền: ...").doc_type == "giay_uy_quyen"


def test_first_title_line_decides():
    # The owner's name in capitals and later headings do not override the title.
    text = page("GIẤY KHAI SINH", body="Họ, chữ đệm, tên: TRẦN BẢO NGỌC\nTỜ KHAI\n")
    assert classify_page(text).doc_type == "giay_khai_sinh"


# --- the ID card in its OCR forms -----------------------------------------------------------


@pytest.mark.parametrize(
    "card_text",
    [
        MOTTO + "CĂN CƯỚC CÔNG DÂN\nCitizen Identity Card\nSố / No.: 001203004567",
        MOTTO + "CAN CUOC CONG DAN\nSố / No.: 001203004567",
        MOTTO + "CAN CƯƠC CONG DAN\nCitizen Identity Card",
        MOTTO + "CĂN CƯỚC\nIDENTITY CARD\nSố định danh cá nhân/Personal identification number: 001203004567",
        "SOCIALIST REPUBLIC OF VIET NAM\nIndependence - Freedom - Happiness\nCitizen Identity Card\nNo.: 001203004567",
        "CĂN CƯỚC CÔNG DÂN Citizen Identity Card",
        "CÄN CƯỚC CÔNG DẦN",
    ],
)
def test_id_card_forms(card_text):
    result = classify_page(card_text)
    assert (result.doc_type, result.starts_document) == ("cccd", True)


def test_card_back_with_mrz_is_cccd_but_not_a_new_document():
    back = (
        "Đặc điểm nhân dạng: Nốt ruồi C:1cm trên sau đuôi mắt phải\n"
        "Ngày, tháng, năm: 10/08/2021\n"
        "CỤC TRƯỞNG CỤC CẢNH SÁT QUẢN LÝ HÀNH CHÍNH VỀ TRẬT TỰ XÃ HỘI\n"
        "IDVNM2030045678001203004567<<6\n0301017M3001017VNM<<<<<<<<<<<8\nNGUYEN<<VAN<AN<<<<<<<<<<<<<<<"
    )
    result = classify_page(back)
    assert (result.doc_type, result.starts_document) == ("cccd", False)


# --- administrative letters -------------------------------------------------------------------


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_corpus_documents_are_administrative(path):
    text = path.read_text(encoding="utf-8")
    result = classify_page(text)
    assert (result.doc_type, result.starts_document) == ("van_ban_hanh_chinh", True)
    assert result.title and fold(result.title).split()[0] in {"bao", "chuong"}
    assert classify_page(strip_marks(text)).doc_type == "van_ban_hanh_chinh"


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_corpus_body_pages_are_continuations(path):
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    for start in range(5, len(lines), 7):
        chunk = "\n".join(lines[start : start + 30])
        for text in (chunk, strip_marks(chunk)):
            result = classify_page(text)
            assert (result.doc_type, result.starts_document, result.title) == ("khac", False, None), chunk[:80]


@pytest.mark.parametrize(
    "text",
    [
        "UBND PHƯỜNG GIA VIÊN\nTRUNG TÂM PHỤC VỤ\nHÀNH CHÍNH CÔNG\nSố: 04/BC-TTPVHCC\nRà soát, ổn định tổ chức",
        "UBND XÃ VĨNH TUY\nSố: 123/2026/QĐ-UBND\nVĩnh Tuy, ngày 06 tháng 01 năm 2026\nVề việc ban hành quy chế",
        "ỦY BAN NHÂN DÂN XÃ TỨ KỲ\nSố: 1098/UBND-VP\nV/v báo cáo kết quả thực hiện nhiệm vụ năm 2026",
    ],
)
def test_administrative_letter_without_a_title_word(text):
    result = classify_page(text)
    assert (result.doc_type, result.starts_document) == ("van_ban_hanh_chinh", True)
    assert result.confidence < 0.9  # weaker than a title


def test_markdown_decoration_is_ignored():
    assert classify_page("## **BÁO CÁO**\nKết quả").doc_type == "van_ban_hanh_chinh"


# --- no title -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        BODY,
        "- Thực hiện tốt chế độ trực, tiếp nhận và giải quyết hồ sơ.\n- Tăng cường kiểm tra công vụ.",
        "Bằng văn bản này, tôi xin cam đoan những lời khai trên là đúng sự thật.",
        "BẢNG KÊ CHI TIẾT HỒ SƠ\nSTT Tên hồ sơ Số lượng",
        "BẢNG TỔNG HỢP KẾT QUẢ",
        "HỘI ĐỒNG NHÂN DÂN XÃ TỨ KỲ",
        "HOI DONG NHAN DAN XA TU KY",
        "I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO:\nTrung tâm đã chỉ đạo cán bộ.",
        "CĂN CỨ PHÁP LÝ",
        "Căn cứ Nghị định số 61/2018/NĐ-CP ngày 23/4/2018",
        "ĐƠN VỊ TÍNH: HỒ SƠ",
        "KẾT QUẢ THỰC HIỆN",
        "CÔNG TÁC CẢI CÁCH HÀNH CHÍNH",
        "NGUYỄN VĂN AN\nTRẦN THỊ BÌNH",
        MOTTO,
    ],
)
def test_page_without_title_is_a_continuation(text):
    result = classify_page(text)
    assert (result.doc_type, result.starts_document, result.title) == ("khac", False, None)
    assert result.confidence <= 0.3


def test_blank_and_noise_pages():
    for text in ("", "   \n\n", "|||  ,,  ..", "12 34 56"):
        result = classify_page(text)
        assert (result.doc_type, result.starts_document) == ("khac", False)
        assert result.confidence <= 0.1


def test_title_far_down_the_page_does_not_start_a_document():
    filler = "\n".join(f"Dòng nội dung thứ {i} của trang trước." for i in range(20))
    assert classify_page(filler + "\nGIẤY KHAI SINH").starts_document is False


def test_keywords_suggest_a_hint_but_never_a_type():
    text = "Nơi đăng ký khai sinh: UBND xã Tứ Kỳ\nHọ, chữ đệm và tên cha: TRẦN VĂN BÌNH\nHọ, chữ đệm và tên mẹ: LÊ THỊ HOA"
    result = classify_page(text)
    assert (result.doc_type, result.hint) == ("khac", "giay_khai_sinh")


def test_keywords_raise_confidence_of_a_title():
    bare = classify_page(page("GIẤY KHAI SINH", body=""))
    rich = classify_page(page("GIẤY KHAI SINH", body="Nơi đăng ký khai sinh: UBND xã\nHọ, chữ đệm và tên cha: A\n"))
    assert rich.confidence > bare.confidence


def test_exact_title_is_more_confident_than_damaged():
    exact = classify_page(page("GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN"))
    damaged = classify_page(page(damage("GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN", 2)))
    assert exact.confidence > damaged.confidence


def test_custom_taxonomy_is_used(tmp_path, monkeypatch):
    extra = tmp_path / "centre.toml"
    extra.write_text(
        '[types.phieu_tiep_nhan]\nname_vi = "Phiếu tiếp nhận"\ntitles = ["PHIẾU TIẾP NHẬN HỒ SƠ"]\nsubject = "none"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("HOSO_TAXONOMY", str(extra))
    taxonomy = load_taxonomy()
    assert classify_page("PHIẾU TIẾP NHẬN HỒ SƠ", taxonomy).doc_type == "phieu_tiep_nhan"
    assert classify_page("PHIẾU TIẾP NHẬN HỒ SƠ", TAXONOMY).doc_type == "khac"
