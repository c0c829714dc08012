"""Declarations (tờ khai) and applications (đơn) as citizens hand them in: printed forms whose
blanks are filled by hand in blue ink, IDs written in the boxes or in spaced groups.

Forms after: tờ khai đăng ký khai sinh / đăng ký lại khai sinh and tờ khai đăng ký kết hôn
(Circular 04/2020/TT-BTP), tờ khai Căn cước CC01 (Circular 17/2024/TT-BCA), tờ khai thay đổi
thông tin cư trú CT01 (Circular 66/2023/TT-BCA); đơn đăng ký biến động đất đai (mẫu 11/ĐK),
đơn đề nghị trợ giúp xã hội (mẫu 1a, Decree 20/2021/NĐ-CP), đơn đề nghị cấp giấy phép xây
dựng (mẫu 01, Decree 15/2021/NĐ-CP) and a đơn xin xác nhận written wholly by hand.
"""

from __future__ import annotations

import random
from datetime import date

from evalset.paper import Paper
from evalset.papers.common import (
    citizen_sign, commune_of, date_in_words, day_between, digit_boxes, district_for, dmy, dotted, esc, hand,
    honorific, id_value, lined_css, long_date, motto_block, origin_commune, origin_province, paper_css,
    pick_look, province_of, spaced_digits, title_name)
from evalset.papers.civil import REFORM, birth_place
from evalset.people import TODAY, Cast
from samples.models import Citizen


def _filed(rng: random.Random) -> date:
    return day_between(rng, date(2025, 9, 1), TODAY)


def _top(title: str, subtitle: str = "", form_code: str = "") -> str:
    code = f'<div class="r sm">{esc(form_code)}</div>' if form_code else ""
    sub = f'<div class="c i">{esc(subtitle)}</div>' if subtitle else ""
    return f'{code}<div class="c">{motto_block()}</div><div class="c b lg mt">{esc(title)}</div>{sub}'


def _addressee(rng: random.Random, to: str) -> str:
    return f'<div class="c mt">Kính gửi: {hand(rng, to)}</div>'


def _made_at(rng: random.Random, place: str, day: date) -> str:
    return (f'<div class="r i mt">{hand(rng, title_name(place))}, ngày {hand(rng, f"{day.day:02d}")} tháng '
            f'{hand(rng, str(day.month))} năm {day.year}</div>')


def _form_paper(doc_type: str, title: str, pages: list[str], owner: Citizen, ids: list[str], parties: list[str],
                filed: date, look, template: str, extra_css: str = "", margins=(12, 14, 10, 20),
                fields: dict | None = None, birth_printed: bool = True) -> Paper:
    printed = {"full_name": owner.full_name, "citizen_id": owner.citizen_id}
    if birth_printed:
        printed["birth_date"] = dmy(owner.birth_date)
    return Paper(doc_type=doc_type, title=title, pages=pages, owner_citizen_id=owner.citizen_id,
                 ids_on_document=ids, issue_date=filed, parties=parties,
                 fields={**printed, **(fields or {})},
                 css=paper_css(look, extra_css, margins_mm=margins, line_height=1.3), template=template)


# ---------------------------------------------------------------- tờ khai


def to_khai_khai_sinh(rng: random.Random, cast: Cast) -> Paper:
    """Tờ khai đăng ký khai sinh for a newborn child, or đăng ký lại khai sinh for the applicant
    when the child is grown (the applicant's own birth register was lost)."""
    owner = cast.owner
    filed = _filed(rng)
    newborn = cast.child.birth_date >= date(2024, 1, 1)
    subject = cast.child if newborn else owner
    mother, father = ((cast.spouse, owner) if owner.sex == "Nam" else (owner, cast.spouse)) if newborn \
        else (cast.mother, cast.father)
    look = pick_look(rng, rng.choice(["serif", "sans"]), (11.5, 12.5))
    commune = commune_of(owner)
    to = f"Ủy ban nhân dân {commune}"
    title = "TỜ KHAI ĐĂNG KÝ KHAI SINH" if newborn else "TỜ KHAI ĐĂNG KÝ LẠI KHAI SINH"
    owner_id = id_value(rng, owner.citizen_id)
    rows = [dotted(rng, "Họ, chữ đệm, tên người yêu cầu: ", owner.full_name),
            dotted(rng, "Nơi cư trú: ", owner.address),
            dotted(rng, "Giấy tờ tùy thân: ", f"CCCD số {owner_id}"),
            dotted(rng, "Quan hệ với người được khai sinh: ", "cha" if newborn and owner.sex == "Nam" else
                   ("mẹ" if newborn else "bản thân")),
            '<p class="b mt">Đề nghị cơ quan đăng ký khai sinh cho người dưới đây:</p>',
            dotted(rng, "Họ, chữ đệm, tên: ", subject.full_name),
            dotted(rng, "Ngày, tháng, năm sinh: ", dmy(subject.birth_date)),
            dotted(rng, "ghi bằng chữ: ", date_in_words(subject.birth_date).removeprefix("Ngày ")),
            dotted(rng, "Giới tính: ", subject.sex, after="  Dân tộc: Kinh   Quốc tịch: Việt Nam"),
            dotted(rng, "Nơi sinh: ", birth_place(rng, subject)),
            dotted(rng, "Quê quán: ", subject.place_of_origin),
            dotted(rng, "Họ, chữ đệm, tên người mẹ: ", mother.full_name),
            dotted(rng, "Năm sinh: ", str(mother.birth_date.year), after="  Dân tộc: Kinh   Quốc tịch: Việt Nam"),
            dotted(rng, "Nơi cư trú: ", mother.address),
            dotted(rng, "Họ, chữ đệm, tên người cha: ", father.full_name),
            dotted(rng, "Năm sinh: ", str(father.birth_date.year), after="  Dân tộc: Kinh   Quốc tịch: Việt Nam"),
            dotted(rng, "Nơi cư trú: ", father.address)]
    if not newborn:
        rows.append(dotted(rng, "Đã đăng ký khai sinh tại: ",
                           f"UBND {origin_commune(owner)}, {district_for(origin_commune(owner))}, "
                           f"tỉnh {origin_province(owner)}"))
    body = (_top(title) + _addressee(rng, to) + "".join(rows)
            + '<p class="i">Tôi cam đoan nội dung đề nghị đăng ký khai sinh trên đây là đúng sự thật, được sự thỏa '
              'thuận nhất trí của các bên liên quan theo quy định pháp luật. Tôi chịu hoàn toàn trách nhiệm trước '
              'pháp luật về nội dung cam đoan của mình.</p>'
            + _made_at(rng, commune, filed) + citizen_sign(rng, "Người yêu cầu", owner.name_proper, ink=look.ink,
                                                          note="(Ký, ghi rõ họ, chữ đệm, tên)"))
    parties = [owner.citizen_id, subject.citizen_id] if not newborn else [owner.citizen_id, subject.citizen_id,
                                                                          cast.spouse.citizen_id]
    return _form_paper("to_khai", title, [body], owner, [owner.citizen_id], parties, filed, look,
                       "tk-khai-sinh-2020" if newborn else "tk-dk-lai-khai-sinh-2020", birth_printed=not newborn)


def to_khai_ket_hon(rng: random.Random, cast: Cast) -> Paper:
    """Tờ khai đăng ký kết hôn: the two parties side by side (bên nữ | bên nam), filled by hand."""
    owner, partner = cast.owner, cast.spouse
    wife, husband = (owner, partner) if owner.sex == "Nữ" else (partner, owner)
    filed = _filed(rng)
    look = pick_look(rng, "serif", (11.5, 12.5))
    commune = commune_of(wife)

    def cell(value: str) -> str:
        return hand(rng, value)

    rows = [("Họ, chữ đệm, tên", cell(wife.full_name), cell(husband.full_name)),
            ("Ngày, tháng, năm sinh", cell(dmy(wife.birth_date)), cell(dmy(husband.birth_date))),
            ("Dân tộc", cell("Kinh"), cell("Kinh")), ("Quốc tịch", cell("Việt Nam"), cell("Việt Nam")),
            ("Nơi cư trú", cell(wife.address), cell(husband.address)),
            ("Giấy tờ tùy thân", cell("CCCD số " + spaced_digits(wife.citizen_id, 3)),
             cell("CCCD số " + spaced_digits(husband.citizen_id, 4))),
            ("Kết hôn lần thứ mấy", cell("Lần thứ nhất"), cell("Lần thứ nhất"))]
    table = ('<table class="grid mt"><tr><th style="width:26%">Thông tin</th><th>Bên nữ</th><th>Bên nam</th></tr>'
             + "".join(f"<tr><td>{esc(a)}</td><td>{w}</td><td>{h}</td></tr>" for a, w, h in rows) + "</table>")
    body = (_top("TỜ KHAI ĐĂNG KÝ KẾT HÔN") + _addressee(rng, f"Ủy ban nhân dân {commune}") + table
            + '<p class="i mt">Chúng tôi cam đoan những lời khai trên đây là đúng sự thật, việc kết hôn của chúng '
              'tôi là tự nguyện, không vi phạm quy định của Luật Hôn nhân và gia đình Việt Nam. Chúng tôi chịu '
              'trách nhiệm trước pháp luật về cam đoan của mình.</p>'
            + _made_at(rng, commune, filed)
            + '<div class="row2">' + citizen_sign(rng, "Bên nữ", wife.name_proper, ink=look.ink, width="100%")
            + citizen_sign(rng, "Bên nam", husband.name_proper, ink=look.ink, width="100%") + "</div>")
    return _form_paper("to_khai", "TỜ KHAI ĐĂNG KÝ KẾT HÔN", [body], owner, [wife.citizen_id, husband.citizen_id],
                       [wife.citizen_id, husband.citizen_id], filed, look, "tk-ket-hon-2020")


def to_khai_can_cuoc(rng: random.Random, cast: Cast) -> Paper:
    """Tờ khai Căn cước (CC01): the applicant's ID one digit per box; the parents' and spouse's
    personal ID numbers written on their lines."""
    owner = cast.owner
    filed = _filed(rng)
    look = pick_look(rng, "sans", (10.5, 11.5))
    commune, province = commune_of(owner), province_of(owner)
    spouse = cast.spouse
    relatives = [("cha", cast.father), ("mẹ", cast.mother), ("vợ" if owner.sex == "Nam" else "chồng", spouse)]
    relative_lines = "".join(
        dotted(rng, f"Họ, chữ đệm và tên {role}: ", p.full_name, after=" ")
        + dotted(rng, "Số định danh cá nhân: ", id_value(rng, p.citizen_id)) for role, p in relatives)
    rows = [dotted(rng, "1. Họ, chữ đệm và tên khai sinh: ", owner.full_name),
            dotted(rng, "2. Họ, chữ đệm và tên gọi khác (nếu có): ", ""),
            dotted(rng, "3. Ngày, tháng, năm sinh: ", dmy(owner.birth_date), after=f"  4. Giới tính: {owner.sex}"),
            f'<div class="dl"><span class="lb">5. Số định danh cá nhân: </span>'
            f'<span class="fl">{digit_boxes(rng, owner.citizen_id)}</span></div>',
            dotted(rng, "6. Dân tộc: ", "Kinh", after="  7. Tôn giáo: Không   8. Quốc tịch: Việt Nam"),
            dotted(rng, "9. Tình trạng hôn nhân: ", "Đã kết hôn", after="  10. Nhóm máu (nếu có): "),
            dotted(rng, "11. Nơi đăng ký khai sinh: ", f"{origin_commune(owner)}, tỉnh {origin_province(owner)}"),
            dotted(rng, "12. Quê quán: ", owner.place_of_origin),
            dotted(rng, "13. Nơi thường trú: ", owner.address),
            dotted(rng, "14. Nơi tạm trú: ", ""),
            dotted(rng, "15. Nơi ở hiện tại: ", owner.address),
            dotted(rng, "16. Nghề nghiệp: ", rng.choice(["Nông dân", "Kinh doanh", "Công chức", "Lao động tự do"])),
            '<p>17. Họ, chữ đệm và tên, số định danh cá nhân của cha, mẹ, vợ hoặc chồng:</p>' + relative_lines,
            dotted(rng, "18. Số điện thoại: ", f"09{rng.randrange(10**8):08d}"),
            dotted(rng, "19. Nội dung đề nghị: ", rng.choice(["Cấp đổi thẻ Căn cước", "Cấp lại thẻ Căn cước do bị mất",
                                                              "Cấp đổi do thay đổi thông tin"]))]
    police = f"Công an {commune}" if filed >= REFORM else f"Công an {district_for(commune)}"
    body = (_top("TỜ KHAI CĂN CƯỚC", form_code="Mẫu CC01 ban hành kèm theo Thông tư số 17/2024/TT-BCA")
            + _addressee(rng, f"{police}, tỉnh {province}") + "".join(rows)
            + '<p class="i sm">Tôi xin cam đoan những thông tin kê khai trên là đúng sự thật.</p>'
            + _made_at(rng, commune, filed)
            + citizen_sign(rng, "NGƯỜI ĐỀ NGHỊ", owner.name_proper, ink=look.ink))
    ids = [owner.citizen_id] + [p.citizen_id for _, p in relatives]
    return _form_paper("to_khai", "TỜ KHAI CĂN CƯỚC", [body], owner, ids, [owner.citizen_id], filed, look,
                       "tk-can-cuoc-cc01-2024", margins=(10, 12, 8, 16))


def to_khai_cu_tru(rng: random.Random, cast: Cast) -> Paper:
    """Tờ khai thay đổi thông tin cư trú (CT01): the household members moving with the applicant
    in a hand-filled table."""
    owner = cast.owner
    filed = _filed(rng)
    look = pick_look(rng, rng.choice(["serif", "sans"]), (11.0, 12.0))
    commune, province = commune_of(owner), province_of(owner)
    members = [(cast.spouse, "Vợ" if owner.sex == "Nam" else "Chồng")]
    if cast.child and cast.child.birth_date.year >= 2006:
        members.append((cast.child, "Con"))
    table = ('<table class="grid sm"><tr><th>TT</th><th>Họ, chữ đệm và tên</th><th>Ngày, tháng, năm sinh</th>'
             '<th>Giới tính</th><th>Số định danh cá nhân</th><th>Mối quan hệ với chủ hộ</th></tr>'
             + "".join(f"<tr><td>{i}</td><td>{hand(rng, p.name_proper)}</td><td>{hand(rng, dmy(p.birth_date))}</td>"
                       f"<td>{hand(rng, p.sex)}</td><td>{hand(rng, spaced_digits(p.citizen_id, 3))}</td>"
                       f"<td>{hand(rng, rel)}</td></tr>" for i, (p, rel) in enumerate(members, 1))
             + "</table>")
    new_home = f"{rng.randrange(1, 200)} {rng.choice(['thôn Tân Lập', 'đường Nguyễn Trãi', 'khu phố 2'])}, {commune}"
    rows = [dotted(rng, "1. Họ, chữ đệm và tên: ", owner.full_name),
            dotted(rng, "2. Ngày, tháng, năm sinh: ", dmy(owner.birth_date), after=f"   3. Giới tính: {owner.sex}"),
            f'<div class="dl"><span class="lb">4. Số định danh cá nhân: </span>'
            f'<span class="fl">{digit_boxes(rng, owner.citizen_id)}</span></div>',
            dotted(rng, "5. Số điện thoại liên hệ: ", f"08{rng.randrange(10**8):08d}", after="   6. Email: "),
            dotted(rng, "7. Họ, chữ đệm và tên chủ hộ: ", owner.full_name, after="   8. Mối quan hệ với chủ hộ: Chủ hộ"),
            dotted(rng, "9. Số định danh cá nhân của chủ hộ: ", spaced_digits(owner.citizen_id, 4)),
            dotted(rng, "10. Nội dung đề nghị: ", f"Đăng ký thường trú tại {new_home}"),
            '<p>11. Những thành viên trong hộ gia đình cùng thay đổi:</p>' + table]
    body = (_top("TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ", form_code="Mẫu CT01 ban hành kèm theo Thông tư số 66/2023/TT-BCA")
            + _addressee(rng, f"Công an {commune}, tỉnh {province}") + "".join(rows)
            + _made_at(rng, commune, filed)
            + '<div class="row2 sm">'
            + citizen_sign(rng, "Ý KIẾN CỦA CHỦ HỘ", owner.name_proper, ink=look.ink, width="100%")
            + citizen_sign(rng, "NGƯỜI KÊ KHAI", owner.name_proper, ink=look.ink, width="100%") + "</div>")
    ids = [owner.citizen_id] + [p.citizen_id for p, _ in members]
    return _form_paper("to_khai", "TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ", [body], owner, ids,
                       [owner.citizen_id] + [p.citizen_id for p, _ in members], filed, look, "tk-cu-tru-ct01-2023")


# ---------------------------------------------------------------- đơn


def don_bien_dong_dat(rng: random.Random, cast: Cast) -> Paper:
    """Đơn đăng ký biến động đất đai, tài sản gắn liền với đất (mẫu 11/ĐK), filled by hand."""
    owner = cast.owner
    filed = _filed(rng)
    look = pick_look(rng, "serif", (11.0, 12.0))
    commune, province = commune_of(owner), province_of(owner)
    title = "ĐƠN ĐĂNG KÝ BIẾN ĐỘNG ĐẤT ĐAI, TÀI SẢN GẮN LIỀN VỚI ĐẤT"
    serial = f"{rng.choice(['CS', 'CT', 'DA'])} {rng.randrange(10**6):06d}"
    rows = [dotted(rng, "1. Người sử dụng đất, chủ sở hữu tài sản gắn liền với đất: ", ""),
            dotted(rng, "1.1. Tên (viết chữ in hoa): ", owner.full_name),
            dotted(rng, "1.2. Giấy tờ nhân thân/pháp nhân: ", f"CCCD số {id_value(rng, owner.citizen_id)}"),
            dotted(rng, "1.3. Địa chỉ: ", owner.address),
            dotted(rng, "2. Giấy chứng nhận đã cấp: Số vào sổ cấp GCN: ", f"CS{rng.randint(100, 9999):05d}"),
            dotted(rng, "Số phát hành GCN: ", serial, after=f"  Ngày cấp: {dmy(day_between(rng, date(2012, 1, 1), date(2023, 1, 1)))}"),
            dotted(rng, "3. Nội dung biến động về: ", rng.choice(["Chuyển nhượng quyền sử dụng đất",
                                                                  "Tặng cho quyền sử dụng đất",
                                                                  "Thay đổi thông tin người sử dụng đất"])),
            dotted(rng, "3.1. Nội dung trên GCN trước khi biến động: ", f"Thửa đất số {rng.randint(10, 900)}, "
                   f"tờ bản đồ số {rng.randint(1, 60)}"),
            dotted(rng, "3.2. Nội dung sau khi biến động: ", f"Chuyển cho {honorific(cast.others[0]).lower()} "
                   f"{cast.others[0].name_proper}"),
            dotted(rng, "4. Lý do biến động: ", "Theo hợp đồng đã được chứng thực"),
            dotted(rng, "5. Giấy tờ liên quan nộp kèm theo: ", "Hợp đồng, Giấy chứng nhận bản gốc")]
    body = (_top(title, form_code="Mẫu số 11/ĐK")
            + _addressee(rng, f"Chi nhánh Văn phòng đăng ký đất đai {district_for(commune)}")
            + "".join(rows)
            + '<p class="i">Tôi cam đoan nội dung kê khai trên đơn là đúng sự thật, nếu sai tôi hoàn toàn chịu '
              'trách nhiệm trước pháp luật.</p>'
            + _made_at(rng, commune, filed) + citizen_sign(rng, "Người viết đơn", owner.name_proper, ink=look.ink)
            + f'<div class="sm">Tỉnh {esc(province)}</div>')
    return _form_paper("don_de_nghi", title, [body], owner, [owner.citizen_id], [owner.citizen_id], filed, look,
                       "don-11dk-2023", birth_printed=False)


def don_tro_giup_xa_hoi(rng: random.Random, cast: Cast) -> Paper:
    """Đơn đề nghị trợ giúp xã hội (mẫu 1a) for an elderly parent, filed by the applicant; the
    parent's and applicant's IDs written by hand; typed answers for the form's check lines."""
    owner = cast.owner
    elder = cast.mother
    filed = _filed(rng)
    look = pick_look(rng, rng.choice(["serif", "sans"]), (11.5, 12.5))
    commune = commune_of(owner)
    title = "ĐƠN ĐỀ NGHỊ TRỢ GIÚP XÃ HỘI"
    rows = [dotted(rng, "1. Họ và tên người được trợ giúp: ", elder.full_name),
            dotted(rng, "Ngày, tháng, năm sinh: ", dmy(elder.birth_date), after=f"   Giới tính: {elder.sex}"),
            dotted(rng, "Số định danh cá nhân: ", id_value(rng, elder.citizen_id)),
            dotted(rng, "Nơi cư trú: ", elder.address),
            dotted(rng, "2. Đang hưởng chế độ nào sau đây: ", "Không"),
            dotted(rng, "3. Thuộc hộ nghèo, hộ cận nghèo: ", rng.choice(["Không", "Hộ cận nghèo"])),
            dotted(rng, "4. Người đứng tên nhận thay: ", owner.full_name),
            dotted(rng, "Số định danh cá nhân: ", id_value(rng, owner.citizen_id)),
            dotted(rng, "Quan hệ với người được trợ giúp: ", "Con"),
            dotted(rng, "5. Đề nghị: ", "Hưởng trợ cấp xã hội hằng tháng đối với người cao tuổi")]
    body = (_top(title, subtitle="(Áp dụng đối với đối tượng quy định tại Điều 5 Nghị định số 20/2021/NĐ-CP)",
                 form_code="Mẫu số 1a")
            + _addressee(rng, f"Ủy ban nhân dân {commune}") + "".join(rows)
            + '<p class="i">Tôi xin cam đoan những lời khai trên là đúng sự thật, nếu có điều gì khai không đúng, '
              'tôi xin chịu trách nhiệm hoàn toàn.</p>'
            + _made_at(rng, commune, filed)
            + '<div class="row2">' + citizen_sign(rng, "Người nhận thay", owner.name_proper, ink=look.ink, width="100%")
            + citizen_sign(rng, "Người viết đơn", owner.name_proper, ink=look.ink, width="100%") + "</div>")
    return _form_paper("don_de_nghi", title, [body], owner, [elder.citizen_id, owner.citizen_id],
                       [owner.citizen_id, elder.citizen_id], filed, look, "don-tro-giup-1a-2021",
                       birth_printed=False)


def don_xin_xac_nhan(rng: random.Random, cast: Cast) -> Paper:
    """A đơn written wholly by hand on ruled paper: the printed look is gone, only the motto
    and the title keep their places; the ID in groups of digits."""
    owner = cast.owner
    filed = _filed(rng)
    look = pick_look(rng, "serif", (12.5, 13.5))
    commune = commune_of(owner)
    what = rng.choice([("hoàn cảnh gia đình khó khăn", "bổ sung hồ sơ xin miễn giảm học phí cho con"),
                       ("đang cư trú tại địa phương", "bổ sung hồ sơ vay vốn ngân hàng chính sách xã hội"),
                       ("chưa được cấp giấy chứng nhận quyền sử dụng đất", "làm thủ tục cấp giấy chứng nhận")])
    lines = [f"Tôi tên là: {owner.name_proper}, sinh ngày {dmy(owner.birth_date)}. Số CCCD: "
             f"{spaced_digits(owner.citizen_id, 3)}, cấp ngày {dmy(owner.issue_date)}. Nơi thường trú: {owner.address}.",
             f"Nay tôi làm đơn này kính đề nghị Ủy ban nhân dân {commune} xác nhận cho tôi là {what[0]}, "
             f"để {what[1]}.",
             "Tôi xin cam đoan những điều trình bày trên là đúng sự thật, nếu sai tôi xin hoàn toàn chịu trách "
             "nhiệm trước pháp luật.",
             "Tôi xin chân thành cảm ơn!"]
    paragraphs = "".join(f'<p class="hl">{esc(line)}</p>' for line in lines)
    body = (f'<div class="c">{motto_block()}</div><div class="c b lg mt2">ĐƠN XIN XÁC NHẬN</div>'
            '<div class="ruled mt">'
            f'<p class="hl c" style="text-indent:0">Kính gửi: Ủy ban nhân dân {esc(commune)}</p>{paragraphs}'
            f'<p class="hl r">{esc(title_name(commune))}, {long_date(filed, zero=False)}</p></div>'
            + citizen_sign(rng, "Người làm đơn", owner.name_proper, ink=look.ink, note=""))
    return _form_paper("don_de_nghi", "ĐƠN XIN XÁC NHẬN", [body], owner, [owner.citizen_id], [owner.citizen_id],
                       filed, look, "don-xin-xac-nhan-viet-tay", extra_css=lined_css(look), margins=(18, 16, 14, 22),
                       fields={"full_name": owner.name_proper})


def don_giay_phep_xay_dung(rng: random.Random, cast: Cast) -> Paper:
    """Đơn đề nghị cấp giấy phép xây dựng (mẫu 01, Decree 15/2021), typed on a computer, two
    pages (the applicant and the site; the building's figures and the undertaking)."""
    owner = cast.owner
    filed = _filed(rng)
    look = pick_look(rng, rng.choice(["serif", "sans"]), (12.0, 13.0))
    commune, province = commune_of(owner), province_of(owner)
    title = "ĐƠN ĐỀ NGHỊ CẤP GIẤY PHÉP XÂY DỰNG"
    area = round(rng.uniform(60, 240), 1)
    floors = rng.randint(1, 4)

    def typed(label: str, value: str) -> str:
        return dotted(rng, label, value, handwritten=False)

    page1 = (_top(title, subtitle="(Sử dụng cho công trình: Nhà ở riêng lẻ)", form_code="Mẫu số 01")
             + f'<div class="c mt">Kính gửi: Ủy ban nhân dân {esc(commune)}</div>'
             + '<p class="b">1. Thông tin về chủ đầu tư:</p>'
             + typed("- Tên chủ đầu tư (tên chủ hộ): ", owner.full_name)
             + typed("- Người đại diện: ", owner.name_proper)
             + typed("- Số định danh cá nhân: ", owner.citizen_id)
             + typed("- Địa chỉ liên hệ: ", owner.address)
             + typed("- Số điện thoại: ", f"09{rng.randrange(10**8):08d}")
             + '<p class="b">2. Thông tin công trình:</p>'
             + typed("- Địa điểm xây dựng: Lô đất số: ", str(rng.randint(1, 90)))
             + typed("- Diện tích: ", f"{area:.1f} m²")
             + typed("- Tại: ", f"{owner.address.split(',')[0]}, {commune}, tỉnh {province}")
             + '<p class="b">3. Nội dung đề nghị cấp phép:</p>'
             + typed("- Loại công trình: ", "Nhà ở riêng lẻ")
             + typed("- Cấp công trình: ", "Cấp III"))
    page2 = (typed("- Diện tích xây dựng tầng 1 (tầng trệt): ", f"{area * 0.8:.1f} m²")
             + typed("- Tổng diện tích sàn: ", f"{area * 0.8 * floors:.1f} m²")
             + typed("- Chiều cao công trình: ", f"{3.6 * floors + 1.2:.1f} m")
             + typed("- Số tầng: ", str(floors))
             + '<p class="b">4. Đơn vị hoặc người chủ nhiệm thiết kế:</p>'
             + typed("- Tên đơn vị thiết kế: ", rng.choice(["Công ty TNHH Tư vấn xây dựng Phú Thịnh",
                                                            "Công ty Cổ phần Kiến trúc An Khang"]))
             + '<p class="b">5. Dự kiến thời gian hoàn thành công trình: </p>'
             + typed("", f"{rng.randint(4, 12)} tháng")
             + '<p class="b">6. Cam kết:</p>'
             + '<p>Tôi xin cam đoan làm theo đúng giấy phép được cấp, nếu sai tôi xin hoàn toàn chịu trách nhiệm và '
               'bị xử lý theo quy định của pháp luật.</p>'
             + f'<p class="r i mt">{esc(title_name(commune))}, {long_date(filed)}</p>'
             + citizen_sign(rng, "NGƯỜI LÀM ĐƠN", owner.name_proper, ink="#111", note="(Ký, ghi rõ họ tên)")
             + '<p class="c sm mt2">Trang 2/2</p>')
    return _form_paper("don_de_nghi", title, [page1 + '<p class="c sm mt2">Trang 1/2</p>', page2], owner,
                       [owner.citizen_id], [owner.citizen_id], filed, look, "don-gpxd-01-2021",
                       margins=(18, 16, 14, 25), birth_printed=False)


TEMPLATES = {
    "to_khai": [to_khai_khai_sinh, to_khai_ket_hon, to_khai_can_cuoc, to_khai_cu_tru],
    "don_de_nghi": [don_bien_dong_dat, don_tro_giup_xa_hoi, don_xin_xac_nhan, don_giay_phep_xay_dung],
}
