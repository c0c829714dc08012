"""The province supervisor: a new officers.role value, and the centres an audit entry's documents came from.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03

- officers.role may be 'province_supervisor' (access/roles.py: searches and shows every centre's
  papers). The role is a CHECK: PostgreSQL swaps the constraint; SQLite cannot alter a CHECK, so
  the table is recreated (Alembic batch mode, from the frozen definition below: reflection would
  lose the unnamed CHECKs), rows kept. No other table refers to officers or has a trigger on it,
  so the append-only triggers of the audit and dossier tables are untouched.
- audit_log.document_centres: JSON list of the centres that received the documents an entry
  showed or was asked for (NULL on older rows: read as none); `centre` stays the acting centre.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

ROLES = ("operator", "officer", "supervisor", "province_supervisor")
ROLE_CHECK = f"role IN ({','.join(repr(r) for r in ROLES)})"


def _officers_now() -> sa.Table:
    """officers as revisions 0001-0003 left it, with the new role CHECK (frozen: never import schema.py)."""
    return sa.Table(
        "officers", sa.MetaData(),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("role", sa.Text(), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=True),
        sa.Column("active", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.Text(), nullable=False),
        sa.Column("credential_version", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("centre", sa.Text(), nullable=True),
        sa.CheckConstraint(ROLE_CHECK),
        sa.CheckConstraint("active IN (0, 1)"),
        sa.PrimaryKeyConstraint("name"),
    )


def _role_check_names(bind) -> list[str]:
    return [c["name"] for c in sa.inspect(bind).get_check_constraints("officers")
            if "role" in c["sqltext"] and "active" not in c["sqltext"]]


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        with op.batch_alter_table("officers", copy_from=_officers_now(), recreate="always"):
            pass  # the copy's definition is the change
    else:
        for name in _role_check_names(bind):
            op.drop_constraint(name, "officers", type_="check")
        op.create_check_constraint("officers_role_check", "officers", sa.text(ROLE_CHECK))
    if "document_centres" not in {c["name"] for c in sa.inspect(bind).get_columns("audit_log")}:
        op.add_column("audit_log", sa.Column("document_centres", sa.Text(), nullable=True))


def downgrade() -> None:
    raise NotImplementedError("the catalogue is the source of truth: columns are never dropped by a downgrade")
