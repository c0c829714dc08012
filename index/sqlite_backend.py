"""Embedded search index: SQLite FTS5 over diacritic-folded text, in its own file.

The file is derived from the catalogue and can be deleted and rebuilt at any time
(`hoso reindex`). Text is folded by `vntext.fold` before it reaches FTS5, because
FTS5's own diacritic removal does not map đ to d.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, time, timezone
from pathlib import Path

from index.models import IndexDocument, SearchHit, SearchQuery, centre_timezone
from index.snippet import snippet
from vntext import fold, nfc, tokens

_SCHEMA = """
CREATE TABLE IF NOT EXISTS docs(
  rowid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  citizen_id TEXT,
  doc_type TEXT NOT NULL,
  dossier TEXT,
  link_status TEXT NOT NULL,
  received_at TEXT NOT NULL,
  title TEXT,
  text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS docs_citizen ON docs(citizen_id, received_at);
CREATE INDEX IF NOT EXISTS docs_type ON docs(doc_type, received_at);
CREATE INDEX IF NOT EXISTS docs_dossier ON docs(dossier);
CREATE INDEX IF NOT EXISTS docs_received ON docs(received_at);
CREATE VIRTUAL TABLE IF NOT EXISTS docs_fts USING fts5(folded, tokenize = 'unicode61 remove_diacritics 2');
"""

_RERANK_POOL = 200  # best FTS matches re-ranked so that exact diacritics come first


def _utc_iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


class SqliteBackend:
    name = "sqlite"

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._db = sqlite3.connect(path, timeout=30.0)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        self._db.close()

    def upsert(self, documents: list[IndexDocument]) -> None:
        with self._db:
            for doc in documents:
                self._delete_one(doc.id)
                cursor = self._db.execute(
                    "INSERT INTO docs(id, citizen_id, doc_type, dossier, link_status, received_at, title, text)"
                    " VALUES (?,?,?,?,?,?,?,?)",
                    (
                        doc.id,
                        doc.citizen_id,
                        doc.doc_type,
                        doc.dossier,
                        doc.link_status,
                        _utc_iso(doc.received_at),
                        doc.title,
                        nfc(doc.text),
                    ),
                )
                folded = fold(f"{doc.title or ''}\n{doc.text}")
                self._db.execute("INSERT INTO docs_fts(rowid, folded) VALUES (?, ?)", (cursor.lastrowid, folded))

    def _delete_one(self, doc_id: str) -> None:
        row = self._db.execute("SELECT rowid FROM docs WHERE id = ?", (doc_id,)).fetchone()
        if row:
            self._db.execute("DELETE FROM docs_fts WHERE rowid = ?", (row[0],))
            self._db.execute("DELETE FROM docs WHERE rowid = ?", (row[0],))

    def delete(self, ids: list[str]) -> None:
        with self._db:
            for doc_id in ids:
                self._delete_one(doc_id)

    def count(self) -> int:
        return self._db.execute("SELECT count(*) FROM docs").fetchone()[0]

    def clear(self) -> None:
        with self._db:
            self._db.execute("DELETE FROM docs")
            self._db.execute("DELETE FROM docs_fts")

    def search(self, query: SearchQuery) -> list[SearchHit]:
        where, params = self._filters(query)
        words = tokens(query.text) if query.text else []
        if not words:
            sql = f"SELECT id, text FROM docs d {'WHERE ' + ' AND '.join(where) if where else ''} ORDER BY received_at DESC, id LIMIT ?"
            rows = self._db.execute(sql, (*params, query.limit)).fetchall()
            return [SearchHit(id=r[0], score=0.0, snippet=snippet(r[1], None)) for r in rows]
        match = " ".join(f'"{w}"' for w in words)
        conditions = ["docs_fts MATCH ?", *where]
        sql = (
            "SELECT d.id, d.text, bm25(docs_fts) AS rank FROM docs_fts JOIN docs d ON d.rowid = docs_fts.rowid "
            f"WHERE {' AND '.join(conditions)} ORDER BY rank LIMIT ?"
        )
        rows = self._db.execute(sql, (match, *params, max(query.limit, _RERANK_POOL))).fetchall()
        exact = [w for w in nfc(query.text or "").lower().split() if w]
        scored = []
        for doc_id, text, rank in rows:
            lowered = text.lower()
            exact_hits = sum(1 for w in exact if w in lowered)
            scored.append((exact_hits, -rank, doc_id, text))
        scored.sort(key=lambda item: (-item[0], -item[1], item[2]))
        return [
            SearchHit(id=doc_id, score=round(exact_hits + bm, 4), snippet=snippet(text, query.text))
            for exact_hits, bm, doc_id, text in scored[: query.limit]
        ]

    @staticmethod
    def _filters(query: SearchQuery) -> tuple[list[str], list]:
        where: list[str] = []
        params: list = []
        if query.citizen_id:
            where.append("d.citizen_id = ?")
            params.append(query.citizen_id)
        if query.doc_type:
            where.append("d.doc_type = ?")
            params.append(query.doc_type)
        if query.dossier:
            where.append("d.dossier = ?")
            params.append(query.dossier)
        if query.received_from:
            where.append("d.received_at >= ?")
            params.append(_utc_iso(datetime.combine(query.received_from, time.min, tzinfo=centre_timezone())))
        if query.received_to:
            where.append("d.received_at <= ?")
            params.append(_utc_iso(datetime.combine(query.received_to, time.max, tzinfo=centre_timezone())))
        return where, params
