"""Building blocks shared by the document templates: font families, letterheads, dates.

Vietnamese administrative papers follow one typographic convention (Decree 30/2020 on
the format of administrative documents): a two-column letterhead with the issuing body on
the left and the national motto on the right, a title in bold capitals, body text in
Times 13-14 pt, place and date in italics, a signature block on the right.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from samples.fonts import FONT_DIRS, has_vietnamese
from samples.models import DocTruth
from samples.render import A4_MM, Line, PageLayout, Picture, TextBlock, wrap_line
from vntext import nfc

MOTTO_1 = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_2 = "Độc lập - Tự do - Hạnh phúc"

# Style keys the templates use; every family maps all of them to a glyph-checked file.
STYLES = ("body", "bold", "italic", "sans", "sans-bold", "mono")

_FAMILIES: dict[str, dict[str, str]] = {
    "liberation": {
        "body": "liberation2/LiberationSerif-Regular.ttf",
        "bold": "liberation2/LiberationSerif-Bold.ttf",
        "italic": "liberation2/LiberationSerif-Italic.ttf",
        "sans": "liberation2/LiberationSans-Regular.ttf",
        "sans-bold": "liberation2/LiberationSans-Bold.ttf",
        "mono": "liberation2/LiberationMono-Regular.ttf",
    },
    "noto": {
        "body": "noto/NotoSerif-Regular.ttf",
        "bold": "noto/NotoSerif-Bold.ttf",
        "italic": "noto/NotoSerif-Italic.ttf",
        "sans": "noto/NotoSans-Regular.ttf",
        "sans-bold": "noto/NotoSans-Bold.ttf",
        "mono": "liberation2/LiberationMono-Regular.ttf",
    },
    "dejavu": {
        "body": "dejavu/DejaVuSerif.ttf",
        "bold": "dejavu/DejaVuSerif-Bold.ttf",
        "italic": "dejavu/DejaVuSerif-Italic.ttf",
        "sans": "dejavu/DejaVuSans.ttf",
        "sans-bold": "dejavu/DejaVuSans-Bold.ttf",
        "mono": "freefont/FreeMono.ttf",
    },
    "freefont": {
        "body": "freefont/FreeSerif.ttf",
        "bold": "freefont/FreeSerifBold.ttf",
        "italic": "freefont/FreeSerifItalic.ttf",
        "sans": "freefont/FreeSans.ttf",
        "sans-bold": "freefont/FreeSansBold.ttf",
        "mono": "freefont/FreeMono.ttf",
    },
    # Forms typed by citizens are often in Arial: the sans faces as body text.
    "liberation-sans": {
        "body": "liberation2/LiberationSans-Regular.ttf",
        "bold": "liberation2/LiberationSans-Bold.ttf",
        "italic": "liberation2/LiberationSans-Italic.ttf",
        "sans": "liberation2/LiberationSans-Regular.ttf",
        "sans-bold": "liberation2/LiberationSans-Bold.ttf",
        "mono": "liberation2/LiberationMono-Regular.ttf",
    },
}
# Times (Liberation Serif) dominates real papers.
_FAMILY_WEIGHTS = {"liberation": 6, "noto": 2, "dejavu": 1, "freefont": 2, "liberation-sans": 2}


def _resolve(rel: str) -> Path | None:
    for root in FONT_DIRS:
        path = root / rel
        if has_vietnamese(path):
            return path
    return None


def font_families() -> dict[str, dict[str, Path]]:
    """Installed families whose every face carries the Vietnamese letters."""
    out = {}
    for name, faces in _FAMILIES.items():
        resolved = {style: _resolve(rel) for style, rel in faces.items()}
        if all(resolved.values()):
            out[name] = resolved  # type: ignore[assignment]
    if not out:
        raise RuntimeError("no complete Vietnamese font family; install fonts-liberation2")
    return out


def pick_family(rng: random.Random) -> dict[str, Path]:
    families = font_families()
    names = sorted(families)
    return families[rng.choices(names, weights=[_FAMILY_WEIGHTS[n] for n in names])[0]]


def default_family() -> dict[str, Path]:
    families = font_families()
    return families.get("liberation") or families[sorted(families)[0]]


# --- dates and numbers in words ---------------------------------------------------------

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")


def _tens(n: int) -> str:
    """0..99 in words, the way dates are written on birth certificates."""
    if n < 10:
        return _DIGITS[n]
    tens, unit = divmod(n, 10)
    head = "mười" if tens == 1 else f"{_DIGITS[tens]} mươi"
    if unit == 0:
        return head
    if unit == 5:
        return f"{head} lăm"
    if unit == 1 and tens > 1:
        return f"{head} mốt"
    return f"{head} {_DIGITS[unit]}"


def number_words(n: int) -> str:
    """0..9999 in Vietnamese words: 2005 -> 'hai nghìn không trăm linh năm'."""
    if n < 100:
        return _tens(n)
    thousands, rest = divmod(n, 1000)
    hundreds, tail = divmod(rest, 100)
    parts = []
    if thousands:
        parts.append(f"{_DIGITS[thousands]} nghìn")
    if thousands or hundreds:
        if hundreds or tail:
            parts.append(f"{_DIGITS[hundreds]} trăm")
    if tail:
        parts.append(f"linh {_DIGITS[tail]}" if tail < 10 else _tens(tail))
    return " ".join(parts)


def date_in_words(day: date) -> str:
    return f"Ngày {_tens(day.day)}, tháng {_tens(day.month)}, năm {number_words(day.year)}"


def dmy(day: date, sep: str = "/") -> str:
    return f"{day.day:02d}{sep}{day.month:02d}{sep}{day.year}"


def ngay_thang_nam(day: date) -> str:
    """'ngày 06 tháng 3 năm 2026', the running-text form of official papers."""
    return f"ngày {day.day:02d} tháng {day.month} năm {day.year}"


def printed_date(rng: random.Random, day: date) -> str:
    """A date as a form fills it in: mostly dd/mm/yyyy, sometimes dd-mm-yyyy or dd.mm.yyyy."""
    return dmy(day, rng.choice("///-."))


def pick(rng: random.Random, *options: str) -> str:
    return rng.choice(options)


# --- page structure ---------------------------------------------------------------------


@dataclass
class DocBuilder:
    """Collects the lines of one document and the truth about what it prints.

    Every personal ID goes through `pid` so `ids_on_document` cannot drift from the text.
    """

    rng: random.Random
    fonts: dict[str, Path]
    body_pt: float = 13.0
    title_pt: float = 14.0
    lines: list[Line] = field(default_factory=list)
    blocks: list[TextBlock] = field(default_factory=list)
    pictures: list[Picture] = field(default_factory=list)
    boxes: list[tuple[float, float, float, float]] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)
    title: str = ""
    top_mm: float = 20.0
    size_mm: tuple[float, float] = A4_MM

    def pid(self, citizen_id: str) -> str:
        if citizen_id not in self.ids:
            self.ids.append(citizen_id)
        return citizen_id

    def add(self, text: str, style: str = "body", *, size: float | None = None, align: str = "left",
            before: float = 0.0, indent: float = 0.0, keep: bool = False) -> None:
        """One paragraph; `keep` (implied for bold headings) holds it on the page of the next one."""
        keep = keep or style == "bold"
        self.lines.append(Line(nfc(text), size or self.body_pt, style, align, before, indent, keep))  # type: ignore[arg-type]

    def field(self, label: str, value: str, key: str | None = None, *, indent: float = 0.0) -> None:
        """'Label: value' on one line; `key` records the printed value in the truth."""
        self.add(f"{label}: {value}", indent=indent)
        if key:
            self.fields[key] = nfc(value)

    def heading(self, *title_lines: str, size: float | None = None, before: float = 10.0) -> None:
        for i, text in enumerate(title_lines):
            self.add(text, "bold", size=size or self.title_pt, align="center", before=before if i == 0 else 0,
                     keep=True)
        self.title = nfc(" ".join(title_lines))

    def motto(self, size: float | None = None) -> None:
        """The national motto centred at the top, as on forms filled in by citizens."""
        size = size or self.body_pt
        self.add(MOTTO_1, "bold", size=size - 0.5, align="center")
        self.add(MOTTO_2, "bold", size=size, align="center")

    def letterhead(self, agency: list[str], number: str | None, place_date: str | None) -> None:
        """Two-column letterhead: issuing body and number left, motto and date right,
        a short rule under the body's name and under the motto."""
        size = min(self.body_pt - 0.5, 12.5)
        left_width, right_x, right_width = 80.0, 95.0, 105.0
        left = [Line(nfc(a), size, "body" if i < len(agency) - 1 else "bold", "center") for i, a in enumerate(agency)]
        agency_rows = sum(len(wrap_line(line, left_width, self.fonts)) for line in left)
        if number:
            left.append(Line(nfc(number), size, "body", "center", 4))
        right = [Line(MOTTO_1, size, "bold", "center"), Line(MOTTO_2, size + 0.5, "bold", "center")]
        if place_date:
            right.append(Line(nfc(place_date), size, "italic", "center", 6))
        self.blocks.append(TextBlock(12.0, 15.0, left_width, left, 1.2))
        self.blocks.append(TextBlock(right_x, 15.0, right_width, right, 1.2))
        line_mm = (size + 0.5) / 72 * 25.4 * 1.2
        rule_y = 15.0 + line_mm * agency_rows + 0.9
        self.boxes.append((12.0 + left_width / 2 - 14, rule_y, 12.0 + left_width / 2 + 14, rule_y))
        motto_y = 15.0 + line_mm * 2 + 1.3
        self.boxes.append((right_x + right_width / 2 - 30, motto_y, right_x + right_width / 2 + 30, motto_y))
        rows = max(agency_rows + (1 if number else 0), len(right))
        self.top_mm = 15.0 + rows * line_mm + 10.0

    def signature(self, *lines: str, name: str | None = None, left: list[str] | None = None) -> None:
        """Signature block centred in the right half; `left` lines (Nơi nhận) follow."""
        first = True
        for text in lines:
            style = "italic" if text.startswith("(") else "bold"
            self.add(text, style, align="center", indent=80, before=8 if first else 0,
                     size=self.body_pt - (1 if style == "italic" else 0), keep=bool(name))
            first = False
        if name:
            self.add(name, "bold", align="center", indent=80, before=40)
        for i, text in enumerate(left or []):
            self.add(text, "italic" if i == 0 else "body", size=self.body_pt - 2, before=10 if i == 0 else 0)

    def layout(self) -> PageLayout:
        return PageLayout(
            lines=list(self.lines),
            size_mm=self.size_mm,
            margins_mm=(self.top_mm, 15.0, 20.0, 30.0),
            continuation_margins_mm=(20.0, 15.0, 20.0, 30.0),
            line_spacing=self.rng.choice((1.2, 1.25, 1.3)),
            boxes=list(self.boxes),
            blocks=list(self.blocks),
            pictures=list(self.pictures),
            fonts=dict(self.fonts),
        )

    def truth(self, doc_type: str, owner: str | None, **dates: date | None) -> DocTruth:
        return DocTruth(
            doc_type=doc_type,  # type: ignore[arg-type]
            title=self.title,
            owner_citizen_id=owner,
            ids_on_document=list(self.ids),
            fields=dict(self.fields),
            **dates,  # type: ignore[arg-type]
        )
