"""What the statistics read beyond the dossier events: the backlog result documents.

A result read from the archive of earlier results (`hoso ingest --backlog`) belongs to no
dossier and writes no event: its documents row (result_kind = 'backlog', revision 0006) is the
record, received_at the time it was digitised.
"""

from __future__ import annotations

import sqlalchemy as sa

from catalogue.schema import documents

BACKLOG = "backlog"


def backlog_results(c: sa.Connection) -> list[sa.RowMapping]:
    """The backlog result documents in the order they were digitised."""
    query = sa.select(documents.c.id, documents.c.received_at, documents.c.doc_type, documents.c.procedure,
                      documents.c.officer, documents.c.centre).where(documents.c.result_kind == BACKLOG)
    return c.execute(query.order_by(documents.c.received_at, documents.c.id)).mappings().all()
