"""Results the centre issues (issue 18): handing a dossier's result back, and the archive of earlier ones.

- A return (`hoso dossier result CODE FILE...`, the web "Trả kết quả") closes an opened dossier
  once: one `result_returned` event (digitised: at least one result document was scanned in this
  return; a return without a scan is allowed and counted as not digitised) and one
  `result_document` event per scanned result document, written in one transaction with the
  marking of those documents (result_of = CODE, result_kind = 'returned'). The documents are read
  by the normal pipeline first (pipeline/dossiers.py calls it with the dossier's citizen as the
  operator's word); they are not the dossier's submitted components (ingest records no
  submission for a result).
- The backlog (`hoso ingest --backlog`) marks documents result_kind = 'backlog' at ingest, with no
  dossier and no event; `issued_outside` is the rule for the period an archive box covers.
How the text of a result was obtained (OCR, a PDF's text layer) does not matter here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from pydantic import BaseModel

from catalogue import documents as document_rows
from catalogue import fields as field_rows
from catalogue import results as result_rows
from catalogue.database import Location
from classify.reasons import Reason
from dossier.events import DossierError, Store, _local_text, _stored, local_date
from dossier.store import Event, append_event, opened_event
from index.models import DocumentRecord
from catalogue.times import now_utc


class ResultDocument(BaseModel):
    """A result document as the return reports it (JSON field names are a contract)."""

    id: str
    doc_type: str
    title: str | None = None
    number: str | None = None  # the number printed on it (Số: 118/XNTTHN), as read
    issue_date: date | None = None
    expiry_date: date | None = None
    link_status: str
    citizen_id: str | None = None
    validity: str  # valid / unknown / expired, today
    valid_until: date | None = None


class ReturnRecord(BaseModel):
    dossier: str
    procedure: str | None
    citizen_id: str | None
    officer: str
    centre: str | None
    returned_at: datetime
    digitised: bool
    documents: list[ResultDocument]
    events: list[Event]


# --- pure rules -------------------------------------------------------------------------------

def issued_outside(issued: date | None, low: date | None, high: date | None) -> Reason | None:
    """Why a backlog result waits: its read issue date lies outside the box's period (None: it
    does not, or no date was read, or no period was given)."""
    if issued is None or (low is None or issued >= low) and (high is None or issued <= high):
        return None
    return Reason(code="review.backlog_issued_outside", params={
        "issued": issued.isoformat(), "issued_vn": _vn(issued), "low": _iso(low), "low_vn": _vn(low),
        "high": _iso(high), "high_vn": _vn(high)})


def _iso(day: date | None) -> str:
    return day.isoformat() if day else "…"


def _vn(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else "…"


def already_returned(code: str, at: datetime) -> DossierError:
    when = _local_text(at)
    return DossierError(f"dossier {code!r} was already returned at {when}: a result is returned once",
                        vi=f"Hồ sơ «{code}» đã trả kết quả lúc {when}: mỗi hồ sơ chỉ trả kết quả một lần.")


def not_a_result(doc: DocumentRecord, code: str) -> DossierError | None:
    """Why a document cannot become this dossier's result: handed in for a dossier, or already a
    result of another one (or of the backlog). The same file scanned again for this return (a
    return resumed after a crash) and a paper on file for no dossier are fine."""
    if doc.result_kind == "returned" and doc.result_of == code:
        return None
    if doc.result_kind is not None:
        where = f"dossier {doc.result_of}" if doc.result_of else "the backlog"
        return DossierError(f"{doc.source_file}: document {doc.id} is already a result of {where}",
                            vi=f"{doc.source_file}: giấy tờ {doc.id} đã là kết quả của "
                               f"{f'hồ sơ {doc.result_of}' if doc.result_of else 'kho lưu trữ'}.")
    if doc.dossier is not None:  # a component handed in (this dossier's too): counted as such already
        return DossierError(f"{doc.source_file}: document {doc.id} was handed in for dossier {doc.dossier}, "
                            "it is not a result of this one",
                            vi=f"{doc.source_file}: giấy tờ {doc.id} được nộp cho hồ sơ {doc.dossier}, "
                               "không phải kết quả của hồ sơ này.")
    return None


class ResultFileRefused(DossierError):
    """A result file could not be read (quarantined, unreadable): the return is not recorded, so
    that it can be run again once the file is fixed (the files read meanwhile are kept)."""

    def __init__(self, outcomes: Sequence):
        named = "; ".join(f"{o.path}: {o.reason or 'no document found in it'}" for o in outcomes)
        files = ", ".join(f"«{o.path.rsplit('/', 1)[-1]}»" for o in outcomes)
        super().__init__(f"result not returned, a file was refused: {named}",
                         vi=f"không đọc được tệp {files}: cần bản quét PDF, TIFF, JPEG hoặc PNG còn nguyên vẹn. "
                            "Các tệp khác đã được lưu; quét lại tệp này rồi trả kết quả.")
        self.outcomes = list(outcomes)


# --- the calls --------------------------------------------------------------------------------

def returnable(catalogue_path: Location, code: str) -> Event:
    """The dossier's opening, when it may be returned now (else DossierError: not opened, or returned)."""
    with Store(catalogue_path) as store, store.reading() as c:
        opened = opened_event(c, code)
        if opened is None:
            store.opened(code)  # raises the usual "not registered: open it first"
        done = result_rows.returned(c, code)
    if done is not None:
        raise already_returned(code, datetime.fromisoformat(done["at"]))
    return opened


def record_return(catalogue_path: Location, code: str, documents: Sequence[DocumentRecord], officer: str,
                  at: datetime | None = None) -> ReturnRecord:
    """Close the dossier: mark `documents` as its result and write the events, in one transaction."""
    at = at or now_utc()
    for doc in documents:
        if (problem := not_a_result(doc, code)) is not None:
            raise problem
    with Store(catalogue_path) as store:
        with store.transaction() as c:
            result_rows.lock_dossier(c)
            opened = opened_event(c, code)
            if opened is None:
                store.opened(code)
            done = result_rows.returned(c, code)
            if done is not None:
                raise already_returned(code, datetime.fromisoformat(done["at"]))
            ids = list(dict.fromkeys(d.id for d in documents))
            result_rows.mark(c, ids, kind="returned", result_of=code, procedure=opened.procedure)
            common = dict(at=at, dossier=code, procedure=opened.procedure, citizen_id=opened.citizen_id,
                          officer=officer, centre=opened.centre)
            kinds = {d.id: d.doc_type for d in documents}
            events = [append_event(c, Event(kind="result_document", document_id=doc_id, doc_type=kinds[doc_id],
                                            digitised=True, **common)) for doc_id in ids]
            events.append(append_event(c, Event(kind="result_returned", digitised=bool(ids), **common)))
        shown = [_result_document(store, doc_id, local_date(at)) for doc_id in ids]
    return ReturnRecord(dossier=code, procedure=opened.procedure, citizen_id=opened.citizen_id, officer=officer,
                        centre=opened.centre, returned_at=events[-1].at, digitised=bool(ids), documents=shown,
                        events=events)


def _result_document(store: Store, doc_id: str, on: date) -> ResultDocument:
    with store.reading() as c:
        row = document_rows.row(c, doc_id)
        number = next((f["value"] for f in field_rows.of_document(c, doc_id) if f["name"] == "document_number"), None)
    stored = _stored(row)
    validity = store.validity(stored, on)
    return ResultDocument(id=doc_id, doc_type=row["doc_type"], title=row["title"], number=number,
                          issue_date=stored.issue_date,
                          expiry_date=stored.expiry_date, link_status=row["link_status"],
                          citizen_id=row["citizen_id"], validity=validity.status, valid_until=validity.valid_until)
