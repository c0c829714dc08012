"""The page_jobs table: each page of a file being ingested, its state and its result until commit.

A 300-page file killed at page 280 must not be OCR'd again from page 1: every finished
page's outcome is written here (one small transaction per page) and a resumed run reads
them back instead of processing those pages again. The documents themselves are still
made and committed in one transaction per file (Catalogue.commit_file) once every page is
finished, so nothing of a half-processed file is ever visible as a document.

States: queued (known, not started), processing (handed to a worker), done (result kept),
failed (the page could not be read or processed; its reason is kept and it is not tried
again on resume), quarantined (the whole file went to quarantine).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import sqlalchemy as sa

from catalogue.schema import page_jobs
from catalogue.times import now_text
from catalogue.upsert import insert_or_ignore

if TYPE_CHECKING:
    from catalogue.store import Catalogue

_mine = lambda sha256: page_jobs.c.source_sha256 == sha256  # noqa: E731


def queue(c: sa.Connection, sha256: str, page_count: int) -> None:
    """Known pages stay as they are (a resumed file keeps its finished pages)."""
    now = now_text()
    insert_or_ignore(c, page_jobs, ["source_sha256", "number"],
                     [dict(source_sha256=sha256, number=n, state="queued", updated_at=now)
                      for n in range(1, page_count + 1)])
    # A page count that shrank (cannot happen for the same bytes, but never trust it) loses its extras.
    c.execute(page_jobs.delete().where(_mine(sha256), page_jobs.c.number > page_count))


def finished(c: sa.Connection, sha256: str) -> dict[int, str]:
    """Outcome JSON of pages already done or failed, by page number."""
    rows = c.execute(sa.select(page_jobs.c.number, page_jobs.c.outcome).where(
        _mine(sha256), page_jobs.c.state.in_(("done", "failed")), page_jobs.c.outcome.is_not(None)))
    return {r.number: r.outcome for r in rows}


def started(c: sa.Connection, sha256: str, number: int) -> None:
    c.execute(page_jobs.update().where(_mine(sha256), page_jobs.c.number == number,
                                       page_jobs.c.state.in_(("queued", "processing")))
              .values(state="processing", updated_at=now_text()))


def finish(c: sa.Connection, sha256: str, number: int, outcome_json: str, error: str | None) -> None:
    c.execute(page_jobs.update().where(_mine(sha256), page_jobs.c.number == number).values(
        state="failed" if error else "done", outcome=outcome_json, error=error, updated_at=now_text()))


def release(c: sa.Connection, sha256: str) -> None:
    """The file is committed: its pages' results now live in the pages table."""
    c.execute(page_jobs.update().where(_mine(sha256)).values(outcome=None))


def quarantine(c: sa.Connection, sha256: str) -> None:
    c.execute(page_jobs.update().where(_mine(sha256)).values(state="quarantined", outcome=None,
                                                             updated_at=now_text()))


def states(c: sa.Connection, sha256: str) -> dict[int, str]:
    rows = c.execute(sa.select(page_jobs.c.number, page_jobs.c.state).where(_mine(sha256))
                     .order_by(page_jobs.c.number))
    return {r.number: r.state for r in rows}


PageState = Literal["queued", "processing", "done", "failed", "quarantined"]


class PageJobs:
    """Page job states of one catalogue (each call its own short transaction)."""

    def __init__(self, catalogue: "Catalogue"):
        self.catalogue = catalogue

    def queue(self, sha256: str, page_count: int) -> None:
        with self.catalogue.write() as c:
            queue(c, sha256, page_count)

    def finished(self, sha256: str) -> dict[int, str]:
        with self.catalogue.read() as c:
            return finished(c, sha256)

    def started(self, sha256: str, number: int) -> None:
        with self.catalogue.write() as c:
            started(c, sha256, number)

    def finish(self, sha256: str, number: int, outcome_json: str, error: str | None) -> None:
        with self.catalogue.write() as c:
            finish(c, sha256, number, outcome_json, error)

    def release(self, sha256: str) -> None:
        with self.catalogue.write() as c:
            release(c, sha256)

    def quarantine(self, sha256: str) -> None:
        with self.catalogue.write() as c:
            quarantine(c, sha256)

    def states(self, sha256: str) -> dict[int, PageState]:
        with self.catalogue.read() as c:
            return states(c, sha256)
