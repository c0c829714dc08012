"""Stored text made safe to print on a terminal, one line per line.

Values typed by people or read from files (a dossier code, an officer name, a file name, a
reason) reach the terminal and the logs. A CR or LF inside one would start a line of its
own: `hoso audit` would show an entry that was never written. Escape sequences (ESC ...)
would move the cursor or recolour the screen, and bidirectional overrides reorder what the
reader sees. Such characters are shown as visible escapes instead (`\\n`, `\\x1b`, `\\u202e`).
Tabs stay: they cannot forge a line.
"""

from __future__ import annotations

import unicodedata

_NAMED = {"\n": "\\n", "\r": "\\r"}
_BIDI = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _is_unsafe(ch: str) -> bool:
    if ch == "\t":
        return False
    return unicodedata.category(ch) in ("Cc", "Zl", "Zp") or ch in _BIDI


def _escaped(ch: str) -> str:
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_controls(text: str) -> str:
    """`text` with every control, line-separator and bidi-override character shown as an escape."""
    if not any(_is_unsafe(ch) for ch in text):
        return text
    return "".join(_escaped(ch) if _is_unsafe(ch) else ch for ch in text)
