"""A document's searchable PDF from its cleaned page images and OCR word boxes."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from index.models import DocumentRecord
from ocr.models import OcrWord
from ocr.searchable_pdf import SearchablePage, build_searchable_pdf
from ocr.wordpack import words_from_json

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


class PdfJob(BaseModel):
    """One document's PDF, to be built in a page worker: at the end of a file the workers
    are idle and the main process would build the file's PDFs one after the other."""

    record: DocumentRecord
    pages_dir: str
    words_json: dict[int, str]  # page number -> packed word boxes (ocr.wordpack)
    out: str


def build_pdf_job(job: PdfJob) -> bool:
    # words unpacked here, one document at a time: a long dense file's words as objects
    # would make memory grow with its length
    words = {number: words_from_json(packed) for number, packed in job.words_json.items()}
    return build_document_pdf(job.record, Path(job.pages_dir), words, Path(job.out))
