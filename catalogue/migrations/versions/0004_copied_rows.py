"""copied_rows: which row of an embedded catalogue became which row of the province's.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03

`hoso catalogue copy` (catalogue/copy.py) moves a centre's embedded catalogue into the
province's. Rows with a natural key (a file's sha256, a document's id, an officer's name, ...)
are found again by it; the append-only tables (audit_log, dossier_events, document_dates,
review_decisions) have integer ids that the province gives from its own sequences, so a copied
row's identity is kept here: (the source catalogue's id, the table, the id there) -> the id in
the province. A second copy adds nothing, and audit_seen points to the audit entries' new ids.
Only ever written by a copy, one row per copied row; made on SQLite too (one schema everywhere).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

ROW_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    if not sa.inspect(op.get_bind()).has_table("copied_rows"):
        op.create_table(
            "copied_rows",
            sa.Column("source_catalogue", sa.Text(), nullable=False),
            sa.Column("table_name", sa.Text(), nullable=False),
            sa.Column("source_id", ROW_ID, nullable=False),
            sa.Column("target_id", ROW_ID, nullable=False),
            sa.PrimaryKeyConstraint("source_catalogue", "table_name", "source_id"),
        )


def downgrade() -> None:
    raise NotImplementedError("the catalogue is the source of truth: tables are never dropped by a downgrade")
