"""The index outbox: documents the search index has not yet been told about.

Written in the same transaction as the change that caused it, so the derived index learns of
every document exactly once, however a process dies.
"""

from __future__ import annotations

import sqlalchemy as sa

from catalogue.schema import index_outbox
from catalogue.times import now_text
from catalogue.upsert import insert_or_replace


def queue(c: sa.Connection, ids: list[str]) -> None:
    now = now_text()
    insert_or_replace(c, index_outbox, ["document_id"], [{"document_id": i, "queued_at": now} for i in ids])


def queue_selected(c: sa.Connection, ids: sa.Select) -> None:
    """Queue every document id the query yields (a rebuild's catch-up)."""
    queue(c, list(c.execute(ids).scalars()))


def remove_where(c: sa.Connection, ids: sa.Select) -> None:
    c.execute(index_outbox.delete().where(index_outbox.c.document_id.in_(ids)))


def waiting(c: sa.Connection, limit: int) -> list[str]:
    return list(c.execute(sa.select(index_outbox.c.document_id)
                          .order_by(index_outbox.c.queued_at, index_outbox.c.document_id).limit(limit)).scalars())


def all_waiting(c: sa.Connection) -> set[str]:
    return set(c.execute(sa.select(index_outbox.c.document_id)).scalars())


def size(c: sa.Connection) -> int:
    return c.execute(sa.select(sa.func.count()).select_from(index_outbox)).scalar_one()


def done(c: sa.Connection, ids: list[str]) -> None:
    if ids:
        c.execute(index_outbox.delete().where(index_outbox.c.document_id.in_(ids)))
