"""Extracted fields of each document (catalogue table `document_fields`).

One row per document and field, with the source and confidence. Written in the same step
as the file's cover context, before the file's documents commit, keyed by document id, so
a resumed batch rewrites the same rows. The ID cards on file (linked `cccd`/`cmnd`
documents with a name and birth date) are what a later page's name and birth date are
matched against.
"""

from __future__ import annotations

import sqlite3
from datetime import date

from classify.card_match import CardOnFile
from classify.fields import Field
from index.transactions import write_transaction

SCHEMA = """
CREATE TABLE IF NOT EXISTS document_fields(
  document_id TEXT NOT NULL,
  name TEXT NOT NULL,
  value TEXT NOT NULL,
  source TEXT NOT NULL,        -- qr / mrz / text / operator / cover / review
  confidence REAL NOT NULL,
  PRIMARY KEY (document_id, name)
);
"""


def ensure_schema(db: sqlite3.Connection) -> None:
    db.executescript(SCHEMA)


def record_fields(db: sqlite3.Connection, fields: dict[str, list[Field]]) -> None:
    """Replace the fields of these documents, in one transaction."""
    if not fields:
        return
    ensure_schema(db)
    with write_transaction(db):
        for doc_id, found in fields.items():
            db.execute("DELETE FROM document_fields WHERE document_id = ?", (doc_id,))
            db.executemany("INSERT INTO document_fields VALUES (?,?,?,?,?)",
                           [(doc_id, f.name, f.value, f.source, f.confidence) for f in found])


def set_reviewed_citizen(db: sqlite3.Connection, doc_id: str, citizen_id: str | None) -> None:
    """The officer's review decision is the document's citizen field now (inside the caller's
    transaction; the table exists: ensure_schema's script would commit that transaction). The
    ID given at ingest (operator, cover) or read on the page is replaced, not kept beside it:
    the review decision (citizen_before) is its history."""
    db.execute("DELETE FROM document_fields WHERE document_id = ? AND name = 'citizen_id'", (doc_id,))
    if citizen_id:
        db.execute("INSERT INTO document_fields VALUES (?, 'citizen_id', ?, 'review', 1.0)", (doc_id, citizen_id))


def document_fields(db: sqlite3.Connection, doc_id: str) -> list[Field]:
    ensure_schema(db)
    rows = db.execute("SELECT name, value, source, confidence FROM document_fields WHERE document_id = ?",
                      (doc_id,)).fetchall()
    order = {name: i for i, name in enumerate(Field.model_fields["name"].annotation.__args__)}
    found = [Field(name=r[0], value=r[1], source=r[2], confidence=r[3]) for r in rows]
    return sorted(found, key=lambda f: order.get(f.name, 99))


def cards_on_file(db: sqlite3.Connection) -> list[CardOnFile]:
    """Holders of the ID cards in the catalogue linked to them, with name and birth date.

    Only cards that state that ID themselves (QR, MRZ, printed): a card linked on the
    operator's or a cover sheet's word is that word again, not evidence."""
    ensure_schema(db)
    rows = db.execute(
        """SELECT d.citizen_id, n.value, b.value FROM documents d
           JOIN document_fields n ON n.document_id = d.id AND n.name = 'full_name'
           JOIN document_fields b ON b.document_id = d.id AND b.name = 'birth_date'
           JOIN document_fields c ON c.document_id = d.id AND c.name = 'citizen_id'
                AND c.value = d.citizen_id AND c.source NOT IN ('operator', 'cover')
           WHERE d.doc_type IN ('cccd', 'cmnd') AND d.link_status = 'linked' AND d.citizen_id IS NOT NULL""").fetchall()
    return [CardOnFile(citizen_id=r[0], full_name=r[1], birth_date=date.fromisoformat(r[2])) for r in rows]
