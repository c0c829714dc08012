"""Pydantic models of the OCR stage."""

from __future__ import annotations

import os

from pydantic import BaseModel, Field

# HOSO_OCR_BASELINE=1 turns the reading-order and ID re-read steps off: the OCR as it was
# before them, for bench/ocr_bench.py to measure both in one run (not an operator setting).
_BASELINE = os.environ.get("HOSO_OCR_BASELINE") == "1"


class OcrOptions(BaseModel):
    lang: str = "vie"
    psm: int = Field(3, ge=0, le=13)
    tessdata_dir: str | None = None  # a centre's own models (HOSO_TESSDATA)
    timeout: float = Field(120.0, gt=0)
    find_cards: bool = True  # read ID cards copied onto a page one by one, enlarged (ocr.regions)
    block_order: bool = Field(default_factory=lambda: not _BASELINE)  # side-by-side blocks read column by column (ocr.layout)
    reread_ids: bool = Field(default_factory=lambda: not _BASELINE)  # ID-like tokens read again as digits (ocr.digits)


class OcrWord(BaseModel):
    text: str
    conf: float  # 0..100
    left: int
    top: int
    width: int
    height: int
    line: int  # index of the line the word belongs to, in reading order


class OcrPage(BaseModel):
    text: str  # NFC, one line of the page per line of text
    confidence: float | None  # mean word confidence 0..100, weighted by length; None: no words
    words: list[OcrWord] = Field(default_factory=list)
    width: int = 0
    height: int = 0
    seconds: float = 0.0
    cards: int = 0  # ID cards found on the page by their outline and read one by one
    portraits: int = 0  # of those, cards with a photo-like block (ocr.regions.has_portrait)
