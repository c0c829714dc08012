"""Embedded search index: SQLite FTS5 over diacritic-folded text, in its own file.

The index is derived from the catalogue and can be rebuilt at any time (`hoso reindex`).
Semantics (what matches, how it is ordered) are those of `index.textquery`, shared with
the Elasticsearch backend.

Layout. `search.sqlite.current` names the live generation file
(`search-v<schema>-<stamp>.sqlite`), like an Elasticsearch alias names an index: a
rebuild fills a new file and switches the pointer with os.replace, so readers never see
a half-built index and no WAL file is ever paired with the wrong database.

Speed at a million documents comes from these choices:
- rowid = (received_at epoch seconds << 20) + n, so rowid order is time order: FTS5
  walks matches newest first (ORDER BY rowid DESC) and stops after a bounded candidate
  set, and a date range becomes a rowid range FTS5 applies itself;
- type, citizen and dossier are FTS5 tokens too (column `meta`), so words + filters is
  one FTS5 query;
- candidates come from a few "sources", each the newest k matches of one FTS5 expression:
  all matches (k = _CANDIDATES), and the top tiers globally (k = limit): documents with
  the query's word pairs, documents with every word typed with diacritics;
- adjacent word pairs are indexed as tokens (column `pairs`): a name's words are common,
  its pairs are rare, so the phrase tier is a cheap AND of rare terms;
- the score's yes/no clauses are FTS5 queries, never Python scans of text: over a
  source's narrow rowid range when it is a full page of recent matches or the clause is
  rare, else by seeking the source's few rows (some 10-25 µs a row);
- the table is contentless (the index holds no copy of the text) and a rebuild folds
  text in a second process while SQLite inserts.
When more than _CANDIDATES documents match, the best of the newest _CANDIDATES (plus the
newest phrase and exact-diacritic matches) are ranked: an officer's query is answered
from recent papers first; Elasticsearch ranks every match.
"""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
import string
from collections import deque
from contextlib import contextmanager
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

from index.backend import BackendStatus, IndexOutdated
from index.filelock import setup_lock
from index.models import IndexDocument, SearchHit, SearchQuery
from index.snippet import first_match, snippet_at
from index.textquery import (
    FUZZY_MAX_EXPANSIONS,
    PAIR_SEPARATOR,
    PHRASE_WEIGHT,
    TextQuery,
    analyse,
    day_bounds,
    exact_tokens,
    fold,
    osa_variants,
    pairs,
    utc_iso,
    words,
)
from vntext import nfc

SCHEMA_VERSION = 2

_SHIFT = 20  # low bits of the rowid: documents received in the same second
_MASK = (1 << _SHIFT) - 1
_MAX_ROWID = (1 << 62) - 1
_CANDIDATES = 1000  # newest text matches ranked per query (bounded work at any size)
_ALPHABET = string.ascii_lowercase + string.digits

_SCHEMA = """
CREATE TABLE IF NOT EXISTS docs(
  rowid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  citizen_id TEXT,
  doc_type TEXT NOT NULL,
  dossier TEXT,
  link_status TEXT NOT NULL,
  received_at TEXT NOT NULL,
  title TEXT,
  issue_date TEXT,
  expiry_date TEXT
);
CREATE INDEX IF NOT EXISTS docs_citizen ON docs(citizen_id);
CREATE INDEX IF NOT EXISTS docs_type ON docs(doc_type);
CREATE INDEX IF NOT EXISTS docs_dossier ON docs(dossier);
CREATE TABLE IF NOT EXISTS bodies(rowid INTEGER PRIMARY KEY, body TEXT NOT NULL);
CREATE VIRTUAL TABLE IF NOT EXISTS docs_fts USING fts5(
  folded, exact, meta, pairs, content = '', tokenize = 'unicode61 remove_diacritics 0'
);
CREATE TABLE IF NOT EXISTS info(key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
# bodies: title + "\n" + text in NFC, for snippets (kept apart so docs rows stay small).
# docs_fts is contentless (the index only, no second and third copy of the text):
# folded  fold(body): every word without diacritics, đ -> d;
# exact   the distinct words of body that carry diacritics, lower case: they can never be
#         folded words, so they need no column filter to stay apart;
# meta    type, citizen and dossier tokens;
# pairs   the distinct pairs of adjacent folded words ("nguyen0van van0an"): the phrase
#         tier of index.textquery, as rare terms (a name's words are common, its pairs not).
# Deleting from a contentless table means giving the indexed values again; they are
# recomputed from docs + bodies, and `info.fold` guards against a changed fold().
_FOLD_PROBE = "ĐđÐðØøŁłƀ ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ a_b-c.1"


def fold_signature() -> str:
    return " ".join(words(fold(_FOLD_PROBE))) + "|" + " ".join(exact_tokens(_FOLD_PROBE))


def _hex(value: str) -> str:
    return value.encode("utf-8").hex()  # one FTS5 token whatever the value ('_', '-', '/')


def meta_tokens(doc_type: str | None, citizen_id: str | None, dossier: str | None) -> list[str]:
    """Filters as FTS5 tokens of the `meta` column: t<type>, c<citizen>, s<dossier> (hex)."""
    tokens = []
    for prefix, value in (("t", doc_type), ("c", citizen_id), ("s", dossier)):
        if value:
            tokens.append(prefix + _hex(value))
    return tokens


def _epoch(moment: datetime) -> int:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return max(0, int(moment.timestamp()))


def _all(terms, column: str | None = None) -> str:
    """FTS5: every term (quoted), optionally in one column."""
    inner = " AND ".join(_quote(t) for t in dict.fromkeys(terms))
    return f"{column} : ({inner})" if column else f"({inner})"


def _any(terms, column: str | None = None) -> str:
    inner = " OR ".join(_quote(t) for t in dict.fromkeys(terms))
    return f"{column} : ({inner})" if column else f"({inner})"


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _and(*parts: str) -> str:
    return " AND ".join(f"({p})" for p in parts if p)


# -- files ------------------------------------------------------------------------------


class _Pointer:
    """`<name>.current` names the live generation; replaced atomically."""

    def __init__(self, path: Path):
        self.path = path
        self.file = path.with_name(path.name + ".current")

    def read(self) -> Path | None:
        try:
            name = self.file.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        return self.path.with_name(name) if name else None

    def write(self, target: Path) -> None:
        tmp = self.file.with_name(f"{self.file.name}.{os.getpid()}.tmp")
        tmp.write_text(target.name + "\n", encoding="utf-8")
        os.replace(tmp, self.file)

    def stamp(self) -> tuple[int, int] | None:
        try:
            info = self.file.stat()
        except FileNotFoundError:
            return None
        return (info.st_mtime_ns, info.st_ino)

    def initial(self) -> Path:
        # Deterministic, so two processes starting on an empty folder agree on it.
        return self.path.with_name(f"{self.path.stem}-v{SCHEMA_VERSION}-initial.sqlite")

    def fresh(self) -> Path:
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f")
        return self.path.with_name(f"{self.path.stem}-v{SCHEMA_VERSION}-{stamp}-{os.getpid()}.sqlite")

    def generations(self) -> list[Path]:
        return sorted(self.path.parent.glob(f"{self.path.stem}-v*.sqlite"))


class _RebuildLock:
    """One rebuild at a time: a second would delete the first one's file when it switches."""

    def __init__(self, path: Path):
        self.path = path

    def __enter__(self) -> "_RebuildLock":
        for _ in range(2):
            try:
                handle = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            except FileExistsError:
                if self._holder_alive():
                    raise RuntimeError(f"another rebuild of the search index is running ({self.path})") from None
                self.path.unlink(missing_ok=True)  # left by a rebuild that was killed
                continue
            with os.fdopen(handle, "w") as out:
                out.write(str(os.getpid()))
            return self
        raise RuntimeError(f"cannot take the rebuild lock {self.path}")

    def _holder_alive(self) -> bool:
        import psutil

        try:
            return psutil.pid_exists(int(self.path.read_text().strip() or 0))
        except (OSError, ValueError):
            return False

    def __exit__(self, *exc: object) -> None:
        self.path.unlink(missing_ok=True)


def _remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal", ".lock"):
        try:
            path.with_name(path.name + suffix).unlink()
        except FileNotFoundError:
            pass
        except OSError:
            pass  # still open elsewhere (Windows): removed by a later rebuild


def _connect(path: Path, *, bulk: bool = False) -> tuple[sqlite3.Connection, int]:
    """Open a generation; returns the connection and its schema version (0: legacy)."""
    db = sqlite3.connect(path, timeout=30.0)
    db.execute("PRAGMA cache_size=-65536")
    db.execute("PRAGMA temp_store=MEMORY")
    with setup_lock(path):  # a second process may be creating the same generation now
        if bulk:
            db.execute("PRAGMA journal_mode=OFF")  # a failed build is deleted, not recovered
            db.execute("PRAGMA synchronous=OFF")
        else:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("PRAGMA mmap_size=268435456")
        version = db.execute("PRAGMA user_version").fetchone()[0]
        fresh = db.execute("SELECT count(*) FROM sqlite_master WHERE name = 'docs'").fetchone()[0] == 0
        if fresh:
            with db:
                db.executescript(_SCHEMA)
                db.execute("INSERT INTO info(key, value) VALUES ('fold', ?)", (fold_signature(),))
                db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            version = SCHEMA_VERSION
    if not fresh and version == SCHEMA_VERSION:
        row = db.execute("SELECT value FROM info WHERE key = 'fold'").fetchone()
        if not row or row[0] != fold_signature():
            version = -1  # text folding changed since the build: its deletes would miss
    return db, version


# -- writing -----------------------------------------------------------------------------


@contextmanager
def _writing(db: sqlite3.Connection) -> Iterator[None]:
    """One write transaction that holds SQLite's write lock from its first read.

    The rowid is max(rowid)+1 of the same second: read outside the lock, two processes
    indexing into one data folder would pick the same rowid (UNIQUE constraint failed).
    """
    db.execute("BEGIN IMMEDIATE")
    with db:
        yield


def _allocate_rowid(db: sqlite3.Connection, received_at: datetime) -> int:
    base = _epoch(received_at) << _SHIFT
    top = db.execute("SELECT max(rowid) FROM docs WHERE rowid BETWEEN ? AND ?", (base, base + _MASK)).fetchone()[0]
    rowid = base if top is None else top + 1
    if rowid > base + _MASK:
        raise OverflowError("more than a million documents received in one second")
    return rowid


def _delete_one(db: sqlite3.Connection, doc_id: str) -> None:
    row = db.execute(
        "SELECT d.rowid, d.doc_type, d.citizen_id, d.dossier, b.body FROM docs d JOIN bodies b ON b.rowid = d.rowid"
        " WHERE d.id = ?", (doc_id,),
    ).fetchone()
    if row:
        rowid, doc_type, citizen_id, dossier, body = row
        db.execute("INSERT INTO docs_fts(docs_fts, rowid, folded, exact, meta, pairs) VALUES ('delete',?,?,?,?,?)",
                   (rowid, *_fts_values(body, doc_type, citizen_id, dossier)))
        db.execute("DELETE FROM bodies WHERE rowid = ?", (rowid,))
        db.execute("DELETE FROM docs WHERE rowid = ?", (rowid,))


def _iso_date(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _fts_values(body: str, doc_type: str, citizen_id: str | None, dossier: str | None) -> tuple[str, ...]:
    """What docs_fts indexes for a document: the same values to insert and to delete."""
    folded = fold(body)
    plain = words(folded)
    # A word with diacritics is never a folded word, so a set difference finds them all.
    marked = sorted(set(exact_tokens(body)).difference(plain))
    return (folded, " ".join(marked), " ".join(meta_tokens(doc_type, citizen_id, dossier)),
            " ".join(sorted(set(pairs(plain)))))


def _prepare(title: str | None, text: str, doc_type: str, citizen_id: str | None,
             dossier: str | None) -> tuple[str, tuple[str, ...]]:
    body = nfc(f"{title or ''}\n{text}")
    return body, _fts_values(body, doc_type, citizen_id, dossier)


def _prepare_batch(items: list[tuple]) -> list[tuple[str, tuple[str, ...]]]:
    return [_prepare(*item) for item in items]


def _fields(doc: IndexDocument) -> tuple:
    return (doc.title, doc.text, doc.doc_type, doc.citizen_id, doc.dossier)


def _prepared_batches(batches: Iterable[list[IndexDocument]]) -> Iterator[tuple[list[IndexDocument], list]]:
    """Batches with their folded values, computed in a second process from the second batch on.

    Folding and cutting words costs as much CPU as SQLite's inserting: on two cores a
    rebuild runs both at once. Forked like the page pool (the child only computes); where
    fork does not exist everything is computed here.
    """
    pool = None
    pending: deque = deque()
    parallel = "fork" in multiprocessing.get_all_start_methods() and (os.cpu_count() or 1) > 1
    try:
        for number, batch in enumerate(batches):
            if number == 0 or not parallel:
                yield batch, _prepare_batch([_fields(d) for d in batch])
                continue
            if pool is None:
                pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
            pending.append((batch, pool.submit(_prepare_batch, [_fields(d) for d in batch])))
            if len(pending) > 2:
                done, future = pending.popleft()
                yield done, future.result()
        while pending:
            done, future = pending.popleft()
            yield done, future.result()
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)


def _put(db: sqlite3.Connection, doc: IndexDocument, prepared: tuple[str, tuple[str, ...]] | None = None) -> None:
    """Insert one document (the caller removed any previous version of it)."""
    rowid = _allocate_rowid(db, doc.received_at)
    db.execute(
        "INSERT INTO docs(rowid, id, citizen_id, doc_type, dossier, link_status, received_at, title, issue_date,"
        " expiry_date) VALUES (?,?,?,?,?,?,?,?,?,?)",
        (rowid, doc.id, doc.citizen_id, doc.doc_type, doc.dossier, doc.link_status, utc_iso(doc.received_at),
         doc.title, _iso_date(doc.issue_date), _iso_date(doc.expiry_date)),
    )
    body, values = prepared or _prepare(*_fields(doc))
    db.execute("INSERT INTO bodies(rowid, body) VALUES (?, ?)", (rowid, body))
    db.execute("INSERT INTO docs_fts(rowid, folded, exact, meta, pairs) VALUES (?,?,?,?,?)", (rowid, *values))


# -- reading -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Clause:
    """A yes/no part of the score. `rare`: few documents match it (word pairs), so FTS5
    lists its matches over any rowid range cheaply."""

    expression: str
    weight: int
    rare: bool = False


@dataclass(frozen=True)
class _Plan:
    """One pass of a text search: what must match and the clauses that score."""

    match: str
    clauses: tuple[_Clause, ...]
    # Top-tier candidates: (FTS5 expression that implies `match`, the clauses it implies).
    extras: tuple[tuple[str, frozenset[str]], ...]


class SqliteBackend:
    name = "sqlite"

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._pointer = _Pointer(path)
        self._open()

    # -- generations ---------------------------------------------------------------

    def _open(self) -> None:
        target = self._pointer.read()
        if target is None or not target.exists():
            target = self._pointer.initial()
            self._db, self._version = _connect(target)
            self._pointer.write(target)
        else:
            self._db, self._version = _connect(target)
        self._file = target
        self._stamp = self._pointer.stamp()

    def _follow_pointer(self) -> None:
        """Another process rebuilt the index: write to the new generation, not the old."""
        if self._pointer.stamp() != self._stamp:
            self._db.close()
            self._open()

    def _usable(self) -> sqlite3.Connection:
        self._follow_pointer()
        if self._version != SCHEMA_VERSION:
            raise IndexOutdated(
                f"the search index {self._file.name} was built by another version (schema {self._version}, text "
                f"folding or format): run `hoso reindex`"
            )
        return self._db

    def close(self) -> None:
        self._db.close()

    # -- writing -------------------------------------------------------------------

    def upsert(self, documents: list[IndexDocument]) -> None:
        db = self._usable()
        with _writing(db):
            for doc in documents:
                _delete_one(db, doc.id)
                _put(db, doc)

    def delete(self, ids: list[str]) -> None:
        db = self._usable()
        with _writing(db):
            for doc_id in ids:
                _delete_one(db, doc_id)

    def clear(self) -> None:
        db = self._usable()
        with db:
            db.execute("DELETE FROM docs")
            db.execute("DELETE FROM bodies")
            db.execute("INSERT INTO docs_fts(docs_fts) VALUES ('delete-all')")

    def rebuild(self, batches: Iterable[list[IndexDocument]]) -> int:
        with _RebuildLock(self._pointer.file.with_suffix(".rebuilding")):
            return self._rebuild(batches)

    def _rebuild(self, batches: Iterable[list[IndexDocument]]) -> int:
        target = self._pointer.fresh()
        db, _ = _connect(target, bulk=True)
        try:
            count = 0
            db.execute("INSERT INTO docs_fts(docs_fts, rank) VALUES ('automerge', 0)")  # merged once, below
            for batch, prepared in _prepared_batches(batches):
                with db:
                    for doc, values in zip(batch, prepared):
                        _put(db, doc, values)
                count += len(batch)
            db.execute("INSERT INTO docs_fts(docs_fts) VALUES ('optimize')")  # one segment: fastest reads
            db.execute("INSERT INTO docs_fts(docs_fts, rank) VALUES ('automerge', 4)")
            db.execute("ANALYZE")
            db.commit()
            db.execute("PRAGMA journal_mode=WAL")
        except BaseException:
            db.close()
            _remove_database(target)
            raise
        db.close()
        self._pointer.write(target)  # the switch: atomic for every reader
        self._db.close()
        self._open()
        for old in self._pointer.generations():
            if old != target:
                _remove_database(old)
        return count

    # -- reading -------------------------------------------------------------------

    def count(self) -> int:
        self._follow_pointer()
        return self._db.execute("SELECT count(*) FROM docs").fetchone()[0]

    def ids(self) -> Iterator[str]:
        self._follow_pointer()
        yield from (r[0] for r in self._db.execute("SELECT id FROM docs ORDER BY id"))

    def status(self) -> BackendStatus:
        self._follow_pointer()
        problem = None
        if self._version != SCHEMA_VERSION:
            problem = f"index built with schema {self._version}; run `hoso reindex`"
        return BackendStatus(
            backend=self.name, location=str(self.path), reachable=True, documents=self.count(),
            physical=self._file.name, version=self._version, current_version=SCHEMA_VERSION, problem=problem,
        )

    def search(self, query: SearchQuery) -> list[SearchHit]:
        db = self._usable()
        text = analyse(query.text)
        if not text.tokens:
            return self._browse(db, query)
        hits = self._text_search(db, query, text, self._exact_plan(text))
        if not hits and text.can_fuzz:
            plan = self._fuzzy_plan(db, text)
            hits = self._text_search(db, query, text, plan) if plan else []
        return hits

    # -- filters only ----------------------------------------------------------------

    def _bounds(self, query: SearchQuery) -> tuple[int, int]:
        low, high = day_bounds(query)
        lo = (_epoch(low) << _SHIFT) if low else 0
        hi = ((_epoch(high) << _SHIFT) | _MASK) if high else _MAX_ROWID
        return lo, hi

    @staticmethod
    def _filters(query: SearchQuery) -> tuple[list[str], list]:
        where, params = [], []
        for column, value in (("citizen_id", query.citizen_id), ("dossier", query.dossier),
                              ("doc_type", query.doc_type)):
            if value:
                where.append(f"{column} = ?")
                params.append(value)
        return where, params

    def _docs_rowids(self, db, query: SearchQuery, low: int, high: int, limit: int) -> list[int]:
        where, params = self._filters(query)
        where.append("rowid BETWEEN ? AND ?")
        sql = f"SELECT rowid FROM docs WHERE {' AND '.join(where)} ORDER BY rowid DESC LIMIT ?"
        return [r[0] for r in db.execute(sql, (*params, low, high, limit))]

    def _browse(self, db, query: SearchQuery) -> list[SearchHit]:
        low, high = self._bounds(query)
        rowids = self._docs_rowids(db, query, low, high, query.limit)
        if len(rowids) == query.limit:
            # Same-second neighbours of the last row: ties are ordered by id, not rowid.
            last = rowids[-1]
            rowids += self._docs_rowids(db, query, max(low, (last >> _SHIFT) << _SHIFT), last - 1, _MASK)
        order = self._newest_first(db, rowids, dict.fromkeys(rowids, 0))[: query.limit]
        return self._hits(db, order, {}, ())

    # -- words -----------------------------------------------------------------------

    @staticmethod
    def _exact_plan(text: TextQuery) -> _Plan:
        match = _all(text.tokens, "folded")
        marks = [_quote(t) for t in text.marked]  # marked words live only in `exact`: no filter
        clauses = [_Clause(m, 1) for m in marks]
        extras: list[tuple[str, frozenset[str]]] = []
        if text.has_phrase:
            phrase = _all(text.pairs, "pairs")  # the pairs imply every word: no need for `match`
            clauses.append(_Clause(phrase, PHRASE_WEIGHT, rare=True))
            extras.append((phrase, frozenset([phrase])))
        if marks:
            # Each word in its most selective form: marked words exactly, the others folded.
            covered = {fold(m) for m in text.marked}  # a marked word implies its folded form
            plain = [t for t in text.tokens if t not in covered]
            extras.append((_and(_all(text.marked), _all(plain, "folded") if plain else ""), frozenset(marks)))
        return _Plan(match, tuple(clauses), tuple(extras))

    def _fuzzy_plan(self, db, text: TextQuery) -> _Plan | None:
        """Every word exactly but one, that one within an edit (see index.textquery)."""
        tokens = text.tokens
        known = [bool(self._existing(db, [t])) for t in tokens]
        ways, phrases = [], []
        for i, token in enumerate(tokens):
            if not text.fuzzy(token) or not all(known[j] for j in range(len(tokens)) if j != i):
                continue  # another word is missing too: two errors are not looked for
            variants = self._existing_variants(db, token)
            if not variants:
                continue
            others = [t for j, t in enumerate(tokens) if j != i]
            ways.append(_and(_all(others, "folded") if others else "", _any(variants, "folded")))
            if text.has_phrase:
                phrases.append(self._misread_pairs(tokens, i, variants))
        if not ways:
            return None
        match = " OR ".join(f"({w})" for w in ways)
        clauses = [_Clause(f"folded : {_quote(t)}", 1) for t in text.distinct]
        extras: list[tuple[str, frozenset[str]]] = []
        if phrases:
            phrase = " OR ".join(f"({p})" for p in phrases)
            clauses.append(_Clause(phrase, PHRASE_WEIGHT, rare=True))
            extras.append((phrase, frozenset([phrase])))
        return _Plan(match, tuple(clauses), tuple(extras))

    @staticmethod
    def _misread_pairs(tokens: tuple[str, ...], i: int, variants: list[str]) -> str:
        """The query's pairs, those around word i with some reading of it (each on its own)."""
        fixed = [p for j, p in enumerate(pairs(tokens)) if j not in (i - 1, i)]
        parts = [_all(fixed, "pairs")] if fixed else []
        if i > 0:
            parts.append(_any([f"{tokens[i - 1]}{PAIR_SEPARATOR}{v}" for v in variants], "pairs"))
        if i + 1 < len(tokens):
            parts.append(_any([f"{v}{PAIR_SEPARATOR}{tokens[i + 1]}" for v in variants], "pairs"))
        return _and(*parts)

    @staticmethod
    def _existing(db, terms: list[str]) -> list[str]:
        """The terms the folded index holds (an FTS5 probe each: a b-tree seek)."""
        sql = "SELECT 1 FROM docs_fts WHERE docs_fts MATCH ? LIMIT 1"
        return [t for t in terms if db.execute(sql, (f"folded : {_quote(t)}",)).fetchone()]

    def _existing_variants(self, db, token: str) -> list[str]:
        """Index terms one edit from `token` (itself included), by existence probes."""
        alphabet = _ALPHABET + "".join(sorted(set(token) - set(_ALPHABET)))
        candidates = sorted(osa_variants(token, alphabet), key=lambda v: (v != token, v))
        return self._existing(db, candidates)[:FUZZY_MAX_EXPANSIONS]

    def _text_search(self, db, query: SearchQuery, text: TextQuery, plan: _Plan) -> list[SearchHit]:
        low, high = self._bounds(query)
        filters = [f"meta : {_quote(t)}" for t in meta_tokens(query.doc_type, query.citizen_id, query.dossier)]
        sources = [(_and(plan.match, *filters), max(_CANDIDATES, query.limit), frozenset())]
        sources += [(_and(extra, *filters), query.limit, implied) for extra, implied in plan.extras]
        first, last = db.execute("SELECT (SELECT min(rowid) FROM docs), (SELECT max(rowid) FROM docs)").fetchone()
        narrow = max(1, (last or 0) - (first or 0)) // 10
        scores: dict[int, int] = {}
        for expression, size, implied in sources:
            found = self._newest(db, expression, low, high, size)
            fresh = [r for r in found if r not in scores]
            if not fresh:
                continue
            weights = dict.fromkeys(fresh, sum(c.weight for c in plan.clauses if c.expression in implied))
            for clause in plan.clauses:
                if clause.expression in implied:
                    continue
                if clause.rare or found[0] - found[-1] <= narrow:
                    rows = self._matching_in_range(db, clause.expression, found[-1], found[0])
                else:  # a common word over years of documents: check the rows themselves
                    rows = self._matching_rows(db, clause.expression, fresh)
                for rowid in rows:
                    if rowid in weights:
                        weights[rowid] += clause.weight
            scores.update(weights)
        order = self._newest_first(db, list(scores), scores)[: query.limit]
        return self._hits(db, order, scores, text.distinct)

    @staticmethod
    def _matching_in_range(db, expression: str, low: int, high: int) -> Iterator[int]:
        """Rows in [low, high] matching: cheap when the range is narrow or the clause rare."""
        sql = "SELECT rowid FROM docs_fts WHERE docs_fts MATCH ? AND rowid BETWEEN ? AND ?"
        return (r[0] for r in db.execute(sql, (expression, low, high)))

    @staticmethod
    def _matching_rows(db, expression: str, rows: list[int]) -> Iterator[int]:
        """Which of `rows` match: FTS5 seeks each rowid (some 10-25 µs a row for one word)."""
        for chunk in _chunks(rows, 500):
            sql = f"SELECT rowid FROM docs_fts WHERE docs_fts MATCH ? AND rowid IN ({','.join(map(str, chunk))})"
            yield from (r[0] for r in db.execute(sql, (expression,)))

    @staticmethod
    def _newest(db, match: str, low: int, high: int, limit: int) -> list[int]:
        sql = "SELECT rowid FROM docs_fts WHERE docs_fts MATCH ? AND rowid BETWEEN ? AND ? ORDER BY rowid DESC LIMIT ?"
        return [r[0] for r in db.execute(sql, (match, low, high, limit))]

    @staticmethod
    def _newest_first(db, rowids: list[int], scores: dict[int, int]) -> list[int]:
        """Score desc, then received_at desc, then id asc: the order Elasticsearch sorts by."""
        ids = {}
        for chunk in _chunks(rowids, 900):
            sql = f"SELECT rowid, id FROM docs WHERE rowid IN ({','.join('?' * len(chunk))})"
            ids.update(db.execute(sql, chunk).fetchall())
        present = [r for r in rowids if r in ids]
        return sorted(present, key=lambda r: (-scores.get(r, 0), -(r >> _SHIFT), ids[r]))

    @staticmethod
    def _hits(db, order: list[int], scores: dict[int, int], tokens: tuple[str, ...]) -> list[SearchHit]:
        rows = {}
        for chunk in _chunks(order, 500):
            sql = ("SELECT d.rowid, d.id, d.citizen_id, d.doc_type, d.dossier, d.link_status, d.received_at, d.title,"
                   " d.issue_date, d.expiry_date, b.body FROM docs d JOIN bodies b ON b.rowid = d.rowid"
                   f" WHERE d.rowid IN ({','.join(str(r) for r in chunk)})")
            rows.update((row[0], row) for row in db.execute(sql))
        words_typed = " ".join(tokens)
        return [_hit(rows[r], scores.get(r, 0), words_typed) for r in order if r in rows]


def _hit(row: tuple, score: int, words_typed: str) -> SearchHit:
    (_, doc_id, citizen, doc_type, dossier, link, received, title, issued, expires, body) = row
    return SearchHit(
        id=doc_id, score=float(score), snippet=snippet_at(body, first_match(body, words_typed)),
        citizen_id=citizen, doc_type=doc_type, dossier=dossier, link_status=link,
        received_at=datetime.fromisoformat(received), title=title,
        issue_date=date.fromisoformat(issued) if issued else None,
        expiry_date=date.fromisoformat(expires) if expires else None,
    )


def _chunks(items: list, size: int) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]

