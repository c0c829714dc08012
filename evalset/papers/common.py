"""Pieces every paper template of the held-out family shares: fonts and looks, the national
motto, dates in figures and in words, hand-filled values, spaced ID digits, seals and
signatures drawn as SVG.

Pure functions returning HTML fragments or strings; the templates assemble them. Every
font family named here comes from `evalset.fonts.usable`, and every family a paper uses
is written in its `css` (never inline), so the paper's fonts can be checked.
"""

from __future__ import annotations

import html
import random
from dataclasses import dataclass
from datetime import date, timedelta

from evalset import fonts
from samples.models import Citizen

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_SUB = "Độc lập - Tự do - Hạnh phúc"
INK_BLUE = ("#1b2f8f", "#22349e", "#14307a", "#2a3fb0")
SEAL_RED = "rgba(205, 28, 38, 0.72)"


def esc(text: str) -> str:
    return html.escape(text, quote=True)


# ---------------------------------------------------------------- looks


@dataclass(frozen=True)
class Look:
    """One paper's typography: the printed face, the hand-fill face and the ink."""

    body: str  # printed family
    hand: str  # the family hand-filled values are set in (italic)
    size_pt: float
    ink: str  # hand-fill ink colour


def serif_families() -> list[str]:
    return fonts.usable(fonts.SERIF)


def sans_families() -> list[str]:
    return fonts.usable(fonts.SANS)


def mono_families() -> list[str]:
    return fonts.usable(fonts.MONO)


def pick_look(rng: random.Random, kind: str = "serif", size: tuple[float, float] = (12.0, 13.5)) -> Look:
    pool = {"serif": serif_families, "sans": sans_families, "mono": mono_families}[kind]() or serif_families()
    body = rng.choice(pool)
    # Hand fill-ins: an italic face other than the body's, as a pen differs from the press.
    hands = [f for f in serif_families() + sans_families() if f != body and "Condensed" not in f] or [body]
    return Look(body=body, hand=rng.choice(hands), size_pt=round(rng.uniform(*size) * 2) / 2,
                ink=rng.choice(INK_BLUE))


def base_css(look: Look, margins_mm: tuple[float, float, float, float] = (15, 15, 15, 25),
             line_height: float = 1.35) -> str:
    """The sheet's face and margins, and the shared classes (hand fill, dotted lines, tables)."""
    top, right, bottom, left = margins_mm
    return f"""
section.sheet {{ font-family: '{look.body}', serif; font-size: {look.size_pt}pt; line-height: {line_height};
  padding: {top}mm {right}mm {bottom}mm {left}mm; }}
.hw {{ font-family: '{look.hand}', serif; font-style: italic; color: {look.ink}; display: inline-block;
  font-size: 1.06em; }}
.dl {{ display: table; width: 100%; margin: 0.9mm 0; border-spacing: 0; }}
.dl > .lb {{ display: table-cell; width: 1px; white-space: nowrap; vertical-align: baseline; }}
.dl > .fl {{ display: table-cell; border-bottom: 1px dotted #333; padding-left: 2mm; vertical-align: baseline; }}
.row2 {{ display: flex; gap: 4mm; }} .row2 > div {{ flex: 1; }}
.c {{ text-align: center; }} .r {{ text-align: right; }} .b {{ font-weight: bold; }} .i {{ font-style: italic; }}
.u {{ text-decoration: underline; }} .sm {{ font-size: 0.85em; }} .lg {{ font-size: 1.25em; }}
.xl {{ font-size: 1.5em; }} .mt {{ margin-top: 4mm; }} .mt2 {{ margin-top: 8mm; }}
p {{ margin: 1mm 0; }}
table.grid {{ border-collapse: collapse; width: 100%; }}
table.grid td, table.grid th {{ border: 1px solid #222; padding: 0.8mm 1.5mm; vertical-align: top; }}
.boxes {{ display: inline-block; white-space: nowrap; vertical-align: middle; }}
.boxes > span {{ display: inline-block; width: 5.2mm; height: 6mm; border: 1px solid #222; margin-left: -1px;
  text-align: center; line-height: 6mm; }}
.sig {{ position: relative; text-align: center; }}
.sig svg {{ position: absolute; }}
.hdr {{ display: flex; justify-content: space-between; align-items: flex-start; }}
.hdr > .l {{ text-align: center; width: 42%; }} .hdr > .m {{ text-align: center; width: 56%; }}
.rule {{ display: block; margin: 0.6mm auto 0; border-top: 1px solid #000; }}
"""


# ---------------------------------------------------------------- dates and numbers

_UNITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]


def _below_hundred(n: int, after_hundred: bool) -> str:
    if n == 0:
        return ""
    if n < 10:
        return ("linh " if after_hundred else "") + _UNITS[n]
    tens, unit = divmod(n, 10)
    head = "mười" if tens == 1 else f"{_UNITS[tens]} mươi"
    if unit == 0:
        return head
    if unit == 5:
        return f"{head} lăm"
    if unit == 1 and tens > 1:
        return f"{head} mốt"
    if unit == 4 and tens > 1:
        return f"{head} tư"
    return f"{head} {_UNITS[unit]}"


def number_words(n: int) -> str:
    """Vietnamese numerals as birth certificates write dates in words (0 <= n < 10000)."""
    if n == 0:
        return "không"
    thousands, rest = divmod(n, 1000)
    hundreds, tail = divmod(rest, 100)
    words = []
    if thousands:
        words.append(f"{_UNITS[thousands]} nghìn")
    if hundreds or (thousands and tail):
        words.append(f"{_UNITS[hundreds]} trăm")
    if tail:
        words.append(_below_hundred(tail, after_hundred=bool(thousands or hundreds)))
    return " ".join(words)


def date_in_words(d: date) -> str:
    """"Ngày hai mươi mốt, tháng ba, năm một nghìn chín trăm chín mươi"."""
    return f"Ngày {number_words(d.day)}, tháng {number_words(d.month)}, năm {number_words(d.year)}"


def dmy(d: date, sep: str = "/") -> str:
    return f"{d.day:02d}{sep}{d.month:02d}{sep}{d.year}"


def long_date(d: date, zero: bool = True) -> str:
    """"ngày 05 tháng 3 năm 2024" (administrative style: two-digit day, months 1-2 as 01, 02)."""
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    day = f"{d.day:02d}" if zero else str(d.day)
    return f"ngày {day} tháng {month} năm {d.year}"


def add_months(d: date, months: int) -> date:
    year, month = divmod(d.month - 1 + months, 12)
    year, month = d.year + year, month + 1
    for day in (d.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise ValueError(d)


def day_between(rng: random.Random, start: date, end: date) -> date:
    if end <= start:
        return start
    return start + timedelta(days=rng.randrange((end - start).days + 1))


# ---------------------------------------------------------------- places and people


def commune_of(person: Citizen) -> str:
    """"xã Tùng Bá" from a permanent address "12 tổ 7, xã Tùng Bá, tỉnh Hà Giang"."""
    parts = [p.strip() for p in person.address.split(",")]
    return parts[-2] if len(parts) >= 2 else parts[0]


def province_of(person: Citizen) -> str:
    """"Hà Giang" from the address's last part."""
    last = person.address.split(",")[-1].strip()
    return last.removeprefix("tỉnh ").removeprefix("thành phố ").strip()


def origin_commune(person: Citizen) -> str:
    return person.place_of_origin.split(",")[0].strip() or commune_of(person)


def origin_province(person: Citizen) -> str:
    return person.place_of_origin.split(",")[-1].strip().removeprefix("tỉnh ").strip() or province_of(person)


def district_for(commune: str) -> str:
    """The pre-2025 district a commune sat in, named after it as most were (papers before the
    2025 reform print three levels: commune, district, province)."""
    kind, _, name = commune.partition(" ")
    return f"thành phố {name}" if kind == "phường" else f"huyện {name}"


def title_name(commune: str) -> str:
    """"xã Tùng Bá" -> "Tùng Bá" (the place in "Tùng Bá, ngày ...")."""
    return commune.partition(" ")[2] or commune


def adult_day(person: Citizen, years: int = 18) -> date:
    b = person.birth_date
    return date(b.year + years, b.month, min(b.day, 28))


def ethnicity(rng: random.Random, person: Citizen) -> str:
    # Most papers say Kinh; the highland provinces' people are often of other peoples.
    if person.citizen_id.startswith(("002", "011")) and rng.random() < 0.4:
        return rng.choice(["Tày", "Thái", "H'Mông", "Dao"])
    if person.citizen_id.startswith("094") and rng.random() < 0.3:
        return "Khmer"
    return "Kinh"


def honorific(person: Citizen) -> str:
    return "Ông" if person.sex == "Nam" else "Bà"


# ---------------------------------------------------------------- hand-filled values


def hand(rng: random.Random, value: str) -> str:
    """A value written by hand: italic, blue, a little turned and off the baseline."""
    angle = rng.uniform(-1.8, 1.8)
    dy = rng.uniform(-1.2, 0.8)
    dx = rng.uniform(0, 2.5)
    return (f'<span class="hw" style="transform: translate({dx:.1f}px, {dy:.1f}px) rotate({angle:.2f}deg)">'
            f"{esc(value)}</span>")


def dotted(rng: random.Random, label: str, value: str = "", handwritten: bool = True, after: str = "") -> str:
    """One "Label: ........value........" line of a form."""
    filled = hand(rng, value) if (handwritten and value) else esc(value)
    tail = f'<span class="lb">{esc(after)}</span>' if after else ""
    return f'<div class="dl"><span class="lb">{esc(label)}</span><span class="fl">{filled}</span>{tail}</div>'


def spaced_digits(number: str, group: int = 1) -> str:
    """"0 3 4 0 9 1 ..." or "034 091 234 567": how a hand often writes an ID on a form."""
    return " ".join(number[i:i + group] for i in range(0, len(number), group))


def digit_boxes(rng: random.Random, number: str, handwritten: bool = True) -> str:
    """An ID written one digit per printed box, as on the Căn cước and hộ tịch forms."""
    cells = "".join(f"<span>{hand(rng, d) if handwritten else esc(d)}</span>" for d in number)
    return f'<span class="boxes">{cells}</span>'


def id_value(rng: random.Random, number: str) -> str:
    """A 12-digit ID as a hand writes it on a dotted line: whole, in groups of 3 or 4, or digit by digit."""
    return rng.choice([number, spaced_digits(number, 3), spaced_digits(number, 4), spaced_digits(number, 1)])


# ---------------------------------------------------------------- headers


def motto_block(underline_mm: float = 58) -> str:
    return (f'<div class="b">{MOTTO}</div><div class="b">{MOTTO_SUB}</div>'
            f'<span class="rule" style="width:{underline_mm}mm"></span>')


def two_column_header(agency: list[str], right_below: str = "", left_below: str = "",
                      left_width: int = 42) -> str:
    """Agency (the issuing unit in bold, its parent above) | national motto; optional lines
    under each column (the number on the left, place and date on the right)."""
    *parents, own = agency
    lines = "".join(f"<div>{esc(p)}</div>" for p in parents) + f'<div class="b">{esc(own)}</div>'
    return (f'<div class="hdr"><div class="l" style="width:{left_width}%">{lines}'
            f'<span class="rule" style="width:22mm"></span>{left_below}</div>'
            f'<div class="m" style="width:{98 - left_width}%">{motto_block()}{right_below}</div></div>')


# ---------------------------------------------------------------- seals and signatures


def seal(rng: random.Random, ring_text: str, centre: str = "★", size_mm: float = 36,
         left_mm: float = 0, top_mm: float = 0) -> str:
    """A round red seal: two rings, the agency's name around, a star or a name in the middle.
    Semi-transparent, laid over the signature block, and left out of the drawn text."""
    r = 50
    angle = rng.uniform(-25, 25)
    text = esc(ring_text.upper())
    ring_font = min(8.2, 232 / (0.66 * max(len(ring_text), 1)))  # the name fits once around the ring
    ident = f"s{rng.randrange(10**8)}"
    centre_text = (f'<text x="50" y="58" text-anchor="middle" font-size="22" fill="{SEAL_RED}">{esc(centre)}</text>'
                   if centre == "★" else
                   f'<text x="50" y="54" text-anchor="middle" font-size="9" font-weight="bold" '
                   f'fill="{SEAL_RED}">{esc(centre)}</text>')
    return (f'<svg data-notext="1" viewBox="0 0 100 100" style="position:absolute;left:{left_mm:.1f}mm;'
            f'top:{top_mm:.1f}mm;width:{size_mm}mm;height:{size_mm}mm;transform:rotate({angle:.0f}deg);'
            f'mix-blend-mode:multiply;pointer-events:none">'
            f'<defs><path id="{ident}" d="M 50,50 m -38,0 a 38,38 0 1,1 76,0 a 38,38 0 1,1 -76,0"/></defs>'
            f'<circle cx="{r}" cy="{r}" r="48" fill="none" stroke="{SEAL_RED}" stroke-width="2.6"/>'
            f'<circle cx="{r}" cy="{r}" r="30" fill="none" stroke="{SEAL_RED}" stroke-width="1.2"/>'
            f'<text font-size="{ring_font:.1f}" font-weight="bold" fill="{SEAL_RED}" letter-spacing="0.4">'
            f'<textPath href="#{ident}" startOffset="2%">{text}</textPath></text>{centre_text}</svg>')


def signature(rng: random.Random, width_mm: float = 34, left_mm: float = 0, top_mm: float = 0,
              ink: str = "#1a237e") -> str:
    """A scribbled signature: a few joined loops and a flourish, as one SVG path."""
    x, y = 8.0, 30.0 + rng.uniform(-5, 5)
    parts = [f"M {x:.1f} {y:.1f}"]
    for _ in range(rng.randint(4, 7)):
        nx = x + rng.uniform(10, 20)
        ny = 30 + rng.uniform(-14, 14)
        parts.append(f"C {x + rng.uniform(0, 14):.1f} {y - rng.uniform(5, 22):.1f} "
                     f"{nx - rng.uniform(0, 12):.1f} {ny + rng.uniform(5, 22):.1f} {nx:.1f} {ny:.1f}")
        x, y = nx, ny
    flourish = f"M 6 {44 + rng.uniform(-3, 3):.1f} Q {x / 2:.1f} {52 + rng.uniform(-4, 4):.1f} {x + 6:.1f} {38:.1f}"
    width = x + 12
    return (f'<svg data-notext="1" viewBox="0 0 {width:.0f} 60" style="position:absolute;left:{left_mm:.1f}mm;'
            f'top:{top_mm:.1f}mm;width:{width_mm}mm;height:{width_mm * 60 / width:.1f}mm;'
            f'transform:rotate({rng.uniform(-8, 4):.0f}deg)">'
            f'<path d="{" ".join(parts)}" fill="none" stroke="{ink}" stroke-width="1.6" stroke-linecap="round"/>'
            f'<path d="{flourish}" fill="none" stroke="{ink}" stroke-width="1.2"/></svg>')


def sign_block(rng: random.Random, lines: list[str], name: str, seal_text: str | None = None,
               width: str = "48%", align: str = "right", note: str = "", signed: bool = True,
               ink: str = "#1a237e") -> str:
    """The signer's title (bold lines), an optional italic note, the signature, the name;
    the seal overlaps the title's left part when the paper is sealed."""
    title = "".join(f'<div class="b">{esc(line)}</div>' for line in lines)
    note_html = f'<div class="i sm">{esc(note)}</div>' if note else ""
    marks = ""
    if signed:
        marks += signature(rng, left_mm=rng.uniform(10, 24), top_mm=rng.uniform(0, 4), ink=ink)
    if seal_text:
        marks += seal(rng, seal_text, left_mm=rng.uniform(-6, 6), top_mm=rng.uniform(-16, -9))
    margin = "margin-left:auto" if align == "right" else ("margin:0 auto" if align == "center" else "")
    return (f'<div class="sig" style="width:{width};{margin}">{title}{note_html}'
            f'<div style="position:relative;height:22mm">{marks}</div><div class="b">{esc(name)}</div></div>')


def qr_code(rng: random.Random, size_mm: float = 24) -> str:
    """A QR-like code (a grid of random modules with the three finder squares): drawing only."""
    n = 25
    cells = []
    corners = ((0, 0), (n - 7, 0), (0, n - 7))
    for y in range(n):
        for x in range(n):
            finder = next(((x - x0, y - y0) for x0, y0 in corners if x0 <= x < x0 + 7 and y0 <= y < y0 + 7), None)
            if finder:
                dx, dy = finder
                on = dx in (0, 6) or dy in (0, 6) or (2 <= dx <= 4 and 2 <= dy <= 4)
            else:
                on = rng.random() < 0.5
            if on:
                cells.append(f'<rect x="{x}" y="{y}" width="1" height="1"/>')
    return (f'<svg data-notext="1" viewBox="-1 -1 {n + 2} {n + 2}" style="width:{size_mm}mm;height:{size_mm}mm">'
            f'<rect x="-1" y="-1" width="{n + 2}" height="{n + 2}" fill="#fff"/><g fill="#000">{"".join(cells)}</g></svg>')


def officials(rng: random.Random) -> str:
    """A name for the official who signs (not one of the cast: they are not the paper's subject)."""
    family = rng.choice(["Phùng", "Nghiêm", "Bạch", "Cù", "Hoàng", "Viên", "Ninh", "Đoàn", "Lục"])
    middle = rng.choice(["Văn", "Thị", "Minh", "Hải", "Công", "Kim", "Thanh"])
    given = rng.choice(["Sơn", "Bình", "Hoa", "Tâm", "Phương", "Khoa", "Lan", "Chiến", "Mai", "Toàn"])
    return f"{family} {middle} {given}"


def book_number(rng: random.Random, year: int, suffix: str = "") -> tuple[str, str]:
    """A hộ tịch register entry: "Số: 127" and "Quyển số: 01/2016"."""
    number = f"{rng.randint(3, 380)}{suffix}"
    return number, f"{rng.randint(1, 3):02d}/{year}"


def paper_css(look: Look, extra: str = "", **kwargs) -> str:
    return base_css(look, **kwargs) + extra


def citizen_sign(rng: random.Random, label: str, name: str, ink: str = "#1b2f8f", width: str = "48%",
                 align: str = "right", note: str = "(Ký, ghi rõ họ tên)") -> str:
    """A citizen's own signature: the printed label, the scribble, the name written by hand."""
    margin = "margin-left:auto" if align == "right" else ("margin:0 auto" if align == "center" else "")
    return (f'<div class="sig" style="width:{width};{margin}"><div class="b">{esc(label)}</div>'
            f'<div class="i sm">{esc(note)}</div><div style="position:relative;height:17mm">'
            f'{signature(rng, width_mm=30, left_mm=rng.uniform(8, 20), top_mm=rng.uniform(0, 3), ink=ink)}</div>'
            f'{hand(rng, name)}</div>')


def lined_css(look: Look) -> str:
    """Ruled paper for letters written wholly by hand: every 9 mm a pale blue rule."""
    return (".ruled { background-image: repeating-linear-gradient(to bottom, transparent 0, transparent 8.7mm, "
            "#b8c4dc 8.7mm, #b8c4dc 9mm); }"
            f".ruled p.hl {{ font-family: '{look.hand}', serif; font-style: italic; color: {look.ink}; "
            "margin: 0; line-height: 9mm; text-indent: 10mm; }")
