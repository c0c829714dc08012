"""Search results grouped per citizen and document type, newest first, with validity.

A pure function over `SearchHit`s, so both backends present results the same way. A
document past its validity stays in the list, marked expired: it is on file (and proves
history) but cannot be reused for a new dossier.

The validity rule itself is `dossier.validity.assess` (the one the reuse counters use),
fed with the type's rule from the taxonomy and the dates the hit carries; a type every
document of which lapsed by law on a day (CMND after 31/12/2024) is passed in
`legal_end`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timezone

from classify.taxonomy import Taxonomy, default_taxonomy
from dossier.validity import KnownDates, Validity, assess
from index.models import SearchHit, centre_timezone

__all__ = ["Group", "GroupedHit", "Validity", "centre_today", "group_hits", "validity_of"]


@dataclass(frozen=True)
class GroupedHit:
    hit: SearchHit
    validity: Validity


@dataclass
class Group:
    citizen_id: str | None  # None: documents waiting for review, not linked to anyone
    doc_type: str
    items: list[GroupedHit] = field(default_factory=list)  # newest first

    @property
    def reusable(self) -> GroupedHit | None:
        """The newest document of the group that is still valid."""
        return next((item for item in self.items if item.validity.status == "valid"), None)


def centre_today() -> date:
    return datetime.now(centre_timezone()).date()


def validity_of(hit: SearchHit, taxonomy: Taxonomy, today: date, legal_end: Mapping[str, date] | None = None) -> Validity:
    rule = taxonomy.get(hit.doc_type or taxonomy.fallback)
    received = hit.received_at or datetime.now(timezone.utc)
    dates = KnownDates(hit.issue_date, hit.expiry_date, source="index") if (hit.issue_date or hit.expiry_date) \
        else KnownDates()
    scanned_on = received.astimezone(centre_timezone()).date()
    return assess(rule.validity, rule.validity_months, dates, scanned_on, today, (legal_end or {}).get(rule.key))


_OLDEST = datetime.min.replace(tzinfo=timezone.utc)


def group_hits(hits: list[SearchHit], taxonomy: Taxonomy | None = None, today: date | None = None,
               legal_end: Mapping[str, date] | None = None) -> list[Group]:
    """Groups in the order their first hit appears (relevance kept), each newest first; a
    citizen's groups side by side (at their first hit's place), so each citizen heads once."""
    taxonomy = taxonomy or default_taxonomy()
    today = today or centre_today()
    groups: dict[tuple[str | None, str], Group] = {}
    for hit in hits:
        key = (hit.citizen_id, hit.doc_type or taxonomy.fallback)
        group = groups.setdefault(key, Group(citizen_id=key[0], doc_type=key[1]))
        group.items.append(GroupedHit(hit, validity_of(hit, taxonomy, today, legal_end)))
    for group in groups.values():
        group.items.sort(key=lambda item: item.hit.id)
        group.items.sort(key=lambda item: item.hit.received_at or _OLDEST, reverse=True)
    citizens = list(dict.fromkeys(citizen for citizen, _ in groups))
    return sorted(groups.values(), key=lambda group: citizens.index(group.citizen_id))
