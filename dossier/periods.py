"""Reporting periods, in the centre's time zone (Asia/Ho_Chi_Minh unless HOSO_TIMEZONE says otherwise).

Every period is a half-open window [start, end) of local time:

- week `2026-W12`: the reporting week that closes at 16:00 on the Friday of ISO week 12 of
  2026, i.e. [Friday of ISO week 11 at 16:00, Friday of ISO week 12 at 16:00). For 2026-W12
  that is 2026-03-13 16:00 .. 2026-03-20 16:00 (+07:00): an event on Friday 2026-03-20 at
  16:00:00 or later belongs to 2026-W13. Week 1 of an ISO year starts on the Friday before
  that ISO year's first Monday (2026-W01 starts 2025-12-26 16:00). A year has week 53 only
  when its ISO calendar has one (2026 does).
- month `2026-03`, quarter `2026-Q1`, year `2026`: calendar periods from 00:00 of the first
  day to 00:00 of the day after the last (monthly, quarterly and yearly reports are by
  calendar day; only the weekly figures close at 16:00 on Friday, so weeks do not nest in
  months).
- date range `2026-03-01..2026-03-15`: both days included, from 00:00 of the first day to
  00:00 of the day after the last.

The previous periods of a week/month/quarter/year are the preceding weeks/months/...; those
of a date range are the preceding ranges of the same number of days.

A period must lie within the years 1900..2199 (MIN_YEAR..MAX_YEAR): anything else (`9999-12-31`,
year 0) is a PeriodError naming the limits, never an overflow of the calendar arithmetic.
A trend stops at that limit rather than going before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Literal

from index.models import centre_timezone

PeriodKind = Literal["week", "month", "quarter", "year", "range"]

WEEK_CLOSE = time(16, 0)  # Friday 16:00, local time
_FRIDAY = 5  # ISO weekday

_WEEK = re.compile(r"^(\d{4})-W(\d{1,2})$", re.IGNORECASE)
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$", re.IGNORECASE)
_YEAR = re.compile(r"^(\d{4})$")
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\s*\.\.\s*(\d{4}-\d{2}-\d{2})$")


MIN_YEAR, MAX_YEAR = 1900, 2199
FORMS = "2026-W12, 2026-03, 2026-Q1, 2026 or 2026-03-01..2026-03-15"


class PeriodError(ValueError):
    pass


def problem_vi(text: str) -> str:
    """What the officer reads when a period typed in the web application cannot be used."""
    return (f"Kỳ báo cáo «{text}» không hợp lệ: nhập theo mẫu 2026-W12 (tuần), 2026-03 (tháng), 2026-Q1 (quý), "
            f"2026 (năm) hoặc 2026-03-01..2026-03-15 (khoảng ngày), trong các năm {MIN_YEAR}–{MAX_YEAR}.")


@dataclass(frozen=True)
class Period:
    kind: PeriodKind
    label: str
    start: datetime  # aware, local time zone, inclusive
    end: datetime  # aware, local time zone, exclusive

    def contains(self, moment: datetime) -> bool:
        if moment.tzinfo is None:
            raise ValueError("a naive time cannot be placed in a period")
        return self.start <= moment < self.end


def _at(day: date, tz: tzinfo, clock: time = time(0, 0)) -> datetime:
    return datetime.combine(day, clock, tzinfo=tz)


def weeks_in_iso_year(year: int) -> int:
    return date(year, 12, 28).isocalendar().week


def week(year: int, number: int, tz: tzinfo | None = None) -> Period:
    tz = tz or centre_timezone()
    if not 1 <= number <= weeks_in_iso_year(year):
        raise PeriodError(f"{year} has ISO weeks 1..{weeks_in_iso_year(year)}, not {number}")
    friday = date.fromisocalendar(year, number, _FRIDAY)
    return Period("week", f"{year}-W{number:02d}", _at(friday - timedelta(days=7), tz, WEEK_CLOSE),
                  _at(friday, tz, WEEK_CLOSE))


def month(year: int, number: int, tz: tzinfo | None = None) -> Period:
    tz = tz or centre_timezone()
    if not 1 <= number <= 12:
        raise PeriodError(f"month {number} does not exist")
    following = date(year + 1, 1, 1) if number == 12 else date(year, number + 1, 1)
    return Period("month", f"{year}-{number:02d}", _at(date(year, number, 1), tz), _at(following, tz))


def quarter(year: int, number: int, tz: tzinfo | None = None) -> Period:
    tz = tz or centre_timezone()
    first = date(year, 3 * number - 2, 1)
    following = date(year + 1, 1, 1) if number == 4 else date(year, 3 * number + 1, 1)
    return Period("quarter", f"{year}-Q{number}", _at(first, tz), _at(following, tz))


def year(number: int, tz: tzinfo | None = None) -> Period:
    tz = tz or centre_timezone()
    return Period("year", f"{number:04d}", _at(date(number, 1, 1), tz), _at(date(number + 1, 1, 1), tz))


def date_range(first: date, last: date, tz: tzinfo | None = None) -> Period:
    tz = tz or centre_timezone()
    if last < first:
        raise PeriodError(f"the range ends ({last}) before it starts ({first})")
    return Period("range", f"{first.isoformat()}..{last.isoformat()}", _at(first, tz),
                  _at(last + timedelta(days=1), tz))


def parse_period(text: str, tz: tzinfo | None = None) -> Period:
    """`2026-W12`, `2026-03`, `2026-Q1`, `2026` or `2026-03-01..2026-03-15`."""
    value = text.strip()
    tz = tz or centre_timezone()  # outside the try: an unknown HOSO_TIMEZONE is its own error
    try:
        if m := _WEEK.match(value):
            return week(_check_year(int(m[1])), int(m[2]), tz)
        if m := _QUARTER.match(value):
            return quarter(_check_year(int(m[1])), int(m[2]), tz)
        if m := _MONTH.match(value):
            return month(_check_year(int(m[1])), int(m[2]), tz)
        if m := _YEAR.match(value):
            return year(_check_year(int(m[1])), tz)
        if m := _RANGE.match(value):
            first, last = date.fromisoformat(m[1]), date.fromisoformat(m[2])
            _check_year(first.year), _check_year(last.year)
            return date_range(first, last, tz)
    except PeriodError:
        raise
    except (ValueError, OverflowError) as exc:  # a day that does not exist, year 0, the calendar's end
        raise PeriodError(f"{text!r}: {exc}") from None
    raise PeriodError(f"{text!r} is not a period: use {FORMS}")


def _check_year(number: int) -> int:
    if not MIN_YEAR <= number <= MAX_YEAR:
        raise PeriodError(f"year {number} is outside the years {MIN_YEAR}..{MAX_YEAR} a report can cover")
    return number


def week_of(moment: datetime, tz: tzinfo | None = None) -> Period:
    """The reporting week an instant belongs to (Friday 16:00 or later counts for the next week)."""
    tz = tz or centre_timezone()
    local = moment.astimezone(tz)
    # Shifting by 2 days 8 hours maps [Fri 16:00, next Fri 16:00) onto [Mon 00:00, next Mon 00:00).
    shifted = (local + timedelta(days=2, hours=8)).date().isocalendar()
    return week(shifted.year, shifted.week, tz)


def previous(period: Period, tz: tzinfo | None = None) -> Period:
    """The period just before `period`, of the same kind (and length, for a date range)."""
    tz = tz or period.start.tzinfo
    if period.kind == "week":
        return week_of(period.start - timedelta(seconds=1), tz)
    first = period.start.date()
    if period.kind == "month":
        return month(first.year - (first.month == 1), 12 if first.month == 1 else first.month - 1, tz)
    if period.kind == "quarter":
        number = (first.month - 1) // 3 + 1
        return quarter(first.year - (number == 1), 4 if number == 1 else number - 1, tz)
    if period.kind == "year":
        return year(first.year - 1, tz)
    days = (period.end.date() - first).days
    return date_range(first - timedelta(days=days), first - timedelta(days=1), tz)


def trailing(period: Period, count: int) -> list[Period]:
    """The `count` periods before `period` and `period` itself, oldest first."""
    periods = [period]
    for _ in range(count):
        try:
            before = previous(periods[-1])
        except (ValueError, OverflowError):  # the calendar's start: no earlier period exists
            break
        if before.start.year < MIN_YEAR:
            break
        periods.append(before)
    return list(reversed(periods))
