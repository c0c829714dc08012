"""The catalogue: SQLite in the data folder, the source of truth for files, pages and documents.

A file's documents and pages are written in one transaction together with their outbox
rows, so a crash leaves either the whole file or none of it, and the search index
(derived, rebuildable) learns of every document exactly once through the outbox.
"""

from __future__ import annotations

import json
import socket
import sqlite3
from datetime import date, datetime, timezone
from pathlib import Path

import psutil

from catalogue.versions import refuse_unknown_revision
from classify.reasons import Reason, decode, encode
from index.filelock import setup_lock
from index.models import DocumentRecord, PageRecord
from index.transactions import write_transaction

SCHEMA_VERSION = 1

_SCHEMA = """
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


def now_utc() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


def _iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


def this_owner() -> str:
    """Who is processing a file: host, process id and the process's start time."""
    me = psutil.Process()
    return json.dumps({"host": socket.gethostname(), "pid": me.pid, "started": me.create_time()})


def owner_alive(owner: str | None) -> bool:
    """Is that process still running? (The start time guards against a reused pid.)

    A process on another host sharing the folder cannot be checked and counts as alive.
    """
    if not owner:
        return False
    try:
        who = json.loads(owner)
    except ValueError:
        return False
    if who.get("host") != socket.gethostname():
        return True
    try:
        return abs(psutil.Process(int(who["pid"])).create_time() - float(who["started"])) < 1.0
    except (psutil.NoSuchProcess, psutil.AccessDenied, KeyError, ValueError):
        return False


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _parse_day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


class Catalogue:
    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.db = sqlite3.connect(path, timeout=60.0, isolation_level=None)
        self.db.row_factory = sqlite3.Row
        refuse_unknown_revision(self.db)  # a newer hoso's catalogue is neither read nor changed
        self.db.execute("PRAGMA synchronous=FULL")  # the source of truth survives a power cut
        self.db.execute("PRAGMA foreign_keys=ON")
        with setup_lock(path):
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.executescript(_SCHEMA)
            self._migrate()
            self.db.execute(
                "INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
            )

    def _migrate(self) -> None:
        """Columns added after version 1 of the schema, for catalogues made before them."""
        have = {r["name"] for r in self.db.execute("PRAGMA table_info(documents)")}
        for column in ("issue_date", "expiry_date", "link_reason_code", "centre"):
            if column not in have:
                self.db.execute(f"ALTER TABLE documents ADD COLUMN {column} TEXT")
        if "owner" not in {r["name"] for r in self.db.execute("PRAGMA table_info(files)")}:
            self.db.execute("ALTER TABLE files ADD COLUMN owner TEXT")

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Catalogue":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- files -------------------------------------------------------------------------

    def file_status(self, sha256: str) -> str | None:
        row = self.db.execute("SELECT status FROM files WHERE sha256 = ?", (sha256,)).fetchone()
        return row["status"] if row else None

    def claim_file(self, sha256: str, *, name: str, source_path: str, size: int, kind: str | None,
                   stored_path: str | None, page_count: int | None, context: dict[str, str | None]) -> bool:
        """Mark a file as being processed by this process.

        False when it is done, quarantined, or being processed right now by another live
        process (two ingests on one data folder never do the same file twice). A file left
        `processing` by a process that died is taken over: that is how a batch resumes.
        """
        now = _iso(now_utc())
        with write_transaction(self.db):
            row = self.db.execute("SELECT status, owner FROM files WHERE sha256 = ?", (sha256,)).fetchone()
            if row and (row["status"] in ("done", "quarantined")
                        or (row["status"] == "processing" and owner_alive(row["owner"]))):
                return False  # nothing written: the transaction ends empty
            self.db.execute(
                "INSERT INTO files(sha256, name, source_path, size, kind, stored_path, status, page_count,"
                " received_at, updated_at, citizen_id, dossier, procedure, officer, profile, owner)"
                " VALUES (?,?,?,?,?,?,'processing',?,?,?,?,?,?,?,?,?)"
                " ON CONFLICT(sha256) DO UPDATE SET status='processing', updated_at=excluded.updated_at,"
                " stored_path=excluded.stored_path, page_count=excluded.page_count, owner=excluded.owner",
                (sha256, name, source_path, size, kind, stored_path, page_count, now, now,
                 context.get("citizen_id"), context.get("dossier"), context.get("procedure"),
                 context.get("officer"), context.get("profile"), this_owner()),
            )
            return True

    def mark_quarantined(self, sha256: str, *, name: str, source_path: str, size: int, reason: str) -> None:
        now = _iso(now_utc())
        self.db.execute(
            "INSERT INTO files(sha256, name, source_path, size, status, reason, received_at, updated_at)"
            " VALUES (?,?,?,?,'quarantined',?,?,?)"
            " ON CONFLICT(sha256) DO UPDATE SET status='quarantined', reason=excluded.reason,"
            " updated_at=excluded.updated_at",
            (sha256, name, source_path, size, reason, now, now),
        )

    def file_page_count(self, sha256: str) -> int:
        row = self.db.execute("SELECT page_count FROM files WHERE sha256 = ?", (sha256,)).fetchone()
        return int(row["page_count"] or 0) if row else 0

    def file_received_at(self, sha256: str) -> datetime | None:
        row = self.db.execute("SELECT received_at FROM files WHERE sha256 = ?", (sha256,)).fetchone()
        return datetime.fromisoformat(row["received_at"]) if row else None

    def commit_file(self, sha256: str, documents: list[DocumentRecord], loose_pages: list[tuple[PageRecord, str | None]],
                    reason: str | None = None, words: dict[int, str] | None = None) -> None:
        """Write a processed file's documents, pages and outbox rows, and mark it done: all or nothing."""
        with write_transaction(self.db):
            # A previous attempt killed half way committed nothing, but be explicit.
            self.db.execute("DELETE FROM index_outbox WHERE document_id IN (SELECT id FROM documents WHERE source_sha256 = ?)", (sha256,))
            self.db.execute("DELETE FROM pages WHERE source_sha256 = ?", (sha256,))
            self.db.execute("DELETE FROM documents WHERE source_sha256 = ?", (sha256,))
            for doc in documents:
                self._insert_document(doc)
            for page, error in loose_pages:
                self._insert_page(sha256, None, page, error)
            for number, words_json in (words or {}).items():
                self.db.execute(
                    "UPDATE pages SET words = ? WHERE source_sha256 = ? AND number = ?", (words_json, sha256, number)
                )
            self.db.execute(
                "UPDATE files SET status='done', reason=?, updated_at=? WHERE sha256=?",
                (reason, _iso(now_utc()), sha256),
            )

    def _insert_document(self, doc: DocumentRecord) -> None:
        self.db.execute(
            "INSERT INTO documents(id, source_sha256, doc_type, type_confidence, title, citizen_id, link_status,"
            " link_reason, id_candidates, dossier, procedure, officer, received_at, issue_date, expiry_date,"
            " link_reason_code, centre) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (doc.id, doc.source_sha256, doc.doc_type, doc.type_confidence, doc.title, doc.citizen_id,
             doc.link_status, doc.link_reason, json.dumps(doc.id_candidates), doc.dossier, doc.procedure,
             doc.officer, _iso(doc.received_at), _day(doc.issue_date), _day(doc.expiry_date),
             encode(doc.link_reason_code), doc.centre),
        )
        for page in doc.pages:
            self._insert_page(doc.source_sha256, doc.id, page, None)
        self.db.execute(
            "INSERT OR REPLACE INTO index_outbox(document_id, queued_at) VALUES (?, ?)", (doc.id, _iso(now_utc()))
        )

    def _insert_page(self, sha256: str, doc_id: str | None, page: PageRecord, error: str | None) -> None:
        self.db.execute(
            "INSERT INTO pages(source_sha256, number, document_id, text, ocr_confidence, is_blank, rotation, skew,"
            " dpi, quality_ok, quality_reasons, error) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (sha256, page.number, doc_id, page.text, page.ocr_confidence, int(page.is_blank), page.rotation,
             page.skew, page.dpi, int(page.quality_ok), json.dumps(page.quality_reasons, ensure_ascii=False), error),
        )

    # -- documents ---------------------------------------------------------------------

    def _record(self, row: sqlite3.Row) -> DocumentRecord:
        pages = [
            PageRecord(
                number=p["number"], text=p["text"], ocr_confidence=p["ocr_confidence"], is_blank=bool(p["is_blank"]),
                rotation=p["rotation"], skew=p["skew"], dpi=p["dpi"], quality_ok=bool(p["quality_ok"]),
                quality_reasons=json.loads(p["quality_reasons"]),
            )
            for p in self.db.execute("SELECT * FROM pages WHERE document_id = ? ORDER BY number", (row["id"],))
        ]
        source = self.db.execute("SELECT source_path FROM files WHERE sha256 = ?", (row["source_sha256"],)).fetchone()
        return DocumentRecord(
            id=row["id"], doc_type=row["doc_type"], type_confidence=row["type_confidence"], title=row["title"],
            citizen_id=row["citizen_id"], link_status=row["link_status"], link_reason=row["link_reason"],
            link_reason_code=decode(row["link_reason_code"]),
            id_candidates=json.loads(row["id_candidates"]), source_file=source["source_path"] if source else "",
            source_sha256=row["source_sha256"], pages=pages, received_at=datetime.fromisoformat(row["received_at"]),
            dossier=row["dossier"], procedure=row["procedure"], officer=row["officer"],
            issue_date=_parse_day(row["issue_date"]), expiry_date=_parse_day(row["expiry_date"]),
            centre=row["centre"],
        )

    def get_document(self, doc_id: str) -> DocumentRecord | None:
        row = self.db.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return self._record(row) if row else None

    def documents_for_file(self, sha256: str) -> list[DocumentRecord]:
        rows = self.db.execute(
            "SELECT d.* FROM documents d WHERE source_sha256 = ? ORDER BY (SELECT min(number) FROM pages WHERE document_id = d.id)",
            (sha256,),
        ).fetchall()
        return [self._record(r) for r in rows]

    def page_words(self, sha256: str) -> dict[int, str]:
        """Packed word boxes (ocr.wordpack) of a source file's pages, by page number."""
        rows = self.db.execute("SELECT number, words FROM pages WHERE source_sha256 = ?", (sha256,))
        return {r["number"]: r["words"] for r in rows}

    def document_count(self) -> int:
        return self.db.execute("SELECT count(*) FROM documents").fetchone()[0]

    # -- review changes ----------------------------------------------------------------

    def set_document_decision(self, doc_id: str, *, doc_type: str, type_confidence: float, citizen_id: str | None,
                              link_status: str, link_reason: str | None,
                              link_reason_code: Reason | None = None) -> None:
        """Change a document's type and link (an officer's review), queued for the index.

        Runs inside the caller's transaction, so the decision that caused it is written with it.
        `link_reason_code`: the new reason as a code (None: none, the old code no longer applies).
        """
        self.db.execute(
            "UPDATE documents SET doc_type=?, type_confidence=?, citizen_id=?, link_status=?, link_reason=?,"
            " link_reason_code=? WHERE id=?",
            (doc_type, type_confidence, citizen_id, link_status, link_reason, encode(link_reason_code), doc_id),
        )
        self.db.execute(
            "INSERT OR REPLACE INTO index_outbox(document_id, queued_at) VALUES (?, ?)", (doc_id, _iso(now_utc()))
        )

    # -- outbox ------------------------------------------------------------------------

    def outbox(self, limit: int = 500) -> list[str]:
        rows = self.db.execute("SELECT document_id FROM index_outbox ORDER BY queued_at, document_id LIMIT ?", (limit,))
        return [r[0] for r in rows]

    def outbox_size(self) -> int:
        return self.db.execute("SELECT count(*) FROM index_outbox").fetchone()[0]

    def outbox_done(self, ids: list[str]) -> None:
        with write_transaction(self.db):
            self.db.executemany("DELETE FROM index_outbox WHERE document_id = ?", [(i,) for i in ids])

