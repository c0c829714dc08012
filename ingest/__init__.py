"""Ingest stage: files in, page tasks out.

Files are recognised by their bytes, not their names; pages are listed without being
decoded, and each page is decoded only when a worker asks for it, so a 300-page PDF
never sits in memory whole.
"""

from ingest.errors import BadInput, PageError
from ingest.files import expand_paths, sha256_of
from ingest.models import FileKind, Limits, PageTask, SourceFile
from ingest.sources import decode_page, decode_page_and_jpeg, open_source

__all__ = [
    "BadInput",
    "PageError",
    "FileKind",
    "Limits",
    "PageTask",
    "SourceFile",
    "decode_page",
    "decode_page_and_jpeg",
    "expand_paths",
    "open_source",
    "sha256_of",
]
