"""One write transaction on the catalogue, for code that still holds its sqlite3-style handle.

The handle (catalogue.store.LegacyConnection) runs on the catalogue's own connection, so this is
the catalogue's write(): BEGIN IMMEDIATE, anything raised inside rolls the whole of it back, and
a write already open is joined.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def write_transaction(db) -> Iterator[object]:
    with db.write():
        yield db
