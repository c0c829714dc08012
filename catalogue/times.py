"""Times as the catalogue stores them: ISO 8601 text in UTC, to the second."""

from __future__ import annotations

from datetime import date, datetime, timezone


def now_utc() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


def iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


def now_text() -> str:
    return iso(now_utc())


def day_text(value: date | None) -> str | None:
    return value.isoformat() if value else None


def parse_day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
