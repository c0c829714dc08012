"""Catalogues as the sqlite3 release of hoso left them, to test that upgrades keep them whole.

That release had no versioned migrations: each store made its tables when first opened and
added columns in place. `data/catalogue_release1.sql` is the dump (sqlite3 iterdump) of a
catalogue made and filled by that release's own stores (every table, one or more rows in
each); FIRST_DDL is the first DDL of its index/catalogue.py, before any in-place column.
Frozen here because the product no longer holds that code.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

RELEASE_DUMP = Path(__file__).with_name("data") / "catalogue_release1.sql"

FIRST_DDL = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files(
  sha256 TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  source_path TEXT NOT NULL,
  size INTEGER NOT NULL,
  kind TEXT,
  stored_path TEXT,
  status TEXT NOT NULL CHECK (status IN ('queued','processing','done','failed','quarantined')),
  reason TEXT,
  page_count INTEGER,
  received_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  citizen_id TEXT, dossier TEXT, procedure TEXT, officer TEXT, profile TEXT
);
CREATE TABLE IF NOT EXISTS documents(
  id TEXT PRIMARY KEY,
  source_sha256 TEXT NOT NULL REFERENCES files(sha256),
  doc_type TEXT NOT NULL,
  type_confidence REAL NOT NULL,
  title TEXT,
  citizen_id TEXT,
  link_status TEXT NOT NULL CHECK (link_status IN ('linked','review')),
  link_reason TEXT,
  id_candidates TEXT NOT NULL DEFAULT '[]',
  dossier TEXT, procedure TEXT, officer TEXT,
  received_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_citizen ON documents(citizen_id, received_at);
CREATE INDEX IF NOT EXISTS documents_source ON documents(source_sha256);
CREATE TABLE IF NOT EXISTS pages(
  source_sha256 TEXT NOT NULL REFERENCES files(sha256),
  number INTEGER NOT NULL,
  document_id TEXT REFERENCES documents(id),
  text TEXT NOT NULL DEFAULT '',
  ocr_confidence REAL,
  is_blank INTEGER NOT NULL DEFAULT 0,
  rotation INTEGER NOT NULL DEFAULT 0,
  skew REAL NOT NULL DEFAULT 0,
  dpi REAL,
  quality_ok INTEGER NOT NULL DEFAULT 1,
  quality_reasons TEXT NOT NULL DEFAULT '[]',
  error TEXT,
  words TEXT NOT NULL DEFAULT '[]',
  PRIMARY KEY (source_sha256, number)
);
CREATE INDEX IF NOT EXISTS pages_document ON pages(document_id, number);
CREATE TABLE IF NOT EXISTS index_outbox(
  document_id TEXT PRIMARY KEY,
  queued_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS centres(
  code TEXT PRIMARY KEY,            -- the administrative-unit code, or another code (index/codes.py)
  name TEXT NOT NULL,
  created_at TEXT NOT NULL
);
"""


def release_catalogue(path: Path, *, with_rows: bool = True) -> None:
    """A catalogue of the sqlite3 release at `path` (its schema, and its rows unless told not to)."""
    lines = RELEASE_DUMP.read_text(encoding="utf-8").splitlines()
    if not with_rows:
        lines = [line for line in lines if not line.startswith("INSERT INTO")]
    db = sqlite3.connect(path)
    try:
        db.executescript("\n".join(lines))
        if not with_rows:
            db.execute("INSERT INTO meta(key, value) VALUES ('schema_version', '1')")
            db.commit()
    finally:
        db.close()
