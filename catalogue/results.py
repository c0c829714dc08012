"""Results the centre issued (issue 18): the SQL that marks documents as results and reads them back.

A returned result is a `documents` row with result_of = the dossier's code and result_kind =
'returned'; its dossier's return is the `result_returned` event (at most one per dossier, checked
under a lock on the dossier's opening, see `lock_dossier`). A backlog result has result_kind =
'backlog' and no dossier, and no event. The rules are dossier/results.py's.
"""

from __future__ import annotations

import sqlalchemy as sa

from catalogue import outbox
from catalogue.schema import documents, dossier_events

RETURNED, RESULT_DOCUMENT, OPENED = "result_returned", "result_document", "dossier_opened"


def lock_dossier(c: sa.Connection) -> None:
    """Serialise the returns of one catalogue inside this write transaction: two stations
    returning one dossier at one moment then record it once. SQLite's write transaction already
    holds the database's write lock; PostgreSQL takes a transaction-level advisory lock (the
    event log is append-only: a row lock would do, but this also covers a dossier whose
    opening another station is writing right now)."""
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
