"""Hộ tịch papers: birth, marriage, marital status and death.

The forms follow the generations citizens still bring: the Decree 158/2005 forms filled
by hand (before 2016), the Circular 15/2015/TT-BTP forms (2016-2020), Circular
04/2020/TT-BTP and its 2024 amendment (04/2024/TT-BTP, personal ID numbers of the parties
printed).
"""

from __future__ import annotations

import random
from datetime import date

from evalset.paper import Paper
from evalset.papers.common import (
    add_months, adult_day, book_number, commune_of, date_in_words, day_between, digit_boxes, district_for, dmy,
    dotted, esc, ethnicity, hand, honorific, id_value, long_date, motto_block, officials, origin_commune,
    origin_province, paper_css, pick_look, province_of, qr_code, sign_block, title_name, two_column_header)
from evalset.people import TODAY, Cast
from samples.models import Citizen

REFORM = date(2025, 7, 1)  # two-level local government: no more districts on papers


def ubnd(commune: str, province: str, when: date, capital: bool = False) -> str:
    """The registering People's Committee as a hộ tịch paper names it."""
    levels = [commune] + ([] if when >= REFORM else [district_for(commune)]) + [f"tỉnh {province}"]
    text = "Ủy ban nhân dân " + ", ".join(levels)
    return text.upper() if capital else text


def letterhead_ubnd(commune: str, province: str, when: date) -> list[str]:
    if when >= REFORM:
        return [f"UBND TỈNH {province.upper()}", f"ỦY BAN NHÂN DÂN {commune.upper()}"]
    return [f"UBND {district_for(commune).upper()}", f"ỦY BAN NHÂN DÂN {commune.upper()}"]


def birth_place(rng: random.Random, person: Citizen) -> str:
    commune, province = origin_commune(person), origin_province(person)
    return rng.choice([
        f"Trạm Y tế {commune}, {district_for(commune)}, tỉnh {province}",
        f"Bệnh viện Đa khoa tỉnh {province}",
        f"Bệnh viện Sản - Nhi tỉnh {province}",
        f"Trung tâm Y tế {district_for(commune)}, tỉnh {province}",
    ])


def residence(person: Citizen) -> str:
    return person.address


def card_phrase(person: Citizen, when: date, spaced: str | None = None) -> str:
    """"Giấy tờ tùy thân" as printed: the card a person held on that day."""
    number = spaced or person.citizen_id
    if when >= date(2024, 7, 1):
        return f"Căn cước số {number}"
    return f"Căn cước công dân số {number}"


def _frame_css(color: str, double: bool) -> str:
    style = "double" if double else "solid"
    width = "4px" if double else "1.5px"
    return (f".frame {{ border: {width} {style} {color}; padding: 6mm 8mm; height: 100%; box-sizing: border-box; "
            f"position: relative; }}")


def printed_rows(rows: list[tuple[str, str]]) -> str:
    return "".join(f'<p>{esc(label)} <span class="b">{esc(value)}</span></p>' for label, value in rows)


def hand_rows(rng: random.Random, rows: list[tuple[str, str]]) -> str:
    return "".join(dotted(rng, label + " ", value) for label, value in rows)


# ---------------------------------------------------------------- giấy khai sinh


def _birth_subject(cast: Cast) -> tuple[Citizen, Citizen, Citizen]:
    """The child whose birth a recent form records, and the child's mother and father."""
    child = cast.child
    mother, father = (cast.spouse, cast.owner) if cast.owner.sex == "Nam" else (cast.owner, cast.spouse)
    return child, mother, father


def _registration_day(rng: random.Random, child: Citizen, earliest: date) -> tuple[date, bool]:
    """Within 60 days of birth, or, for a child born before the form existed, a re-registration."""
    if child.birth_date >= earliest:
        return day_between(rng, child.birth_date.replace(day=min(child.birth_date.day, 28)),
                           add_months(child.birth_date, 2)), False
    return day_between(rng, max(earliest, date(2019, 1, 1)), date(2025, 6, 30)), True


def gks_2020_ban_chinh(rng: random.Random, cast: Cast) -> Paper:
    """Giấy khai sinh bản chính, Circular 04/2020/TT-BTP: printed by the registry software, framed."""
    child, mother, father = _birth_subject(cast)
    registered, again = _registration_day(rng, child, date(2020, 11, 16))
    commune, province = commune_of(father), province_of(father)
    number, book = book_number(rng, registered.year)
    look = pick_look(rng, "serif", (11.5, 12.5))
    declarant = rng.choice([father, mother])
    authority = ubnd(commune, province, registered)
    rows = [
        ("Họ, chữ đệm, tên:", child.full_name),
        ("Ngày, tháng, năm sinh:", f"{dmy(child.birth_date)}"),
        ("ghi bằng chữ:", date_in_words(child.birth_date)),
        ("Giới tính:", child.sex), ("Dân tộc:", ethnicity(rng, father)), ("Quốc tịch:", "Việt Nam"),
        ("Nơi sinh:", birth_place(rng, child)),
        ("Quê quán:", f"{origin_commune(father)}, {district_for(origin_commune(father))}, tỉnh {origin_province(father)}"),
        ("Số định danh cá nhân:", child.citizen_id),
        ("Họ, chữ đệm, tên người mẹ:", mother.full_name),
        ("Năm sinh:", str(mother.birth_date.year)), ("Dân tộc:", "Kinh"), ("Quốc tịch:", "Việt Nam"),
        ("Nơi cư trú:", residence(mother)),
        ("Họ, chữ đệm, tên người cha:", father.full_name),
        ("Năm sinh:", str(father.birth_date.year)), ("Dân tộc:", "Kinh"), ("Quốc tịch:", "Việt Nam"),
        ("Nơi cư trú:", residence(father)),
        ("Họ, chữ đệm, tên người đi khai sinh:", declarant.full_name),
        ("Giấy tờ tùy thân:", card_phrase(declarant, registered)),
        ("Nơi đăng ký khai sinh:", authority),
        ("Ngày, tháng, năm đăng ký:", dmy(registered)),
    ]
    note = "Đăng ký lại khai sinh" if again else ""
    body = (f'<div class="frame"><div class="c">{motto_block()}</div>'
            f'<div class="c b xl mt">GIẤY KHAI SINH</div>'
            f'<div class="row2 c"><div>Số: {esc(number)}</div><div>Quyển số: {esc(book)}</div></div>'
            f'<div class="mt">{printed_rows(rows)}</div>'
            + (f'<p class="i">Ghi chú: {note}</p>' if note else "")
            + sign_block(rng, ["NGƯỜI KÝ GIẤY KHAI SINH"], officials(rng),
                         seal_text=f"ỦY BAN NHÂN DÂN {commune}", note="(Ký, ghi rõ họ, chữ đệm, tên, chức vụ, đóng dấu)",
                         width="60%")
            + "</div>")
    return Paper(
        doc_type="giay_khai_sinh", title="GIẤY KHAI SINH", pages=[body], owner_citizen_id=child.citizen_id,
        ids_on_document=[child.citizen_id, declarant.citizen_id], issue_date=registered,
        parties=[child.citizen_id, mother.citizen_id, father.citizen_id],
        fields={"full_name": child.full_name, "birth_date": dmy(child.birth_date), "sex": child.sex,
                "citizen_id": child.citizen_id, "document_number": number, "issuing_authority": authority},
        css=paper_css(look, _frame_css("#6b4b1e", double=True), margins_mm=(10, 10, 10, 12), line_height=1.25),
        template="gks-2020-ban-chinh")


def gks_2016_ban_chinh(rng: random.Random, cast: Cast) -> Paper:
    """Giấy khai sinh of Circular 15/2015/TT-BTP (2016-2020): the parents side by side in a table."""
    child, mother, father = _birth_subject(cast)
    if child.birth_date > date(2020, 10, 31):  # the form was gone by then: the applicant's own re-registration
        child, mother, father = cast.owner, cast.mother, cast.father
    if child.birth_date >= date(2016, 1, 1):
        registered, again = day_between(rng, child.birth_date, min(add_months(child.birth_date, 2),
                                                                   date(2020, 11, 15))), False
    else:
        registered, again = day_between(rng, date(2016, 3, 1), date(2020, 10, 30)), True
    commune, province = commune_of(mother), province_of(mother)
    number, book = book_number(rng, registered.year)
    look = pick_look(rng, rng.choice(["serif", "sans"]), (11.5, 12.5))
    authority = ubnd(commune, province, registered)
    parents = [("Họ, chữ đệm, tên", mother.full_name, father.full_name),
               ("Năm sinh", str(mother.birth_date.year), str(father.birth_date.year)),
               ("Dân tộc", "Kinh", ethnicity(rng, father)), ("Quốc tịch", "Việt Nam", "Việt Nam"),
               ("Nơi cư trú", residence(mother), residence(father))]
    table = ('<table class="grid mt"><tr><th style="width:24%"></th><th>Người mẹ</th><th>Người cha</th></tr>'
             + "".join(f"<tr><td>{esc(a)}</td><td>{esc(m)}</td><td>{esc(f)}</td></tr>" for a, m, f in parents)
             + "</table>")
    declarant = father
    body = (f'<div class="frame"><div class="c">{motto_block()}</div>'
            f'<div class="r sm mt">Số: {esc(number)} &nbsp; Quyển số: {esc(book)}</div>'
            f'<div class="c b xl">GIẤY KHAI SINH</div>'
            + printed_rows([
                ("Họ, chữ đệm, tên:", child.full_name),
                ("Ngày, tháng, năm sinh:", f"{dmy(child.birth_date)} ({date_in_words(child.birth_date).lower()})"),
                ("Giới tính:", child.sex), ("Dân tộc:", "Kinh"), ("Quốc tịch:", "Việt Nam"),
                ("Nơi sinh:", birth_place(rng, child)),
                ("Quê quán:", f"{origin_commune(father)}, tỉnh {origin_province(father)}"),
                ("Số định danh cá nhân:", child.citizen_id)])
            + table
            + printed_rows([
                ("Người đi khai sinh:", f"{declarant.full_name}, quan hệ với người được khai sinh: cha"),
                ("Nơi đăng ký khai sinh:", authority),
                ("Ngày, tháng, năm đăng ký:", long_date(registered))])
            + (f'<p class="i">Ghi chú: Đăng ký lại khai sinh</p>' if again else "")
            + '<div class="row2 mt"><div class="c sm"><div class="b">Người đi khai sinh</div>'
            + f'<div style="height:18mm"></div>{hand(rng, declarant.name_proper)}</div><div>'
            + sign_block(rng, ["NGƯỜI KÝ GIẤY KHAI SINH"], officials(rng), seal_text=f"UBND {commune}",
                         width="100%", align="center")
            + "</div></div></div>")
    return Paper(
        doc_type="giay_khai_sinh", title="GIẤY KHAI SINH", pages=[body], owner_citizen_id=child.citizen_id,
        ids_on_document=[child.citizen_id], issue_date=registered,
        parties=[child.citizen_id, mother.citizen_id, father.citizen_id],
        fields={"full_name": child.full_name, "birth_date": dmy(child.birth_date), "sex": child.sex,
                "citizen_id": child.citizen_id, "document_number": number, "issuing_authority": authority},
        css=paper_css(look, _frame_css("#244a7a", double=False), margins_mm=(12, 12, 12, 14), line_height=1.3),
        template="gks-2016-ban-chinh")


def gks_2024_ban_chinh(rng: random.Random, cast: Cast) -> Paper:
    """Giấy khai sinh of the Circular 04/2024/TT-BTP generation: a QR code in the corner, the
    parents side by side with their personal ID numbers, printed on the civil-status software."""
    child, mother, father = _birth_subject(cast)
    if child.birth_date >= date(2024, 7, 1):
        registered, note = day_between(rng, child.birth_date, add_months(child.birth_date, 2)), ""
    else:  # an original lost: the register issues it again on the new form
        registered, note = day_between(rng, date(2024, 7, 1), date(2026, 9, 30)), "Cấp lại bản chính Giấy khai sinh"
    commune, province = commune_of(mother), province_of(mother)
    number, book = book_number(rng, registered.year)
    look = pick_look(rng, "sans", (11.0, 12.0))
    authority = ubnd(commune, province, registered)
    parents = [("Họ, chữ đệm, tên", mother.full_name, father.full_name),
               ("Năm sinh", str(mother.birth_date.year), str(father.birth_date.year)),
               ("Dân tộc", "Kinh", "Kinh"), ("Quốc tịch", "Việt Nam", "Việt Nam"),
               ("Số định danh cá nhân", mother.citizen_id, father.citizen_id),
               ("Nơi cư trú", residence(mother), residence(father))]
    table = ('<table class="grid sm mt"><tr><th style="width:24%"></th><th>MẸ</th><th>CHA</th></tr>'
             + "".join(f"<tr><td>{esc(a)}</td><td>{esc(m)}</td><td>{esc(f)}</td></tr>" for a, m, f in parents)
             + "</table>")
    body = (f'<div class="frame"><div class="hdr"><div style="width:22%">{qr_code(rng, 20)}</div>'
            f'<div class="c" style="width:76%">{motto_block()}</div></div>'
            f'<div class="c b xl mt">GIẤY KHAI SINH</div>'
            f'<div class="c">Số: {esc(number)} &nbsp;&nbsp; Quyển số: {esc(book)}</div>'
            + printed_rows([
                ("Họ, chữ đệm, tên:", child.full_name),
                ("Ngày, tháng, năm sinh:", dmy(child.birth_date)),
                ("ghi bằng chữ:", date_in_words(child.birth_date)),
                ("Giới tính:", child.sex), ("Dân tộc:", "Kinh"), ("Quốc tịch:", "Việt Nam"),
                ("Nơi sinh:", birth_place(rng, child)),
                ("Quê quán:", father.place_of_origin),
                ("Số định danh cá nhân:", child.citizen_id)])
            + table
            + printed_rows([("Nơi đăng ký khai sinh:", authority), ("Ngày, tháng, năm đăng ký:", dmy(registered))])
            + (f'<p class="i">Ghi chú: {note}</p>' if note else "")
            + sign_block(rng, ["NGƯỜI KÝ GIẤY KHAI SINH"], officials(rng), seal_text=f"ỦY BAN NHÂN DÂN {commune}",
                         note="(Ký, ghi rõ họ, chữ đệm, tên, chức vụ, đóng dấu)", width="58%")
            + "</div>")
    ids = [child.citizen_id, mother.citizen_id, father.citizen_id]
    return Paper(
        doc_type="giay_khai_sinh", title="GIẤY KHAI SINH", pages=[body], owner_citizen_id=child.citizen_id,
        ids_on_document=ids, issue_date=registered, parties=ids,
        fields={"full_name": child.full_name, "birth_date": dmy(child.birth_date), "sex": child.sex,
                "citizen_id": child.citizen_id, "document_number": number, "issuing_authority": authority},
        css=paper_css(look, _frame_css("#2f6d4f", double=True), margins_mm=(10, 10, 10, 12), line_height=1.28),
        template="gks-2024-ban-chinh")


def trich_luc_khai_sinh(rng: random.Random, cast: Cast) -> Paper:
    """Trích lục khai sinh (bản sao), Circular 04/2024/TT-BTP form: the applicant's own birth,
    from the register, with the parents' personal ID numbers."""
    person, father, mother = cast.owner, cast.father, cast.mother
    issued = day_between(rng, date(2024, 7, 1), date(2026, 9, 30))
    commune, province = origin_commune(person), origin_province(person)
    registered = day_between(rng, person.birth_date, add_months(person.birth_date, 3))
    reg_number, reg_book = book_number(rng, registered.year)
    number = f"{rng.randint(12, 960)}/TLKS-BS"
    look = pick_look(rng, "serif", (11.5, 12.5))
    authority = f"ỦY BAN NHÂN DÂN {commune.upper()}"
    left_below = f'<div class="mt">Số: {esc(number)}</div>'
    right_below = f'<div class="i mt">{esc(title_name(commune))}, {long_date(issued)}</div>'
    parent_ids = rng.random() < 0.8
    rows = [
        ("Họ, chữ đệm, tên:", person.full_name),
        ("Ngày, tháng, năm sinh:", dmy(person.birth_date)),
        ("ghi bằng chữ:", date_in_words(person.birth_date)),
        ("Giới tính:", person.sex), ("Dân tộc:", ethnicity(rng, person)), ("Quốc tịch:", "Việt Nam"),
        ("Nơi sinh:", birth_place(rng, person)),
        ("Quê quán:", person.place_of_origin),
        ("Số định danh cá nhân:", person.citizen_id),
        ("Họ, chữ đệm, tên người mẹ:", mother.full_name),
        ("Năm sinh:", str(mother.birth_date.year)), ("Dân tộc:", "Kinh"), ("Quốc tịch:", "Việt Nam"),
    ] + ([("Số định danh cá nhân:", mother.citizen_id)] if parent_ids else []) + [
        ("Họ, chữ đệm, tên người cha:", father.full_name),
        ("Năm sinh:", str(father.birth_date.year)), ("Dân tộc:", "Kinh"), ("Quốc tịch:", "Việt Nam"),
    ] + ([("Số định danh cá nhân:", father.citizen_id)] if parent_ids else []) + [
        ("Nơi đăng ký khai sinh:", ubnd(commune, origin_province(person), date(2000, 1, 1))),
        ("Ngày, tháng, năm đăng ký:", dmy(registered)),
        ("Số đăng ký:", f"{reg_number}, Quyển số: {reg_book}"),
    ]
    body = (two_column_header(letterhead_ubnd(commune, province, issued), right_below, left_below)
            + '<div class="c b lg mt2">TRÍCH LỤC KHAI SINH</div><div class="c b">(BẢN SAO)</div>'
            + f'<div class="mt">{printed_rows(rows)}</div>'
            + '<p class="i sm">Trích lục này được cấp từ Sổ đăng ký khai sinh.</p>'
            + sign_block(rng, ["NGƯỜI KÝ TRÍCH LỤC", "CÔNG CHỨC TƯ PHÁP - HỘ TỊCH"], officials(rng),
                         seal_text=f"ỦY BAN NHÂN DÂN {commune}"))
    ids = [person.citizen_id] + ([mother.citizen_id, father.citizen_id] if parent_ids else [])
    return Paper(
        doc_type="giay_khai_sinh", title="TRÍCH LỤC KHAI SINH", pages=[body], owner_citizen_id=person.citizen_id,
        ids_on_document=ids, issue_date=issued,
        parties=[person.citizen_id, mother.citizen_id, father.citizen_id],
        fields={"full_name": person.full_name, "birth_date": dmy(person.birth_date), "sex": person.sex,
                "citizen_id": person.citizen_id, "document_number": number, "issuing_authority": authority},
        css=paper_css(look, margins_mm=(12, 15, 10, 25), line_height=1.22), template="tlks-2024-ban-sao")


def gks_ban_sao_viet_tay(rng: random.Random, cast: Cast) -> Paper:
    """Giấy khai sinh (bản sao) of the Decree 158/2005 form, copied out of the register by hand
    (2006-2015): no personal ID numbers anywhere."""
    person, father, mother = cast.owner, cast.father, cast.mother
    issued = day_between(rng, date(2006, 3, 1), date(2015, 12, 20))
    commune, province = origin_commune(person), origin_province(person)
    registered = day_between(rng, person.birth_date, add_months(person.birth_date, 2))
    number, book = book_number(rng, registered.year)
    look = pick_look(rng, "serif", (11.5, 12.5))
    authority = ubnd(commune, province, registered)
    rows = [
        ("Họ và tên:", person.name_proper), ("Giới tính:", person.sex),
        ("Ngày, tháng, năm sinh:", dmy(person.birth_date)),
        ("Ghi bằng chữ:", date_in_words(person.birth_date)),
        ("Nơi sinh:", birth_place(rng, person)),
        ("Dân tộc:", ethnicity(rng, person)), ("Quốc tịch:", "Việt Nam"),
        ("Quê quán:", person.place_of_origin),
        ("Họ và tên cha:", father.name_proper), ("Dân tộc:", "Kinh"), ("Quốc tịch:", "Việt Nam"),
        ("Năm sinh:", str(father.birth_date.year)),
        ("Nơi thường trú:", residence(father)),
        ("Họ và tên mẹ:", mother.name_proper), ("Dân tộc:", "Kinh"), ("Quốc tịch:", "Việt Nam"),
        ("Năm sinh:", str(mother.birth_date.year)),
        ("Nơi thường trú:", residence(mother)),
        ("Nơi đăng ký khai sinh:", authority),
        ("Ngày đăng ký:", dmy(registered)),
    ]
    frame = (".frame { border: 6px double #7a5a2a; outline: 1px solid #7a5a2a; outline-offset: -11px; "
             "padding: 9mm 11mm; height: 100%; box-sizing: border-box; position: relative; "
             "background: #fbf6ea; }")
    body = (f'<div class="frame"><div class="c">{motto_block()}</div>'
            f'<div class="row2 sm mt"><div>Số: {hand(rng, number)}</div><div class="r">Quyển số: {hand(rng, book)}</div></div>'
            f'<div class="c b xl">GIẤY KHAI SINH</div><div class="c b">(BẢN SAO)</div>'
            f'<div class="mt">{hand_rows(rng, rows)}</div>'
            f'<div class="dl"><span class="lb">Sao từ Sổ đăng ký khai sinh, {esc(title_name(commune))}, </span>'
            f'<span class="fl">{hand(rng, long_date(issued))}</span></div>'
            + sign_block(rng, ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], officials(rng),
                         seal_text=f"ỦY BAN NHÂN DÂN {commune}", width="55%")
            + "</div>")
    return Paper(
        doc_type="giay_khai_sinh", title="GIẤY KHAI SINH", pages=[body], owner_citizen_id=person.citizen_id,
        ids_on_document=[], issue_date=issued, parties=[person.citizen_id, mother.citizen_id, father.citizen_id],
        fields={"full_name": person.name_proper, "birth_date": dmy(person.birth_date), "sex": person.sex,
                "document_number": number, "issuing_authority": authority},
        css=paper_css(look, frame, margins_mm=(8, 8, 8, 10), line_height=1.18), template="gks-2006-ban-sao-viet-tay")


# ---------------------------------------------------------------- kết hôn


def _marriage(cast: Cast) -> tuple[Citizen, Citizen]:
    husband, wife = (cast.owner, cast.spouse) if cast.owner.sex == "Nam" else (cast.spouse, cast.owner)
    return husband, wife


def _wedding_day(rng: random.Random, husband: Citizen, wife: Citizen) -> date:
    earliest = max(husband.birth_date.replace(year=husband.birth_date.year + 21, day=1),
                   wife.birth_date.replace(year=wife.birth_date.year + 19, day=1))
    latest = min(TODAY.replace(month=6), earliest.replace(year=earliest.year + 9))
    return day_between(rng, earliest, max(earliest, latest))


def _party_table(rows: list[tuple[str, str, str]], head: tuple[str, str] = ("Chồng", "Vợ"),
                 widths: tuple[int, int, int] = (28, 36, 36)) -> str:
    cells = "".join(f'<tr><td>{esc(label)}</td><td>{value_h}</td><td>{value_w}</td></tr>'
                    for label, value_h, value_w in rows)
    return (f'<table class="grid mt"><tr><th style="width:{widths[0]}%"></th><th style="width:{widths[1]}%">'
            f'{esc(head[0])}</th><th style="width:{widths[2]}%">{esc(head[1])}</th></tr>{cells}</table>')


def gcnkh_ban_chinh(rng: random.Random, cast: Cast) -> Paper:
    """Giấy chứng nhận kết hôn bản chính, Circular 04/2020 form (2016 on, computer-printed); a
    marriage registered before 2016 is on the Decree 158 form with old ID cards (CMND)."""
    husband, wife = _marriage(cast)
    wedding = _wedding_day(rng, husband, wife)
    modern = wedding >= date(2016, 1, 1)
    commune, province = commune_of(wife), province_of(wife)
    number, book = book_number(rng, wedding.year)
    look = pick_look(rng, "serif", (12.0, 13.0))
    authority = ubnd(commune, province, wedding)

    def papers_of(p: Citizen) -> str:
        if modern:
            return esc(card_phrase(p, wedding))
        return esc(f"CMND số {p.cmnd}" if p.cmnd else "Giấy khai sinh")

    rows = [("Họ, chữ đệm, tên", f'<span class="b">{esc(husband.full_name)}</span>',
             f'<span class="b">{esc(wife.full_name)}</span>'),
            ("Ngày, tháng, năm sinh", dmy(husband.birth_date), dmy(wife.birth_date)),
            ("Dân tộc", "Kinh", ethnicity(rng, wife)), ("Quốc tịch", "Việt Nam", "Việt Nam"),
            ("Nơi cư trú", esc(residence(husband)), esc(residence(wife))),
            ("Giấy tờ tùy thân", papers_of(husband), papers_of(wife))]
    spouses_sign = ('<div class="row2 mt c"><div><div class="b">Chồng</div><div class="i sm">(Ký, ghi rõ họ tên)</div>'
                    f'<div style="height:14mm"></div>{hand(rng, husband.name_proper)}</div>'
                    '<div><div class="b">Vợ</div><div class="i sm">(Ký, ghi rõ họ tên)</div>'
                    f'<div style="height:14mm"></div>{hand(rng, wife.name_proper)}</div></div>')
    body = (f'<div class="frame"><div class="c">{motto_block()}</div>'
            f'<div class="c b xl mt">GIẤY CHỨNG NHẬN KẾT HÔN</div>'
            f'<div class="row2 c"><div>Số: {esc(number)}</div><div>Quyển số: {esc(book)}</div></div>'
            + _party_table(rows)
            + f'<p class="mt">Nơi đăng ký: <span class="b">{esc(authority)}</span></p>'
            + f'<p>Ngày, tháng, năm đăng ký: <span class="b">{dmy(wedding)}</span></p>'
            + spouses_sign
            + sign_block(rng, ["NGƯỜI KÝ GIẤY CHỨNG NHẬN KẾT HÔN"], officials(rng),
                         seal_text=f"ỦY BAN NHÂN DÂN {commune}", note="(Ký, ghi rõ họ, chữ đệm, tên, chức vụ, đóng dấu)",
                         width="62%")
            + "</div>")
    ids = [husband.citizen_id, wife.citizen_id] if modern else []
    return Paper(
        doc_type="giay_chung_nhan_ket_hon", title="GIẤY CHỨNG NHẬN KẾT HÔN", pages=[body],
        owner_citizen_id=cast.owner.citizen_id, ids_on_document=ids, issue_date=wedding,
        parties=[husband.citizen_id, wife.citizen_id],
        fields={"full_name": cast.owner.full_name, "birth_date": dmy(cast.owner.birth_date),
                "document_number": number, "issuing_authority": authority},
        css=paper_css(look, _frame_css("#a0322c", double=True), margins_mm=(10, 10, 10, 12), line_height=1.3),
        template="gcnkh-2020-ban-chinh" if modern else "gcnkh-2005-ban-chinh")


def trich_luc_ket_hon(rng: random.Random, cast: Cast) -> Paper:
    """Trích lục kết hôn (bản sao) issued on request from the register, with today's ID numbers."""
    husband, wife = _marriage(cast)
    wedding = _wedding_day(rng, husband, wife)
    issued = day_between(rng, max(wedding, date(2023, 1, 1)), date(2026, 9, 30))
    commune, province = commune_of(cast.owner), province_of(cast.owner)
    number = f"{rng.randint(5, 640)}/TLKH-BS"
    reg_number, reg_book = book_number(rng, wedding.year)
    look = pick_look(rng, rng.choice(["serif", "sans"]), (11.5, 13.0))
    authority = f"ỦY BAN NHÂN DÂN {commune.upper()}"
    rows = [("Họ, chữ đệm, tên", husband.full_name, wife.full_name),
            ("Ngày, tháng, năm sinh", dmy(husband.birth_date), dmy(wife.birth_date)),
            ("Dân tộc", "Kinh", "Kinh"), ("Quốc tịch", "Việt Nam", "Việt Nam"),
            ("Nơi cư trú", residence(husband), residence(wife)),
            ("Số định danh cá nhân", husband.citizen_id, wife.citizen_id)]
    rows = [(a, esc(h), esc(w)) for a, h, w in rows]
    body = (two_column_header(letterhead_ubnd(commune, province, issued),
                              f'<div class="i mt">{esc(title_name(commune))}, {long_date(issued)}</div>',
                              f'<div class="mt">Số: {esc(number)}</div>')
            + '<div class="c b lg mt2">TRÍCH LỤC KẾT HÔN</div><div class="c b">(BẢN SAO)</div>'
            + _party_table(rows, widths=(26, 37, 37))
            + f'<p class="mt">Nơi đăng ký kết hôn: {esc(ubnd(commune, province, wedding))}</p>'
            + f'<p>Ngày, tháng, năm đăng ký: {dmy(wedding)}</p>'
            + f'<p>Số đăng ký: {esc(reg_number)}, Quyển số: {esc(reg_book)}</p>'
            + sign_block(rng, ["NGƯỜI KÝ TRÍCH LỤC"], officials(rng), seal_text=f"ỦY BAN NHÂN DÂN {commune}",
                         note="(Ký, ghi rõ họ, chữ đệm, tên, chức vụ, đóng dấu)"))
    return Paper(
        doc_type="giay_chung_nhan_ket_hon", title="TRÍCH LỤC KẾT HÔN", pages=[body],
        owner_citizen_id=cast.owner.citizen_id, ids_on_document=[husband.citizen_id, wife.citizen_id],
        issue_date=issued, parties=[husband.citizen_id, wife.citizen_id],
        fields={"full_name": cast.owner.full_name, "birth_date": dmy(cast.owner.birth_date),
                "document_number": number, "issuing_authority": authority},
        css=paper_css(look, margins_mm=(15, 15, 15, 25)), template="tlkh-2024-ban-sao")


def gcnkh_viet_tay(rng: random.Random, cast: Cast) -> Paper:
    """A 2016-2019 marriage certificate whose blanks the commune clerk filled by hand, the
    ID numbers written digit by digit in the printed boxes."""
    husband, wife = _marriage(cast)
    adult = _wedding_day(rng, husband, wife)
    start = max(date(2016, 2, 1), adult)
    wedding = day_between(rng, start, max(start, date(2023, 12, 28)))
    commune, province = commune_of(husband), province_of(husband)
    number, book = book_number(rng, wedding.year)
    look = pick_look(rng, "serif", (12.0, 12.5))
    authority = ubnd(commune, province, wedding)

    def cell(value: str) -> str:
        return hand(rng, value)

    rows = [("Họ, chữ đệm, tên", cell(husband.name_proper), cell(wife.name_proper)),
            ("Ngày, tháng, năm sinh", cell(dmy(husband.birth_date)), cell(dmy(wife.birth_date))),
            ("Dân tộc", cell("Kinh"), cell("Kinh")), ("Quốc tịch", cell("Việt Nam"), cell("Việt Nam")),
            ("Nơi cư trú", cell(commune_of(husband) + ", " + province_of(husband)),
             cell(commune_of(wife) + ", " + province_of(wife))),
            ("Số CCCD", digit_boxes(rng, husband.citizen_id), digit_boxes(rng, wife.citizen_id))]
    body = (f'<div class="frame"><div class="c">{motto_block()}</div>'
            '<div class="c b xl mt">GIẤY CHỨNG NHẬN KẾT HÔN</div>'
            f'<div class="row2 c"><div>Số: {hand(rng, number)}</div><div>Quyển số: {hand(rng, book)}</div></div>'
            + _party_table(rows, widths=(24, 38, 38))
            + dotted(rng, "Nơi đăng ký: ", authority)
            + dotted(rng, "Ngày, tháng, năm đăng ký: ", dmy(wedding))
            + sign_block(rng, ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], officials(rng), seal_text=f"UBND {commune}",
                         width="50%")
            + "</div>")
    return Paper(
        doc_type="giay_chung_nhan_ket_hon", title="GIẤY CHỨNG NHẬN KẾT HÔN", pages=[body],
        owner_citizen_id=cast.owner.citizen_id, ids_on_document=[husband.citizen_id, wife.citizen_id],
        issue_date=wedding, parties=[husband.citizen_id, wife.citizen_id],
        fields={"full_name": cast.owner.name_proper, "birth_date": dmy(cast.owner.birth_date),
                "document_number": number, "issuing_authority": authority},
        css=paper_css(look, _frame_css("#8a2b2b", double=False), margins_mm=(10, 10, 10, 12)),
        template="gcnkh-2016-viet-tay")


# ---------------------------------------------------------------- tình trạng hôn nhân


def _xnthn(rng: random.Random, cast: Cast, variant: str) -> Paper:
    person = cast.owner
    issued = day_between(rng, date(2025, 11, 1), date(2026, 9, 30))
    commune, province = commune_of(person), province_of(person)
    number = f"{rng.randint(10, 480)}/XNTTHN"
    authority = f"ỦY BAN NHÂN DÂN {commune.upper()}"
    husband, wife = _marriage(cast)
    partner = cast.spouse
    married = _wedding_day(rng, husband, wife)
    purposes = ["Bổ sung hồ sơ vay vốn tại Ngân hàng", "Làm thủ tục mua bán nhà đất",
                "Làm thủ tục đăng ký kết hôn", "Bổ sung hồ sơ xin việc làm"]
    purpose = rng.choice(purposes)
    if purpose == "Làm thủ tục đăng ký kết hôn":
        status = "Chưa đăng ký kết hôn với ai."
    else:
        status = (f"Đang có vợ/chồng là {partner.name_proper}, theo Giấy chứng nhận kết hôn số "
                  f"{rng.randint(3, 300)}, đăng ký ngày {dmy(married)} tại {ubnd(commune, province, married)}.")
    since = max(adult_day(person), date(2000, 1, 1))
    look = pick_look(rng, "serif" if variant != "hand" else rng.choice(["serif", "sans"]), (12.0, 13.0))
    handwritten = variant == "hand"
    id_text = id_value(rng, person.citizen_id) if handwritten else person.citizen_id
    rows = [("Họ, chữ đệm, tên:", person.full_name if not handwritten else person.name_proper),
            ("Ngày, tháng, năm sinh:", dmy(person.birth_date)),
            ("Giới tính:", person.sex), ("Dân tộc:", "Kinh"), ("Quốc tịch:", "Việt Nam"),
            ("Giấy tờ tùy thân:" if variant != "2024" else "Số định danh cá nhân:",
             card_phrase(person, issued, id_text) if variant != "2024" else id_text),
            ("Nơi cư trú:", residence(person)),
            ("Trong thời gian cư trú tại:", f"{commune}, tỉnh {province}"),
            ("từ ngày", f"{dmy(since)} đến ngày {dmy(issued)}"),
            ("Tình trạng hôn nhân:", status),
            ("Giấy này được cấp để:", purpose)]
    fill = hand_rows(rng, rows) if handwritten else printed_rows(rows)
    header = two_column_header(letterhead_ubnd(commune, province, issued),
                               f'<div class="i mt">{esc(title_name(commune))}, {long_date(issued)}</div>',
                               f'<div class="mt">Số: {esc(number)}</div>')
    body = (header + '<div class="c b lg mt2">GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN</div>'
            + f'<p class="mt">Ủy ban nhân dân {esc(commune)} xét đề nghị của '
              f'{honorific(person).lower()} {esc(person.name_proper)}, về việc xác nhận tình trạng hôn nhân cho:</p>'
            + fill
            + '<p class="i">Giấy này có giá trị sử dụng trong thời hạn 6 tháng kể từ ngày cấp.</p>'
            + sign_block(rng, ["TM. ỦY BAN NHÂN DÂN", rng.choice(["CHỦ TỊCH", "KT. CHỦ TỊCH"])], officials(rng),
                         seal_text=f"ỦY BAN NHÂN DÂN {commune}"))
    return Paper(
        doc_type="xac_nhan_tinh_trang_hon_nhan", title="GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN", pages=[body],
        owner_citizen_id=person.citizen_id, ids_on_document=[person.citizen_id], issue_date=issued,
        expiry_date=add_months(issued, 6), parties=[person.citizen_id],
        fields={"full_name": rows[0][1], "birth_date": dmy(person.birth_date), "sex": person.sex,
                "citizen_id": person.citizen_id, "document_number": number, "issuing_authority": authority},
        css=paper_css(look, margins_mm=(15, 15, 12, 25), line_height=1.32), template=f"xnthn-{variant}")


def xnthn_2020(rng: random.Random, cast: Cast) -> Paper:
    return _xnthn(rng, cast, "2020")


def xnthn_2024(rng: random.Random, cast: Cast) -> Paper:
    return _xnthn(rng, cast, "2024")


def xnthn_viet_tay(rng: random.Random, cast: Cast) -> Paper:
    return _xnthn(rng, cast, "hand")


# ---------------------------------------------------------------- khai tử


def _death(rng: random.Random, cast: Cast, earliest: date, latest: date) -> tuple[Citizen, date]:
    """The older parent, dead at 55 or later when the period allows it, never after `latest`."""
    deceased = min((cast.father, cast.mother), key=lambda p: p.birth_date)
    start = max(earliest, min(date(deceased.birth_date.year + 55, 1, 1), latest))
    return deceased, day_between(rng, start, latest)


def trich_luc_khai_tu(rng: random.Random, cast: Cast, copy: bool = False) -> Paper:
    """Trích lục khai tử, Circular 04/2020 (bản chính) or the 2024 form issued as a copy."""
    deceased, died = _death(rng, cast, date(2017, 1, 1), date(2026, 8, 31))
    declarant = cast.owner
    registered = day_between(rng, died, min(add_months(died, 1), TODAY))
    issued = day_between(rng, max(registered, date(2024, 7, 1)), date(2026, 9, 30)) if copy else registered
    commune, province = commune_of(deceased), province_of(deceased)
    reg_number, reg_book = book_number(rng, registered.year)
    number = f"{rng.randint(3, 220)}/TLKT-BS" if copy else reg_number
    look = pick_look(rng, rng.choice(["serif", "sans"]), (12.0, 13.0))
    authority = f"ỦY BAN NHÂN DÂN {commune.upper()}"
    cause = rng.choice(["Bệnh già", "Bệnh", "Tai biến mạch máu não", "Ung thư", "Suy tim"])
    hour, minute = rng.randrange(24), rng.randrange(60)
    rows = [("Họ, chữ đệm, tên:", deceased.full_name),
            ("Ngày, tháng, năm sinh:", dmy(deceased.birth_date)), ("Giới tính:", deceased.sex),
            ("Dân tộc:", "Kinh"), ("Quốc tịch:", "Việt Nam"),
            ("Số định danh cá nhân:", deceased.citizen_id),
            ("Nơi cư trú cuối cùng:", residence(deceased)),
            ("Đã chết vào lúc:", f"{hour:02d} giờ {minute:02d} phút, ngày {dmy(died)}"),
            ("Nơi chết:", rng.choice(["Tại nhà riêng", f"Bệnh viện Đa khoa tỉnh {province}"])),
            ("Nguyên nhân chết:", cause),
            ("Họ, chữ đệm, tên người đi khai tử:", declarant.full_name),
            ("Giấy tờ tùy thân:", card_phrase(declarant, registered)),
            ("Nơi đăng ký khai tử:", ubnd(commune, province, registered)),
            ("Ngày, tháng, năm đăng ký:", dmy(registered))]
    if copy:
        rows.append(("Số đăng ký:", f"{reg_number}, Quyển số: {reg_book}"))
    header = two_column_header(letterhead_ubnd(commune, province, issued),
                               f'<div class="i mt">{esc(title_name(commune))}, {long_date(issued)}</div>',
                               f'<div class="mt">Số: {esc(number)}</div>')
    title_extra = '<div class="c b">(BẢN SAO)</div>' if copy else ""
    body = (header + f'<div class="c b lg mt2">TRÍCH LỤC KHAI TỬ</div>{title_extra}'
            + f'<div class="mt">{printed_rows(rows)}</div>'
            + sign_block(rng, ["NGƯỜI KÝ TRÍCH LỤC"], officials(rng), seal_text=f"ỦY BAN NHÂN DÂN {commune}",
                         note="(Ký, ghi rõ họ, chữ đệm, tên, chức vụ, đóng dấu)"))
    return Paper(
        doc_type="trich_luc_khai_tu", title="TRÍCH LỤC KHAI TỬ", pages=[body], owner_citizen_id=deceased.citizen_id,
        ids_on_document=[deceased.citizen_id, declarant.citizen_id], issue_date=issued,
        parties=[deceased.citizen_id],
        fields={"full_name": deceased.full_name, "birth_date": dmy(deceased.birth_date), "sex": deceased.sex,
                "citizen_id": deceased.citizen_id, "document_number": number, "issuing_authority": authority},
        css=paper_css(look, margins_mm=(15, 15, 12, 25), line_height=1.32),
        template="tlkt-2024-ban-sao" if copy else "tlkt-2020-ban-chinh")


def trich_luc_khai_tu_ban_sao(rng: random.Random, cast: Cast) -> Paper:
    return trich_luc_khai_tu(rng, cast, copy=True)


def giay_chung_tu(rng: random.Random, cast: Cast) -> Paper:
    """The Decree 158/2005 GIẤY CHỨNG TỬ filled by hand (2006-2015): an old 9-digit CMND if any."""
    deceased, died = _death(rng, cast, date(2006, 1, 1), date(2015, 12, 1))
    declarant = cast.owner
    registered = day_between(rng, died, add_months(died, 1))
    commune, province = commune_of(deceased), province_of(deceased)
    number, book = book_number(rng, registered.year)
    look = pick_look(rng, "serif", (12.0, 13.0))
    authority = ubnd(commune, province, registered)
    rows = [("Họ và tên:", deceased.name_proper), ("Giới tính:", deceased.sex),
            ("Ngày, tháng, năm sinh:", dmy(deceased.birth_date)), ("Dân tộc:", "Kinh"),
            ("Quốc tịch:", "Việt Nam"), ("Nơi thường trú cuối cùng:", residence(deceased)),
            ("Số Giấy CMND:", deceased.cmnd or "không có"),
            ("Đã chết vào lúc:", f"{rng.randrange(1, 23)} giờ, ngày {dmy(died)}"),
            ("Nơi chết:", "Tại nhà"), ("Nguyên nhân chết:", rng.choice(["Bệnh già", "Bệnh"])),
            ("Họ tên người đi khai tử:", declarant.name_proper),
            ("Quan hệ với người chết:", "Con"),
            ("Nơi đăng ký khai tử:", authority),
            ("Ngày đăng ký:", dmy(registered))]
    body = (f'<div class="c">{motto_block()}</div>'
            f'<div class="row2 mt"><div>Số: {hand(rng, number)}</div><div class="r">Quyển số: {hand(rng, book)}</div></div>'
            '<div class="c b xl mt">GIẤY CHỨNG TỬ</div>'
            f'<div class="mt">{hand_rows(rng, rows)}</div>'
            + sign_block(rng, ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], officials(rng), seal_text=f"UBND {commune}",
                         width="50%"))
    return Paper(
        doc_type="trich_luc_khai_tu", title="GIẤY CHỨNG TỬ", pages=[body], owner_citizen_id=deceased.citizen_id,
        ids_on_document=[], issue_date=registered, parties=[deceased.citizen_id],
        fields={"full_name": deceased.name_proper, "birth_date": dmy(deceased.birth_date), "sex": deceased.sex,
                "document_number": number, "issuing_authority": authority},
        css=paper_css(look, ".sheet { border: 0; }", margins_mm=(18, 18, 15, 22), line_height=1.3),
        template="gct-2006-viet-tay")


TEMPLATES = {
    "giay_khai_sinh": [gks_2020_ban_chinh, gks_2016_ban_chinh, gks_2024_ban_chinh, trich_luc_khai_sinh,
                       gks_ban_sao_viet_tay],
    "giay_chung_nhan_ket_hon": [gcnkh_ban_chinh, trich_luc_ket_hon, gcnkh_viet_tay],
    "xac_nhan_tinh_trang_hon_nhan": [xnthn_2020, xnthn_2024, xnthn_viet_tay],
    "trich_luc_khai_tu": [trich_luc_khai_tu, trich_luc_khai_tu_ban_sao, giay_chung_tu],
}
