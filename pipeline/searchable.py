"""A document's searchable PDF from its cleaned page images and OCR word boxes."""

from __future__ import annotations

from pathlib import Path

from index.models import DocumentRecord
from ocr.models import OcrWord
from ocr.searchable_pdf import SearchablePage, build_searchable_pdf

DEFAULT_DPI = 300.0


def build_document_pdf(record: DocumentRecord, pages_dir: Path, words: dict[int, list[OcrWord]], out: Path) -> bool:
    """Write the PDF; False when a page image is missing (nothing is written then)."""
    images = [pages_dir / f"{page.number:04d}.jpg" for page in record.pages]
    if not images or not all(path.is_file() for path in images):
        return False
    pages = (
        SearchablePage(image=path.read_bytes(), dpi=page.dpi or DEFAULT_DPI, words=words.get(page.number, []))
        for page, path in zip(record.pages, images)
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    build_searchable_pdf(pages, out, title=f"{record.doc_type} {record.id}")
    return True
