"""The dossier event log (dossier_events): append-only, one opening per dossier code.

Rows are only ever inserted (catalogue/append_only.py refuses UPDATE and DELETE on both
dialects). The opening rule is the database's, not a read-then-write here: a trigger on SQLite,
a unique partial index on PostgreSQL, where two stations can open the same code at one moment.
"""

from __future__ import annotations

import sqlalchemy as sa

from catalogue.schema import documents, dossier_events

OPENED, REUSED, SUBMITTED = "dossier_opened", "component_reused", "component_submitted"


def append(c: sa.Connection, row: dict) -> int:
    """Insert one event (inside the caller's transaction); its id."""
    return c.execute(dossier_events.insert().values(**row)).inserted_primary_key[0]


def register(c: sa.Connection, row: dict) -> int | None:
    """Insert a `dossier_opened` event; None when the code is already registered (by another
    process a moment ago: the caller read no opening). The insert runs in a savepoint so that
    the refusal leaves the caller's transaction usable (PostgreSQL aborts it otherwise)."""
    try:
        with c.begin_nested():
            return append(c, row)
    except sa.exc.IntegrityError:
        if opened(c, row["dossier"]) is None:
            raise  # not the opening rule: a real fault
        return None


def events(c: sa.Connection, dossier: str | None = None, before: str | None = None) -> list[sa.RowMapping]:
    """Events in the order they happened (then written); `before`: an ISO UTC time (text order is time order)."""
    query = sa.select(dossier_events)
    if dossier is not None:
        query = query.where(dossier_events.c.dossier == dossier)
    if before is not None:
        query = query.where(dossier_events.c.at < before)
    return c.execute(query.order_by(dossier_events.c.at, dossier_events.c.id)).mappings().all()


def opened(c: sa.Connection, dossier: str) -> sa.RowMapping | None:
    return c.execute(sa.select(dossier_events).where(dossier_events.c.kind == OPENED,
                                                     dossier_events.c.dossier == dossier)).mappings().first()


def _submission_of(document_id, dossier) -> sa.ColumnElement[bool]:
    return sa.and_(dossier_events.c.kind == SUBMITTED, dossier_events.c.dossier == dossier,
                   dossier_events.c.document_id == document_id)


def submission_recorded(c: sa.Connection, dossier: str, document_id: str) -> bool:
    return c.execute(sa.select(dossier_events.c.id).where(_submission_of(document_id, dossier)).limit(1)).first() \
        is not None


def documents_not_submitted(c: sa.Connection) -> list[str]:
    """Ids of documents handed in for a dossier whose submission is not recorded, oldest first."""
    recorded = sa.exists().where(_submission_of(documents.c.id, documents.c.dossier))
    # a result the centre issued is no submission (issue 18)
    return list(c.execute(sa.select(documents.c.id).where(documents.c.dossier.is_not(None),
                                                          documents.c.result_kind.is_(None), ~recorded)
                          .order_by(documents.c.received_at, documents.c.id)).scalars())
