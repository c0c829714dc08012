"""Private papers brought for chứng thực (authentication) at the commune: powers of attorney
and contracts between citizens (sale, gift and lease), two parties, several pages, the
commune's authentication (lời chứng thực, Decree 23/2015/NĐ-CP) with its seal at the end.
"""

from __future__ import annotations

import random
from datetime import date

from evalset.paper import Paper
from evalset.papers.common import (
    add_months, citizen_sign, commune_of, day_between, digit_boxes, dmy, dotted, esc, hand, honorific, id_value,
    long_date, motto_block, number_words, officials, paper_css, pick_look, province_of, sign_block,
    spaced_digits, title_name)
from evalset.papers.land import make_parcel, area_words
from evalset.people import TODAY, Cast
from samples.models import Citizen

CARD_ISSUER = "Cục Cảnh sát quản lý hành chính về trật tự xã hội"


def money_words(millions: int) -> str:
    """"Hai tỷ ba trăm năm mươi triệu đồng" for 2350 (millions of đồng)."""
    billions, rest = divmod(millions, 1000)
    parts = ([f"{number_words(billions)} tỷ"] if billions else []) + ([f"{number_words(rest)} triệu"] if rest else [])
    words = " ".join(parts) + " đồng"
    return words[0].upper() + words[1:]


def money_figures(millions: int) -> str:
    return f"{millions * 1_000_000:,}".replace(",", ".") + " đồng"


def _page_number(n: int, total: int, style: str) -> str:
    if style == "none":
        return ""
    text = f"Trang {n}/{total}" if style == "of" else f"Trang {n}"
    return f'<div class="sm c" style="position:absolute;left:0;right:0;bottom:7mm">{text}</div>'


def _person_lines(person: Citizen, role: str = "") -> str:
    lead = f"{honorific(person)}: <span class=\"b\">{esc(person.full_name)}</span>"
    return (f"<p>{esc(role)}{lead}, sinh ngày: {dmy(person.birth_date)}</p>"
            f"<p>Căn cước công dân số: {person.citizen_id}, cấp ngày {dmy(person.issue_date)}, "
            f"nơi cấp: {CARD_ISSUER}</p>"
            f"<p>Nơi thường trú: {esc(person.address)}</p>")


def _authentication(rng: random.Random, cast: Cast, what: str, day: date, signer_title: str) -> str:
    """The commune's lời chứng thực for a contract or a signature, with the seal over its signer."""
    commune = commune_of(cast.owner)
    number = rng.randint(12, 860)
    return (f'<div class="c b mt">LỜI CHỨNG THỰC</div>'
            f'<p>{long_date(day).capitalize()} (bằng chữ: {esc(number_words(day.day))} tháng '
            f'{esc(number_words(day.month))} năm {esc(number_words(day.year))})</p>'
            f'<p>Tại Ủy ban nhân dân {esc(commune)}, tỉnh {esc(province_of(cast.owner))}.</p>'
            f'<p>Tôi, {esc(officials(rng))}, {esc(signer_title)} Ủy ban nhân dân {esc(commune)}, chứng thực:</p>'
            f'<p>- {esc(what)} được giao kết giữa các bên có tên nêu trên; các bên tự nguyện giao kết, cam đoan '
            f'chịu trách nhiệm trước pháp luật về nội dung; các bên đã ký trước mặt tôi.</p>'
            f'<p>Số chứng thực {number}, quyển số {rng.randint(1, 4):02d}/{day.year}-SCT/HĐ,GD.</p>'
            + sign_block(rng, ["NGƯỜI THỰC HIỆN CHỨNG THỰC", signer_title.upper()], officials(rng),
                         seal_text=f"ỦY BAN NHÂN DÂN {commune}", width="56%"))


# ---------------------------------------------------------------- ủy quyền


def giay_uy_quyen_viet_tay(rng: random.Random, cast: Cast) -> Paper:
    """A stationery-shop GIẤY ỦY QUYỀN filled by hand, the commune's signature authentication below."""
    principal, agent = cast.owner, rng.choice([cast.spouse, cast.others[0]])
    made = day_between(rng, date(2025, 6, 1), TODAY)
    look = pick_look(rng, "serif", (11.0, 11.5))
    commune = commune_of(principal)
    task = rng.choice([f"nộp hồ sơ và nhận kết quả thủ tục cấp bản sao trích lục hộ tịch tại UBND {commune}",
                       "thay tôi liên hệ làm thủ tục đăng ký thường trú và ký các giấy tờ có liên quan",
                       "nhận thay tiền trợ cấp xã hội hằng tháng của tôi"])

    def party(title: str, p: Citizen) -> str:
        return (f'<p class="b mt">{title}</p>' + dotted(rng, "Họ và tên: ", p.name_proper)
                + dotted(rng, "Ngày sinh: ", dmy(p.birth_date))
                + dotted(rng, "Số CCCD: ", id_value(rng, p.citizen_id), after=f"  Ngày cấp: {dmy(p.issue_date)}")
                + dotted(rng, "Nơi cấp: ", "Cục CS QLHC về TTXH")
                + dotted(rng, "Địa chỉ thường trú: ", p.address))
    body = (f'<div class="c">{motto_block()}</div><div class="c b xl mt2">GIẤY ỦY QUYỀN</div>'
            f'<div class="c i">(Dành cho cá nhân)</div>'
            + '<p class="i mt">- Căn cứ Bộ luật Dân sự nước Cộng hòa xã hội chủ nghĩa Việt Nam năm 2015;</p>'
            + party("BÊN ỦY QUYỀN (Bên A):", principal) + party("BÊN ĐƯỢC ỦY QUYỀN (Bên B):", agent)
            + '<p class="b mt">NỘI DUNG ỦY QUYỀN:</p>' + dotted(rng, "", f"Bên B được {task}.")
            + dotted(rng, "Thời hạn ủy quyền: ", f"Từ ngày {dmy(made)} đến khi hoàn thành công việc")
            + '<p>Hai bên cam kết chịu trách nhiệm trước pháp luật về nội dung ủy quyền này.</p>'
            + f'<p class="r i">{esc(title_name(commune))}, {long_date(made)}</p>'
            + '<div class="row2">'
            + citizen_sign(rng, "BÊN ỦY QUYỀN", principal.name_proper, ink=look.ink, width="100%")
            + citizen_sign(rng, "BÊN ĐƯỢC ỦY QUYỀN", agent.name_proper, ink=look.ink, width="100%") + "</div>"
            + '<div class="b mt">XÁC NHẬN CỦA ỦY BAN NHÂN DÂN</div>'
            + f'<p class="sm">Chứng thực chữ ký của {honorific(principal).lower()} {esc(principal.name_proper)} '
              f'trong giấy ủy quyền này. Số chứng thực: {rng.randint(10, 999)}, quyển số '
              f'{rng.randint(1, 3):02d}/{made.year}-SCT/CK,ĐC.</p>'
            + sign_block(rng, ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], officials(rng),
                         seal_text=f"ỦY BAN NHÂN DÂN {commune}", width="50%", align="left"))
    return Paper(
        doc_type="giay_uy_quyen", title="GIẤY ỦY QUYỀN", pages=[body], owner_citizen_id=principal.citizen_id,
        ids_on_document=[principal.citizen_id, agent.citizen_id], issue_date=made,
        parties=[principal.citizen_id, agent.citizen_id],
        fields={"full_name": principal.name_proper, "birth_date": dmy(principal.birth_date),
                "citizen_id": principal.citizen_id},
        css=paper_css(look, margins_mm=(10, 14, 8, 20), line_height=1.2), template="guq-viet-tay")


def hop_dong_uy_quyen(rng: random.Random, cast: Cast) -> Paper:
    """HỢP ĐỒNG ỦY QUYỀN typed and authenticated, two pages, articles numbered (Điều 1..6)."""
    principal, agent = cast.owner, cast.others[0]
    spouse = cast.spouse
    made = day_between(rng, date(2024, 9, 1), TODAY)
    look = pick_look(rng, rng.choice(["serif", "sans"]), (12.0, 13.0))
    parcel = make_parcel(rng, principal, True)
    pages_style = rng.choice(["of", "plain", "none"])
    term, months = rng.choice([("06 tháng", 6), ("01 năm", 12), ("02 năm", 24)])
    page1 = (f'<div class="c">{motto_block()}</div><div class="c b xl mt2">HỢP ĐỒNG ỦY QUYỀN</div>'
             f'<p class="i mt">Hôm nay, {long_date(made)}, tại Ủy ban nhân dân {esc(commune_of(principal))}, '
             'chúng tôi gồm có:</p>'
             '<p class="b">BÊN ỦY QUYỀN (sau đây gọi là Bên A):</p>' + _person_lines(principal)
             + '<p>Cùng vợ/chồng:</p>' + _person_lines(spouse)
             + '<p class="b mt">BÊN ĐƯỢC ỦY QUYỀN (sau đây gọi là Bên B):</p>' + _person_lines(agent)
             + '<p>Hai bên đồng ý giao kết hợp đồng ủy quyền với các thỏa thuận sau đây:</p>'
             + '<p class="b">Điều 1. Phạm vi ủy quyền</p>'
             + f'<p>Bên B được thay mặt Bên A liên hệ với cơ quan nhà nước có thẩm quyền để làm thủ tục cấp đổi '
               f'Giấy chứng nhận quyền sử dụng đất đối với thửa đất số {parcel["number"]}, tờ bản đồ số '
               f'{parcel["sheet"]}, diện tích {parcel["area"]:.1f} m², địa chỉ: {esc(parcel["address"])}; ký các giấy '
               'tờ, nộp các khoản lệ phí và nhận kết quả.</p>'
             + _page_number(1, 2, pages_style))
    page2 = ('<p class="b">Điều 2. Thời hạn ủy quyền</p>'
             f'<p>Thời hạn ủy quyền là {term} kể từ ngày hợp đồng được chứng thực.</p>'
             '<p class="b">Điều 3. Thù lao</p><p>Bên B thực hiện công việc được ủy quyền không có thù lao.</p>'
             '<p class="b">Điều 4. Quyền và nghĩa vụ của các bên</p>'
             '<p>Bên A cung cấp đầy đủ giấy tờ cần thiết và chịu trách nhiệm về cam kết do Bên B thực hiện trong '
             'phạm vi ủy quyền. Bên B thực hiện công việc theo đúng phạm vi, báo cho Bên A về kết quả thực hiện.</p>'
             '<p class="b">Điều 5. Giải quyết tranh chấp</p>'
             '<p>Tranh chấp phát sinh được các bên thương lượng; không thương lượng được thì yêu cầu Tòa án có '
             'thẩm quyền giải quyết.</p>'
             '<p class="b">Điều 6. Điều khoản cuối cùng</p>'
             '<p>Hợp đồng có hiệu lực từ ngày được chứng thực; lập thành 03 bản có giá trị như nhau.</p>'
             + '<div class="row2">' + citizen_sign(rng, "BÊN A", principal.name_proper, ink="#1a1a6e", width="100%")
             + citizen_sign(rng, "BÊN B", agent.name_proper, ink="#1a1a6e", width="100%") + "</div>"
             + _authentication(rng, cast, "Hợp đồng ủy quyền", made, "Phó Chủ tịch")
             + _page_number(2, 2, pages_style))
    ids = [principal.citizen_id, spouse.citizen_id, agent.citizen_id]
    return Paper(
        doc_type="giay_uy_quyen", title="HỢP ĐỒNG ỦY QUYỀN", pages=[page1, page2], owner_citizen_id=principal.citizen_id,
        ids_on_document=ids, issue_date=made, expiry_date=add_months(made, months), parties=ids,
        fields={"full_name": principal.full_name, "birth_date": dmy(principal.birth_date),
                "citizen_id": principal.citizen_id},
        css=paper_css(look, margins_mm=(15, 15, 16, 25), line_height=1.3), template=f"hduq-{pages_style}")


def giay_uy_quyen_bang(rng: random.Random, cast: Cast) -> Paper:
    """A typed GIẤY ỦY QUYỀN laid out as a table of the two parties, IDs in digit boxes."""
    principal, agent = cast.owner, cast.spouse
    made = day_between(rng, date(2025, 1, 1), TODAY)
    look = pick_look(rng, "sans", (11.0, 12.0))
    commune = commune_of(principal)
    rows = [("Họ và tên", esc(principal.full_name), esc(agent.full_name)),
            ("Ngày sinh", dmy(principal.birth_date), dmy(agent.birth_date)),
            ("Số định danh cá nhân", digit_boxes(rng, principal.citizen_id, handwritten=False),
             digit_boxes(rng, agent.citizen_id, handwritten=False)),
            ("Ngày cấp", dmy(principal.issue_date), dmy(agent.issue_date)),
            ("Nơi thường trú", esc(principal.address), esc(agent.address))]
    table = ('<table class="grid mt sm"><tr><th style="width:22%"></th><th>Người ủy quyền</th>'
             '<th>Người được ủy quyền</th></tr>'
             + "".join(f"<tr><td>{a}</td><td>{b}</td><td>{c}</td></tr>" for a, b, c in rows) + "</table>")
    body = (f'<div class="c">{motto_block()}</div><div class="c b xl mt2">GIẤY ỦY QUYỀN</div>'
            + table
            + f'<p class="mt"><span class="b">Nội dung ủy quyền:</span> Người được ủy quyền thay mặt tôi nộp hồ sơ, '
              f'ký nhận và nhận kết quả giải quyết thủ tục hành chính tại Trung tâm Phục vụ hành chính công '
              f'{esc(commune)}.</p>'
            + f'<p><span class="b">Thời hạn:</span> đến ngày {dmy(add_months(made, 12))}.</p>'
            + '<p>Tôi cam đoan nội dung ủy quyền là đúng và chịu trách nhiệm trước pháp luật.</p>'
            + f'<p class="r i">{esc(title_name(commune))}, {long_date(made)}</p>'
            + '<div class="row2">'
            + citizen_sign(rng, "NGƯỜI ĐƯỢC ỦY QUYỀN", agent.name_proper, ink=look.ink, width="100%")
            + citizen_sign(rng, "NGƯỜI ỦY QUYỀN", principal.name_proper, ink=look.ink, width="100%") + "</div>")
    return Paper(
        doc_type="giay_uy_quyen", title="GIẤY ỦY QUYỀN", pages=[body], owner_citizen_id=principal.citizen_id,
        ids_on_document=[principal.citizen_id, agent.citizen_id], issue_date=made,
        expiry_date=add_months(made, 12), parties=[principal.citizen_id, agent.citizen_id],
        fields={"full_name": principal.full_name, "birth_date": dmy(principal.birth_date),
                "citizen_id": principal.citizen_id},
        css=paper_css(look, margins_mm=(15, 15, 15, 22)), template="guq-bang")


# ---------------------------------------------------------------- hợp đồng


def hop_dong_chuyen_nhuong(rng: random.Random, cast: Cast) -> Paper:
    """HỢP ĐỒNG CHUYỂN NHƯỢNG QUYỀN SỬ DỤNG ĐẤT: the applicant and spouse sell to a buyer; three
    pages, nine articles, the commune's authentication on the last page."""
    seller, spouse, buyer = cast.owner, cast.spouse, cast.others[0]
    made = day_between(rng, date(2024, 8, 1), TODAY)
    look = pick_look(rng, "serif", (12.0, 13.0))
    parcel = make_parcel(rng, seller, True)
    price = rng.randrange(300, 4800, 10)
    style = rng.choice(["of", "plain"])
    serial = f"{rng.choice(['CS', 'CT', 'DA'])} {rng.randrange(10**6):06d}"
    page1 = (f'<div class="c">{motto_block()}</div>'
             '<div class="c b lg mt2">HỢP ĐỒNG CHUYỂN NHƯỢNG QUYỀN SỬ DỤNG ĐẤT</div>'
             f'<p class="i mt">Hôm nay, {long_date(made)}, tại Ủy ban nhân dân {esc(commune_of(seller))}, '
             f'tỉnh {esc(province_of(seller))}, chúng tôi gồm:</p>'
             '<p class="b">BÊN CHUYỂN NHƯỢNG (Bên A):</p>' + _person_lines(seller) + _person_lines(spouse)
             + '<p class="b mt">BÊN NHẬN CHUYỂN NHƯỢNG (Bên B):</p>' + _person_lines(buyer)
             + '<p>Hai bên đồng ý thực hiện việc chuyển nhượng quyền sử dụng đất với các thỏa thuận sau đây:</p>'
             + '<p class="b">Điều 1. Quyền sử dụng đất chuyển nhượng</p>'
             + f'<p>Quyền sử dụng đất của Bên A đối với thửa đất theo Giấy chứng nhận số phát hành {serial}, cụ thể: '
               f'thửa đất số {parcel["number"]}, tờ bản đồ số {parcel["sheet"]}; địa chỉ: {esc(parcel["address"])}; '
               f'diện tích {parcel["area"]:.1f} m² (bằng chữ: {esc(area_words(parcel["area"]))}); mục đích sử dụng: '
               f'{esc(parcel["use"])}; thời hạn sử dụng: {esc(parcel["term"])}.</p>'
             + _page_number(1, 3, style))
    page2 = ('<p class="b">Điều 2. Giá chuyển nhượng và phương thức thanh toán</p>'
             f'<p>Giá chuyển nhượng quyền sử dụng đất nêu tại Điều 1 là: {money_figures(price)} '
             f'(bằng chữ: {esc(money_words(price))}). Bên B thanh toán cho Bên A bằng tiền mặt một lần ngay khi ký '
             'hợp đồng này.</p>'
             '<p class="b">Điều 3. Việc giao và đăng ký quyền sử dụng đất</p>'
             '<p>Bên A có nghĩa vụ giao thửa đất nêu tại Điều 1 cùng bản chính Giấy chứng nhận cho Bên B ngay sau '
             'khi hợp đồng được chứng thực. Bên B có nghĩa vụ đăng ký biến động đất đai tại cơ quan có thẩm quyền '
             'theo quy định của pháp luật.</p>'
             '<p class="b">Điều 4. Trách nhiệm nộp thuế, lệ phí</p>'
             '<p>Thuế thu nhập cá nhân do Bên A nộp; lệ phí trước bạ và các chi phí đăng ký do Bên B nộp.</p>'
             '<p class="b">Điều 5. Quyền và nghĩa vụ của Bên A</p>'
             '<p>Bên A cam đoan thửa đất thuộc quyền sử dụng hợp pháp của Bên A, không có tranh chấp, không bị kê '
             'biên để bảo đảm thi hành án; nhận đủ tiền chuyển nhượng theo Điều 2.</p>'
             '<p class="b">Điều 6. Quyền và nghĩa vụ của Bên B</p>'
             '<p>Bên B trả đủ tiền theo thỏa thuận; được sử dụng đất đúng mục đích, đúng thời hạn kể từ ngày đăng '
             'ký biến động.</p>'
             '<p class="b">Điều 7. Phương thức giải quyết tranh chấp</p>'
             '<p>Trong quá trình thực hiện hợp đồng, nếu phát sinh tranh chấp, các bên cùng nhau thương lượng giải '
             'quyết trên nguyên tắc tôn trọng quyền lợi của nhau; trường hợp không giải quyết được thì một trong '
             'hai bên có quyền khởi kiện để yêu cầu Tòa án có thẩm quyền giải quyết.</p>'
             + _page_number(2, 3, style))
    page3 = ('<p class="b">Điều 8. Cam đoan của các bên</p>'
             '<p>Những thông tin về nhân thân, về thửa đất đã ghi trong hợp đồng này là đúng sự thật; việc giao kết '
             'hợp đồng hoàn toàn tự nguyện, không bị lừa dối hoặc ép buộc.</p>'
             '<p class="b">Điều 9. Điều khoản cuối cùng</p>'
             '<p>Hai bên đã tự đọc lại hợp đồng, đã hiểu và đồng ý tất cả các điều khoản; hợp đồng có hiệu lực kể '
             'từ ngày được chứng thực.</p>'
             '<div class="row2">'
             + citizen_sign(rng, "BÊN A", f"{seller.name_proper}", ink="#1a237e", width="100%")
             + citizen_sign(rng, "BÊN B", buyer.name_proper, ink="#1a237e", width="100%") + "</div>"
             + _authentication(rng, cast, "Hợp đồng chuyển nhượng quyền sử dụng đất", made, "Phó Chủ tịch")
             + _page_number(3, 3, style))
    ids = [seller.citizen_id, spouse.citizen_id, buyer.citizen_id]
    return Paper(
        doc_type="hop_dong", title="HỢP ĐỒNG CHUYỂN NHƯỢNG QUYỀN SỬ DỤNG ĐẤT", pages=[page1, page2, page3],
        owner_citizen_id=seller.citizen_id, ids_on_document=ids, issue_date=made, parties=ids,
        fields={"full_name": seller.full_name, "birth_date": dmy(seller.birth_date), "citizen_id": seller.citizen_id},
        css=paper_css(look, margins_mm=(15, 15, 16, 25), line_height=1.32), template=f"hd-chuyen-nhuong-{style}")


def hop_dong_tang_cho(rng: random.Random, cast: Cast) -> Paper:
    """HỢP ĐỒNG TẶNG CHO QUYỀN SỬ DỤNG ĐẤT: the parents give the applicant a parcel; the parties
    in a two-column table (bên tặng cho | bên được tặng cho), two pages."""
    father, mother, owner = cast.father, cast.mother, cast.owner
    made = day_between(rng, date(2023, 3, 1), TODAY)
    look = pick_look(rng, rng.choice(["serif", "sans"]), (11.5, 12.5))
    parcel = make_parcel(rng, father, rng.random() < 0.5)
    style = rng.choice(["plain", "none"])

    def person_cell(p: Citizen) -> str:
        return (f'<div class="b">{esc(p.full_name)}</div><div>Sinh ngày: {dmy(p.birth_date)}</div>'
                f'<div>Số định danh cá nhân: {p.citizen_id}</div><div>Thường trú: {esc(p.address)}</div>')
    table = ('<table class="grid sm mt"><tr><th style="width:50%">BÊN TẶNG CHO (Bên A)</th>'
             '<th>BÊN ĐƯỢC TẶNG CHO (Bên B)</th></tr>'
             f'<tr><td>{person_cell(father)}<div class="mt"></div>{person_cell(mother)}</td>'
             f'<td>{person_cell(owner)}</td></tr></table>')
    page1 = (f'<div class="c">{motto_block()}</div>'
             '<div class="c b lg mt2">HỢP ĐỒNG TẶNG CHO QUYỀN SỬ DỤNG ĐẤT</div>'
             f'<p class="c i">(Số công chứng: {rng.randint(100, 9999)}, quyển số {rng.randint(1, 9):02d}/{made.year} TP/CC-SCC/HĐGD)</p>'
             + table
             + '<p class="b mt">Điều 1. Quyền sử dụng đất tặng cho</p>'
             + f'<p>Bên A tặng cho Bên B toàn bộ quyền sử dụng thửa đất số {parcel["number"]}, tờ bản đồ số '
               f'{parcel["sheet"]}, diện tích {parcel["area"]:.1f} m², {esc(parcel["use"]).lower()}, tại '
               f'{esc(parcel["address"])}.</p>'
             + '<p class="b">Điều 2. Việc giao và đăng ký</p>'
             + '<p>Bên A giao đất và bản chính Giấy chứng nhận cho Bên B khi ký hợp đồng; Bên B đăng ký biến động '
               'tại cơ quan có thẩm quyền. Việc tặng cho không kèm theo điều kiện.</p>'
             + '<p class="b">Điều 3. Thuế, lệ phí</p>'
             + '<p>Việc tặng cho giữa cha mẹ và con được miễn thuế thu nhập cá nhân và lệ phí trước bạ theo quy '
               'định; các chi phí khác do Bên B chịu.</p>'
             + _page_number(1, 2, style))
    page2 = ('<p class="b">Điều 4. Cam đoan của các bên</p>'
             '<p>Bên A cam đoan quyền sử dụng đất là tài sản chung hợp pháp, không tranh chấp. Bên B đã xem xét kỹ '
             'hiện trạng thửa đất và đồng ý nhận tặng cho.</p>'
             '<p class="b">Điều 5. Điều khoản cuối cùng</p>'
             '<p>Các bên đã đọc lại hợp đồng, đồng ý toàn bộ nội dung và ký tên dưới đây.</p>'
             '<div class="row2">'
             + citizen_sign(rng, "BÊN TẶNG CHO", f"{father.name_proper}", ink="#1a237e", width="100%")
             + citizen_sign(rng, "BÊN ĐƯỢC TẶNG CHO", owner.name_proper, ink="#1a237e", width="100%") + "</div>"
             + f'<div class="b mt">LỜI CHỨNG CỦA CÔNG CHỨNG VIÊN</div>'
             + f'<p>{long_date(made).capitalize()}, tại Văn phòng công chứng {esc(title_name(commune_of(owner)))}, '
               f'tỉnh {esc(province_of(owner))}, tôi là công chứng viên, chứng nhận: hợp đồng tặng cho quyền sử dụng '
               'đất được giao kết giữa các bên nêu trên; các bên tự nguyện, có năng lực hành vi dân sự; mục đích, '
               'nội dung không vi phạm pháp luật, không trái đạo đức xã hội.</p>'
             + sign_block(rng, ["CÔNG CHỨNG VIÊN"], officials(rng),
                          seal_text=f"VĂN PHÒNG CÔNG CHỨNG {title_name(commune_of(owner))}", width="50%")
             + _page_number(2, 2, style))
    ids = [father.citizen_id, mother.citizen_id, owner.citizen_id]
    return Paper(
        doc_type="hop_dong", title="HỢP ĐỒNG TẶNG CHO QUYỀN SỬ DỤNG ĐẤT", pages=[page1, page2],
        owner_citizen_id=owner.citizen_id, ids_on_document=ids, issue_date=made, parties=ids,
        fields={"full_name": owner.full_name, "birth_date": dmy(owner.birth_date), "citizen_id": owner.citizen_id},
        css=paper_css(look, margins_mm=(15, 15, 16, 22), line_height=1.3), template=f"hd-tang-cho-{style}")


def hop_dong_thue_nha(rng: random.Random, cast: Cast) -> Paper:
    """HỢP ĐỒNG THUÊ NHÀ on a printed form filled by hand: the applicant lets a house to a
    tenant, the IDs written in groups, two pages."""
    landlord, tenant = cast.owner, cast.others[0]
    made = day_between(rng, date(2024, 1, 1), TODAY)
    look = pick_look(rng, "serif", (11.5, 12.5))
    rent = rng.randrange(2, 15) * 500_000
    months = rng.choice([6, 12, 24])

    def party(title: str, p: Citizen) -> str:
        return (f'<p class="b mt">{title}</p>' + dotted(rng, "Ông/Bà: ", p.full_name)
                + dotted(rng, "Sinh ngày: ", dmy(p.birth_date))
                + dotted(rng, "CCCD số: ", spaced_digits(p.citizen_id, rng.choice([3, 4])),
                         after=f"  cấp ngày: {dmy(p.issue_date)}")
                + dotted(rng, "Thường trú: ", p.address)
                + dotted(rng, "Điện thoại: ", f"09{rng.randrange(10**8):08d}"))
    page1 = (f'<div class="c">{motto_block()}</div><div class="c b xl mt2">HỢP ĐỒNG THUÊ NHÀ</div>'
             f'<div class="c">Hôm nay, ngày {hand(rng, str(made.day))} tháng {hand(rng, str(made.month))} '
             f'năm {hand(rng, str(made.year))}, tại {hand(rng, landlord.address.split(",")[0])}</div>'
             + party("BÊN CHO THUÊ (Bên A):", landlord) + party("BÊN THUÊ (Bên B):", tenant)
             + '<p class="mt">Hai bên thỏa thuận ký hợp đồng thuê nhà với các điều khoản sau:</p>'
             + '<p class="b">Điều 1. Nhà cho thuê</p>'
             + dotted(rng, "Địa chỉ nhà: ", landlord.address)
             + dotted(rng, "Diện tích sử dụng: ", f"{rng.randint(30, 120)} m²", after="  Mục đích thuê: để ở")
             + '<p class="b">Điều 2. Giá thuê và thời hạn</p>'
             + dotted(rng, "Giá thuê: ", f"{rent:,} đồng/tháng".replace(",", "."))
             + dotted(rng, "Thời hạn thuê: ", f"{months} tháng, kể từ ngày {dmy(made)}")
             + dotted(rng, "Tiền đặt cọc: ", f"{rent:,} đồng".replace(",", ".")))
    page2 = ('<p class="b">Điều 3. Trách nhiệm của Bên A</p>'
             '<p>Giao nhà và trang thiết bị cho Bên B đúng ngày; bảo đảm cho Bên B sử dụng ổn định nhà trong thời '
             'hạn thuê; đăng ký tạm trú cho Bên B theo quy định.</p>'
             '<p class="b">Điều 4. Trách nhiệm của Bên B</p>'
             '<p>Trả tiền thuê đúng hạn; sử dụng nhà đúng mục đích, giữ gìn nhà, không tự ý sửa chữa; chấp hành '
             'các quy định về an ninh trật tự, phòng cháy chữa cháy; trả nhà khi hết hạn hợp đồng.</p>'
             '<p class="b">Điều 5. Điều khoản chung</p>'
             '<p>Bên nào muốn chấm dứt hợp đồng trước thời hạn phải báo trước cho bên kia ít nhất 30 ngày. Hợp đồng '
             'lập thành 02 bản, mỗi bên giữ 01 bản có giá trị như nhau.</p>'
             '<div class="row2 mt">'
             + citizen_sign(rng, "BÊN CHO THUÊ", landlord.name_proper, ink=look.ink, width="100%")
             + citizen_sign(rng, "BÊN THUÊ", tenant.name_proper, ink=look.ink, width="100%") + "</div>")
    ids = [landlord.citizen_id, tenant.citizen_id]
    return Paper(
        doc_type="hop_dong", title="HỢP ĐỒNG THUÊ NHÀ", pages=[page1, page2], owner_citizen_id=landlord.citizen_id,
        ids_on_document=ids, issue_date=made, expiry_date=add_months(made, months), parties=ids,
        fields={"full_name": landlord.full_name, "birth_date": dmy(landlord.birth_date),
                "citizen_id": landlord.citizen_id},
        css=paper_css(look, margins_mm=(14, 15, 14, 22), line_height=1.3), template="hd-thue-nha-viet-tay")


TEMPLATES = {
    "giay_uy_quyen": [giay_uy_quyen_viet_tay, hop_dong_uy_quyen, giay_uy_quyen_bang],
    "hop_dong": [hop_dong_chuyen_nhuong, hop_dong_tang_cho, hop_dong_thue_nha],
}
