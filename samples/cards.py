"""Photocopies of ID-type cards: CCCD / Căn cước, old CMND, health-insurance card, driving
licence. Front and back are drawn as real-size rectangles on an A4 page, the way citizens
hand in a "bản sao" of their card.

The CCCD carries the two machine-readable parts the pipeline relies on: the QR code
(`qr_payload`) and the ICAO TD1 machine-readable zone (`mrz_td1`).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
import segno
from PIL import Image, ImageDraw

from samples.layout import MOTTO_1, MOTTO_2, DocBuilder, dmy, ngay_thang_nam, pick
from samples.models import Citizen, DocTruth
from samples.people import PROVINCES, REFERENCE_DATE, add_years, random_date
from samples.render import Line, Picture, TextBlock
from vntext import fold, nfc

CARD_MM = (85.6, 53.98)  # ISO/IEC 7810 ID-1

# --- machine-readable data --------------------------------------------------------------


def qr_payload(citizen: Citizen) -> str:
    """The CCCD QR text: CCCD|CMND|name|ddmmyyyy|sex|address|issue ddmmyyyy (domain.md)."""
    return nfc(
        "|".join(
            (
                citizen.citizen_id,
                citizen.cmnd or "",
                citizen.name_proper,
                citizen.birth_date.strftime("%d%m%Y"),
                citizen.sex,
                citizen.address,
                citizen.issue_date.strftime("%d%m%Y"),
            )
        )
    )


def mrz_char_value(ch: str) -> int:
    if ch.isdigit():
        return int(ch)
    if "A" <= ch <= "Z":
        return ord(ch) - ord("A") + 10
    if ch == "<":
        return 0
    raise ValueError(f"not an MRZ character: {ch!r}")


def check_digit(data: str) -> str:
    """ICAO 9303 check digit: weights 7, 3, 1 repeating, sum mod 10."""
    return str(sum(mrz_char_value(c) * (7, 3, 1)[i % 3] for i, c in enumerate(data)) % 10)


def mrz_name(name: str, width: int = 30) -> str:
    """SURNAME<<GIVEN<NAMES, without diacritics (đ -> D), cut to the line width."""
    parts = fold(name).upper().split()
    text = f"{parts[0]}<<{'<'.join(parts[1:])}" if len(parts) > 1 else parts[0]
    return text[:width].ljust(width, "<")


def _yymmdd(day: date | None) -> str:
    return day.strftime("%y%m%d") if day else "<<<<<<"


def mrz_td1(citizen: Citizen) -> list[str]:
    """The three 30-character lines on the back of a Vietnamese chip card.

    Vietnam puts the last 9 digits of the 12-digit number in the document-number field and
    the full number, with its own check digit, in the optional data of line 1.
    """
    number = citizen.citizen_id
    doc9 = number[-9:]
    line1 = f"IDVNM{doc9}{check_digit(doc9)}{number}<<{check_digit(number)}"
    birth = _yymmdd(citizen.birth_date)
    expiry = _yymmdd(citizen.expiry_date)
    sex = "F" if citizen.sex == "Nữ" else "M"
    head = f"{birth}{check_digit(birth)}{sex}{expiry}{check_digit(expiry)}VNM"
    optional = "<" * 11
    composite = line1[5:30] + head[0:7] + head[8:15] + optional
    line2 = f"{head}{optional}{check_digit(composite)}"
    line3 = mrz_name(citizen.name_proper)
    assert len(line1) == len(line2) == len(line3) == 30
    return [line1, line2, line3]


def qr_image(payload: str, border: int = 2) -> Image.Image:
    """One pixel per module, white quiet zone; the renderer scales it with nearest."""
    code = segno.make(payload, error="l", micro=False, encoding="utf-8")
    matrix = np.array([list(row) for row in code.matrix], dtype=np.uint8)
    matrix = np.pad(matrix, border)
    return Image.fromarray(np.where(matrix > 0, 0, 255).astype(np.uint8), "L")


# --- artwork ----------------------------------------------------------------------------


def guilloche(rng: random.Random, size_mm: tuple[float, float], px_per_mm: int = 8) -> Image.Image:
    """The light wavy security print of a card, as a photocopier renders it."""
    w, h = int(size_mm[0] * px_per_mm), int(size_mm[1] * px_per_mm)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    a, b = rng.uniform(5, 9), rng.uniform(15, 30)
    waves = np.sin(xx / a + 3 * np.sin(yy / b)) + np.sin(yy / a * 0.8 + 2 * np.cos(xx / b))
    base = rng.uniform(228, 242)
    values = base + 7 * waves
    return Image.fromarray(np.clip(values, 0, 255).astype(np.uint8), "L")


def emblem(px: int = 160) -> Image.Image:
    """A stand-in for the national emblem: ring, star, cog-wheel arc."""
    img = Image.new("L", (px, px), 255)
    d = ImageDraw.Draw(img)
    d.ellipse([4, 4, px - 4, px - 4], outline=70, width=px // 20)
    c, r = px / 2, px * 0.28
    star = [
        (c + (r if i % 2 == 0 else r * 0.4) * math.sin(i * math.pi / 5), c - (r if i % 2 == 0 else r * 0.4) * math.cos(i * math.pi / 5))
        for i in range(10)
    ]
    d.polygon(star, fill=110)
    d.arc([px * 0.25, px * 0.55, px * 0.75, px * 0.95], 200, 340, fill=90, width=px // 25)
    return img


def portrait(rng: random.Random, px: tuple[int, int] = (190, 240)) -> Image.Image:
    """A grey head-and-shoulders silhouette on a light background, like a card photo copy."""
    w, h = px
    img = Image.new("L", px, int(rng.uniform(200, 225)))
    d = ImageDraw.Draw(img)
    tone = int(rng.uniform(60, 110))
    d.ellipse([w * 0.05, h * 0.68, w * 0.95, h * 1.35], fill=tone - 20)
    d.ellipse([w * 0.28, h * 0.15, w * 0.72, h * 0.65], fill=tone + 40)
    d.chord([w * 0.25, h * 0.1, w * 0.75, h * 0.5], 180, 360, fill=tone - 40)
    return img


def fingerprint(px: int = 120) -> Image.Image:
    img = Image.new("L", (px, int(px * 1.25)), 255)
    d = ImageDraw.Draw(img)
    for i in range(3, px // 2, 5):
        d.ellipse([px / 2 - i * 0.8, px * 0.62 - i, px / 2 + i * 0.8, px * 0.62 + i], outline=150, width=2)
    return img


def chip(px: int = 120) -> Image.Image:
    img = Image.new("L", (px, int(px * 0.8)), 190)
    d = ImageDraw.Draw(img)
    d.rounded_rectangle([2, 2, px - 3, px * 0.8 - 3], radius=px // 8, outline=90, width=3)
    for frac in (0.33, 0.66):
        d.line([px * frac, 2, px * frac, px * 0.8 - 3], fill=90, width=2)
    d.line([2, px * 0.4, px - 3, px * 0.4], fill=90, width=2)
    return img


# --- card canvas ------------------------------------------------------------------------


@dataclass
class Card:
    """Draws in card millimetres; placed on the page at (x0, y0) and scaled by `scale`."""

    x0: float
    y0: float
    scale: float
    region: int = 0  # its blocks are read together (samples.render)
    blocks: list[TextBlock] = field(default_factory=list)
    pictures: list[Picture] = field(default_factory=list)
    boxes: list[tuple[float, float, float, float]] = field(default_factory=list)

    def text(self, x: float, y: float, width: float, *lines: tuple, spacing: float = 1.12) -> None:
        """Each line is (text, size_pt[, style[, align[, space_before_pt]]])."""
        out = []
        for spec in lines:
            text, size, style, align, before = tuple(spec) + ("", 0.0, "sans", "left", 0.0)[len(spec):]
            out.append(Line(nfc(text), size * self.scale, style, align, before * self.scale))
        s = self.scale
        self.blocks.append(TextBlock(self.x0 + x * s, self.y0 + y * s, width * s, out, spacing, region=self.region))

    def picture(self, image: Image.Image, x: float, y: float, w: float, h: float, smooth: bool = True) -> None:
        s = self.scale
        self.pictures.append(Picture(image, self.x0 + x * s, self.y0 + y * s, w * s, h * s, smooth))

    def box(self, x0: float, y0: float, x1: float, y1: float) -> None:
        s = self.scale
        self.boxes.append((self.x0 + x0 * s, self.y0 + y0 * s, self.x0 + x1 * s, self.y0 + y1 * s))

    def outline(self, rng: random.Random) -> None:
        self.picture(guilloche(rng, CARD_MM), 0, 0, *CARD_MM)
        self.box(0, 0, *CARD_MM)


def _place_cards(doc: DocBuilder, scale: float) -> tuple[Card, Card]:
    """Front and back on one A4 page: stacked, or side by side when they fit."""
    rng = doc.rng
    w, h = CARD_MM[0] * scale, CARD_MM[1] * scale
    if 2 * w + 8 < 190 and rng.random() < 0.3:
        x = (210 - 2 * w - 8) / 2
        y = rng.uniform(25, 60)
        return Card(x, y, scale, 1), Card(x + w + 8, y, scale, 2)
    x = (210 - w) / 2 + rng.uniform(-15, 15)
    y = rng.uniform(20, 45)
    return Card(x, y, scale, 1), Card(x + rng.uniform(-5, 5), y + h + rng.uniform(12, 30), scale, 2)


def _finish(doc: DocBuilder, cards: tuple[Card, Card]) -> None:
    for card in cards:
        doc.blocks.extend(card.blocks)
        doc.pictures.extend(card.pictures)
        doc.boxes.extend(card.boxes)


def _certified_copy(doc: DocBuilder, y: float, commune: str) -> None:
    """The 'chứng thực bản sao đúng với bản chính' stamp a commune adds to copies."""
    rng = doc.rng
    day = random_date(rng, REFERENCE_DATE - timedelta(days=150), REFERENCE_DATE)
    lines = [
        Line("CHỨNG THỰC BẢN SAO ĐÚNG VỚI BẢN CHÍNH", 10.5, "bold", "center"),
        Line(f"Số chứng thực: {rng.randint(100, 4999)}, quyển số: 01/{day.year}-SCT/BS", 10, "body", "center"),
        Line(nfc(f"{ngay_thang_nam(day).capitalize()}"), 10, "italic", "center"),
        Line("NGƯỜI THỰC HIỆN CHỨNG THỰC", 10, "bold", "center", 4),
        Line(nfc(f"UBND {commune}"), 10, "body", "center"),
    ]
    doc.blocks.append(TextBlock(95, y, 90, lines, 1.2, after_flow=True))
    doc.boxes.append((93, y - 2, 187, y + 32))


def _birth_place(citizen: Citizen) -> str:
    name = PROVINCES[citizen.province_code]
    cities = {"Hà Nội", "Hải Phòng", "Đà Nẵng", "Hồ Chí Minh", "Cần Thơ"}
    return f"Thành phố {name}" if name in cities else f"Tỉnh {name}"


_MARKS = (
    "Nốt ruồi C: 1cm dưới sau mép phải",
    "Sẹo chấm C: 1cm trên sau đuôi mắt trái",
    "Nốt ruồi C: 2cm trên trước đầu lông mày phải",
    "Sẹo chấm C: 0,5cm dưới trước cánh mũi trái",
    "Nốt ruồi C: 1,5cm dưới sau dái tai phải",
)


def _cccd_front_2021(card: Card, c: Citizen, rng: random.Random) -> None:
    card.outline(rng)
    card.picture(emblem(), 3, 3, 11, 11)
    card.picture(qr_image(qr_payload(c)), 67.5, 2.5, 16.5, 16.5, smooth=False)
    card.text(14.5, 2.6, 53,
              (MOTTO_1, 5.6, "sans-bold", "center"), ("SOCIALIST REPUBLIC OF VIET NAM", 4.9, "sans", "center"),
              (MOTTO_2, 5.6, "sans-bold", "center"), ("Independence - Freedom - Happiness", 4.9, "sans", "center"))
    card.text(14.5, 12.2, 53, ("CĂN CƯỚC CÔNG DÂN", 9.5, "sans-bold", "center"),
              ("Citizen Identity Card", 5.2, "sans", "center"))
    card.picture(portrait(rng), 3, 17.5, 19, 24)
    card.text(24, 19.3, 60,
              (f"Số / No.: {c.citizen_id}", 7.6, "sans-bold"),
              ("Họ và tên / Full name:", 5.2), (c.full_name, 7.2, "sans-bold"),
              (f"Ngày sinh / Date of birth: {dmy(c.birth_date)}", 5.6),
              (f"Giới tính / Sex: {c.sex}   Quốc tịch / Nationality: Việt Nam", 5.6),
              ("Quê quán / Place of origin:", 5.2), (c.place_of_origin, 5.9),
              ("Nơi thường trú / Place of residence:", 5.2), (c.address, 5.9))
    expiry = dmy(c.expiry_date) if c.expiry_date else "Không thời hạn"
    card.text(2.5, 44.5, 21, ("Có giá trị đến:", 5.0), (expiry, 5.4, "sans-bold"), ("Date of expiry", 4.4))


def _cccd_back_2021(card: Card, c: Citizen, rng: random.Random) -> None:
    card.outline(rng)
    card.picture(chip(), 41, 5, 11, 9)
    card.text(3, 3, 37,
              ("Đặc điểm nhân dạng / Personal identification:", 5.0), (rng.choice(_MARKS), 5.5),
              (f"Ngày, tháng, năm / Date, month, year: {dmy(c.issue_date)}", 5.0, "sans", "left", 2),
              ("CỤC TRƯỞNG CỤC CẢNH SÁT", 5.0, "sans-bold", "center", 2),
              ("QUẢN LÝ HÀNH CHÍNH VỀ TRẬT TỰ XÃ HỘI", 4.6, "sans-bold", "center"),
              ("DIRECTOR GENERAL OF THE POLICE DEPARTMENT", 4.0, "sans", "center"),
              ("FOR ADMINISTRATIVE MANAGEMENT OF SOCIAL ORDER", 4.0, "sans", "center"),
              (rng.choice(("Nguyễn Văn Long", "Trần Quốc Tỏ", "Lê Văn Tuyến")), 5.6, "sans-bold", "center", 9))
    for i, (vi, en) in enumerate((("Ngón trỏ trái", "Left index finger"), ("Ngón trỏ phải", "Right index finger"))):
        x = 55 + i * 15
        card.box(x, 3, x + 13.5, 20)
        card.picture(fingerprint(), x + 1.5, 4, 10.5, 14, smooth=True)
        card.text(x - 1, 20.5, 15.5, (vi, 4.4, "sans", "center"), (en, 3.8, "sans", "center"))
    card.text(4, 37.2, 80, *((line, 10.5, "mono") for line in mrz_td1(c)), spacing=1.05)


def _cancuoc_front_2024(card: Card, c: Citizen, rng: random.Random) -> None:
    card.outline(rng)
    card.picture(emblem(), 3, 3, 11, 11)
    card.text(14.5, 2.6, 68,
              (MOTTO_1, 5.8, "sans-bold", "center"), ("SOCIALIST REPUBLIC OF VIET NAM", 5.0, "sans", "center"),
              (MOTTO_2, 5.8, "sans-bold", "center"), ("Independence - Freedom - Happiness", 5.0, "sans", "center"))
    card.text(14.5, 12.0, 68, ("CĂN CƯỚC", 11, "sans-bold", "center"), ("IDENTITY CARD", 5.2, "sans", "center"))
    card.picture(chip(), 4, 19, 11, 9)
    card.picture(portrait(rng), 62, 19.5, 20, 25)
    card.text(3, 30, 58,
              ("Số định danh cá nhân / Personal identification number:", 4.8), (c.citizen_id, 8.4, "sans-bold"),
              ("Họ, chữ đệm và tên khai sinh / Full name:", 4.8), (c.full_name, 7.2, "sans-bold"),
              (f"Ngày, tháng, năm sinh / Date of birth: {dmy(c.birth_date)}", 5.4),
              (f"Giới tính / Sex: {c.sex}      Quốc tịch / Nationality: Việt Nam", 5.4))


def _cancuoc_back_2024(card: Card, c: Citizen, rng: random.Random) -> None:
    card.outline(rng)
    card.picture(qr_image(qr_payload(c)), 2.5, 2.5, 17, 17, smooth=False)
    expiry = dmy(c.expiry_date) if c.expiry_date else "Không thời hạn"
    card.text(21, 2.8, 62,
              ("Nơi cư trú / Place of residence:", 4.8), (c.address, 5.6),
              ("Nơi đăng ký khai sinh / Place of birth:", 4.8), (_birth_place(c), 5.6),
              (f"Ngày, tháng, năm cấp / Date of issue: {dmy(c.issue_date)}", 5.0, "sans", "left", 1),
              (f"Ngày, tháng, năm hết hạn / Date of expiry: {expiry}", 5.0),
              ("BỘ CÔNG AN", 6.2, "sans-bold", "center", 2), ("MINISTRY OF PUBLIC SECURITY", 4.6, "sans", "center"))
    card.text(4, 37.2, 80, *((line, 10.5, "mono") for line in mrz_td1(c)), spacing=1.05)


def build_cccd(doc: DocBuilder, c: Citizen, commune: str) -> DocTruth:
    """The ID card copy: 2016-2024 'CĂN CƯỚC CÔNG DÂN' or, issued since 1 July 2024, 'CĂN CƯỚC'."""
    rng = doc.rng
    front, back = _place_cards(doc, rng.choice((1.0, 1.0, 1.1, 1.2)))
    new_card = c.issue_date >= date(2024, 7, 1)
    if new_card:
        _cancuoc_front_2024(front, c, rng)
        _cancuoc_back_2024(back, c, rng)
        doc.title = "CĂN CƯỚC"
    else:
        _cccd_front_2021(front, c, rng)
        _cccd_back_2021(back, c, rng)
        doc.title = "CĂN CƯỚC CÔNG DÂN"
    _finish(doc, (front, back))
    bottom = max(b[3] for b in doc.boxes)
    if rng.random() < 0.4 and bottom < 230:
        _certified_copy(doc, bottom + 12, commune)
    doc.pid(c.citizen_id)
    doc.fields.update(
        full_name=c.full_name,
        birth_date=dmy(c.birth_date),
        sex=c.sex,
        document_number=c.citizen_id,
        address=c.address,
        issue_date=dmy(c.issue_date),
        expiry_date=dmy(c.expiry_date) if c.expiry_date else "Không thời hạn",
        qr_payload=qr_payload(c),
        mrz="\n".join(mrz_td1(c)),
    )
    return doc.truth("cccd", c.citizen_id, issue_date=c.issue_date, expiry_date=c.expiry_date)


def build_cmnd(doc: DocBuilder, c: Citizen, commune: str) -> DocTruth:
    """The old 9-digit identity card (GIẤY CHỨNG MINH NHÂN DÂN), valid 15 years."""
    if not c.cmnd:
        raise ValueError(f"{c.name_proper} never had a CMND")
    rng = doc.rng
    first_ok = max(add_years(c.birth_date, 14), date(2000, 1, 1))
    issue = random_date(rng, first_ok, max(first_ok + timedelta(days=30), date(2015, 12, 31)))
    expiry = add_years(issue, 15)
    front, back = _place_cards(doc, rng.choice((1.0, 1.1)))
    front.outline(rng)
    front.picture(emblem(), 3, 4, 13, 13)
    front.text(18, 3, 65, (MOTTO_1, 5.6, "sans-bold", "center"), (MOTTO_2, 5.6, "sans-bold", "center"),
               ("GIẤY CHỨNG MINH NHÂN DÂN", 8.4, "sans-bold", "center", 2),
               (f"SỐ {c.cmnd}", 9.5, "sans-bold", "center"))
    front.picture(portrait(rng), 3, 20, 17, 22)
    front.text(22, 21, 61, (f"Họ tên: {c.full_name}", 6.4), (f"Sinh ngày: {dmy(c.birth_date, '-')}", 6.4),
               (f"Nguyên quán: {c.place_of_origin}", 6.0), (f"Nơi ĐKHK thường trú: {c.address}", 6.0))
    back.outline(rng)
    region = PROVINCES[c.province_code].upper()
    back.text(3, 3, 44, (f"Dân tộc: {pick(rng, 'Kinh', 'Kinh', 'Tày')}", 6.0), ("Tôn giáo: Không", 6.0),
              ("DẤU VẾT RIÊNG VÀ DỊ HÌNH", 5.8, "sans-bold", "left", 2), (rng.choice(_MARKS), 5.6),
              (f"Ngày {issue.day:02d} tháng {issue.month:02d} năm {issue.year}", 5.6, "sans", "center", 4),
              (f"GIÁM ĐỐC CA {region}", 5.4, "sans-bold", "center"),
              (rng.choice(("Nguyễn Đức Hải", "Phạm Văn Tuấn", "Lê Hồng Sơn")), 6.0, "sans-bold", "center", 10))
    for i, label in enumerate(("NGÓN TRỎ TRÁI", "NGÓN TRỎ PHẢI")):
        x = 50 + i * 17
        back.text(x, 3, 16, (label, 4.6, "sans-bold", "center"))
        back.box(x + 1, 6.5, x + 15, 26)
        back.picture(fingerprint(), x + 2.5, 8, 11, 16)
    _finish(doc, (front, back))
    doc.title = "GIẤY CHỨNG MINH NHÂN DÂN"
    doc.fields.update(full_name=c.full_name, birth_date=dmy(c.birth_date, "-"), document_number=c.cmnd,
                      issue_date=dmy(issue), address=c.address)
    return doc.truth("cmnd", c.citizen_id, issue_date=issue, expiry_date=expiry)


def build_the_bhyt(doc: DocBuilder, c: Citizen, commune: str) -> DocTruth:
    """Health-insurance card (2021 form): 10-digit social-insurance code, no expiry printed."""
    rng = doc.rng
    code = f"{rng.choice(('01', '79', '31', '40', '48'))}{rng.randrange(10**8):08d}"
    start = date(REFERENCE_DATE.year, 1, 1)
    region = c.address.rsplit(", ", 1)[-1]
    front, back = _place_cards(doc, rng.choice((1.0, 1.15)))
    front.outline(rng)
    front.text(3, 2.5, 80, ("BẢO HIỂM XÃ HỘI VIỆT NAM", 6.0, "sans-bold", "center"),
               ("THẺ BẢO HIỂM Y TẾ", 9.5, "sans-bold", "center", 1))
    front.text(4, 13, 78,
               (f"Mã số: {code}", 7.6, "sans-bold"),
               (f"Họ và tên: {c.full_name}", 6.2, "sans-bold"),
               (f"Ngày sinh: {dmy(c.birth_date)}      Giới tính: {c.sex}", 5.8),
               (f"Địa chỉ: {c.address}", 5.6),
               (f"Nơi ĐKKCB ban đầu: Trạm Y tế {commune}", 5.6),
               (f"Giá trị sử dụng từ ngày: {dmy(start)}", 5.8),
               (f"Nơi cấp, đổi thẻ: BHXH {region}", 5.6),
               (f"Thời điểm đủ 05 năm liên tục: {dmy(add_years(start, rng.randint(1, 4)))}", 5.6))
    back.outline(rng)
    back.text(4, 3, 78, ("NHỮNG ĐIỀU CẦN LƯU Ý", 6.6, "sans-bold", "center"),
              ("1. Xuất trình thẻ BHYT cùng với giấy tờ tùy thân có ảnh khi đi khám bệnh, chữa bệnh.", 5.6),
              ("2. Không cho người khác mượn thẻ; không tẩy xóa, sửa chữa thẻ.", 5.6),
              ("3. Khi đi khám bệnh, chữa bệnh phải theo đúng quy định về chuyển tuyến.", 5.6),
              ("4. Khi thay đổi thông tin trên thẻ, đề nghị liên hệ cơ quan BHXH nơi cấp thẻ.", 5.6),
              ("Tra cứu thông tin thẻ tại: baohiemxahoi.gov.vn", 5.6, "sans", "left", 3))
    _finish(doc, (front, back))
    doc.title = "THẺ BẢO HIỂM Y TẾ"
    doc.fields.update(full_name=c.full_name, birth_date=dmy(c.birth_date), document_number=code,
                      valid_from=dmy(start))
    return doc.truth("the_bhyt", c.citizen_id, issue_date=start)


def build_giay_phep_lai_xe(doc: DocBuilder, c: Citizen, commune: str) -> DocTruth:
    """PET driving licence. Its 12-digit number is not a personal ID: a trap for linkers."""
    rng = doc.rng
    number = f"{rng.choice(('79', '01', '31', '40', '48', '92'))}{rng.randrange(10**10):010d}"
    licence_class = rng.choice(("A1", "B", "B2", "C"))
    issue = random_date(rng, max(add_years(c.birth_date, 18), date(2014, 1, 1)), REFERENCE_DATE - timedelta(days=60))
    expiry = None if licence_class == "A1" else add_years(issue, 10)
    place = c.address.rsplit(", ", 1)[-1].replace("thành phố ", "").replace("tỉnh ", "")
    front, back = _place_cards(doc, rng.choice((1.0, 1.1)))
    front.outline(rng)
    front.picture(emblem(), 3, 3, 10, 10)
    front.text(14, 2.5, 70, (MOTTO_1, 5.4, "sans-bold", "center"), (MOTTO_2, 5.4, "sans-bold", "center"),
               ("GIẤY PHÉP LÁI XE", 8.6, "sans-bold", "center", 1), ("DRIVER'S LICENSE", 5.0, "sans", "center"))
    front.picture(portrait(rng), 3, 17, 17, 22)
    front.text(22, 16.5, 62,
               (f"Số/No: {number}", 7.0, "sans-bold"),
               ("Họ tên/Full name:", 4.8), (c.full_name, 6.8, "sans-bold"),
               (f"Ngày sinh/Date of Birth: {dmy(c.birth_date)}", 5.2),
               ("Quốc tịch/Nationality: VIỆT NAM", 5.2),
               (f"Nơi cư trú/Address: {c.address}", 5.0),
               (f"Hạng/Class: {licence_class}", 6.6, "sans-bold"),
               (f"Có giá trị đến/Expires: {dmy(expiry) if expiry else 'Không thời hạn'}", 5.2))
    front.text(3, 43, 40, (f"{place}, ngày {issue.day:02d} tháng {issue.month:02d} năm {issue.year}", 4.4, "sans", "center"),
               ("GIÁM ĐỐC SỞ GIAO THÔNG VẬN TẢI", 4.4, "sans-bold", "center"))
    back.outline(rng)
    back.text(4, 3, 78, ("Hạng/Class", 5.6, "sans-bold"),
              ("A1: Xe mô tô hai bánh có dung tích xi-lanh từ 50 cm3 đến dưới 175 cm3.", 5.2),
              ("B: Ô tô chở người đến 08 chỗ (không kể chỗ của người lái xe); ô tô tải có khối lượng "
               "toàn bộ theo thiết kế đến 3.500 kg.", 5.2),
              ("C: Ô tô tải có khối lượng toàn bộ theo thiết kế trên 7.500 kg.", 5.2),
              (f"Ngày trúng tuyển/Date of passing: {dmy(issue - timedelta(days=rng.randint(10, 40)))}", 5.2,
               "sans", "left", 3))
    _finish(doc, (front, back))
    doc.title = "GIẤY PHÉP LÁI XE"
    doc.fields.update(full_name=c.full_name, birth_date=dmy(c.birth_date), document_number=number,
                      licence_class=licence_class, issue_date=dmy(issue))
    return doc.truth("giay_phep_lai_xe", c.citizen_id, issue_date=issue, expiry_date=expiry)
