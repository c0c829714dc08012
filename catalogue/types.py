"""Column types that give the same SQLite declarations as today's hand-written DDL.

SQLite decides a column's affinity from the words of its declared type, so the declarations are
kept word for word (TEXT, INTEGER, REAL); on PostgreSQL the same columns get the types that
hold the same values without loss (a REAL in SQLite is an 8-byte float: double precision; an
AUTOINCREMENT id: bigint, since the audit log of a province grows for years).
"""

from __future__ import annotations

import sqlalchemy as sa

TEXT = sa.Text()
INTEGER = sa.Integer()
# SQLite's REAL is 8 bytes; PostgreSQL's REAL is 4, so there it must be double precision.
REAL = sa.Double().with_variant(sa.REAL(), "sqlite")
# An "INTEGER PRIMARY KEY AUTOINCREMENT" in SQLite must be spelt INTEGER to be the rowid.
ROW_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
