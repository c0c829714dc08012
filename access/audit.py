"""Writing the audit log, and reading who looked at a citizen's papers."""

from __future__ import annotations

from collections.abc import Sequence

from access.models import Actor, AuditEntry, Officer
from access.store import AccessStore
from catalogue.database import Location
from vntext.controls import escape_controls


def record(catalogue_path: Location, officer: Officer, actor: Actor, action: str, *,
           citizen_id: str | None = None, seen: Sequence[tuple[str, str | None]] = (),
           detail: str | None = None, document_centres: Sequence[str] = ()) -> int:
    """An allowed action and what it showed: (document id, that document's citizen) pairs;
    `document_centres`: the centres that received those documents."""
    with AccessStore(catalogue_path) as store:
        return store.append(officer=officer.name, role=officer.role, action=action, outcome="ok",
                            channel=actor.channel, citizen_id=citizen_id, seen=seen, detail=detail,
                            centre=actor.centre, document_centres=document_centres)


def record_event(catalogue_path: Location, name: str, action: str, channel: str, detail: str | None = None,
                 centre: str | None = None) -> int:
    """An event that shows no papers (sign-out, session expired)."""
    with AccessStore(catalogue_path) as store:
        officer = store.officer(name)
        return store.append(officer=name, role=officer.role if officer else None, action=action, outcome="ok",
                            channel=channel, detail=detail, centre=centre)


def about_citizen(catalogue_path: Location, citizen_id: str) -> list[AuditEntry]:
    with AccessStore(catalogue_path) as store:
        return store.about_citizen(citizen_id)


def entry_lines(entries: Sequence[AuditEntry]) -> list[str]:
    from index.models import centre_timezone

    lines = []
    for e in entries:
        when = e.at.astimezone(centre_timezone()).strftime("%Y-%m-%d %H:%M:%S")
        role = f" ({e.role})" if e.role else ""
        refused = " REFUSED" if e.outcome == "refused" else ""
        # A refusal showed nothing: its documents are the ones asked for.
        shown = "asked for" if e.outcome == "refused" else "documents"
        docs = f" {shown}: {', '.join(e.document_ids)}" if e.document_ids else ""
        about = f" citizen {e.citizen_id}" if e.citizen_id else ""
        detail = f" — {e.detail}" if e.detail else ""
        centre = f" at {e.centre}" if e.centre else ""
        others = [c for c in e.document_centres if c != e.centre]
        origin = f" (papers of {', '.join(others)})" if others else ""
        line = (f"#{e.id} {when} {e.officer}{role}{centre} {e.action}{refused} via {e.channel}{about}{docs}{origin}"
                f"{detail}")
        lines.append(escape_controls(line))  # a stored CR/LF must not print as an entry of its own
    return lines
