"""Searches and look-ups: the index finds, the catalogue (source of truth) answers.

Every function here that shows a citizen's papers first checks the acting officer against
the officer list (access.officers.authorize_at) and writes what was shown to the audit log
before returning it: the CLI and the web application both come through here. Across centres
the need-to-know rule of access/reach.py applies: without a citizen's ID an officer finds only
the acting centre's documents, and another centre's document is shown, exported or reused
only after an audited ID search of its citizen, or a dossier opened for them (a
province_supervisor reaches every centre).
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pydantic import ValidationError

from access import audit
from access.models import Actor, AuditEntry, Officer
from access.officers import authorize_at
from access.reach import at_home, check_reach, document_centres, everywhere
from access.store import AccessStore
from catalogue.database import exists as catalogue_exists
from catalogue.store import Catalogue
from classify.reasons import Reason, render
from index.backend import open_backend
from ingest.atomic import temp_for
from index.models import DocumentRecord, SearchHit, SearchQuery, centre_timezone
from index.textquery import folded_tokens
from pipeline.citizen_input import CitizenInput, parse_citizen_input
from pipeline.datadir import DataDir
from ocr.wordpack import words_from_json
from pipeline.indexing import flush_outbox
from pipeline.searchable import build_document_pdf


class QueryRefused(ValueError):
    """A search that may not run (an invalid ID, no real term, an unknown type...): the reason says why."""

    def __init__(self, reason: Reason):
        self.reason = reason
        super().__init__(render(reason, "en"))

    def text(self, lang: str = "vi") -> str:
        return render(self.reason, lang)


@dataclass(frozen=True)
class AskedQuery:
    query: SearchQuery
    citizen: CitizenInput | None  # the ID as typed or read from a QR payload (its name, for confirmation)


def build_query(*, text: str | None = None, citizen: str | None = None, doc_type: str | None = None,
                dossier: str | None = None, received_from: date | None = None, received_to: date | None = None,
                limit: int = 50) -> AskedQuery:
    """The search asked, checked: every given filter must filter (QueryRefused with the reason otherwise).

    None means "not asked"; anything given, even empty, is checked, so that nothing typed can
    turn into "no filter" and list every citizen's papers."""
    parsed = _citizen(citizen) if citizen is not None else None
    if text is not None and not folded_tokens(text):
        raise QueryRefused(Reason(code="sec.text_no_term"))
    for name, value in (("--type", doc_type), ("--dossier", dossier)):
        if value is not None and not value.strip():
            raise QueryRefused(Reason(code="sec.empty_filter", params={"name": name}))
    if doc_type is not None:
        _known_type(doc_type)
    if received_from and received_to and received_from > received_to:
        raise QueryRefused(Reason(code="sec.dates_reversed", params={"low": received_from.isoformat(),
                                                                      "high": received_to.isoformat()}))
    if not any((text, parsed, doc_type, dossier, received_from, received_to)):
        raise QueryRefused(Reason(code="sec.no_criterion"))
    try:
        query = SearchQuery(text=text, citizen_id=parsed.citizen_id if parsed else None, doc_type=doc_type,
                            dossier=dossier, received_from=received_from, received_to=received_to, limit=limit)
    except ValidationError as exc:  # the model's own guard; the checks above should have said why
        problem = "; ".join(e["msg"] for e in exc.errors())
        raise QueryRefused(Reason(code="sec.query_refused", params={"detail": problem})) from None
    return AskedQuery(query=query, citizen=parsed)


def _citizen(raw: str) -> CitizenInput:
    parsed = parse_citizen_input(raw)
    if parsed.refusal is not None:
        raise QueryRefused(parsed.refusal)
    return parsed


def _known_type(doc_type: str) -> None:
    from classify.taxonomy import default_taxonomy

    known = default_taxonomy().types
    if doc_type not in known:
        raise QueryRefused(Reason(code="sec.unknown_type", params={"given": doc_type, "types": sorted(known)}))


@dataclass
class Found:
    document: DocumentRecord
    hit: SearchHit


@dataclass
class Results:
    """A search's answer: `found` what the index found (for an ID: the citizen's linked
    documents), `review` the documents waiting for review whose evidence names the ID asked."""

    found: list[Found]
    review: list[DocumentRecord]


def hit_of(record: DocumentRecord) -> SearchHit:
    """A catalogue record as a hit (no score), for grouping and validity."""
    return SearchHit(id=record.id, score=0, citizen_id=record.citizen_id, doc_type=record.doc_type,
                     dossier=record.dossier, link_status=record.link_status, received_at=record.received_at,
                     title=record.title, issue_date=record.issue_date, expiry_date=record.expiry_date)


def _query_detail(query: SearchQuery) -> str:
    asked = query.model_dump(mode="json", exclude_none=True, exclude={"limit"})
    return json.dumps(asked, ensure_ascii=False)


def search(data: DataDir, query: SearchQuery, backend_kind: str, actor: Actor) -> list[Found]:
    """The documents the index found (search_results, without its waiting group)."""
    return search_results(data, query, backend_kind, actor).found


def search_results(data: DataDir, query: SearchQuery, backend_kind: str, actor: Actor) -> Results:
    """The documents found, after the officer is allowed, and for an ID the waiting documents
    that name it, kept apart. The search and everything it returns are audited in one entry
    (the waiting documents with no citizen: they have none yet). The CLI and the web call this."""
    officer = authorize_at(data.catalogue, actor, "search", citizen_id=query.citizen_id or None)
    found = _search(data, _widened(query, officer), backend_kind)
    found = [f for f in found if _reachable(officer, actor, query, f.document)][:query.limit]
    waiting = [d for d in _waiting(data, query, {f.document.id for f in found})
               if at_home(officer, actor, d.centre)]  # not yet the citizen's: reviewed where received
    audit.record(data.catalogue, officer, actor, "search", citizen_id=query.citizen_id,
                 seen=[(f.document.id, f.document.citizen_id) for f in found] + [(d.id, None) for d in waiting],
                 detail=_query_detail(query),
                 document_centres=document_centres([f.document.centre for f in found] + [d.centre for d in waiting]))
    return Results(found=found, review=waiting)


# A search without an ID keeps to the acting centre after the index answers (the index holds no
# centre): it asks the index for this many times the results wanted, so that another centre's
# best matches do not crowd out the officer's own.
WIDEN = 10


def _widened(query: SearchQuery, officer: Officer) -> SearchQuery:
    if everywhere(officer) or query.citizen_id:
        return query
    return query.model_copy(update={"limit": min(query.limit * WIDEN, 10_000)})


def _reachable(officer: Officer, actor: Actor, query: SearchQuery, record: DocumentRecord) -> bool:
    """The acting centre's documents; another centre's only as the citizen's asked by ID."""
    return at_home(officer, actor, record.centre) or (
        query.citizen_id is not None and record.citizen_id == query.citizen_id)


def _waiting(data: DataDir, query: SearchQuery, shown: set[str]) -> list[DocumentRecord]:
    """Waiting documents naming the ID, under the query's other filters (not words: an ID
    search with words keeps to what the index found)."""
    from pipeline.review import waiting_naming

    if not query.citizen_id or query.text:
        return []
    with Catalogue(data.catalogue) as catalogue:
        records = waiting_naming(catalogue, query.citizen_id)
    kept = [r for r in records if r.id not in shown
            and (query.doc_type is None or r.doc_type == query.doc_type)
            and (query.dossier is None or r.dossier == query.dossier)
            and (query.received_from is None or _received_day(r) >= query.received_from)
            and (query.received_to is None or _received_day(r) <= query.received_to)]
    return kept[:query.limit]


def _received_day(record: DocumentRecord):
    return record.received_at.astimezone(centre_timezone()).date()


def _search(data: DataDir, query: SearchQuery, backend_kind: str) -> list[Found]:
    with Catalogue(data.catalogue) as catalogue:
        flush_outbox(catalogue, data, backend_kind)  # anything still waiting becomes findable first
        backend = open_backend(backend_kind, data.root)
        try:
            hits = backend.search(query)
        finally:
            backend.close()
        found = []
        for hit in hits:
            record = catalogue.get_document(hit.id)
            if record is not None:
                found.append(Found(document=record, hit=hit))
        return found


def _asked_for(data: DataDir, doc_id: str) -> DocumentRecord | None:
    """The document a look-up names, read before the officer is checked so that a refusal
    records whose papers were asked for (nothing of it is shown to a refused officer)."""
    if not catalogue_exists(data.catalogue):
        return None
    with Catalogue(data.catalogue) as catalogue:
        return catalogue.get_document(doc_id)


def _refusal_target(record: DocumentRecord | None) -> dict:
    if record is None:
        return {}
    return {"citizen_id": record.citizen_id, "targets": [(record.id, record.citizen_id)]}


def centres_of(data: DataDir, doc_ids: list[str]) -> dict[str, str | None]:
    """The centre that received each of these documents (those in the catalogue)."""
    from catalogue import documents as document_rows

    if not doc_ids or not catalogue_exists(data.catalogue):
        return {}
    with Catalogue(data.catalogue) as catalogue, catalogue.read() as c:
        rows = (document_rows.row(c, doc_id) for doc_id in doc_ids)
        return {r["id"]: r["centre"] for r in rows if r is not None}


def refusal_target(data: DataDir, doc_id: str) -> dict:
    """authorize_at's keywords for an action on one document (reuse, a review decision, dates),
    so that a refused officer's attempt names the document and its citizen in the audit log."""
    return _refusal_target(_asked_for(data, doc_id))


def check_document_reach(data: DataDir, officer: Officer, actor: Actor, permission: str,
                         record: DocumentRecord | None) -> None:
    """access.reach.check_reach for one document (OutsideCentre, audited, when out of reach)."""
    if record is None:
        return
    with AccessStore(data.catalogue) as store:
        check_reach(store, officer, actor, permission, record.id, record.centre, record.citizen_id)


def check_reach_of(data: DataDir, officer: Officer, actor: Actor, permission: str, doc_id: str) -> None:
    """check_document_reach for a document named by id: a review decision, a reuse, dates."""
    check_document_reach(data, officer, actor, permission, _asked_for(data, doc_id))


def show(data: DataDir, doc_id: str, actor: Actor) -> DocumentRecord | None:
    record = _asked_for(data, doc_id)
    officer = authorize_at(data.catalogue, actor, "show", **_refusal_target(record))
    check_document_reach(data, officer, actor, "show", record)
    audit.record(data.catalogue, officer, actor, "show", citizen_id=record.citizen_id if record else None,
                 seen=[(record.id, record.citizen_id)] if record else [],
                 detail=None if record else f"no document {doc_id!r}",
                 document_centres=document_centres([record.centre] if record else []))
    return record


def show_fields(data: DataDir, doc_id: str) -> list[dict]:
    """The document's extracted fields (name, value, source, confidence), for `show`."""
    from pipeline.field_store import document_fields

    with Catalogue(data.catalogue) as catalogue:
        return [f.model_dump() for f in document_fields(catalogue, doc_id)]


class ExportError(RuntimeError):
    pass


def export_pdf(data: DataDir, doc_id: str, out: Path, actor: Actor) -> DocumentRecord:
    """Write the document's searchable PDF to `out` (rebuilt from its page images if missing); audited."""
    asked = _asked_for(data, doc_id)
    officer = authorize_at(data.catalogue, actor, "export", **_refusal_target(asked))
    check_document_reach(data, officer, actor, "export", asked)
    record = _write_pdf(data, doc_id, out)
    audit.record(data.catalogue, officer, actor, "export", citizen_id=record.citizen_id,
                 seen=[(record.id, record.citizen_id)], document_centres=document_centres([record.centre]))
    return record


def _write_pdf(data: DataDir, doc_id: str, out: Path) -> DocumentRecord:
    with Catalogue(data.catalogue) as catalogue:
        record = catalogue.get_document(doc_id)
        if record is None:
            raise ExportError(f"no document {doc_id!r} in {data.root}")
        stored = data.searchable_pdf(doc_id)
        if not stored.is_file():
            words = {n: words_from_json(w) for n, w in catalogue.page_words(record.source_sha256).items()}
            if not build_document_pdf(record, data.pages_dir(record.source_sha256), words, stored):
                raise ExportError(f"the page images of {doc_id} are missing from {data.root}; re-ingest its source file")
    out.parent.mkdir(parents=True, exist_ok=True)
    temp = temp_for(out)
    shutil.copyfile(stored, temp)
    os.replace(temp, out)
    return record


def page_image(data: DataDir, doc_id: str, number: int | None = None) -> Path | None:
    """The cleaned image of page `number` of a document, or of its first page (None when not on file).

    Not audited by itself: callers serve it only for a document the officer was shown in an
    audited view (the web application keeps that list per session)."""
    with Catalogue(data.catalogue) as catalogue:
        record = catalogue.get_document(doc_id)
    if record is None or not record.pages:
        return None
    number = record.pages[0].number if number is None else number
    if number not in {p.number for p in record.pages}:
        return None
    path = data.pages_dir(record.source_sha256) / f"{number:04d}.jpg"
    return path if path.is_file() else None


def audit_trail(data: DataDir, citizen_id: str, actor: Actor) -> list[AuditEntry]:
    """Who looked at this citizen's papers (supervisors only; the question is audited too)."""
    officer = authorize_at(data.catalogue, actor, "audit")
    entries = audit.about_citizen(data.catalogue, citizen_id)
    audit.record(data.catalogue, officer, actor, "audit", citizen_id=citizen_id)
    return entries


def sign_in_trail(data: DataDir, name: str | None, actor: Actor):
    """Sign-ins per officer (supervisors only; the question is audited too): (summaries, entries)."""
    from access.models import clean_name
    from access.sign_ins import sign_in_report
    from catalogue.times import now_utc

    officer = authorize_at(data.catalogue, actor, "audit")
    name = clean_name(name) if name is not None else None
    with AccessStore(data.catalogue) as store:
        report = sign_in_report(store, name, now_utc())
    audit.record(data.catalogue, officer, actor, "audit_sign_ins", detail=f"sign-ins of {name}" if name else
                 "sign-ins of every officer")
    return report
