"""Consecutive pages of one component become one document (pure functions).

Where a new document begins, strongest cue first:
- a cover sheet (separator page with a QR code) ends everything before it and starts a
  new group; the pages behind it belong to its dossier and citizen. The cover page itself
  is kept as a loose page, never a document;
- a page number "Trang k/n" with k > 1 continues the current document (even after a blank
  page or a heading in capitals); k = 1 begins one, and so does any page after "Trang n/n";
- a recognised title, or the national motto at the top of the page (printed on first
  pages only: the centre's receipt, whose title is no listed type, is still a document of
  its own), begins one;
- after a blank page, a page with none of those cues begins a new document unless the
  classifier gives it the current document's type (a multi-page paper scanned duplex);
- a page the statistical model confidently gives another type than the current document's
  begins one (a change of document type without a readable title);
- anything else continues the current document (contracts, plans stay whole).
Blank pages (duplex backs) stay with the document they follow, flagged blank, so no page
is ever dropped; a blank page before any document waits for the next one. Pages that could
not be read, and a file's blank pages when it has no document at all, are loose pages:
recorded, not made documents.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from classify.page_cues import PageCues
from pipeline.models import PageOutcome

TYPE_CHANGE_CONFIDENCE = 0.9  # a title-less page this sure of another type is another document


@dataclass
class AnalysedPage:
    outcome: PageOutcome
    doc_type: str = "khac"
    type_confidence: float = 0.0
    title: str | None = None
    starts_document: bool = False
    # Every 12-digit number read as an ID, valid or not: a misread ID must still count as
    # evidence (it sends the document to review instead of "no ID on the page").
    citizen_ids: list[str] = field(default_factory=list)
    valid_ids: list[str] = field(default_factory=list)  # those whose structure checks out
    cues: PageCues = field(default_factory=PageCues)
    # The statistical model's type for this page alone (None: no model / no text).
    predicted_type: str | None = None
    predicted_confidence: float = 0.0
    cover: Any = None  # a cover sheet read on this page (classify.cover_sheet.CoverRead)
    fields: list[Any] = field(default_factory=list)  # fields read from codes (classify.fields.Field)
    # The page's own statement of its holder, by source ("qr", "mrz"): IDs from codes.
    own: dict[str, list[str]] = field(default_factory=dict)
    # The type decision (classify/combine.py decide): the best guess and whether its
    # calibrated confidence fell below the threshold (doc_type is then the fallback type and
    # the document waits for review); what decided it; the evidence beyond the title seen.
    type_guess: str | None = None
    type_uncertain: bool = False
    type_basis: str | None = None
    evidence: list[str] = field(default_factory=list)


@dataclass
class DraftDocument:
    pages: list[AnalysedPage]
    cover: Any = None  # the cover sheet in front of its group, if any

    @property
    def lead(self) -> AnalysedPage:
        """The page that decides the document's type: its first non-blank page."""
        return next((p for p in self.pages if not p.outcome.is_blank), self.pages[0])

    @property
    def first_number(self) -> int:
        return self.pages[0].outcome.number

    @property
    def citizen_ids(self) -> list[str]:
        return _unique(value for page in self.pages for value in page.citizen_ids)

    @property
    def valid_ids(self) -> list[str]:
        return _unique(value for page in self.pages for value in page.valid_ids)

    @property
    def ends_blank(self) -> bool:
        return self.pages[-1].outcome.is_blank

    @property
    def complete(self) -> bool:
        """Its last printed page number reads "Trang n/n": nothing more belongs to it."""
        numbered = [p.cues for p in self.pages if p.cues.page_index is not None]
        return bool(numbered) and numbered[-1].page_index == numbered[-1].page_total


def _unique(values) -> list[str]:
    return list(dict.fromkeys(values))


def _current_type(document: DraftDocument) -> str:
    lead = document.lead
    return lead.predicted_type or lead.doc_type


def _begins(page: AnalysedPage, current: DraftDocument | None) -> bool:
    if current is None:
        return True
    if page.cues.continues:
        return False
    if page.cues.begins or page.starts_document or current.complete:
        return True
    same_type = page.predicted_type is not None and page.predicted_type == _current_type(current)
    if current.ends_blank:
        return not same_type
    return (page.predicted_type is not None and not same_type
            and page.predicted_confidence >= TYPE_CHANGE_CONFIDENCE)


def assemble(pages: list[AnalysedPage]) -> tuple[list[DraftDocument], list[AnalysedPage]]:
    """(documents, loose pages) for one file's pages in order. Cover sheets are loose pages."""
    documents: list[DraftDocument] = []
    loose: list[AnalysedPage] = []
    waiting_blanks: list[AnalysedPage] = []
    current: DraftDocument | None = None
    cover: Any = None
    for page in pages:
        if page.outcome.error:
            loose.append(page)
        elif page.cover is not None:
            loose.extend(waiting_blanks)
            waiting_blanks, current, cover = [], None, page.cover
            loose.append(page)
        elif page.outcome.is_blank:
            if current is not None:
                current.pages.append(page)
            else:
                waiting_blanks.append(page)
        elif _begins(page, current):
            current = DraftDocument(pages=[*waiting_blanks, page], cover=cover)
            documents.append(current)
            waiting_blanks = []
        else:
            current.pages.append(page)
    loose.extend(waiting_blanks)
    loose.sort(key=lambda p: p.outcome.number)
    return documents, loose
