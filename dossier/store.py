"""The dossier event log and the officers' validity dates: the records, and their rows.

Both tables are append-only (catalogue/append_only.py): nothing is updated or deleted, on SQLite
or PostgreSQL. A dossier is registered once (the database refuses a second `dossier_opened`
event for the same code). Times are stored in UTC (ISO 8601, seconds); periods are cut in the
centre's time zone (dossier/periods.py). The queries are catalogue/dossier_events.py and
catalogue/document_dates.py; the functions here take the connection of a catalogue transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timezone
from typing import Literal

import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict

from catalogue import document_dates as date_rows
from catalogue import dossier_events as event_rows
from catalogue.times import now_utc

# revision 0006: a result handed back (per dossier) and each scanned result document
EventKind = Literal["dossier_opened", "component_reused", "component_submitted", "result_returned", "result_document"]
EVENT_KINDS: tuple[str, ...] = ("dossier_opened", "component_reused", "component_submitted")


def utc_text(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("event times must be time-zone aware")
    return moment.astimezone(timezone.utc).replace(microsecond=0).isoformat(timespec="seconds")


class Event(BaseModel):
    """One row of the dossier event log (the JSON field names are a stable contract)."""

    model_config = ConfigDict(frozen=True)

    id: int | None = None
    at: datetime
    kind: EventKind
    dossier: str
    procedure: str | None = None
    citizen_id: str | None = None
    officer: str | None = None
    component: str | None = None
    doc_type: str | None = None
    document_id: str | None = None
    digitised: bool | None = None
    missed_reuse_of: str | None = None
    note: str | None = None
    centre: str | None = None  # the dossier's centre (None: the implicit one)
    origin_centre: str | None = None  # a reuse: the centre that received the reused document

    @property
    def missed_reuse(self) -> bool:
        return self.kind == "component_submitted" and self.missed_reuse_of is not None


def _event_row(event: Event) -> dict:
    return dict(at=utc_text(event.at), recorded_at=utc_text(now_utc()), kind=event.kind, dossier=event.dossier,
                procedure=event.procedure, citizen_id=event.citizen_id, officer=event.officer,
                component=event.component, doc_type=event.doc_type, document_id=event.document_id,
                digitised=None if event.digitised is None else int(event.digitised),
                missed_reuse_of=event.missed_reuse_of, note=event.note, centre=event.centre,
                origin_centre=event.origin_centre)


def append_event(c: sa.Connection, event: Event) -> Event:
    """Insert one event (inside the caller's transaction); returns it with its id."""
    row = _event_row(event)
    return event.model_copy(update={"id": event_rows.append(c, row), "at": datetime.fromisoformat(row["at"])})


def register_dossier(c: sa.Connection, event: Event) -> Event | None:
    """Insert a `dossier_opened` event; None when the code was registered meanwhile (another
    station, between the caller's look-up and this insert: the database's rule refused it)."""
    row = _event_row(event)
    new_id = event_rows.register(c, row)
    return None if new_id is None else event.model_copy(update={"id": new_id, "at": datetime.fromisoformat(row["at"])})


def _event(row: sa.RowMapping) -> Event:
    return Event(
        id=row["id"], at=datetime.fromisoformat(row["at"]), kind=row["kind"], dossier=row["dossier"],
        procedure=row["procedure"], citizen_id=row["citizen_id"], officer=row["officer"],
        component=row["component"], doc_type=row["doc_type"], document_id=row["document_id"],
        digitised=None if row["digitised"] is None else bool(row["digitised"]),
        missed_reuse_of=row["missed_reuse_of"], note=row["note"], centre=row["centre"],
        origin_centre=row["origin_centre"],
    )


def read_events(c: sa.Connection, dossier: str | None = None, before: datetime | None = None) -> list[Event]:
    """Events in the order they happened (then written), optionally of one dossier / before a time."""
    return [_event(r) for r in event_rows.events(c, dossier, None if before is None else utc_text(before))]


def opened_event(c: sa.Connection, dossier: str) -> Event | None:
    row = event_rows.opened(c, dossier)
    return _event(row) if row else None


# --- validity dates recorded by officers ------------------------------------------------------

class RecordedDates(BaseModel):
    model_config = ConfigDict(frozen=True)

    document_id: str
    issue_date: date | None = None
    expiry_date: date | None = None
    no_expiry: bool = False
    officer: str
    at: datetime


def append_dates(c: sa.Connection, dates: RecordedDates) -> None:
    date_rows.append(c, dict(document_id=dates.document_id, issue_date=_day_text(dates.issue_date),
                             expiry_date=_day_text(dates.expiry_date), no_expiry=int(dates.no_expiry),
                             officer=dates.officer, at=utc_text(dates.at)))


def _day_text(day: date | None) -> str | None:
    return day.isoformat() if day else None


def latest_dates(c: sa.Connection, document_ids: Iterable[str]) -> dict[str, RecordedDates]:
    """The most recent dates an officer recorded for each document (later rows correct earlier ones)."""
    return {doc_id: RecordedDates(document_id=doc_id, issue_date=row["issue_date"], expiry_date=row["expiry_date"],
                                  no_expiry=bool(row["no_expiry"]), officer=row["officer"],
                                  at=datetime.fromisoformat(row["at"]))
            for doc_id, row in date_rows.latest(c, document_ids).items()}
