"""The validity dates officers read on papers (document_dates): append-only, the latest row counts."""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa

from catalogue.schema import document_dates


def append(c: sa.Connection, row: dict) -> int:
    return c.execute(document_dates.insert().values(**row)).inserted_primary_key[0]


def latest(c: sa.Connection, document_ids: Iterable[str]) -> dict[str, sa.RowMapping]:
    """Each document's most recent row (a later record corrects an earlier one), by document id."""
    wanted = sorted(set(document_ids))
    if not wanted:
        return {}
    newest = (sa.select(sa.func.max(document_dates.c.id)).where(document_dates.c.document_id.in_(wanted))
              .group_by(document_dates.c.document_id))
    rows = c.execute(sa.select(document_dates).where(document_dates.c.id.in_(newest))).mappings()
    return {r["document_id"]: r for r in rows}
