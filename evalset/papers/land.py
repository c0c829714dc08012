"""Land-use right certificates of three generations.

- the red book (sổ đỏ) of the 1993 and 2003 Land Laws, issued by the district until 2009:
  "GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT", a household's parcels in one table, old ID cards;
- the pink book (sổ hồng) of Circulars 17/2009 and 23/2014/TT-BTNMT: "... QUYỀN SỞ HỮU NHÀ Ở
  VÀ TÀI SẢN KHÁC GẮN LIỀN VỚI ĐẤT", four pages (owners; parcel and house; sketch; changes);
- the form of Circular 10/2024/TT-BTNMT (from August 2024): "... QUYỀN SỞ HỮU TÀI SẢN GẮN LIỀN
  VỚI ĐẤT", one sheet printed both sides, the owners' personal ID numbers and a QR code.
"""

from __future__ import annotations

import random
from datetime import date

from evalset.paper import Paper
from evalset.papers.common import (
    commune_of, day_between, district_for, dmy, esc, long_date, motto_block, number_words, officials,
    paper_css, pick_look, province_of, qr_code, sign_block, title_name)
from evalset.papers.civil import REFORM
from evalset.people import Cast
from samples.models import Citizen

RED_TITLE = "GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT"
PINK_TITLE = "GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT, QUYỀN SỞ HỮU NHÀ Ở VÀ TÀI SẢN KHÁC GẮN LIỀN VỚI ĐẤT"
NEW_TITLE = "GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT, QUYỀN SỞ HỮU TÀI SẢN GẮN LIỀN VỚI ĐẤT"
BOOK_MM = (190.0, 265.0)  # a pink book's page

_USES = [("Đất ở tại nông thôn", "ONT", "Lâu dài"), ("Đất ở tại đô thị", "ODT", "Lâu dài"),
         ("Đất trồng cây lâu năm", "CLN", "Đến ngày 15/10/2063"), ("Đất trồng lúa", "LUC", "Đến ngày 01/07/2064"),
         ("Đất nuôi trồng thủy sản", "NTS", "Đến ngày 15/10/2063")]
_ORIGINS = ["Nhà nước công nhận quyền sử dụng đất như giao đất có thu tiền sử dụng đất",
            "Nhận chuyển nhượng đất được công nhận quyền sử dụng đất như giao đất không thu tiền sử dụng đất",
            "Nhận thừa kế đất được công nhận quyền sử dụng đất", "Nhận tặng cho đất được công nhận QSDĐ"]


def area_words(area: float) -> str:
    whole, tenth = int(area), round((area - int(area)) * 10)
    words = number_words(whole) + (f" phẩy {number_words(tenth)}" if tenth else "")
    return words[0].upper() + words[1:] + " mét vuông"


def make_parcel(rng: random.Random, owner: Citizen, residential: bool) -> dict:
    use = _USES[rng.randrange(2)] if residential else rng.choice(_USES[2:])
    area = round(rng.uniform(60, 420) if residential else rng.uniform(300, 4800), 1)
    return {"number": str(rng.randint(12, 980)), "sheet": str(rng.randint(1, 64)), "area": area,
            "use": use[0], "code": use[1], "term": use[2],
            "address": f"{owner.address.split(',')[0].strip()}, {commune_of(owner)}"}


def _sketch(rng: random.Random, width_mm: float = 80, height_mm: float = 62) -> str:
    """The parcel's sketch: a quadrilateral with its corner numbers and side lengths (drawing only)."""
    pts = [(rng.uniform(8, 30), rng.uniform(8, 24)), (rng.uniform(70, 92), rng.uniform(6, 22)),
           (rng.uniform(72, 94), rng.uniform(52, 70)), (rng.uniform(6, 28), rng.uniform(50, 72))]
    poly = " ".join(f"{x:.1f},{y:.1f}" for x, y in pts)
    labels = "".join(f'<text x="{x - 3:.1f}" y="{y - 2:.1f}" font-size="5">{i}</text>' for i, (x, y) in enumerate(pts, 1))
    sides = "".join(
        f'<text x="{(a[0] + b[0]) / 2:.1f}" y="{(a[1] + b[1]) / 2 + 5:.1f}" font-size="4.5">'
        f'{((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5 / 4:.2f}</text>'
        for a, b in zip(pts, pts[1:] + pts[:1]))
    return (f'<svg data-notext="1" viewBox="0 0 100 80" style="width:{width_mm}mm;height:{height_mm}mm;'
            f'display:block;margin:2mm auto">'
            f'<polygon points="{poly}" fill="#fff7f0" stroke="#000" stroke-width="0.7"/>{labels}{sides}'
            f'<text x="46" y="42" font-size="6" font-weight="bold">{rng.randint(10, 99)}</text></svg>')


def _serial(rng: random.Random, letters: list[str]) -> str:
    return f"{rng.choice(letters)} {rng.randrange(10**6):06d}"


def _couple(cast: Cast) -> tuple[Citizen, Citizen]:
    return (cast.owner, cast.spouse) if cast.owner.sex == "Nam" else (cast.spouse, cast.owner)


def red_book(rng: random.Random, cast: Cast) -> Paper:
    """The red book, issued to a household by the district (1995-2008): cover page, then the
    household and its parcels in one table, old 9-digit ID cards (no personal ID number)."""
    husband, wife = _couple(cast)
    owner = cast.owner
    if owner.birth_date.year + 22 > 2008:  # too young for a red book: the parents' book, kept in the family
        husband, wife, owner = cast.father, cast.mother, cast.father
    start = max(date(1995, 1, 1), date(owner.birth_date.year + 22, 1, 1))
    issued = day_between(rng, start, date(2008, 12, 1))
    commune, province = commune_of(owner), province_of(owner)
    district = district_for(commune)
    authority = f"ỦY BAN NHÂN DÂN {district.upper()}"
    serial = _serial(rng, ["Đ", "K", "M", "AA", "AB"])
    book_no = f"{rng.randint(100, 9999):05d}/QSDĐ/{rng.randint(100, 999)}/QĐ-UB"
    look = pick_look(rng, "serif", (11.5, 12.5))
    parcels = [make_parcel(rng, owner, True)] + [make_parcel(rng, owner, False) for _ in range(rng.randint(1, 3))]
    cover = (f'<div class="c mt2">{motto_block()}</div>'
             f'<div class="c b xl mt2" style="color:#a11">{RED_TITLE}</div>'
             f'<div class="c mt2 lg">{esc(authority)}</div>'
             f'<p class="c mt">Căn cứ Luật Đất đai và Quyết định số {rng.randint(100, 999)}/QĐ-UB ngày '
             f'{dmy(issued)} của Ủy ban nhân dân {esc(district)}</p>'
             f'<p class="c b">CHỨNG NHẬN</p>'
             f'<p class="c">Hộ ông (bà): <span class="b">{esc(husband.name_proper)}</span></p>'
             f'<p class="c">Được quyền sử dụng {len(parcels)} thửa đất ghi tại trang 2 và trang 3 của giấy chứng nhận này</p>'
             f'<div class="c mt2 sm">Số phát hành: {esc(serial)}</div>')
    rows = "".join(
        f"<tr><td>{p['sheet']}</td><td>{p['number']}</td><td>{p['area']:.1f}</td><td>{esc(p['code'])}</td>"
        f"<td>{esc(p['term'])}</td><td></td></tr>" for p in parcels)
    people = (f'<p>Ông: <span class="b">{esc(husband.full_name)}</span>, năm sinh: {husband.birth_date.year}, '
              f'CMND số: {esc(husband.cmnd or "...")}</p>'
              f'<p>Bà: <span class="b">{esc(wife.full_name)}</span>, năm sinh: {wife.birth_date.year}, '
              f'CMND số: {esc(wife.cmnd or "...")}</p>'
              f'<p>Địa chỉ thường trú: {esc(owner.address)}</p>')
    inside = ('<div class="b">I. NGƯỜI SỬ DỤNG ĐẤT</div>' + people
              + '<div class="b mt">II. THỬA ĐẤT ĐƯỢC QUYỀN SỬ DỤNG</div>'
              + '<table class="grid sm"><tr><th>Tờ bản đồ số</th><th>Thửa đất số</th><th>Diện tích (m²)</th>'
                '<th>Mục đích sử dụng</th><th>Thời hạn sử dụng</th><th>Ghi chú</th></tr>' + rows + '</table>'
              + f'<p class="mt">Địa chỉ thửa đất: {esc(parcels[0]["address"])}, {esc(district)}, tỉnh {esc(province)}</p>'
              + f'<p class="i r">{esc(title_name(district))}, {long_date(issued)}</p>'
              + sign_block(rng, ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], officials(rng), seal_text=authority)
              + f'<p class="sm">Vào sổ cấp giấy chứng nhận quyền sử dụng đất số: {esc(book_no)}</p>')
    return Paper(
        doc_type="gcn_quyen_su_dung_dat", title=RED_TITLE, pages=[cover, inside], owner_citizen_id=owner.citizen_id,
        ids_on_document=[], issue_date=issued, parties=[husband.citizen_id, wife.citizen_id],
        fields={"full_name": owner.full_name, "birth_date": str(owner.birth_date.year), "document_number": serial,
                "issuing_authority": authority},
        css=paper_css(look, ".sheet:first-child { background: #fff3ee; }", margins_mm=(14, 14, 12, 16)),
        size_mm=BOOK_MM, template="gcn-red-2003")


def pink_book(rng: random.Random, cast: Cast) -> Paper:
    """The pink book (2010-2024), four pages; owners with the ID card they held that day."""
    husband, wife = _couple(cast)
    owner = cast.owner
    start = max(date(2010, 3, 1), date(owner.birth_date.year + 20, 1, 1))
    issued = day_between(rng, start, date(2024, 7, 20))
    modern_card = issued >= date(2016, 6, 1)
    commune, province = commune_of(owner), province_of(owner)
    district = district_for(commune)
    by_department = issued >= date(2015, 1, 1) and rng.random() < 0.5
    authority = (f"SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG TỈNH {province.upper()}" if by_department
                 else f"ỦY BAN NHÂN DÂN {district.upper()}")
    serial = _serial(rng, ["BX", "BY", "CĐ", "CS", "CT", "DA", "DB"])
    book_no = f"CH {rng.randint(100, 9999):05d}" if not by_department else f"CS {rng.randint(100, 99999):05d}"
    look = pick_look(rng, rng.choice(["serif", "serif", "sans"]), (11.0, 12.0))
    parcel = make_parcel(rng, owner, True)

    def card(p: Citizen) -> str:
        if modern_card:
            return f"CCCD số: {p.citizen_id}"
        return f"CMND số: {p.cmnd}" if p.cmnd else "Giấy khai sinh"

    page1 = (f'<div class="c">{motto_block()}</div>'
             f'<div class="c b lg mt" style="color:#b0122a">{PINK_TITLE.replace(", QUYỀN SỞ", ",<br>QUYỀN SỞ")}</div>'
             f'<div class="c mt">{esc(authority)}</div><div class="c i">chứng nhận</div>'
             '<div class="b mt2">I. Người sử dụng đất, chủ sở hữu nhà ở và tài sản khác gắn liền với đất</div>'
             f'<p>Ông: <span class="b">{esc(husband.full_name)}</span>, Sinh năm: {husband.birth_date.year}, '
             f'{esc(card(husband))}</p>'
             f'<p>Địa chỉ thường trú: {esc(husband.address)}</p>'
             f'<p>Bà: <span class="b">{esc(wife.full_name)}</span>, Sinh năm: {wife.birth_date.year}, '
             f'{esc(card(wife))}</p>'
             f'<p>Địa chỉ thường trú: {esc(wife.address)}</p>'
             f'<div class="c mt2 b" style="color:#b0122a">{esc(serial)}</div>')
    house_area = round(parcel["area"] * rng.uniform(0.4, 0.8), 1)
    house = ('<table class="grid sm"><tr><th>Loại nhà ở</th><th>Diện tích xây dựng</th><th>Diện tích sàn</th>'
             '<th>Hình thức sở hữu</th><th>Cấp (Hạng)</th><th>Thời hạn sở hữu</th></tr>'
             f'<tr><td>Nhà ở riêng lẻ</td><td>{house_area:.1f} m²</td><td>{house_area * rng.choice([1, 2, 3]):.1f} m²</td>'
             f'<td>Sở hữu chung</td><td>Cấp {rng.choice(["III", "IV"])}</td><td>-/-</td></tr></table>')
    page2 = ('<div class="b">II. Thửa đất, nhà ở và tài sản khác gắn liền với đất</div>'
             '<div class="b">1. Thửa đất:</div>'
             f'<p>a) Thửa đất số: {parcel["number"]}; &nbsp; b) Tờ bản đồ số: {parcel["sheet"]};</p>'
             f'<p>c) Địa chỉ: {esc(parcel["address"])}, {esc(district)}, tỉnh {esc(province)};</p>'
             f'<p>d) Diện tích: {parcel["area"]:.1f} m², (bằng chữ: {esc(area_words(parcel["area"]))});</p>'
             '<p>đ) Hình thức sử dụng: Sử dụng chung;</p>'
             f'<p>e) Mục đích sử dụng: {esc(parcel["use"])};</p>'
             f'<p>g) Thời hạn sử dụng: {esc(parcel["term"])};</p>'
             f'<p>h) Nguồn gốc sử dụng: {esc(rng.choice(_ORIGINS))}.</p>'
             '<div class="b mt">2. Nhà ở:</div>' + house
             + '<p class="mt">3. Công trình xây dựng khác: -/-</p><p>4. Rừng sản xuất là rừng trồng: -/-</p>'
               '<p>5. Cây lâu năm: -/-</p><p>6. Ghi chú: -/-</p>'
             + f'<p class="i r mt">{esc(title_name(district))}, {long_date(issued)}</p>'
             + sign_block(rng, ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"] if not by_department
                          else ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"], officials(rng), seal_text=authority, width="58%")
             + f'<p class="sm">Số vào sổ cấp GCN: {esc(book_no)}</p>')
    page3 = ('<div class="b">III. Sơ đồ thửa đất, nhà ở và tài sản khác gắn liền với đất</div>' + _sketch(rng)
             + '<div class="b mt">IV. Những thay đổi sau khi cấp Giấy chứng nhận</div>'
             '<table class="grid sm" style="height:80mm"><tr><th style="width:60%">Nội dung thay đổi và cơ sở pháp lý</th>'
             '<th>Xác nhận của cơ quan có thẩm quyền</th></tr><tr><td></td><td></td></tr></table>')
    page4 = ('<div class="b">Người được cấp Giấy chứng nhận không được sửa chữa, tẩy xóa hoặc bổ sung bất kỳ nội '
             'dung nào trong Giấy chứng nhận; khi bị mất hoặc hư hỏng Giấy chứng nhận phải khai báo ngay với cơ quan '
             'cấp Giấy.</div>'
             '<table class="grid sm mt" style="height:120mm"><tr><th style="width:60%">Nội dung thay đổi và cơ sở '
             'pháp lý</th><th>Xác nhận của cơ quan có thẩm quyền</th></tr><tr><td></td><td></td></tr></table>')
    ids = [husband.citizen_id, wife.citizen_id] if modern_card else []
    return Paper(
        doc_type="gcn_quyen_su_dung_dat", title=PINK_TITLE, pages=[page1, page2, page3, page4],
        owner_citizen_id=owner.citizen_id, ids_on_document=ids, issue_date=issued,
        parties=[husband.citizen_id, wife.citizen_id],
        fields={"full_name": owner.full_name, "birth_date": str(owner.birth_date.year), "document_number": serial,
                "issuing_authority": authority},
        css=paper_css(look, ".sheet:first-child { background: #fdf0f0; }", margins_mm=(14, 14, 12, 16),
                      line_height=1.3),
        size_mm=BOOK_MM, template="gcn-pink-2014")


def certificate_2024(rng: random.Random, cast: Cast) -> Paper:
    """The Circular 10/2024 certificate: one A4 sheet, front (owners in a table with their personal
    ID numbers, the parcel) and back (sketch, changes), a QR code and the certificate's code."""
    owner = cast.owner
    husband, wife = _couple(cast)
    sole = rng.random() < 0.35
    holders = [owner] if sole else [husband, wife]
    issued = day_between(rng, date(2024, 8, 1), date(2026, 9, 30))
    commune, province = commune_of(owner), province_of(owner)
    authority = (f"ỦY BAN NHÂN DÂN {district_for(commune).upper()}" if issued < REFORM
                 else f"ỦY BAN NHÂN DÂN {commune.upper()}")
    serial = f"{rng.choice(['AA', 'AB', 'AC'])} {rng.randrange(10**8):08d}"
    code = f"{rng.randrange(10**2):02d}{rng.randrange(10**3):03d}{rng.randrange(10**6):06d}"
    look = pick_look(rng, rng.choice(["serif", "sans"]), (10.5, 11.5))
    parcel = make_parcel(rng, owner, True)
    people = ('<table class="grid sm"><tr><th>Họ và tên</th><th>Năm sinh</th><th>Số định danh cá nhân</th>'
              '<th>Địa chỉ</th></tr>'
              + "".join(f"<tr><td>{honorific_line(p)}</td><td>{p.birth_date.year}</td><td>{p.citizen_id}</td>"
                        f"<td>{esc(p.address)}</td></tr>" for p in holders) + "</table>")
    front = (f'<div class="hdr"><div style="width:24%">{qr_code(rng)}</div>'
             f'<div class="c" style="width:74%">{motto_block()}</div></div>'
             f'<div class="c b lg mt" style="color:#9c1c1c">{NEW_TITLE.replace(", QUYỀN SỞ", ",<br>QUYỀN SỞ")}</div>'
             f'<div class="c sm">Mã Giấy chứng nhận: {code}</div>'
             '<div class="b mt">1. Người sử dụng đất, chủ sở hữu tài sản gắn liền với đất:</div>' + people
             + '<div class="b mt">2. Thông tin thửa đất:</div>'
             + '<table class="grid sm">'
               f'<tr><td>Thửa đất số: {parcel["number"]}</td><td>Tờ bản đồ số: {parcel["sheet"]}</td></tr>'
               f'<tr><td colspan="2">Địa chỉ: {esc(parcel["address"])}, tỉnh {esc(province)}</td></tr>'
               f'<tr><td>Diện tích: {parcel["area"]:.1f} m²</td><td>Hình thức sử dụng: '
               f'{"Sử dụng riêng" if sole else "Sử dụng chung"}</td></tr>'
               f'<tr><td>Loại đất: {esc(parcel["use"])} ({esc(parcel["code"])})</td>'
               f'<td>Thời hạn sử dụng: {esc(parcel["term"])}</td></tr>'
               f'<tr><td colspan="2">Nguồn gốc sử dụng: {esc(rng.choice(_ORIGINS))}</td></tr></table>'
             + '<div class="b mt">3. Thông tin tài sản gắn liền với đất:</div>'
               f'<p>Nhà ở riêng lẻ; diện tích xây dựng {parcel["area"] * 0.6:.1f} m²; hình thức sở hữu: '
               f'{"sở hữu riêng" if sole else "sở hữu chung"}.</p>'
             + '<p>4. Ghi chú: -/-</p>'
             + f'<p class="i r">{esc(title_name(commune))}, {long_date(issued)}</p>'
             + sign_block(rng, [f"TM. {authority}", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], officials(rng),
                          seal_text=authority, width="56%")
             + f'<div class="sm">Số phát hành: {esc(serial)}</div>')
    back = ('<div class="b">5. Sơ đồ thửa đất:</div>' + _sketch(rng, 100, 78)
            + '<div class="b mt">6. Những thay đổi sau khi cấp Giấy chứng nhận:</div>'
            '<table class="grid sm" style="height:100mm"><tr><th style="width:62%">Nội dung thay đổi và cơ sở pháp lý'
            '</th><th>Xác nhận của cơ quan có thẩm quyền</th></tr><tr><td></td><td></td></tr></table>')
    return Paper(
        doc_type="gcn_quyen_su_dung_dat", title=NEW_TITLE, pages=[front, back], owner_citizen_id=owner.citizen_id,
        ids_on_document=[p.citizen_id for p in holders], issue_date=issued,
        parties=[p.citizen_id for p in holders],
        fields={"full_name": owner.full_name, "birth_date": str(owner.birth_date.year), "citizen_id": owner.citizen_id,
                "document_number": serial, "issuing_authority": authority},
        css=paper_css(look, margins_mm=(10, 12, 10, 14), line_height=1.25), template="gcn-2024")


def honorific_line(p: Citizen) -> str:
    return f'{"Ông" if p.sex == "Nam" else "Bà"} <span class="b">{esc(p.full_name)}</span>'


TEMPLATES = {"gcn_quyen_su_dung_dat": [red_book, pink_book, certificate_2024]}
