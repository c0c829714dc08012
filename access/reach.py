"""Need-to-know across centres (Decree 13/2023): which centres' papers an officer may reach.

The rule, in one sentence each (README, "Officers, roles and the audit log"):
- An officer acts for a centre: the server's or station's --centre, else their own (none: the
  implicit centre). Documents received at that centre are theirs to search, browse and show.
- Outside it, an officer finds documents only through the citizen in front of them: a search by
  the citizen's ID or QR payload returns that citizen's documents from every centre; a search
  without an ID (words, type, dossier, dates) and the review queue keep to the acting centre.
- Showing, exporting or reusing a document of another centre needs an audited search by ID (or a
  dossier opened for that citizen), by the same officer and within REACH_WINDOW, of the citizen
  the document is linked to now; a document of another centre linked to no citizen stays with
  its centre.
- A province_supervisor may do all of it for every centre.
Every entry records the acting centre (`centre`) and the centres the documents came from
(`document_centres`), so a cross-centre look-up names both.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from access.models import AccessDenied, Actor, Officer
from catalogue import audit as audit_rows
from catalogue.times import now_utc
from classify.reasons import Reason

PROVINCE_ROLE = "province_supervisor"
# The citizen searched is "in front of" the officer for a working day (the longest web session).
REACH_WINDOW = timedelta(hours=8)
# the audit details of the two refusals (web/wording.py words them in Vietnamese)
NOT_SEARCHED = "outside the acting centre: its citizen was not searched by ID"
NO_CITIZEN = "outside the acting centre: linked to no citizen"


class OutsideCentre(AccessDenied):
    """A document of another centre the officer did not reach through its citizen's ID (exit 1)."""

    def __init__(self, reason: Reason):
        from classify.reasons import render

        self.reason = reason
        super().__init__(render(reason, "en"))


def acting_centre(officer: Officer, actor: Actor) -> str | None:
    return actor.centre or officer.centre


def everywhere(officer: Officer) -> bool:
    """May this officer search and browse every centre's papers?"""
    return officer.role == PROVINCE_ROLE


def at_home(officer: Officer, actor: Actor, document_centre: str | None) -> bool:
    """Is the document of the centre the officer acts for (or may they reach every centre)?"""
    return everywhere(officer) or document_centre == acting_centre(officer, actor)


def document_centres(centres: Iterable[str | None]) -> list[str]:
    """The centres named by documents shown, for the audit entry (the implicit centre is none)."""
    return sorted({c for c in centres if c})


def refusal(officer: Officer, actor: Actor, doc_id: str, document_centre: str | None,
            citizen_id: str | None) -> Reason:
    where = acting_centre(officer, actor)
    params = {"document": doc_id, "origin": document_centre or Reason(code="access.no_centre"),
              "centre": where or Reason(code="access.no_centre"), "hours": int(REACH_WINDOW.total_seconds() // 3600)}
    return Reason(code="access.outside_centre" if citizen_id else "access.outside_centre_no_citizen", params=params)


def searched_by_id(store, officer: Officer, citizen_id: str, now: datetime | None = None) -> bool:
    """Did this officer search this citizen by ID or QR within REACH_WINDOW (an audited, allowed search)?"""
    since = (now or now_utc()) - REACH_WINDOW
    with store.catalogue.read() as c:
        return audit_rows.searched_citizen(c, officer.name, citizen_id, since)


def check_reach(store, officer: Officer, actor: Actor, permission: str, doc_id: str,
                document_centre: str | None, citizen_id: str | None) -> None:
    """Nothing when the officer may reach this document; else the refusal is audited (with both
    centres and the document asked for) and OutsideCentre raised."""
    if at_home(officer, actor, document_centre):
        return
    if citizen_id and searched_by_id(store, officer, citizen_id):
        return
    reason = refusal(officer, actor, doc_id, document_centre, citizen_id)
    store.append(officer=officer.name, role=officer.role, action=permission, outcome="refused",
                 channel=actor.channel, citizen_id=citizen_id, seen=[(doc_id, citizen_id)],
                 detail=NOT_SEARCHED if citizen_id else NO_CITIZEN, centre=actor.centre,
                 document_centres=document_centres([document_centre]))
    raise OutsideCentre(reason)
