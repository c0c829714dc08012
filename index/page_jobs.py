"""Each page of a file being ingested has a job state in the catalogue, and its result once done.

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

import sqlite3
from datetime import datetime, timezone
from typing import Literal
from index.transactions import write_transaction

PageState = Literal["queued", "processing", "done", "failed", "quarantined"]

SCHEMA = """
CREATE TABLE IF NOT EXISTS page_jobs(
  source_sha256 TEXT NOT NULL,
  number INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('queued','processing','done','failed','quarantined')),
  outcome TEXT,                 -- the page's result (pipeline.models.PageOutcome JSON) until the file is committed
  error TEXT,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (source_sha256, number)
);
"""


def _now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat(timespec="seconds")


class PageJobs:
    """Page job states of the catalogue database (the caller owns the connection)."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db
        db.executescript(SCHEMA)

    def _write(self, sql: str, rows: list[tuple]) -> None:
        with write_transaction(self.db):
            self.db.executemany(sql, rows)

    def queue(self, sha256: str, page_count: int) -> None:
        """Known pages stay as they are (a resumed file keeps its finished pages)."""
        now = _now()
        self._write(
            "INSERT OR IGNORE INTO page_jobs(source_sha256, number, state, updated_at) VALUES (?,?,'queued',?)",
            [(sha256, n, now) for n in range(1, page_count + 1)],
        )
        # A page count that shrank (cannot happen for the same bytes, but never trust it) loses its extras.
        self.db.execute("DELETE FROM page_jobs WHERE source_sha256 = ? AND number > ?", (sha256, page_count))

    def finished(self, sha256: str) -> dict[int, str]:
        """Outcome JSON of pages already done or failed, by page number."""
        rows = self.db.execute(
            "SELECT number, outcome FROM page_jobs WHERE source_sha256 = ? AND state IN ('done','failed')"
            " AND outcome IS NOT NULL",
            (sha256,),
        )
        return {r[0]: r[1] for r in rows}

    def started(self, sha256: str, number: int) -> None:
        self._write(
            "UPDATE page_jobs SET state='processing', updated_at=? WHERE source_sha256=? AND number=?"
            " AND state IN ('queued','processing')",
            [(_now(), sha256, number)],
        )

    def finish(self, sha256: str, number: int, outcome_json: str, error: str | None) -> None:
        self._write(
            "UPDATE page_jobs SET state=?, outcome=?, error=?, updated_at=? WHERE source_sha256=? AND number=?",
            [("failed" if error else "done", outcome_json, error, _now(), sha256, number)],
        )

    def release(self, sha256: str) -> None:
        """The file is committed: its pages' results now live in the pages table."""
        self.db.execute("UPDATE page_jobs SET outcome=NULL WHERE source_sha256=?", (sha256,))

    def quarantine(self, sha256: str) -> None:
        self.db.execute(
            "UPDATE page_jobs SET state='quarantined', outcome=NULL, updated_at=? WHERE source_sha256=?",
            (_now(), sha256),
        )

    def states(self, sha256: str) -> dict[int, PageState]:
        rows = self.db.execute("SELECT number, state FROM page_jobs WHERE source_sha256=? ORDER BY number", (sha256,))
        return {r[0]: r[1] for r in rows}
