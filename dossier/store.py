"""The dossier event log and the officers' validity dates, in the catalogue's SQLite file.

Both tables are append-only: triggers abort any UPDATE or DELETE, and an INSERT that would
replace an existing row (INSERT OR REPLACE on an existing id). A dossier is registered once
(a trigger refuses a second `dossier_opened` event for the same code). Times are stored in
UTC (ISO 8601, seconds); periods are cut in the centre's time zone (dossier/periods.py).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import date, datetime, timezone
from typing import Literal

from pydantic import BaseModel, ConfigDict

from index.append_only import append_only_triggers

EventKind = Literal["dossier_opened", "component_reused", "component_submitted"]
EVENT_KINDS: tuple[str, ...] = ("dossier_opened", "component_reused", "component_submitted")


SCHEMA = f"""
CREATE TABLE IF NOT EXISTS dossier_events(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,                 -- when it happened, UTC
  recorded_at TEXT NOT NULL,        -- when the row was written, UTC
  kind TEXT NOT NULL CHECK (kind IN ({", ".join(f"'{k}'" for k in EVENT_KINDS)})),
  dossier TEXT NOT NULL,
  procedure TEXT,                   -- the dossier's procedure, copied on every event
  citizen_id TEXT,
  officer TEXT,
  component TEXT,                   -- component key in the procedure, when one matched
  doc_type TEXT,                    -- taxonomy key of the reused or submitted document
  document_id TEXT,                 -- the reused / submitted document (NULL: paper, not scanned)
  digitised INTEGER CHECK (digitised IN (0, 1)),   -- submitted: scanned at intake
  missed_reuse_of TEXT,             -- submitted: a valid stored document it could have reused
  note TEXT
);
CREATE INDEX IF NOT EXISTS dossier_events_dossier ON dossier_events(dossier, id);
CREATE INDEX IF NOT EXISTS dossier_events_at ON dossier_events(at);
{append_only_triggers("dossier_events")}
CREATE TRIGGER IF NOT EXISTS dossier_events_open_once BEFORE INSERT ON dossier_events
WHEN NEW.kind = 'dossier_opened'
 AND EXISTS (SELECT 1 FROM dossier_events WHERE kind = 'dossier_opened' AND dossier = NEW.dossier)
BEGIN SELECT RAISE(ABORT, 'this dossier code is already registered'); END;

CREATE TABLE IF NOT EXISTS document_dates(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  document_id TEXT NOT NULL,
  issue_date TEXT,
  expiry_date TEXT,
  no_expiry INTEGER NOT NULL DEFAULT 0 CHECK (no_expiry IN (0, 1)),
  officer TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS document_dates_document ON document_dates(document_id, id);
{append_only_triggers("document_dates")}
"""


def ensure_schema(db: sqlite3.Connection) -> None:
    db.executescript(SCHEMA)
    have = {r[1] for r in db.execute("PRAGMA table_info(dossier_events)")}
    # added in place: the dossier's centre (copied on every event, like the procedure), and on a
    # reuse the centre that received the reused document (NULL: the implicit centre)
    for column in ("centre", "origin_centre"):
        if column not in have:
            db.execute(f"ALTER TABLE dossier_events ADD COLUMN {column} TEXT")


def utc_text(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("event times must be time-zone aware")
    return moment.astimezone(timezone.utc).replace(microsecond=0).isoformat(timespec="seconds")


def now_utc() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


class Event(BaseModel):
    """One row of the dossier event log (the JSON field names are a stable contract)."""

    model_config = ConfigDict(frozen=True)

    id: int | None = None
    at: datetime
    kind: EventKind
    dossier: str
    procedure: str | None = None
    citizen_id: str | None = None
    officer: str | None = None
    component: str | None = None
    doc_type: str | None = None
    document_id: str | None = None
    digitised: bool | None = None
    missed_reuse_of: str | None = None
    note: str | None = None
    centre: str | None = None  # the dossier's centre (None: the implicit one)
    origin_centre: str | None = None  # a reuse: the centre that received the reused document

    @property
    def missed_reuse(self) -> bool:
        return self.kind == "component_submitted" and self.missed_reuse_of is not None


_COLUMNS = ("at", "recorded_at", "kind", "dossier", "procedure", "citizen_id", "officer", "component",
            "doc_type", "document_id", "digitised", "missed_reuse_of", "note", "centre", "origin_centre")


def append_event(db: sqlite3.Connection, event: Event) -> Event:
    """Insert one event (inside the caller's transaction); returns it with its id."""
    values = (utc_text(event.at), utc_text(now_utc()), event.kind, event.dossier, event.procedure,
              event.citizen_id, event.officer, event.component, event.doc_type, event.document_id,
              None if event.digitised is None else int(event.digitised), event.missed_reuse_of, event.note,
              event.centre, event.origin_centre)
    cursor = db.execute(
        f"INSERT INTO dossier_events({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})", values
    )
    return event.model_copy(update={"id": cursor.lastrowid, "at": datetime.fromisoformat(values[0])})


def _event(row: sqlite3.Row) -> Event:
    return Event(
        id=row["id"], at=datetime.fromisoformat(row["at"]), kind=row["kind"], dossier=row["dossier"],
        procedure=row["procedure"], citizen_id=row["citizen_id"], officer=row["officer"],
        component=row["component"], doc_type=row["doc_type"], document_id=row["document_id"],
        digitised=None if row["digitised"] is None else bool(row["digitised"]),
        missed_reuse_of=row["missed_reuse_of"], note=row["note"],
        centre=row["centre"] if "centre" in row.keys() else None,
        origin_centre=row["origin_centre"] if "origin_centre" in row.keys() else None,
    )


def read_events(db: sqlite3.Connection, dossier: str | None = None, before: datetime | None = None) -> list[Event]:
    """Events in the order they happened (then written), optionally of one dossier / before a time."""
    where, args = [], []
    if dossier is not None:
        where.append("dossier = ?")
        args.append(dossier)
    if before is not None:
        where.append("at < ?")
        args.append(utc_text(before))
    sql = "SELECT * FROM dossier_events" + (f" WHERE {' AND '.join(where)}" if where else "") + " ORDER BY at, id"
    return [_event(r) for r in db.execute(sql, args)]


def opened_event(db: sqlite3.Connection, dossier: str) -> Event | None:
    row = db.execute("SELECT * FROM dossier_events WHERE kind = 'dossier_opened' AND dossier = ?", (dossier,)).fetchone()
    return _event(row) if row else None


# --- validity dates recorded by officers ------------------------------------------------------

class RecordedDates(BaseModel):
    model_config = ConfigDict(frozen=True)

    document_id: str
    issue_date: date | None = None
    expiry_date: date | None = None
    no_expiry: bool = False
    officer: str
    at: datetime


def append_dates(db: sqlite3.Connection, dates: RecordedDates) -> None:
    db.execute(
        "INSERT INTO document_dates(document_id, issue_date, expiry_date, no_expiry, officer, at) VALUES (?,?,?,?,?,?)",
        (dates.document_id, dates.issue_date.isoformat() if dates.issue_date else None,
         dates.expiry_date.isoformat() if dates.expiry_date else None, int(dates.no_expiry), dates.officer,
         utc_text(dates.at)),
    )


def latest_dates(db: sqlite3.Connection, document_ids: Iterable[str]) -> dict[str, RecordedDates]:
    """The most recent dates an officer recorded for each document (later rows correct earlier ones)."""
    found: dict[str, RecordedDates] = {}
    for doc_id in set(document_ids):
        row = db.execute("SELECT * FROM document_dates WHERE document_id = ? ORDER BY id DESC LIMIT 1",
                         (doc_id,)).fetchone()
        if row:
            found[doc_id] = RecordedDates(
                document_id=doc_id, issue_date=row["issue_date"], expiry_date=row["expiry_date"],
                no_expiry=bool(row["no_expiry"]), officer=row["officer"], at=datetime.fromisoformat(row["at"]),
            )
    return found
