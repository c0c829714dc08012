"""Dossiers as an append-only event log: open, reuse, submissions (scanned or paper), dates.

What is recorded, and when:
- `open_dossier` registers a dossier (`dossier_opened`) and returns, per required component,
  the reusable documents already on file for the citizen: the "do not ask again" list.
- `record_reuse` records that a stored document satisfied a component (`component_reused`).
  Only a linked document of the dossier's own citizen, not expired, of a type the procedure
  asks for, may be reused: attaching another person's paper is the worst error there is.
  A document of unknown validity (no dates known) is reused only when the officer confirms
  having checked the paper (`confirm_validity`); the event's note then says so
  (`VALIDITY_CONFIRMED`). A reuse that later dates show to have been of an expired paper (an
  officer recorded the real dates after it) is flagged on the dossier view (`expired_reuses`).
- `record_submissions` (called by the ingest pipeline after a file's documents are committed)
  records every document scanned with `--dossier CODE` as a submitted, digitised component
  (`component_submitted`). When the document is linked to a citizen who already had a valid
  document of that type on file at that moment (received earlier, outside this dossier), the
  event names that document in `missed_reuse_of`: a missed reuse. A dossier first seen at
  ingest is registered then (note "registered at ingest").
- `record_paper` records a component handed in on paper and not scanned (digitised = false).
- `record_dates` records the issue/expiry dates an officer read on a paper.
Nothing is ever updated or deleted (dossier/store.py); every event has a UTC time and officer.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

import sqlalchemy as sa
from pydantic import BaseModel, computed_field

from catalogue import documents as document_rows
from catalogue import dossier_events as event_rows
from catalogue.database import Location, exists
from classify.taxonomy import Taxonomy, load_taxonomy
from dossier.procedures import Component, Procedure, ProcedureCatalogue, UnknownProcedure, load_procedures
from dossier.store import (
    Event, RecordedDates, append_dates, append_event, latest_dates, now_utc, opened_event, read_events,
    register_dossier,
)
from dossier.stats import other_papers
from dossier.validity import STATUS_ORDER, KnownDates, Validity, assess, dates_from_text
from catalogue.store import Catalogue
from index.codes import code_problem
from index.models import DocumentRecord, centre_timezone


class DossierError(ValueError):
    """An action the officer cannot take; the message says why (`vi`: for the officer, when worded)."""

    def __init__(self, message: str, vi: str | None = None):
        super().__init__(message)
        self.vi = vi


class ValidityUnconfirmed(DossierError):
    """Reusing a document whose validity is unknown needs the officer's confirmation."""


VALIDITY_CONFIRMED = "validity_confirmed"  # note of a reuse whose unknown validity the officer checked


class UnknownDossierProcedure(DossierError, UnknownProcedure):
    """`dossier open` with a procedure code the catalogue does not have (a wrong option: exit 2)."""


@dataclass(frozen=True)
class StoredDocument:
    id: str
    doc_type: str
    title: str | None
    citizen_id: str | None
    link_status: str
    received_at: datetime
    dossier: str | None
    issue_date: date | None = None  # as read from the paper at ingest (document fields)
    expiry_date: date | None = None
    centre: str | None = None  # the centre that received it
    result_of: str | None = None  # a result the centre issued: of which dossier (issue 18)
    result_kind: str | None = None  # 'returned' / 'backlog'; None: handed in by a citizen


class Candidate(BaseModel):
    document_id: str
    doc_type: str
    title: str | None
    received_at: datetime
    validity: Literal["valid", "unknown", "expired"]
    valid_until: date | None
    basis: str
    # a result the centre issued: "kết quả của hồ sơ CODE" (returned) or "kết quả lưu trữ" (backlog)
    result_of: str | None = None
    result_kind: Literal["returned", "backlog"] | None = None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def needs_check(self) -> bool:
        """Unknown validity: listed apart, reused only once the officer confirms the paper's dates."""
        return self.validity == "unknown"


class ExpiredReuse(BaseModel):
    """A reuse recorded while the paper's dates were unknown or wrong, expired by the dates known now."""

    document_id: str
    component: str | None
    reused_at: datetime
    valid_until: date | None
    basis: str


class Submitted(BaseModel):
    document_id: str | None  # None: handed in on paper, not scanned
    doc_type: str | None
    digitised: bool
    missed_reuse_of: str | None
    at: datetime


class ComponentState(BaseModel):
    key: str
    name_vi: str
    types: list[str]
    count: int
    original: bool
    optional: bool
    reusable: bool
    reused: list[str]
    submitted: list[Submitted]
    status: Literal["satisfied", "missing", "optional"]
    candidates: list[Candidate]


class DossierView(BaseModel):
    dossier: str
    procedure: str | None
    procedure_name: str | None
    citizen_id: str | None
    officer: str | None
    opened_at: datetime
    created: bool = False  # this call registered it
    components: list[ComponentState]
    other_submitted: list[Submitted]  # components outside the procedure's list
    events: list[Event]
    warnings: list[str] = []
    expired_reuses: list[ExpiredReuse] = []  # "đã tái sử dụng giấy tờ hết hạn"
    centre: str | None = None  # where the dossier was received (None: the implicit centre)
    # its result handed back (issue 18, dossier/results.py): when, by whom, and the scanned documents
    returned_at: datetime | None = None
    returned_by: str | None = None
    results: list[str] = []  # ids of the result documents scanned at the return


class Store:
    """The catalogue (SQLite file or province server), the taxonomy and the procedure catalogue.

    Each operation reads or writes in one catalogue transaction; the ones it calls join it."""

    def __init__(self, catalogue_path: Location, procedures: ProcedureCatalogue | None = None,
                 taxonomy: Taxonomy | None = None):
        self.catalogue = Catalogue(catalogue_path)
        self.taxonomy = taxonomy or load_taxonomy()
        self.procedures = procedures or load_procedures(known_types=set(self.taxonomy.keys()))

    def close(self) -> None:
        self.catalogue.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def transaction(self) -> AbstractContextManager[sa.Connection]:
        return self.catalogue.write()

    def reading(self) -> AbstractContextManager[sa.Connection]:
        return self.catalogue.read()

    # -- documents -------------------------------------------------------------------------

    def document(self, doc_id: str) -> StoredDocument | None:
        with self.reading() as c:
            row = document_rows.row(c, doc_id)
        return _stored(row) if row else None

    def citizen_documents(self, citizen_id: str, types: Sequence[str]) -> list[StoredDocument]:
        """The citizen's linked documents of these types, newest first."""
        with self.reading() as c:
            rows = document_rows.of_citizen(c, citizen_id, linked_only=True)
        return [_stored(r) for r in rows if r["doc_type"] in types]

    def validity(self, doc: StoredDocument, on: date) -> Validity:
        doc_type = self.taxonomy.get(doc.doc_type)
        with self.reading() as c:
            recorded = latest_dates(c, [doc.id]).get(doc.id)
        if recorded is not None:
            dates = KnownDates(recorded.issue_date, recorded.expiry_date, recorded.no_expiry, "officer")
        elif doc.issue_date is not None or doc.expiry_date is not None:
            dates = KnownDates(doc.issue_date, doc.expiry_date, source="document")
        elif doc_type.validity == "until_expiry":
            dates = dates_from_text(self._text(doc.id), doc_type.validity)
        else:
            dates = KnownDates()
        return assess(doc_type.validity, doc_type.validity_months, dates, local_date(doc.received_at), on,
                      self.procedures.legal_end_dates.get(doc.doc_type))

    def _text(self, doc_id: str) -> str:
        with self.reading() as c:
            return "\n".join(document_rows.page_texts(c, doc_id))

    def candidates(self, citizen_id: str, types: Sequence[str], on: date, exclude_dossier: str | None = None,
                   exclude_ids: set[str] = frozenset(), before: datetime | None = None) -> list[Candidate]:
        """Reusable documents on file: valid first, then unknown validity, then expired; newest first."""
        found = []
        for doc in self.citizen_documents(citizen_id, types):
            if doc.id in exclude_ids or (exclude_dossier is not None and doc.dossier == exclude_dossier):
                continue
            if before is not None and doc.received_at >= before:
                continue
            v = self.validity(doc, on)
            found.append(Candidate(document_id=doc.id, doc_type=doc.doc_type, title=doc.title,
                                   received_at=doc.received_at, validity=v.status, valid_until=v.valid_until,
                                   basis=v.basis, result_of=doc.result_of, result_kind=doc.result_kind))
        return sorted(found, key=lambda c: STATUS_ORDER[c.validity])  # stable: newest first within a status

    # -- dossiers --------------------------------------------------------------------------

    def opened(self, dossier: str) -> Event:
        with self.reading() as c:
            event = opened_event(c, dossier)
        if event is None:
            raise DossierError(f"dossier {dossier!r} is not registered: open it first (hoso dossier open)",
                               vi=f"Hồ sơ «{dossier}» chưa được đăng ký: mở hồ sơ trước.")
        return event

    def view(self, dossier: str, created: bool = False, warnings: Sequence[str] = (),
             on: date | None = None) -> DossierView:
        """The dossier's components; stored documents offered with their validity on day `on` (today)."""
        with self.reading():  # one snapshot: the events and the documents they name agree
            return self._view(dossier, created, warnings, on)

    def _view(self, dossier: str, created: bool, warnings: Sequence[str], on: date | None) -> DossierView:
        opened = self.opened(dossier)
        with self.reading() as c:
            events = read_events(c, dossier=dossier)
        procedure = self.procedures.get(opened.procedure)
        today = on or local_date(now_utc())
        reused_ids = {e.document_id for e in events if e.kind == "component_reused" and e.document_id}
        kept = self._still_the_citizens(events, opened.citizen_id)
        # papers beyond a component's count are other papers, as the statistics count them
        beyond = other_papers(kept, {(procedure.code, c.key): c.count for c in procedure.components}
                              if procedure else None)
        counted = [e for position, e in enumerate(kept) if position not in beyond]
        states = []
        for component in procedure.components if procedure else []:
            reusable = self.procedures.is_reusable(component)
            candidates = []
            if reusable and opened.citizen_id:
                candidates = self.candidates(opened.citizen_id, component.types, today, exclude_dossier=dossier,
                                             exclude_ids=reused_ids)
            states.append(component_state(component, reusable, counted, candidates))
        keys = {c.key for c in procedure.components} if procedure else set()
        other = [_submitted(e) for position, e in enumerate(kept) if e.kind == "component_submitted"
                 and (position in beyond or e.component not in keys)]
        return DossierView(
            dossier=dossier, procedure=opened.procedure, procedure_name=procedure.name_vi if procedure else None,
            citizen_id=opened.citizen_id, officer=opened.officer, opened_at=opened.at, created=created,
            centre=opened.centre,
            components=states, other_submitted=other, events=events, warnings=list(warnings),
            expired_reuses=self.expired_reuses(events),
            **_returned(events),
        )

    def _still_the_citizens(self, events: Sequence[Event], citizen_id: str | None) -> list[Event]:
        """The events without the submissions of documents an officer has since linked to
        another citizen (`hoso review relink`): such a paper is not this dossier's component."""
        if not citizen_id:
            return list(events)
        moved = set()
        for event in events:
            if event.kind == "component_submitted" and event.document_id:
                doc = self.document(event.document_id)
                if doc and doc.link_status == "linked" and doc.citizen_id and doc.citizen_id != citizen_id:
                    moved.add(event.document_id)
        return [e for e in events if not (e.kind == "component_submitted" and e.document_id in moved)]

    def expired_reuses(self, events: Sequence[Event]) -> list[ExpiredReuse]:
        """Reuses whose paper, by the dates known now, was already expired on the day it was reused.

        A reuse of an expired paper is refused when it is recorded, so each of these was recorded
        before an officer corrected the dates (or while they were unknown and confirmed)."""
        found = []
        for event in events:
            if event.kind != "component_reused" or not event.document_id:
                continue
            doc = self.document(event.document_id)
            if doc is None:
                continue
            validity = self.validity(doc, local_date(event.at))
            if validity.status == "expired":
                found.append(ExpiredReuse(document_id=doc.id, component=event.component, reused_at=event.at,
                                          valid_until=validity.valid_until, basis=validity.basis))
        return found

    def open(self, dossier: str, citizen_id: str, procedure: str, officer: str,
             at: datetime | None = None, centre: str | None = None) -> DossierView:
        """`centre`: where the dossier is received (the officer's centre), copied on its events."""
        dossier, officer = _required(dossier, "dossier code"), _required(officer, "officer")
        if code_problem(dossier):  # the one rule for codes (index/codes.py), also for the web form
            raise DossierError(f"dossier code {dossier!r} is not valid: {code_problem(dossier)}")
        try:
            self.procedures.require(procedure)
        except UnknownProcedure as exc:
            raise UnknownDossierProcedure(str(exc)) from None
        at = at or now_utc()
        with self.transaction() as c:
            existing = opened_event(c, dossier)
            if existing is None and register_dossier(c, Event(
                    at=at, kind="dossier_opened", dossier=dossier, procedure=procedure, citizen_id=citizen_id,
                    officer=officer, centre=centre)) is None:
                existing = opened_event(c, dossier)  # another station registered it a moment ago
        if existing is not None:
            if (existing.citizen_id, existing.procedure) != (citizen_id, procedure):
                raise DossierError(
                    f"dossier {dossier!r} is already registered for citizen {existing.citizen_id} and procedure "
                    f"{existing.procedure}: use another code",
                    vi=f"Mã hồ sơ «{dossier}» đã được dùng cho một công dân hoặc thủ tục khác: dùng mã khác.")
            return self.view(dossier, warnings=[f"hồ sơ đã đăng ký lúc {_local_text(existing.at)}"],
                             on=local_date(at))
        return self.view(dossier, created=True, on=local_date(at))

    def reuse(self, dossier: str, document_id: str, officer: str, component: str | None = None,
              at: datetime | None = None, confirm_validity: bool = False) -> tuple[Event, list[str]]:
        officer = _required(officer, "officer")
        at = at or now_utc()
        with self.transaction() as c:
            opened = self.opened(dossier)
            doc = self.document(document_id)
            _check_reusable_document(doc, document_id, opened, dossier)
            events = read_events(c, dossier=dossier)
            _check_not_returned(dossier, events)
            if any(e.kind == "component_reused" and e.document_id == document_id for e in events):
                raise DossierError(f"document {document_id} is already reused in dossier {dossier}",
                                   vi=f"Giấy tờ {document_id} đã được tái sử dụng cho hồ sơ này.")
            chosen = self._reuse_component(opened, doc, component, events)
            validity = self.validity(doc, local_date(at))
            if validity.status == "expired":
                raise DossierError(f"document {document_id} is expired ({validity.basis}): ask for a valid paper",
                                   vi=f"Giấy tờ {document_id} đã hết hạn: yêu cầu công dân nộp giấy tờ còn hạn.")
            unknown = validity.status == "unknown"
            if unknown and not confirm_validity:
                raise ValidityUnconfirmed(
                    f"document {document_id}: validity unknown ({validity.basis}); check the dates on the paper, "
                    "then reuse it with --confirm-validity (recorded), or record its dates (hoso dossier dates)",
                    vi=f"Chưa rõ hạn của giấy tờ {document_id}: cán bộ kiểm tra ngày cấp, hạn dùng trên bản giấy, "
                       "rồi đánh dấu «Đã kiểm tra hạn trên bản giấy» để tái sử dụng.")
            warnings = [f"validity unknown ({validity.basis}): confirmed by {officer}"] if unknown else []
            event = append_event(c, Event(
                at=at, kind="component_reused", dossier=dossier, procedure=opened.procedure,
                citizen_id=opened.citizen_id, officer=officer, component=chosen.key if chosen else None,
                doc_type=doc.doc_type, document_id=doc.id, note=VALIDITY_CONFIRMED if unknown else None,
                centre=opened.centre, origin_centre=doc.centre))
        return event, warnings

    def _reuse_component(self, opened: Event, doc: StoredDocument, key: str | None,
                         events: Sequence[Event]) -> Component | None:
        procedure = self.procedures.get(opened.procedure)
        if procedure is None:
            return None  # a dossier registered at ingest without a known procedure
        if key is not None:
            chosen = procedure.component(key)
            if chosen is None:
                raise DossierError(f"procedure {procedure.code} has no component {key!r}")
            if doc.doc_type not in chosen.types:
                raise DossierError(f"component {key} takes {', '.join(chosen.types)}, not {doc.doc_type}")
        else:
            chosen = (pick_component(procedure, doc.doc_type, events, reusable_only=self.procedures.is_reusable)
                      or pick_component(procedure, doc.doc_type, events))
            if chosen is None:
                raise DossierError(f"procedure {procedure.code} asks for no {doc.doc_type} document",
                                   vi="Thủ tục này không yêu cầu loại giấy tờ này.")
        if not self.procedures.is_reusable(chosen):
            raise DossierError(f"component {chosen.key} ({chosen.name_vi}) must be handed in for this dossier",
                               vi=f"Thành phần «{chosen.name_vi}» phải nộp mới cho hồ sơ này.")
        if filled(chosen.key, events) >= chosen.count:
            raise DossierError(f"component {chosen.key} already has its {chosen.count} document(s)",
                               vi=f"Thành phần «{chosen.name_vi}» đã đủ {chosen.count} giấy tờ.")
        return chosen

    def submit(self, dossier: str, doc_type: str, at: datetime, officer: str | None, document_id: str | None,
               submitter_id: str | None, component: str | None = None, dossier_context: dict | None = None) -> Event:
        """Record one handed-in component (inside the caller's transaction, or in its own)."""
        with self.transaction() as c:
            return self._submit(c, dossier, doc_type, at, officer, document_id, submitter_id, component,
                                dossier_context)

    def _submit(self, c: sa.Connection, dossier: str, doc_type: str, at: datetime, officer: str | None,
                document_id: str | None, submitter_id: str | None, component: str | None,
                dossier_context: dict | None) -> Event:
        opened = opened_event(c, dossier)
        if opened is None:
            context = dossier_context or {}
            procedure_code, note = context.get("procedure"), "registered at ingest"
            if procedure_code and self.procedures.get(procedure_code) is None:
                # e.g. a cover sheet printed before codes were checked: never a procedure of its own
                procedure_code, note = None, f"registered at ingest; unknown procedure {procedure_code[:80]!r} ignored"
            # None: an officer opened it at this moment on another station; theirs is the opening
            opened = register_dossier(c, Event(
                at=at, kind="dossier_opened", dossier=dossier, procedure=procedure_code,
                citizen_id=context.get("citizen_id"), officer=officer, note=note, centre=context.get("centre"))
            ) or opened_event(c, dossier)
        events = read_events(c, dossier=dossier)
        procedure = self.procedures.get(opened.procedure)
        chosen = None
        if procedure is not None:
            chosen = procedure.component(component) if component else pick_component(procedure, doc_type, events)
            if component and chosen is None:
                raise DossierError(f"procedure {procedure.code} has no component {component!r}")
        if chosen is not None:
            reusable = self.procedures.is_reusable(chosen)
        else:  # not a component of a known procedure: there was nothing to reuse it for
            reusable = procedure is None and self.procedures.type_reusable(doc_type)
        missed = None
        if reusable and submitter_id:
            reused = {e.document_id for e in events if e.kind == "component_reused"}
            valid = [found for found in self.candidates(submitter_id, [doc_type], local_date(at),
                                                        exclude_dossier=dossier, exclude_ids=reused | {document_id},
                                                        before=at)
                     if found.validity == "valid"]
            missed = valid[0].document_id if valid else None
        return append_event(c, Event(
            at=at, kind="component_submitted", dossier=dossier, procedure=opened.procedure,
            citizen_id=opened.citizen_id, officer=officer, component=chosen.key if chosen else None,
            doc_type=doc_type, document_id=document_id, digitised=document_id is not None, missed_reuse_of=missed,
            centre=opened.centre))

    def record_submissions(self, documents: Sequence[DocumentRecord]) -> list[Event]:
        recorded = []
        with self.transaction() as c:
            # a result the centre issued (dossier/results.py) is not a component handed in
            handed_in = (d for d in documents if d.dossier and d.result_kind is None)
            for doc in sorted(handed_in, key=lambda d: (d.received_at, d.id)):
                if event_rows.submission_recorded(c, doc.dossier, doc.id):
                    continue
                linked = doc.citizen_id if doc.link_status == "linked" else None
                recorded.append(self.submit(
                    doc.dossier, doc.doc_type, doc.received_at, doc.officer, doc.id, linked,
                    dossier_context={"procedure": doc.procedure, "citizen_id": linked, "centre": doc.centre}))
        return recorded

    def pending_submissions(self) -> list[DocumentRecord]:
        """Documents scanned for a dossier whose submission is not recorded yet."""
        with self.reading() as c:
            ids = event_rows.documents_not_submitted(c)
            return [d for doc_id in ids if (d := document_rows.get(c, doc_id)) is not None]

    def paper(self, dossier: str, doc_type: str, officer: str, component: str | None = None,
              at: datetime | None = None) -> Event:
        officer = _required(officer, "officer")
        if doc_type not in self.taxonomy.types:
            raise DossierError(f"unknown document type {doc_type!r}")
        with self.transaction() as c:
            opened = self.opened(dossier)
            _check_not_returned(dossier, read_events(c, dossier=dossier))
            return self.submit(dossier, doc_type, at or now_utc(), officer, None, opened.citizen_id, component)

    def record_dates(self, document_id: str, officer: str, issue_date: date | None = None,
                     expiry_date: date | None = None, no_expiry: bool = False, at: datetime | None = None) -> Validity:
        officer = _required(officer, "officer")
        doc = self.document(document_id)
        if doc is None:
            raise DossierError(f"no document {document_id!r}")
        if issue_date is None and expiry_date is None and not no_expiry:
            raise DossierError("give an issue date, an expiry date or no-expiry")
        if expiry_date is not None and no_expiry:
            raise DossierError("a paper cannot have an expiry date and no expiry")
        if issue_date and expiry_date and expiry_date < issue_date:
            raise DossierError("the expiry date is before the issue date")
        with self.transaction() as c:
            append_dates(c, RecordedDates(document_id=document_id, issue_date=issue_date, expiry_date=expiry_date,
                                          no_expiry=no_expiry, officer=officer, at=at or now_utc()))
        return self.validity(doc, local_date(now_utc()))

    def events(self, before: datetime | None = None) -> list[Event]:
        with self.reading() as c:
            return read_events(c, before=before)


# --- pure helpers ---------------------------------------------------------------------------

def local_date(moment: datetime) -> date:
    return moment.astimezone(centre_timezone()).date()


def _local_text(moment: datetime) -> str:
    return moment.astimezone(centre_timezone()).strftime("%d/%m/%Y %H:%M")


def filled(component_key: str, events: Sequence[Event]) -> int:
    return sum(1 for e in events if e.component == component_key
               and e.kind in ("component_reused", "component_submitted"))


def pick_component(procedure: Procedure, doc_type: str, events: Sequence[Event],
                   reusable_only=None) -> Component | None:
    """The first component taking this type that still has room, else the first taking it."""
    taking = [c for c in procedure.components if doc_type in c.types and (reusable_only is None or reusable_only(c))]
    return next((c for c in taking if filled(c.key, events) < c.count), taking[0] if taking else None)


def component_state(component: Component, reusable: bool, events: Sequence[Event],
                    candidates: list[Candidate]) -> ComponentState:
    mine = [e for e in events if e.component == component.key]
    reused = [e.document_id for e in mine if e.kind == "component_reused" and e.document_id]
    submitted = [_submitted(e) for e in mine if e.kind == "component_submitted"]
    have = len(reused) + len(submitted)
    status = "satisfied" if have >= component.count else ("optional" if component.optional and have == 0 else "missing")
    return ComponentState(key=component.key, name_vi=component.name_vi, types=component.types, count=component.count,
                          original=component.original, optional=component.optional, reusable=reusable, reused=reused,
                          submitted=submitted, status=status, candidates=candidates)


def _returned(events: Sequence[Event]) -> dict:
    """The view's return fields: the dossier is closed by its `result_returned` event."""
    returned = next((e for e in events if e.kind == "result_returned"), None)
    if returned is None:
        return {}
    return dict(returned_at=returned.at, returned_by=returned.officer,
                results=[e.document_id for e in events if e.kind == "result_document" and e.document_id])


def _submitted(event: Event) -> Submitted:
    return Submitted(document_id=event.document_id, doc_type=event.doc_type, digitised=bool(event.digitised),
                     missed_reuse_of=event.missed_reuse_of, at=event.at)


def _stored(row: sa.RowMapping) -> StoredDocument:
    return StoredDocument(id=row["id"], doc_type=row["doc_type"], title=row["title"], citizen_id=row["citizen_id"],
                          link_status=row["link_status"], received_at=datetime.fromisoformat(row["received_at"]),
                          dossier=row["dossier"], issue_date=_day(row["issue_date"]),
                          expiry_date=_day(row["expiry_date"]), centre=row["centre"],
                          result_of=row["result_of"], result_kind=row["result_kind"])


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:  # a stored value that is not a day is no date at all
        return None


def _required(value: str | None, what: str) -> str:
    if not value or not value.strip():
        raise DossierError(f"the {what} is required")
    return value.strip()


def _check_not_returned(dossier: str, events: Sequence[Event]) -> None:
    """A dossier whose result was handed back is closed (dossier/results.py): nothing more is
    received for it."""
    returned = next((e for e in events if e.kind == "result_returned"), None)
    if returned is not None:
        when = _local_text(returned.at)
        raise DossierError(f"dossier {dossier!r} is closed: its result was returned at {when}",
                           vi=f"Hồ sơ «{dossier}» đã trả kết quả lúc {when}: không nhận thêm thành phần.")


def _check_reusable_document(doc: StoredDocument | None, document_id: str, opened: Event, dossier: str) -> None:
    if doc is None:
        raise DossierError(f"no document {document_id!r}", vi=f"Không có giấy tờ {document_id}.")
    if doc.link_status != "linked" or not doc.citizen_id:
        raise DossierError(f"document {document_id} is waiting for review (not linked to a citizen): it cannot be reused",
                           vi=f"Giấy tờ {document_id} đang chờ xét duyệt (chưa gắn với công dân): chưa tái sử dụng được.")
    if doc.citizen_id != opened.citizen_id:
        raise DossierError(f"document {document_id} belongs to another citizen, not to {opened.citizen_id}",
                           vi=f"Giấy tờ {document_id} không phải của công dân {opened.citizen_id}.")
    if doc.dossier == dossier:
        raise DossierError(f"document {document_id} was handed in for this dossier: it is a submission, not a reuse",
                           vi=f"Giấy tờ {document_id} được nộp cho chính hồ sơ này, không phải tái sử dụng.")


# --- module-level entry points (one connection each) ----------------------------------------

def record_submissions(catalogue_path: Location, documents: Sequence[DocumentRecord]) -> list[Event]:
    """For the ingest pipeline, after a file's documents are committed to the catalogue.

    Records each document that has a `dossier` as a submitted, digitised component of that
    dossier, with a missed reuse when applicable; registers a dossier seen for the first time.
    Idempotent: a document already recorded for its dossier is skipped. Returns the new events.
    """
    if not any(d.dossier and d.result_kind is None for d in documents):
        return []
    with Store(catalogue_path) as store:
        return store.record_submissions(documents)


def record_pending_submissions(catalogue_path: Location) -> list[Event]:
    """Record the submissions of every document scanned for a dossier and not recorded yet
    (documents ingested before the pipeline called `record_submissions`, or when it failed)."""
    with Store(catalogue_path) as store:
        return store.record_submissions(store.pending_submissions())


def open_dossier(catalogue_path: Location, dossier: str, citizen_id: str, procedure: str, officer: str,
                 at: datetime | None = None, centre: str | None = None) -> DossierView:
    with Store(catalogue_path) as store:
        return store.open(dossier, citizen_id, procedure, officer, at, centre)


def record_reuse(catalogue_path: Location, dossier: str, document_id: str, officer: str,
                 component: str | None = None, at: datetime | None = None,
                 confirm_validity: bool = False) -> tuple[Event, list[str]]:
    with Store(catalogue_path) as store:
        return store.reuse(dossier, document_id, officer, component, at, confirm_validity)


def record_paper(catalogue_path: Location, dossier: str, doc_type: str, officer: str,
                 component: str | None = None, at: datetime | None = None) -> Event:
    with Store(catalogue_path) as store:
        return store.paper(dossier, doc_type, officer, component, at)


def record_dates(catalogue_path: Location, document_id: str, officer: str, issue_date: date | None = None,
                 expiry_date: date | None = None, no_expiry: bool = False, at: datetime | None = None) -> Validity:
    with Store(catalogue_path) as store:
        return store.record_dates(document_id, officer, issue_date, expiry_date, no_expiry, at)


def dossier_view(catalogue_path: Location, dossier: str) -> DossierView:
    with Store(catalogue_path) as store:
        return store.view(dossier)


def load_events(catalogue_path: Location, before: datetime | None = None) -> list[Event]:
    """Every dossier event (none when there is no catalogue yet), in the order they happened.
    A newer hoso's catalogue is refused on opening (CatalogueTooNew): its figures could be wrong."""
    if not exists(catalogue_path):
        return []
    with Catalogue(catalogue_path) as catalogue, catalogue.read() as c:
        return read_events(c, before=before)
