"""Centres: the `centres` table and the centre columns of documents, officers, audit and dossiers.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03

What the sqlite3 code makes for centres (index/catalogue.py's DDL and `_migrate`,
AccessStore._migrate, dossier/store.ensure_schema), each made only when missing (like 0002),
so a catalogue that today's code already opened keeps its rows and ends the same shape. Every
added column is a nullable TEXT: existing rows read as the implicit centre (NULL).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# (table, column, declaration), in the order the sqlite3 code adds them
ADDED = (
    ("documents", "centre", "TEXT"),
    ("officers", "centre", "TEXT"),
    ("audit_log", "centre", "TEXT"),
    ("dossier_events", "centre", "TEXT"),
    ("dossier_events", "origin_centre", "TEXT"),
)


def upgrade() -> None:
    if not sa.inspect(op.get_bind()).has_table("centres"):
        op.create_table(
            "centres",
            sa.Column("code", sa.Text(), nullable=True),
            sa.Column("name", sa.Text(), nullable=False),
            sa.Column("created_at", sa.Text(), nullable=False),
            sa.PrimaryKeyConstraint("code"),
        )
    for table, column, declaration in ADDED:
        have = {c["name"] for c in sa.inspect(op.get_bind()).get_columns(table)}
        if column not in have:
            op.execute(f"ALTER TABLE {table} ADD COLUMN {column} {declaration}")


def downgrade() -> None:
    raise NotImplementedError("the catalogue is the source of truth: columns are never dropped by a downgrade")
