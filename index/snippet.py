"""Snippets cut from the original text around the first folded match.

Both backends produce the same snippet: the SQLite backend finds the offset with
instr() on its folded copy, the Elasticsearch backend with `first_match` in Python; the
folded text has the same length as the NFC text, so the offset cuts the original.
"""

from __future__ import annotations

from index.textquery import fold, folded_tokens
from vntext import nfc

_WIDTH = 90


def first_match(text: str, query: str | None) -> int | None:
    """Offset in the NFC text of the first occurrence of any folded query token."""
    if not query:
        return None
    folded = fold(text)
    found = [p for p in (folded.find(tok) for tok in dict.fromkeys(folded_tokens(query))) if p >= 0]
    return min(found) if found else None


def snippet_at(text: str, offset: int | None, width: int = _WIDTH) -> str:
    """A one-line excerpt of the NFC `text` starting a little before `offset`."""
    start = 0 if offset is None else max(0, offset - width // 3)
    span = text[start : start + 4 * width]  # whitespace runs shrink when flattened
    flat = " ".join(span.split())
    if not flat:
        return ""
    more = len(flat) > width or bool(text[start + 4 * width :].strip())
    prefix = "…" if text[:start].strip() else ""
    return f"{prefix}{flat[:width]}{'…' if more else ''}"


def snippet(text: str, query: str | None, width: int = _WIDTH) -> str:
    """A one-line excerpt of `text` around the first query word (or its start)."""
    text = nfc(text)
    return snippet_at(text, first_match(text, query), width)
