"""Ingest a batch: files -> pages -> cleanup -> OCR -> classification -> catalogue -> index."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from classify.citizen_id import find_citizen_ids
from classify.calibration import Calibration, load_calibration
from classify.combine import decide
from classify.reasons import Reason
from dossier.results import issued_outside
from classify.evidence import gather
from classify.model import TypeModel, load_model
from classify.cover_sheet import read_cover
from classify.fields import field_dates, later_page_dates, with_validity
from classify.page_cues import page_cues
from classify.taxonomy import Taxonomy, load_taxonomy
from classify.titles import classify_page
from cleanup import ScannerProfile, load_profile
from dossier.events import record_submissions
from classify.card_match import CardOnFile
from catalogue.store import Catalogue
from catalogue.times import now_utc
from catalogue.page_jobs import PageJobs
from ocr.wordpack import words_from_json
from index.models import DocumentRecord, PageRecord
from ingest import BadInput, expand_paths, open_source, sha256_of
from ingest.files import printable
from ingest.archive import quarantine, store_original
from pipeline.assemble import AnalysedPage, DraftDocument, assemble
from pipeline.cover_store import record_covers
from pipeline.field_store import cards_on_file, record_fields
from pipeline.card_reading import read_card_codes
from pipeline.claim_codes import search_pages_behind_covers
from pipeline.link_evidence import link_file
from pipeline.datadir import DataDir
from pipeline.duplicates import ignored_options
from pipeline.events import EventSink, FileStarted, ignore
from pipeline.faults import fault_point
from pipeline.indexing import flush_outbox
from pipeline.models import FileOutcome, IngestOptions, PageOutcome
from pipeline.partials import sweep_partials
from pipeline.pool import PagePool
from pipeline.resume import run_pages
from pipeline.searchable import PdfJob, build_pdf_job
from pipeline.storage import StorageFailure, probe_writes, stop_message, storage_problem


class ModelOnDemand:
    """The document-type model, loaded when first needed: loading a saved model takes
    milliseconds, but without a cached base model it is trained first (about 20 s of CPU),
    which the first file's pages, already being read in the workers, hide instead of
    waiting for it."""

    def __init__(self, data_root: Path):
        self._root = data_root
        self._model: TypeModel | None = None
        self._calibration: Calibration | None = None

    def load(self) -> TypeModel:
        if self._model is None:
            self._model = load_model(self._root)
        return self._model

    def predict(self, text: str) -> tuple[str, float]:
        return self.load().predict(text)

    def calibration(self) -> Calibration:
        if self._calibration is None:
            self._calibration = load_calibration(self.load(), self._root)
        return self._calibration


def ingest_paths(
    paths: Iterable[Path],
    data: DataDir,
    options: IngestOptions,
    backend_kind: str = "sqlite",
    on_event: EventSink = ignore,
) -> Iterator[FileOutcome]:
    """Ingest every file under `paths`, yielding each file's outcome as soon as it is known.

    Raises StorageFailure (an operator message) when the data folder refuses writes.
    """
    with _storage_guard(data):
        data.ensure()
    profile = load_profile(options.profile)
    taxonomy = load_taxonomy()
    model = ModelOnDemand(data.root)
    with _storage_guard(data), Catalogue(data.catalogue) as catalogue, \
            PagePool(options.jobs, options.page_timeout) as pool:
        jobs = PageJobs(catalogue)
        for position, path in enumerate(expand_paths(paths), start=1):
            outcome = _ingest_file(path, position, data, catalogue, jobs, pool, profile, (taxonomy, model),
                                   options, on_event)
            yield outcome
        flush_outbox(catalogue, data, backend_kind)


@contextmanager
def _storage_guard(data: DataDir) -> Iterator[None]:
    """Disk full / read-only / no permission in the data folder becomes one StorageFailure message."""
    try:
        yield
    except (OSError, sqlite3.Error) as exc:
        problem = storage_problem(exc)
        if problem is None and isinstance(exc, sqlite3.OperationalError) and data.root.is_dir():
            problem = probe_writes(data.root)
        if problem is None:
            raise
        raise StorageFailure(stop_message(problem)) from None


def _ingest_file(path: Path, position: int, data: DataDir, catalogue: Catalogue, jobs: PageJobs, pool: PagePool,
                 profile: ScannerProfile, classifiers: tuple[Taxonomy, ModelOnDemand],
                 options: IngestOptions, on_event: EventSink) -> FileOutcome:
    taxonomy, model = classifiers
    shown = printable(path)
    if not path.is_file():
        reason = "file not found" if not path.exists() else "not a regular file"
        return FileOutcome(path=shown, status="unreadable", reason=reason)
    try:
        sha = sha256_of(path)
        size = path.stat().st_size
    except OSError as exc:
        return FileOutcome(path=shown, status="unreadable", reason=f"cannot read the file: {exc.strerror or exc}")
    status = catalogue.file_status(sha)
    if status == "done":
        jobs.release(sha)  # a run killed between the commit and its release left the page results
        documents = catalogue.documents_for_file(sha)
        return FileOutcome(path=shown, status="duplicate", sha256=sha, reason="already ingested (same content)",
                           pages=catalogue.file_page_count(sha), documents=documents,
                           ignored=ignored_options(catalogue.file_context(sha), options, documents))
    if status == "quarantined":
        return FileOutcome(path=shown, status="duplicate", sha256=sha, reason="already quarantined (same content)")
    try:
        kind, tasks = open_source(path, options.limits)
    except BadInput as exc:
        return _quarantine(path, sha, size, exc.reason, data, catalogue)
    stored = store_original(path, sha, data.originals)
    if not catalogue.claim_file(sha, name=printable(path.name), source_path=shown, size=size, kind=kind.value,
                                stored_path=str(stored.relative_to(data.root)), page_count=len(tasks),
                                context=options.context()):
        busy = catalogue.file_status(sha) == "processing"
        reason = "being ingested by another process right now" if busy else "ingested meanwhile by another process"
        return FileOutcome(path=shown, status="duplicate", sha256=sha, reason=reason)
    on_event(FileStarted(path=shown, index=position, pages=len(tasks)))
    sweep_partials(data, sha)

    # Each page is classified as it comes back, while the workers read the next ones (the
    # model loads with the first): at the end of the file only what needs all pages is left.
    analysed = [_analyse(o, taxonomy, model) for o in run_pages(
        sha, shown, str(stored), tasks, str(data.pages_dir(sha)), profile, options, pool, jobs, on_event)]
    outcomes = [a.outcome for a in analysed]
    if all(o.error for o in outcomes):
        jobs.quarantine(sha)
        return _quarantine(path, sha, size, f"no page could be read ({outcomes[0].error})", data, catalogue)
    received_at = catalogue.file_received_at(sha) or now_utc()
    drafts, loose = assemble(analysed)
    if not options.citizen_id:  # with a given ID the workers already searched every page
        search_pages_behind_covers(drafts, data.pages_dir(sha))
    links = _with_dates(drafts, link_file(drafts, options, taxonomy, cards_on_file(catalogue)), taxonomy)
    documents = [_document(d, link, sha, shown, received_at, options, taxonomy) for d, link in zip(drafts, links)]
    _record_covers(catalogue, sha, drafts, documents, loose)
    record_fields(catalogue, {d.id: link[2] for d, link in zip(documents, links)})
    errors = [p.outcome.error for p in loose if p.outcome.error]
    packed = {o.number: o.words_json for o in outcomes if o.words_json != "[]"}
    # Built before the commit, so a document that is visible always has its PDF.
    _build_pdfs(pool, documents, data, sha, packed)
    fault_point("pdfs-built")
    catalogue.commit_file(
        sha,
        documents,
        [(_page_record(p.outcome), p.outcome.error) for p in loose],
        reason="; ".join(errors) or None,
        words=packed,
    )
    fault_point("file-committed")  # before the release: a kill here leaves page results behind
    jobs.release(sha)
    # Components scanned for a dossier count as submitted (and as missed reuse when a
    # valid one was already on file); idempotent, so a resumed batch records nothing twice.
    record_submissions(data.catalogue, documents)
    warnings = [f"page {o.number}: {'; '.join(o.quality_reasons)}" for o in outcomes if not o.quality_ok]
    return FileOutcome(path=shown, status="ingested", sha256=sha, pages=len(tasks), documents=documents,
                       page_errors=errors, quality_warnings=warnings)


def _build_pdfs(pool: PagePool, documents: list[DocumentRecord], data: DataDir, sha: str,
                packed: dict[int, str]) -> None:
    """Every document's searchable PDF, built by the page workers side by side."""
    jobs = (PdfJob(record=d, pages_dir=str(data.pages_dir(sha)), out=str(data.searchable_pdf(d.id)),
                   words_json={p.number: packed[p.number] for p in d.pages if p.number in packed})
            for d in documents)

    def failed(job: PdfJob, reason: str) -> bool:
        raise RuntimeError(f"the searchable PDF of {job.record.id} could not be built: it {reason}")

    for _ in pool.map_ordered(build_pdf_job, jobs, failed):
        pass


def _record_covers(catalogue: Catalogue, sha: str, drafts: list[DraftDocument], documents: list[DocumentRecord],
                   loose: list[AnalysedPage]) -> None:
    """Cover pages and the context they gave documents; written before the file commits, so
    a document never exists without its context (a rerun rewrites the same rows)."""
    covers = [p.cover for p in loose if p.cover is not None]
    contexts = {d.id: draft.cover for draft, d in zip(drafts, documents) if draft.cover is not None}
    if covers or contexts:
        record_covers(catalogue, sha, covers, contexts)


def _quarantine(path: Path, sha: str, size: int, reason: str, data: DataDir, catalogue: Catalogue) -> FileOutcome:
    quarantine(path, reason, data.quarantine, sha)
    catalogue.mark_quarantined(sha, name=printable(path.name), source_path=printable(path), size=size, reason=reason)
    return FileOutcome(path=printable(path), status="quarantined", sha256=sha, reason=reason)


def analyse_file(outcomes: list[PageOutcome], options: IngestOptions, taxonomy: Taxonomy,
                 model: TypeModel | None = None, sha: str = "0" * 64, source: str = "-",
                 on_file: Iterable[CardOnFile] = ()) -> list[DocumentRecord]:
    """A file's pages -> its documents, classified and linked (no I/O; benchmarks use it)."""
    return [doc for doc, _ in analyse_file_fields(outcomes, options, taxonomy, model, sha, source, on_file)]


def analyse_file_fields(outcomes: list[PageOutcome], options: IngestOptions, taxonomy: Taxonomy,
                        model: TypeModel | None = None, sha: str = "0" * 64, source: str = "-",
                        on_file: Iterable[CardOnFile] = ()) -> list[tuple[DocumentRecord, list]]:
    """As analyse_file, with each document's extracted fields."""
    model = model or load_model()
    drafts, _ = assemble([_analyse(o, taxonomy, model) for o in outcomes])
    links = _with_dates(drafts, link_file(drafts, options, taxonomy, list(on_file)), taxonomy)
    return [(_document(d, link, sha, source, now_utc(), options, taxonomy), link[2]) for d, link in zip(drafts, links)]


def _with_dates(drafts: list[DraftDocument], links: list[tuple], taxonomy: Taxonomy) -> list[tuple]:
    """Each document's fields completed with the expiry date its type's term gives from its
    issue date, when the paper states none (a marital-status confirmation: 6 months)."""
    out = []
    for draft, (decision, context, found) in zip(drafts, links):
        kind = taxonomy.get(draft.lead.doc_type)
        term = kind.validity_months if kind.validity == "months_from_issue" else None
        later = [(p.outcome.text, words_from_json(p.outcome.words_json), p.outcome.ocr_confidence)
                 for p in draft.pages if p is not draft.lead and not p.outcome.is_blank and p.outcome.text.strip()]
        out.append((decision, context, with_validity(later_page_dates(found, later), term)))
    return out


def _analyse(outcome: PageOutcome, taxonomy: Taxonomy, model: TypeModel | ModelOnDemand) -> AnalysedPage:
    page = AnalysedPage(outcome=outcome)
    # A card copy read as nothing but whose code or photo was found is still a card.
    if outcome.error or outcome.is_blank or not (outcome.text.strip() or outcome.codes or outcome.portraits):
        return page
    page.cues = page_cues(outcome.text)
    page.cover = read_cover(outcome.codes, outcome.text, outcome.number)
    if page.cover is not None:
        return page
    found = classify_page(outcome.text, taxonomy)
    type_model, calibration = _classifiers(model)
    probabilities = type_model.probability_of_each(outcome.text)
    page.predicted_type = max(probabilities, key=probabilities.get)
    page.predicted_confidence = probabilities[page.predicted_type]
    page.own, page.fields = read_card_codes(outcome.codes, outcome.text)
    evidence = gather(outcome.text, outcome.codes, outcome.cards, outcome.portraits, page.own, page.cues.motto_at_top)
    decision = decide(found.doc_type if found.starts_document else None, found.confidence, probabilities,
                      evidence, calibration, taxonomy.fallback)
    page.doc_type, page.type_confidence = decision.doc_type, decision.confidence
    page.type_guess, page.type_uncertain, page.type_basis = decision.guess, decision.uncertain, decision.basis
    page.evidence = evidence.names()
    page.title = found.title
    # A card's front (its photo) and a letter's first page (its number line) begin a
    # document even when their title was not read.
    page.starts_document = (found.starts_document
                            or (evidence.portraits > 0 and decision.basis.startswith("card"))
                            or (decision.basis == "letter" and evidence.letter_symbol is not None))
    candidates = [c for c in find_citizen_ids(outcome.text) if c.kind == "cccd"]
    page.citizen_ids = [c.value for c in candidates]
    page.valid_ids = [c.value for c in candidates if not c.problems]
    return page


_CALIBRATIONS: dict[str, Calibration] = {}


def _classifiers(model: TypeModel | ModelOnDemand) -> tuple[TypeModel, Calibration]:
    """The type model and its calibration (loaded or fitted once per model)."""
    if isinstance(model, ModelOnDemand):
        return model.load(), model.calibration()
    if model.sources not in _CALIBRATIONS:
        _CALIBRATIONS[model.sources] = load_calibration(model)
    return model, _CALIBRATIONS[model.sources]


def _page_record(outcome: PageOutcome) -> PageRecord:
    return PageRecord(
        number=outcome.number,
        text=outcome.text,
        ocr_confidence=outcome.ocr_confidence,
        is_blank=outcome.is_blank,
        rotation=outcome.rotation,
        skew=outcome.skew,
        dpi=outcome.dpi,
        quality_ok=outcome.quality_ok,
        quality_reasons=outcome.quality_reasons,
    )


def _type_uncertain(link, lead: AnalysedPage, taxonomy: Taxonomy):
    """The link decision of a document whose type is uncertain: it waits for review. A link
    that waits anyway keeps its reason first (a contradiction about the citizen matters
    most) and the type's follows; a link that would have been made gives way to the type's
    reason (the citizen it would have named stays findable through the page's IDs and the
    ingest context, as for any document in review)."""
    guess = lead.type_guess or taxonomy.fallback
    reason = Reason(code="review.type_uncertain", params={
        "guess": guess, "guess_vi": taxonomy.get(guess).name_vi, "confidence": f"{lead.type_confidence:.0%}"})
    if link.status == "review" and link.reason_code is not None:
        return link.because(link.reason_code.plus(reason))
    return link.because(reason, citizen_id=None, status="review")


def _document(draft: DraftDocument, linked: tuple, sha: str, source: str, received_at: datetime,
              options: IngestOptions, taxonomy: Taxonomy) -> DocumentRecord:
    lead = draft.lead
    link, context, _ = linked
    if lead.type_uncertain:
        link = _type_uncertain(link, lead, taxonomy)
    issued, expires = field_dates(linked[2])  # the best values: a QR issue date beats the printed text
    outside = issued_outside(issued, options.issued_from, options.issued_to)
    if options.result_kind == "backlog" and outside is not None:
        link = _outside_the_box(link, outside)
    return DocumentRecord(
        id=f"{sha[:16]}-{draft.first_number:03d}",
        doc_type=lead.doc_type,
        type_confidence=round(lead.type_confidence, 3),
        title=lead.title,
        citizen_id=link.citizen_id,
        link_status=link.status,
        link_reason=link.reason,
        link_reason_code=link.reason_code,
        id_candidates=draft.valid_ids,
        source_file=source,
        source_sha256=sha,
        pages=[_page_record(p.outcome) for p in draft.pages],
        received_at=received_at,
        dossier=context.dossier,
        procedure=context.procedure,
        officer=options.officer,
        issue_date=issued,
        expiry_date=expires,
        centre=options.centre,
        result_of=options.dossier if options.result_kind == "returned" else None,
        result_kind=options.result_kind,
    )


def _outside_the_box(link, outside: Reason):
    """A backlog result whose issue date lies outside the period of its archive box is not what the
    box says it holds (another box's paper, a misread date): it waits, unlinked, whatever its evidence."""
    if link.status == "review" and link.reason_code is not None:
        return link.because(link.reason_code.plus(outside))
    return link.because(outside, citizen_id=None, status="review")
