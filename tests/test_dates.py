"""Reading a paper's dates (classify.dates) from real phrasings, OCR noise included."""

from datetime import date

import pytest

from classify.dates import StatedValidity, add_months, expiry_date, issue_date, parse_date, stated_validity
from classify.word_lines import Segment, text_lines


def issued(text: str) -> date | None:
    return issue_date(text_lines(text))


@pytest.mark.parametrize("line", [
    "Tứ Kỳ, ngày 13 tháng 2 năm 2026",
    "Tứ Kỳ, ngày 13/02/2026",
    "Tứ Kỳ, ngày 13-02-2026.",
    "Tu Ky, ngay 13 thang 02 nam 2026",  # OCR lost the diacritics
    "Tứ Kỳ, ngày 1 3 tháng 02 năm 20 26",  # OCR split the numbers
    "Tứ Kỳ, ngày 13, tháng 2, năm 2026",
    "Tứ Kỳ, ngày I3 tháng'02 năm 2026",  # OCR: I for 1, a stray mark before the month
    "Làm tại: xã Tứ Kỳ, ngày 13 tháng 2 năm 2026",
    "Số: 23/TLKT-BS Tứ Kỳ, ngày 13 tháng 2 năm 2026",  # the letterhead's two columns as one line
])
def test_the_place_and_date_line_gives_the_issue_date(line):
    assert issued(f"ỦY BAN NHÂN DÂN\nXÃ TỨ KỲ\n{line}\nGIẤY XÁC NHẬN") == date(2026, 2, 13)


def test_a_place_and_date_line_wrapped_before_its_year():
    assert issued("Tuyên Quang, ngày 01 tháng 10 năm\n2013\nSố vào sổ cấp GCN: CS 76547") == date(2013, 10, 1)


def test_dates_quoted_in_the_body_are_not_the_issue_date():
    text = "\n".join([
        "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "XÃ TỨ KỲ Độc lập - Tự do - Hạnh phúc",
        "Số: 267/XNTTHN Tứ Kỳ, ngày 13 tháng 2 năm 2026",
        "Ngày, tháng, năm sinh: 08/12/1981",
        "Giấy tờ tùy thân: Căn cước công dân số 030081442182, cấp ngày 10/05/2021, nơi cấp: Cục Cảnh",
        "sát quản lý hành chính về trật tự xã hội",
        "Trong thời gian cư trú tại xã Tứ Kỳ, tỉnh Hải Dương từ",
        "ngày 08/12/1999 đến ngày 13/02/2026",
        "Đã chết vào lúc: 03 giờ 57 phút, ngày 26/01/2025",
    ])
    assert issued(text) == date(2026, 2, 13)
    # Without the place-and-date line there is no issue date, whatever else is dated.
    assert issued("\n".join(text.splitlines()[3:])) is None


def test_the_date_by_the_signature_beats_a_place_date_quoted_in_the_body():
    body = Segment("Căn cứ Kế hoạch ban hành tại Hà Nội, ngày 05 tháng 3 năm 2025", left=240, top=900,
                   right=1250, bottom=940)
    signed = Segment("Tứ Kỳ, ngày 13 tháng 2 năm 2026", left=1400, top=2900, right=2200, bottom=2940)
    header = Segment("ỦY BAN NHÂN DÂN", left=300, top=150, right=800, bottom=190)
    assert issue_date([header, body, signed]) == date(2026, 2, 13)


def test_cards_give_their_issue_date_by_label_or_as_a_line_of_its_own():
    cccd_back = "Ngày, tháng, năm / Date, month, year:\n15/07/2022\nCỤC TRƯỞNG CỤC CẢNH SÁT"
    assert issued(cccd_back) == date(2022, 7, 15)
    assert issued("Ngày, tháng, năm cấp / Date of issue: 02/08/2024") == date(2024, 8, 2)
    assert issued("Trường Vĩnh, ngày 0Š tháng 4 năm 2026") == date(2026, 4, 5)  # 5 read as Š
    assert issued("Gia Viên, ngày II tháng 4 năm 2026") == date(2026, 4, 11)
    assert issued("Gia Viên, ngày 11 tháng 4 năm loll") is None  # a year needs true digits
    assert issued("NHy 26 tháng 03 năm 2013\nGIÁM ĐỐC CA") == date(2013, 3, 26)  # a worn CMND's "Ngày"
    cmnd_back = "DẤU VẾT RIÊNG VÀ DỊ HÌNH\nNốt ruồi C: 1,5cm dưới sau dái tai phải\nNgày 29 tháng 04 năm 2006\nGIÁM ĐỐC CA"
    assert issued(cmnd_back) == date(2006, 4, 29)


def test_the_date_of_a_certified_copy_is_not_the_cards_issue_date():
    text = ("Ngày, tháng, năm / Date, month, year:\n15/07/2022\nCHỨNG THỰC BẢN SAO ĐÚNG VỚI BẢN CHÍNH\n"
            "Số chứng thực: 624, quyển số: 01/2025-SCT/BS\nNgày 19 tháng 11 năm 2025\nNGƯỜI THỰC HIỆN CHỨNG THỰC")
    assert issued(text) == date(2022, 7, 15)
    assert issued("\n".join(text.splitlines()[2:])) is None


def test_a_holders_card_quoted_with_its_issue_date_label_is_not_this_papers():
    assert issued("Số CCCD: 030081442182; ngày cấp: 10/05/2021; nơi cấp: Bộ Công an") is None


@pytest.mark.parametrize("text, stated", [
    ("Giấy này có giá trị 6 tháng kể từ ngày cấp.", StatedValidity(months=6)),
    ("Giấy này có giá trị 6 tháng (kể từ ngày cấp).", StatedValidity(months=6)),
    ("Giấy xác nhận có giá trị sử dụng trong thời hạn 06 tháng", StatedValidity(months=6)),
    ("giay nay co gia tri sau thang ke tu ngay cap", StatedValidity(months=6)),
    ("Giấy này có giá trị đến ngày 13 tháng 8 năm 2026", StatedValidity(until=date(2026, 8, 13))),
    ("Có giá trị đến: 03/06/2030", StatedValidity(until=date(2030, 6, 3))),
    ("Có giá trị đến:\n03/06/2030\nDate of expiry", StatedValidity(until=date(2030, 6, 3))),
    ("Có giá trị đến:\n10I02I2036", StatedValidity(until=date(2036, 2, 10))),  # slashes read as I
    ("Có giá trị đến / Date of expiry: 12/05/2031", StatedValidity(until=date(2031, 5, 12))),
    ("Có giá trị đến: Không thời hạn", StatedValidity(no_expiry=True)),
    ("Có giá trị đến/Expires: 25/10/2029", StatedValidity(until=date(2029, 10, 25))),  # driving licence
    ("Giấy này được cấp để làm thủ tục đăng ký kết hôn.", StatedValidity()),
    # The holder's card quoted in the body: its validity is not this paper's.
    ("Giấy tờ tùy thân: Căn cước công dân số 030081442182, cấp ngày 10/05/2021, nơi cấp: Bộ Công an, "
     "có giá trị đến 08/12/2041", StatedValidity()),
    ("CĂN CƯỚC CÔNG DÂN\nSố / No.: 030081442182\nCó giá trị đến: 08/12/2041", StatedValidity(until=date(2041, 12, 8))),
])
def test_validity_sentences(text, stated):
    assert stated_validity(text) == stated


def test_expiry_date_as_stated_else_by_the_term_from_issue():
    # Civil Code art. 147-148: the day of issue is not counted, the term ends on the same day.
    assert expiry_date(date(2026, 2, 13), StatedValidity(months=6)) == date(2026, 8, 13)
    assert expiry_date(date(2025, 8, 31), StatedValidity(months=6)) == date(2026, 2, 28)
    assert expiry_date(date(2000, 5, 10), StatedValidity(), term_months=180) == date(2015, 5, 10)  # a CMND
    assert expiry_date(date(2026, 2, 13), StatedValidity(until=date(2026, 3, 1)), 6) == date(2026, 3, 1)
    assert expiry_date(date(2020, 1, 1), StatedValidity(no_expiry=True), 180) is None
    assert expiry_date(None, StatedValidity(months=6)) is None
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)


def test_parse_date_takes_words_or_digits_and_refuses_impossible_days():
    assert parse_date("ngày 05 tháng 4 năm 2026") == date(2026, 4, 5)
    assert parse_date("05.04.2026") == date(2026, 4, 5)
    assert parse_date("31/02/2026") is None
    assert parse_date("ngày 05 tháng 4 năm 1066") is None


def test_merge_keeps_the_strongest_source_and_a_printed_name_over_the_mrz_line():
    from classify.fields import Field, merge, with_validity

    def field(name, value, source, confidence=0.8):
        return Field(name=name, value=value, source=source, confidence=confidence)

    merged = {f.name: (f.value, f.source) for f in merge(
        [field("issue_date", "2022-07-15", "qr"), field("full_name", "PHAN THANH PHUONG", "mrz")],
        [field("issue_date", "2025-11-19", "text"), field("full_name", "PHAN THANH PHƯỢNG", "text")])}
    assert merged == {"issue_date": ("2022-07-15", "qr"), "full_name": ("PHAN THANH PHƯỢNG", "text")}
    assert merge([field("full_name", "PHAN THANH PHUONG", "mrz")])[0].source == "mrz"  # nothing printed: the MRZ
    derived = {f.name: (f.value, f.source) for f in with_validity([field("issue_date", "2000-05-10", "text")], 180)}
    assert derived["expiry_date"] == ("2015-05-10", "rule")
    stated = [field("issue_date", "2026-02-13", "text"), field("expiry_date", "2026-03-01", "text")]
    assert with_validity(stated, 6) == stated  # what the paper says beats the type's term
