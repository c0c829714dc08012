"""Originals kept byte for byte under their SHA-256, and the quarantine for bad files.

Writes go to a temporary name in the same folder, are flushed to disk, then renamed:
a file that is visible under its final name is always complete.
"""

from __future__ import annotations

import os
import re
import shutil
from datetime import datetime, timezone
from pathlib import Path

from ingest.atomic import temp_for
from ingest.files import printable


def _atomic_copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = temp_for(target)
    try:
        with open(source, "rb") as src, open(temp, "wb") as dst:
            shutil.copyfileobj(src, dst, 1024 * 1024)
            dst.flush()
            os.fsync(dst.fileno())
        os.replace(temp, target)
    finally:
        if temp.exists():
            temp.unlink()


def store_original(source: Path, sha256: str, originals_dir: Path) -> Path:
    """The archived copy of `source` (copied once; later calls find it in place)."""
    target = originals_dir / sha256[:2] / sha256
    if not target.exists():
        _atomic_copy(source, target)
    return target


_UNSAFE = re.compile(r"[^\w.\- ]+", re.UNICODE)


def safe_name(name: str) -> str:
    """A file name that is safe on any disk, keeping Vietnamese letters."""
    cleaned = _UNSAFE.sub("_", name).strip(" .") or "file"
    return cleaned[:120]


def quarantine(source: Path, reason: str, quarantine_dir: Path, sha256: str | None = None) -> Path | None:
    """Copy a bad file into quarantine with a `.reason.txt` beside it; the operator's file stays put."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    tag = sha256[:12] if sha256 else stamp
    name = safe_name(source.name)
    target = quarantine_dir / f"{tag}-{name}"
    reason_file = target.with_name(target.name + ".reason.txt")
    quarantine_dir.mkdir(parents=True, exist_ok=True)
    copied: Path | None = None
    if source.is_file():
        try:
            if not target.exists():
                _atomic_copy(source, target)
            copied = target
        except OSError:
            copied = None
    text = f"file: {printable(source)}\nreason: {reason}\nquarantined_at: {stamp}\n"
    if sha256:
        text += f"sha256: {sha256}\n"
    reason_file.write_text(text, encoding="utf-8")
    return copied
