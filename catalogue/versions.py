"""Which catalogue versions this code knows, read without importing Alembic.

Every command opens the catalogue, and importing Alembic costs start-up time that the
scanner station pays on each `hoso` run; the revisions are the files' four-digit prefixes
in migrations/versions (tests/test_catalogue_versions.py holds them equal to Alembic's own
list), so opening a catalogue at the current version (catalogue/database.py) is one SELECT.
"""

from __future__ import annotations

import re
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
