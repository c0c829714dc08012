"""The data folder cannot take more writes (disk full, read-only, no permission): stop, say so.

This is never the input's fault, so the file being ingested is not quarantined and its
finished pages are kept: once the operator frees space (or fixes the mount) the same
command resumes where it stopped.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

# errno values that mean "the data folder refuses writes", as opposed to a bad input file.
STORAGE_ERRNOS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is exhausted",
    errno.EFBIG: "a file grew beyond the size the system allows",
    errno.EROFS: "the data folder is on a read-only file system",
    errno.EACCES: "no permission to write in the data folder",
    errno.EPERM: "no permission to write in the data folder",
}


class StorageFailure(Exception):
    """Raised to stop ingest; str() is the operator's message."""


def storage_problem(exc: BaseException) -> str | None:
    """The operator's wording when `exc` means the data folder refuses writes, else None."""
    if isinstance(exc, OSError) and exc.errno in STORAGE_ERRNOS:
        where = f" ({exc.filename})" if exc.filename else ""
        return f"{STORAGE_ERRNOS[exc.errno]}{where}"
    text = str(exc).lower()
    if "database or disk is full" in text:
        return "the disk is full (the catalogue could not grow)"
    if "readonly database" in text or "read-only file system" in text:
        return "the data folder is on a read-only file system (the catalogue cannot be written)"
    return None


def probe_writes(folder: Path) -> str | None:
    """Why `folder` refuses a small write, or None when it takes one.

    SQLite reports a read-only or full folder vaguely ("unable to open database file"):
    trying a write ourselves names the cause.
    """
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".probe-", suffix=".part") as handle:
            handle.write(b"x" * 4096)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        return storage_problem(exc) or f"the data folder cannot be written ({exc.strerror or exc})"
    return None


def stop_message(problem: str) -> str:
    return (f"ingest stopped: {problem}. Nothing partial was kept as a document; pages already finished "
            "are saved. Free space or make the data folder writable, then run the same command again to resume.")
