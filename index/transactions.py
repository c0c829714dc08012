"""One write transaction on a SQLite connection opened in autocommit mode (isolation_level=None).

BEGIN IMMEDIATE takes the write lock at once, so two processes sharing the data folder
queue up instead of failing half way; anything raised inside rolls the whole of it back.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def write_transaction(db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
