"""Models that travel between the stages inside the pipeline."""

from __future__ import annotations

import os
from datetime import date
from typing import Literal

from pydantic import BaseModel, Field, model_validator

from index.models import DocumentRecord
from ingest.models import Limits
from ocr.models import OcrOptions


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


class IngestOptions(BaseModel):
    citizen_id: str | None = None
    # Who gave citizen_id: the operator (typed, or a QR reader at the counter) or a hot
    # folder's manifest; link reasons name it.
    citizen_id_source: Literal["operator", "manifest"] = "operator"
    dossier: str | None = None
    procedure: str | None = None
    officer: str | None = None
    centre: str | None = None  # the station's centre (`--centre`), recorded on every document
    profile: str = "default"
    jobs: int = Field(default_factory=default_jobs, ge=1, le=64)
    # Whole-page budget (decode, cleanup, OCR); Tesseract's own limit is ocr.timeout.
    page_timeout: float = Field(300.0, gt=0)
    ocr: OcrOptions = Field(default_factory=OcrOptions)
    limits: Limits = Field(default_factory=Limits)
    # Results the centre issued (issue 18): 'returned' at a dossier's return (`hoso dossier result`,
    # with `dossier`), 'backlog' for the archive of earlier results (`ingest --backlog`, no dossier).
    # Carried here so that both ways ingest is driven (in-process, a queue worker's JSON) mark them.
    result_kind: Literal["returned", "backlog"] | None = None
    # The period an archive box covers: a backlog result issued outside it waits for review
    issued_from: date | None = None
    issued_to: date | None = None

    @model_validator(mode="after")
    def _result_rules(self) -> "IngestOptions":
        if self.result_kind == "returned" and not self.dossier:
            raise ValueError("a returned result belongs to a dossier")
        if self.result_kind == "backlog" and (self.dossier or self.citizen_id):
            raise ValueError("a backlog result has no dossier and no operator's citizen ID")
        if (self.issued_from or self.issued_to) and self.result_kind != "backlog":
            raise ValueError("an issue period is given only for the backlog")
        if self.issued_from and self.issued_to and self.issued_from > self.issued_to:
            raise ValueError("the issue period ends before it begins")
        return self

    def context(self) -> dict[str, str | None]:
        return {
            "citizen_id": self.citizen_id,
            "dossier": self.dossier,
            "procedure": self.procedure,
            "officer": self.officer,
            "profile": self.profile,
        }


class PageOutcome(BaseModel):
    """What the worker learnt about one page."""

    number: int
    text: str = ""
    ocr_confidence: float | None = None
    # Word boxes as compact JSON rows [text, conf, left, top, width, height, line]: a
    # 300-page file's words as objects would cost tens of MB, as text a few.
    words_json: str = "[]"
    is_blank: bool = False
    rotation: int = 0
    skew: float = 0.0
    dpi: float | None = None
    quality_ok: bool = True
    quality_reasons: list[str] = Field(default_factory=list)
    error: str | None = None  # the page could not be decoded or OCR'd
    # The data folder refused the page image (disk full, read-only): stops ingest, fails nothing.
    storage_error: str | None = None
    codes: list[str] = Field(default_factory=list)  # QR code texts read on the page
    # Card outlines found on the page, and how many of them hold a photo: evidence of an
    # identity card whatever the OCR read (classify/evidence.py).
    cards: int = 0
    portraits: int = 0
    seconds: float = 0.0


FileStatus = Literal["ingested", "duplicate", "quarantined", "unreadable"]


class IgnoredOption(BaseModel):
    """An option of a run that a file already on file did not take (pipeline/duplicates.py)."""

    option: str  # citizen_id / dossier / procedure
    given: str  # what this run asked for
    recorded: str | None  # what the file was first ingested with
    apply: list[str] = Field(default_factory=list)  # the commands that would apply it


class FileOutcome(BaseModel):
    path: str
    status: FileStatus
    reason: str | None = None
    sha256: str | None = None
    pages: int = 0
    documents: list[DocumentRecord] = Field(default_factory=list)
    page_errors: list[str] = Field(default_factory=list)
    quality_warnings: list[str] = Field(default_factory=list)
    ignored: list[IgnoredOption] = Field(default_factory=list)  # a duplicate's options not applied
