"""Citizen ID extraction and the CCCD structure check.

A number wrongly taken for an ID can link a paper to the wrong citizen, so most cases
here are numbers that must NOT come out: phones, dates, document numbers, accounts.
"""

from datetime import date

import pytest

from classify.citizen_id import PROVINCES, check_cccd, decode_cccd, find_citizen_ids
from vntext import nfc

TODAY = date(2026, 5, 1)


def values(text: str) -> list[str]:
    return [c.value for c in find_citizen_ids(text)]


# --- structure ---------------------------------------------------------------------------


@pytest.mark.parametrize("number", ["001203004567", "079090001234", "038195012345", "096300123456"])
def test_well_formed_numbers_pass(number):
    assert check_cccd(number, today=TODAY) == []


@pytest.mark.parametrize("number", ["000203004567", "999203004567", "003203004567", "097203004567"])
def test_unknown_province_codes_are_rejected(number):
    problems = check_cccd(number, today=TODAY)
    assert problems and "province code" in problems[0]


@pytest.mark.parametrize("digit", "456789")
def test_century_digit_beyond_the_2000s_is_rejected(digit):
    problems = check_cccd(f"001{digit}03004567", today=TODAY)
    assert any("have not begun" in p for p in problems)


def test_birth_year_in_the_future_is_rejected():
    assert any("future" in p for p in check_cccd("001230004567", today=TODAY))  # born 2030
    assert check_cccd("001226004567", today=TODAY) == []  # born 2026: a newborn's number


def test_birth_date_must_agree_with_the_number():
    assert check_cccd("001203004567", birth_date=date(2003, 7, 9), today=TODAY) == []
    problems = check_cccd("001203004567", birth_date=date(1990, 7, 9), today=TODAY)
    assert problems == ["the number says born in 2003, the date of birth says 1990"]
    # Same two digits, other century: the century/sex digit disagrees.
    assert check_cccd("001003004567", birth_date=date(2003, 1, 1), today=TODAY)


@pytest.mark.parametrize("number", ["", "00120300456", "0012030045678", "00120300456a", "001 203 004 567"])
def test_not_twelve_digits(number):
    assert check_cccd(number, today=TODAY) == [f"{number!r} is not 12 digits"]


def test_decode_reads_province_sex_and_year():
    assert decode_cccd("001203004567") == ("Hà Nội", "Nam", 2003)
    assert decode_cccd("079195012345") == ("Hồ Chí Minh", "Nữ", 1995)
    assert decode_cccd("089090000001") == ("An Giang", "Nam", 1990)


def test_province_table_matches_domain_notes():
    assert len(PROVINCES) == 63
    assert PROVINCES["046"] == "Thừa Thiên Huế" and PROVINCES["077"] == "Bà Rịa - Vũng Tàu"
    assert all(name == nfc(name) for name in PROVINCES.values())


# --- labelled numbers ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, label",
    [
        ("Số định danh cá nhân: 001203004567", "Số định danh cá nhân"),
        ("Số CCCD: 001203004567", "Số CCCD"),
        ("Số / No.: 001203004567", "Số / No."),
        ("Số/No.: 001203004567", "Số/No."),
        ("CCCD số 001203004567 cấp ngày 10/08/2021 tại Cục CS QLHC về TTXH", "CCCD số"),
        ("Số CMND/CCCD: 001203004567", "Số CMND/CCCD"),
        ("Personal identification number: 001203004567", "Personal identification number"),
        ("So dinh danh ca nhan: 001203004567", "So dinh danh ca nhan"),
        ("SỐ CĂN CƯỚC CÔNG DÂN: 001203004567", "SỐ CĂN CƯỚC CÔNG DÂN"),
    ],
)
def test_labelled_id_is_found_with_its_label(text, label):
    [candidate] = find_citizen_ids(text)
    assert candidate.value == "001203004567"
    assert candidate.kind == "cccd"
    assert candidate.label == label
    assert (candidate.province, candidate.sex, candidate.birth_year) == ("Hà Nội", "Nam", 2003)
    assert text[candidate.start : candidate.end].replace(" ", "") == "001203004567"
    assert candidate.problems == []


def test_offsets_point_into_the_text():
    text = "Họ và tên: NGUYỄN THỊ LAN\nSố định danh cá nhân: 038195012345\nQuốc tịch: Việt Nam"
    [candidate] = find_citizen_ids(text)
    assert text[candidate.start : candidate.end] == "038195012345"
    assert (candidate.sex, candidate.birth_year, candidate.province) == ("Nữ", 1995, "Thanh Hóa")


def test_offsets_refer_to_nfc_text():
    decomposed = "S\u1ed1 \u0111i\u0323nh danh ca\u0301 nh\u00e2n: 001203004567"  # "ị", "á" decomposed
    [candidate] = find_citizen_ids(decomposed)
    assert nfc(decomposed)[candidate.start : candidate.end] == "001203004567"


def test_grouped_number_only_after_a_label():
    [candidate] = find_citizen_ids("Số CCCD: 001 203 004 567, cấp ngày 01/02/2021")
    assert candidate.value == "001203004567"
    assert values("Mã hồ sơ 001 203 004 567") == []
    assert values("tổng cộng 001 203 004 567 đồng") == []


def test_grouped_number_must_add_up_to_twelve_digits():
    assert values("Số CCCD: 001 203 004 5678") == []
    assert values("Số CCCD: 0912 345 678") == []


@pytest.mark.parametrize(
    "text",
    [
        "Số CCCD: O01203004567",  # O read for 0
        "Số CCCD: 00l203004567",  # l read for 1
        "Số định danh cá nhân: 0012O30O4567",  # two confusions
        "Số CCCD: 001203004567",
    ],
)
def test_ocr_letter_digit_confusions_are_repaired_after_a_label(text):
    assert values(text) == ["001203004567"]


def test_confusions_are_not_repaired_without_a_label():
    assert values("Mã: O01203004567") == []
    assert values("O01203004567") == []


def test_too_many_confusions_are_not_guessed():
    assert values("Số CCCD: OOl2O3OO4567") == []


def test_labelled_but_malformed_number_is_reported_with_its_problems():
    # Kept so that linking sees that an ID is printed, even if it cannot be trusted.
    [candidate] = find_citizen_ids("Số CCCD: 000203004567")
    assert candidate.problems == ["province code 000 does not exist"]


# --- bare numbers ------------------------------------------------------------------------


def test_bare_well_formed_number_is_found():
    assert values("Ông Lê Văn Cường, 079090001234, trú tại phường Gia Viên") == ["079090001234"]


@pytest.mark.parametrize("number", ["000203004567", "999203004567", "001403004567", "001830004567"])
def test_bare_malformed_numbers_are_ignored(number):
    assert values(f"Người nộp: {number}") == []


@pytest.mark.parametrize(
    "text",
    [
        "Điện thoại: 0912345678",
        "ĐT: 0912345678",
        "SĐT liên hệ +84 912 345 678",
        "+84912345678",
        "Fax: 024 3826 1234",
        "Điện thoại: 001203004567",  # 12 digits, but in a phone field
        "ĐT 001203004567",
        "Hotline 001203004567",
    ],
)
def test_phone_numbers_are_not_ids(text):
    assert values(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Tứ Kỳ, ngày 06 tháng 3 năm 2026",
        "Ngày sinh: 01/02/2026",
        "Ngày sinh: 01022026",
        "Hạn: 01.02.2026 - 31.12.2026",
    ],
)
def test_dates_are_not_ids(text):
    assert values(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Số: 04/BC-TTPVHCC",
        "Quyết định số 123/2026/QĐ-UBND ngày 27/02/2026",
        "Số: 001203004567/QĐ-UBND",
        "văn bản số 1098/UBND-VP",
        "Mã hồ sơ: H09.22-001203004567",
        "Biên nhận số 001203004567",
        "Mã số thuế: 001203004567",
        "Mã số BHXH: 0112345678",
    ],
)
def test_document_numbers_and_codes_are_not_ids(text):
    assert values(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "STK: 001203004567 tại Vietcombank",
        "Số tài khoản: 001203004567",
        "Tài khoản 001203004567 Ngân hàng Agribank",
        "Số tài khoản: 0011004567890",
    ],
)
def test_bank_accounts_are_not_ids(text):
    assert values(text) == []


@pytest.mark.parametrize("text", ["0012030045678", "00120300456789012", "Số CCCD: 0012030045678", "x 1001203004567 y"])
def test_twelve_digits_inside_longer_runs_are_not_ids(text):
    assert values(text) == []


# --- CMND ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "CMND số 012345678 cấp ngày 12/05/2010",
        "Số CMND: 012345678",
        "Chứng minh nhân dân số: 012345678",
        "CHỨNG MINH NHÂN DÂN\nSố 012345678",
        "CMND: 012 345 678",
    ],
)
def test_cmnd_after_a_cmnd_label(text):
    [candidate] = find_citizen_ids(text)
    assert (candidate.value, candidate.kind) == ("012345678", "cmnd")
    assert candidate.province is None and candidate.birth_year is None


@pytest.mark.parametrize("text", ["012345678", "Mã: 012345678", "Số CCCD: 012345678", "Số định danh cá nhân: 012345678"])
def test_nine_digits_without_a_cmnd_label_are_ignored(text):
    assert values(text) == []


def test_twelve_digit_number_after_cmnd_label_is_a_personal_number():
    [candidate] = find_citizen_ids("Số CMND: 001203004567")
    assert candidate.kind == "cccd"


# --- machine-readable forms and several numbers ----------------------------------------


def test_mrz_on_the_back_of_the_card():
    text = "IDVNM2030045678001203004567<<6\n0301017M3001017VNM<<<<<<<<<<<8\nNGUYEN<<VAN<AN<<<<<<<<<<<<<<<"
    [candidate] = find_citizen_ids(text)
    assert (candidate.value, candidate.label) == ("001203004567", "MRZ")


def test_qr_payload_gives_cccd_and_old_cmnd():
    text = "001203004567|012345678|Nguyễn Văn An|01012003|Nam|Thôn 3, xã Tứ Kỳ|10082021"
    found = find_citizen_ids(text)
    assert [(c.value, c.kind, c.label) for c in found] == [
        ("001203004567", "cccd", "QR"),
        ("012345678", "cmnd", "QR"),
    ]


def test_several_ids_in_reading_order_each_once():
    text = (
        "Họ tên cha: TRẦN VĂN BÌNH, Số định danh cá nhân: 030085001234\n"
        "Họ tên mẹ: LÊ THỊ HOA, Số định danh cá nhân: 030187005678\n"
        "Người đi khai sinh: TRẦN VĂN BÌNH, CCCD số 030085001234, ĐT: 0912345678"
    )
    assert values(text) == ["030085001234", "030187005678"]


def test_id_and_phone_on_one_line():
    text = "CCCD: 001203004567 - ĐT: 0912345678 - STK: 079090001234"
    assert values(text) == ["001203004567"]


def test_text_without_numbers():
    assert find_citizen_ids("") == []
    assert find_citizen_ids("Kính gửi: Ủy ban nhân dân xã Tứ Kỳ") == []


def test_number_split_by_ocr_after_a_label():
    assert values("Số CCCD: 00120300 4567") == ["001203004567"]
    assert values("Số định danh cá nhân: 001203004 567") == ["001203004567"]


def test_label_with_ocr_specks():
    assert values("Số:định danh cả. nhân:001190012345.") == ["001190012345"]
    assert values("Số định danh: cá nhân: 001190012345") == ["001190012345"]
