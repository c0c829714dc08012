"""The full QR search on pages a cover sheet's ID would link on its word alone.

The page workers give most pages one quick look for a QR code at half size; the slow
search (full size, then crops upscaled with each binariser) runs where a card is
recognised. A card copied without visible edges and read upside down is neither: its text
is garbage, its type `khac`, and its code was missed, so the cover sheet's ID would be the
only evidence, although the card itself names its holder. Pages of an ingest with an
operator's or manifest's ID get the full search in the workers (PageJob.full_qr); pages
behind a cover sheet are known only once the file is assembled, so they get it here, on
their stored page image. Ingests without a given ID pay nothing.
"""

from __future__ import annotations

from pathlib import Path

import cv2

from ocr.barcodes import read_qr_codes
from pipeline.assemble import AnalysedPage, DraftDocument
from pipeline.card_reading import read_card_codes


def _searched(page: AnalysedPage) -> bool:
    outcome = page.outcome
    return bool(outcome.is_blank or outcome.error or outcome.codes or any(page.own.values()))


def search_pages_behind_covers(drafts: list[DraftDocument], pages_dir: Path) -> int:
    """Read the QR codes of the cover groups' pages that showed none; the pages' codes, own
    evidence and fields are updated in place. Returns how many pages were searched."""
    searched = 0
    for draft in drafts:
        if draft.cover is None or draft.cover.status != "ok":
            continue  # no cover, or one whose group waits anyway
        for page in draft.pages:
            if _searched(page):
                continue
            image = cv2.imread(str(pages_dir / f"{page.outcome.number:04d}.jpg"), cv2.IMREAD_GRAYSCALE)
            if image is None:
                continue
            searched += 1
            codes = read_qr_codes(image, retry=True)
            if codes:
                page.outcome.codes = codes
                page.own, page.fields = read_card_codes(codes, page.outcome.text)
    return searched
