"""Finding input files and hashing them without reading them into memory."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

_CHUNK = 1024 * 1024
# Sidecars written by scanners or by us, never documents themselves.
_SKIP_SUFFIXES = {".json", ".csv", ".txt", ".reason", ".tmp", ".part"}


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def expand_paths(paths: Iterable[Path]) -> Iterator[Path]:
    """Files given, and files under folders given (sorted, hidden files skipped).

    A path that does not exist is yielded as is, so the caller reports it by name.
    """
    for path in paths:
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    candidate = Path(root) / name
                    if name.startswith(".") or candidate.suffix.lower() in _SKIP_SUFFIXES:
                        continue
                    yield candidate
        else:
            yield path


def printable(path: Path | str) -> str:
    """A path as text that can be printed and stored: bytes that are not UTF-8 (a scanner or a
    Windows share may write such names) become U+FFFD instead of breaking the terminal or SQLite."""
    text = os.fsdecode(path) if not isinstance(path, str) else path
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
