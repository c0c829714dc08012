"""Pydantic models of the ingest stage."""

from __future__ import annotations

from enum import Enum

from pydantic import BaseModel, Field


class FileKind(str, Enum):
    pdf = "pdf"
    tiff = "tiff"
    jpeg = "jpeg"
    png = "png"


class Limits(BaseModel):
    """Safety limits; a file or page beyond them is refused with the limit named."""

    max_file_bytes: int = Field(2 * 1024**3, gt=0)
    max_pages: int = Field(2000, gt=0)
    # 150 megapixels: an A0 sheet at 300 dpi is 139 MP; a decompression bomb is far beyond.
    max_page_pixels: int = Field(150_000_000, gt=0)
    raster_dpi: int = Field(300, ge=72, le=600)


class SourceFile(BaseModel):
    path: str  # as the operator gave it
    name: str
    size: int
    sha256: str
    kind: FileKind


class PageTask(BaseModel):
    """Everything a worker process needs to decode one page, cheap to pickle."""

    path: str  # the stored original (content-addressed), never the operator's copy
    kind: FileKind
    index: int  # 0-based within the file
    limits: Limits = Field(default_factory=Limits)

    @property
    def number(self) -> int:
        return self.index + 1
