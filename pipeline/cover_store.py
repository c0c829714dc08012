"""Cover sheets seen at ingest and the context they gave documents (catalogue tables).

`cover_pages`: each page that was a cover sheet (kept in `pages` as a loose page, so no page
is lost, and marked here). `document_context`: for a document scanned behind a cover sheet,
the dossier, citizen and procedure the cover gave it. Both are keyed by what ingest
derives deterministically (file hash, page number, document id), so a resumed batch
rewrites the same rows.
"""

from __future__ import annotations

import sqlite3

from classify.cover_sheet import CoverRead
from index.transactions import write_transaction

SCHEMA = """
CREATE TABLE IF NOT EXISTS cover_pages(
  source_sha256 TEXT NOT NULL,
  number INTEGER NOT NULL,
  status TEXT NOT NULL,             -- ok / unreadable / invalid
  dossier TEXT, citizen_id TEXT, procedure TEXT,
  problem TEXT,
  PRIMARY KEY (source_sha256, number)
);
CREATE TABLE IF NOT EXISTS document_context(
  document_id TEXT PRIMARY KEY,
  source_sha256 TEXT NOT NULL,
  cover_page INTEGER,
  cover_status TEXT,
  dossier TEXT, citizen_id TEXT, procedure TEXT
);
"""


def ensure_schema(db: sqlite3.Connection) -> None:
    db.executescript(SCHEMA)


def record_covers(db: sqlite3.Connection, sha256: str, covers: list[CoverRead],
                  contexts: dict[str, CoverRead]) -> None:
    """Write the file's cover pages and its documents' cover context, in one transaction."""
    ensure_schema(db)
    with write_transaction(db):
        for cover in covers:
            data = cover.data
            db.execute(
                "INSERT OR REPLACE INTO cover_pages VALUES (?,?,?,?,?,?,?)",
                (sha256, cover.page_number, cover.status, data.dossier if data else None,
                 data.citizen_id if data else None, data.procedure if data else None, cover.problem),
            )
        for doc_id, cover in contexts.items():
            data = cover.data
            db.execute(
                "INSERT OR REPLACE INTO document_context VALUES (?,?,?,?,?,?,?)",
                (doc_id, sha256, cover.page_number, cover.status, data.dossier if data else None,
                 data.citizen_id if data else None, data.procedure if data else None),
            )


def cover_pages(db: sqlite3.Connection, sha256: str) -> list[dict]:
    ensure_schema(db)
    return [dict(r) for r in db.execute(
        "SELECT * FROM cover_pages WHERE source_sha256 = ? ORDER BY number", (sha256,))]
