"""Where things live in the data folder."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from catalogue.database import ServerURL, location_from


def _configured_catalogue() -> str | None:
    return os.environ.get("HOSO_CATALOGUE_URL") or None


@dataclass(frozen=True)
class DataDir:
    root: Path
    # A province's catalogue (HOSO_CATALOGUE_URL, postgresql://...); None: the embedded SQLite file.
    catalogue_url: str | None = field(default_factory=_configured_catalogue)

    @property
    def catalogue(self) -> Path | ServerURL:
        """Where the catalogue is: its SQLite file in the folder, or the province's server URL."""
        return location_from(self.root, self.catalogue_url)

    @property
    def originals(self) -> Path:
        return self.root / "originals"

    @property
    def quarantine(self) -> Path:
        return self.root / "quarantine"

    def pages_dir(self, sha256: str) -> Path:
        """Cleaned page images of one source file: <number:04d>.jpg."""
        return self.root / "pages" / sha256[:2] / sha256

    def searchable_pdf(self, doc_id: str) -> Path:
        return self.root / "searchable" / doc_id[:2] / f"{doc_id}.pdf"

    def ensure(self) -> "DataDir":
        for folder in (self.root, self.originals, self.quarantine):
            folder.mkdir(parents=True, exist_ok=True)
        return self
