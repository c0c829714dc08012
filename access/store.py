"""The officers and the audit log, on the catalogue (catalogue/officers.py, catalogue/audit.py).

The officer list changes (role, active flag, password, centre); every change is itself written
to the audit log. The audit log is append-only (catalogue/append_only.py: UPDATE and DELETE are
refused on both dialects). `audit_seen` holds each document an entry showed, with the citizen it
belonged to at that moment, so "who saw this person's papers" still answers after a document is
relinked by review.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa

from access.models import AuditEntry, Officer
from catalogue import audit as audit_rows
from catalogue import officers as officer_rows
from catalogue.database import Location
from catalogue.store import Catalogue
from catalogue.times import now_utc


class AccessStore:
    """The catalogue's officers and audit tables (one connection)."""

    def __init__(self, location: Location):
        self.catalogue = Catalogue(location)

    def close(self) -> None:
        self.catalogue.close()

    def __enter__(self) -> "AccessStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- officers --------------------------------------------------------------------------

    def officer(self, name: str) -> Officer | None:
        with self.catalogue.read() as c:
            row = officer_rows.get(c, name)
        return _officer(row) if row else None

    def password_hash(self, name: str) -> str | None:
        with self.catalogue.read() as c:
            row = officer_rows.get(c, name)
        return row["password_hash"] if row else None

    def credential_version(self, name: str) -> int | None:
        with self.catalogue.read() as c:
            row = officer_rows.get(c, name)
        return row["credential_version"] if row else None

    def end_sessions(self, name: str) -> None:
        """The officer's web sessions end at their next request (the server compares this version)."""
        with self.catalogue.write() as c:
            officer_rows.end_sessions(c, name)

    def officers(self) -> list[Officer]:
        with self.catalogue.read() as c:
            return [_officer(r) for r in officer_rows.every(c)]

    def insert_officer(self, name: str, role: str, password_hash: str | None, centre: str | None = None) -> None:
        with self.catalogue.write() as c:
            officer_rows.insert(c, name, role, password_hash, centre)

    def officer_centre(self, name: str | None) -> str | None:
        if not name:
            return None
        with self.catalogue.read() as c:
            row = officer_rows.get(c, name)
        return row["centre"] if row else None

    def update_officer(self, name: str, *, role: str | None = None, active: bool | None = None,
                       password_hash: str | None = None, centre: str | None = None) -> None:
        with self.catalogue.write() as c:
            officer_rows.update(c, name, role=role, active=None if active is None else int(active),
                                password_hash=password_hash, centre=centre)

    # -- audit -----------------------------------------------------------------------------

    def append(self, *, officer: str, role: str | None, action: str, outcome: str, channel: str,
               citizen_id: str | None = None, seen: Sequence[tuple[str, str | None]] = (),
               detail: str | None = None, at: datetime | None = None, centre: str | None = None,
               document_centres: Sequence[str] = ()) -> int:
        """One audit entry and the documents it showed (document id, its citizen), atomically.

        `centre`: the acting centre (a station's or server's --centre); when not given, the
        named officer's centre, so every entry of an officer of a centre records it.
        `document_centres`: the centres that received the documents shown (or asked for)."""
        with self.catalogue.write() as c:
            acting = centre or self.officer_centre(officer)
            return audit_rows.append(c, at=at or now_utc(), officer=officer, role=role, action=action,
                                     outcome=outcome, channel=channel, citizen_id=citizen_id, seen=seen,
                                     detail=detail, centre=acting, document_centres=document_centres)

    def about_citizen(self, citizen_id: str) -> list[AuditEntry]:
        """Entries that asked about this citizen or showed a document that is (or was, or names) theirs."""
        with self.catalogue.read() as c:
            return [_entry(r) for r in audit_rows.about_citizen(c, citizen_id)]

    def failed_sign_ins(self, *, name: str | None = None, channel: str | None = None, since: datetime,
                        failure: str) -> list[datetime]:
        """When sign-ins failed with detail `failure`, oldest first: for a name (since its last
        successful sign-in) or for a channel (a client address), from `since` on."""
        if (name is None) == (channel is None):
            raise ValueError("give a name or a channel")
        with self.catalogue.read() as c:
            times = audit_rows.failed_sign_ins_of_name(c, name, failure, since) if name is not None \
                else audit_rows.failed_sign_ins_of_channel(c, channel, failure, since)
        return [datetime.fromisoformat(t) for t in times]

    def recently_logged(self, name: str, channel: str, detail: str, since: datetime) -> bool:
        """Whether a refused sign-in of this name from this channel with `detail` is logged since `since`."""
        with self.catalogue.read() as c:
            return audit_rows.refusal_logged(c, name, channel, detail, since)

    def sign_in_entries(self, name: str | None = None, actions: Sequence[str] = ("sign_in",)) -> list[AuditEntry]:
        with self.catalogue.read() as c:
            return [_entry(r) for r in audit_rows.of_actions(c, actions, name)]

    def recent(self, limit: int = 100) -> list[AuditEntry]:
        with self.catalogue.read() as c:
            return [_entry(r) for r in audit_rows.latest(c, limit)]


def _officer(row: sa.RowMapping) -> Officer:
    return Officer(name=row["name"], role=row["role"], active=bool(row["active"]),
                   has_password=row["password_hash"] is not None, created_at=datetime.fromisoformat(row["created_at"]),
                   centre=row["centre"])


def _entry(row: sa.RowMapping) -> AuditEntry:
    return AuditEntry(id=row["id"], at=datetime.fromisoformat(row["at"]), officer=row["officer"], role=row["role"],
                      action=row["action"], outcome=row["outcome"], channel=row["channel"],
                      citizen_id=row["citizen_id"], document_ids=json.loads(row["document_ids"]), detail=row["detail"],
                      centre=row["centre"], document_centres=json.loads(row["document_centres"] or "[]"))


def session_credentials(location: Location, name: str) -> tuple[str, bool, int] | None:
    """(role, active, credential version) of an officer, read on every web request: one query
    (the catalogue's version is checked once per process, not per request)."""
    with Catalogue(location) as catalogue, catalogue.read() as c:
        return officer_rows.credentials(c, name)
