"""Fonts that really carry Vietnamese glyphs.

A font that lacks ệ, ữ, ơ or đ renders boxes (the old Liberation 1.x does), and a test
page drawn with it tests nothing. Every font is checked against its cmap before use.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont

# Every precomposed Vietnamese letter (NFC), both cases, plus đ/Đ.
_VOWELS = "aăâeêioôơuưy"
_TONED = (
    "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
)
VIETNAMESE_LETTERS = "".join(sorted(set(_VOWELS + _TONED + "đ")))
VIETNAMESE_LETTERS += VIETNAMESE_LETTERS.upper()

FONT_DIRS = (Path("/usr/share/fonts/truetype"), Path("/usr/share/fonts/opentype"))

# Preferred faces, in order: Times-metric first (official documents are set in
# Times New Roman), then other Debian fonts known to carry Vietnamese.
PREFERRED = {
    "serif": [
        "liberation2/LiberationSerif-Regular.ttf",
        "noto/NotoSerif-Regular.ttf",
        "dejavu/DejaVuSerif.ttf",
        "freefont/FreeSerif.ttf",
    ],
    "serif-bold": [
        "liberation2/LiberationSerif-Bold.ttf",
        "noto/NotoSerif-Bold.ttf",
        "dejavu/DejaVuSerif-Bold.ttf",
        "freefont/FreeSerifBold.ttf",
    ],
    "sans": [
        "liberation2/LiberationSans-Regular.ttf",
        "noto/NotoSans-Regular.ttf",
        "dejavu/DejaVuSans.ttf",
        "freefont/FreeSans.ttf",
    ],
    "sans-bold": [
        "liberation2/LiberationSans-Bold.ttf",
        "noto/NotoSans-Bold.ttf",
        "dejavu/DejaVuSans-Bold.ttf",
        "freefont/FreeSansBold.ttf",
    ],
    "mono": [
        "liberation2/LiberationMono-Regular.ttf",
        "dejavu/DejaVuSansMono.ttf",
        "freefont/FreeMono.ttf",
    ],
}


class NoVietnameseFont(RuntimeError):
    """No installed font of the wanted style carries the Vietnamese glyphs."""


@lru_cache(maxsize=64)
def missing_glyphs(path: Path, letters: str = VIETNAMESE_LETTERS) -> str:
    """The letters of `letters` that the font at `path` has no glyph for."""
    font = TTFont(str(path), lazy=True, fontNumber=0)
    try:
        cmap = font.getBestCmap() or {}
    finally:
        font.close()
    return "".join(ch for ch in letters if ord(ch) not in cmap)


def has_vietnamese(path: Path) -> bool:
    return path.is_file() and not missing_glyphs(path)


@lru_cache(maxsize=16)
def find_font(style: str = "serif") -> Path:
    """The first preferred font of `style` that exists and carries every Vietnamese letter."""
    tried = []
    for rel in PREFERRED[style]:
        for root in FONT_DIRS:
            path = root / rel
            if path.is_file():
                if has_vietnamese(path):
                    return path
                tried.append(f"{path} (missing {missing_glyphs(path)[:10]})")
    raise NoVietnameseFont(
        f"no {style} font with Vietnamese glyphs; tried {tried or PREFERRED[style]}. "
        "Install Debian's fonts-liberation2, fonts-dejavu-core or fonts-noto-core."
    )


def available_fonts(styles: tuple[str, ...] = ("serif", "sans")) -> list[Path]:
    """Every preferred font of the given styles that passes the glyph check."""
    out = []
    for style in styles:
        for rel in PREFERRED[style]:
            for root in FONT_DIRS:
                path = root / rel
                if has_vietnamese(path):
                    out.append(path)
    return out
