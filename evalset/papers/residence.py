"""Residence papers: the confirmation of residence information (form CT07 of Circular
55/2021/TT-BCA, reissued by Circular 66/2023/TT-BCA) and the old household book (sổ hộ khẩu,
abolished in 2023), filled by hand with old ID card numbers.
"""

from __future__ import annotations

import random
from datetime import date

from evalset.paper import Paper
from evalset.papers.civil import printed_rows, residence
from evalset.papers.common import (
    adult_day, commune_of, day_between, district_for, dmy, dotted, esc, hand, honorific, long_date,
    motto_block, officials, origin_commune, origin_province, paper_css, pick_look, province_of, sign_block,
    title_name, two_column_header)
from evalset.people import Cast
from samples.models import Citizen


def _household(cast: Cast) -> list[tuple[Citizen, str]]:
    head = cast.owner
    members = [(head, "Chủ hộ"), (cast.spouse, "Vợ" if head.sex == "Nam" else "Chồng")]
    if cast.child and cast.child.birth_date.year >= 2000:
        members.append((cast.child, "Con"))
    return members


def _police(commune: str, province: str) -> list[str]:
    return [f"CÔNG AN TỈNH {province.upper()}", f"CÔNG AN {commune.upper()}"]


def xac_nhan_cu_tru(rng: random.Random, cast: Cast, variant: str = "2021") -> Paper:
    """Xác nhận thông tin về cư trú (form CT07 of Circular 55/2021/TT-BCA, reissued by Circular
    66/2023): the person, the head of household, the household members in a table."""
    person = cast.owner
    issued = day_between(rng, date(2022, 1, 10) if variant == "2021" else date(2023, 12, 1), date(2026, 9, 30))
    commune, province = commune_of(person), province_of(person)
    number = f"{rng.randint(100, 9800)}/XN" if variant == "2021" else f"CT07-{rng.randint(1000, 99999)}"
    authority = f"CÔNG AN {commune.upper()}"
    look = pick_look(rng, "sans" if variant == "2023" else "serif", (11.0, 12.5))
    members = _household(cast)
    table = ('<table class="grid mt sm"><tr><th>TT</th><th>Họ, chữ đệm và tên</th><th>Ngày, tháng, năm sinh</th>'
             '<th>Giới tính</th><th>Số định danh cá nhân</th><th>Quan hệ với chủ hộ</th></tr>'
             + "".join(f"<tr><td>{i}</td><td>{esc(m.full_name)}</td><td>{dmy(m.birth_date)}</td><td>{m.sex}</td>"
                       f"<td>{m.citizen_id}</td><td>{esc(rel)}</td></tr>" for i, (m, rel) in enumerate(members, 1))
             + "</table>")
    rows = [("Họ, chữ đệm và tên:", person.full_name), ("Ngày, tháng, năm sinh:", dmy(person.birth_date)),
            ("Giới tính:", person.sex), ("Số định danh cá nhân:", person.citizen_id),
            ("Nơi thường trú:", residence(person)), ("Nơi tạm trú:", "Không"),
            ("Nơi ở hiện tại:", residence(person)),
            ("Họ, chữ đệm và tên chủ hộ:", person.full_name), ("Quan hệ với chủ hộ:", "Chủ hộ")]
    header = two_column_header(_police(commune, province),
                               f'<div class="i mt">{esc(title_name(commune))}, {long_date(issued)}</div>',
                               f'<div class="mt">Số: {esc(number)}</div>', left_width=40)
    form = '<div class="r sm">Mẫu CT07 ban hành kèm theo Thông tư số 66/2023/TT-BCA</div>' if variant == "2023" else ""
    body = (form + header + '<div class="c b lg mt2">XÁC NHẬN THÔNG TIN VỀ CƯ TRÚ</div>'
            + f'<p class="mt">Theo đề nghị của {honorific(person).lower()} {esc(person.name_proper)}, '
              f'Công an {esc(commune)} xác nhận thông tin về cư trú như sau:</p>'
            + printed_rows(rows)
            + '<p class="b">Thông tin về các thành viên trong hộ gia đình:</p>' + table
            + sign_block(rng, ["TRƯỞNG CÔNG AN " + commune.split(" ")[0].upper()], officials(rng),
                         seal_text=f"CÔNG AN {commune}", note="(Ký, ghi rõ họ tên, đóng dấu)"))
    ids = [person.citizen_id] + [m.citizen_id for m, _ in members if m is not person]
    return Paper(
        doc_type="xac_nhan_cu_tru", title="XÁC NHẬN THÔNG TIN VỀ CƯ TRÚ", pages=[body],
        owner_citizen_id=person.citizen_id, ids_on_document=ids, issue_date=issued,
        parties=[person.citizen_id],
        fields={"full_name": person.full_name, "birth_date": dmy(person.birth_date), "sex": person.sex,
                "citizen_id": person.citizen_id, "document_number": number, "issuing_authority": authority},
        css=paper_css(look, margins_mm=(14, 14, 12, 22), line_height=1.3), template=f"ct07-{variant}")


def xac_nhan_cu_tru_2023(rng: random.Random, cast: Cast) -> Paper:
    return xac_nhan_cu_tru(rng, cast, "2023")


def so_ho_khau(rng: random.Random, cast: Cast) -> Paper:
    """Two pages of an old household book (before 2023): the cover page with the household's
    address and the head's page, filled by hand; old CMND numbers, not personal IDs."""
    head = cast.owner
    opened = day_between(rng, max(adult_day(head), date(2000, 1, 1)), date(2019, 12, 31))
    commune, province = commune_of(head), province_of(head)
    number = f"{rng.randint(10**8, 10**9 - 1)}"
    look = pick_look(rng, "serif", (10.5, 11.0))
    authority = f"CÔNG AN {district_for(commune).upper()}"
    cover = (f'<div class="c">{motto_block()}</div><div class="c b xl mt2">SỔ HỘ KHẨU</div>'
             f'<div class="c mt">Số: {hand(rng, number)}</div>'
             + dotted(rng, "Họ và tên chủ hộ: ", head.name_proper)
             + dotted(rng, "Số nhà, đường phố, thôn, ấp: ", head.address.split(",")[0])
             + dotted(rng, "Xã, phường, thị trấn: ", title_name(commune))
             + dotted(rng, "Quận, huyện, thị xã: ", title_name(district_for(commune)))
             + dotted(rng, "Tỉnh, thành phố: ", province)
             + dotted(rng, "Ngày cấp: ", dmy(opened))
             + f'<div class="c b mt">{esc(authority)}</div>'
             + sign_block(rng, [f"TRƯỞNG CÔNG AN {district_for(commune).split(' ')[0].upper()}"], officials(rng),
                          seal_text=f"CÔNG AN {district_for(commune)}", width="55%"))

    def member_page(person: Citizen, relation: str) -> str:
        return (dotted(rng, "Họ và tên: ", person.name_proper) + dotted(rng, "Họ và tên gọi khác (nếu có): ", "")
                + dotted(rng, "Ngày, tháng, năm sinh: ", dmy(person.birth_date), after="  Giới tính: " + person.sex)
                + dotted(rng, "Nơi sinh: ", f"{origin_commune(person)}, {origin_province(person)}")
                + dotted(rng, "Nguyên quán: ", person.place_of_origin)
                + dotted(rng, "Dân tộc: ", "Kinh", after="  Tôn giáo: Không")
                + dotted(rng, "Quốc tịch: ", "Việt Nam")
                + dotted(rng, "CMND số: ", person.cmnd or "")
                + dotted(rng, "Nghề nghiệp, nơi làm việc: ", rng.choice(["Làm ruộng", "Công nhân", "Buôn bán", "Giáo viên"]))
                + dotted(rng, "Quan hệ với chủ hộ: ", relation))
    inside = ('<div class="c b lg">CHỦ HỘ</div>' + member_page(head, "Chủ hộ")
              + '<div class="c b lg mt2">QUAN HỆ VỚI CHỦ HỘ</div>'
              + member_page(cast.spouse, "Vợ" if head.sex == "Nam" else "Chồng"))
    return Paper(
        doc_type="xac_nhan_cu_tru", title="SỔ HỘ KHẨU", pages=[cover, inside], owner_citizen_id=head.citizen_id,
        ids_on_document=[], issue_date=opened, parties=[head.citizen_id],
        fields={"full_name": head.name_proper, "birth_date": dmy(head.birth_date), "document_number": number,
                "issuing_authority": authority},
        css=paper_css(look, ".sheet { background: #fdf9f0; }", margins_mm=(12, 12, 10, 14), line_height=1.25),
        size_mm=(148.0, 210.0), template="so-ho-khau-2007")


TEMPLATES = {"xac_nhan_cu_tru": [xac_nhan_cu_tru, xac_nhan_cu_tru_2023, so_ho_khau]}
