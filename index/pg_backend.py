"""PostgreSQL search backend, for a province that runs no Elasticsearch.

The index lives in the province's PostgreSQL, by default the catalogue's own database
(HOSO_INDEX_URL, else HOSO_CATALOGUE_URL). Query semantics and the integer score are those
of `index.textquery`, as for the other two backends.

How the text is indexed. hoso cuts the text into words (index.textquery, so every backend
cuts alike) and sends them lower-cased with their diacritics; the database folds the words
(one `unaccent` call a document, in plpgsql `search_terms_v1`), after mapping đ/Đ (and vntext's other letters without a decomposition)
explicitly: the stock unaccent.rules maps đ -> d and Đ -> D, but a province may edit that
file, and Vietnamese search must not depend on it. On first use the backend folds a probe
of every Vietnamese letter in the database and compares it with vntext's fold: a database
that folds otherwise is refused with the letters named. Each document's lexemes (a
tsvector, GIN-indexed, built from the word list with array_to_tsvector: no parser of a
text search configuration cuts differently from the other backends) are:
- every folded word ("nguyen", "dat");
- every pair of adjacent folded words, "_nguyen0van" (the phrase tier as rare lexemes);
- every word that carries diacritics, as written ("nguyễn"): the exact-diacritics tier.
Ranking is a tsquery per yes/no clause of the score (PHRASE_WEIGHT for the pairs, 1 per
marked word), so the order agrees with SQLite and Elasticsearch; BM25-like ts_rank values
would not. Each clause is a GIN look-up, never a test of each match's tsvector (read out of
line: the planner does not count that cost, so searches also forbid it whole-table scans);
the phrase tier is ranked alone when it fills the page (see `PostgresBackend._ranked`).
Every match of the tier is ranked, as Elasticsearch does: a query of common words costs
in proportion to its matches (BENCHMARKS.md).

OCR-tolerant names: the distinct folded words of a generation are kept in a words table
with a pg_trgm GIN index; the words one edit from a query word (optimal string alignment)
are exactly those matching one of its LIKE patterns (`ng_yen`, `n_guyen`, `ngyen`,
`nugyen`...), which the trigram index serves. Trigram *similarity* is not used: a one-edit
misreading of a short syllable ("dnug" for "dung") shares too few trigrams to be found.

Layout. A generation is three tables: `search_docs_<gen>` (metadata and lexemes),
`search_bodies_<gen>` (the text, for snippets) and `search_words_<gen>`;
`search_info` row `live` names the generation searched, `search_generations` records each
generation's schema version and fold signature. `rebuild` fills a new generation (other
sessions keep searching the old one), then switches the `live` row in one transaction and
drops the old tables. Writers read the `live` row FOR SHARE, so the switch waits for a write
in flight; readers that lose the race to the drop retry once on the new generation.
"""

from __future__ import annotations

import functools
import urllib.parse
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

import psycopg
from psycopg import errors, sql

from index.backend import BackendMisconfigured, BackendStatus, BackendUnavailable, DocumentsRejected, IndexOutdated
from index.models import IndexDocument, SearchHit, SearchQuery
from index.pg_query import PAIR_PREFIX, Plan, exact_plan, fuzzy_plan, one_edit_patterns
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
)
from vntext import nfc

SCHEMA_VERSION = 1
EXTENSIONS = ("unaccent", "pg_trgm")
FUNCTION_SUFFIX = f"v{SCHEMA_VERSION}"  # a new layout brings its own functions; old ones stay for old tables
# Letters with no Unicode decomposition that vntext folds explicitly (vntext/fold.py).
NO_DECOMPOSITION = "đĐðÐƀłŁøØ"
_FOLD_PROBE = "ĐđÐðØøŁłƀ ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ a_b-c.1"
_SETUP_LOCK = 0x686F736F_0001  # pg advisory lock keys ("hoso" + purpose)
_REBUILD_LOCK = 0x686F736F_0002
_MAX_LEXEME_BYTES = 2047  # tsvector's limit for one lexeme
# tsvector addresses its lexemes with 20-bit offsets: array_to_tsvector does not check, so a
# larger one would be corrupt. Such a document (pages of OCR noise) is refused instead.
_MAX_TSVECTOR_BYTES = (1 << 20) - 1
_MAX_WORD_CHARS = 200  # longer runs are not words anyone types (and btree keys stay small)
_COLUMNS = ("id", "citizen_id", "doc_type", "dossier", "link_status", "received_at", "title", "issue_date",
            "expiry_date")


class PostgresSetupError(BackendUnavailable):
    """The database cannot hold the index yet (an extension, a folding rule): documents wait
    in the outbox until the operator fixes it; the message says what to do."""


# -- configuration -------------------------------------------------------------------------------


def index_url(env: Mapping[str, str]) -> str:
    """The database of the index: HOSO_INDEX_URL, else the catalogue's HOSO_CATALOGUE_URL."""
    url = env.get("HOSO_INDEX_URL", "").strip() or env.get("HOSO_CATALOGUE_URL", "").strip()
    if not url:
        raise BackendMisconfigured(
            "HOSO_INDEX=postgres needs a PostgreSQL database: set HOSO_INDEX_URL (or HOSO_CATALOGUE_URL, whose "
            "database then holds the index too), e.g. postgresql://hoso@db.example/hoso; or use HOSO_INDEX=sqlite, "
            "the embedded index")
    scheme = url.split("://", 1)[0].lower() if "://" in url else ""
    if scheme not in ("postgresql", "postgres", "postgresql+psycopg"):
        source = "HOSO_INDEX_URL" if env.get("HOSO_INDEX_URL", "").strip() else "HOSO_CATALOGUE_URL"
        raise BackendMisconfigured(f"HOSO_INDEX=postgres needs a postgresql:// URL; {source} is a {scheme or 'bare'} "
                                   "address (a SQLite catalogue goes with HOSO_INDEX=sqlite)")
    return url


@dataclass(frozen=True)
class PgConfig:
    url: str
    connect_timeout: int = 5

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> "PgConfig":
        timeout = env.get("HOSO_INDEX_TIMEOUT", "").strip() or "5"
        try:
            seconds = max(1, round(float(timeout)))
        except ValueError:
            raise BackendMisconfigured(f"HOSO_INDEX_TIMEOUT={timeout!r} is not a number of seconds") from None
        return cls(url=index_url(env), connect_timeout=seconds)

    def conninfo(self) -> str:
        """libpq connection string; `postgresql+psycopg://` (SQLAlchemy's spelling) is the same URL to libpq."""
        scheme, rest = self.url.split("://", 1)
        return "postgresql://" + rest

    @property
    def shown(self) -> str:
        """Host, port and database: never the user or password (safe to print and log)."""
        parts = urllib.parse.urlsplit(self.conninfo())
        query = urllib.parse.parse_qs(parts.query)
        host = parts.hostname or (query.get("host") or [""])[0] or "localhost"
        try:
            port = parts.port or (query.get("port") or [""])[0]
        except ValueError:  # not a number: libpq will say so when connecting
            port = ""
        database = parts.path.lstrip("/") or "(default database)"
        return f"postgresql://{host}{f':{port}' if port else ''}/{database}"


# -- the SQL of a generation ------------------------------------------------------------------


@dataclass(frozen=True)
class Generation:
    name: str  # "v1_20261203t142100123456"

    @property
    def docs(self) -> sql.Identifier:
        return sql.Identifier(f"search_docs_{self.name}")

    @property
    def bodies(self) -> sql.Identifier:
        return sql.Identifier(f"search_bodies_{self.name}")

    @property
    def words(self) -> sql.Identifier:
        return sql.Identifier(f"search_words_{self.name}")

    def index(self, what: str) -> sql.Identifier:
        return sql.Identifier(f"search_docs_{self.name}_{what}")


def fresh_generation(label: str | None = None) -> Generation:
    stamp = label or datetime.now(timezone.utc).strftime("%Y%m%dt%H%M%S%f")
    return Generation(f"v{SCHEMA_VERSION}_{stamp}")


def _create_tables(cur: psycopg.Cursor, gen: Generation) -> None:
    # id in "C" order: the order Python sorts ids in (ties, `ids()`), whatever the database's collation.
    # Rows of docs stay narrow (the text apart in bodies, the tsvector moved out of line from 128
    # bytes): a common word's matches are read from a small heap, never decompressing a tsvector.
    cur.execute(sql.SQL("""
        CREATE TABLE {docs} (
          id text COLLATE "C" PRIMARY KEY,
          citizen_id text, doc_type text NOT NULL, dossier text, link_status text NOT NULL,
          received_at timestamptz NOT NULL, title text, issue_date date, expiry_date date,
          terms tsvector NOT NULL) WITH (toast_tuple_target = 128)""").format(docs=gen.docs))
    cur.execute(sql.SQL("CREATE TABLE {bodies} (id text COLLATE \"C\" PRIMARY KEY, body text NOT NULL)").format(
        bodies=gen.bodies))
    cur.execute(sql.SQL("CREATE TABLE {words} (word text COLLATE \"C\" PRIMARY KEY)").format(words=gen.words))


def _create_indexes(cur: psycopg.Cursor, gen: Generation) -> None:
    """After a bulk fill: building an index once is faster than growing it row by row."""
    statements = [
        ("terms", "USING gin (terms)"),
        ("recent", "(received_at DESC, id)"),
        ("citizen", "(citizen_id, received_at DESC, id)"),
        ("type", "(doc_type, received_at DESC, id)"),
        ("dossier", "(dossier, received_at DESC, id)"),
    ]
    for what, definition in statements:
        cur.execute(sql.SQL("CREATE INDEX {name} ON {docs} " + definition).format(name=gen.index(what), docs=gen.docs))
    cur.execute(sql.SQL("CREATE INDEX {name} ON {words} USING gin (word gin_trgm_ops)").format(
        name=sql.Identifier(f"search_words_{gen.name}_trgm"), words=gen.words))


def _drop_generation(cur: psycopg.Cursor, gen: Generation) -> None:
    cur.execute(sql.SQL("DROP TABLE IF EXISTS {docs}, {bodies}, {words}").format(docs=gen.docs, bodies=gen.bodies,
                                                                                words=gen.words))
    cur.execute("DELETE FROM search_generations WHERE name = %s", (gen.name,))


def _functions(unaccent_schema: str) -> list[sql.Composable]:
    fold_name = sql.Identifier(f"search_fold_{FUNCTION_SUFFIX}")
    terms_name = sql.Identifier(f"search_terms_{FUNCTION_SUFFIX}")
    targets = "".join(fold(ch) for ch in NO_DECOMPOSITION)
    schema = sql.Identifier(unaccent_schema)
    dictionary = sql.Literal(f"{unaccent_schema}.unaccent")
    fold_sql = sql.SQL("""
        CREATE OR REPLACE FUNCTION {fold}(word text) RETURNS text
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
          SELECT lower({schema}.unaccent({dictionary}::regdictionary, translate(word, {sources}, {targets})))
        $$""").format(fold=fold_name, schema=schema, dictionary=dictionary, sources=sql.Literal(NO_DECOMPOSITION),
                      targets=sql.Literal(targets))
    # words: a document's words in order, lower case, diacritics kept (index.textquery.exact_tokens).
    # plpgsql, not sql: its plans are cached for the session (a sql function is planned at every
    # call), and the words are folded in one unaccent call, joined by chr(1), which no word holds.
    terms_sql = sql.SQL("""
        CREATE OR REPLACE FUNCTION {terms}(words text[]) RETURNS tsvector
        LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
        DECLARE
          folded text[] := {folded_words};
        BEGIN
          RETURN (SELECT array_to_tsvector(coalesce(array_agg(DISTINCT lexeme), '{{}}'))
            FROM (SELECT f AS lexeme FROM unnest(folded) AS f
                  UNION ALL SELECT {prefix} || folded[n] || {separator} || folded[n + 1]
                            FROM generate_subscripts(folded, 1) AS n WHERE n < cardinality(folded)
                  UNION ALL SELECT w FROM unnest(words, folded) AS t(w, f) WHERE w <> f) AS lexemes
            WHERE lexeme <> '' AND octet_length(lexeme) <= {limit});
        END
        $$""").format(terms=terms_name, folded_words=folded_words_sql(sql.SQL("words"), fold_name),
                      prefix=sql.Literal(PAIR_PREFIX), separator=sql.Literal(PAIR_SEPARATOR),
                      limit=sql.Literal(_MAX_LEXEME_BYTES))
    return [fold_sql, terms_sql]


def folded_words_sql(words: sql.Composable, fold_name: sql.Identifier | None = None) -> sql.Composed:
    """SQL folding the text[] `words` in one call of the fold function."""
    fold_name = fold_name or sql.Identifier(f"search_fold_{FUNCTION_SUFFIX}")
    return sql.SQL("string_to_array({fold}(array_to_string({words}, chr(1))), chr(1))").format(fold=fold_name,
                                                                                              words=words)


def fold_signature() -> str:
    """How hoso folds the probe's words: a generation built with another fold must be rebuilt."""
    return " ".join(fold(t) for t in exact_tokens(_FOLD_PROBE))


# -- writing helpers ---------------------------------------------------------------------------


def _clean(value: str | None) -> str | None:
    """PostgreSQL text holds no NUL; a space keeps the words on either side apart."""
    return value.replace("\x00", " ") if value else value


def _seconds(moment: datetime) -> datetime:
    """Stored to the second, as the other backends compare and order (index.textquery.utc_iso)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).replace(microsecond=0)


def document_row(doc: IndexDocument) -> dict[str, Any]:
    body = _clean(nfc(f"{doc.title or ''}\n{doc.text}"))
    words = [w for w in exact_tokens(body) if len(w) <= _MAX_WORD_CHARS]
    return {
        "id": doc.id, "citizen_id": doc.citizen_id, "doc_type": doc.doc_type, "dossier": doc.dossier,
        "link_status": doc.link_status, "received_at": _seconds(doc.received_at), "title": _clean(doc.title),
        "issue_date": doc.issue_date, "expiry_date": doc.expiry_date, "body": body, "words": words,
    }


def lexeme_bytes(words: list[str]) -> int:
    """The size of the lexemes the database will make of `words` (search_terms_v1's, in Python)."""
    folded = [fold(w) for w in words]
    lexemes = set(folded) | {f"{PAIR_PREFIX}{a}{PAIR_SEPARATOR}{b}" for a, b in zip(folded, folded[1:])}
    lexemes |= {w for w, f in zip(words, folded) if w != f}
    return sum(n for n in (len(x.encode("utf-8")) for x in lexemes) if n <= _MAX_LEXEME_BYTES)


def _insert_sql(gen: Generation) -> sql.Composed:
    columns = sql.SQL(", ").join(map(sql.Identifier, (*_COLUMNS, "terms")))
    values = sql.SQL(", ").join([*(sql.Placeholder(c) for c in _COLUMNS),
                                 sql.SQL("{}(%(words)s::text[])").format(
                                     sql.Identifier(f"search_terms_{FUNCTION_SUFFIX}"))])
    statement = sql.SQL("INSERT INTO {docs} ({columns}) VALUES ({values})").format(
        docs=gen.docs, columns=columns, values=values)
    # replaces by id: the outbox may send a document again, never a duplicate
    updates = sql.SQL(", ").join(sql.SQL("{c} = EXCLUDED.{c}").format(c=sql.Identifier(c))
                                 for c in (*_COLUMNS[1:], "terms"))
    return sql.SQL("{} ON CONFLICT (id) DO UPDATE SET {}").format(statement, updates)


def _body_sql(gen: Generation) -> sql.Composed:
    return sql.SQL("INSERT INTO {} (id, body) VALUES (%(id)s, %(body)s)"
                   " ON CONFLICT (id) DO UPDATE SET body = EXCLUDED.body").format(gen.bodies)


def _words_sql(gen: Generation) -> sql.Composed:
    folded = folded_words_sql(sql.SQL("%s::text[]"))
    return sql.SQL("""INSERT INTO {words}(word)
        SELECT DISTINCT w FROM unnest({folded}) AS w WHERE w <> '' ORDER BY 1 ON CONFLICT DO NOTHING""").format(
        words=gen.words, folded=folded)


def _all_words(rows: list[dict[str, Any]]) -> list[str]:
    return sorted({w for row in rows for w in row["words"]})


_REFUSED = (errors.DataError, errors.ProgramLimitExceeded)  # this document, for good: not an outage


def _write_rows(conn: psycopg.Connection, cur: psycopg.Cursor, gen: Generation,
                rows: list[dict[str, Any]]) -> dict[str, str]:
    """Insert or replace the rows and their words; a batch refused is retried a row at a time,
    so what can be indexed is, and what cannot is named (id -> reason) instead of resent forever."""
    rejected: dict[str, str] = {}
    for row in rows:
        # each word is in at most two pairs, as itself and folded: a bound, cheap to compute
        if 4 * len(row["body"].encode("utf-8")) + 3 * len(row["words"]) <= _MAX_TSVECTOR_BYTES:
            continue
        size = lexeme_bytes(row["words"])
        if size > _MAX_TSVECTOR_BYTES:
            rejected[row["id"]] = (f"{size:,} bytes of distinct words and word pairs: more than a PostgreSQL "
                                   "tsvector holds (1 MB)")
    # in id order: two stations writing the same documents lock them in one order (no deadlock)
    rows = sorted((row for row in rows if row["id"] not in rejected), key=lambda row: row["id"])
    try:
        with conn.transaction():  # a savepoint
            cur.executemany(_insert_sql(gen), rows)  # the same id twice: the last one wins
    except _REFUSED:
        for row in rows:
            try:
                with conn.transaction():
                    cur.execute(_insert_sql(gen), row)
            except _REFUSED as exc:
                rejected[row["id"]] = _one_line(exc)
    kept = [row for row in rows if row["id"] not in rejected]
    cur.executemany(_body_sql(gen), kept)
    cur.execute(_words_sql(gen), (_all_words(kept),))
    return rejected


# -- errors ------------------------------------------------------------------------------------


def _server_errors(method: Callable[..., Any], *, retry: bool = True) -> Callable[..., Any]:
    """Connection failures become BackendUnavailable naming the server (never credentials);
    tables gone under a process that set them up (a database dropped and made again) are set
    up once more and the call made again, when `retry` (the call can be repeated as it is)."""

    @functools.wraps(method)
    def guarded(self: "PostgresBackend", *args: Any, **kwargs: Any) -> Any:
        for attempt in range(2 if retry else 1):
            try:
                return method(self, *args, **kwargs)
            except psycopg.OperationalError as exc:
                self._forget_connection()
                raise BackendUnavailable(f"PostgreSQL at {self.config.shown} is unavailable: "
                                         f"{_one_line(exc)}") from exc
            except errors.UndefinedTable as exc:
                was_ready = self.config.url in _READY
                _READY.discard(self.config.url)  # the next call sets up again
                if attempt or not retry or not was_ready:
                    raise BackendUnavailable(_refused(self.config.shown, exc)) from exc
            except psycopg.Error as exc:  # a role without rights, a read-only standby...: one message
                raise BackendUnavailable(_refused(self.config.shown, exc)) from exc
        raise AssertionError("unreachable")

    return guarded


def _refused(shown: str, exc: psycopg.Error) -> str:
    hint = ""
    if isinstance(exc, errors.InsufficientPrivilege):
        hint = " (the index's role needs CREATE on the schema, and to own or be granted its search_ tables)"
    elif isinstance(exc, errors.ReadOnlySqlTransaction):
        hint = " (a read-only server: HOSO_INDEX_URL must name the primary)"
    return f"PostgreSQL at {shown} refused the index's request: {_one_line(exc)}{hint}"


def _one_line(exc: Exception) -> str:
    """libpq's message on one line (it names the host and port, never a password)."""
    text = " ".join(line.strip() for line in str(exc).splitlines() if line.strip())
    return text or type(exc).__name__


_READY: set[str] = set()  # databases set up by this process (extensions, functions, info tables)


class PostgresBackend:
    name = "postgres"

    def __init__(self, config: PgConfig):
        self.config = config
        self._conn: psycopg.Connection | None = None  # opened on first use: opening never contacts the server

    # -- connection and set-up ---------------------------------------------------------------

    def _connection(self) -> psycopg.Connection:
        if self._conn is None or self._conn.closed:
            self._conn = psycopg.connect(self.config.conninfo(), connect_timeout=self.config.connect_timeout,
                                         application_name="hoso-index", autocommit=True)
        if self.config.url not in _READY:
            self._set_up(self._conn)
            _READY.add(self.config.url)
        return self._conn

    def _forget_connection(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            except psycopg.Error:
                pass
        self._conn = None

    def close(self) -> None:
        self._forget_connection()

    def _set_up(self, conn: psycopg.Connection) -> None:
        with conn.transaction(), conn.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", (_SETUP_LOCK,))  # two stations starting at once
            for extension in EXTENSIONS:
                self._ensure_extension(conn, cur, extension)
            cur.execute("SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace"
                        " WHERE e.extname = 'unaccent'")
            schema = cur.fetchone()[0]
            cur.execute("SELECT to_regprocedure(%s) IS NULL", (f"search_terms_{FUNCTION_SUFFIX}(text[])",))
            if cur.fetchone()[0]:  # made once: a station's role need not own them to use them
                for statement in _functions(schema):
                    cur.execute(statement)
            self._check_fold(cur)
            cur.execute("CREATE TABLE IF NOT EXISTS search_info (key text PRIMARY KEY, value text NOT NULL)")
            cur.execute("CREATE TABLE IF NOT EXISTS search_generations (name text PRIMARY KEY, version integer"
                        " NOT NULL, fold text NOT NULL, built_at timestamptz NOT NULL DEFAULT now())")
            cur.execute("SELECT value FROM search_info WHERE key = 'live'")
            if cur.fetchone() is None:
                gen = fresh_generation("initial")
                _create_tables(cur, gen)
                _create_indexes(cur, gen)
                cur.execute("INSERT INTO search_generations (name, version, fold) VALUES (%s, %s, %s)",
                            (gen.name, SCHEMA_VERSION, fold_signature()))
                cur.execute("INSERT INTO search_info (key, value) VALUES ('live', %s)", (gen.name,))

    def _ensure_extension(self, conn: psycopg.Connection, cur: psycopg.Cursor, extension: str) -> None:
        cur.execute("SELECT 1 FROM pg_extension WHERE extname = %s", (extension,))
        if cur.fetchone():
            return
        try:
            with conn.transaction():  # a savepoint: the failure is reported, not the aborted transaction
                cur.execute(sql.SQL("CREATE EXTENSION IF NOT EXISTS {}").format(sql.Identifier(extension)))
        except psycopg.OperationalError:
            raise
        except psycopg.Error as exc:
            database = conn.info.dbname
            raise PostgresSetupError(
                f"the PostgreSQL extension {extension} is missing in database {database} at {self.config.shown} "
                f"and cannot be created ({_one_line(exc)}): the database owner (or a superuser) runs "
                f"`CREATE EXTENSION {extension};` in {database} (Debian ships it in the postgresql package)") from exc

    @staticmethod
    def _check_fold(cur: psycopg.Cursor) -> None:
        probe = list(dict.fromkeys("".join(exact_tokens(_FOLD_PROBE))))  # letter by letter: a refusal names them
        cur.execute(sql.SQL("SELECT array(SELECT {}(w) FROM unnest(%s::text[]) WITH ORDINALITY AS t(w, n)"
                            " ORDER BY n)").format(sql.Identifier(f"search_fold_{FUNCTION_SUFFIX}")), (probe,))
        theirs = cur.fetchone()[0]
        ours = [fold(t) for t in probe]
        wrong = [f"{w!r} -> {t!r} (hoso: {o!r})" for w, t, o in zip(probe, theirs, ours) if t != o]
        if wrong:
            raise PostgresSetupError(
                "unaccent in this database folds Vietnamese differently from hoso, so searches would miss: "
                + "; ".join(wrong[:5]) + " (was unaccent.rules edited? restore the stock rules file)")

    def _live(self, cur: psycopg.Cursor, *, for_writing: bool = False) -> Generation:
        """The generation searched now; IndexOutdated when it was built by another layout or fold."""
        lock = " FOR SHARE OF i" if for_writing else ""
        cur.execute("SELECT i.value, g.version, g.fold FROM search_info i LEFT JOIN search_generations g"
                    " ON g.name = i.value WHERE i.key = 'live'" + lock)
        row = cur.fetchone()
        if row is None:  # the info tables were emptied by hand: set up again
            _READY.discard(self.config.url)
            raise IndexOutdated(f"the search index in {self.config.shown} has no live generation: run `hoso reindex`")
        name, version, folded = row
        if version != SCHEMA_VERSION or folded != fold_signature():
            raise IndexOutdated(
                f"the search index {name} in {self.config.shown} was built by another version (schema {version}, "
                f"text folding or format): run `hoso reindex`")
        return Generation(name)

    def _read(self, work: Callable[[psycopg.Cursor, Generation], Any]) -> Any:
        """Run `work` on the live generation; once more if a rebuild dropped it meanwhile (or the
        tables went: then they are set up again, empty, and the catalogue's heal refills them)."""
        for attempt in range(2):
            conn = self._connection()
            try:
                with conn.transaction(), conn.cursor() as cur:
                    return work(cur, self._live(cur))
            except errors.UndefinedTable:
                _READY.discard(self.config.url)
                if attempt:
                    raise IndexOutdated(f"the search index's tables in {self.config.shown} are missing: "
                                        "run `hoso reindex`") from None
        raise AssertionError("unreachable")

    # -- writing -------------------------------------------------------------------------------

    @_server_errors
    def upsert(self, documents: list[IndexDocument]) -> None:
        if not documents:
            return
        rows = [document_row(d) for d in documents]
        conn = self._connection()
        with conn.transaction(), conn.cursor() as cur:
            gen = self._live(cur, for_writing=True)
            rejected = _write_rows(conn, cur, gen, rows)
        if rejected:
            raise DocumentsRejected(rejected, sent=len(rows))

    @_server_errors
    def delete(self, ids: list[str]) -> None:
        conn = self._connection()
        with conn.transaction(), conn.cursor() as cur:
            gen = self._live(cur, for_writing=True)
            for table in (gen.docs, gen.bodies):
                cur.execute(sql.SQL("DELETE FROM {} WHERE id = ANY(%s)").format(table), (list(ids),))

    @_server_errors
    def clear(self) -> None:
        conn = self._connection()
        with conn.transaction(), conn.cursor() as cur:
            gen = self._live(cur, for_writing=True)
            cur.execute(sql.SQL("TRUNCATE {}, {}, {}").format(gen.docs, gen.bodies, gen.words))

    @functools.partial(_server_errors, retry=False)  # the batches cannot be read twice
    def rebuild(self, batches: Iterable[list[IndexDocument]]) -> int:
        conn = self._connection()
        if not conn.execute("SELECT pg_try_advisory_lock(%s)", (_REBUILD_LOCK,)).fetchone()[0]:
            raise RuntimeError(f"another rebuild of the search index in {self.config.shown} is running")
        try:
            return self._rebuild(conn, batches)
        finally:
            if not conn.closed:
                conn.execute("SELECT pg_advisory_unlock(%s)", (_REBUILD_LOCK,))

    def _rebuild(self, conn: psycopg.Connection, batches: Iterable[list[IndexDocument]]) -> int:
        with conn.transaction(), conn.cursor() as cur:
            live = self._live_name(cur)
            self._drop_leftovers(cur, keep={live})  # tables of a rebuild that was killed
            gen = fresh_generation()
            _create_tables(cur, gen)
        try:
            count, rejected = 0, {}
            for batch in batches:  # one transaction a batch: a long rebuild holds no snapshot for hours
                rows = [document_row(d) for d in batch]
                with conn.transaction(), conn.cursor() as cur:
                    refused = _write_rows(conn, cur, gen, rows)
                rejected.update(refused)
                count += len(batch) - len(refused)
            with conn.transaction(), conn.cursor() as cur:
                _create_indexes(cur, gen)
                for table in (gen.docs, gen.bodies, gen.words):
                    cur.execute(sql.SQL("ANALYZE {}").format(table))
            with conn.transaction(), conn.cursor() as cur:  # the switch: one transaction
                cur.execute("INSERT INTO search_generations (name, version, fold) VALUES (%s, %s, %s)",
                            (gen.name, SCHEMA_VERSION, fold_signature()))
                cur.execute("UPDATE search_info SET value = %s WHERE key = 'live' RETURNING value", (gen.name,))
        except BaseException:
            self._abandon(conn, gen)
            raise
        with conn.transaction(), conn.cursor() as cur:
            self._drop_leftovers(cur, keep={gen.name})
        if rejected:  # the new index is live without them (pipeline.indexing queues them again)
            raise DocumentsRejected(rejected, sent=count + len(rejected))
        return count

    def _abandon(self, conn: psycopg.Connection, gen: Generation) -> None:
        if conn.closed:
            return  # left for the next rebuild to drop
        try:
            with conn.transaction(), conn.cursor() as cur:
                _drop_generation(cur, gen)
        except psycopg.Error:
            pass

    @staticmethod
    def _live_name(cur: psycopg.Cursor) -> str | None:
        cur.execute("SELECT value FROM search_info WHERE key = 'live'")
        row = cur.fetchone()
        return row[0] if row else None

    @staticmethod
    def _drop_leftovers(cur: psycopg.Cursor, keep: set[str | None]) -> None:
        cur.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
                    " AND tablename ~ '^search_(docs|bodies|words)_v[0-9]'")
        names = {t.split("_", 2)[2] for (t,) in cur.fetchall()}
        for name in sorted(names - keep):
            _drop_generation(cur, Generation(name))

    # -- reading ---------------------------------------------------------------------------------

    @_server_errors
    def count(self) -> int:
        def work(cur, gen):
            cur.execute(sql.SQL("SELECT count(*) FROM {}").format(gen.docs))
            return cur.fetchone()[0]

        return self._read(work)

    def ids(self, page: int = 5000) -> Iterator[str]:
        """Every indexed id in id order, a page at a time (no transaction left open between pages)."""
        after = None
        while True:
            found = self._ids_after(after, page)
            yield from found
            if len(found) < page:
                return
            after = found[-1]

    @_server_errors
    def _ids_after(self, after: str | None, page: int) -> list[str]:
        def work(cur, gen):
            condition = sql.SQL("WHERE id > %s") if after is not None else sql.SQL("")
            cur.execute(sql.SQL("SELECT id FROM {} {} ORDER BY id LIMIT %s").format(gen.docs, condition),
                        (after, page) if after is not None else (page,))
            return [r[0] for r in cur.fetchall()]

        return self._read(work)

    def status(self) -> BackendStatus:
        shown = self.config.shown
        try:
            return self._status()
        except IndexOutdated as exc:
            return BackendStatus(backend=self.name, location=shown, reachable=True, current_version=SCHEMA_VERSION,
                                 problem=str(exc))
        except BackendUnavailable as exc:
            return BackendStatus(backend=self.name, location=shown, reachable=False, current_version=SCHEMA_VERSION,
                                 problem=str(exc))

    @_server_errors
    def _status(self) -> BackendStatus:
        conn = self._connection()
        with conn.transaction(), conn.cursor() as cur:
            cur.execute("SELECT i.value, g.version FROM search_info i LEFT JOIN search_generations g"
                        " ON g.name = i.value WHERE i.key = 'live'")
            name, version = cur.fetchone() or (None, None)
        problem = None
        try:
            documents = self.count()
        except IndexOutdated as exc:
            documents, problem = None, str(exc)
        return BackendStatus(backend=self.name, location=self.config.shown, reachable=True, documents=documents,
                             physical=f"search_docs_{name}" if name else None, version=version,
                             current_version=SCHEMA_VERSION, problem=problem)

    @_server_errors
    def search(self, query: SearchQuery) -> list[SearchHit]:
        text = analyse(query.text)
        return self._read(lambda cur, gen: self._search(cur, gen, query, text))

    def _search(self, cur: psycopg.Cursor, gen: Generation, query: SearchQuery, text: TextQuery) -> list[SearchHit]:
        # Every search has an index to start from (GIN for words, b-trees for filters and time). The
        # planner costs `terms @@` as a cheap filter, not as reading a tsvector out of line, and
        # picks a whole-table scan for common words: 6 times slower at 30,000 documents.
        cur.execute("SET LOCAL enable_seqscan = off")
        if not text.tokens:
            return self._run(cur, gen, query, None, ())
        hits = self._run(cur, gen, query, exact_plan(text), text.distinct)
        if not hits and text.can_fuzz:
            known = self._known(cur, gen, list(text.distinct))
            plan = fuzzy_plan(text, known, lambda token: self._variants(cur, gen, token))
            hits = self._run(cur, gen, query, plan, text.distinct) if plan else []
        return hits

    @staticmethod
    def _known(cur: psycopg.Cursor, gen: Generation, tokens: list[str]) -> set[str]:
        cur.execute(sql.SQL("SELECT word FROM {} WHERE word = ANY(%s)").format(gen.words), (tokens,))
        return {r[0] for r in cur.fetchall()}

    @staticmethod
    def _variants(cur: psycopg.Cursor, gen: Generation, token: str) -> list[str]:
        """Words of the index one edit from `token` (itself first), through the trigram index.

        A word may outlive its last document (words are not counted per document): such a
        variant only widens an OR the documents must still satisfy, so results are unchanged.
        """
        cur.execute(sql.SQL("SELECT word FROM {} WHERE word LIKE ANY(%s) ORDER BY word <> %s, word LIMIT %s").format(
            gen.words), (one_edit_patterns(token), token, FUZZY_MAX_EXPANSIONS))
        return [r[0] for r in cur.fetchall()]

    @staticmethod
    def _filters(query: SearchQuery) -> tuple[list[sql.Composable], list[Any]]:
        where: list[sql.Composable] = []
        params: list[Any] = []
        for column, value in (("citizen_id", query.citizen_id), ("doc_type", query.doc_type),
                              ("dossier", query.dossier)):
            if value:
                where.append(sql.SQL("{} = %s").format(sql.Identifier(column)))
                params.append(value)
        low, high = day_bounds(query)
        if low:
            where.append(sql.SQL("received_at >= %s"))
            params.append(low)
        if high:
            where.append(sql.SQL("received_at <= %s"))
            params.append(high)
        return where, params

    def _run(self, cur: psycopg.Cursor, gen: Generation, query: SearchQuery, plan: Plan | None,
             tokens: tuple[str, ...]) -> list[SearchHit]:
        where, params = self._filters(query)
        if plan is None:
            ranked = self._newest(cur, gen, None, where, params, query.limit, 0, [])
        else:
            ranked = self._ranked(cur, gen, plan, where, params, query.limit)
        return self._hits(cur, gen, ranked, tokens)

    def _ranked(self, cur: psycopg.Cursor, gen: Generation, plan: Plan, where: list[sql.Composable],
                params: list[Any], limit: int) -> list[tuple[str, int]]:
        """(id, score) of the best `limit` matches, phrase tier first.

        Every document with the query's pairs outscores every one without them (PHRASE_WEIGHT is
        more than all other clauses together), so the phrase tier is ranked alone and the others
        only when it has fewer than `limit`: a common phrase ("bao cao") never ranks every match.
        A tier whose documents all score alike is its newest documents, which the time index
        finds without reading them all.
        """
        phrase = next((clause for clause, weight in plan.clauses if weight == PHRASE_WEIGHT), None)
        others = tuple((clause, weight) for clause, weight in plan.clauses if weight != PHRASE_WEIGHT)
        tiers = [(plan.match, 0)] if phrase is None else [(f"({plan.match}) & ({phrase})", PHRASE_WEIGHT),
                                                          (plan.match, 0)]
        ranked: list[tuple[str, int]] = []
        for match, base in tiers:
            need = limit - len(ranked)
            if need <= 0:
                break
            seen = [doc_id for doc_id, _ in ranked]  # the whole phrase tier, when it was short
            if others:
                ranked += self._scored(cur, gen, Plan(match, others), where, params, need, base, seen)
            else:
                ranked += self._newest(cur, gen, match, where, params, need, base, seen)
        return ranked

    @staticmethod
    def _newest(cur: psycopg.Cursor, gen: Generation, match: str | None, where: list[sql.Composable],
                params: list[Any], limit: int, score: int, seen: list[str]) -> list[tuple[str, int]]:
        conditions, values = list(where), list(params)
        if match is not None:
            conditions.insert(0, sql.SQL("terms @@ %s::tsquery"))
            values.insert(0, match)
        if seen:
            conditions.append(sql.SQL("id <> ALL(%s)"))
            values.append(seen)
        cur.execute(sql.SQL("SELECT id FROM {docs} {where} ORDER BY received_at DESC, id LIMIT %s").format(
            docs=gen.docs, where=_where(conditions)), (*values, limit))
        return [(row[0], score) for row in cur.fetchall()]

    @staticmethod
    def _scored(cur: psycopg.Cursor, gen: Generation, plan: Plan, where: list[sql.Composable],
                params: list[Any], limit: int, base: int, seen: list[str]) -> list[tuple[str, int]]:
        """The best matches by score: the matches, and for each clause those matching it too, each
        one GIN look-up; their weights summed per document. Testing `terms @@ clause` row by row
        would read every match's tsvector; joining the look-ups, with the planner's row estimates
        for OR-heavy tsqueries (often 1), made nested loops. A UNION ALL and a GROUP BY do neither."""
        extra, extra_values = ([sql.SQL("id <> ALL(%s)")], [seen]) if seen else ([], [])
        parts, values = [], []
        for clause, weight in ((None, 0), *plan.clauses):
            condition = "terms @@ %s::tsquery" if clause is None else "terms @@ (%s::tsquery && %s::tsquery)"
            parts.append(sql.SQL("SELECT id, received_at, {weight} AS weight FROM {docs} {where}").format(
                weight=sql.Literal(weight), docs=gen.docs, where=_where([sql.SQL(condition), *where, *extra])))
            values += [plan.match, *([] if clause is None else [clause]), *params, *extra_values]
        cur.execute(sql.SQL("""SELECT id, {base} + sum(weight) AS score FROM ({parts}) AS matches
            GROUP BY id, received_at ORDER BY score DESC, received_at DESC, id LIMIT %s""").format(
            base=sql.Literal(base), parts=sql.SQL(" UNION ALL ").join(parts)), (*values, limit))
        return [(doc_id, int(score)) for doc_id, score in cur.fetchall()]

    @staticmethod
    def _hits(cur: psycopg.Cursor, gen: Generation, ranked: list[tuple[str, int]],
              tokens: tuple[str, ...]) -> list[SearchHit]:
        if not ranked:
            return []
        columns = sql.SQL(", ").join(sql.SQL("d.{}").format(sql.Identifier(c)) for c in _COLUMNS)
        cur.execute(sql.SQL("SELECT {columns}, b.body FROM {docs} d JOIN {bodies} b ON b.id = d.id"
                            " WHERE d.id = ANY(%s)").format(columns=columns, docs=gen.docs, bodies=gen.bodies),
                    ([doc_id for doc_id, _ in ranked],))
        rows = {row[0]: row for row in cur.fetchall()}
        words_typed = " ".join(tokens)
        return [_hit(rows[doc_id], score, words_typed) for doc_id, score in ranked if doc_id in rows]


def _where(conditions: list[sql.Composable]) -> sql.Composable:
    return sql.SQL("WHERE ") + sql.SQL(" AND ").join(conditions) if conditions else sql.SQL("")


def _hit(row: tuple, score: int, words_typed: str) -> SearchHit:
    (doc_id, citizen, doc_type, dossier, link, received, title, issued, expires, body) = row
    return SearchHit(
        id=doc_id, score=float(score), snippet=snippet_at(body, first_match(body, words_typed)),
        citizen_id=citizen, doc_type=doc_type, dossier=dossier, link_status=link,
        received_at=received.astimezone(timezone.utc), title=title, issue_date=issued, expiry_date=expires,
    )
