"""Unicode NFC and diacritic folding for Vietnamese.

Officers type without diacritics ("nguyen van an", "dat"), so every comparison and
every search key goes through `fold`. Generic accent stripping (NFD then drop
combining marks) misses đ/Đ, which has no decomposition: it is mapped explicitly.

`fold` maps one NFC character to exactly one character, so an offset in the folded
text is the same offset in the NFC original: snippets and highlights found in the
folded text can be cut from the original.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_EXPLICIT = {"đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "ƀ": "b", "ł": "l", "Ł": "l", "ø": "o", "Ø": "o"}
_WORD = re.compile(r"\w+", re.UNICODE)


def nfc(text: str) -> str:
    """Text as stored and compared everywhere: Unicode NFC."""
    return unicodedata.normalize("NFC", text)


@lru_cache(maxsize=4096)
def fold_char(ch: str) -> str:
    """One character, lower-cased and without diacritics; always one character long."""
    if ch in _EXPLICIT:
        return _EXPLICIT[ch]
    base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
    low = base.lower()
    # Some lower-casings grow (İ -> i̇); keep the 1:1 offset guarantee.
    if len(low) != 1:
        return low[:1] if low else ch
    return low


def fold(text: str) -> str:
    """NFC text folded for matching: lower case, no diacritics, đ -> d, same length."""
    return "".join(fold_char(c) for c in nfc(text))


def tokens(text: str) -> list[str]:
    """Folded word tokens of a text (letters and digits)."""
    return _WORD.findall(fold(text))
