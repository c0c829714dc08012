"""The columns the sqlite3 release adds in place, for catalogues made before them.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03

Word for word the ALTER TABLE statements of Catalogue._migrate (index/catalogue.py),
AccessStore._migrate (access/store.py) and review_store.ensure_schema, each run only when the
column is missing, so that a catalogue of that release, whichever of its stores opened it
last, ends with the same columns as a new one. Adding a column keeps every row (the NOT NULL
ones have a default). The same statements are valid PostgreSQL.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# (table, column, declaration), in the order the sqlite3 release adds them
ADDED = (
    ("documents", "issue_date", "TEXT"),
    ("documents", "expiry_date", "TEXT"),
    ("documents", "link_reason_code", "TEXT"),
    ("files", "owner", "TEXT"),
    ("officers", "credential_version", "INTEGER NOT NULL DEFAULT 0"),
    ("review_decisions", "kind", "TEXT NOT NULL DEFAULT 'review' CHECK (kind IN ('review','correction'))"),
    ("review_decisions", "note", "TEXT"),
)


def upgrade() -> None:
    for table, column, declaration in ADDED:
        have = {c["name"] for c in sa.inspect(op.get_bind()).get_columns(table)}
        if column not in have:
            op.execute(f"ALTER TABLE {table} ADD COLUMN {column} {declaration}")


def downgrade() -> None:
    raise NotImplementedError("the catalogue is the source of truth: columns are never dropped by a downgrade")
