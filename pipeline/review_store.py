"""Officers' review decisions, in the catalogue's SQLite file (append-only).

A decision never changes: a later decision on the same document supersedes an earlier
one (the catalogue's documents table holds the current state). Retype decisions are
labels for retraining the classifier (`hoso classify train`).

`kind` tells a review of a waiting document (`review`) from a correction of one that was
already linked (`correction`), which an officer makes only with a reason (`note`).
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone
from typing import Literal

from pydantic import BaseModel, ConfigDict

from index.append_only import append_only_triggers

ReviewAction = Literal["confirm", "relink", "retype"]
DecisionKind = Literal["review", "correction"]

SCHEMA = """
CREATE TABLE IF NOT EXISTS review_decisions(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,                 -- UTC
  document_id TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('confirm','relink','retype')),
  officer TEXT NOT NULL,
  doc_type_before TEXT, doc_type_after TEXT,
  citizen_before TEXT, citizen_after TEXT,
  link_status_after TEXT,
  reason_before TEXT,               -- why the document was waiting
  kind TEXT NOT NULL DEFAULT 'review' CHECK (kind IN ('review','correction')),
  note TEXT                         -- the officer's reason for a correction
);
CREATE INDEX IF NOT EXISTS review_decisions_document ON review_decisions(document_id, id);
""" + append_only_triggers("review_decisions")


class ReviewDecision(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int | None = None
    at: datetime
    document_id: str
    action: ReviewAction
    officer: str
    doc_type_before: str | None = None
    doc_type_after: str | None = None
    citizen_before: str | None = None
    citizen_after: str | None = None
    link_status_after: str | None = None
    reason_before: str | None = None
    kind: DecisionKind = "review"
    note: str | None = None


# Columns added after the first release, for catalogues made before them.
_ADDED = {"kind": "TEXT NOT NULL DEFAULT 'review' CHECK (kind IN ('review','correction'))", "note": "TEXT"}


def ensure_schema(db: sqlite3.Connection) -> None:
    db.executescript(SCHEMA)
    have = {r[1] for r in db.execute("PRAGMA table_info(review_decisions)")}
    for column, declaration in _ADDED.items():
        if column not in have:
            db.execute(f"ALTER TABLE review_decisions ADD COLUMN {column} {declaration}")


def _utc(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).replace(microsecond=0).isoformat(timespec="seconds")


_COLUMNS = ("at", "document_id", "action", "officer", "doc_type_before", "doc_type_after", "citizen_before",
            "citizen_after", "link_status_after", "reason_before", "kind", "note")


def append_decision(db: sqlite3.Connection, decision: ReviewDecision) -> ReviewDecision:
    """Insert one decision inside the caller's transaction."""
    values = [getattr(decision, c) for c in _COLUMNS]
    values[0] = _utc(decision.at)
    cursor = db.execute(
        f"INSERT INTO review_decisions({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})", values
    )
    return decision.model_copy(update={"id": cursor.lastrowid})


def read_decisions(db: sqlite3.Connection, document_id: str | None = None,
                   action: ReviewAction | None = None) -> list[ReviewDecision]:
    where, args = [], []
    if document_id is not None:
        where.append("document_id = ?")
        args.append(document_id)
    if action is not None:
        where.append("action = ?")
        args.append(action)
    sql = "SELECT * FROM review_decisions" + (f" WHERE {' AND '.join(where)}" if where else "") + " ORDER BY id"
    return [ReviewDecision(**{k: row[k] for k in row.keys()}) for row in db.execute(sql, args)]
