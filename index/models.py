"""The document record and the search contract.

`DocumentRecord` is what `--json` prints: reports and integrations read these field
names, so they stay stable (new fields may be added; none renamed or removed).
"""

from __future__ import annotations

import os
from datetime import date, datetime
from functools import lru_cache
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, Field, field_validator, model_validator

from classify.reasons import Reason

LinkStatus = Literal["linked", "review"]


class TimezoneError(ValueError):
    """HOSO_TIMEZONE names no time zone; the message names the variable."""


@lru_cache(maxsize=1)
def centre_timezone() -> ZoneInfo:
    """Dates typed by people (filters, report periods) are in the centre's time zone."""
    name = os.environ.get("HOSO_TIMEZONE", "Asia/Ho_Chi_Minh")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):  # ValueError: an empty or path-like name
        raise TimezoneError(f"HOSO_TIMEZONE={name!r} is not a known time zone: "
                            "set an IANA name such as Asia/Ho_Chi_Minh, or unset it") from None


class PageRecord(BaseModel):
    number: int  # 1-based within the source file
    text: str
    ocr_confidence: float | None
    is_blank: bool
    rotation: int = 0  # degrees clockwise applied to make it upright
    skew: float = 0.0
    dpi: float | None = None
    quality_ok: bool = True
    quality_reasons: list[str] = Field(default_factory=list)


class DocumentRecord(BaseModel):
    id: str
    doc_type: str
    type_confidence: float
    title: str | None = None
    citizen_id: str | None  # null when not linked
    link_status: LinkStatus
    link_reason: str | None = None  # in English, for the command line and integrations
    # the same reason as a code with parameters (classify/reasons.py): worded in Vietnamese
    # for officers; None on records written before reasons had codes
    link_reason_code: Reason | None = None
    id_candidates: list[str] = Field(default_factory=list)  # every valid ID seen on its pages
    source_file: str
    source_sha256: str
    pages: list[PageRecord]
    received_at: datetime
    dossier: str | None = None
    procedure: str | None = None
    officer: str | None = None
    issue_date: date | None = None  # as read from the paper, when it could be
    expiry_date: date | None = None
    # the centre that received it (`hoso centres`); None: the implicit centre of a data folder
    # that never names one
    centre: str | None = None
    # a result the centre issued (issue 18): of which dossier ('returned'), or from the archive
    # of earlier results ('backlog', no dossier); None: a paper the citizen handed in
    result_of: str | None = None
    result_kind: Literal["returned", "backlog"] | None = None

    @property
    def text(self) -> str:
        return "\n\n".join(page.text for page in self.pages if page.text)


class IndexDocument(BaseModel):
    """What a search backend stores for one document (derived from the catalogue)."""

    id: str
    citizen_id: str | None
    doc_type: str
    dossier: str | None
    link_status: LinkStatus
    received_at: datetime
    title: str | None
    text: str
    # Validity evidence read from the document (None until extraction provides it).
    issue_date: date | None = None
    expiry_date: date | None = None

    @classmethod
    def from_record(cls, record: DocumentRecord) -> "IndexDocument":
        return cls(
            id=record.id,
            citizen_id=record.citizen_id,
            doc_type=record.doc_type,
            dossier=record.dossier,
            link_status=record.link_status,
            received_at=record.received_at,
            title=record.title,
            text=record.text,
            issue_date=record.issue_date,
            expiry_date=record.expiry_date,
        )


class SearchQuery(BaseModel):
    text: str | None = None  # full text, diacritics optional
    citizen_id: str | None = None
    doc_type: str | None = None
    dossier: str | None = None
    received_from: date | None = None  # inclusive
    received_to: date | None = None  # inclusive
    limit: int = Field(50, ge=1, le=10_000)

    # An empty filter would read as "no filter" and list every citizen's papers: refused here,
    # whoever builds the query (Decree 13: no browsing). A query left without any filter is the
    # caller's explicit choice (index maintenance); what people type goes through
    # pipeline.query.build_query, which refuses that too.
    @field_validator("text", "citizen_id", "doc_type", "dossier")
    @classmethod
    def _not_blank(cls, value: str | None, info) -> str | None:
        if value is not None and not value.strip():
            raise ValueError(f"{info.field_name} is empty: leave it out instead")
        return value

    @field_validator("citizen_id")
    @classmethod
    def _twelve_digits(cls, value: str | None) -> str | None:
        if value is not None and not (len(value) == 12 and value.isascii() and value.isdigit()):
            raise ValueError("a citizen ID filter has 12 digits")
        return value

    @field_validator("text")
    @classmethod
    def _has_a_term(cls, value: str | None) -> str | None:
        from index.textquery import folded_tokens

        if value is not None and not folded_tokens(value):
            raise ValueError("a text query needs at least one word or number")
        return value

    @model_validator(mode="after")
    def _dates_in_order(self) -> "SearchQuery":
        if self.received_from and self.received_to and self.received_from > self.received_to:
            raise ValueError("the date range ends before it begins")
        return self


class SearchHit(BaseModel):
    id: str
    score: float
    snippet: str | None = None
    # What grouping and validity need, so they work on any backend's hits alone.
    citizen_id: str | None = None
    doc_type: str | None = None
    dossier: str | None = None
    link_status: LinkStatus | None = None
    received_at: datetime | None = None
    title: str | None = None
    issue_date: date | None = None
    expiry_date: date | None = None
