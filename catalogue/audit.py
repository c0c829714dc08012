"""The audit log (audit_log) and the documents each entry showed (audit_seen); both append-only.

`audit_seen` keeps each document with the citizen it belonged to when it was shown, so "who saw
this person's papers" still answers after review relinks the document.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa

from catalogue.schema import audit_log, audit_seen, documents
from catalogue.times import iso


def append(c: sa.Connection, *, at: datetime, officer: str, role: str | None, action: str, outcome: str,
           channel: str, citizen_id: str | None, seen: Sequence[tuple[str, str | None]], detail: str | None,
           centre: str | None, document_centres: Sequence[str] = ()) -> int:
    """One entry and its documents (id, their citizen then); the entry's id."""
    shown = dict(seen)  # a document shown twice in one entry is one row (the key is (entry, document))
    entry = c.execute(audit_log.insert().values(
        at=iso(at), officer=officer, role=role, action=action, outcome=outcome, channel=channel,
        citizen_id=citizen_id, document_ids=json.dumps([doc_id for doc_id, _ in seen]), detail=detail,
        centre=centre, document_centres=json.dumps(sorted(set(document_centres))),
    )).inserted_primary_key[0]
    if shown:
        c.execute(audit_seen.insert(), [{"audit_id": entry, "document_id": doc_id, "citizen_id": owner}
                                        for doc_id, owner in shown.items()])
    return entry


def _documents_naming(c: sa.Connection, citizen_id: str) -> sa.Select:
    """Documents that are the citizen's now or name the ID among their candidates.

    id_candidates is a JSON list of strings: a LIKE on the quoted ID finds the rows on both
    dialects (no json_each on PostgreSQL, no jsonb on SQLite); the Python check below keeps it exact."""
    quoted = json.dumps(citizen_id)
    pattern = "%" + quoted.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    rows = c.execute(sa.select(documents.c.id, documents.c.id_candidates)
                     .where(documents.c.id_candidates.like(pattern, escape="\\")))
    naming = [r.id for r in rows if citizen_id in json.loads(r.id_candidates)]
    return sa.select(documents.c.id).where(sa.or_(documents.c.citizen_id == citizen_id, documents.c.id.in_(naming)))


def about_citizen(c: sa.Connection, citizen_id: str) -> list[sa.RowMapping]:
    """Entries that asked about this citizen or showed a document that is (or was, or names) theirs."""
    seen = sa.select(audit_seen.c.audit_id).where(sa.or_(audit_seen.c.citizen_id == citizen_id,
                                                         audit_seen.c.document_id.in_(_documents_naming(c, citizen_id))))
    return c.execute(sa.select(audit_log).where(sa.or_(audit_log.c.citizen_id == citizen_id,
                                                       audit_log.c.id.in_(seen)))
                     .order_by(audit_log.c.id)).mappings().all()


def _sign_ins(outcome: str, failure: str, since: datetime) -> sa.Select:
    return sa.select(audit_log.c.at).where(audit_log.c.action == "sign_in", audit_log.c.outcome == outcome,
                                           audit_log.c.detail == failure, audit_log.c.at >= iso(since))


def failed_sign_ins_of_name(c: sa.Connection, name: str, failure: str, since: datetime) -> list[str]:
    """Times of the name's failures since its last successful sign-in (and since `since`), oldest first."""
    last_ok = (sa.select(sa.func.coalesce(sa.func.max(audit_log.c.id), 0))
               .where(audit_log.c.officer == name, audit_log.c.action == "sign_in", audit_log.c.outcome == "ok")
               .scalar_subquery())
    query = _sign_ins("refused", failure, since).where(audit_log.c.officer == name, audit_log.c.id > last_ok)
    return list(c.execute(query.order_by(audit_log.c.id)).scalars())


def failed_sign_ins_of_channel(c: sa.Connection, channel: str, failure: str, since: datetime) -> list[str]:
    query = _sign_ins("refused", failure, since).where(audit_log.c.channel == channel)
    return list(c.execute(query.order_by(audit_log.c.id)).scalars())


def refusal_logged(c: sa.Connection, name: str, channel: str, detail: str, since: datetime) -> bool:
    query = _sign_ins("refused", detail, since).where(audit_log.c.officer == name, audit_log.c.channel == channel)
    return c.execute(query.limit(1)).first() is not None


def of_actions(c: sa.Connection, actions: Sequence[str], officer: str | None = None) -> list[sa.RowMapping]:
    query = sa.select(audit_log).where(audit_log.c.action.in_(list(actions)))
    if officer is not None:
        query = query.where(audit_log.c.officer == officer)
    return c.execute(query.order_by(audit_log.c.id)).mappings().all()


def latest(c: sa.Connection, limit: int) -> list[sa.RowMapping]:
    """The last `limit` entries, oldest first."""
    rows = c.execute(sa.select(audit_log).order_by(audit_log.c.id.desc()).limit(limit)).mappings().all()
    return list(reversed(rows))


# What names the citizen in front of the officer: a search by their ID or QR payload, or a
# dossier opened for them (its --citizen-id is typed or read from the card as a search's is).
CITIZEN_IN_FRONT = ("search", "dossier_open")


def searched_citizen(c: sa.Connection, officer: str, citizen_id: str, since: datetime) -> bool:
    """Is there an allowed search of this citizen by ID, or a dossier opened for them, by this
    officer since `since`?"""
    query = sa.select(audit_log.c.id).where(audit_log.c.citizen_id == citizen_id, audit_log.c.officer == officer,
                                            audit_log.c.action.in_(CITIZEN_IN_FRONT), audit_log.c.outcome == "ok",
                                            audit_log.c.at >= iso(since))
    return c.execute(query.limit(1)).first() is not None
