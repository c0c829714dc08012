"""Which catalogue versions this code knows, read without SQLAlchemy or Alembic.

Every command opens the catalogue, and importing Alembic costs start-up time that the
scanner station pays on each `hoso` run; the revisions are the files' four-digit prefixes
in migrations/versions (tests/test_catalogue_versions.py holds them equal to Alembic's own
list), so the refusal of a newer catalogue is one SELECT.
"""

from __future__ import annotations

import re
import sqlite3
from functools import lru_cache
from pathlib import Path

VERSIONS_DIR = Path(__file__).with_name("migrations") / "versions"


class CatalogueError(RuntimeError):
    """A catalogue this code cannot use as it is; the message says why and what to do."""


class CatalogueTooNew(CatalogueError):
    pass


@lru_cache(maxsize=1)
def known_revisions() -> frozenset[str]:
    return frozenset(m[1] for p in VERSIONS_DIR.glob("*.py") if (m := re.match(r"(\d{4})_", p.name)))


def newest_known() -> str:
    return max(known_revisions())


def too_new_message(revision: str) -> str:
    return (f"the catalogue is at version {revision}, which this hoso does not know (it knows up to "
            f"{newest_known()}): it was upgraded by a newer hoso. Use that version, or a newer one; "
            "this one will not write to it.")


def refuse_unknown_revision(db: sqlite3.Connection) -> None:
    """Raise CatalogueTooNew when `alembic_version` names a revision this code does not have
    (nothing is read or written before that); a catalogue without it is of this release."""
    has_table = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'").fetchone()
    if not has_table:
        return
    row = db.execute("SELECT version_num FROM alembic_version").fetchone()
    if row is not None and row[0] not in known_revisions():
        raise CatalogueTooNew(too_new_message(row[0]))
