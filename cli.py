"""`hoso`: the command line. A thin click layer over pipeline/; no logic lives here."""

from __future__ import annotations

import functools
import json
import os
import sqlite3
import sys
from datetime import date
from pathlib import Path

import click

from vntext.controls import escape_controls

DATA_DIR = click.option(
    "--data-dir", envvar="HOSO_DATA_DIR", default="hoso-data", show_default=True,
    # resolved once, here: a relative folder must not be read against another module's folder later
    type=click.Path(file_okay=False, path_type=Path, resolve_path=True), help="Data folder (catalogue, originals, quarantine).",
)


def _index_kind(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """Elasticsearch needs its address: never a silent guess at localhost:9200."""
    from index.backend import BackendMisconfigured, check_backend_config

    try:
        check_backend_config(value)
    except BackendMisconfigured as exc:
        raise click.BadParameter(str(exc), ctx=ctx, param=param) from None
    return value


INDEX = click.option(
    "--index", "index_kind", envvar="HOSO_INDEX", default="sqlite", show_default=True,
    type=click.Choice(["sqlite", "elasticsearch", "postgres", "postgresql", "pg"], case_sensitive=False),
    callback=_index_kind,
    help="Search backend (elasticsearch: needs HOSO_ES_URL, see index/es_backend.py; postgres: the index in "
         "PostgreSQL at HOSO_INDEX_URL, else HOSO_CATALOGUE_URL, see index/pg_backend.py).",
)
JSON = click.option("--json", "as_json", is_flag=True, help="Print JSON (a stable contract).")
ACTING = click.option("--officer", envvar="HOSO_OFFICER",
                      help="Officer acting (checked against `hoso officers list`; recorded in the audit log).")


def _code(what: str):
    """A click callback applying the one rule for codes (index/codes.py): a wrong code is a wrong option."""

    def check(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
        from index.codes import CodeError, check_code

        if value is None:
            return None
        try:
            return check_code(value, what)
        except CodeError as exc:
            raise click.BadParameter(str(exc), ctx=ctx, param=param) from None

    return check


def _citizen(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A typed citizen ID (or a CCCD QR payload) with a valid structure, as its 12 digits."""
    from pipeline.citizen_input import parse_citizen_input

    if value is None:
        return None
    parsed = parse_citizen_input(value)
    if parsed.problems:
        raise click.BadParameter(f"{escape_controls(repr(parsed.citizen_id))} is not a valid citizen ID: "
                                 f"{'; '.join(parsed.problems)}", ctx=ctx, param=param)
    return parsed.citizen_id


def _period(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """A period that cannot be read is a wrong option (exit 2), caught before anything is counted."""
    from dossier.periods import PeriodError, parse_period
    from index.models import TimezoneError

    try:
        parse_period(value)
    except PeriodError as exc:
        raise click.BadParameter(str(exc), ctx=ctx, param=param) from None
    except TimezoneError as exc:  # the period is read in the centre's time zone
        raise WrongOption(str(exc)) from None
    return value


def _echo_lines(lines) -> None:
    """Lines holding stored text, each printed as one line (control characters escaped)."""
    for line in lines:
        click.echo(escape_controls(line))


CENTRE_HELP = ("Centre code of this station (hoso centres list), recorded on every document and audit entry "
               "[none: the data folder's implicit centre].")


def station_options(officer_help: str):
    """What a scanner station sets, shared by `ingest` and `watch`: gathered into one
    `station` dict argument (profile, officer, jobs, OCR, time and input limits)."""
    from ingest.models import Limits

    default = Limits()
    options = [
        click.option("--profile", envvar="HOSO_PROFILE", default="default", show_default=True, help="Scanner profile."),
        click.option("--officer", envvar="HOSO_OFFICER", help=officer_help),
        click.option("--centre", envvar="HOSO_CENTRE", help=CENTRE_HELP),
        click.option("--jobs", envvar="HOSO_JOBS", type=click.IntRange(1, 64), default=None,
                     help="Pages in parallel [cores]."),
        click.option("--page-timeout", envvar="HOSO_PAGE_TIMEOUT", type=click.FloatRange(1, 3600), default=300.0,
                     show_default=True, help="Seconds a page may take before it is failed."),
        click.option("--lang", envvar="HOSO_OCR_LANG", default="vie", show_default=True, help="Tesseract language."),
        click.option("--tessdata", envvar="HOSO_TESSDATA", default=None, help="Folder with the centre's own models."),
        click.option("--max-pages", envvar="HOSO_MAX_PAGES", type=click.IntRange(1), default=default.max_pages,
                     show_default=True, help="Refuse files with more pages."),
        click.option("--max-page-pixels", envvar="HOSO_MAX_PAGE_PIXELS", type=click.IntRange(1),
                     default=default.max_page_pixels, show_default=True,
                     help="Refuse pages (and images: decompression bombs) with more pixels."),
        click.option("--max-file-mb", envvar="HOSO_MAX_FILE_MB", type=click.IntRange(1),
                     default=default.max_file_bytes // 1024**2, show_default=True, help="Refuse larger files."),
    ]
    names = ("profile", "officer", "centre", "jobs", "page_timeout", "lang", "tessdata", "max_pages", "max_page_pixels",
             "max_file_mb")

    def decorate(func):
        @functools.wraps(func)
        def gathered(*args, **kwargs):
            kwargs["station"] = {name: kwargs.pop(name) for name in names}
            return func(*args, **kwargs)

        for option in reversed(options):
            gathered = option(gathered)
        return gathered

    return decorate


def _ingest_options(station: dict, **context):
    """IngestOptions from the station's options (checking the OCR language is installed)."""
    from external.tesseract import require_language
    from ingest.models import Limits
    from ocr import OcrOptions
    from pipeline.models import IngestOptions

    require_language(station["lang"], station["tessdata"])
    _check_profile(station["profile"])
    options = IngestOptions(
        **context, officer=station["officer"], centre=station["centre"], profile=station["profile"],
        page_timeout=station["page_timeout"],
        ocr=OcrOptions(lang=station["lang"], tessdata_dir=station["tessdata"], timeout=station["page_timeout"]),
        limits=Limits(max_pages=station["max_pages"], max_page_pixels=station["max_page_pixels"],
                      max_file_bytes=station["max_file_mb"] * 1024**2),
    )
    if station["jobs"]:
        options.jobs = station["jobs"]
    return options


def _check_profile(name: str) -> None:
    """An unknown scanner profile is a wrong option (exit 2); a broken profile file stays an error (1)."""
    from cleanup.profile import ProfileNotFound, load_profile

    try:
        load_profile(name)
    except ProfileNotFound as exc:
        raise click.BadParameter(str(exc), param_hint="--profile") from None


EXIT_QUARANTINED = 3


def _check_centre_timezone() -> None:
    """Ingest dates links by the centre's day: an unknown HOSO_TIMEZONE stops it before any page is read."""
    from index.models import centre_timezone

    centre_timezone()


def _check_procedure_option(code: str | None) -> None:
    """A procedure code must be one of the catalogue's (exit 2 with the list), as `dossier open` asks."""
    from dossier.procedures import UnknownProcedure, check_procedure_code

    try:
        check_procedure_code(code)
    except UnknownProcedure as exc:
        raise click.BadParameter(str(exc), param_hint="--procedure") from None


def _check_station_officer(name: str | None, data_dir: Path) -> None:
    """Who ingests is recorded on every document and counted in the statistics: a name given
    must be an active officer of the list (exit 2 otherwise, with how to add or reactivate one)."""
    if name is None:
        return
    from access.models import AccessDenied
    from pipeline.dossiers import check_station_officer

    try:
        check_station_officer(data_dir, name)
    except AccessDenied as exc:
        raise click.BadParameter(str(exc), param_hint="--officer") from None


def _check_centre_option(code: str | None, data_dir: Path, hint: str = "--centre / HOSO_CENTRE") -> None:
    """A centre named must be one of `hoso centres list` (exit 2, listing them)."""
    if code is None:
        return
    from access.centres import UnknownCentre, check_centre
    from pipeline.datadir import DataDir

    try:
        check_centre(DataDir(data_dir).catalogue, code)
    except UnknownCentre as exc:
        raise click.BadParameter(str(exc), param_hint=hint) from None


class WrongOption(click.ClickException):
    """A value the operator gave (an option, an environment variable) cannot be used: exit 2."""

    exit_code = 2


def operator_errors(func):
    """Known failures become one-line messages for the operator, not tracebacks."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        from cleanup import ProfileError
        from dossier.events import DossierError
        from dossier.periods import PeriodError
        from access.models import AccessDenied
        from access.officers import OfficerError
        from access.passwords import WeakPassword
        from dossier.procedures import ProcedureError, UnknownProcedure
        from external.tesseract import TesseractMissing
        from index.backend import BackendMisconfigured, BackendUnavailable
        from pipeline.review import ReviewError
        from pipeline.storage import StorageFailure
        from samples.fonts import NoVietnameseFont
        from index.models import TimezoneError
        from catalogue.versions import CatalogueError

        try:
            return func(*args, **kwargs)
        except (PeriodError, TimezoneError, UnknownProcedure) as exc:
            raise WrongOption(str(exc)) from None
        except (TesseractMissing, ProfileError, NoVietnameseFont, DossierError, ProcedureError,
                AccessDenied, OfficerError, WeakPassword, ReviewError, StorageFailure, CatalogueError) as exc:
            raise click.ClickException(str(exc)) from None
        except BackendUnavailable as exc:  # documents wait in the outbox; nothing is lost
            raise click.ClickException(f"search index: {exc}") from None
        except BackendMisconfigured as exc:
            raise click.UsageError(str(exc)) from None
        except sqlite3.OperationalError as exc:
            raise click.ClickException(f"the data folder cannot be written: {exc}") from None
        except sqlite3.DatabaseError as exc:
            raise click.ClickException(f"the data folder's database refused the change: {exc}") from None
        except Exception as exc:  # the catalogue's errors, as SQLAlchemy wraps the driver's
            import sqlalchemy.exc

            from catalogue.database import first_line

            if isinstance(exc, sqlalchemy.exc.OperationalError):
                raise click.ClickException(f"the catalogue cannot be written: {first_line(exc)}") from None
            if isinstance(exc, sqlalchemy.exc.DBAPIError):
                raise click.ClickException(f"the catalogue refused the change: {first_line(exc)}") from None
            raise
        except OSError as exc:
            where = f" ({exc.filename})" if exc.filename else ""
            raise click.ClickException(f"{exc.strerror or exc}{where}") from None

    return wrapper


def _dump(payload: object) -> None:
    click.echo(json.dumps(payload, ensure_ascii=False, indent=2, default=str))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--catalogue-url", envvar="HOSO_CATALOGUE_URL", default=None, metavar="URL",
              help="The province's catalogue (postgresql://user@host:port/db, libpq TLS options in the query); "
                   "unset: the embedded SQLite catalogue of the data folder.")
def main(catalogue_url: str | None) -> None:
    """hoso: digitise dossiers, find a citizen's papers again, count their reuse."""
    if catalogue_url:  # every DataDir of this run (and the page workers it starts) reads it from there
        os.environ["HOSO_CATALOGUE_URL"] = catalogue_url


@main.command()
@click.argument("outdir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--seed", default=7, show_default=True, help="Same seed, same batch.")
@click.option("--citizens", default=4, show_default=True, help="How many citizens.")
@click.option("--pages", "pages_target", type=int, default=None, help="Grow the batch to about this many pages.")
@operator_errors
def samples(outdir: Path, seed: int, citizens: int, pages_target: int | None) -> None:
    """Write a realistic sample batch of scans, with ground_truth.json."""
    from samples.batch import generate_batch

    truth = generate_batch(outdir, seed=seed, citizens=citizens, pages_target=pages_target)
    pages = sum(len(f.pages) for f in truth.files)
    applicants = truth.applicant_citizens()
    relatives = len(truth.citizens) - len(applicants)
    click.echo(f"wrote {len(truth.files)} files ({pages} pages) for {len(applicants)} citizens to {outdir}"
               + (f" ({relatives} relatives are named on their papers)" if relatives else ""))
    for citizen in applicants:
        click.echo(f"  {citizen.citizen_id}  {citizen.full_name}")


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--citizen-id", envvar="HOSO_CITIZEN_ID", callback=_citizen,
              help="Citizen the batch belongs to (ID or QR payload).")
@click.option("--dossier", callback=_code("dossier code"), help="Dossier code (letters, digits, . - _).")
@click.option("--procedure", callback=_code("procedure code"), help="Procedure code.")
@click.option("--backlog", is_flag=True,
              help="The archive of earlier results: no dossier, each linked by its own evidence (else review).")
@click.option("--issued-from", type=click.DateTime(["%Y-%m-%d"]),
              help="With --backlog: the archive box's period begins (a result issued before it waits for review).")
@click.option("--issued-to", type=click.DateTime(["%Y-%m-%d"]),
              help="With --backlog: the archive box's period ends (a result issued after it waits for review).")
@station_options("Who is ingesting.")
@DATA_DIR
@INDEX
@JSON
@operator_errors
def ingest(paths, citizen_id, dossier, procedure, backlog, issued_from, issued_to, station, data_dir, index_kind,
           as_json):
    """Ingest scans (PDF, TIFF, JPEG, PNG files or folders)."""
    from ingest.files import expand_paths
    from pipeline.datadir import DataDir
    from pipeline.ingest_run import ingest_paths
    from pipeline.present import file_summary

    _check_paths(paths)
    results = _backlog_options(backlog, issued_from, issued_to, citizen_id, dossier)
    _check_centre_timezone()
    _check_procedure_option(procedure)
    _check_station_officer(station["officer"], data_dir)
    _check_centre_option(station["centre"], data_dir)
    options = _ingest_options(station, citizen_id=citizen_id, dossier=dossier, procedure=procedure, **results)
    outcomes = []
    show_progress = _progress_printer(sum(1 for _ in expand_paths(paths)) if not as_json else None)
    for outcome in ingest_paths(paths, DataDir(data_dir), options, index_kind, on_event=show_progress):
        outcomes.append(outcome)
        if not as_json:
            _clear_progress()
            _echo_lines(file_summary(outcome))
    bad = [o for o in outcomes if o.status in ("quarantined", "unreadable")]
    documents = [d for o in outcomes for d in o.documents]
    if not outcomes:
        raise click.ClickException(f"no files to ingest in {', '.join(escape_controls(str(p)) for p in paths)}")
    if as_json:
        _dump({
            "files": [
                {"path": o.path, "status": o.status, "reason": o.reason, "sha256": o.sha256, "pages": o.pages,
                 "documents": [d.id for d in o.documents], "page_errors": o.page_errors,
                 "quality_warnings": o.quality_warnings, "ignored": [i.model_dump() for i in o.ignored]}
                for o in outcomes
            ],
            "documents": [d.model_dump(mode="json") for d in documents],
        })
    else:
        new = [d for o in outcomes if o.status == "ingested" for d in o.documents]
        review = sum(1 for d in new if d.link_status == "review")
        click.echo(
            f"{len(outcomes)} file(s): {sum(o.status == 'ingested' for o in outcomes)} ingested, "
            f"{sum(o.status == 'duplicate' for o in outcomes)} already on file, {len(bad)} quarantined/unreadable; "
            f"{len(new)} new document(s), {review} waiting for review"
        )
        if any(o.status == "quarantined" for o in outcomes):
            click.echo(f"quarantined files and their reasons are in {DataDir(data_dir).quarantine}", err=True)
    if bad:
        sys.exit(EXIT_QUARANTINED)


def _backlog_options(backlog: bool, issued_from, issued_to, citizen_id, dossier) -> dict:
    """The archive of earlier results: no dossier and no operator's ID (each paper's own evidence
    links it); the box's period only with --backlog. A wrong combination is a wrong option."""
    if not backlog:
        if issued_from or issued_to:
            raise click.BadParameter("the archive box's period is given with --backlog only",
                                     param_hint="--issued-from / --issued-to")
        return {}
    if dossier or citizen_id:
        raise click.BadParameter("earlier results have no dossier and no operator's citizen ID: each is linked "
                                 "by its own evidence", param_hint="--backlog with --dossier / --citizen-id")
    low, high = (d.date() if d else None for d in (issued_from, issued_to))
    if low and high and low > high:
        raise click.BadParameter(f"the period ends ({high}) before it begins ({low})",
                                 param_hint="--issued-from / --issued-to")
    return {"result_kind": "backlog", "issued_from": low, "issued_to": high}


def _check_paths(paths) -> None:
    """Every path given exists (a typo is a wrong option, nothing is quarantined); a folder
    holding no files is said, and a batch with no file at all stops later with exit 1."""
    from ingest.files import expand_paths

    missing = [p for p in paths if not p.exists() and not p.is_symlink()]
    if missing:
        shown = ", ".join(escape_controls(str(p)) for p in missing)
        raise click.BadParameter(f"no such file or folder: {shown}", param_hint="PATHS")
    for folder in (p for p in paths if p.is_dir() and len(paths) > 1):
        if next(expand_paths([folder]), None) is None:
            click.echo(f"warning: no files to ingest in {escape_controls(str(folder))}", err=True)


@main.command()
@click.argument("inbox", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--once", is_flag=True, help="Handle what is in the inbox now, then exit.")
@click.option("--interval", type=click.FloatRange(0.1, 3600), default=5.0, show_default=True,
              help="Seconds between polls (a file must be unchanged across two polls).")
@click.option("--stale-after", type=click.FloatRange(0), default=600.0, show_default=True,
              help="Seconds after which a PDF without its %%EOF trailer is taken anyway (and judged by ingest).")
@click.option("--procedure", callback=_code("procedure code"), help="Procedure code for files without one in a manifest.")
@station_options("Who runs the scanner station.")
@DATA_DIR
@INDEX
@operator_errors
def watch(inbox, once, interval, stale_after, procedure, station, data_dir, index_kind):
    """Ingest what a scanner writes into INBOX (INBOX/<dossier code>/..., manifest.json/csv), then move it
    to INBOX/done/ or INBOX/quarantine/. Ctrl-C stops between files."""
    from pipeline.datadir import DataDir
    from pipeline.watch import watch as run_watch

    _check_centre_timezone()
    _check_procedure_option(procedure)
    _check_station_officer(station["officer"], data_dir)
    _check_centre_option(station["centre"], data_dir)
    options = _ingest_options(station, procedure=procedure)
    click.echo(f"watching {inbox} (every {interval:g} s){'; once' if once else '; Ctrl-C to stop'}", err=True)
    say = lambda line: click.echo(escape_controls(line))  # noqa: E731 (file names may hold line breaks)
    batches = run_watch(inbox, DataDir(data_dir), options, say, once=once, interval=interval,
                        backend_kind=index_kind, stale_after=stale_after)
    if any(b.quarantined for b in batches):
        sys.exit(EXIT_QUARANTINED)


_progress_shown = False


def _progress_printer(total_files: int | None = None):
    """Per-file and per-page progress on stderr; with the batch's file count, the file's place in
    it and the time left (pipeline/progress.py), for long runs such as an archive's backlog."""
    import time

    from pipeline.events import FileStarted, PageDone
    from pipeline.progress import Pace, eta_text

    tty = sys.stderr.isatty()
    pace = Pace(total_files) if total_files and total_files > 1 else None

    def left() -> str:
        return f"; {eta_text(pace.seconds_left(time.monotonic()))}" if pace else ""

    def show(event: object) -> None:
        global _progress_shown
        if isinstance(event, FileStarted):
            if pace:
                pace.file_started(event.index, event.pages, time.monotonic())
            place = f"{event.index}/{total_files}" if pace else f"{event.index}"
            click.echo(f"[{place}] {event.path}: {event.pages} page(s){left()}", err=True)
        elif isinstance(event, PageDone):
            if pace:
                pace.page_done()
            mark = "!" if event.error else ("blank" if event.is_blank else "ok")
            if tty:
                click.echo(f"\r    page {event.number}/{event.pages} {mark}{left()}   ", err=True, nl=False)
                _progress_shown = True
            elif event.number % 25 == 0 or event.number == event.pages or event.error:
                click.echo(f"    page {event.number}/{event.pages} {mark}{left()}", err=True)

    return show


def _clear_progress() -> None:
    global _progress_shown
    if _progress_shown:
        click.echo("\r" + " " * 72 + "\r", err=True, nl=False)
        _progress_shown = False


@main.command()
@click.argument("text", required=False)
@click.option("--citizen-id", help="ID number, or the payload a QR reader types from the card.")
@click.option("--type", "doc_type", help="Document type key (e.g. giay_khai_sinh).")
@click.option("--dossier", callback=_code("dossier code"), help="Dossier code.")
@click.option("--from", "date_from", type=click.DateTime(["%Y-%m-%d"]), help="Received on or after (YYYY-MM-DD).")
@click.option("--to", "date_to", type=click.DateTime(["%Y-%m-%d"]), help="Received on or before (YYYY-MM-DD).")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 10_000))
@ACTING
@DATA_DIR
@INDEX
@JSON
@operator_errors
def search(text, citizen_id, doc_type, dossier, date_from, date_to, limit, officer, data_dir, index_kind, as_json):
    """Find documents by citizen ID, by words (diacritics optional), type, dossier or date."""
    from access.models import Actor
    from pipeline.datadir import DataDir
    from pipeline.present import grouped_rows
    from pipeline.query import QueryRefused, build_query
    from pipeline.query import search_results as run_search

    if not any([text, citizen_id, doc_type, dossier, date_from, date_to]):
        raise click.UsageError("give words to search for, or --citizen-id / --type / --dossier / --from / --to")
    try:  # an empty ID, a query of punctuation only, an unknown type: refused, never "no filter"
        asked = build_query(text=text, citizen=citizen_id, doc_type=doc_type, dossier=dossier, limit=limit,
                            received_from=date_from.date() if date_from else None,
                            received_to=date_to.date() if date_to else None)
    except QueryRefused as exc:
        raise click.UsageError(str(exc)) from None
    query = asked.query
    citizen_id, name = query.citizen_id, asked.citizen.name if asked.citizen else None
    from index.grouping import group_hits
    from pipeline.present import waiting_rows
    from pipeline.query import Found, hit_of

    results = run_search(DataDir(data_dir), query, index_kind, Actor.cli(officer))
    found = results.found
    waiting = [Found(document=d, hit=hit_of(d)) for d in results.review]
    groups = group_hits([f.hit for f in found])
    validity = {item.hit.id: item.validity for group in group_hits([f.hit for f in found + waiting])
                for item in group.items}

    def as_json_document(f):
        v = validity[f.hit.id]
        return {**f.document.model_dump(mode="json"), "score": f.hit.score, "snippet": f.hit.snippet,
                "validity": {"status": v.status, "valid_until": v.valid_until, "basis": v.basis}}

    if as_json:
        # `documents` keeps its meaning (what the search found: for an ID, the citizen's linked
        # papers); `review`: waiting documents whose evidence names the ID asked
        _dump({"query": query.model_dump(mode="json"), "documents": [as_json_document(f) for f in found],
               "review": [as_json_document(f) for f in waiting]})
        return
    if name:
        click.echo(escape_controls(f"citizen {citizen_id}: {name} (from the QR code; check it against the person)"))
    if not found and not waiting:
        click.echo("no documents found")
        return
    _echo_lines(grouped_rows(groups, {f.document.id: f.document for f in found}))
    _echo_lines(waiting_rows(citizen_id, results.review))
    click.echo(f"{len(found)} document(s)" + (f", {len(waiting)} waiting for review" if waiting else ""))


@main.command()
@click.argument("doc_id")
@ACTING
@DATA_DIR
@JSON
@operator_errors
def show(doc_id, officer, data_dir, as_json):
    """Print a document's metadata and text."""
    from access.models import Actor
    from pipeline.datadir import DataDir
    from pipeline.present import document_detail
    from pipeline.query import show as run_show
    from pipeline.query import show_fields

    record = run_show(DataDir(data_dir), doc_id, Actor.cli(officer))
    if record is None:
        raise click.ClickException(f"no document {escape_controls(repr(doc_id))} in {data_dir}")
    fields = show_fields(DataDir(data_dir), doc_id)
    if as_json:
        _dump({**record.model_dump(mode="json"), "fields": fields})
        return
    _echo_lines(document_detail(record))
    _echo_lines(f"  {field['name']}: {field['value']} ({field['source']}, {field['confidence']:.2f})"
                for field in fields)


@main.command()
@click.argument("doc_id")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@ACTING
@DATA_DIR
@operator_errors
def export(doc_id, out, officer, data_dir):
    """Write a document's searchable PDF (page images with selectable Vietnamese text)."""
    from access.models import Actor
    from pipeline.datadir import DataDir
    from pipeline.query import ExportError, export_pdf

    try:
        record = export_pdf(DataDir(data_dir), doc_id, out, Actor.cli(officer))
    except ExportError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"wrote {out} ({len(record.pages)} page(s), {record.doc_type})")


@main.command()
@DATA_DIR
@INDEX
@operator_errors
def reindex(data_dir, index_kind):
    """Rebuild the search index from the catalogue (the source of truth)."""
    from catalogue.store import Catalogue
    from pipeline.datadir import DataDir
    from pipeline.indexing import rebuild_index

    data = DataDir(data_dir)
    if not data.catalogue.exists():
        raise click.ClickException(f"no catalogue in {data_dir}")
    with Catalogue(data.catalogue) as catalogue:
        waiting = rebuild_index(catalogue, data, index_kind)
        total = catalogue.document_count()
    click.echo(f"indexed {total - waiting} of {total} document(s) into {index_kind}")


@main.group("catalogue")
def catalogue_group() -> None:
    """The catalogue itself: its schema version, and moving a centre into the province's."""


@catalogue_group.command("upgrade")
@DATA_DIR
@operator_errors
def catalogue_upgrade(data_dir):
    """Bring the data folder's catalogue to this hoso's schema version, in place, keeping every row.

    A catalogue of a newer hoso is refused and left as it is; running it twice changes nothing."""
    from catalogue import migrate

    from catalogue.database import shown, url_of

    data = _data(data_dir)
    if not data.catalogue.exists():
        raise click.UsageError(f"no catalogue in {data.root}: nothing to upgrade")
    url = url_of(data.catalogue)
    before = migrate.current_version(url)
    after = migrate.upgrade(url)
    was = "made before versioned migrations" if before is None else f"at version {before}"
    click.echo(f"catalogue {shown(data.catalogue)}: version {after} (it was {was})")


@catalogue_group.command("copy")
@click.option("--to", "target", required=True, metavar="URL", help="The province catalogue: postgresql://user:pass@host:port/db.")
@click.option("--centre", "centre", required=True, callback=_code("centre code"),
              help="The centre's code in the province (the data folder's implicit centre becomes it).")
@click.option("--name", help="The centre's name, if neither catalogue has the centre yet.")
@DATA_DIR
@JSON
@operator_errors
def catalogue_copy(target, centre, name, data_dir, as_json):
    """Move a centre in: copy the data folder's catalogue into the province's, under CENTRE (logic in catalogue/copy.py).

    Idempotent (a second run adds nothing), in one transaction, verified by counts and checksums."""
    from catalogue.copy import NotAProvinceURL, copy_catalogue, report_lines

    data = _data(data_dir)
    if not data.catalogue.exists():
        raise click.UsageError(f"no catalogue in {data.root}: nothing to copy")
    try:
        report = copy_catalogue(data.catalogue, target, centre, name,
                                progress=lambda table, done, total: click.echo(f"copy: {table} {done}/{total}", err=True))
    except NotAProvinceURL as exc:
        raise click.BadParameter(str(exc), param_hint="'--to'") from None
    if as_json:
        _dump(report.model_dump(mode="json"))
    else:
        _echo_lines(report_lines(report))


@main.group("index")
def index_group() -> None:
    """The search index (derived from the catalogue)."""


@index_group.command("status")
@click.option("--verify", is_flag=True, help="Also compare every document id (reads the whole index).")
@DATA_DIR
@INDEX
@JSON
@operator_errors
def index_status(verify, data_dir, index_kind, as_json):
    """Backend, documents in the catalogue vs in the index, and the outbox waiting."""
    from pipeline.datadir import DataDir
    from pipeline.indexing import index_status as read_status
    from pipeline.indexing import index_problem, index_status_lines

    status = read_status(DataDir(data_dir), index_kind, verify=verify)
    if as_json:
        _dump(status.model_dump(mode="json"))
    else:
        _echo_lines(index_status_lines(status))
    if index_problem(status):
        sys.exit(1)  # a monitoring check sees the problem it reports


@main.command()
@operator_errors
def profiles() -> None:
    """List the scanner profiles."""
    from cleanup import list_profiles

    for profile in list_profiles():
        click.echo(f"{profile.name:<18} {profile.description}  [{profile.source}]")


# --- dossiers and reuse statistics (logic in dossier/) ----------------------------------------



OFFICER = ACTING


def _catalogue_path(data_dir: Path) -> Path:
    from pipeline.datadir import DataDir

    return DataDir(data_dir).catalogue


def _data(data_dir: Path):
    from pipeline.datadir import DataDir

    return DataDir(data_dir)


def _actor(officer: str | None):
    from access.models import Actor

    return Actor.cli(officer)


def _show_dossier(view, as_json: bool, history: bool = False) -> None:
    from dossier.present import dossier_lines, history_lines

    if as_json:
        _dump(view.model_dump(mode="json"))
        return
    _echo_lines(dossier_lines(view) + (history_lines(view) if history else []))


@main.group()
def dossier() -> None:
    """Dossiers: open one, reuse stored documents, show its components."""


@dossier.command("open")
@click.option("--dossier", "code", required=True, callback=_code("dossier code"),
              help="Dossier code (letters, digits, . - _).")
@click.option("--citizen-id", required=True, help="Citizen ID, or the payload a QR reader types from the card.")
@click.option("--procedure", required=True, help="Procedure code (see `hoso dossier procedures`).")
@OFFICER
@DATA_DIR
@JSON
@operator_errors
def dossier_open(code, citizen_id, procedure, officer, data_dir, as_json):
    """Register a dossier and list the citizen's documents on file: do not ask for them again."""
    from pipeline.citizen_input import parse_citizen_input
    from pipeline.dossiers import open_dossier

    _check_procedure_option(procedure)
    parsed = parse_citizen_input(citizen_id)
    if parsed.problems:
        raise click.BadParameter(f"{parsed.citizen_id!r} is not a valid citizen ID: {'; '.join(parsed.problems)}",
                                 param_hint="--citizen-id")
    _show_dossier(open_dossier(_data(data_dir), code, parsed.citizen_id, procedure, _actor(officer)), as_json)


@dossier.command("reuse")
@click.option("--dossier", "code", required=True, callback=_code("dossier code"), help="Dossier code.")
@click.option("--document", "document_id", required=True, help="ID of the stored document reused.")
@click.option("--component", help="Component key, when several take this document type.")
@click.option("--confirm-validity", is_flag=True,
              help="The paper's validity is unknown on file and you checked its dates on the paper (recorded).")
@OFFICER
@DATA_DIR
@JSON
@operator_errors
def dossier_reuse(code, document_id, component, confirm_validity, officer, data_dir, as_json):
    """Record that a stored document satisfied a component of the dossier."""
    from pipeline.dossiers import reuse

    event, warnings = reuse(_data(data_dir), code, document_id, _actor(officer), component, confirm_validity)
    if as_json:
        _dump({"event": event.model_dump(mode="json"), "warnings": warnings})
        return
    click.echo(f"reused {document_id} for {code} ({event.component or event.doc_type}), event #{event.id}")
    for warning in warnings:
        click.echo(f"note: {warning}", err=True)


@dossier.command("result")
@click.argument("code", callback=_code("dossier code"))
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--profile", envvar="HOSO_PROFILE", default="default", show_default=True, help="Scanner profile.")
@click.option("--jobs", envvar="HOSO_JOBS", type=click.IntRange(1, 64), default=None, help="Pages in parallel [cores].")
@OFFICER
@DATA_DIR
@INDEX
@JSON
@operator_errors
def dossier_result(code, files, profile, jobs, officer, data_dir, index_kind, as_json):
    """Return the dossier's result to the citizen: scan the result FILEs (none: returned without a
    scan, counted as not digitised) as the dossier's citizen's papers, and close the dossier."""
    from pipeline.dossiers import return_result
    from pipeline.models import IngestOptions
    from pipeline.present import file_summary, return_lines

    if files:
        _check_paths(files)
        _check_centre_timezone()
        _check_profile(profile)
    options = IngestOptions(profile=profile, **({"jobs": jobs} if jobs else {}))
    record, outcomes = return_result(_data(data_dir), code, list(files), _actor(officer), options, index_kind,
                                     on_event=None if as_json else _progress_printer())
    if as_json:
        _dump({**record.model_dump(mode="json", exclude={"events"}),
               "events": [e.model_dump(mode="json") for e in record.events],
               "files": [{"path": o.path, "status": o.status, "reason": o.reason, "sha256": o.sha256,
                          "documents": [d.id for d in o.documents]} for o in outcomes]})
        return
    _clear_progress()
    for outcome in outcomes:
        _echo_lines(file_summary(outcome))
    _echo_lines(return_lines(record))


@dossier.command("paper")
@click.option("--dossier", "code", required=True, callback=_code("dossier code"), help="Dossier code.")
@click.option("--type", "doc_type", required=True, help="Document type key of the paper handed in.")
@click.option("--component", help="Component key, when several take this document type.")
@OFFICER
@DATA_DIR
@operator_errors
def dossier_paper(code, doc_type, component, officer, data_dir):
    """Record a component handed in on paper and not scanned."""
    from pipeline.dossiers import paper

    event = paper(_data(data_dir), code, doc_type, _actor(officer), component)
    missed = f"; missed reuse: {event.missed_reuse_of} was on file" if event.missed_reuse_of else ""
    click.echo(f"recorded paper {doc_type} for {code}, event #{event.id}{missed}")


@dossier.command("dates")
@click.argument("document_id")
@click.option("--issued", type=click.DateTime(["%Y-%m-%d"]), help="Issue date read on the paper.")
@click.option("--expires", type=click.DateTime(["%Y-%m-%d"]), help="Expiry date read on the paper.")
@click.option("--no-expiry", is_flag=True, help="The paper says it does not expire.")
@OFFICER
@DATA_DIR
@operator_errors
def dossier_dates(document_id, issued, expires, no_expiry, officer, data_dir):
    """Record the issue / expiry date of a stored document (decides whether it can be reused)."""
    from pipeline.dossiers import record_dates

    validity = record_dates(_data(data_dir), document_id, _actor(officer), issued.date() if issued else None,
                            expires.date() if expires else None, no_expiry)
    click.echo(f"{document_id}: {validity.status} ({validity.basis})")


@dossier.command("show")
@click.argument("code", callback=_code("dossier code"))
@OFFICER
@DATA_DIR
@JSON
@operator_errors
def dossier_show(code, officer, data_dir, as_json):
    """Show a dossier: each component's status, and its history."""
    from pipeline.dossiers import show_dossier

    if not _catalogue_path(data_dir).exists():
        raise click.ClickException(f"no catalogue in {data_dir}")
    _show_dossier(show_dossier(_data(data_dir), code, _actor(officer)), as_json, history=True)


@dossier.command("sync")
@DATA_DIR
@operator_errors
def dossier_sync(data_dir):
    """Record submissions of documents scanned for a dossier and not recorded yet."""
    from dossier.events import record_pending_submissions

    if not _catalogue_path(data_dir).exists():
        raise click.ClickException(f"no catalogue in {data_dir}")
    events = record_pending_submissions(_catalogue_path(data_dir))
    missed = sum(e.missed_reuse_of is not None for e in events)
    click.echo(f"recorded {len(events)} submitted component(s), {missed} missed reuse(s)")


@dossier.command("procedures")
@JSON
@operator_errors
def dossier_procedures(as_json):
    """List the procedures and their components (shipped + HOSO_PROCEDURES)."""
    from dossier.procedures import load_procedures

    catalogue = load_procedures()
    if as_json:
        _dump(catalogue.model_dump(mode="json"))
        return
    for procedure in catalogue.procedures.values():
        click.echo(f"{procedure.code}: {procedure.name_vi}")
        for c in procedure.components:
            click.echo(f"    {c.key} ×{c.count}{' (nếu có)' if c.optional else ''}: {c.name_vi} [{', '.join(c.types)}]")


@main.command()
@click.option("--period", required=True, callback=_period, help="2026-W12 (closes Friday 16:00), 2026-03, 2026-Q1, 2026, "
                                               "or 2026-03-01..2026-03-15.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "csv", "xlsx", "png"]), default="text",
              show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Output file (needed for xlsx, png).")
@click.option("--trend", default=6, show_default=True, type=click.IntRange(0, 60), help="Previous periods shown.")
@click.option("--centre", help="The figures of this centre's dossiers [the supervisor's own centre, if any].")
@click.option("--all-centres", is_flag=True, help="The province: every centre, one row each, and the total.")
@ACTING
@DATA_DIR
@operator_errors
def stats(period, fmt, out, trend, centre, all_centres, officer, data_dir):
    """Reuse and digitisation figures for a period, per procedure, document type, officer and centre (supervisors)."""
    from dossier.export import export
    from pipeline.dossiers import statistics

    if fmt in ("xlsx", "png") and out is None:
        raise click.UsageError(f"--format {fmt} needs --out FILE")
    if centre and all_centres:
        raise click.UsageError("give --centre CODE or --all-centres, not both")
    _check_centre_option(centre, data_dir, "--centre")
    report = statistics(_data(data_dir), period, trend, _actor(officer), centre, all_centres)
    text = export(report, fmt, out)
    if text is not None and fmt == "text":
        _echo_lines(text.splitlines())  # names and codes in it are stored text
    elif text is not None:
        click.echo(text, nl=False)
    else:
        click.echo(f"wrote {out}", err=True)



# --- centres (logic in access/centres.py) ------------------------------------------------------

@main.group()
def centres() -> None:
    """The one-stop centres of the province (none named: the data folder's one implicit centre)."""


@centres.command("add")
@click.argument("code")
@click.option("--name", required=True, help="The centre's name (e.g. UBND phường Ba Đình).")
@ACTING
@DATA_DIR
@operator_errors
def centres_add(code, name, officer, data_dir):
    """Add a centre: CODE is the official administrative-unit code where it has one."""
    from access.centres import CentreError, CentreExists, add_centre

    try:
        added = add_centre(_data(data_dir).catalogue, code, name, _actor(officer))
    except CentreExists as exc:
        raise click.ClickException(str(exc)) from None
    except CentreError as exc:
        raise click.BadParameter(str(exc), param_hint="CODE / --name") from None
    click.echo(escape_controls(f"added centre {added.code}: {added.name}"))


@centres.command("list")
@DATA_DIR
@JSON
@operator_errors
def centres_list(data_dir, as_json):
    """List the centres."""
    from access.centres import list_centres

    found = list_centres(_data(data_dir).catalogue)
    if as_json:
        _dump({"centres": [c.model_dump(mode="json") for c in found]})
        return
    if not found:
        click.echo("no centres named: one implicit centre (add one: hoso centres add CODE --name NAME)")
    _echo_lines(f"{c.code:<12} {c.name}" for c in found)


# --- officers and the audit log (logic in access/) --------------------------------------------

@main.group()
def officers() -> None:
    """The officers who may search, view and reuse citizens' papers, with their roles."""


def _password(from_stdin: bool, prompt: bool) -> str | None:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if prompt and sys.stdin.isatty():
        return click.prompt("password (for the web sign-in)", hide_input=True, confirmation_prompt=True)
    return None


@officers.command("add")
@click.argument("name")
@click.option("--role", required=True, type=click.Choice(["operator", "officer", "supervisor", "province_supervisor"]))
@click.option("--password-stdin", is_flag=True, help="Read the web sign-in password from the first line of stdin.")
@click.option("--centre", help="Centre code the officer works at (hoso centres list) [none: the implicit centre].")
@ACTING
@DATA_DIR
@operator_errors
def officers_add(name, role, password_stdin, centre, officer, data_dir):
    """Add an officer (asks for a password on a terminal; without one they can use the CLI only)."""
    from access.officers import add_officer

    _check_centre_option(centre, data_dir, "--centre")  # before the password is asked for
    added = add_officer(_data(data_dir).catalogue, name, role, _password(password_stdin, True), _actor(officer),
                        centre)
    web = "can sign in to the web application" if added.has_password else "no password: command line only"
    at = f", centre {added.centre}" if added.centre else ""
    click.echo(f"added officer {added.name} ({added.role}{at}); {web}")


@officers.command("set")
@click.argument("name")
@click.option("--role", type=click.Choice(["operator", "officer", "supervisor", "province_supervisor"]))
@click.option("--active", "activate", is_flag=True, help="Reactivate.")
@click.option("--inactive", "deactivate", is_flag=True,
              help="Deactivate (officers are never deleted: the audit log names them).")
@click.option("--password-stdin", is_flag=True, help="Set the web sign-in password from the first line of stdin.")
@click.option("--centre", help="Move the officer to this centre (hoso centres list).")
@ACTING
@DATA_DIR
@operator_errors
def officers_set(name, role, activate, deactivate, password_stdin, centre, officer, data_dir):
    """Change an officer's role, active flag, password or centre."""
    from access.officers import set_officer

    if activate and deactivate:
        raise click.UsageError("give --active or --inactive, not both")
    _check_centre_option(centre, data_dir, "--centre")  # before the password is asked for
    active = True if activate else (False if deactivate else None)
    changed = set_officer(_data(data_dir).catalogue, name, _actor(officer), role=role, active=active,
                          password=_password(password_stdin, False), centre=centre)
    at = f", centre {changed.centre}" if changed.centre else ""
    click.echo(f"officer {changed.name}: {changed.role}, {'active' if changed.active else 'INACTIVE'}{at}")


@officers.command("list")
@DATA_DIR
@JSON
@operator_errors
def officers_list(data_dir, as_json):
    """List the officers and their roles."""
    from access.officers import list_officers

    found = list_officers(_data(data_dir).catalogue)
    if as_json:
        _dump([o.model_dump(mode="json") for o in found])
        return
    if not found:
        click.echo("no officers yet: hoso officers add NAME --role officer")
    for o in found:
        flags = ("" if o.active else "  INACTIVE") + ("" if o.has_password else "  (no web password)")
        centre = f"  centre {o.centre}" if o.centre else ""
        click.echo(escape_controls(f"{o.name:<24} {o.role:<11}{flags}{centre}"))


@main.command()
@click.option("--citizen-id", callback=_citizen, help="Citizen ID, or the payload a QR reader types from the card.")
@click.option("--sign-ins", is_flag=True, help="Instead: sign-ins and failed sign-ins per officer.")
@click.option("--of", "of_officer", metavar="NAME", help="With --sign-ins: only this officer's (or name's).")
@ACTING
@DATA_DIR
@JSON
@operator_errors
def audit(citizen_id, sign_ins, of_officer, officer, data_dir, as_json):
    """Who looked at this person's papers, when, through what, and which documents (supervisors);
    or, with --sign-ins, who signed in to the web application and who failed."""
    if sign_ins or of_officer:
        if citizen_id or not sign_ins:
            raise click.UsageError("give --citizen-id ID, or --sign-ins [--of NAME]")
        _audit_sign_ins(of_officer, officer, data_dir, as_json)
        return
    if not citizen_id:
        raise click.UsageError("give --citizen-id ID (who looked at a citizen's papers), or --sign-ins")
    from access.audit import entry_lines
    from pipeline.query import audit_trail

    entries = audit_trail(_data(data_dir), citizen_id, _actor(officer))
    if as_json:
        _dump({"citizen_id": citizen_id, "entries": [e.model_dump(mode="json") for e in entries]})
        return
    if not entries:
        click.echo(f"nobody has looked at the papers of {citizen_id}")
    _echo_lines(entry_lines(entries))


def _audit_sign_ins(name: str | None, officer: str | None, data_dir: Path, as_json: bool) -> None:
    from access.audit import entry_lines
    from pipeline.query import sign_in_trail

    summaries, entries = sign_in_trail(_data(data_dir), name, _actor(officer))
    if as_json:
        _dump({"officers": [s.model_dump(mode="json") for s in summaries],
               "entries": [e.model_dump(mode="json") for e in entries]})
        return
    if not summaries:
        click.echo("no sign-ins yet")
    for summary in summaries:
        click.echo(_sign_in_line(summary))
    for line in entry_lines(entries):
        click.echo(line)


def _sign_in_line(summary) -> str:
    from index.models import centre_timezone

    def at(moment):
        return moment.astimezone(centre_timezone()).strftime("%Y-%m-%d %H:%M") if moment else "never"

    name = "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in summary.name)  # typed by anyone
    who = name if summary.is_officer else f"{name} (no such officer)"
    line = (f"{who}: {summary.signed_in} signed in (last {at(summary.last_signed_in)}), {summary.failed} failed"
            f" (last {at(summary.last_failed)}{', from ' + ', '.join(summary.failed_from) if summary.failed_from else ''})"
            f", {summary.refused_locked} refused while locked, {summary.refused_other} other refusals")
    if summary.locked_until:
        line += f"; LOCKED until {at(summary.locked_until)}"
    return line


@main.command()
@click.option("--host", envvar="HOSO_HOST", default="127.0.0.1", show_default=True,
              help="Address to listen on (loopback by default: put HTTPS in front before opening it up).")
@click.option("--port", envvar="HOSO_PORT", default=8080, show_default=True, type=click.IntRange(1, 65535))
@click.option("--idle-minutes", envvar="HOSO_SESSION_IDLE_MINUTES", default=15.0, show_default=True,
              type=click.FloatRange(0.1, 24 * 60), help="A session ends after this long without a request.")
@click.option("--session-hours", envvar="HOSO_SESSION_HOURS", default=8.0, show_default=True,
              type=click.FloatRange(0.01, 24), help="A session ends this long after sign-in in any case.")
@click.option("--secure-cookies", is_flag=True, envvar="HOSO_SECURE_COOKIES", help="Behind HTTPS: cookies sent over HTTPS only.")
@click.option("--centre", envvar="HOSO_CENTRE", help="Centre code this server acts for (recorded in audit entries).")
@DATA_DIR
@INDEX
@operator_errors
def serve(host, port, idle_minutes, session_hours, secure_cookies, centre, data_dir, index_kind):
    """The officers' web application (sign in with an officer's password: hoso officers add ... --password-stdin)."""
    from index.models import centre_timezone
    from web.serve import run

    centre_timezone()  # an unknown HOSO_TIMEZONE stops the start, not a page later
    data = _data(data_dir)
    if data.catalogue.exists():  # so does a catalogue of a newer hoso, or an unreachable server
        from catalogue.store import Catalogue

        Catalogue(data.catalogue).close()
    _check_centre_option(centre, data_dir)
    run(data, index_kind, host, port, idle_minutes, session_hours, secure_cookies, centre)


@main.group("review", invoke_without_command=True)
@ACTING
@DATA_DIR
@JSON
@click.pass_context
@operator_errors
def review(ctx, officer, data_dir, as_json):
    """Documents waiting for an officer (with the reason); confirm, relink or retype them."""
    ctx.obj = data_dir  # `hoso review --data-dir D confirm X` and `... confirm X --data-dir D` both work
    if ctx.invoked_subcommand is not None:
        return
    from pipeline.review import review_lines
    from pipeline.review_actions import pending

    items = pending(_data(data_dir), _actor(officer))
    if as_json:
        _dump({"documents": [i.model_dump(mode="json") for i in items]})
        return
    _echo_lines(review_lines(items))


REVIEW_DATA_DIR = click.option(
    "--data-dir", envvar="HOSO_DATA_DIR", default=None, type=click.Path(file_okay=False, path_type=Path, resolve_path=True),
    help="Data folder (default: the one given to `hoso review`, else hoso-data).",
)


def _review_dir(data_dir: Path | None) -> Path:
    return data_dir or click.get_current_context().obj or Path("hoso-data").resolve()


def _decided(record) -> None:
    who = record.citizen_id or "no citizen"
    click.echo(escape_controls(f"{record.id}: {record.doc_type}, {record.link_status} ({who}) - {record.link_reason}"))


CORRECTION_REASON = click.option(
    "--reason", "note", help="Why (required to correct a document that is not waiting for review; recorded).")


@review.command("confirm")
@click.argument("doc_id")
@click.option("--citizen-id", help="Link to this one of the IDs the document names (default: the proposed one).")
@OFFICER
@REVIEW_DATA_DIR
@operator_errors
def review_confirm(doc_id, citizen_id, officer, data_dir):
    """Accept the proposed link of a waiting document."""
    from pipeline.review_actions import confirm

    _decided(confirm(_data(_review_dir(data_dir)), doc_id, _actor(officer), citizen_id))


@review.command("relink")
@click.argument("doc_id")
@click.option("--citizen-id", required=True, callback=_citizen, help="The owner's citizen ID (or a CCCD QR payload).")
@CORRECTION_REASON
@OFFICER
@REVIEW_DATA_DIR
@operator_errors
def review_relink(doc_id, citizen_id, note, officer, data_dir):
    """Link a document to the citizen it belongs to (a linked one only with --reason)."""
    from pipeline.review_actions import relink

    _decided(relink(_data(_review_dir(data_dir)), doc_id, citizen_id, _actor(officer), note))


@review.command("retype")
@click.argument("doc_id")
@click.option("--type", "doc_type", required=True, help="The correct document type key.")
@CORRECTION_REASON
@OFFICER
@REVIEW_DATA_DIR
@operator_errors
def review_retype(doc_id, doc_type, note, officer, data_dir):
    """Correct a document's type (used when the classifier is retrained); never decides its link."""
    from pipeline.review_actions import retype

    _decided(retype(_data(_review_dir(data_dir)), doc_id, doc_type, _actor(officer), note))


@main.command("cover-sheet")
@click.option("--citizen-id", required=True, callback=_citizen,
              help="The citizen whose papers follow (or a CCCD QR payload).")
@click.option("--dossier", "code", required=True, callback=_code("dossier code"),
              help="Dossier code (letters, digits, . - _).")
@click.option("--procedure", callback=_code("procedure code"), help="Procedure code.")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@operator_errors
def cover_sheet(citizen_id, code, procedure, out):
    """Print an A4 separator page (QR code + large print) to scan in front of a dossier's papers."""
    from classify.cover_sheet import CoverData, CoverSheetError
    from pipeline.cover_print import write_cover_sheet

    _check_procedure_option(procedure)
    try:  # the options were checked by their callbacks: what is left is the payload's own check
        data = CoverData(dossier=code, citizen_id=citizen_id, procedure=procedure)
        write_cover_sheet(data, out)
    except CoverSheetError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"wrote {out}: cover sheet for dossier {code}, citizen {data.citizen_id}")


CLASSIFY_DATA_DIR = click.option(
    "--data-dir", "--data", "data_dir", envvar="HOSO_DATA_DIR", default="hoso-data", show_default=True,
    type=click.Path(file_okay=False, path_type=Path, resolve_path=True), help="Data folder (catalogue, models).",
)


def _stage(message: str) -> None:
    click.echo(f"  {message} ...", err=True)


@main.group("classify")
def classify_group() -> None:
    """The document-type model: retrain it from labelled documents, evaluate it."""


@classify_group.command("train")
@CLASSIFY_DATA_DIR
@JSON
@operator_errors
def classify_train(data_dir, as_json):
    """Retrain the type model from the catalogue's labelled documents (officers' corrections included)."""
    from pipeline.type_training import TrainingError, train_from_catalogue, train_lines

    try:
        report = train_from_catalogue(_data(data_dir), progress=_stage)
    except TrainingError as exc:  # imported here: numpy and scikit-learn stay out of other commands
        raise click.ClickException(str(exc)) from None
    if as_json:
        _dump(report.model_dump(mode="json"))
        return
    for line in train_lines(report):
        click.echo(line)


@classify_group.command("eval")
@click.option("--stripped", is_flag=True, help="Also score the text with its diacritics removed.")
@click.option("--min-held-back", type=click.IntRange(1, 100_000), default=None,
              help="Fewest held-back documents that give figures [20].")
@CLASSIFY_DATA_DIR
@JSON
@operator_errors
def classify_eval(stripped, min_held_back, data_dir, as_json):
    """Per-type precision/recall/F1, macro-F1 and confusion on held-back labelled documents."""
    from classify.training import MIN_HELD_BACK
    from pipeline.type_training import TrainingError, eval_lines, evaluate_catalogue

    try:
        report = evaluate_catalogue(_data(data_dir), stripped, min_held_back or MIN_HELD_BACK, progress=_stage)
    except TrainingError as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        _dump(report.model_dump(mode="json"))
    elif report.status == "ok":
        for line in eval_lines(report):
            click.echo(line)
    if report.status != "ok":
        if not as_json:
            click.echo(f"Error: {report.message}", err=True)
        sys.exit(1)


def run() -> None:
    """The `hoso` command (the click group `main`), exiting even when a page pool's thread is stuck."""
    try:
        main()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        _exit_past_stuck_pool_threads(code)
        raise


def _exit_past_stuck_pool_threads(code: int, grace: float = 10.0) -> None:
    """Python joins every process-pool manager thread before it exits. After a worker was
    killed (a hung or crashed page), CPython 3.11's manager thread can spin for ever (the
    gh-132969 family): a finished `hoso ingest` would never exit. Its work is done and its
    output written: give those threads a moment, then leave without them."""
    import time

    process = sys.modules.get("concurrent.futures.process")
    if process is None:
        return
    threads = [t for t in list(getattr(process, "_threads_wakeups", {})) if t.is_alive()]
    deadline = time.monotonic() + grace
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    if any(t.is_alive() for t in threads):
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


if __name__ == "__main__":
    run()
