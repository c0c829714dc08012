"""Cues on a page that say where a document begins or continues (pure functions).

- A page number "Trang 2/3" / "Trang 2" / "Page 2 of 3": k > 1 continues the document,
  k = 1 begins one.
- The national motto (CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM / Độc lập - Tự do - Hạnh phúc)
  at the top: Vietnamese papers print it on their first page only, so it begins a
  document even when its title is not in the taxonomy (the centre's dossier receipt).
Both are matched on folded text (diacritics lost) and tolerate OCR errors.
"""

from __future__ import annotations

import re

from pydantic import BaseModel
from rapidfuzz import fuzz

from vntext import fold

TOP_LINES = 8  # the motto sits in the first lines (beside the agency header in two columns)
_MOTTOS = ("cong hoa xa hoi chu nghia viet nam", "doc lap tu do hanh phuc")
_PAGE_NUMBER = re.compile(
    r"(?:^|\s)(?:trang|page|tr\.)\s*(\d{1,3})\s*(?:(?:/|tren|of|\|)\s*(\d{1,3}))?\s*$"
)


class PageCues(BaseModel):
    page_index: int | None = None  # k of "Trang k/n"
    page_total: int | None = None  # n, when printed
    motto_at_top: bool = False

    @property
    def continues(self) -> bool:
        return self.page_index is not None and self.page_index > 1

    @property
    def begins(self) -> bool:
        return self.page_index == 1 or self.motto_at_top


def _letters(line: str) -> str:
    return " ".join(re.sub(r"[^a-z ]+", " ", fold(line)).split())


def page_number(text: str) -> tuple[int, int | None] | None:
    """(k, n) of a page-number line ("Trang 2/3"), searched from the bottom of the page."""
    for line in reversed(text.splitlines()):
        found = _PAGE_NUMBER.search(fold(line).strip(" -–—.:"))
        if found and len(line.strip()) <= 30:
            index = int(found.group(1))
            total = int(found.group(2)) if found.group(2) else None
            if index >= 1 and (total is None or index <= total <= 200):
                return index, total
    return None


def motto_at_top(text: str) -> bool:
    lines = [_letters(line) for line in text.splitlines() if line.strip()][:TOP_LINES]
    joined = " ".join(lines)
    return any(fuzz.partial_ratio(motto, joined) >= 86 for motto in _MOTTOS)


def page_cues(text: str) -> PageCues:
    found = page_number(text)
    return PageCues(
        page_index=found[0] if found else None,
        page_total=found[1] if found else None,
        motto_at_top=motto_at_top(text),
    )
