"""Font families the held-out family draws with, each checked for Vietnamese glyphs.

Chromium picks a font by family name through fontconfig; a family whose file lacks ệ, ữ,
ơ or đ would be silently replaced glyph by glyph by a fallback face, and the page would
not be in the font the ground truth says. So every family is resolved with `fc-match` to
its file and that file's cmap checked before a template may use it.
"""

from __future__ import annotations

import subprocess
from functools import lru_cache
from pathlib import Path

from samples.fonts import missing_glyphs

# Families other than samples' first choice, all in Debian packages scripts/setup.sh installs.
SERIF = ("Noto Serif", "DejaVu Serif", "FreeSerif", "Liberation Serif")
SANS = ("Noto Sans", "DejaVu Sans", "FreeSans", "Liberation Sans", "DejaVu Sans Condensed")
MONO = ("DejaVu Sans Mono", "FreeMono", "Liberation Mono", "Noto Sans Mono")


@lru_cache(maxsize=64)
def font_file(family: str) -> Path | None:
    """The file fontconfig draws `family` from, or None when it would substitute another family."""
    out = subprocess.run(["fc-match", "-f", "%{family}\n%{file}", family], capture_output=True, text=True)
    if out.returncode != 0 or "\n" not in out.stdout:
        return None
    matched, file = out.stdout.split("\n", 1)
    if family.lower() not in matched.lower():
        return None
    return Path(file.strip())


@lru_cache(maxsize=64)
def vietnamese_family(family: str) -> bool:
    path = font_file(family)
    return path is not None and path.is_file() and not missing_glyphs(path)


def usable(families: tuple[str, ...]) -> list[str]:
    """The families of `families` installed with every Vietnamese letter, in order."""
    return [f for f in families if vietnamese_family(f)]
