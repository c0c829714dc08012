"""ID and licence cards of the held-out family: the 2016, 2021 and 2024 identity cards, the
old 9-digit CMND, the PET driving licence and the health insurance card, front and back.

Written from the cards themselves and the circulars that define them, in HTML and CSS: a
rounded card with a coloured guilloche (CSS gradients) under the text, a drawn portrait,
an emblem, fingerprints and a chip, all `data-notext` (no OCR truth), as are the QR code
and the MRZ (evalset.card_codes), which decode to what the card prints.

Two presentations of each card: (a) both sides photocopied onto one A4 sheet, the usual
dossier copy (one above the other or side by side, sometimes a little turned, "Bản sao"
or a certification stamp beside); (b) one side alone on a card-sized sheet, as a card
scanner gives it. A paper's truth holds only what its drawn sides print: a back alone has
no title and no name; the back of a chip card carries its owner's 12-digit ID in the MRZ
only. `fields` hold the values exactly as the card prints them (each is in the drawn
text): dates in the card's own format ("12/03/1985", the CMND's "12-03-1985", a back's
"17 tháng 10 năm 2019"), "Không thời hạn" for a card without expiry; `issue_date` and
`expiry_date` of the paper are the dates themselves, None when the drawn sides carry
neither in text nor in a code (a chip card's QR holds the issue date, its MRZ the
expiry). `qr_payload` and `mrz` (lines joined by newlines) are the codes' contents. The
title is the Vietnamese title line as printed ("CĂN CƯỚC CÔNG DÂN"; the English line
under it is not part of it).
"""

from __future__ import annotations

import html
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Callable

from evalset import card_codes
from evalset.fonts import MONO, SANS, SERIF, usable
from evalset.paper import Paper
from evalset.people import Cast, card_expiry
from samples.models import Citizen

CARD_MM = (85.6, 53.98)  # ISO/IEC 7810 ID-1
_NATIONAL = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
_MOTTO = "Độc lập - Tự do - Hạnh phúc"
_NATIONAL_EN = "SOCIALIST REPUBLIC OF VIET NAM"
_MOTTO_EN = "Independence - Freedom - Happiness"
_SIGNERS = ["Trịnh Văn Quyết", "Nghiêm Xuân Hòa", "Lưu Quang Tiến", "Phùng Thế Bảo", "Cù Minh Đạt"]
_MARKS = ["Nốt ruồi C:1cm dưới sau mép trái", "Sẹo chấm C:2cm trên trước đuôi mắt phải",
          "Nốt ruồi C:1,5cm trên đầu lông mày trái", "Sẹo chấm C:3cm dưới cằm", "Nốt ruồi C:2cm sau cánh mũi phải"]


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def dmy(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _spelled(day: date) -> str:
    return f"{day.day:02d} tháng {day.month:02d} năm {day.year}"


def _province(person: Citizen) -> str:
    return person.address.rsplit("tỉnh ", 1)[-1]


def _day_between(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange(max(0, (end - start).days) + 1))


def _birthday(person: Citizen, age: int) -> date:
    born = person.birth_date
    return date(born.year + age, born.month, 28 if (born.month, born.day) == (2, 29) else born.day)


# --- drawn pictures (all data-notext) ----------------------------------------------------

def _portrait(rng: random.Random, sex: str) -> str:
    skin = rng.choice(["#e9c7a5", "#deb48f", "#f0d2b4", "#d2a27c"])
    shirt = rng.choice(["#2b3a55", "#f4f4f4", "#51606f", "#7a2f2f", "#ffffff"])
    sky = rng.choice(["#ffffff", "#dfe9f5", "#eef3fa"])
    long_hair = sex == "Nữ" and rng.random() < 0.8
    hair = ('<path d="M7 19 C5 6 25 6 23 19 L25 30 L20 24 L10 24 L5 30 Z" fill="#1d1a18"/>' if long_hair
            else '<path d="M8.5 15 C8 6 22 6 21.5 15 C20 11 10 11 8.5 15 Z" fill="#1d1a18"/>')
    width = 6.3 + rng.random() * 1.2
    return (f'<svg data-notext class="portrait" viewBox="0 0 30 40" preserveAspectRatio="xMidYMid slice">'
            f'<rect width="30" height="40" fill="{sky}"/>{hair}'
            f'<path d="M2 40 C3 31 9 29 15 29 C21 29 27 31 28 40 Z" fill="{shirt}" stroke="#333" stroke-width=".3"/>'
            f'<rect x="12.5" y="23" width="5" height="7" fill="{skin}"/>'
            f'<ellipse cx="15" cy="17" rx="{width:.1f}" ry="8.2" fill="{skin}"/>'
            f'<ellipse cx="12.3" cy="16" rx=".9" ry=".5" fill="#222"/>'
            f'<ellipse cx="17.7" cy="16" rx=".9" ry=".5" fill="#222"/>'
            f'<path d="M11 14.2 L13.5 14" stroke="#222" stroke-width=".5"/>'
            f'<path d="M16.5 14 L19 14.2" stroke="#222" stroke-width=".5"/>'
            f'<path d="M15 17 L14.3 19.6 L15.6 19.6" stroke="#9a6b4f" fill="none" stroke-width=".35"/>'
            f'<path d="M13 21.6 Q15 {22.4 + rng.random() * .6:.1f} 17 21.6" stroke="#8a3b3b" fill="none" '
            f'stroke-width=".45"/>'
            f'</svg>')


def _emblem(size_mm: float) -> str:
    star = "M12 4.5 L13.8 9.9 L19.5 9.9 L14.9 13.3 L16.6 18.7 L12 15.4 L7.4 18.7 L9.1 13.3 L4.5 9.9 L10.2 9.9 Z"
    return (f'<svg data-notext class="emblem" style="width:{size_mm}mm;height:{size_mm}mm" viewBox="0 0 24 24">'
            f'<circle cx="12" cy="12" r="11.5" fill="#d9a400"/><circle cx="12" cy="12" r="9.6" fill="#c8102e"/>'
            f'<path d="{star}" fill="#ffd200"/><path d="M5 19.5 Q12 23 19 19.5" stroke="#8a5a00" fill="none"/></svg>')


def _fingerprint(rng: random.Random) -> str:
    rings = "".join(f'<ellipse cx="10" cy="{12 + rng.random():.1f}" rx="{r * .8:.1f}" ry="{r:.1f}" fill="none" '
                    f'stroke="#555" stroke-width=".45" stroke-dasharray="{rng.randint(3, 9)} 1"/>'
                    for r in range(2, 11, 1))
    return f'<svg data-notext class="finger" viewBox="0 0 20 24">{rings}</svg>'


def _chip() -> str:
    return ('<svg data-notext class="chip" viewBox="0 0 12 9"><rect x=".3" y=".3" width="11.4" height="8.4" rx="1.4" '
            'fill="#d8b45a" stroke="#8c6d1f" stroke-width=".3"/><path d="M0 3H4V6H0M12 3H8V6H12M4 0V9M8 0V9M4 4.5H8" '
            'stroke="#8c6d1f" stroke-width=".3" fill="none"/></svg>')


def _signature(rng: random.Random, ink: str = "#1b2a80") -> str:
    points = " ".join(f"{x},{rng.uniform(3, 13):.1f}" for x in range(2, 60, 5))
    return (f'<svg data-notext class="sign" viewBox="0 0 62 16"><polyline points="{points}" fill="none" '
            f'stroke="{ink}" stroke-width="1" stroke-linejoin="round"/></svg>')


def _seal(rng: random.Random, words: str) -> str:
    """A round red seal; its lettering is part of the picture, not of the page's text."""
    angle = rng.uniform(-25, 25)
    return (f'<svg data-notext class="seal" viewBox="0 0 60 60" style="transform:rotate({angle:.0f}deg)">'
            f'<circle cx="30" cy="30" r="28" fill="none" stroke="#d2232a" stroke-width="2"/>'
            f'<circle cx="30" cy="30" r="20" fill="none" stroke="#d2232a" stroke-width=".8"/>'
            f'<path id="arc" d="M8 30 A22 22 0 0 1 52 30" fill="none"/>'
            f'<text font-size="5.2" fill="#d2232a" font-family="sans-serif">'
            f'<textPath href="#arc">{_e(words)}</textPath></text>'
            f'<path d="M30 21 L32.6 28.2 L40 28.2 L34 32.6 L36.3 39.8 L30 35.4 L23.7 39.8 L26 32.6 L20 28.2 L27.4 28.2 Z" '
            f'fill="#d2232a"/></svg>')


def _qr(payload: str, size_mm: float) -> str:
    return (f'<img data-notext class="qr" alt="" src="{card_codes.qr_svg_uri(payload)}" '
            f'style="width:{size_mm}mm;height:{size_mm}mm">')


def _mrz(lines: list[str]) -> str:
    return '<div data-notext class="mrz">' + "".join(f"<div>{_e(line)}</div>" for line in lines) + "</div>"


# --- a card, both sides, with what each side prints --------------------------------------

@dataclass
class Side:
    html: str
    ids: list[str] = field(default_factory=list)  # 12-digit personal IDs this side prints (the MRZ's too)
    fields: dict[str, str] = field(default_factory=dict)  # values printed as text, and the codes' contents
    issue_date: date | None = None  # printed, or in the side's QR code
    expiry_date: date | None = None  # printed, or in the side's MRZ


@dataclass
class Card:
    doc_type: str
    model: str  # "cccd-2021", for the template name
    title: str
    owner: str  # the holder's CCCD number
    front: Side
    back: Side
    look: str  # CSS class of the card's colours


def _guilloche(rng: random.Random, hue: int) -> str:
    """Fine wavy security print under the text: crossing repeating gradients in a light tint."""
    a, b = rng.randint(0, 180), rng.randint(3, 7)
    return (f"repeating-radial-gradient(circle at {rng.randint(20, 80)}% {rng.randint(20, 80)}%, "
            f"hsla({hue},60%,70%,.18) 0 .35mm, transparent .35mm {b * .25:.2f}mm), "
            f"repeating-linear-gradient({a}deg, hsla({hue + 30},55%,65%,.14) 0 .2mm, transparent .2mm 1.1mm), "
            f"linear-gradient({rng.randint(90, 160)}deg, hsl({hue},55%,93%), hsl({hue + 25},50%,86%) 55%, "
            f"hsl({hue - 15},45%,94%))")


def _card_css(rng: random.Random, look: str, hue: int) -> str:
    sans = rng.choice(usable(SANS))
    mono = rng.choice(usable(MONO))
    size = rng.choice([5.6, 5.9, 6.2])
    return f"""
.card.{look} {{ background: {_guilloche(rng, hue)}; }}
.card {{ position: relative; width: {CARD_MM[0]}mm; height: {CARD_MM[1]}mm; box-sizing: border-box;
  border-radius: 3.2mm; border: .25mm solid #8a8f96; overflow: hidden; font-family: '{sans}', sans-serif;
  font-size: {size}pt; line-height: 1.18; color: #141414; padding: 1.8mm 2.4mm; display: flex;
  flex-direction: column; }}
.card .head {{ display: flex; align-items: center; gap: 1.5mm; }}
.card .head .centre {{ flex: 1; text-align: center; }}
.card .nation {{ font-weight: bold; font-size: 1.02em; }}
.card .motto {{ font-weight: bold; font-size: .98em; }}
.card .en {{ font-size: .86em; font-style: italic; }}
.card .title {{ font-weight: bold; font-size: 1.6em; color: #b0141e; letter-spacing: .02em; margin-top: .3mm; }}
.card .body {{ display: flex; gap: 2mm; flex: 1; margin-top: .8mm; min-height: 0; }}
.card .left {{ width: 20mm; display: flex; flex-direction: column; align-items: center; gap: .6mm; }}
.card .right {{ flex: 1; min-width: 0; }}
.card .portrait {{ width: 19mm; height: 24mm; border: .2mm solid #777; }}
.card .number {{ font-weight: bold; font-size: 1.55em; letter-spacing: .04em; }}
.card .red {{ color: #c4161c; }}
.card .name {{ font-weight: bold; font-size: 1.18em; }}
.card .row {{ margin-top: .15mm; }}
.card .label {{ color: #333; }}
.card .mrz {{ font-family: '{mono}', monospace; font-size: 8.6pt; line-height: 1.05; letter-spacing: .35mm;
  background: #fff; margin: auto -2.4mm -1.8mm; padding: .8mm 2.4mm 1.2mm; white-space: pre; }}
.card .finger {{ display: block; margin: 0 auto; width: 15mm; height: 18mm; border: .2mm solid #999;
  background: #fff; }}
.card .chip {{ width: 11mm; height: 8.3mm; }}
.card .sign {{ width: 16mm; height: 4.5mm; }}
.card .qr {{ display: block; }}
.card .small {{ font-size: .88em; }}
.card .centred {{ text-align: center; }}
.card .seal {{ width: 13mm; height: 13mm; display: block; margin: -2mm auto -9mm; opacity: .8; }}
.card table {{ border-collapse: collapse; width: 100%; }}
.card td, .card th {{ border: .15mm solid #666; padding: .2mm .6mm; text-align: left; vertical-align: top; }}
"""


def _head(national_en: bool, title: str, subtitle: str = "", right: str = "", emblem_mm: float = 10.5) -> str:
    english = f'<div class="en">{_NATIONAL_EN}</div><div class="en">{_MOTTO_EN}</div>' if national_en else ""
    sub = f'<div class="en">{_e(subtitle)}</div>' if subtitle else ""
    return (f'<div class="head">{_emblem(emblem_mm)}<div class="centre"><div class="nation">{_NATIONAL}</div>'
            f'<div class="motto">{_MOTTO}</div>{english}<div class="title">{_e(title)}</div>{sub}</div>{right}</div>')


def _row(label: str, value: str, value_class: str = "") -> str:
    cls = f' class="{value_class}"' if value_class else ""
    return f'<div class="row"><span class="label">{_e(label)}:</span> <span{cls}>{_e(value)}</span></div>'


def _expiry_text(expiry: date | None) -> str:
    return dmy(expiry) if expiry else "Không thời hạn"


def _person_fields(person: Citizen, birth: str, with_sex: bool = True) -> dict[str, str]:
    fields = {"full_name": person.full_name, "birth_date": birth}
    if with_sex:
        fields["sex"] = person.sex
    return fields


def _issued_in(rng: random.Random, person: Citizen, start: date, end: date) -> date:
    """The person's card issue date when it falls in the model's years, else one in them after age 14."""
    if start <= person.issue_date <= end:
        return person.issue_date
    return _day_between(rng, max(start, _birthday(person, 14)), end)


# --- the identity cards ------------------------------------------------------------------

def _cccd_2016(rng: random.Random, person: Citizen) -> Card:
    issued = _issued_in(rng, person, date(2016, 1, 1), date(2020, 12, 31))
    expiry = card_expiry(person.birth_date, issued)
    front = (_head(False, "CĂN CƯỚC CÔNG DÂN")
             + f'<div class="body"><div class="left">{_portrait(rng, person.sex)}'
               f'<div class="small centred">Có giá trị đến: {_expiry_text(expiry)}</div></div>'
               f'<div class="right"><div class="number red">Số: {person.citizen_id}</div>'
             + _row("Họ và tên", person.full_name, "name") + _row("Ngày sinh", dmy(person.birth_date))
             + f'<div class="row"><span class="label">Giới tính:</span> {person.sex} &nbsp; '
               f'<span class="label">Quốc tịch:</span> Việt Nam</div>'
             + _row("Quê quán", person.place_of_origin) + _row("Nơi thường trú", person.address) + "</div></div>")
    back = (f'<div class="body"><div class="left" style="width:34mm"><div class="row">Đặc điểm nhân dạng: '
            f'{_e(rng.choice(_MARKS))}</div><div style="display:flex;gap:1mm">'
            f'<div class="centred small">{_fingerprint(rng)}<div>Ngón trỏ trái</div></div>'
            f'<div class="centred small">{_fingerprint(rng)}<div>Ngón trỏ phải</div></div></div></div>'
            f'<div class="right centred"><div class="row">Ngày {_spelled(issued)}</div>'
            f'<div class="row" style="font-weight:bold">CỤC TRƯỞNG CỤC CẢNH SÁT<br>ĐKQL CƯ TRÚ VÀ DLQG VỀ DÂN CƯ</div>'
            f'{_seal(rng, "BỘ CÔNG AN")}{_signature(rng)}<div class="row" style="font-weight:bold">'
            f'{_e(rng.choice(_SIGNERS))}</div></div></div>')
    fields = _person_fields(person, dmy(person.birth_date)) | {"expiry_date": _expiry_text(expiry)}
    return Card("cccd", "cccd-2016", "CĂN CƯỚC CÔNG DÂN", person.citizen_id,
                Side(front, [person.citizen_id], fields, None, expiry),
                Side(back, [], {"issue_date": _spelled(issued)}, issued, None), "c2016")


def _cccd_2021(rng: random.Random, person: Citizen) -> Card:
    issued = _issued_in(rng, person, date(2021, 1, 1), date(2024, 6, 30))
    expiry = card_expiry(person.birth_date, issued)
    payload = card_codes.qr_payload(person, issued, person.cmnd)
    front = (_head(True, "CĂN CƯỚC CÔNG DÂN", "Citizen Identity Card", _qr(payload, 15.5), 11)
             + f'<div class="body"><div class="left">{_portrait(rng, person.sex)}'
               f'<div class="small centred">Có giá trị đến:<br>Date of expiry: {_expiry_text(expiry)}</div></div>'
               f'<div class="right"><div class="row">Số / No.: <span class="number">{person.citizen_id}</span></div>'
             + _row("Họ và tên / Full name", "") + f'<div class="name">{_e(person.full_name)}</div>'
             + _row("Ngày sinh / Date of birth", dmy(person.birth_date))
             + f'<div class="row">Giới tính / Sex: {person.sex} &nbsp; Quốc tịch / Nationality: Việt Nam</div>'
             + _row("Quê quán / Place of origin", person.place_of_origin)
             + _row("Nơi thường trú / Place of residence", person.address) + "</div></div>")
    back = (f'<div class="body"><div class="left" style="width:33mm;flex-direction:row;align-items:flex-start">'
            f'<div class="centred small">{_fingerprint(rng)}<div>Ngón trỏ trái<br>Left index finger</div></div>'
            f'<div class="centred small">{_fingerprint(rng)}<div>Ngón trỏ phải<br>Right index finger</div></div></div>'
            f'<div class="right">{_chip()}<div class="row">Đặc điểm nhân dạng / Personal identification: '
            f'{_e(rng.choice(_MARKS))}</div><div class="row">Ngày, tháng, năm / Date, month, year: {dmy(issued)}</div>'
            f'<div class="row small centred" style="font-weight:bold">CỤC TRƯỞNG CỤC CẢNH SÁT QUẢN LÝ HÀNH CHÍNH '
            f'VỀ TRẬT TỰ XÃ HỘI</div>{_signature(rng)}</div></div>'
            + _mrz(card_codes.td1_lines(person, expiry)))
    fields = _person_fields(person, dmy(person.birth_date)) | {"expiry_date": _expiry_text(expiry),
                                                              "qr_payload": payload}
    mrz = "\n".join(card_codes.td1_lines(person, expiry))
    return Card("cccd", "cccd-2021", "CĂN CƯỚC CÔNG DÂN", person.citizen_id,
                Side(front, [person.citizen_id], fields, issued, expiry),  # the QR carries the issue date
                Side(back, [person.citizen_id], {"issue_date": dmy(issued), "mrz": mrz}, issued, expiry), "c2021")


def _cccd_2024(rng: random.Random, person: Citizen) -> Card:
    issued = _issued_in(rng, person, date(2024, 7, 1), date(2026, 9, 30))
    expiry = card_expiry(person.birth_date, issued)
    payload = card_codes.qr_payload(person, issued, person.cmnd)
    front = (_head(True, "CĂN CƯỚC", "IDENTITY CARD", _qr(payload, 15), 10)
             + f'<div class="body"><div class="left">{_portrait(rng, person.sex)}</div><div class="right">'
             + _row("Số định danh cá nhân / Personal identification number", "")
             + f'<div class="number">{person.citizen_id}</div>'
             + _row("Họ, chữ đệm và tên khai sinh / Surname, middle name and given name", "")
             + f'<div class="name">{_e(person.full_name)}</div>'
             + _row("Ngày, tháng, năm sinh / Date of birth", dmy(person.birth_date))
             + _row("Giới tính / Sex", person.sex) + _row("Quốc tịch / Nationality", "Việt Nam") + "</div></div>")
    back = (f'<div class="body"><div class="right">'
            + _row("Nơi cư trú / Place of residence", person.address)
            + _row("Nơi đăng ký khai sinh / Place of birth", person.place_of_origin)
            + _row("Ngày, tháng, năm cấp / Date of issue", dmy(issued))
            + _row("Ngày, tháng, năm hết hạn / Date of expiry", _expiry_text(expiry))
            + f'<div class="row" style="font-weight:bold">BỘ CÔNG AN</div><div class="en">MINISTRY OF PUBLIC SECURITY'
              f'</div></div><div class="left" style="width:14mm">{_chip()}</div></div>'
            + _mrz(card_codes.td1_lines(person, expiry)))
    mrz = "\n".join(card_codes.td1_lines(person, expiry))
    return Card("cccd", "cccd-2024", "CĂN CƯỚC", person.citizen_id,
                Side(front, [person.citizen_id],
                     _person_fields(person, dmy(person.birth_date)) | {"qr_payload": payload}, issued),
                Side(back, [person.citizen_id], {"issue_date": dmy(issued), "expiry_date": _expiry_text(expiry),
                                                 "mrz": mrz}, issued, expiry), "c2024")


def _cmnd(rng: random.Random, person: Citizen) -> Card:
    """The 9-digit CMND (the 1999 model): no sex printed, dates with dashes, no expiry printed."""
    issued = _day_between(rng, max(date(2000, 1, 1), _birthday(person, 14)), date(2015, 12, 31))
    birth = person.birth_date.strftime("%d-%m-%Y")
    number = person.cmnd or ""
    front = (f'<div class="body"><div class="left" style="width:22mm">{_emblem(13)}{_portrait(rng, person.sex)}</div>'
             f'<div class="right"><div class="centred"><div class="nation">{_NATIONAL}</div>'
             f'<div class="motto">{_MOTTO}</div><div class="title" style="color:#1d3f8f;font-size:1.35em">'
             f'GIẤY CHỨNG MINH NHÂN DÂN</div><div class="number red">Số {number}</div></div>'
             + _row("Họ tên", person.full_name, "name") + _row("Sinh ngày", birth)
             + _row("Nguyên quán", person.place_of_origin) + _row("Nơi ĐKHK thường trú", person.address)
             + "</div></div>")
    province = _province(person)
    back = (f'<div class="body"><div class="left" style="width:30mm">'
            f'<div class="row">Dân tộc: {rng.choice(["Kinh", "Kinh", "Tày", "Khmer", "Mường"])}</div>'
            f'<div class="row">Tôn giáo: {rng.choice(["Không", "Không", "Phật giáo", "Công giáo"])}</div>'
            f'<div class="row" style="font-weight:bold">DẤU VẾT RIÊNG VÀ DỊ HÌNH</div>'
            f'<div class="row">{_e(rng.choice(_MARKS))}</div></div>'
            f'<div class="right centred"><div class="row">Ngày {_spelled(issued)}</div>'
            f'<div class="row" style="font-weight:bold">GIÁM ĐỐC CA {_e(province.upper())}</div>'
            f'{_seal(rng, "CÔNG AN TỈNH " + province.upper())}{_signature(rng)}</div></div>'
            f'<div style="display:flex;gap:2mm;justify-content:center;margin-top:.5mm">'
            f'<div class="centred small">NGÓN TRỎ TRÁI{_fingerprint(rng)}</div>'
            f'<div class="centred small">NGÓN TRỎ PHẢI{_fingerprint(rng)}</div></div>')
    fields = _person_fields(person, birth, with_sex=False) | {"document_number": number}
    return Card("cmnd", "cmnd-9so", "GIẤY CHỨNG MINH NHÂN DÂN", person.citizen_id,
                Side(front, [], fields), Side(back, [], {"issue_date": _spelled(issued)}, issued, None), "cmnd")


# --- the driving licence (PET card) ------------------------------------------------------

# (class, vehicles it allows, years valid or None for no expiry): the classes before 2025
# (Circular 12/2017/TT-BGTVT) and from 2025 (Road Traffic Order and Safety Law 2024).
_CLASSES_OLD = [("A1", "Xe mô tô hai bánh có dung tích xi lanh từ 50 cm³ đến dưới 175 cm³", None),
                ("A2", "Xe mô tô hai bánh có dung tích xi lanh từ 175 cm³ trở lên", None),
                ("B1", "Ô tô chở người đến 9 chỗ ngồi, ô tô tải dưới 3.500 kg không hành nghề lái xe", 10),
                ("B2", "Ô tô chở người đến 9 chỗ ngồi, ô tô tải dưới 3.500 kg", 10),
                ("C", "Ô tô tải, máy kéo kéo rơ moóc có trọng tải từ 3.500 kg trở lên", 5)]
_CLASSES_NEW = [("A1", "Xe mô tô hai bánh có dung tích xi-lanh đến 125 cm³", None),
                ("A", "Xe mô tô hai bánh có dung tích xi-lanh trên 125 cm³", None),
                ("B", "Ô tô chở người đến 08 chỗ không kể chỗ người lái, ô tô tải đến 3.500 kg", 10),
                ("C1", "Ô tô tải có khối lượng toàn bộ trên 3.500 kg đến 7.500 kg", 5)]


def _years_on(day: date, years: int) -> date:
    return date(day.year + years, day.month, 28 if (day.month, day.day) == (2, 29) else day.day)


def _licence(rng: random.Random, person: Citizen, new: bool) -> Card:
    """The PET licence: before 2025 a 12-digit licence number of its own (no personal ID, though
    12 digits long); from 2025, issued by the police, the number is the personal ID."""
    start = max(_birthday(person, 18), date(2025, 3, 1) if new else date(2014, 1, 1))
    issued = _day_between(rng, start, date(2026, 9, 30) if new else date(2025, 2, 28))
    classes = rng.sample(_CLASSES_NEW if new else _CLASSES_OLD, rng.choice([1, 1, 2]))
    terms = [years for _, _, years in classes if years]
    expiry = _years_on(issued, min(terms)) if terms else None  # the card's date is its shortest class term
    number = person.citizen_id if new else f"{person.citizen_id[1:3]}{rng.randrange(10**10):010d}"
    province = _province(person)
    issuer = f"CÔNG AN TỈNH {province.upper()}" if new else "GIÁM ĐỐC SỞ GIAO THÔNG VẬN TẢI"
    passed = _day_between(rng, issued - timedelta(days=40), issued - timedelta(days=7))
    front = (f'<div class="head">{_emblem(9)}<div class="centre"><div class="nation">{_NATIONAL}</div>'
             f'<div class="motto">{_MOTTO}</div><div class="title" style="font-size:1.35em">GIẤY PHÉP LÁI XE</div>'
             f'<div class="en" style="font-weight:bold">DRIVER\'S LICENSE</div></div></div>'
             f'<div class="body"><div class="left">{_portrait(rng, person.sex)}'
             f'<div class="small centred">Hạng / Class: <b>{" ".join(c[0] for c in classes)}</b></div></div>'
             f'<div class="right"><div class="row">Số / No.: <span class="number red">{number}</span></div>'
             + _row("Họ tên / Full name", person.full_name, "name")
             + _row("Ngày sinh / Date of Birth", dmy(person.birth_date))
             + _row("Quốc tịch / Nationality", "VIỆT NAM") + _row("Nơi cư trú / Address", person.address)
             + f'<div class="row small">{_e(province)}, ngày {_spelled(issued)}</div>'
             + f'<div class="row small" style="font-weight:bold">{_e(issuer)}</div>'
             + _row("Có giá trị đến / Expires", _expiry_text(expiry)) + "</div></div>")
    rows = "".join(f"<tr><td><b>{c}</b></td><td>{_e(text)}</td><td>{dmy(passed)}</td></tr>" for c, text, _ in classes)
    back = ('<div class="centred" style="font-weight:bold">CÁC LOẠI XE CƠ GIỚI ĐƯỢC ĐIỀU KHIỂN</div>'
            '<div class="centred en">Type of motor vehicles allowed to drive</div>'
            '<table class="small" style="margin-top:1mm"><tr><th>Hạng / Class</th><th>Xe / Vehicles</th>'
            f'<th>Ngày trúng tuyển / Beginning date</th></tr>{rows}</table>'
            f'<div class="row small" style="margin-top:auto">Mã hồ sơ / File code: {rng.randrange(10**9):09d}</div>')
    fields = _person_fields(person, dmy(person.birth_date), with_sex=False) | {
        "document_number": number, "issue_date": _spelled(issued), "expiry_date": _expiry_text(expiry),
        "licence_class": " ".join(c[0] for c in classes)}
    return Card("giay_phep_lai_xe", "gplx-2025" if new else "gplx-pet", "GIẤY PHÉP LÁI XE", person.citizen_id,
                Side(front, [number] if new else [], fields, issued, expiry), Side(back, []),
                "gplx")


def _licence_pet(rng: random.Random, person: Citizen) -> Card:
    return _licence(rng, person, new=False)


def _licence_2025(rng: random.Random, person: Citizen) -> Card:
    return _licence(rng, person, new=True)


# --- the health insurance card ------------------------------------------------------------

_NOTES = ["Xuất trình thẻ BHYT cùng giấy tờ tùy thân có ảnh khi khám bệnh, chữa bệnh.",
          "Không cho người khác mượn thẻ; không sửa chữa, tẩy xóa thẻ.",
          "Khi thay đổi thông tin hoặc mất thẻ, đề nghị cơ quan BHXH nơi cấp thẻ cấp lại.",
          "Tra cứu thông tin thẻ tại ứng dụng VssID hoặc cổng thông tin BHXH Việt Nam."]


def _bhxh_logo() -> str:
    return ('<svg data-notext class="logo" viewBox="0 0 24 24" style="width:9mm;height:9mm">'
            '<circle cx="12" cy="12" r="11" fill="#1d5fae"/><circle cx="12" cy="12" r="8.4" fill="#fff"/>'
            '<path d="M12 5 L14 10 H19 L15 13 L16.5 18.5 L12 15.2 L7.5 18.5 L9 13 L5 10 H10 Z" fill="#d21f26"/></svg>')


def _insurance(rng: random.Random, person: Citizen, model: str) -> Card:
    """The BHYT card: the 2015 form (15-character code: group, benefit level, province, BHXH number),
    the 2021 form (the 10-digit BHXH number) and, from July 2025, the personal ID as the number."""
    province = _province(person)
    bhxh = f"{person.citizen_id[1:3]}{rng.randrange(10**8):08d}"
    number = {"bhyt-2015": f"{rng.choice(['GD', 'HS', 'DN', 'HN', 'CN'])}{rng.choice('2345')}"
                           f"{person.citizen_id[1:3]}{bhxh}",
              "bhyt-2021": bhxh, "bhyt-2025": person.citizen_id}[model]
    year = {"bhyt-2015": rng.randint(2016, 2020), "bhyt-2021": rng.randint(2022, 2025), "bhyt-2025": 2026}[model]
    start = date(year, rng.choice([1, 1, 4, 7]), 1)
    expiry = date(start.year + 1, start.month, 1) - timedelta(days=1)
    issued = _day_between(rng, start - timedelta(days=30), start - timedelta(days=3))
    commune = person.address.split(", ")[-2]
    clinic = rng.choice([f"Trạm Y tế {commune}", f"Trung tâm Y tế khu vực {province}",
                         f"Bệnh viện Đa khoa tỉnh {province}"])
    clinic_code = f"{person.citizen_id[1:3]}-{rng.randrange(1, 300):03d}"
    agency = f"BẢO HIỂM XÃ HỘI TỈNH {province.upper()}"
    head = (f'<div class="head">{_bhxh_logo()}<div class="centre"><div class="nation" style="color:#1d5fae">'
            f'BẢO HIỂM XÃ HỘI VIỆT NAM</div><div class="title" style="color:#1d5fae">THẺ BẢO HIỂM Y TẾ</div>'
            f'</div></div>')
    validity = f"từ {dmy(start)} đến {dmy(expiry)}"
    front = (head + f'<div class="right" style="margin-top:.8mm"><div class="row">Mã số: '
             f'<span class="number red">{number}</span></div>'
             + _row("Họ và tên", person.full_name, "name")
             + f'<div class="row"><span class="label">Ngày sinh:</span> {dmy(person.birth_date)} &nbsp; '
               f'<span class="label">Giới tính:</span> {person.sex}</div>'
             + (_row("Địa chỉ", person.address) if model == "bhyt-2015" else "")
             + _row("Nơi đăng ký KCB ban đầu", f"{clinic} (Mã: {clinic_code})")
             + _row("Giá trị sử dụng", validity)
             + f'<div class="row small centred">{_e(province)}, ngày {_spelled(issued)}</div>'
             + f'<div class="row small centred" style="font-weight:bold">GIÁM ĐỐC {_e(agency)}</div></div>')
    notes = "".join(f"<div class='row'>{i}. {_e(n)}</div>" for i, n in enumerate(_NOTES, 1))
    back = (f'<div class="centred" style="font-weight:bold">NHỮNG ĐIỀU CẦN CHÚ Ý</div>{notes}'
            f'{_seal(rng, agency)}')
    fields = _person_fields(person, dmy(person.birth_date)) | {
        "document_number": number, "issue_date": _spelled(issued), "expiry_date": dmy(expiry),
        "valid_from": dmy(start)}
    ids = [number] if model == "bhyt-2025" else []
    return Card("the_bhyt", model, "THẺ BẢO HIỂM Y TẾ", person.citizen_id,
                Side(front, ids, fields, issued, expiry), Side(back, []), "bhyt")


def _insurance_2015(rng: random.Random, person: Citizen) -> Card:
    return _insurance(rng, person, "bhyt-2015")


def _insurance_2021(rng: random.Random, person: Citizen) -> Card:
    return _insurance(rng, person, "bhyt-2021")


def _insurance_2025(rng: random.Random, person: Citizen) -> Card:
    return _insurance(rng, person, "bhyt-2025")


# --- presentations -----------------------------------------------------------------------

def _sides_truth(card: Card, sides: list[Side], template: str, pages: list[str], css: str,
                 size_mm: tuple[float, float]) -> Paper:
    ids: list[str] = []
    fields: dict[str, str] = {}
    for side in sides:
        ids += [i for i in side.ids if i not in ids]
        fields |= side.fields
    title = card.title if card.front in sides else ""  # a back alone prints no title
    issue = next((s.issue_date for s in sides if s.issue_date), None)
    expiry = next((s.expiry_date for s in sides if s.expiry_date), None)
    return Paper(doc_type=card.doc_type, title=title, pages=pages, owner_citizen_id=card.owner,
                 ids_on_document=ids, issue_date=issue, expiry_date=expiry, fields=fields, css=css,
                 size_mm=size_mm, template=template, parties=[card.owner])


def _card_div(card: Card, side: Side) -> str:
    return f'<div class="card {card.look}">{side.html}</div>'


def _certification(rng: random.Random, person: Citizen, when: date) -> str:
    """The commune's copy certification stamp, its text in ink; the round seal beside it is a picture."""
    province = _province(person)
    commune = person.address.split(", ")[-2]
    return (f'<div class="certify"><div class="stampbox"><div style="font-weight:bold">CHỨNG THỰC BẢN SAO ĐÚNG VỚI '
            f'BẢN CHÍNH</div><div>Số chứng thực: {rng.randint(12, 2400)} Quyển số: {rng.randint(1, 9):02d}/{when.year}'
            f'-SCT/BS</div><div>Ngày {when.day:02d} tháng {when.month:02d} năm {when.year}</div>'
            f'<div style="font-weight:bold">TM. ỦY BAN NHÂN DÂN {_e(commune.upper())}</div>'
            f'<div style="font-weight:bold">PHÓ CHỦ TỊCH</div></div>'
            f'{_seal(rng, "ỦY BAN NHÂN DÂN " + province.upper())}{_signature(rng, "#2a2a9a")}'
            f'<div style="font-weight:bold">{_e(rng.choice(_SIGNERS))}</div></div>')


def _copy_css(rng: random.Random, grey: bool) -> str:
    serif = rng.choice(usable(SERIF))
    ink = "filter: grayscale(1) contrast(1.35) brightness(1.04);" if grey else ""
    return f"""
.copy {{ position: absolute; {ink} }}
.certify {{ width: 82mm; font-family: '{serif}', serif; font-size: 10.5pt; color: #283593;
  text-align: center; line-height: 1.25; }}
.certify .stampbox {{ border: .5mm solid #283593; padding: 1.5mm; }}
.certify .seal {{ width: 30mm; height: 30mm; margin: -4mm auto -22mm; display: block; opacity: .85; }}
.certify .sign {{ width: 30mm; height: 9mm; display: block; margin: 0 auto; }}
.banSao {{ position: absolute; font-family: '{serif}', serif; font-weight: bold; font-size: 22pt; color: #b3261e;
  border: .7mm solid #b3261e; padding: .5mm 3mm; }}
"""


def photocopy(rng: random.Random, card: Card, person: Citizen) -> Paper:
    """Both sides on one A4 sheet: stacked or side by side, maybe turned a little, with 'Bản sao' or certification."""
    stacked = rng.random() < 0.65
    turn = rng.choice([0.0, 0.0, rng.uniform(-2.5, 2.5)])
    left = rng.uniform(22, 100) if stacked else rng.uniform(10, 20)
    top = rng.uniform(18, 40)
    places = ([(left, top), (left + rng.uniform(-4, 4), top + CARD_MM[1] + rng.uniform(10, 28))] if stacked
              else [(left, top), (left + CARD_MM[0] + rng.uniform(4, 12), top + rng.uniform(-3, 3))])
    body = "".join(
        f'<div class="copy" style="left:{x:.1f}mm;top:{y:.1f}mm;transform:rotate({turn:.2f}deg)">'
        f'{_card_div(card, side)}</div>' for side, (x, y) in zip((card.front, card.back), places))
    below = max(y for _, y in places) + CARD_MM[1] + 14
    if rng.random() < 0.5:
        when = _day_between(rng, date(2026, 6, 1), date(2026, 10, 14))
        body += f'<div style="position:absolute;left:{rng.uniform(20, 110):.0f}mm;top:{below:.0f}mm">' \
                f'{_certification(rng, person, when)}</div>'
        note = "cert"
    else:
        body += f'<div class="banSao" style="left:{rng.uniform(20, 150):.0f}mm;top:{below:.0f}mm;' \
                f'transform:rotate({rng.uniform(-8, 8):.0f}deg)">BẢN SAO</div>'
        note = "bansao"
    grey = rng.random() < 0.6
    css = _card_css(rng, card.look, rng.randint(0, 359)) + _copy_css(rng, grey)
    template = f"{card.model}-a4-{'stacked' if stacked else 'side'}-{note}{'-grey' if grey else ''}"
    return _sides_truth(card, [card.front, card.back], template, [body], css, (210.0, 297.0))


def scanned_side(rng: random.Random, card: Card, which: str) -> Paper:
    """One side alone on a card-sized sheet, as a card scanner crops it."""
    side = card.front if which == "front" else card.back
    css = _card_css(rng, card.look, rng.randint(0, 359))
    return _sides_truth(card, [side], f"{card.model}-card-{which}", [_card_div(card, side)], css, CARD_MM)


# --- the registry ------------------------------------------------------------------------

Template = Callable[[random.Random, Cast], Paper]
_Model = Callable[[random.Random, Citizen], Card]


def _holder(cast: Cast, needs_cmnd: bool) -> Citizen:
    if not needs_cmnd:
        return cast.owner
    return next(p for p in cast.everyone() if p.cmnd)  # the parents always had one (born before 1991)


def _copy_template(model: _Model, needs_cmnd: bool = False) -> Template:
    def template(rng: random.Random, cast: Cast) -> Paper:
        person = _holder(cast, needs_cmnd)
        return photocopy(rng, model(rng, person), person)
    template.__name__ = f"{model.__name__.strip('_')}_a4_copy"
    return template


def _side_template(model: _Model, which: str, needs_cmnd: bool = False) -> Template:
    def template(rng: random.Random, cast: Cast) -> Paper:
        return scanned_side(rng, model(rng, _holder(cast, needs_cmnd)), which)
    template.__name__ = f"{model.__name__.strip('_')}_card_{which}"
    return template


def _all_presentations(model: _Model, needs_cmnd: bool = False) -> list[Template]:
    return [_copy_template(model, needs_cmnd), _side_template(model, "front", needs_cmnd),
            _side_template(model, "back", needs_cmnd)]


TEMPLATES: dict[str, list[Template]] = {
    "cccd": [*_all_presentations(_cccd_2016), *_all_presentations(_cccd_2021), *_all_presentations(_cccd_2024)],
    "cmnd": _all_presentations(_cmnd, needs_cmnd=True),
    "giay_phep_lai_xe": [*_all_presentations(_licence_pet), *_all_presentations(_licence_2025)],
    "the_bhyt": [*_all_presentations(_insurance_2015), *_all_presentations(_insurance_2021),
                 *_all_presentations(_insurance_2025)],
}
