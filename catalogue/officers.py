"""The officers table: who may act, with what role, at which centre (access/ owns the rules)."""

from __future__ import annotations

import sqlalchemy as sa

from catalogue.schema import officers
from catalogue.times import now_text


def get(c: sa.Connection, name: str) -> sa.RowMapping | None:
    return c.execute(sa.select(officers).where(officers.c.name == name)).mappings().first()


def every(c: sa.Connection) -> list[sa.RowMapping]:
    return c.execute(sa.select(officers).order_by(officers.c.name)).mappings().all()


def insert(c: sa.Connection, name: str, role: str, password_hash: str | None, centre: str | None) -> None:
    now = now_text()
    c.execute(officers.insert().values(name=name, role=role, password_hash=password_hash, active=1,
                                       created_at=now, updated_at=now, centre=centre))


def update(c: sa.Connection, name: str, **changes) -> None:
    """Set the given columns (None values are left as they are) and the time of the change."""
    values = {column: value for column, value in changes.items() if value is not None}
    c.execute(officers.update().where(officers.c.name == name).values(updated_at=now_text(), **values))


def end_sessions(c: sa.Connection, name: str) -> None:
    """A new credential version: the officer's open web sessions end at their next request."""
    c.execute(officers.update().where(officers.c.name == name)
              .values(credential_version=officers.c.credential_version + 1))


def credentials(c: sa.Connection, name: str) -> tuple[str, bool, int] | None:
    """(role, active, credential version): what a web session was opened with."""
    row = c.execute(sa.select(officers.c.role, officers.c.active, officers.c.credential_version)
                    .where(officers.c.name == name)).first()
    return (row.role, bool(row.active), row.credential_version) if row else None
