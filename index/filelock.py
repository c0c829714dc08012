"""Serialise the set-up of an SQLite file between processes.

Two processes opening a new database at once race where SQLite does not wait: switching
the journal mode returns "database is locked" at once, and check-then-create schema or
migration steps run twice. Set-up holds an exclusive lock on `<file>.lock` beside it.
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def setup_lock(path: Path) -> Iterator[None]:
    with open(path.with_name(path.name + ".lock"), "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
