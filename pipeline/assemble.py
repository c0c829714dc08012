"""Consecutive pages of one component become one document (pure functions).

A page that begins with a recognised title starts a new document; a page without one
continues the current document. Blank pages (duplex backs) stay with the document
they belong to, flagged blank, so no page is ever dropped; a blank page before any
document waits for the next one. Pages that could not be read, and a file's blank pages
when it has no document at all, are kept as loose pages: recorded, not made documents.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.models import PageOutcome


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


@dataclass
class DraftDocument:
    pages: list[AnalysedPage]

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


def _unique(values) -> list[str]:
    return list(dict.fromkeys(values))


def assemble(pages: list[AnalysedPage]) -> tuple[list[DraftDocument], list[AnalysedPage]]:
    """(documents, loose pages) for one file's pages in order."""
    documents: list[DraftDocument] = []
    loose: list[AnalysedPage] = []
    waiting_blanks: list[AnalysedPage] = []
    for page in pages:
        if page.outcome.error:
            loose.append(page)
        elif page.outcome.is_blank:
            if documents:
                documents[-1].pages.append(page)
            else:
                waiting_blanks.append(page)
        elif page.starts_document or not documents:
            documents.append(DraftDocument(pages=[*waiting_blanks, page]))
            waiting_blanks = []
        else:
            documents[-1].pages.append(page)
    loose.extend(waiting_blanks)
    loose.sort(key=lambda p: p.outcome.number)
    return documents, loose
