"""Each page of a file being ingested has a job state in the catalogue, and its result once done.

A 300-page file killed at page 280 must not be OCR'd again from page 1: every finished
page's outcome is written here (one small transaction per page) and a resumed run reads
them back instead of processing those pages again. The documents themselves are still
made and committed in one transaction per file (Catalogue.commit_file) once every page is
finished, so nothing of a half-processed file is ever visible as a document.

The rows and their states: catalogue/page_jobs.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from catalogue import page_jobs as jobs

if TYPE_CHECKING:
    from catalogue.store import Catalogue

PageState = Literal["queued", "processing", "done", "failed", "quarantined"]


class PageJobs:
    """Page job states of one catalogue (each call its own short transaction)."""

    def __init__(self, catalogue: "Catalogue"):
        self.catalogue = catalogue

    def queue(self, sha256: str, page_count: int) -> None:
        with self.catalogue.write() as c:
            jobs.queue(c, sha256, page_count)

    def finished(self, sha256: str) -> dict[int, str]:
        with self.catalogue.read() as c:
            return jobs.finished(c, sha256)

    def started(self, sha256: str, number: int) -> None:
        with self.catalogue.write() as c:
            jobs.started(c, sha256, number)

    def finish(self, sha256: str, number: int, outcome_json: str, error: str | None) -> None:
        with self.catalogue.write() as c:
            jobs.finish(c, sha256, number, outcome_json, error)

    def release(self, sha256: str) -> None:
        with self.catalogue.write() as c:
            jobs.release(c, sha256)

    def quarantine(self, sha256: str) -> None:
        with self.catalogue.write() as c:
            jobs.quarantine(c, sha256)

    def states(self, sha256: str) -> dict[int, PageState]:
        with self.catalogue.read() as c:
            return jobs.states(c, sha256)
