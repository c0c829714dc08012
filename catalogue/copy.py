"""Move a centre in: copy an embedded catalogue into the province's PostgreSQL catalogue.

`hoso catalogue copy --to postgresql://... --centre CODE` reads the data folder's SQLite
catalogue and writes every row into the province's, under the centre's code, so a centre that
started on the embedded default joins the province without re-scanning and keeps its history.

- The implicit centre becomes CODE: a NULL in documents.centre, officers.centre,
  audit_log.centre, dossier_events.centre/origin_centre is written as CODE, and CODE is added
  to the province's centres (named from the source's centres table, or by `name`).
- Idempotent. A row with a natural key (a file's sha256, a document's id, a page's
  (source_sha256, number), an officer's name, ...) that the province already has is skipped.
  The append-only tables' integer ids are the province's own, so their identity is kept in
  copied_rows (revision 0004): (source catalogue, table, id there) -> id here; the source
  catalogue is named by a `catalogue_id` written once into its meta table. audit_seen points
  to the audit entries' new ids.
- A conflict (an officer, a dossier code or a document the province has from another centre)
  refuses the whole copy, naming each, before anything is written.
- One transaction on the province: a failure leaves it as it was. Two copies at once: one waits.
- Verified: for every table, the rows of the source (centre mapped) and the rows the province
  holds under the same identities are hashed in the same fixed order (the source's key order),
  each side read from its own database. A row written by this run that does not read back the
  same stops the copy (rolled back). A row the province already had and has changed since (an
  officer's new password, a document relinked by review) is reported, not overwritten.
- Not copied, and why: `meta` (the province has its own schema version) and `index_outbox`
  (what the centre's own index lacked; instead every document this run adds is queued in the
  province's outbox, so the province index learns it). `page_jobs` is copied: a finished file
  keeps its pages' final states there. A source with an unfinished ingest (a file queued or
  processing, page results not yet committed) is refused: such a file resumes only on its own
  station, so let that ingest finish first.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import sqlalchemy as sa
from pydantic import BaseModel

from catalogue import migrate, schema
from catalogue.database import engine_for, first_line
from catalogue.versions import CatalogueError

BATCH = 1000
MAX_NAMED = 10  # conflicts named in the refusal (then "and N more")

Progress = Callable[[str, int, int], None]  # table, rows done, rows in the source


class NotAProvinceURL(ValueError):
    """The target is not a PostgreSQL URL (a wrong option)."""


class CopyRefused(CatalogueError):
    """The copy would mix this centre's rows with another centre's; nothing was written."""


class CopyFailed(CatalogueError):
    """The copy stopped; the province's catalogue was rolled back to what it was."""


# --- what is copied, in the order the foreign keys need ----------------------------------------

# table -> columns whose NULL means the implicit centre of the embedded default
CENTRE_COLUMNS: dict[str, tuple[str, ...]] = {
    "documents": ("centre",),
    "officers": ("centre",),
    "audit_log": ("centre",),
    "dossier_events": ("centre", "origin_centre"),
}


@dataclass(frozen=True)
class Keyed:
    """A table whose rows are found again by their natural key."""
    name: str
    key: tuple[str, ...]


@dataclass(frozen=True)
class AppendOnly:
    """A table of history with an integer id of its own catalogue's sequence."""
    name: str


PLAN: tuple[Keyed | AppendOnly, ...] = (
    Keyed("centres", ("code",)),
    Keyed("officers", ("name",)),
    Keyed("files", ("sha256",)),
    Keyed("documents", ("id",)),
    Keyed("pages", ("source_sha256", "number")),
    Keyed("cover_pages", ("source_sha256", "number")),
    Keyed("document_context", ("document_id",)),
    Keyed("document_fields", ("document_id", "name")),
    Keyed("page_jobs", ("source_sha256", "number")),
    AppendOnly("audit_log"),
    Keyed("audit_seen", ("audit_id", "document_id")),
    AppendOnly("dossier_events"),
    AppendOnly("document_dates"),
    AppendOnly("review_decisions"),
)


# --- the report --------------------------------------------------------------------------------

class TableCopy(BaseModel):
    source: int = 0            # rows in the source
    target: int = 0            # of those, rows the province holds under the same identity after the copy
    copied: int = 0            # written by this run
    skipped: int = 0           # already in the province
    changed_in_province: int = 0  # already there, and different from the source now
    source_checksum: str = ""  # SHA-256 over the source's rows (centre mapped), in its key order
    target_checksum: str = ""  # the same over the province's rows of the same identities
    verified: bool = False     # counts and checksums equal


class CopyReport(BaseModel):
    centre: str
    source: str                # the SQLite file
    target: str                # the province's URL, password hidden
    source_catalogue: str      # the source's catalogue_id (copied_rows.source_catalogue)
    tables: dict[str, TableCopy]
    copied: int
    skipped: int
    queued_for_index: int      # documents added to the province's index outbox
    verified: bool


# --- URLs and versions -------------------------------------------------------------------------

def province_url(url: str) -> str:
    """The SQLAlchemy URL of a PostgreSQL catalogue: postgresql:// means psycopg 3."""
    try:
        parsed = sa.engine.make_url(url)
    except sa.exc.ArgumentError:
        raise NotAProvinceURL(f"not a database URL: {url!r} (expected postgresql://user:pass@host:port/db)") from None
    if parsed.drivername == "postgres":  # libpq's own spelling, which SQLAlchemy no longer takes
        parsed = parsed.set(drivername="postgresql")
    if parsed.get_backend_name() != "postgresql":
        raise NotAProvinceURL(f"the province catalogue is PostgreSQL (postgresql://user:pass@host:port/db), not "
                              f"{parsed.get_backend_name()}: a centre moves into the province's server")
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def shown(url: str) -> str:
    return sa.engine.make_url(url).render_as_string(hide_password=True)


def _check_version(url: str, which: str) -> None:
    try:
        migrate.check(url)
    except CatalogueError as exc:
        raise type(exc)(f"{which}: {exc}") from None


def _reach(url: str) -> None:
    """One connection first, so an unreachable server is one message naming it."""
    eng = sa.create_engine(url)
    try:
        with eng.connect():
            pass
    except sa.exc.OperationalError as exc:
        raise CopyFailed(f"the province catalogue {shown(url)} cannot be reached: {first_line(exc)}") from None
    finally:
        eng.dispose()


# --- the source --------------------------------------------------------------------------------

def catalogue_id(path: Path) -> str:
    """The source's identity in copied_rows, made on its first copy (kept in its meta table)."""
    eng = migrate.engine(f"sqlite:///{path}")
    meta = schema.meta
    try:
        with eng.begin() as db:
            found = db.execute(sa.select(meta.c.value).where(meta.c.key == "catalogue_id")).scalar()
            if found is None:
                found = str(uuid.uuid4())
                db.execute(meta.insert().values(key="catalogue_id", value=found))
        return found
    finally:
        eng.dispose()


def _unfinished_ingest(source: sa.Connection) -> int:
    """Files an ingest has not finished: queued or processing, or with page results not yet committed.

    A finished file keeps its page_jobs rows (state done/failed/quarantined, outcome released):
    those are copied like any keyed rows. An unfinished one resumes only on its own station."""
    files, jobs = schema.files, schema.page_jobs
    busy = set(source.execute(sa.select(files.c.sha256).where(files.c.status.in_(("queued", "processing")))).scalars())
    busy |= set(source.execute(sa.select(jobs.c.source_sha256).distinct().where(
        sa.or_(jobs.c.state.in_(("queued", "processing")), jobs.c.outcome.is_not(None)))).scalars())
    return len(busy)


# --- rows, hashed the same way on both sides ----------------------------------------------------

def _with_centre(table: str, row: dict, code: str) -> dict:
    for column in CENTRE_COLUMNS.get(table, ()):
        if row[column] is None:
            row[column] = code
    return row


def _canonical(row: dict | None, columns: list[str]) -> bytes:
    if row is None:
        return b"-\n"
    return json.dumps([row[c] for c in columns], ensure_ascii=False, separators=(",", ":")).encode() + b"\n"


def _batches(source: sa.Connection, statement: sa.Select) -> Iterator[list[dict]]:
    """The source's rows BATCH at a time (streamed: a large catalogue is never all in memory)."""
    result = source.execution_options(yield_per=BATCH).execute(statement)
    for part in result.mappings().partitions(BATCH):
        yield [dict(r) for r in part]


def _chunks(values: list) -> Iterator[list]:
    for start in range(0, len(values), BATCH):
        yield values[start:start + BATCH]


def _key_clause(table: sa.Table, key: tuple[str, ...], keys: list[tuple]) -> sa.ColumnElement[bool]:
    if len(key) == 1:
        return table.c[key[0]].in_([k[0] for k in keys])
    return sa.tuple_(*(table.c[c] for c in key)).in_(keys)


@dataclass
class _Tally:
    """One table's counts and the two running checksums."""
    report: TableCopy = field(default_factory=TableCopy)
    source_hash: "hashlib._Hash" = field(default_factory=hashlib.sha256)
    target_hash: "hashlib._Hash" = field(default_factory=hashlib.sha256)

    def compare(self, table: str, mine: dict, theirs: dict | None, columns: list[str], written: bool,
                what: Callable[[], str]) -> None:
        ours, held = _canonical(mine, columns), _canonical(theirs, columns)
        self.source_hash.update(ours)
        self.target_hash.update(held)
        self.report.source += 1
        self.report.target += theirs is not None
        if ours != held:
            if written:
                raise CopyFailed(f"{table} {what()} does not read back from the province as it was written; "
                                 "the copy was rolled back, nothing was changed")
            self.report.changed_in_province += 1

    def done(self) -> TableCopy:
        r = self.report
        r.source_checksum, r.target_checksum = self.source_hash.hexdigest(), self.target_hash.hexdigest()
        r.verified = r.source == r.target and r.source_checksum == r.target_checksum
        return r


# --- the copy ----------------------------------------------------------------------------------

@dataclass
class _Run:
    source: sa.Connection
    target: sa.Connection
    code: str
    source_catalogue: str
    progress: Progress
    new_documents: list[str] = field(default_factory=list)

    def total(self, table: sa.Table) -> int:
        return self.source.execute(sa.select(sa.func.count()).select_from(table)).scalar()

    # keyed tables: skip what the province has, insert the rest, read back the batch
    def keyed(self, plan: Keyed, rows: list[list[dict]] | None = None,
              prepare: Callable[[list[dict]], list[dict]] | None = None) -> TableCopy:
        table = schema.metadata.tables[plan.name]
        columns = [c.name for c in table.columns]
        total = sum(len(part) for part in rows) if rows is not None else self.total(table)
        tally, done = _Tally(), 0
        in_key_order = sa.select(table).order_by(*(table.c[c] for c in plan.key))
        parts = rows if rows is not None else _batches(self.source, in_key_order)
        for part in parts:
            part = [_with_centre(plan.name, r, self.code) for r in part]
            if prepare is not None:
                part = prepare(part)
            keys = [tuple(r[c] for c in plan.key) for r in part]
            have = self._held(table, plan.key, keys)
            new = [r for k, r in zip(keys, part) if k not in have]
            if new:
                self.target.execute(table.insert(), new)
                if plan.name == "documents":
                    self.new_documents.extend(r["id"] for r in new)
            held = self._held(table, plan.key, keys) if new else have
            written = {tuple(r[c] for c in plan.key) for r in new}
            for k, r in zip(keys, part):
                tally.compare(plan.name, r, held.get(k), columns, k in written, lambda k=k: repr(k))
            tally.report.copied += len(new)
            tally.report.skipped += len(part) - len(new)
            done += len(part)
            self.progress(plan.name, done, total)
        return tally.done()

    def _held(self, table: sa.Table, key: tuple[str, ...], keys: list[tuple]) -> dict[tuple, dict]:
        if not keys:
            return {}
        found = self.target.execute(sa.select(table).where(_key_clause(table, key, keys))).mappings()
        return {tuple(r[c] for c in key): dict(r) for r in found}

    # append-only tables: copied_rows says which source ids the province already has
    def append_only(self, plan: AppendOnly) -> TableCopy:
        table = schema.metadata.tables[plan.name]
        columns = [c.name for c in table.columns if c.name != "id"]
        total = self.total(table)
        tally, done = _Tally(), 0
        for part in _batches(self.source, sa.select(table).order_by(table.c.id)):
            part = [_with_centre(plan.name, r, self.code) for r in part]
            ids = self.mapped(plan.name, [r["id"] for r in part])
            new = [r for r in part if r["id"] not in ids]
            if new:
                fresh = dict(zip((r["id"] for r in new), self.new_ids(plan.name, len(new))))
                self.target.execute(table.insert(), [{**{c: r[c] for c in columns}, "id": fresh[r["id"]]}
                                                     for r in new])
                self.target.execute(schema.copied_rows.insert(), [
                    {"source_catalogue": self.source_catalogue, "table_name": plan.name, "source_id": s,
                     "target_id": t} for s, t in fresh.items()])
                ids.update(fresh)
            held = {r["id"]: dict(r) for r in self.target.execute(
                sa.select(table).where(table.c.id.in_(list(ids.values())))).mappings()}
            written = {r["id"] for r in new}
            for r in part:
                tally.compare(plan.name, r, held.get(ids[r["id"]]), columns, r["id"] in written,
                              lambda r=r: f"id {r['id']}")
            tally.report.copied += len(new)
            tally.report.skipped += len(part) - len(new)
            done += len(part)
            self.progress(plan.name, done, total)
        return tally.done()

    def new_ids(self, table: str, count: int) -> list[int]:
        """Ids from the province's own sequence of `table`, taken before the batch's one INSERT."""
        sequence = sa.func.pg_get_serial_sequence(table, "id")
        return list(self.target.execute(sa.select(sa.func.nextval(sequence))
                                        .select_from(sa.func.generate_series(1, count))).scalars())

    def mapped(self, table: str, source_ids: list[int]) -> dict[int, int]:
        """source id -> province id, for the rows of `table` already copied from this source."""
        copied = schema.copied_rows
        found: dict[int, int] = {}
        for chunk in _chunks(source_ids):
            found.update(self.target.execute(
                sa.select(copied.c.source_id, copied.c.target_id)
                .where(copied.c.source_catalogue == self.source_catalogue, copied.c.table_name == table,
                       copied.c.source_id.in_(chunk))).all())
        return found

    def audit_seen_to_new_ids(self, part: list[dict]) -> list[dict]:
        ids = self.mapped("audit_log", sorted({r["audit_id"] for r in part}))
        missing = {r["audit_id"] for r in part} - ids.keys()
        if missing:
            raise CopyFailed(f"audit_seen refers to audit entries that are not in the source's audit log "
                             f"({sorted(missing)[:MAX_NAMED]}); nothing was changed")
        return [{**r, "audit_id": ids[r["audit_id"]]} for r in part]

    def queue_for_index(self) -> int:
        outbox = schema.index_outbox
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        queued = 0
        for chunk in _chunks(self.new_documents):
            have = set(self.target.execute(sa.select(outbox.c.document_id)
                                           .where(outbox.c.document_id.in_(chunk))).scalars())
            rows = [{"document_id": d, "queued_at": now} for d in chunk if d not in have]
            if rows:
                self.target.execute(outbox.insert(), rows)
            queued += len(rows)
        return queued

    # the centre itself
    def centre_rows(self, name: str | None) -> list[dict]:
        """The source's centres, and CODE (named from them, the province or `name`) if missing."""
        centres = schema.centres
        rows = [dict(r) for r in self.source.execute(sa.select(centres).order_by(centres.c.code)).mappings()]
        if any(r["code"] == self.code for r in rows):
            return rows
        theirs = self.target.execute(sa.select(centres).where(centres.c.code == self.code)).mappings().first()
        if theirs is None:
            name = " ".join((name or "").split())
            if not name:
                raise CopyRefused(f"centre {self.code} is neither in this catalogue's centres nor in the province's: "
                                  "give its name with --name; nothing was written")
            if len(name) > 200 or any(not ch.isprintable() for ch in name):
                raise CopyRefused("a centre's name has 1 to 200 printable characters; nothing was written")
            theirs = {"code": self.code, "name": name,
                      "created_at": datetime.now(timezone.utc).isoformat(timespec="seconds")}
        return sorted([*rows, dict(theirs)], key=lambda r: r["code"])

    # conflicts: looked for before anything is written
    def conflicts(self) -> list[str]:
        return [*self._officer_conflicts(), *self._document_conflicts(), *self._dossier_conflicts()]

    def _officer_conflicts(self) -> list[str]:
        officers = schema.officers
        mine = {r.name: r.centre or self.code for r in self.source.execute(
            sa.select(officers.c.name, officers.c.centre))}
        problems = []
        for chunk in _chunks(sorted(mine)):
            for r in self.target.execute(sa.select(officers.c.name, officers.c.centre)
                                         .where(officers.c.name.in_(chunk))):
                if r.centre != mine[r.name]:
                    problems.append(f"officer {r.name!r} already exists in the province at "
                                    f"{_centre_words(r.centre)}")
        return problems

    def _document_conflicts(self) -> list[str]:
        documents = schema.documents
        problems = []
        for part in _batches(self.source, sa.select(documents.c.id, documents.c.centre)):
            mine = {r["id"]: r["centre"] or self.code for r in part}
            for r in self.target.execute(sa.select(documents.c.id, documents.c.centre)
                                         .where(documents.c.id.in_(list(mine)))):
                if r.centre != mine[r.id]:
                    problems.append(f"document {r.id} is already in the province, received at {_centre_words(r.centre)}")
        return problems

    def _dossier_conflicts(self) -> list[str]:
        events = schema.dossier_events
        centres: dict[str, set[str]] = {}
        for r in self.source.execute(sa.select(events.c.dossier, events.c.centre).distinct()):
            centres.setdefault(r.dossier, set()).add(r.centre or self.code)
        opened = set(self.source.execute(sa.select(events.c.dossier).distinct()
                                         .where(events.c.kind == "dossier_opened")).scalars())
        problems: dict[str, str] = {}
        for chunk in _chunks(sorted(centres)):
            theirs = self.target.execute(sa.select(events.c.id, events.c.dossier, events.c.kind, events.c.centre)
                                         .where(events.c.dossier.in_(chunk))).all()
            ours = self._copied_from_here("dossier_events", [r.id for r in theirs])
            for r in theirs:
                if r.id in ours or r.dossier in problems:
                    continue
                if r.centre not in centres[r.dossier]:
                    problems[r.dossier] = (f"dossier code {r.dossier!r} is already used in the province by "
                                           f"{_centre_words(r.centre)}")
                elif r.kind == "dossier_opened" and r.dossier in opened:
                    problems[r.dossier] = f"dossier code {r.dossier!r} is already registered in the province"
        return list(problems.values())

    def _copied_from_here(self, table: str, target_ids: list[int]) -> set[int]:
        copied = schema.copied_rows
        found: set[int] = set()
        for chunk in _chunks(target_ids):
            found.update(self.target.execute(
                sa.select(copied.c.target_id).where(copied.c.source_catalogue == self.source_catalogue,
                                                    copied.c.table_name == table,
                                                    copied.c.target_id.in_(chunk))).scalars())
        return found

    def audit_the_copy(self, copied: int, source_path: Path) -> None:
        """The province's audit log records that a centre moved in (only when rows were added)."""
        from access.models import Actor  # the CLI's channel, as every other audited change names it

        self.target.execute(schema.audit_log.insert().values(
            at=datetime.now(timezone.utc).isoformat(timespec="seconds"), officer="-", role=None,
            action="catalogue_copied", outcome="ok", channel=Actor.cli(None).channel, document_ids="[]",
            detail=f"{copied} rows from {source_path} (catalogue {self.source_catalogue})", centre=self.code))


def _centre_words(code: str | None) -> str:
    return f"centre {code}" if code else "no centre"


def copy_catalogue(source_path: Path, target_url: str, code: str, name: str | None = None,
                   progress: Progress | None = None) -> CopyReport:
    """Copy the embedded catalogue at `source_path` into the province's at `target_url` as centre `code`.

    A code that breaks the rule for codes raises index.codes.CodeError (the CLI checks it first)."""
    from index.codes import check_code

    code = check_code(code, "centre code")
    url = province_url(target_url)
    engines: list[sa.Engine] = []
    try:
        _check_version(f"sqlite:///{source_path}", f"the centre's catalogue {source_path}")
        _reach(url)
        _check_version(url, f"the province catalogue {shown(url)}")
        identity = catalogue_id(source_path)
        engines = [sa.create_engine(url)]
        # the product's engine of the embedded catalogue: a read is one deferred BEGIN, so every
        # table is read as of the same moment, stations writing or not
        with engine_for(source_path).begin() as source, engines[0].begin() as target:
            target.execute(sa.text("SELECT pg_advisory_xact_lock(hashtext('hoso catalogue copy'))"))
            return _copy(_Run(source, target, code, identity, progress or (lambda *_: None)), source_path, url, name)
    except sa.exc.DBAPIError as exc:  # either database, at any step: one message, the province untouched
        raise CopyFailed("the copy stopped and was rolled back, the province catalogue is as it was: "
                         f"{first_line(exc)}") from None
    finally:
        for engine in engines:
            engine.dispose()


def _copy(run: _Run, source_path: Path, url: str, name: str | None) -> CopyReport:
    if busy := _unfinished_ingest(run.source):
        raise CopyRefused(f"an ingest is unfinished in {source_path} ({busy} file(s) queued or in progress): let it "
                          "finish (running the same hoso ingest again resumes it), then copy; nothing was written")
    centres = run.centre_rows(name)
    if problems := run.conflicts():
        named = "; ".join(problems[:MAX_NAMED]) + (f"; and {len(problems) - MAX_NAMED} more"
                                                    if len(problems) > MAX_NAMED else "")
        raise CopyRefused(f"refused: {named}. Those belong to another centre of the province; nothing was written")
    tables: dict[str, TableCopy] = {}
    for plan in PLAN:
        if isinstance(plan, AppendOnly):
            tables[plan.name] = run.append_only(plan)
        elif plan.name == "centres":
            tables[plan.name] = run.keyed(plan, rows=[centres])
        elif plan.name == "audit_seen":
            tables[plan.name] = run.keyed(plan, prepare=run.audit_seen_to_new_ids)
        else:
            tables[plan.name] = run.keyed(plan)
    queued = run.queue_for_index()
    copied = sum(t.copied for t in tables.values())
    if copied:
        run.audit_the_copy(copied, source_path)
    return CopyReport(centre=run.code, source=str(source_path), target=shown(url), source_catalogue=run.source_catalogue,
                      tables=tables, copied=copied, skipped=sum(t.skipped for t in tables.values()),
                      queued_for_index=queued, verified=all(t.verified for t in tables.values()))


def report_lines(report: CopyReport) -> list[str]:
    """The report for IT staff: one line per table, then the totals and the verdict."""
    lines = [f"copied {report.source} into {report.target} as centre {report.centre}"]
    for name, t in report.tables.items():
        state = "ok" if t.verified else (f"{t.changed_in_province} changed in the province since"
                                         if t.changed_in_province else "DIFFERS")
        lines.append(f"  {name:<18} source {t.source:>8}  province {t.target:>8}  copied {t.copied:>8}  "
                     f"skipped {t.skipped:>8}  {state}")
    verdict = "verified: counts and checksums equal" if report.verified else "not equal everywhere (see above)"
    lines.append(f"{report.copied} row(s) copied, {report.skipped} already there, "
                 f"{report.queued_for_index} document(s) queued for the province index; {verdict}")
    return lines
