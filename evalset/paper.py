"""One paper of the held-out family, as its template describes it (before drawing).

A template gives the pages as HTML fragments (the inside of one sheet) and what is true of
the paper: its type, owner, the IDs printed on it, its dates and printed field values. The
drawn text of each page, the OCR ground truth, is read back from Chromium after drawing
(evalset.chromium), so it is what the browser really laid out, in reading order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

A4_MM = (210.0, 297.0)


@dataclass
class Paper:
    doc_type: str  # one of samples.models.DOC_TYPES
    title: str  # the title line(s) as printed, joined by one space
    pages: list[str]  # HTML of each sheet's content (inside <section class="sheet">)
    owner_citizen_id: str | None  # whose paper it is; None for administrative letters
    ids_on_document: list[str] = field(default_factory=list)  # every 12-digit ID printed
    issue_date: date | None = None
    expiry_date: date | None = None
    fields: dict[str, str] = field(default_factory=dict)  # printed values: full_name, birth_date, ...
    css: str = ""  # extra CSS for this paper's sheets (fonts, template look)
    size_mm: tuple[float, float] = A4_MM  # sheet size; a card copy is an A4 sheet with the card on it
    template: str = ""  # which template and variant drew it, for reading the benchmark ("gks-2016-trich-luc")
    parties: list[str] = field(default_factory=list)  # IDs of everyone the paper is about (multi-party papers)
