"""Where things live in the data folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class DataDir:
    root: Path

    @property
    def catalogue(self) -> Path:
        return self.root / "catalogue.sqlite"

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
