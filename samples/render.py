"""Render Vietnamese text onto page images at scanner resolution.

Pure functions: a `PageLayout` (lines with style) goes in, a PIL image and the exact text
that was drawn (the ground truth) come out. Sizes are in points and millimetres, as on
paper, so the same layout renders correctly at 200 or 300 dpi.

Besides the flowing lines a layout may carry text blocks set at fixed places (two-column
letterheads, ID-card fields, page footers) and pictures (QR codes, photos). The truth
text lists the blocks drawn before the flow as a person reads them (side-by-side blocks
left to right, each block whole: a two-column letterhead's agency and number, then its
motto, place and date), then the flow, then blocks marked `after_flow`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Literal

from PIL import Image, ImageDraw, ImageFont

from samples.fonts import PREFERRED, find_font
from vntext import nfc

A4_MM = (210.0, 297.0)
MM_PER_INCH = 25.4

Align = Literal["left", "center", "right"]


@dataclass(frozen=True)
class Line:
    """One paragraph: wrapped to the text width when it is too long."""

    text: str
    size_pt: float = 13.0
    style: str = "serif"  # key of samples.fonts.PREFERRED, or of PageLayout.fonts
    align: Align = "left"  # "center" centres within the indented width
    space_before_pt: float = 0.0
    indent_mm: float = 0.0
    keep_with_next: bool = False  # never end a page after this line (headings, signature blocks)


@dataclass
class TextBlock:
    """Lines set from a fixed top-left corner, wrapped to `width_mm`."""

    x_mm: float
    y_mm: float
    width_mm: float
    lines: list[Line]
    line_spacing: float = 1.15
    after_flow: bool = False  # in the truth text after the flow (footers, signatures)
    region: int | None = None  # blocks of one physical object (a card side) read together


@dataclass
class Picture:
    """A bitmap (QR code, photo, emblem) pasted, scaled to the rectangle, onto the page."""

    image: Image.Image
    x_mm: float
    y_mm: float
    width_mm: float
    height_mm: float
    smooth: bool = False  # bilinear scaling for photos; nearest keeps QR modules crisp


@dataclass
class PageLayout:
    lines: list[Line]
    size_mm: tuple[float, float] = A4_MM
    margins_mm: tuple[float, float, float, float] = (20.0, 15.0, 20.0, 30.0)  # top, right, bottom, left
    line_spacing: float = 1.25
    font_override: Path | None = None  # render every line with this font file
    boxes: list[tuple[float, float, float, float]] = field(default_factory=list)  # mm rectangles to outline
    blocks: list[TextBlock] = field(default_factory=list)
    pictures: list[Picture] = field(default_factory=list)
    fonts: dict[str, Path] | None = None  # style -> font file, e.g. one family per document
    continuation_margins_mm: tuple[float, float, float, float] | None = None  # pages after the first


@dataclass
class RenderedPage:
    image: Image.Image  # mode "L", white paper
    text: str  # the drawn text, one wrapped line per text line, NFC
    dpi: int
    overflow: list[Line]  # lines that did not fit on the page


def mm_to_px(mm: float, dpi: int) -> int:
    return round(mm / MM_PER_INCH * dpi)


def pt_to_px(pt: float, dpi: int) -> int:
    return max(1, round(pt / 72.0 * dpi))


@lru_cache(maxsize=128)
def _font(path: str, px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, px)


def _font_path(layout: PageLayout, style: str) -> str:
    if layout.font_override:
        return str(layout.font_override)
    if layout.fonts and style in layout.fonts:
        return str(layout.fonts[style])
    # Styles such as "serif-italic" fall back to their family when no file is given.
    base = style if style in PREFERRED else style.split("-")[0]
    return str(find_font(base if base in PREFERRED else "serif"))


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    words = text.split(" ")
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = word if not current else f"{current} {word}"
        if draw.textlength(candidate, font=font) <= width or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current or not lines:
        lines.append(current)
    return lines


@dataclass
class _Placed:
    x: float
    y: int
    text: str
    font: ImageFont.FreeTypeFont


_MEASURE = ImageDraw.Draw(Image.new("L", (1, 1)))


def _measure(
    layout: PageLayout, line: Line, dpi: int, width: int, spacing: float
) -> tuple[list[str], ImageFont.FreeTypeFont, int, int]:
    """Wrapped parts, font, line step and total height (space before included) of a line."""
    size_px = pt_to_px(line.size_pt, dpi)
    font = _font(_font_path(layout, line.style), size_px)
    step = round(size_px * spacing)
    text = nfc(line.text)
    wrapped = _wrap(_MEASURE, text, font, width - mm_to_px(line.indent_mm, dpi)) if text else [""]
    return wrapped, font, step, pt_to_px(line.space_before_pt, dpi) + step * len(wrapped)


def wrap_line(line: Line, width_mm: float, fonts: dict[str, Path] | None = None, dpi: int = 300) -> list[str]:
    """How a line wraps in a column `width_mm` wide (for templates that place rules under text)."""
    layout = PageLayout(lines=[], fonts=fonts)
    return _measure(layout, line, dpi, mm_to_px(width_mm, dpi), 1.0)[0]


def _set_lines(
    layout: PageLayout,
    lines: list[Line],
    dpi: int,
    left: int,
    top: int,
    text_width: int,
    spacing: float,
    bottom_limit: int | None,
) -> tuple[list[_Placed], list[Line]]:
    """Where each wrapped line goes; lines past `bottom_limit` are returned as overflow."""
    y = top
    placed: list[_Placed] = []
    measured = [_measure(layout, line, dpi, text_width, spacing) for line in lines]
    for index, line in enumerate(lines):
        wrapped, font, step, needed = measured[index]
        if bottom_limit is not None:
            group = needed
            j = index
            while lines[j].keep_with_next and j + 1 < len(lines):
                j += 1
                group += measured[j][3]
            # A kept-together group taller than the page is split rather than pushed for ever.
            if y + needed > bottom_limit or (y + group > bottom_limit and y > top):
                return placed, list(lines[index:])
        y += pt_to_px(line.space_before_pt, dpi)
        indent = mm_to_px(line.indent_mm, dpi)
        for part in wrapped:
            if part:
                part_width = _MEASURE.textlength(part, font=font)
                if line.align == "center":
                    x = left + indent + (text_width - indent - part_width) / 2
                elif line.align == "right":
                    x = left + text_width - part_width
                else:
                    x = left + indent
                placed.append(_Placed(x, y, part, font))
            y += step
    return placed, []


def _flow(layout: PageLayout, dpi: int) -> tuple[list[_Placed], list[Line]]:
    width_px = mm_to_px(layout.size_mm[0], dpi)
    height_px = mm_to_px(layout.size_mm[1], dpi)
    top, right, bottom, left = (mm_to_px(m, dpi) for m in layout.margins_mm)
    return _set_lines(
        layout, layout.lines, dpi, left, top, width_px - left - right, layout.line_spacing, height_px - bottom
    )


def _block(layout: PageLayout, block: TextBlock, dpi: int) -> list[_Placed]:
    placed, _ = _set_lines(
        layout,
        block.lines,
        dpi,
        mm_to_px(block.x_mm, dpi),
        mm_to_px(block.y_mm, dpi),
        mm_to_px(block.width_mm, dpi),
        block.line_spacing,
        None,
    )
    return placed


def _reading_order(placed: list[_Placed]) -> list[_Placed]:
    """Fixed-position lines top to bottom, side-by-side lines left to right: the order in
    which a line-based OCR reads a two-column letterhead."""
    rows: list[list[_Placed]] = []
    for p in sorted(placed, key=lambda p: (p.y, p.x)):
        if rows and p.y - rows[-1][0].y < rows[-1][0].font.size * 0.6:
            rows[-1].append(p)
        else:
            rows.append([p])
    return [p for row in rows for p in sorted(row, key=lambda p: p.x)]


def _blocks_in_order(placed_blocks: list[list[_Placed]]) -> list[_Placed]:
    """Loose blocks as a person reads them: blocks side by side (their heights overlapping)
    left to right, each whole before the next, rows of blocks top to bottom. A line-based
    OCR reads a two-column letterhead across both columns; people (and the unseen papers'
    truth) read the agency's column, then the motto's."""
    rows: list[list[list[_Placed]]] = []
    for block in sorted((b for b in placed_blocks if b), key=lambda b: min(p.y for p in b)):
        top = min(p.y for p in block)
        if rows and top < max(p.y + p.font.size for b in rows[-1] for p in b):
            rows[-1].append(block)
        else:
            rows.append([block])
    return [p for row in rows for block in sorted(row, key=lambda b: min(p.x for p in b)) for p in block]


def _regions_in_order(layout: PageLayout, dpi: int) -> list[_Placed]:
    """Loose blocks in block order; a region (one side of a card copied onto the page) is read
    whole, top to bottom, before the next: nobody reads two cards side by side line across line."""
    groups: dict[int | None, list[_Placed]] = {}
    loose_blocks: list[list[_Placed]] = []
    for block in layout.blocks:
        if not block.after_flow:
            if block.region is None:
                loose_blocks.append(_block(layout, block, dpi))
            else:
                groups.setdefault(block.region, []).extend(_block(layout, block, dpi))
    loose = _blocks_in_order(loose_blocks)
    regions = sorted(groups.values(), key=lambda placed: (min(p.y for p in placed), min(p.x for p in placed)))
    return loose + [p for region in regions for p in _reading_order(region)]


def paginate(layout: PageLayout, dpi: int = 300) -> list[PageLayout]:
    """Split a long layout into pages without drawing; blocks and pictures stay on page 1.

    Pagination depends on font metrics at the given dpi, so render the pages at that dpi.
    """
    pages: list[PageLayout] = []
    current = layout
    while True:
        _, overflow = _flow(current, dpi)
        fitted = current.lines[: len(current.lines) - len(overflow)]
        if not overflow or not fitted:
            # No fitted line means one paragraph taller than a page: render_page reports it.
            pages.append(current)
            return pages
        pages.append(replace(current, lines=fitted))
        current = replace(
            layout,
            lines=overflow,
            blocks=[],
            pictures=[],
            boxes=[],
            margins_mm=layout.continuation_margins_mm or layout.margins_mm,
        )


def render_page(layout: PageLayout, dpi: int = 300) -> RenderedPage:
    """Draw the layout's lines top to bottom; what does not fit is returned as overflow."""
    width_px = mm_to_px(layout.size_mm[0], dpi)
    height_px = mm_to_px(layout.size_mm[1], dpi)
    image = Image.new("L", (width_px, height_px), 255)
    draw = ImageDraw.Draw(image)
    for pic in layout.pictures:
        size = (max(1, mm_to_px(pic.width_mm, dpi)), max(1, mm_to_px(pic.height_mm, dpi)))
        resample = Image.Resampling.BILINEAR if pic.smooth else Image.Resampling.NEAREST
        bitmap = pic.image.convert("L").resize(size, resample)
        image.paste(bitmap, (mm_to_px(pic.x_mm, dpi), mm_to_px(pic.y_mm, dpi)))
    flow, overflow = _flow(layout, dpi)
    before = _regions_in_order(layout, dpi)
    after = [p for b in layout.blocks if b.after_flow for p in _block(layout, b, dpi)]
    drawn: list[str] = []
    for placed in before + flow + after:
        draw.text((placed.x, placed.y), placed.text, font=placed.font, fill=0)
        drawn.append(placed.text)
    for x0, y0, x1, y1 in layout.boxes:
        draw.rectangle(
            [mm_to_px(x0, dpi), mm_to_px(y0, dpi), mm_to_px(x1, dpi), mm_to_px(y1, dpi)],
            outline=0,
            width=max(1, dpi // 100),
        )
    return RenderedPage(image=image, text="\n".join(drawn), dpi=dpi, overflow=overflow)


def render_pages(layout: PageLayout, dpi: int = 300) -> list[RenderedPage]:
    """Every page a long layout needs (see `paginate`)."""
    return [render_page(page, dpi) for page in paginate(layout, dpi)]
