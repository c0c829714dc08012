"""The officers table and the audit log, in the catalogue's SQLite file (like dossier/store.py).

The officer list changes (role, active flag, password); every change is itself written to
the audit log. The audit log is append-only: triggers abort any UPDATE or DELETE, and an
INSERT that would replace an existing row. `audit_seen` holds each document an entry showed,
with the citizen it belonged to at that moment, so "who saw this person's papers" still
answers after a document is relinked by review.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from access.models import ROLES, AuditEntry, Officer
from dossier.store import now_utc, utc_text
from index.append_only import append_only_triggers
from index.catalogue import Catalogue
from index.transactions import write_transaction


SCHEMA = f"""
CREATE TABLE IF NOT EXISTS officers(
  name TEXT PRIMARY KEY,
  role TEXT NOT NULL CHECK (role IN ({", ".join(f"'{r}'" for r in ROLES)})),
  password_hash TEXT,
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS audit_log(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,                 -- UTC
  officer TEXT NOT NULL,            -- the name given (also when refused)
  role TEXT,                        -- the officer's role at that moment (NULL: unknown name)
  action TEXT NOT NULL,             -- search, show, export, dossier_open, reuse, review_*, sign_in, ...
  outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'refused')),
  channel TEXT NOT NULL,            -- cli:<os user> or web:<client address>
  citizen_id TEXT,                  -- the citizen asked about, when there was one
  document_ids TEXT NOT NULL DEFAULT '[]',   -- JSON list of the documents shown
  detail TEXT
);
CREATE INDEX IF NOT EXISTS audit_log_citizen ON audit_log(citizen_id, id);
CREATE INDEX IF NOT EXISTS audit_log_officer_action ON audit_log(officer, action, id);  -- sign-ins per name
CREATE INDEX IF NOT EXISTS audit_log_channel_action ON audit_log(channel, action, id);  -- ... per address
CREATE TABLE IF NOT EXISTS audit_seen(
  audit_id INTEGER NOT NULL REFERENCES audit_log(id),
  document_id TEXT NOT NULL,
  citizen_id TEXT,                  -- the document's citizen when it was shown
  PRIMARY KEY (audit_id, document_id)
);
CREATE INDEX IF NOT EXISTS audit_seen_citizen ON audit_seen(citizen_id);
CREATE INDEX IF NOT EXISTS audit_seen_document ON audit_seen(document_id);
{append_only_triggers("audit_log")}
{append_only_triggers("audit_seen", "audit_id = NEW.audit_id AND document_id = NEW.document_id")}
"""


class AccessStore:
    """The catalogue file with the officers and audit tables (one connection)."""

    def __init__(self, catalogue_path: Path | str):
        self.catalogue = Catalogue(Path(catalogue_path))
        self.db = self.catalogue.db
        self.db.executescript(SCHEMA)
        self._migrate()

    def _migrate(self) -> None:
        """Columns added later, for catalogues made before them."""
        have = {r["name"] for r in self.db.execute("PRAGMA table_info(officers)")}
        if "credential_version" not in have:  # bumped when sessions must end (password, role, deactivation)
            self.db.execute("ALTER TABLE officers ADD COLUMN credential_version INTEGER NOT NULL DEFAULT 0")
        if "centre" not in have:  # the officer's centre (NULL: the implicit one)
            self.db.execute("ALTER TABLE officers ADD COLUMN centre TEXT")
        if "centre" not in {r["name"] for r in self.db.execute("PRAGMA table_info(audit_log)")}:
            self.db.execute("ALTER TABLE audit_log ADD COLUMN centre TEXT")  # the acting centre

    def close(self) -> None:
        self.catalogue.close()

    def __enter__(self) -> "AccessStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- officers --------------------------------------------------------------------------

    def officer(self, name: str) -> Officer | None:
        row = self.db.execute("SELECT * FROM officers WHERE name = ?", (name,)).fetchone()
        return _officer(row) if row else None

    def password_hash(self, name: str) -> str | None:
        row = self.db.execute("SELECT password_hash FROM officers WHERE name = ?", (name,)).fetchone()
        return row["password_hash"] if row else None

    def credential_version(self, name: str) -> int | None:
        row = self.db.execute("SELECT credential_version FROM officers WHERE name = ?", (name,)).fetchone()
        return row["credential_version"] if row else None

    def end_sessions(self, name: str) -> None:
        """The officer's web sessions end at their next request (the server compares this version)."""
        self.db.execute("UPDATE officers SET credential_version = credential_version + 1 WHERE name = ?", (name,))

    def officers(self) -> list[Officer]:
        return [_officer(r) for r in self.db.execute("SELECT * FROM officers ORDER BY name")]

    def insert_officer(self, name: str, role: str, password_hash: str | None, centre: str | None = None) -> None:
        now = utc_text(now_utc())
        self.db.execute("INSERT INTO officers(name, role, password_hash, active, created_at, updated_at, centre)"
                        " VALUES (?,?,?,1,?,?,?)", (name, role, password_hash, now, now, centre))

    def officer_centre(self, name: str | None) -> str | None:
        row = self.db.execute("SELECT centre FROM officers WHERE name = ?", (name,)).fetchone() if name else None
        return row["centre"] if row else None

    def update_officer(self, name: str, *, role: str | None = None, active: bool | None = None,
                       password_hash: str | None = None, centre: str | None = None) -> None:
        sets, args = ["updated_at = ?"], [utc_text(now_utc())]
        for column, value in (("role", role), ("active", None if active is None else int(active)),
                              ("password_hash", password_hash), ("centre", centre)):
            if value is not None:
                sets.append(f"{column} = ?")
                args.append(value)
        self.db.execute(f"UPDATE officers SET {', '.join(sets)} WHERE name = ?", (*args, name))

    # -- audit -----------------------------------------------------------------------------

    def append(self, *, officer: str, role: str | None, action: str, outcome: str, channel: str,
               citizen_id: str | None = None, seen: Sequence[tuple[str, str | None]] = (),
               detail: str | None = None, at: datetime | None = None, centre: str | None = None) -> int:
        """One audit entry and the documents it showed (document id, its citizen), atomically.

        `centre`: the acting centre (a station's or server's --centre); when not given, the
        named officer's centre, so every entry of an officer of a centre records it."""
        with write_transaction(self.db):
            cursor = self.db.execute(
                "INSERT INTO audit_log(at, officer, role, action, outcome, channel, citizen_id, document_ids, detail,"
                " centre) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (utc_text(at or now_utc()), officer, role, action, outcome, channel, citizen_id,
                 json.dumps([doc_id for doc_id, _ in seen]), detail, centre or self.officer_centre(officer)))
            entry = cursor.lastrowid
            self.db.executemany("INSERT OR IGNORE INTO audit_seen(audit_id, document_id, citizen_id) VALUES (?,?,?)",
                                [(entry, doc_id, owner) for doc_id, owner in seen])
        return entry

    def about_citizen(self, citizen_id: str) -> list[AuditEntry]:
        """Entries that asked about this citizen or showed a document that is (or was, or names) theirs."""
        rows = self.db.execute(
            "SELECT * FROM audit_log WHERE citizen_id = :c OR id IN ("
            "  SELECT s.audit_id FROM audit_seen s LEFT JOIN documents d ON d.id = s.document_id"
            "  WHERE s.citizen_id = :c OR d.citizen_id = :c"
            "     OR EXISTS (SELECT 1 FROM json_each(d.id_candidates) WHERE value = :c))"
            " ORDER BY id", {"c": citizen_id})
        return [_entry(r) for r in rows]

    def failed_sign_ins(self, *, name: str | None = None, channel: str | None = None, since: datetime,
                        failure: str) -> list[datetime]:
        """When sign-ins failed with detail `failure`, oldest first: for a name (since its last
        successful sign-in) or for a channel (a client address), from `since` on."""
        if (name is None) == (channel is None):
            raise ValueError("give a name or a channel")
        column, key = ("officer", name) if name is not None else ("channel", channel)
        reset = "AND id > (SELECT COALESCE(MAX(id), 0) FROM audit_log WHERE officer = :key" \
                " AND action = 'sign_in' AND outcome = 'ok')" if name is not None else ""
        rows = self.db.execute(
            f"SELECT at FROM audit_log WHERE {column} = :key AND action = 'sign_in' AND outcome = 'refused'"
            f" AND detail = :failure AND at >= :since {reset} ORDER BY id",
            {"key": key, "failure": failure, "since": utc_text(since)})
        return [datetime.fromisoformat(r["at"]) for r in rows]

    def recently_logged(self, name: str, channel: str, detail: str, since: datetime) -> bool:
        """Whether a refused sign-in of this name from this channel with `detail` is logged since `since`."""
        row = self.db.execute(
            "SELECT 1 FROM audit_log WHERE officer = ? AND action = 'sign_in' AND channel = ? AND outcome = 'refused'"
            " AND detail = ? AND at >= ? LIMIT 1", (name, channel, detail, utc_text(since))).fetchone()
        return row is not None

    def sign_in_entries(self, name: str | None = None, actions: Sequence[str] = ("sign_in",)) -> list[AuditEntry]:
        marks = ",".join("?" * len(actions))
        if name is None:
            rows = self.db.execute(f"SELECT * FROM audit_log WHERE action IN ({marks}) ORDER BY id", (*actions,))
        else:
            rows = self.db.execute(f"SELECT * FROM audit_log WHERE officer = ? AND action IN ({marks}) ORDER BY id",
                                   (name, *actions))
        return [_entry(r) for r in rows]

    def recent(self, limit: int = 100) -> list[AuditEntry]:
        rows = self.db.execute("SELECT * FROM audit_log ORDER BY id DESC LIMIT ?", (limit,)).fetchall()
        return [_entry(r) for r in reversed(rows)]


def _officer(row: sqlite3.Row) -> Officer:
    return Officer(name=row["name"], role=row["role"], active=bool(row["active"]),
                   has_password=row["password_hash"] is not None, created_at=datetime.fromisoformat(row["created_at"]),
                   centre=row["centre"])


def _entry(row: sqlite3.Row) -> AuditEntry:
    return AuditEntry(id=row["id"], at=datetime.fromisoformat(row["at"]), officer=row["officer"], role=row["role"],
                      action=row["action"], outcome=row["outcome"], channel=row["channel"],
                      citizen_id=row["citizen_id"], document_ids=json.loads(row["document_ids"]), detail=row["detail"],
                      centre=row["centre"])


def session_credentials(catalogue_path: Path | str, name: str) -> tuple[str, bool, int] | None:
    """(role, active, credential version) of an officer, read on every web request: one plain
    query on a short connection (no schema script), so it stays well under a millisecond."""
    db = sqlite3.connect(catalogue_path, timeout=5)
    try:
        row = db.execute("SELECT role, active, credential_version FROM officers WHERE name = ?", (name,)).fetchone()
    except sqlite3.OperationalError:  # a catalogue not yet migrated has no version: nobody signed in on it
        return None
    finally:
        db.close()
    return (row[0], bool(row[1]), row[2]) if row else None
