"""Results the centre issued (issue 18): the SQL that marks documents as results, and a dossier's return.

A returned result is a `documents` row with result_of = the dossier's code and result_kind =
'returned'; its dossier's return is the `result_returned` event (at most one per dossier: read
after `lock_dossier`, in the transaction that writes it). A backlog result has result_kind =
'backlog', no dossier and no event. The rules are dossier/results.py's.
"""

from __future__ import annotations

import sqlalchemy as sa

from catalogue import outbox
from catalogue.schema import documents, dossier_events

RETURNED = "result_returned"


def lock_dossier(c: sa.Connection) -> None:
    """Serialise the returns written to one catalogue, until this write transaction ends: two
    stations returning one dossier at one moment then record it once (the second reads the
    first's event). SQLite's write transaction (BEGIN IMMEDIATE) already holds the database's
    write lock; PostgreSQL takes a transaction-level advisory lock (returns are rare: one lock
    for all of them is enough, and needs no row of the append-only event log)."""
    if c.dialect.name == "postgresql":
        c.execute(sa.text("SELECT pg_advisory_xact_lock(hashtext('hoso.result_returned'))"))


def returned(c: sa.Connection, dossier: str) -> sa.RowMapping | None:
    """The dossier's `result_returned` event, if it was handed back."""
    return c.execute(sa.select(dossier_events).where(dossier_events.c.kind == RETURNED,
                                                     dossier_events.c.dossier == dossier)
                     .order_by(dossier_events.c.id).limit(1)).mappings().first()


def mark(c: sa.Connection, document_ids: list[str], *, kind: str, result_of: str | None,
         procedure: str | None) -> None:
    """Mark documents as results (idempotent); the procedure is kept where the document has one."""
    if not document_ids:
        return
    where = documents.c.id.in_(document_ids)
    values = {"result_kind": kind, "result_of": result_of}
    if result_of is not None:
        values["dossier"] = result_of
    c.execute(documents.update().where(where).values(**values))
    if procedure is not None:
        c.execute(documents.update().where(where, documents.c.procedure.is_(None)).values(procedure=procedure))
    outbox.queue(c, document_ids)  # the index carries the dossier


def of_dossier(c: sa.Connection, dossier: str) -> list[sa.RowMapping]:
    """The documents returned as the dossier's result, oldest first."""
    return c.execute(sa.select(documents).where(documents.c.result_of == dossier,
                                                documents.c.result_kind == "returned")
                     .order_by(documents.c.received_at, documents.c.id)).mappings().all()


def kinds_of(c: sa.Connection, document_ids: list[str]) -> dict[str, tuple[str | None, str | None]]:
    """(result_kind, result_of) of each of these documents."""
    if not document_ids:
        return {}
    rows = c.execute(sa.select(documents.c.id, documents.c.result_kind, documents.c.result_of)
                     .where(documents.c.id.in_(document_ids)))
    return {r.id: (r.result_kind, r.result_of) for r in rows}


def backlog(c: sa.Connection) -> list[sa.RowMapping]:
    """The backlog result documents in the order they were digitised (what the statistics count)."""
    query = sa.select(documents.c.id, documents.c.received_at, documents.c.doc_type, documents.c.procedure,
                      documents.c.officer, documents.c.centre).where(documents.c.result_kind == "backlog")
    return c.execute(query.order_by(documents.c.received_at, documents.c.id)).mappings().all()
