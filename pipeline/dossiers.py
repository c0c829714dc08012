"""Dossier actions and statistics for an acting officer: checked against the officer list and
audited, then carried out by dossier/ exactly as before. The CLI and the web both call these."""

from __future__ import annotations

from datetime import date

from access import audit
from access.models import Actor
from access.officers import authorize_at
from dossier import events as dossier_events
from dossier.events import DossierView
from dossier.report import catalogue_report
from dossier.stats import Report
from dossier.store import Event
from dossier.validity import Validity
from pipeline.datadir import DataDir
from access.reach import document_centres
from pipeline.query import centres_of, check_reach_of, refusal_target


def check_station_officer(data_dir, name: str) -> str:
    """The name a scanner station gives (`ingest/watch --officer`), if it is an active officer of
    the list (any role runs a station); else AccessDenied with the message used for look-ups.
    A free-text name would be printed on every document and in the supervisors' reports."""
    from pathlib import Path

    from access.models import AccessDenied, clean_name
    from access.officers import _how_to_add, _quoted
    from access.store import AccessStore
    from catalogue.database import exists

    catalogue = DataDir(Path(data_dir)).catalogue
    wanted = clean_name(name)
    if not exists(catalogue):
        raise AccessDenied(f"unknown officer {wanted!r}: this data folder has no officers yet; {_how_to_add(wanted)}")
    with AccessStore(catalogue) as store:
        officer = store.officer(wanted)
    if officer is None:
        raise AccessDenied(f"unknown officer {wanted!r}: {_how_to_add(wanted)}")
    if not officer.active:
        raise AccessDenied(f"officer {wanted!r} is deactivated (a supervisor reactivates with: hoso officers set "
                           f"{_quoted(wanted)} --active)")
    return officer.name


def _seen(view: DossierView) -> list[tuple[str, str | None]]:
    """Documents a dossier view shows: those proposed for reuse, reused and submitted (all the citizen's)."""
    ids: dict[str, None] = {}
    for component in view.components:
        for doc_id in [c.document_id for c in component.candidates] + component.reused \
                + [s.document_id for s in component.submitted if s.document_id]:
            ids.setdefault(doc_id)
    ids.update((s.document_id, None) for s in view.other_submitted if s.document_id)
    ids.update((doc_id, None) for doc_id in view.results)  # its result, once returned
    return [(doc_id, view.citizen_id) for doc_id in ids]


def open_dossier(data: DataDir, code: str, citizen_id: str, procedure: str, actor: Actor) -> DossierView:
    officer = authorize_at(data.catalogue, actor, "dossier", citizen_id=citizen_id)
    # the dossier is received where the officer acts: the server's/station's centre, else theirs
    view = dossier_events.open_dossier(data.catalogue, code, citizen_id, procedure, officer.name,
                                       centre=actor.centre or officer.centre)
    audit.record(data.catalogue, officer, actor, "dossier_open", citizen_id=view.citizen_id, seen=_seen(view),
                 detail=f"{view.dossier} {view.procedure}")
    return view


def show_dossier(data: DataDir, code: str, actor: Actor) -> DossierView:
    officer = authorize_at(data.catalogue, actor, "dossier")
    view = dossier_events.dossier_view(data.catalogue, code)
    audit.record(data.catalogue, officer, actor, "dossier_show", citizen_id=view.citizen_id, seen=_seen(view),
                 detail=view.dossier)
    return view


def reuse(data: DataDir, code: str, document_id: str, actor: Actor,
          component: str | None = None, confirm_validity: bool = False) -> tuple[Event, list[str]]:
    """`confirm_validity`: the officer checked the dates of a paper whose validity is unknown."""
    officer = authorize_at(data.catalogue, actor, "dossier", **refusal_target(data, document_id))
    check_reach_of(data, officer, actor, "dossier", document_id)  # another centre's paper: its citizen searched
    event, warnings = dossier_events.record_reuse(data.catalogue, code, document_id, officer.name, component,
                                                  confirm_validity=confirm_validity)
    confirmed = "; validity checked on the paper" if event.note == dossier_events.VALIDITY_CONFIRMED else ""
    audit.record(data.catalogue, officer, actor, "reuse", citizen_id=event.citizen_id,
                 seen=[(document_id, event.citizen_id)], detail=f"{code} {event.component or event.doc_type}{confirmed}",
                 document_centres=document_centres(centres_of(data, [document_id]).values()))
    return event, warnings


def paper(data: DataDir, code: str, doc_type: str, actor: Actor, component: str | None = None) -> Event:
    officer = authorize_at(data.catalogue, actor, "dossier")
    event = dossier_events.record_paper(data.catalogue, code, doc_type, officer.name, component)
    audit.record(data.catalogue, officer, actor, "paper", citizen_id=event.citizen_id, detail=f"{code} {doc_type}")
    return event


def record_dates(data: DataDir, document_id: str, actor: Actor, issue_date: date | None,
                 expiry_date: date | None, no_expiry: bool) -> Validity:
    officer = authorize_at(data.catalogue, actor, "dossier", **refusal_target(data, document_id))
    check_reach_of(data, officer, actor, "dossier", document_id)
    validity = dossier_events.record_dates(data.catalogue, document_id, officer.name, issue_date, expiry_date,
                                           no_expiry)
    audit.record(data.catalogue, officer, actor, "dates", seen=[(document_id, None)],
                 detail=f"issued={issue_date} expires={expiry_date} no_expiry={no_expiry}")
    return validity


def statistics(data: DataDir, period: str, trend: int, actor: Actor, centre: str | None = None,
               all_centres: bool = False) -> Report:
    """The period's reuse figures (supervisors: they name officers): of `centre`; of every centre
    with `all_centres`; else of the supervisor's own centre, or of every centre for a supervisor
    of no centre (a folder that names none: everything, as before centres)."""
    officer = authorize_at(data.catalogue, actor, "stats")
    scope = None if all_centres else (centre or actor.centre or officer.centre)
    report = catalogue_report(data.catalogue, period, trend, centre=scope)
    audit.record(data.catalogue, officer, actor, "stats",
                 detail=f"{report.period.label}{f' centre {scope}' if scope else ''}")
    return report


def return_result(data: DataDir, code: str, paths: list, actor: Actor, options=None,
                  backend_kind: str = "sqlite", on_event=None):
    """Hand a dossier's result back (`hoso dossier result`, the web "Trả kết quả"): the result
    files (none: a return without a scan) are read by the normal pipeline as the dossier's
    citizen's papers (the operator's word is the dossier's citizen: a contradiction still waits
    for review), then marked as its result and the return recorded (dossier/results.py).
    `options`: the station's IngestOptions (profile, jobs, limits); the dossier's fields replace
    its citizen, dossier, procedure, officer and centre. Returns (ReturnRecord, file outcomes)."""
    from dossier import results
    from pipeline.events import ignore
    from pipeline.ingest_run import ingest_paths
    from pipeline.models import IngestOptions

    officer = authorize_at(data.catalogue, actor, "dossier")
    opened = results.returnable(data.catalogue, code)  # before any page is read: opened, not returned
    outcomes = []
    if paths:
        given = (options or IngestOptions()).model_dump()
        given.update(citizen_id=opened.citizen_id, citizen_id_source="operator", dossier=code,
                     procedure=opened.procedure, officer=officer.name,
                     centre=actor.centre or officer.centre or opened.centre,
                     result_kind="returned", issued_from=None, issued_to=None)
        outcomes = list(ingest_paths(paths, data, IngestOptions(**given), backend_kind, on_event=on_event or ignore))
    # a file that gave no result document (unreadable, quarantined, blank, or being read by
    # another station right now) is no scanned result: nothing is returned yet
    refused = [o for o in outcomes if o.status in ("quarantined", "unreadable") or not o.documents]
    if refused:
        raise results.ResultFileRefused(refused)
    documents = [d for o in outcomes for d in o.documents]
    record = results.record_return(data.catalogue, code, documents, officer.name)
    audit.record(data.catalogue, officer, actor, "result", citizen_id=opened.citizen_id,
                 seen=[(d.id, d.citizen_id) for d in record.documents],
                 detail=f"{code} {len(record.documents)} result document(s)")
    return record, outcomes
