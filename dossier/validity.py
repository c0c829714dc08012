"""Whether a stored document can still be reused on a given day (pure functions).

The taxonomy says how a type's validity runs ("none", "until_expiry", "months_from_issue").
The dates come, best first, from what an officer recorded (`hoso dossier dates`), then from
the document's issue/expiry dates read at ingest (its best field values), then from the
document's text ("Có giá trị đến: 12/05/2031", "Không thời hạn"), else they are unknown.

Rule for unknown dates (documented in the issue note):
- "none": always valid.
- "until_expiry" without a known expiry date: `unknown` (the officer checks the card).
- "months_from_issue" without a known issue date: the paper was issued on or before the day it
  was scanned, so it is certainly `expired` once N months have passed since the scan; before
  that it is `unknown`.
- a type with a legal end date (CMND: 31/12/2024) is `expired` after it, whatever else.
Only `valid` documents count for a missed reuse: unknown validity never accuses the counter.
Validity runs through the last day: an expiry date of 12/05/2031 is valid on that day; a
6-month paper issued on 10/01/2026 is valid through 09/07/2026.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from classify.dates import add_months
from classify.reasons import Reason, render
from vntext import fold

Status = Literal["valid", "unknown", "expired"]
STATUS_ORDER: dict[str, int] = {"valid": 0, "unknown": 1, "expired": 2}


@dataclass(frozen=True)
class KnownDates:
    issue_date: date | None = None
    expiry_date: date | None = None
    no_expiry: bool = False  # "Không thời hạn": an ID card issued at 58 or older
    source: str = "none"  # "officer" | "document" | "text" | "none"


@dataclass(frozen=True)
class Validity:
    status: Status
    valid_until: date | None  # last day of validity when known (or its upper bound when expired by bound)
    why: Reason  # worded per channel: Vietnamese for officers (`validity.*` codes)

    @property
    def basis(self) -> str:
        """Why, in English (the command line and the `basis` of the JSON)."""
        return render(self.why, "en")


def _why(code: str, **params) -> Reason:
    """A validity reason; each ISO date also goes as `<name>_vn` (dd/mm/yyyy) for the Vietnamese."""
    dated = {f"{k}_vn": date.fromisoformat(v).strftime("%d/%m/%Y") for k, v in params.items() if k.endswith("day")}
    return Reason(code=f"validity.{code}", params={**params, **dated})


def assess(validity: str, validity_months: int | None, dates: KnownDates, scanned_on: date, on: date,
           legal_end: date | None = None) -> Validity:
    """Validity of a document of a type with `validity` on day `on`."""
    if legal_end is not None and on > legal_end:
        return Validity("expired", legal_end, _why("legal_end", day=legal_end.isoformat()))
    if validity == "none":
        return Validity("valid", legal_end, _why("no_term"))
    if validity == "until_expiry":
        return _until_expiry(dates, on, legal_end)
    if validity == "months_from_issue":
        return _months_from_issue(validity_months or 0, dates, scanned_on, on)
    raise ValueError(f"unknown validity rule {validity!r}")


def _until_expiry(dates: KnownDates, on: date, legal_end: date | None) -> Validity:
    if dates.expiry_date is not None:
        status: Status = "valid" if on <= dates.expiry_date else "expired"
        return Validity(status, dates.expiry_date, _why("expiry", day=dates.expiry_date.isoformat(),
                                                        source=dates.source, source_vi=_source_vi(dates.source)))
    if dates.no_expiry:
        return Validity("valid", legal_end, _why("no_expiry", source=dates.source, source_vi=_source_vi(dates.source)))
    return Validity("unknown", None, _why("expiry_unknown"))


def _months_from_issue(months: int, dates: KnownDates, scanned_on: date, on: date) -> Validity:
    if dates.issue_date is not None:
        # Civil Code art. 147-148: the day of issue is not counted, so a term of months ends
        # with the same day of the last month (13/02 + 6 months: valid through 13/08), as
        # ingest computes a paper's expiry date (classify/dates.py)
        last = add_months(dates.issue_date, months)
        status: Status = "valid" if on <= last else "expired"
        return Validity(status, last, _why("issued", issue_day=dates.issue_date.isoformat(), source=dates.source,
                                           source_vi=_source_vi(dates.source), months=months))
    bound = add_months(scanned_on, months)
    if on > bound:
        return Validity("expired", bound, _why("scanned_long_ago", scan_day=scanned_on.isoformat(), months=months))
    return Validity("unknown", None, _why("issue_unknown", months=months))


# where the dates came from, for the officer
_SOURCE_VI = {"officer": "công chức nhập", "text": "đọc từ giấy tờ", "index": "đọc từ giấy tờ", "none": "chưa rõ nguồn",
              "qr": "mã QR", "mrz": "vùng MRZ", "rule": "theo thời hạn của loại giấy tờ"}


def _source_vi(source: str) -> str:
    return _SOURCE_VI.get(source, source)


# --- dates read from the text -------------------------------------------------------------

_DATE = r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})"
_EXPIRY = re.compile(r"(?:co gia tri den|gia tri den|ngay het han|date of expiry|expiry date)\s*[:.]?\s*" + _DATE)
_NO_EXPIRY = re.compile(r"(?:co gia tri den|gia tri den|date of expiry)\s*[:.]?\s*(?:khong thoi han|unlimited)")


def _date(day: str, month_: str, year_: str) -> date | None:
    try:
        return date(int(year_), int(month_), int(day))
    except ValueError:
        return None


def dates_from_text(text: str, validity: str) -> KnownDates:
    """The expiry date printed on an ID-type paper ("Có giá trị đến: dd/mm/yyyy"), if readable.

    Only the labelled expiry date is read: an issue date is not told apart from the dates of
    birth and the like on the same page reliably enough to decide a validity.
    """
    if validity != "until_expiry" or not text:
        return KnownDates()
    folded = fold(text)
    found = [d for m in _EXPIRY.finditer(folded) if (d := _date(m[1], m[2], m[3])) is not None]
    if found:
        return KnownDates(expiry_date=max(found), source="text")
    if _NO_EXPIRY.search(folded):
        return KnownDates(no_expiry=True, source="text")
    return KnownDates()
