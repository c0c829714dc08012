"""Snippets cut from the original text around the first folded match."""

from __future__ import annotations

from vntext import fold, tokens

_WIDTH = 90


def snippet(text: str, query: str | None, width: int = _WIDTH) -> str:
    """A one-line excerpt of `text` around the first query word (or its start)."""
    flat = " ".join(text.split())
    if not flat:
        return ""
    start = 0
    if query:
        folded = fold(flat)
        positions = [folded.find(tok) for tok in tokens(query)]
        found = [p for p in positions if p >= 0]
        if found:
            start = max(0, min(found) - width // 3)
    excerpt = flat[start : start + width]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + width < len(flat) else ""
    return f"{prefix}{excerpt}{suffix}"
