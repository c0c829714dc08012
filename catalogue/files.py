"""The files table: every source file received, its state and who is processing it."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from catalogue.schema import files
from catalogue.times import now_text
from catalogue.upsert import insert

Owner = str  # JSON: host, pid, process start time (catalogue.owners)


def status(c: sa.Connection, sha256: str) -> str | None:
    return c.execute(sa.select(files.c.status).where(files.c.sha256 == sha256)).scalar()


def row(c: sa.Connection, sha256: str) -> sa.RowMapping | None:
    return c.execute(sa.select(files).where(files.c.sha256 == sha256)).mappings().first()


def claim(c: sa.Connection, sha256: str, *, name: str, source_path: str, size: int, kind: str | None,
          stored_path: str | None, page_count: int | None, context: dict[str, str | None], owner: Owner,
          free: "callable") -> bool:
    """Mark a file `processing` by `owner`, unless `free(status, owner)` says it is not to be taken.

    Inside the caller's write transaction. A new file's row is inserted first (or found there):
    on PostgreSQL a second station inserting the same file at the same moment waits for the
    first's commit and then sees its row, which the SELECT ... FOR UPDATE locks until this
    transaction ends, so two stations never both claim it.
    """
    now = now_text()
    inserted = c.execute(insert(c, files).values(
        sha256=sha256, name=name, source_path=source_path, size=size, kind=kind, stored_path=stored_path,
        status="processing", page_count=page_count, received_at=now, updated_at=now,
        citizen_id=context.get("citizen_id"), dossier=context.get("dossier"), procedure=context.get("procedure"),
        officer=context.get("officer"), profile=context.get("profile"), owner=owner,
    ).on_conflict_do_nothing(index_elements=["sha256"]).returning(files.c.sha256)).first()
    if inserted is not None:
        return True
    found = c.execute(sa.select(files.c.status, files.c.owner).where(files.c.sha256 == sha256)
                      .with_for_update()).one()
    if not free(found.status, found.owner):
        return False
    c.execute(files.update().where(files.c.sha256 == sha256).values(
        status="processing", updated_at=now, stored_path=stored_path, page_count=page_count, owner=owner))
    return True


def quarantine(c: sa.Connection, sha256: str, *, name: str, source_path: str, size: int, reason: str) -> None:
    now = now_text()
    statement = insert(c, files).values(sha256=sha256, name=name, source_path=source_path, size=size,
                                        status="quarantined", reason=reason, received_at=now, updated_at=now)
    c.execute(statement.on_conflict_do_update(index_elements=["sha256"], set_={
        "status": "quarantined", "reason": statement.excluded.reason, "updated_at": statement.excluded.updated_at}))


def mark_done(c: sa.Connection, sha256: str, reason: str | None) -> None:
    c.execute(files.update().where(files.c.sha256 == sha256).values(status="done", reason=reason,
                                                                    updated_at=now_text()))


def page_count(c: sa.Connection, sha256: str) -> int:
    return int(c.execute(sa.select(files.c.page_count).where(files.c.sha256 == sha256)).scalar() or 0)


def received_at(c: sa.Connection, sha256: str) -> datetime | None:
    value = c.execute(sa.select(files.c.received_at).where(files.c.sha256 == sha256)).scalar()
    return datetime.fromisoformat(value) if value else None


def source_path(c: sa.Connection, sha256: str) -> str:
    return c.execute(sa.select(files.c.source_path).where(files.c.sha256 == sha256)).scalar() or ""


def recorded_context(c: sa.Connection, sha256: str) -> dict[str, str | None]:
    """What the file's ingest was told: citizen, dossier, procedure ({} for an unknown file)."""
    found = c.execute(sa.select(files.c.citizen_id, files.c.dossier, files.c.procedure)
                      .where(files.c.sha256 == sha256)).mappings().first()
    return dict(found) if found else {}


def given_citizen(c: sa.Connection, sha256: str) -> str | None:
    return c.execute(sa.select(files.c.citizen_id).where(files.c.sha256 == sha256)).scalar()
