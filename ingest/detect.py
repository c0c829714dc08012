"""What a file really is, from its first bytes (an extension can lie)."""

from __future__ import annotations

from pathlib import Path

from ingest.errors import BadInput
from ingest.models import FileKind

_HEAD = 1024


def sniff(path: Path) -> FileKind:
    try:
        size = path.stat().st_size
        with open(path, "rb") as handle:
            head = handle.read(_HEAD)
    except FileNotFoundError:
        raise BadInput("file not found") from None
    except IsADirectoryError:
        raise BadInput("is a folder, not a file") from None
    except PermissionError:
        raise BadInput("no permission to read the file") from None
    except OSError as exc:
        raise BadInput(f"cannot read the file: {exc.strerror or exc}") from None
    if size == 0:
        raise BadInput("empty file (0 bytes)")
    # The PDF header may follow some junk bytes; readers accept it within the first 1 KiB.
    if b"%PDF-" in head:
        return FileKind.pdf
    if head.startswith((b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")):
        return FileKind.tiff
    if head.startswith(b"\xff\xd8\xff"):
        return FileKind.jpeg
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return FileKind.png
    raise BadInput(f"not a PDF, TIFF, JPEG or PNG file (starts with {head[:8]!r})")
