"""The centres table: the one-stop centres of a province (access/centres.py owns the rules)."""

from __future__ import annotations

import sqlalchemy as sa

from catalogue.schema import centres
from catalogue.times import now_text


def known(c: sa.Connection, code: str) -> bool:
    return c.execute(sa.select(centres.c.code).where(centres.c.code == code)).first() is not None


def insert(c: sa.Connection, code: str, name: str) -> None:
    c.execute(centres.insert().values(code=code, name=name, created_at=now_text()))


def every(c: sa.Connection) -> list[sa.RowMapping]:
    return c.execute(sa.select(centres).order_by(centres.c.code)).mappings().all()
