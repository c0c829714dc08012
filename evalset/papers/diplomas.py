"""Diplomas and certificates (văn bằng, chứng chỉ): landscape sheets with ornamental frames.

The high-school diploma issued by the province's education department (its values written by
hand before 2010, printed after), the lower-secondary diploma of the district's education
office (hand-filled, A5), a bilingual bachelor's degree (English | Vietnamese columns), and
an IT skills certificate of Circular 17/2016/TTLT-BGDĐT-BTTTT that prints the holder's ID.
"""

from __future__ import annotations

import random
from datetime import date

from evalset.paper import Paper
from evalset.papers.common import (
    day_between, district_for, dmy, esc, hand, long_date, motto_block, officials,
    origin_commune, origin_province, paper_css, pick_look, province_of, sign_block)
from evalset.people import Cast

A4_LANDSCAPE = (297.0, 210.0)
A5_LANDSCAPE = (210.0, 148.0)
_RANKS = ["Trung bình", "Khá", "Giỏi"]
_DEGREE_RANKS = [("Khá", "Credit"), ("Giỏi", "Distinction"), ("Trung bình", "Pass"), ("Xuất sắc", "High Distinction")]
_MAJORS = [("Kế toán", "Accounting"), ("Quản trị kinh doanh", "Business Administration"),
           ("Công nghệ thông tin", "Information Technology"), ("Luật", "Law"),
           ("Sư phạm Ngữ văn", "Literature Teacher Education"), ("Nông học", "Agronomy")]
_UNIVERSITIES = [("TRƯỜNG ĐẠI HỌC CẦN THƠ", "CAN THO UNIVERSITY"), ("TRƯỜNG ĐẠI HỌC VINH", "VINH UNIVERSITY"),
                 ("TRƯỜNG ĐẠI HỌC TÂY NGUYÊN", "TAY NGUYEN UNIVERSITY"), ("TRƯỜNG ĐẠI HỌC HẠ LONG", "HA LONG UNIVERSITY"),
                 ("TRƯỜNG ĐẠI HỌC QUY NHƠN", "QUY NHON UNIVERSITY")]


def _frame(color: str, fill: str) -> str:
    return (f".frame {{ border: 5mm solid {color}; outline: 1px solid {color}; outline-offset: -7mm; height: 100%; "
            f"box-sizing: border-box; padding: 8mm 14mm; background: {fill}; position: relative; }}"
            f".frame::before {{ content: ''; position: absolute; inset: 1.6mm; border: 1px dashed {color}; }}")


def _value(rng: random.Random, value: str, by_hand: bool) -> str:
    return hand(rng, value) if by_hand else f'<span class="b">{esc(value)}</span>'


def bang_thpt(rng: random.Random, cast: Cast) -> Paper:
    """BẰNG TỐT NGHIỆP TRUNG HỌC PHỔ THÔNG of the province's Department of Education and Training."""
    person = cast.owner
    exam = date(person.birth_date.year + 18, 6, rng.randint(2, 28))
    issued = day_between(rng, date(exam.year, 8, 1), date(exam.year + 1, 5, 30))
    by_hand = exam.year < 2010
    province = origin_province(person)
    look = pick_look(rng, "serif", (12.5, 13.5))
    number = f"{rng.choice(['A', 'B', 'C'])}{rng.randrange(10**6):06d}" if by_hand else f"{rng.randrange(10**7):07d}"
    register = f"{rng.randint(1, 9999)}/{exam.year}"
    authority = f"GIÁM ĐỐC SỞ GIÁO DỤC VÀ ĐÀO TẠO TỈNH {province.upper()}"
    school = f"THPT {rng.choice(['Lê Quý Đôn', 'Nguyễn Du', 'Trần Phú', 'Phan Bội Châu', 'Chu Văn An'])}"

    def line(label: str, value: str) -> str:
        return f'<p>{esc(label)} {_value(rng, value, by_hand)}</p>'
    body = (f'<div class="frame"><div class="c">{motto_block()}</div>'
            f'<div class="c b mt">{esc(authority)}</div><div class="c i">cấp</div>'
            '<div class="c b xl" style="color:#b3261e">BẰNG TỐT NGHIỆP TRUNG HỌC PHỔ THÔNG</div>'
            '<div class="row2 mt"><div>'
            + line("Cho:", person.name_proper if by_hand else person.full_name)
            + line("Ngày sinh:", dmy(person.birth_date))
            + line("Nơi sinh:", f"{origin_commune(person)}, {province}")
            + line("Giới tính:", person.sex) + line("Dân tộc:", "Kinh")
            + "</div><div>"
            + line("Học sinh trường:", school)
            + line("Khóa thi ngày:", dmy(exam))
            + line("Xếp loại tốt nghiệp:", rng.choice(_RANKS))
            + f'<p class="i mt">{esc(province)}, {long_date(issued)}</p>'
            + "</div></div>"
            + '<div class="row2"><div class="sm" style="padding-top:18mm">'
            + f'<div>Số hiệu: {_value(rng, number, by_hand)}</div>'
            + f'<div>Số vào sổ cấp bằng: {_value(rng, register, by_hand)}</div></div><div>'
            + sign_block(rng, ["GIÁM ĐỐC"], officials(rng), seal_text=f"SỞ GIÁO DỤC VÀ ĐÀO TẠO TỈNH {province}",
                         width="100%", align="center")
            + "</div></div></div>")
    return Paper(
        doc_type="van_bang", title="BẰNG TỐT NGHIỆP TRUNG HỌC PHỔ THÔNG", pages=[body],
        owner_citizen_id=person.citizen_id, ids_on_document=[], issue_date=issued, parties=[person.citizen_id],
        fields={"full_name": person.name_proper if by_hand else person.full_name, "birth_date": dmy(person.birth_date),
                "sex": person.sex, "document_number": number, "issuing_authority": authority},
        css=paper_css(look, _frame("#1f5f8b", "#f3f8fb"), margins_mm=(7, 7, 7, 7), line_height=1.35),
        size_mm=A4_LANDSCAPE, template="bang-thpt-viet-tay" if by_hand else "bang-thpt-in")


def bang_thcs(rng: random.Random, cast: Cast) -> Paper:
    """BẰNG TỐT NGHIỆP TRUNG HỌC CƠ SỞ (A5), the district's education office, written by hand."""
    person = cast.owner
    year = person.birth_date.year + 15
    issued = date(year, rng.randint(7, 9), rng.randint(1, 28))
    commune = origin_commune(person)
    look = pick_look(rng, "serif", (10.5, 11.0))
    number = f"{rng.randrange(10**5):05d}"
    authority = f"TRƯỞNG PHÒNG GIÁO DỤC VÀ ĐÀO TẠO {district_for(commune).upper()}"

    def line(label: str, value: str) -> str:
        return f'<p>{esc(label)} {hand(rng, value)}</p>'
    body = (f'<div class="frame"><div class="c sm">{motto_block(40)}</div>'
            f'<div class="c b sm mt">{esc(authority)}</div>'
            '<div class="c b lg" style="color:#0b5d3b">BẰNG TỐT NGHIỆP TRUNG HỌC CƠ SỞ</div>'
            '<div class="row2"><div>'
            + line("Cấp cho:", person.name_proper) + line("Sinh ngày:", dmy(person.birth_date))
            + line("Tại:", f"{commune}, {origin_province(person)}")
            + "</div><div>"
            + line("Học sinh trường:", f"THCS {commune.partition(' ')[2]}")
            + line("Năm học:", f"{year - 1} - {year}") + line("Xếp loại:", rng.choice(_RANKS))
            + "</div></div>"
            + f'<div class="row2"><div class="sm" style="padding-top:10mm">Số: {hand(rng, number)}</div><div>'
            + sign_block(rng, ["TRƯỞNG PHÒNG"], officials(rng), seal_text=f"PHÒNG GIÁO DỤC {district_for(commune)}",
                         width="100%", align="center")
            + "</div></div></div>")
    return Paper(
        doc_type="van_bang", title="BẰNG TỐT NGHIỆP TRUNG HỌC CƠ SỞ", pages=[body],
        owner_citizen_id=person.citizen_id, ids_on_document=[], issue_date=issued, parties=[person.citizen_id],
        fields={"full_name": person.name_proper, "birth_date": dmy(person.birth_date), "document_number": number,
                "issuing_authority": authority},
        css=paper_css(look, _frame("#0b5d3b", "#f4faf3").replace("padding: 8mm 14mm", "padding: 6mm 10mm"),
                      margins_mm=(5, 5, 5, 5), line_height=1.25),
        size_mm=A5_LANDSCAPE, template="bang-thcs-viet-tay")


def bang_cu_nhan(rng: random.Random, cast: Cast) -> Paper:
    """A bilingual BẰNG CỬ NHÂN: English on the left, Vietnamese on the right, as universities print."""
    person = cast.owner
    graduated = date(person.birth_date.year + 22, rng.choice([6, 7, 9, 12]), rng.randint(1, 28))
    major_vi, major_en = rng.choice(_MAJORS)
    uni_vi, uni_en = rng.choice(_UNIVERSITIES)
    rank_vi, rank_en = rng.choice(_DEGREE_RANKS)
    look = pick_look(rng, rng.choice(["serif", "sans"]), (11.5, 12.5))
    number = f"{rng.randrange(10**6):06d}"
    register = f"{rng.randint(100, 9999)}/ĐH{graduated.year % 100:02d}"
    title_en = "Mr" if person.sex == "Nam" else "Ms"
    ascii_name = person.name_proper  # English side keeps the Vietnamese name, as degrees do
    english = ('<div class="b">SOCIALIST REPUBLIC OF VIETNAM</div><div class="b">Independence - Freedom - Happiness</div>'
               f'<div class="b mt2">THE RECTOR OF {esc(uni_en)}</div><div class="i">confers</div>'
               '<div class="b lg" style="color:#7b1e1e">THE DEGREE OF BACHELOR</div>'
               f'<p>In: {esc(major_en)}</p><p>Upon: {title_en}. {esc(ascii_name)}</p>'
               f'<p>Date of birth: {person.birth_date.strftime("%d %B %Y")}</p>'
               f'<p>Degree classification: {rank_en}</p><p>Mode of study: Full-time</p>'
               f'<p class="sm mt">Serial number: {number}</p><p class="sm">Reference number: {esc(register)}</p>')
    vietnamese = (f'{motto_block(50)}'
                  f'<div class="b mt">HIỆU TRƯỞNG {esc(uni_vi)}</div><div class="i">cấp</div>'
                  '<div class="b xl" style="color:#7b1e1e">BẰNG CỬ NHÂN</div>'
                  f'<p>Ngành: <span class="b">{esc(major_vi)}</span></p>'
                  f'<p>Cho: {"Ông" if person.sex == "Nam" else "Bà"} <span class="b">{esc(person.name_proper)}</span></p>'
                  f'<p>Ngày sinh: {dmy(person.birth_date)}</p><p>Xếp loại tốt nghiệp: {rank_vi}</p>'
                  f'<p>Hình thức đào tạo: Chính quy</p>'
                  f'<p class="i">{esc(province_of(person))}, {long_date(graduated)}</p>'
                  + sign_block(rng, ["HIỆU TRƯỞNG"], officials(rng), seal_text=uni_vi, width="80%", align="center"))
    body = (f'<div class="frame"><div class="row2 c"><div style="border-right:1px solid #bbb;padding-right:4mm">'
            f'{english}</div><div>{vietnamese}</div></div></div>')
    return Paper(
        doc_type="van_bang", title="BẰNG CỬ NHÂN", pages=[body], owner_citizen_id=person.citizen_id,
        ids_on_document=[], issue_date=graduated, parties=[person.citizen_id],
        fields={"full_name": person.name_proper, "birth_date": dmy(person.birth_date), "document_number": number,
                "issuing_authority": f"HIỆU TRƯỞNG {uni_vi}"},
        css=paper_css(look, _frame("#8a6d1f", "#fffdf5"), margins_mm=(6, 6, 6, 6), line_height=1.3),
        size_mm=A4_LANDSCAPE, template="bang-cu-nhan-song-ngu")


def chung_chi_cntt(rng: random.Random, cast: Cast) -> Paper:
    """CHỨNG CHỈ ỨNG DỤNG CÔNG NGHỆ THÔNG TIN CƠ BẢN, A5 landscape, with the holder's ID number."""
    person = cast.owner
    issued = day_between(rng, date(2019, 1, 1), date(2026, 8, 30))
    look = pick_look(rng, "sans", (10.0, 10.5))
    centre = rng.choice(["TRUNG TÂM GIÁO DỤC NGHỀ NGHIỆP - GIÁO DỤC THƯỜNG XUYÊN",
                         "TRUNG TÂM NGOẠI NGỮ - TIN HỌC"])
    number = f"{rng.randint(1, 99):02d}{rng.randrange(10**5):05d}"
    body = (f'<div class="frame"><div class="hdr"><div class="l sm" style="width:40%"><div>{esc(centre)}</div>'
            f'<div class="b">TỈNH {esc(province_of(person).upper())}</div></div>'
            f'<div class="m sm" style="width:58%">{motto_block(42)}</div></div>'
            '<div class="c b lg mt" style="color:#1c4f9c">CHỨNG CHỈ</div>'
            '<div class="c b">ỨNG DỤNG CÔNG NGHỆ THÔNG TIN CƠ BẢN</div>'
            f'<p class="mt">Họ và tên: <span class="b">{esc(person.full_name)}</span> &nbsp; Giới tính: {person.sex}</p>'
            f'<p>Ngày sinh: {dmy(person.birth_date)} &nbsp; Nơi sinh: {esc(origin_province(person))}</p>'
            f'<p>Số CCCD: {person.citizen_id}</p>'
            f'<p>Đã đạt yêu cầu kỳ thi ngày {dmy(issued)}. Kết quả: {rng.choice(["Đạt", "Khá", "Giỏi"])}</p>'
            f'<div class="row2"><div class="sm" style="padding-top:8mm">Số hiệu: {number}<br>'
            f'Số vào sổ: {rng.randint(1, 900)}/CC</div><div>'
            + sign_block(rng, ["GIÁM ĐỐC"], officials(rng), seal_text=centre[:34], width="100%", align="center")
            + "</div></div></div>")
    return Paper(
        doc_type="van_bang", title="CHỨNG CHỈ ỨNG DỤNG CÔNG NGHỆ THÔNG TIN CƠ BẢN", pages=[body],
        owner_citizen_id=person.citizen_id, ids_on_document=[person.citizen_id], issue_date=issued,
        parties=[person.citizen_id],
        fields={"full_name": person.full_name, "birth_date": dmy(person.birth_date), "citizen_id": person.citizen_id,
                "document_number": number,
                "issuing_authority": f"{centre} TỈNH {province_of(person).upper()}"},
        css=paper_css(look, _frame("#1c4f9c", "#f5f8ff").replace("padding: 8mm 14mm", "padding: 5mm 9mm"),
                      margins_mm=(4, 4, 4, 4), line_height=1.22),
        size_mm=A5_LANDSCAPE, template="chung-chi-cntt")


TEMPLATES = {"van_bang": [bang_thpt, bang_thcs, bang_cu_nhan, chung_chi_cntt]}
