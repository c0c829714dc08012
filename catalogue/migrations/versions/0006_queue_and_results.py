"""Submitted files and their page leases (issue 17); results of dossiers and their events (issue 18).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03

- files.station, files.submitted_at, files.centre: a file a station submitted to the queue
  (`--submit`) names the station, when, and the station's centre (the queue's status is per
  centre); station and submitted_at are NULL for a file read in-process. A submitted file waits
  as `queued`.
- page_jobs.worker, started_at, attempts: which worker holds a page now, since when, and how many
  times a worker has started it (a poison page fails after a bounded number).
- documents.result_of, result_kind: a document the centre issued as the result of a dossier
  ('returned', with the dossier's code) or read from the archive of earlier results ('backlog',
  no dossier). NULL: a paper the citizen handed in.
- dossier_events.kind may be 'result_returned' (one per dossier whose result was handed back;
  digitised = 1 when at least one result document was scanned) and 'result_document' (one per
  scanned result document). The kind is a CHECK: PostgreSQL swaps the constraint; SQLite cannot
  alter a CHECK, so the table is recreated from the frozen definition below (Alembic batch mode,
  rows and ids kept) and its indexes and append-only triggers are made again.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from catalogue.append_only import SQLITE_OPEN_ONCE, sqlite_triggers

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

EVENT_KINDS = ("dossier_opened", "component_reused", "component_submitted", "result_returned", "result_document")
KIND_CHECK = f"kind IN ({','.join(repr(k) for k in EVENT_KINDS)})"

ADDED = (
    ("files", sa.Column("station", sa.Text(), nullable=True)),
    ("files", sa.Column("submitted_at", sa.Text(), nullable=True)),
    ("files", sa.Column("centre", sa.Text(), nullable=True)),
    ("page_jobs", sa.Column("worker", sa.Text(), nullable=True)),
    ("page_jobs", sa.Column("started_at", sa.Text(), nullable=True)),
    ("page_jobs", sa.Column("attempts", sa.Integer(), server_default=sa.text("0"), nullable=False)),
    ("documents", sa.Column("result_of", sa.Text(), nullable=True)),
    ("documents", sa.Column("result_kind", sa.Text(), nullable=True)),
)


def _dossier_events_now() -> sa.Table:
    """dossier_events as revisions 0001-0003 left it, with the new kind CHECK (frozen)."""
    table = sa.Table(
        "dossier_events", sa.MetaData(),
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=True),
        sa.Column("at", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.Text(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("dossier", sa.Text(), nullable=False),
        sa.Column("procedure", sa.Text(), nullable=True),
        sa.Column("citizen_id", sa.Text(), nullable=True),
        sa.Column("officer", sa.Text(), nullable=True),
        sa.Column("component", sa.Text(), nullable=True),
        sa.Column("doc_type", sa.Text(), nullable=True),
        sa.Column("document_id", sa.Text(), nullable=True),
        sa.Column("digitised", sa.Integer(), nullable=True),
        sa.Column("missed_reuse_of", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("centre", sa.Text(), nullable=True),
        sa.Column("origin_centre", sa.Text(), nullable=True),
        sa.CheckConstraint(KIND_CHECK),
        sa.CheckConstraint("digitised IN (0, 1)"),
        sa.PrimaryKeyConstraint("id"),
        sqlite_autoincrement=True,
    )
    sa.Index("dossier_events_at", table.c.at)
    sa.Index("dossier_events_dossier", table.c.dossier, table.c.id)
    return table


def _kind_check_names(bind) -> list[str]:
    return [c["name"] for c in sa.inspect(bind).get_check_constraints("dossier_events")
            if "kind" in c["sqltext"] and "digitised" not in c["sqltext"]]


def upgrade() -> None:
    bind = op.get_bind()
    for table, column in ADDED:
        if column.name not in {c["name"] for c in sa.inspect(bind).get_columns(table)}:
            op.add_column(table, column)
    if bind.dialect.name == "sqlite":
        with op.batch_alter_table("dossier_events", copy_from=_dossier_events_now(), recreate="always"):
            pass  # the copy's definition is the change
        for statement in [*sqlite_triggers("dossier_events"), SQLITE_OPEN_ONCE]:
            op.execute(statement)
    else:
        for name in _kind_check_names(bind):
            op.drop_constraint(name, "dossier_events", type_="check")
        op.create_check_constraint("dossier_events_kind_check", "dossier_events", sa.text(KIND_CHECK))


def downgrade() -> None:
    raise NotImplementedError("the catalogue is the source of truth: columns are never dropped by a downgrade")
