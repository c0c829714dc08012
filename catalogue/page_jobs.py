"""The page_jobs table: each page of a file being ingested, its state and its result until commit.

States: queued (known, not started), processing (handed to a worker), done (result kept),
failed (the page could not be read or processed; its reason is kept and it is not tried
again on resume), quarantined (the whole file went to quarantine).
"""

from __future__ import annotations

import sqlalchemy as sa

from catalogue.schema import page_jobs
from catalogue.times import now_text
from catalogue.upsert import insert_or_ignore

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
