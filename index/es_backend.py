"""Elasticsearch 8 search backend, behind the same interface as the embedded index.

Configuration (environment): HOSO_ES_URL, HOSO_ES_USER / HOSO_ES_PASSWORD or
HOSO_ES_API_KEY, HOSO_ES_CA_CERT (ES 8 clusters use TLS and security by default),
HOSO_ES_INDEX (the alias, default `hoso-documents`), HOSO_ES_REPLICAS, HOSO_ES_TIMEOUT.

Documents live in a versioned index (`<alias>-v<mapping>-<stamp>`) reached through the
alias; `rebuild` fills a new index and moves the alias in one atomic _aliases call. The
document id is the Elasticsearch _id and writes use the `index` operation, so sending a
document twice replaces it (the outbox may resend after an outage: never a duplicate).

Elasticsearch has no Vietnamese analyzer: `vi_folded` maps đ/Đ to d/D with a mapping
char_filter (asciifolding alone would not be the documented contract), cuts tokens at
anything that is not a letter or digit, lower-cases and asciifolds. The sub-field
`search.exact` keeps diacritics so a query typed with them ranks exact matches first.
Query semantics (and the integer score) are those of `index.textquery`.
"""

from __future__ import annotations

import functools
import time
import urllib.parse
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any

from elasticsearch import ApiError, Elasticsearch, NotFoundError, TransportError, UnsupportedProductError, helpers

from index.backend import BackendMisconfigured, BackendStatus, BackendUnavailable, DocumentsRejected, IndexOutdated
from index.models import IndexDocument, SearchHit, SearchQuery
from index.snippet import first_match, snippet_at
from index.textquery import (
    FUZZY_EDITS,
    FUZZY_MAX_EXPANSIONS,
    PAIR_SEPARATOR,
    PHRASE_WEIGHT,
    TextQuery,
    analyse,
    day_bounds,
    pairs,
    utc_iso,
)
from vntext import nfc

MAPPING_VERSION = 1
DEFAULT_ALIAS = "hoso-documents"
RETRYABLE = frozenset({429, 500, 502, 503, 504})
_BULK_CHUNK = 500
_BULK_BYTES = 10 * 1024 * 1024
_SOURCE = ["id", "citizen_id", "doc_type", "dossier", "link_status", "received_at", "title", "text",
           "issue_date", "expiry_date"]

SETTINGS: dict[str, Any] = {
    "number_of_shards": 1,  # thousands to millions of small documents: one shard suffices
    "analysis": {
        "char_filter": {"vi_dd": {"type": "mapping", "mappings": ["đ => d", "Đ => D"]}},
        "tokenizer": {"vi_words": {"type": "pattern", "pattern": "[^\\p{L}\\p{N}]+"}},
        "filter": {
            # Adjacent folded words as one token "nguyen0van", as the SQLite index has them.
            "vi_pairs": {"type": "shingle", "min_shingle_size": 2, "max_shingle_size": 2,
                         "output_unigrams": False, "token_separator": PAIR_SEPARATOR},
        },
        "analyzer": {
            "vi_folded": {"type": "custom", "char_filter": ["vi_dd"], "tokenizer": "vi_words",
                          "filter": ["lowercase", "asciifolding"]},
            "vi_exact": {"type": "custom", "tokenizer": "vi_words", "filter": ["lowercase"]},
            "vi_pairs": {"type": "custom", "char_filter": ["vi_dd"], "tokenizer": "vi_words",
                         "filter": ["lowercase", "asciifolding", "vi_pairs"]},
        },
    },
}

MAPPINGS: dict[str, Any] = {
    "dynamic": "strict",
    "_meta": {"hoso_mapping_version": MAPPING_VERSION},
    # `search` is title + text for matching only; title and text come back in _source.
    "_source": {"excludes": ["search"]},
    "properties": {
        "id": {"type": "keyword"},
        "citizen_id": {"type": "keyword"},
        "doc_type": {"type": "keyword"},
        "dossier": {"type": "keyword"},
        "link_status": {"type": "keyword"},
        "received_at": {"type": "date"},
        "issue_date": {"type": "date"},
        "expiry_date": {"type": "date"},
        "title": {"type": "text", "index": False},
        "text": {"type": "text", "index": False},
        "search": {"type": "text", "analyzer": "vi_folded",
                   "fields": {"exact": {"type": "text", "analyzer": "vi_exact"},
                              "pairs": {"type": "text", "analyzer": "vi_pairs", "index_options": "docs"}}},
    },
}


def _required_url(url: str | None) -> str:
    if not url:
        raise BackendMisconfigured("HOSO_INDEX=elasticsearch needs HOSO_ES_URL, the cluster's address "
                                   "(e.g. https://es.example:9200)")
    return url


@dataclass(frozen=True)
class EsConfig:
    url: str
    alias: str = DEFAULT_ALIAS
    username: str | None = None
    password: str | None = None
    api_key: str | None = None
    ca_cert: str | None = None
    replicas: int | None = None  # None: the cluster's default
    timeout: float = 10.0
    retries: int = 3  # further attempts on 429/5xx, with back-off
    backoff: float = 0.5  # seconds before the first retry, doubled each time

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> "EsConfig":
        def get(name: str) -> str | None:
            value = env.get(name, "").strip()
            return value or None

        replicas = get("HOSO_ES_REPLICAS")
        return cls(
            url=_required_url(get("HOSO_ES_URL")),
            alias=(get("HOSO_ES_INDEX") or DEFAULT_ALIAS).lower(),
            username=get("HOSO_ES_USER"), password=get("HOSO_ES_PASSWORD"), api_key=get("HOSO_ES_API_KEY"),
            ca_cert=get("HOSO_ES_CA_CERT"), replicas=int(replicas) if replicas else None,
            timeout=float(get("HOSO_ES_TIMEOUT") or 10.0),
        )

    @property
    def shown(self) -> str:
        """The URL without credentials, and the alias: safe to print and log."""
        parts = urllib.parse.urlsplit(self.url)
        host = parts.hostname or ""
        if parts.port:
            host = f"{host}:{parts.port}"
        return f"{urllib.parse.urlunsplit((parts.scheme, host, parts.path, '', ''))} [{self.alias}]"

    def client(self) -> Elasticsearch:
        options: dict[str, Any] = {
            "request_timeout": self.timeout,
            "max_retries": 0,  # retries (connection: one; 429/5xx: with back-off) are ours,
            "retry_on_status": (),  # so an unreachable cluster costs seconds, not minutes
            "retry_on_timeout": True,
        }
        if self.api_key:
            options["api_key"] = self.api_key
        elif self.username:
            options["basic_auth"] = (self.username, self.password or "")
        if self.ca_cert:
            options["ca_certs"] = self.ca_cert
        return Elasticsearch(self.url, **options)


def _index_version(name: str, alias: str) -> int | None:
    """`<alias>-v<N>-<stamp>` -> N; None for an index not named by this backend."""
    rest = name[len(alias) + 2 :] if name.startswith(f"{alias}-v") else ""
    digits = rest.split("-", 1)[0]
    return int(digits) if digits.isdigit() else None


def _const(query: dict, boost: int) -> dict:
    return {"constant_score": {"filter": query, "boost": boost}}


def _fuzzy(token: str) -> dict:
    return {"fuzzy": {"search": {"value": token, "fuzziness": FUZZY_EDITS, "prefix_length": 0,
                                 "max_expansions": FUZZY_MAX_EXPANSIONS, "transpositions": True}}}


def document_body(doc: IndexDocument) -> dict[str, Any]:
    text = nfc(doc.text)
    title = nfc(doc.title) if doc.title else None
    return {
        "id": doc.id, "citizen_id": doc.citizen_id, "doc_type": doc.doc_type, "dossier": doc.dossier,
        "link_status": doc.link_status, "received_at": utc_iso(doc.received_at),
        "issue_date": doc.issue_date.isoformat() if doc.issue_date else None,
        "expiry_date": doc.expiry_date.isoformat() if doc.expiry_date else None,
        "title": title, "text": text, "search": f"{title or ''}\n{text}",
    }


def filters(query: SearchQuery) -> list[dict]:
    clauses: list[dict] = [{"term": {field: value}} for field, value in
                           (("citizen_id", query.citizen_id), ("doc_type", query.doc_type),
                            ("dossier", query.dossier)) if value]
    low, high = day_bounds(query)
    if low or high:
        bounds = {"gte": utc_iso(low)} if low else {}
        if high:
            bounds["lte"] = utc_iso(high)
        clauses.append({"range": {"received_at": bounds}})
    return clauses


def _all_pairs(tokens) -> list[dict]:
    return [{"term": {"search.pairs": p}} for p in dict.fromkeys(pairs(tokens))]


def exact_query(text: TextQuery, base: list[dict]) -> dict:
    words = " ".join(text.tokens)  # already folded: the analyzer leaves them as they are
    should = [_const({"term": {"search.exact": token}}, 1) for token in text.marked]
    if text.has_phrase:
        should.append(_const({"bool": {"filter": _all_pairs(text.tokens)}}, PHRASE_WEIGHT))
    match = {"match": {"search": {"query": words, "operator": "and"}}}
    return {"bool": {"filter": [*base, match], "should": should}}


def fuzzy_query(text: TextQuery, base: list[dict]) -> dict:
    """Every word exactly but one, that one within an edit (see index.textquery)."""
    tokens = text.tokens
    ways = [{"bool": {"filter": [*({"term": {"search": t}} for j, t in enumerate(tokens) if j != i), _fuzzy(token)]}}
            for i, token in enumerate(tokens) if text.fuzzy(token)]
    should = [_const({"term": {"search": t}}, 1) for t in text.distinct]
    if text.has_phrase:
        phrases = [_misread_pairs(tokens, i) for i, t in enumerate(tokens) if text.fuzzy(t)]
        should.append(_const({"bool": {"should": phrases, "minimum_should_match": 1}}, PHRASE_WEIGHT))
    return {"bool": {"filter": [*base, {"bool": {"should": ways, "minimum_should_match": 1}}], "should": should}}


def _misread_pairs(tokens: tuple[str, ...], i: int) -> dict:
    """The query's pairs, those around word i with some reading of it (each on its own)."""
    fixed = [p for j, p in enumerate(pairs(tokens)) if j not in (i - 1, i)]
    parts: list[dict] = [{"term": {"search.pairs": p}} for p in dict.fromkeys(fixed)]
    fuzzy_word = {"span_multi": {"match": _fuzzy(tokens[i])}}
    if i > 0:
        parts.append({"span_near": {"clauses": [{"span_term": {"search": tokens[i - 1]}}, fuzzy_word],
                                    "slop": 0, "in_order": True}})
    if i + 1 < len(tokens):
        parts.append({"span_near": {"clauses": [fuzzy_word, {"span_term": {"search": tokens[i + 1]}}],
                                    "slop": 0, "in_order": True}})
    return {"bool": {"filter": parts}}


SORT = [{"_score": {"order": "desc"}}, {"received_at": {"order": "desc"}}, {"id": {"order": "asc"}}]


def _hit(raw: dict, tokens: tuple[str, ...]) -> SearchHit:
    src = raw["_source"]
    full = f"{src.get('title') or ''}\n{src.get('text') or ''}"
    offset = first_match(full, " ".join(tokens)) if tokens else None
    return SearchHit(
        id=src["id"], score=float(raw.get("_score") or 0.0), snippet=snippet_at(full, offset),
        citizen_id=src.get("citizen_id"), doc_type=src.get("doc_type"), dossier=src.get("dossier"),
        link_status=src.get("link_status"), received_at=datetime.fromisoformat(src["received_at"]),
        title=src.get("title"),
        issue_date=date.fromisoformat(src["issue_date"]) if src.get("issue_date") else None,
        expiry_date=date.fromisoformat(src["expiry_date"]) if src.get("expiry_date") else None,
    )


# Answers some callers expect and handle (index already exists, alias conflicts); any other
# non-retryable answer is a wrong server or a wrong request: the operator gets one message.
_DECIDED_BY_CALLER = (400, 409)


def wrong_answer(shown: str, exc: ApiError) -> str:
    """One line for an answer that is not what Elasticsearch answers a correct request with."""
    if isinstance(exc, UnsupportedProductError):
        return f"the server at {shown} is not Elasticsearch (check HOSO_ES_URL)"
    status = getattr(exc, "status_code", None)
    reason = exc.message if isinstance(getattr(exc, "message", None), str) else str(exc)
    return f"Elasticsearch at {shown} answered HTTP {status}: {reason[:300]} (check HOSO_ES_URL and the cluster)"


def _server_answers(method: Callable[..., Any]) -> Callable[..., Any]:
    """Whatever the server answered that a method did not handle becomes BackendUnavailable
    with one message: callers (ingest's outbox, the CLI, the web) handle that one kind."""

    @functools.wraps(method)
    def guarded(self: "ElasticsearchBackend", *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except ApiError as exc:
            raise BackendUnavailable(wrong_answer(self.config.shown, exc)) from exc
        except TransportError as exc:
            raise BackendUnavailable(f"Elasticsearch at {self.config.shown} is unavailable: {exc}") from exc

    return guarded


class ElasticsearchBackend:
    name = "elasticsearch"

    def __init__(self, config: EsConfig, client: Elasticsearch | None = None):
        self.config = config
        self.alias = config.alias
        self._client = client or config.client()  # no network I/O until the first call
        self._alias_checked = False

    def close(self) -> None:
        self._client.close()

    # -- transport -----------------------------------------------------------------

    def _call(self, func: Callable[..., Any], **kwargs: Any) -> Any:
        """One request; 429/5xx retried with back-off; unreachable -> BackendUnavailable."""
        for attempt in range(self.config.retries + 1):
            try:
                return func(**kwargs)
            except ApiError as exc:
                if exc.status_code in (401, 403):
                    raise BackendUnavailable(f"Elasticsearch at {self.config.shown} refused the credentials: {exc}") from exc
                if isinstance(exc, NotFoundError) or exc.status_code in _DECIDED_BY_CALLER:
                    raise
                if exc.status_code not in RETRYABLE:
                    raise BackendUnavailable(wrong_answer(self.config.shown, exc)) from exc
                failure: Exception = exc
            except TransportError as exc:  # connection refused, timeout, TLS
                failure = exc
                if attempt >= 1:
                    break  # an unreachable cluster is not waited for: the outbox keeps the work
            if attempt < self.config.retries:
                time.sleep(self.config.backoff * 2**attempt)
        raise BackendUnavailable(f"Elasticsearch at {self.config.shown} is unavailable: {failure}") from failure

    def _bulk(self, actions: Iterable[dict], *, to_alias: bool) -> int:
        """Send actions in chunks; transient failures -> BackendUnavailable, others -> DocumentsRejected."""
        rejected: dict[str, str] = {}
        transient = 0
        sent = 0
        extra = {"require_alias": True} if to_alias else {}  # never auto-create an index named like the alias
        try:
            for ok, item in helpers.streaming_bulk(
                self._client.options(request_timeout=max(self.config.timeout, 60.0)), actions, chunk_size=_BULK_CHUNK, max_chunk_bytes=_BULK_BYTES,
                raise_on_error=False, max_retries=self.config.retries, initial_backoff=self.config.backoff,
                max_backoff=30, retry_on_status=tuple(RETRYABLE), **extra,
            ):
                sent += 1
                op, info = next(iter(item.items()))
                status = info.get("status", 500)
                if ok or (op == "delete" and status == 404):
                    continue
                if status in RETRYABLE:
                    transient += 1
                else:
                    rejected[str(info.get("_id"))] = str(info.get("error"))
        except ApiError as exc:
            raise BackendUnavailable(wrong_answer(self.config.shown, exc)) from exc
        except TransportError as exc:
            raise BackendUnavailable(f"Elasticsearch at {self.config.shown} is unavailable: {exc}") from exc
        if transient:
            raise BackendUnavailable(f"Elasticsearch at {self.config.shown} is overloaded ({transient} retried out)")
        if rejected:
            raise DocumentsRejected(rejected, sent)
        return sent

    # -- the alias -----------------------------------------------------------------

    def _alias_targets(self) -> list[str]:
        try:
            found = self._call(self._client.indices.get_alias, name=self.alias)
        except NotFoundError:
            return []
        return sorted(found.body if hasattr(found, "body") else found)

    def _new_index(self, stamp: str, *, building: bool) -> str:
        name = f"{self.alias}-v{MAPPING_VERSION}-{stamp}"
        settings = {**SETTINGS}
        if self.config.replicas is not None:
            settings["number_of_replicas"] = self.config.replicas
        if building:
            settings["refresh_interval"] = "-1"  # nobody reads it before the switch
        self._call(self._client.indices.create, index=name, settings=settings, mappings=MAPPINGS)
        return name

    def _writable(self) -> None:
        """The alias exists and names an index of this mapping version (checked once)."""
        if self._alias_checked:
            return
        targets = self._alias_targets()
        if not targets:
            self._create_first_index()
        elif any(_index_version(t, self.alias) != MAPPING_VERSION for t in targets):
            raise IndexOutdated(f"{self.config.shown} points to {', '.join(targets)}; this version needs "
                                f"mapping v{MAPPING_VERSION}: run `hoso reindex`")
        self._alias_checked = True

    def _create_first_index(self) -> None:
        if self._call(self._client.indices.exists, index=self.alias):
            raise IndexOutdated(f"{self.alias} is a plain index, not an alias: run `hoso reindex`")
        try:
            # Fixed name: two processes starting at once create the same index, not two.
            name = self._new_index("initial", building=False)
        except ApiError as exc:
            if "resource_already_exists" not in str(exc):
                raise
            return  # the other process created it (and adds the alias)
        try:
            self._call(self._client.indices.update_aliases,
                       actions=[{"add": {"index": name, "alias": self.alias, "is_write_index": True}}])
        except ApiError as exc:
            if exc.status_code != 400:
                raise

    # -- writing -------------------------------------------------------------------

    @_server_answers
    def upsert(self, documents: list[IndexDocument]) -> None:
        if not documents:
            return
        self._writable()
        actions = ({"_op_type": "index", "_index": self.alias, "_id": d.id, "_source": document_body(d)}
                   for d in documents)
        self._bulk(actions, to_alias=True)
        self._call(self._client.indices.refresh, index=self.alias)

    @_server_answers
    def delete(self, ids: list[str]) -> None:
        if not ids:
            return
        self._writable()
        self._bulk(({"_op_type": "delete", "_index": self.alias, "_id": i} for i in ids), to_alias=True)
        self._call(self._client.indices.refresh, index=self.alias)

    def clear(self) -> None:
        self.rebuild([])

    @_server_answers
    def rebuild(self, batches: Iterable[list[IndexDocument]]) -> int:
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dt%H%M%S%f")
        name = self._new_index(stamp, building=True)
        rejected: DocumentsRejected | None = None
        try:
            try:
                count = self._bulk(self._actions_into(name, batches), to_alias=False)
            except DocumentsRejected as exc:  # a bad document must not block the rebuild
                rejected, count = exc, exc.sent - len(exc.rejected)
            self._call(self._client.indices.put_settings, index=name, settings={"refresh_interval": None})
            self._call(self._client.indices.refresh, index=name)
            self._switch_alias(name)
        except BaseException:
            self._drop(name)
            raise
        self._alias_checked = True
        if rejected:
            raise rejected  # after the switch: the caller queues them again
        return count

    @staticmethod
    def _actions_into(name: str, batches: Iterable[list[IndexDocument]]) -> Iterator[dict]:
        for batch in batches:
            for doc in batch:
                yield {"_op_type": "index", "_index": name, "_id": doc.id, "_source": document_body(doc)}

    def _switch_alias(self, name: str) -> None:
        """Point the alias at `name` only, in one atomic request; then drop the old indices."""
        old = self._alias_targets()
        actions: list[dict] = [{"add": {"index": name, "alias": self.alias, "is_write_index": True}}]
        actions += [{"remove": {"index": o, "alias": self.alias}} for o in old]
        if not old and self._call(self._client.indices.exists, index=self.alias):
            actions.append({"remove_index": {"index": self.alias}})  # a plain index squatting the name
        self._call(self._client.indices.update_aliases, actions=actions)
        for index in old:
            self._drop(index)

    def _drop(self, index: str) -> None:
        try:
            self._call(self._client.indices.delete, index=index)
        except (ApiError, BackendUnavailable):
            pass  # left for an operator; it is no longer behind the alias

    # -- reading -------------------------------------------------------------------

    @_server_answers
    def count(self) -> int:
        try:
            return int(self._call(self._client.count, index=self.alias)["count"])
        except NotFoundError:
            return 0

    @_server_answers
    def search(self, query: SearchQuery) -> list[SearchHit]:
        text = analyse(query.text)
        base = filters(query)
        if not text.tokens:
            return self._run({"bool": {"filter": base}}, query.limit, ())
        hits = self._run(exact_query(text, base), query.limit, text.distinct)
        if not hits and text.can_fuzz:
            hits = self._run(fuzzy_query(text, base), query.limit, text.distinct)
        return hits

    def _run(self, es_query: dict, limit: int, tokens: tuple[str, ...]) -> list[SearchHit]:
        try:
            found = self._call(self._client.search, index=self.alias, query=es_query, sort=SORT, size=limit,
                               track_scores=True, source_includes=_SOURCE)
        except NotFoundError:
            return []  # nothing indexed yet
        return [_hit(raw, tokens) for raw in found["hits"]["hits"]]

    def ids(self, page: int = 1000) -> Iterator[str]:
        """Every indexed id, in id order (search_after: no 10,000-hit window limit)."""
        try:
            yield from self._ids(page)
        except ApiError as exc:
            raise BackendUnavailable(wrong_answer(self.config.shown, exc)) from exc
        except TransportError as exc:
            raise BackendUnavailable(f"Elasticsearch at {self.config.shown} is unavailable: {exc}") from exc

    def _ids(self, page: int) -> Iterator[str]:
        after: list | None = None
        while True:
            extra = {"search_after": after} if after else {}
            try:
                found = self._call(self._client.search, index=self.alias, query={"match_all": {}},
                                   sort=[{"id": "asc"}], size=page, source=False, **extra)
            except NotFoundError:
                return
            hits = found["hits"]["hits"]
            for raw in hits:
                yield raw["_id"]
            if len(hits) < page:
                return
            after = hits[-1]["sort"]

    @_server_answers
    def status(self) -> BackendStatus:
        shown = self.config.shown
        try:
            targets = self._alias_targets()
            documents = self.count()
        except BackendUnavailable as exc:
            return BackendStatus(backend=self.name, location=shown, reachable=False,
                                 current_version=MAPPING_VERSION, problem=str(exc))
        versions = {_index_version(t, self.alias) for t in targets}
        version = versions.pop() if len(versions) == 1 else None
        problem = None
        if not targets:
            problem = "no index behind the alias yet (created on the first write)"
        elif version != MAPPING_VERSION:
            problem = f"alias points to {', '.join(targets)}: run `hoso reindex`"
        return BackendStatus(backend=self.name, location=shown, reachable=True, documents=documents,
                             physical=", ".join(targets) or None, version=version,
                             current_version=MAPPING_VERSION, problem=problem)
