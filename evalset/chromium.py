"""Draw papers with Debian's Chromium (through Playwright) and read back the drawn text.

Each sheet is a `<section class="sheet">` of the paper's size in millimetres; its
screenshot at `dpi` is the clean page image. The ground-truth text is the sheet's
`innerText` once drawn: the text as laid out, block by block in document order (a
two-column letterhead reads its left column, then its right; a table reads row by row),
with anything marked `data-notext` (stamps, signatures, portraits, codes) left out,
because no OCR is expected to read it.
"""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from evalset.paper import Paper
from vntext import nfc

CHROMIUM = os.environ.get("HOSO_CHROMIUM", "/usr/bin/chromium")
CSS_DPI = 96.0  # CSS pixels per inch

BASE_CSS = """
@page { margin: 0 }
html, body { margin: 0; padding: 0; background: #fff; }
section.sheet { position: relative; overflow: hidden; box-sizing: border-box; background: #fff;
  color: #000; font-family: 'Liberation Serif', serif; font-size: 13pt; line-height: 1.3; }
"""


class ChromiumMissing(RuntimeError):
    """Debian's chromium is not installed (scripts/setup.sh installs it)."""


class SheetOverflow(ValueError):
    """A sheet's content is taller than the sheet: the template must split it."""


@dataclass
class DrawnPage:
    image: Image.Image  # RGB, at the requested dpi
    text: str  # NFC, one line per drawn block line, blank lines dropped


def _document(paper: Paper) -> str:
    width, height = paper.size_mm
    sheets = "\n".join(
        f'<section class="sheet" style="width:{width}mm;height:{height}mm">{html}</section>'
        for html in paper.pages)
    return (f"<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\">"
            f"<style>{BASE_CSS}\n{paper.css}</style></head><body>{sheets}</body></html>")


_READ_TEXT = """(sheet) => {
  const hidden = [...sheet.querySelectorAll('[data-notext]')];
  hidden.forEach(el => { el.style.display = 'none'; });
  const text = sheet.innerText;
  hidden.forEach(el => { el.style.display = ''; });
  return text;
}"""

_OVERFLOWS = "(sheet) => sheet.scrollHeight > sheet.clientHeight + 1"


def clean_text(text: str) -> str:
    lines = [" ".join(line.replace("\t", " ").split()) for line in nfc(text).splitlines()]
    return "\n".join(line for line in lines if line)


class Renderer:
    """One headless Chromium for many papers (starting it costs about a second)."""

    def __enter__(self) -> "Renderer":
        from playwright.sync_api import sync_playwright

        if not Path(CHROMIUM).exists():
            raise ChromiumMissing(f"{CHROMIUM} is missing: run scripts/setup.sh (Debian's chromium package)")
        self._playwright = sync_playwright().start()
        self._browser = self._playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        self._pages: dict[int, object] = {}
        return self

    def __exit__(self, *exc) -> None:
        self._browser.close()
        self._playwright.stop()

    def _tab(self, dpi: int):
        if dpi not in self._pages:
            context = self._browser.new_context(device_scale_factor=dpi / CSS_DPI,
                                                viewport={"width": 1000, "height": 1400})
            self._pages[dpi] = context.new_page()
        return self._pages[dpi]

    def draw(self, paper: Paper, dpi: int = 300) -> list[DrawnPage]:
        """Every sheet of the paper as a clean image with the text drawn on it."""
        tab = self._tab(dpi)
        tab.set_content(_document(paper), wait_until="load")
        tab.evaluate("document.fonts.ready")
        drawn = []
        for index, sheet in enumerate(tab.query_selector_all("section.sheet"), 1):
            if sheet.evaluate(_OVERFLOWS):
                raise SheetOverflow(f"{paper.template or paper.doc_type}: sheet {index} overflows")
            png = sheet.screenshot(type="png", animations="disabled")
            image = Image.open(io.BytesIO(png)).convert("RGB")
            drawn.append(DrawnPage(image=image, text=clean_text(sheet.evaluate(_READ_TEXT))))
        return drawn


def fonts_in(css: str) -> list[str]:
    """The font families a paper's CSS names (to glyph-check them, evalset.fonts)."""
    return sorted({name.strip().strip("'\"") for found in re.findall(r"font-family\s*:\s*([^;}]+)", css)
                   for name in found.split(",") if name.strip().strip("'\"") not in ("serif", "sans-serif", "monospace", "cursive")})
