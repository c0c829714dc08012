"""SQL for tables that only ever grow (audit log, dossier events, review decisions).

Triggers abort any UPDATE or DELETE, and an INSERT that would replace an existing row
(INSERT OR REPLACE on a key already there): history is never rewritten, whatever the client.
"""

from __future__ import annotations


def append_only_triggers(table: str, same_row: str = "id = NEW.id") -> str:
    """Triggers for `table`; `same_row` is the condition naming the row a new one would replace."""
    return f"""
CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table}
BEGIN SELECT RAISE(ABORT, '{table} is append-only: rows are never changed'); END;
CREATE TRIGGER IF NOT EXISTS {table}_no_delete BEFORE DELETE ON {table}
BEGIN SELECT RAISE(ABORT, '{table} is append-only: rows are never deleted'); END;
CREATE TRIGGER IF NOT EXISTS {table}_no_replace BEFORE INSERT ON {table}
WHEN EXISTS (SELECT 1 FROM {table} WHERE {same_row})
BEGIN SELECT RAISE(ABORT, '{table} is append-only: rows are never replaced'); END;
"""
