"""INSERT ... ON CONFLICT in the connection's dialect (SQLite and PostgreSQL spell it alike).

SQLAlchemy keeps the construct per dialect; both take the same arguments, so the queries
pick the one of the connection they run on and stay one query.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite


def insert(connection: sa.Connection, table: sa.Table):
    """`table.insert()` that knows on_conflict_do_nothing / on_conflict_do_update."""
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    return dialect.insert(table)


def insert_or_ignore(connection: sa.Connection, table: sa.Table, keys: list[str], rows: list[dict]) -> None:
    """Rows whose key is already there are left as they are (a driver's rowcount is not to be
    trusted here: psycopg gives -1; use RETURNING to learn what was inserted)."""
    if not rows:
        return
    connection.execute(insert(connection, table).on_conflict_do_nothing(index_elements=keys), rows)


def insert_or_replace(connection: sa.Connection, table: sa.Table, keys: list[str], rows: list[dict]) -> None:
    """Rows whose key is already there get the new values of the other columns."""
    if not rows:
        return
    statement = insert(connection, table)
    columns = [c for c in rows[0] if c not in keys]
    statement = statement.on_conflict_do_update(index_elements=keys,
                                                set_={c: statement.excluded[c] for c in columns})
    connection.execute(statement, rows)
