"""Tables that only ever grow, and the triggers that keep them so, for SQLite and PostgreSQL.

The rule is that history is never rewritten, whatever the client:
an UPDATE or a DELETE is aborted, and on SQLite so is an INSERT OR REPLACE on a key already
there. PostgreSQL has no INSERT OR REPLACE: a duplicate key is refused by the key itself, and
INSERT ... ON CONFLICT DO UPDATE fires the UPDATE trigger. It does have TRUNCATE, which skips
row triggers, so a statement trigger refuses it too.

The DDL here is part of the migrations that use it (versions/0001): changing what a function
returns changes the schema, and needs a new revision, not an edit.
"""

from __future__ import annotations

# table -> the condition naming the row a new one would replace (SQLite's INSERT OR REPLACE)
APPEND_ONLY: dict[str, str] = {
    "audit_log": "id = NEW.id",
    "audit_seen": "audit_id = NEW.audit_id AND document_id = NEW.document_id",
    "dossier_events": "id = NEW.id",
    "document_dates": "id = NEW.id",
    "review_decisions": "id = NEW.id",
}


def sqlite_triggers(table: str) -> list[str]:
    """Word for word what the sqlite3 release created, so its catalogues and new ones match."""
    same_row = APPEND_ONLY[table]
    return [
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table}\n"
        f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: rows are never changed'); END",
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_delete BEFORE DELETE ON {table}\n"
        f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: rows are never deleted'); END",
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_replace BEFORE INSERT ON {table}\n"
        f"WHEN EXISTS (SELECT 1 FROM {table} WHERE {same_row})\n"
        f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: rows are never replaced'); END",
    ]


# A dossier code is registered once. SQLite serialises writers, so today's trigger is exact there.
SQLITE_OPEN_ONCE = (
    "CREATE TRIGGER IF NOT EXISTS dossier_events_open_once BEFORE INSERT ON dossier_events\n"
    "WHEN NEW.kind = 'dossier_opened'\n"
    " AND EXISTS (SELECT 1 FROM dossier_events WHERE kind = 'dossier_opened' AND dossier = NEW.dossier)\n"
    "BEGIN SELECT RAISE(ABORT, 'this dossier code is already registered'); END"
)

POSTGRES_FUNCTION = """
CREATE OR REPLACE FUNCTION catalogue_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: rows are never %', TG_TABLE_NAME,
    CASE TG_OP WHEN 'UPDATE' THEN 'changed' ELSE 'deleted' END
    USING ERRCODE = 'restrict_violation';
END
$$
"""


def postgres_triggers(table: str) -> list[str]:
    run = "EXECUTE FUNCTION catalogue_append_only()"
    return [
        f"CREATE OR REPLACE TRIGGER {table}_no_update BEFORE UPDATE ON {table} FOR EACH ROW {run}",
        f"CREATE OR REPLACE TRIGGER {table}_no_delete BEFORE DELETE ON {table} FOR EACH ROW {run}",
        f"CREATE OR REPLACE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} FOR EACH STATEMENT {run}",
    ]


# On PostgreSQL two stations can insert at the same moment: an EXISTS check in a trigger would let
# both through under READ COMMITTED, a partial unique index cannot.
POSTGRES_OPEN_ONCE = (
    "CREATE UNIQUE INDEX IF NOT EXISTS dossier_events_open_once ON dossier_events (dossier) WHERE kind = 'dossier_opened'"
)
POSTGRES_ONLY_INDEXES = frozenset({"dossier_events_open_once"})


def ddl(dialect: str) -> list[str]:
    """Every statement of the append-only rules on this dialect ('sqlite' or 'postgresql')."""
    if dialect == "sqlite":
        return [s for t in APPEND_ONLY for s in sqlite_triggers(t)] + [SQLITE_OPEN_ONCE]
    if dialect == "postgresql":
        return [POSTGRES_FUNCTION] + [s for t in APPEND_ONLY for s in postgres_triggers(t)] + [POSTGRES_OPEN_ONCE]
    raise ValueError(f"the catalogue runs on SQLite or PostgreSQL, not {dialect}")
