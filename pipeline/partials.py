"""Half-written outputs a killed run may leave behind, removed before a file is taken up again.

Outputs are always written under a temporary name and renamed when complete, so a
leftover is never mistaken for a finished file; this only reclaims the space. It runs
after this process has claimed the file, when no live process can be writing them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from ingest.atomic import is_abandoned, temp_glob
from pipeline.datadir import DataDir


def sweep_partials(data: DataDir, sha: str) -> int:
    """Remove a file's leftover temporary outputs; returns how many were removed."""
    removed = 0
    for temp in data.pages_dir(sha).glob(".*.part"):
        temp.unlink(missing_ok=True)
        removed += 1
    searchable = data.searchable_pdf(f"{sha[:16]}-000").parent
    for work in searchable.glob(f".{sha[:16]}-*"):  # build_searchable_pdf's work folders
        shutil.rmtree(work, ignore_errors=True)
        removed += 1
    # Originals are copied before the claim, possibly by another live process or another machine
    # sharing the folder: only the copies of writers that are gone are removed.
    for temp in (data.originals / sha[:2]).glob(temp_glob(sha)):
        if is_abandoned(temp):
            temp.unlink(missing_ok=True)
            removed += 1
    return removed
