"""One page through decode -> cleanup -> OCR, in a worker process.

Whatever goes wrong with a page becomes that page's error, never the batch's.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import cv2
import numpy as np

from pydantic import BaseModel, ConfigDict

from cleanup import ScannerProfile, clean_page
from external.tesseract import TesseractFailed
from ingest import PageError, PageTask, decode_page_and_jpeg
from ingest.atomic import temp_for
from ocr import OcrOptions, ocr_page
from ocr.barcodes import read_qr_codes
from vntext import fold, nfc
from ocr.wordpack import words_to_json
from pipeline.models import PageOutcome
from pipeline.storage import storage_problem


class PageJob(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    task: PageTask
    profile: ScannerProfile
    ocr: OcrOptions
    pages_dir: str | None = None  # where the cleaned page image is kept (archive, PDF, thumbnails)
    # Search every page for a QR code as hard as for a card: the ingest has an ID given from
    # outside (operator, manifest), and a page linked on that word alone must first show
    # whether a card's code on it (read upside down, too small for the quick look) says otherwise.
    full_qr: bool = False


ARCHIVE_JPEG_QUALITY = 75


def save_page_image(image: np.ndarray, folder: Path, number: int, jpeg: bytes | None = None) -> Path:
    """The cleaned (upright, deskewed, not binarised) page as JPEG, written atomically;
    `jpeg` when the page is exactly the scanner's JPEG (kept as it came): stored as it is,
    neither encoded again (0.01 s a page) nor degraded by a second compression."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{number:04d}.jpg"
    temp = temp_for(target)
    if jpeg is None:
        ok, encoded = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, ARCHIVE_JPEG_QUALITY])
        if not ok:
            raise RuntimeError("the page image could not be encoded as JPEG")
        jpeg = encoded.tobytes()
    try:
        temp.write_bytes(jpeg)
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)  # a disk that filled up mid-write leaves no half image behind
    return target


def process_page(job: PageJob) -> PageOutcome:
    started = time.perf_counter()
    number = job.task.number
    try:
        image, dpi, jpeg = decode_page_and_jpeg(job.task)
    except PageError as exc:
        return PageOutcome(number=number, error=exc.reason, seconds=time.perf_counter() - started)
    try:
        cleaned = clean_page(image, dpi, job.profile)
        # a clean scan comes back as it came: the very array given (cleanup never writes to it)
        kept_as_is = cleaned.archive_image is image
        del image
        if job.pages_dir:
            try:
                save_page_image(cleaned.archive_image, Path(job.pages_dir), number, jpeg if kept_as_is else None)
            except OSError as exc:
                problem = storage_problem(exc)
                if problem is None:
                    raise
                return PageOutcome(number=number, storage_error=problem, seconds=time.perf_counter() - started)
        outcome = PageOutcome(
            number=number,
            is_blank=cleaned.is_blank,
            rotation=cleaned.rotation,
            skew=round(float(cleaned.skew), 2),
            dpi=round(float(cleaned.dpi), 1) if cleaned.dpi else None,
            quality_ok=cleaned.quality.ok,
            quality_reasons=list(cleaned.quality.reasons),
        )
        if not cleaned.is_blank:
            page = ocr_page(cleaned.ocr_image, job.ocr, dpi=cleaned.dpi, preview=cleaned.preview)
            outcome.text = page.text
            outcome.ocr_confidence = page.confidence
            outcome.words_json = words_to_json(page.words)
            outcome.cards, outcome.portraits = page.cards, page.portraits
            outcome.codes = _codes(cleaned.archive_image, page.text, page.cards, cleaned.preview, job.full_qr)
    except TesseractFailed as exc:
        return PageOutcome(number=number, error=f"page {number}: OCR failed: {exc}", seconds=time.perf_counter() - started)
    except MemoryError:
        return PageOutcome(number=number, error=f"page {number}: not enough memory to process it", seconds=time.perf_counter() - started)
    except Exception as exc:  # noqa: BLE001 - an unexpected failure fails this page only
        return PageOutcome(
            number=number,
            error=f"page {number}: processing failed ({type(exc).__name__}: {str(exc)[:200]})",
            seconds=time.perf_counter() - started,
        )
    outcome.seconds = round(time.perf_counter() - started, 3)
    return outcome


# Pages that should carry a QR code (an ID card, a cover sheet): worth the slow retries.
_QR_HINTS = ("identity card", "idvnm", "phieu ngan cach", "hoso-cover")
# A card's title is printed in capitals; forms name the card in their field labels in lower
# case ("Căn cước công dân số: ..."), and a third of clean form pages paid the retries
# (20-30 ms a page) for it.
_CARD_TITLE = "can cuoc"


# Other pages get one quick look at half size (a cover sheet's code is large): a full-size
# pass cost 0.04 s a page, 5% of the OCR, for codes that are almost never there.
QUICK_LOOK_SCALE = 0.5


def _expects_code(text: str, cards: int) -> bool:
    text = nfc(text)
    folded = fold(text)  # same length as the text: positions match
    return cards > 0 or _card_title(text, folded) or any(hint in folded for hint in _QR_HINTS)


def _card_title(text: str, folded: str) -> bool:
    start = folded.find(_CARD_TITLE)
    while start >= 0:
        if text[start:start + len(_CARD_TITLE)].replace(" ", "").isupper():
            return True
        start = folded.find(_CARD_TITLE, start + 1)
    return False


def _codes(image: np.ndarray, text: str, cards: int, preview: np.ndarray | None = None,
           full: bool = False) -> list[str]:
    if full or _expects_code(text, cards):
        return read_qr_codes(image, retry=True)
    if preview is None:  # cleanup's ~150 dpi copy serves as well when it made one
        preview = cv2.resize(image, None, fx=QUICK_LOOK_SCALE, fy=QUICK_LOOK_SCALE, interpolation=cv2.INTER_AREA)
    return read_qr_codes(preview, retry=False)


def failed_page(job: PageJob, reason: str) -> PageOutcome:
    return PageOutcome(number=job.task.number, error=f"page {job.task.number}: {reason}")
