"""Open a file as a list of page tasks; decode one page on demand."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ingest.detect import sniff
from ingest.errors import BadInput
from ingest.images import count_frames, decode_frame
from ingest.models import FileKind, Limits, PageTask
from ingest.pdf import decode_pdf_page, open_pdf


def open_source(path: Path, limits: Limits | None = None) -> tuple[FileKind, list[PageTask]]:
    """The file's real kind and one task per page; raises BadInput naming the reason."""
    limits = limits or Limits()
    kind = sniff(path)
    size = path.stat().st_size
    if size > limits.max_file_bytes:
        raise BadInput(f"the file is {size:,} bytes, larger than the limit of {limits.max_file_bytes:,}")
    count = open_pdf(path, limits) if kind is FileKind.pdf else count_frames(path, limits)
    return kind, [PageTask(path=str(path), kind=kind, index=i, limits=limits) for i in range(count)]


def decode_page(task: PageTask) -> tuple[np.ndarray, float | None]:
    """(image, dpi or None); raises PageError for a page that cannot be decoded."""
    image, dpi, _ = decode_page_and_jpeg(task)
    return image, dpi


def decode_page_and_jpeg(task: PageTask) -> tuple[np.ndarray, float | None, bytes | None]:
    """(image, dpi or None, the JPEG the image is exactly, or None): a page kept as it came
    can be stored as the scanner encoded it, without encoding it again."""
    path = Path(task.path)
    if task.kind is FileKind.pdf:
        return decode_pdf_page(path, task.index, task.limits)
    return (*decode_frame(path, task.index, task.limits), None)
