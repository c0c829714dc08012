"""Search latency and bulk indexing rate on a synthetic catalogue, per backend.

Documents are generated, not OCR'd: metadata of citizens (names, valid CCCD numbers,
addresses from samples.people), document types with their title lines, and bodies cut
from the real administrative texts in the shared corpus; 8% lost their diacritics (as
OCR with the wrong model does). Files of 1-4 documents share a reception second.

For each size (default 100,000 and 1,000,000) and each backend (embedded SQLite;
Elasticsearch when HOSO_ES_URL is set; PostgreSQL in a new database on the server of
HOSO_BENCH_PG_URL, else on a throw-away local cluster like the tests' when PostgreSQL is
installed; `--no-postgres` leaves it out), it builds the index with `rebuild` (the
`hoso reindex` path), times ID look-ups and several kinds of full-text query through
`backend.search` (limit 50, snippets included), and an upsert run of the outbox path.
Latencies are warm (after a warm-up), single client, on this machine.

    .venv/bin/python -m bench.search_bench                      # 100k and 1M, ~15 min
    .venv/bin/python -m bench.search_bench --sizes 20000 --queries 100   # quick look

Writes the Markdown table to stdout and bench/out/search.md (+ search.json).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from index.backend import SearchBackend
from index.models import IndexDocument, SearchQuery
from index.sqlite_backend import SqliteBackend
from index.textquery import fold
from samples.corpus import CORPUS_DIR
from samples.people import REGIONS, make_address, make_citizen_id, make_name
from vntext import nfc

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
EPOCH = datetime(2023, 6, 1, tzinfo=timezone.utc)
SPAN_SECONDS = int((datetime(2026, 4, 15, tzinfo=timezone.utc) - EPOCH).total_seconds())

# (type, share, title, body words min-max)
TYPES = [
    ("cccd", 15, "CĂN CƯỚC CÔNG DÂN", (20, 40)),
    ("giay_khai_sinh", 12, "GIẤY KHAI SINH", (40, 90)),
    ("to_khai", 10, "TỜ KHAI ĐĂNG KÝ KHAI SINH", (60, 140)),
    ("don_de_nghi", 14, "ĐƠN ĐỀ NGHỊ", (50, 150)),
    ("xac_nhan_cu_tru", 8, "XÁC NHẬN THÔNG TIN VỀ CƯ TRÚ", (40, 90)),
    ("xac_nhan_tinh_trang_hon_nhan", 6, "GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN", (40, 90)),
    ("giay_chung_nhan_ket_hon", 4, "GIẤY CHỨNG NHẬN KẾT HÔN", (40, 90)),
    ("gcn_quyen_su_dung_dat", 5, "GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT", (80, 200)),
    ("hop_dong", 5, "HỢP ĐỒNG ỦY QUYỀN", (100, 250)),
    ("van_ban_hanh_chinh", 16, "BÁO CÁO", (150, 400)),
    ("khac", 5, None, (30, 120)),
]


def corpus_words() -> list[str]:
    folder = CORPUS_DIR
    words: list[str] = []
    for path in sorted(folder.glob("*.txt")):
        text = path.read_text(encoding="utf-8").replace("*", " ").replace("#", " ")
        words += nfc(text).split()
    return words


@dataclass
class Citizen:
    citizen_id: str
    name: str
    address: str


@dataclass
class Synthetic:
    """A deterministic synthetic catalogue: documents as light tuples, citizens kept for queries."""

    size: int
    seed: int = 11
    citizens: list[Citizen] = field(default_factory=list)
    rows: list[tuple] = field(default_factory=list)

    def build(self) -> "Synthetic":
        rng = random.Random(self.seed)
        words = corpus_words()
        self.citizens = [self._citizen(rng) for _ in range(max(10, self.size // 4))]
        kinds = [t for t in TYPES for _ in range(t[1])]
        moment, file_no = 0, 0
        while len(self.rows) < self.size:
            moment += rng.randint(1, max(2, 2 * SPAN_SECONDS // self.size * 2))
            file_no += 1
            dossier = f"HS-{file_no // 3:07d}" if rng.random() < 0.7 else None
            citizen = rng.choice(self.citizens) if rng.random() < 0.85 else None
            for _ in range(rng.choice((1, 1, 1, 2, 2, 3, 4))):
                self.rows.append(self._row(rng, words, kinds, len(self.rows), moment % SPAN_SECONDS, dossier, citizen))
                if len(self.rows) == self.size:
                    break
        return self

    @staticmethod
    def _citizen(rng: random.Random) -> Citizen:
        sex = rng.choice(("Nam", "Nữ"))
        region = rng.choice(REGIONS)
        born = date(rng.randint(1950, 2005), rng.randint(1, 12), rng.randint(1, 28))
        return Citizen(make_citizen_id(rng, rng.choice(region.birth_codes), born, sex), make_name(rng, sex),
                       make_address(rng, region))

    @staticmethod
    def _row(rng, words, kinds, number, second, dossier, citizen) -> tuple:
        doc_type, _, title, (low, high) = rng.choice(kinds)
        length = rng.randint(low, high)
        start = rng.randrange(len(words) - length)
        person = citizen or Citizen("", make_name(rng, rng.choice(("Nam", "Nữ"))), "")
        lines = [title or "", f"Họ và tên: {person.name.upper()}"]
        if citizen:
            lines.append(f"Số định danh cá nhân: {citizen.citizen_id}")
            lines.append(f"Nơi thường trú: {citizen.address}")
        lines.append(" ".join(words[start : start + length]))
        text = "\n".join(lines)
        if rng.random() < 0.08:
            text = fold(text)  # the text OCR gives with a model that drops diacritics
        received = EPOCH + timedelta(seconds=second)
        return (f"doc-{number:08d}", citizen.citizen_id if citizen else None, doc_type, dossier, received, title, text)

    def batches(self, size: int = 1000) -> Iterator[list[IndexDocument]]:
        for start in range(0, len(self.rows), size):
            yield [_document(row) for row in self.rows[start : start + size]]


def _document(row: tuple) -> IndexDocument:
    doc_id, citizen, doc_type, dossier, received, title, text = row
    # model_construct: the rows are generated well-formed; validation is not what is measured.
    return IndexDocument.model_construct(
        id=doc_id, citizen_id=citizen, doc_type=doc_type, dossier=dossier,
        link_status="linked" if citizen else "review", received_at=received, title=title, text=text,
        issue_date=None, expiry_date=None,
    )


# -- queries -------------------------------------------------------------------------------


def _typo(rng: random.Random, word: str) -> str:
    i = rng.randrange(len(word))
    return word[:i] + rng.choice("abcdeghiklmnopqrstuvxy") + word[i + 1 :]


def query_sets(data: Synthetic, count: int, seed: int = 5) -> dict[str, list[SearchQuery]]:
    rng = random.Random(seed)
    words = [w for w in corpus_words() if len(fold(w).strip(".,;:()")) > 2]
    on_file = {row[1] for row in data.rows if row[1]}
    people = [c for c in data.citizens if c.citizen_id in on_file]  # look-ups of people with papers
    months = [(date(2023 + m // 12, m % 12 + 1, 1)) for m in range(7, 40)]

    def name() -> str:
        return rng.choice(people).name

    def phrase(n: int) -> str:
        start = rng.randrange(len(words) - n)
        return " ".join(words[start : start + n])

    def fuzzy_name() -> str:
        parts = fold(name()).split()
        parts[-1] = _typo(rng, parts[-1])
        return " ".join(parts)

    def month_range() -> dict:
        first = rng.choice(months)
        return {"received_from": first, "received_to": first + timedelta(days=30)}

    typed = {t[0]: t[2] for t in TYPES if t[2]}
    makers: dict[str, Callable[[], SearchQuery]] = {
        "ID look-up (citizen_id)": lambda: SearchQuery(citizen_id=rng.choice(people).citizen_id),
        "name, no diacritics": lambda: SearchQuery(text=fold(name())),
        "name, with diacritics": lambda: SearchQuery(text=name()),
        "name, one OCR error (fuzzy)": lambda: SearchQuery(text=fuzzy_name()),
        "1 common word": lambda: SearchQuery(text=fold(phrase(1))),
        "2-3 corpus words": lambda: SearchQuery(text=fold(phrase(rng.choice((2, 3))))),
        "title words": lambda: SearchQuery(text=fold(rng.choice(list(typed.values())))),
        "words + citizen_id": lambda: SearchQuery(text=fold(phrase(1)), citizen_id=rng.choice(people).citizen_id),
        "words + type": lambda: SearchQuery(text=fold(name()), doc_type=rng.choice(list(typed))),
        "words + month": lambda: SearchQuery(text=fold(phrase(1)), **month_range()),
        "type + month, no words": lambda: SearchQuery(doc_type=rng.choice(list(typed)), **month_range()),
    }
    return {label: [make() for _ in range(count)] for label, make in makers.items()}


# -- measuring -----------------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def time_queries(backend: SearchBackend, queries: list[SearchQuery]) -> dict:
    for query in queries[:10]:  # warm-up: page cache and statement cache
        backend.search(query)
    times, found = [], 0
    for query in queries:
        started = time.perf_counter()
        hits = backend.search(query)
        times.append((time.perf_counter() - started) * 1000)
        found += bool(hits)
    return {"p50": percentile(times, 50), "p95": percentile(times, 95), "p99": percentile(times, 99),
            "max": max(times), "mean": statistics.fmean(times), "n": len(times), "with_hits": found / len(times)}


def time_upserts(backend: SearchBackend, data: Synthetic, count: int) -> float:
    """Outbox path: batches of 200 replacing documents already indexed; documents per second."""
    rows = data.rows[-count:]
    started = time.perf_counter()
    for start in range(0, len(rows), 200):
        backend.upsert([_document(r) for r in rows[start : start + 200]])
    return len(rows) / (time.perf_counter() - started)


def _postgres_server(stack: list[Callable[[], None]]) -> str | None:
    """A PostgreSQL server URL to make bench databases on: HOSO_BENCH_PG_URL, else a throw-away cluster."""
    if os.environ.get("HOSO_BENCH_PG_URL"):
        return os.environ["HOSO_BENCH_PG_URL"]
    from tests.postgres import ClusterUnavailable, start_cluster

    try:
        cluster = start_cluster()
    except ClusterUnavailable as why:
        print(f"postgres rows left out: {why}", file=sys.stderr)
        return None
    stack.append(cluster.stop)
    return cluster.url()


def _postgres_backend(server: str, size: int) -> tuple[Callable[[], SearchBackend], Callable[[], None]]:
    import psycopg

    from index.pg_backend import PgConfig, PostgresBackend

    admin = server.replace("postgresql+psycopg://", "postgresql://")
    name = f"hoso_bench_{size}_{uuid.uuid4().hex[:6]}"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {name}")
    parts = admin.split("?", 1)
    url = parts[0].rsplit("/", 1)[0] + f"/{name}" + (f"?{parts[1]}" if len(parts) > 1 else "")

    def drop() -> None:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f"DROP DATABASE {name} WITH (FORCE)")

    return (lambda: PostgresBackend(PgConfig(url))), drop


POSTGRES: dict[str, str | None] = {}  # the server, found once per run
CLEANUP: list[Callable[[], None]] = []


def open_backends(workdir: Path, size: int) -> list[tuple[str, Callable[[], SearchBackend], Callable[[], None]]]:
    folder = workdir / f"sqlite-{size}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    out = [("sqlite", lambda: SqliteBackend(folder / "search.sqlite"), lambda: shutil.rmtree(folder, True))]
    if os.environ.get("HOSO_ES_URL"):
        from index.es_backend import ElasticsearchBackend, EsConfig

        config = EsConfig.from_env({**os.environ, "HOSO_ES_INDEX": f"hoso-bench-{size}-{uuid.uuid4().hex[:6]}"})

        def drop() -> None:
            client = config.client()
            for name in client.indices.get(index=f"{config.alias}-*", allow_no_indices=True):
                client.indices.delete(index=name)
            client.close()

        out.append(("elasticsearch", lambda: ElasticsearchBackend(config), drop))
    if "server" not in POSTGRES:
        POSTGRES["server"] = _postgres_server(CLEANUP) if not os.environ.get("HOSO_BENCH_NO_POSTGRES") else None
    if POSTGRES["server"]:
        out.append(("postgres", *_postgres_backend(POSTGRES["server"], size)))
    return out


def index_size(backend: SearchBackend) -> str:
    if isinstance(backend, SqliteBackend):
        return f"{backend._file.stat().st_size / 2**20:,.0f} MiB"
    if backend.name == "postgres":
        physical = backend.status().physical  # search_docs_<generation>, with its bodies and words tables
        tables = [physical.replace("search_docs_", f"search_{kind}_") for kind in ("docs", "bodies", "words")]
        conn = backend._connection()
        size = conn.execute("SELECT sum(pg_total_relation_size(t::regclass)) FROM unnest(%s::text[]) AS t",
                            (tables,)).fetchone()[0]
        return f"{size / 2**20:,.0f} MiB"
    return "-"


def run_size(size: int, queries: int, workdir: Path, log: Callable[[str], None]) -> list[dict]:
    started = time.perf_counter()
    data = Synthetic(size).build()
    log(f"[{size:,}] generated in {time.perf_counter() - started:.0f} s")
    sets = query_sets(data, queries)
    results = []
    for name, opener, drop in open_backends(workdir, size):
        backend = opener()
        try:
            started = time.perf_counter()
            indexed = backend.rebuild(data.batches())
            build = time.perf_counter() - started
            log(f"[{size:,}] {name}: built {indexed:,} in {build:.0f} s ({index_size(backend)})")
            row = {"backend": name, "size": size, "build_s": build, "bulk_rate": indexed / build,
                   "index_size": index_size(backend), "latency": {}}
            for label, qs in sets.items():
                row["latency"][label] = time_queries(backend, qs)
                log(f"[{size:,}] {name}: {label}: p99 {row['latency'][label]['p99']:.1f} ms")
            row["upsert_rate"] = time_upserts(backend, data, min(20_000, size))
            results.append(row)
        finally:
            backend.close()
            drop()
    return results


def markdown(results: list[dict], machine: str) -> str:
    lines = [
        "# Search benchmark", "",
        f"Machine: {machine}. Synthetic catalogue (corpus words, not OCR'd); latencies warm, one client,",
        "through `backend.search` (limit 50, snippets included); full text = every text query kind together.", "",
        "| backend | docs | bulk index (docs/s) | build | index size | upsert, outbox path (docs/s) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(f"| {r['backend']} | {r['size']:,} | {r['bulk_rate']:,.0f} | {r['build_s']:.0f} s | "
                     f"{r['index_size']} | {r['upsert_rate']:,.0f} |")
    lines += ["", "| backend | docs | query | p50 ms | p95 ms | p99 ms | max ms | with hits |",
              "|---|---:|---|---:|---:|---:|---:|---:|"]
    for r in results:
        for label, s in r["latency"].items():
            lines.append(f"| {r['backend']} | {r['size']:,} | {label} | {s['p50']:.1f} | {s['p95']:.1f} | "
                         f"{s['p99']:.1f} | {s['max']:.1f} | {s['with_hits']:.0%} |")
        text = [s for label, s in r["latency"].items() if not label.startswith("ID")]
        lines.append(f"| {r['backend']} | {r['size']:,} | **full text, all kinds** | "
                     f"{statistics.median(s['p50'] for s in text):.1f} (median) | "
                     f"{max(s['p95'] for s in text):.1f} (worst) | **{max(s['p99'] for s in text):.1f}** (worst) | "
                     f"{max(s['max'] for s in text):.1f} | |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--queries", type=int, default=300, help="queries per kind")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "hoso-search-bench")
    parser.add_argument("--out", type=Path, default=OUT / "search.md")
    parser.add_argument("--no-postgres", action="store_true", help="leave the PostgreSQL backend out")
    args = parser.parse_args(argv)
    if args.no_postgres:
        os.environ["HOSO_BENCH_NO_POSTGRES"] = "1"

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    try:
        results = [row for size in args.sizes for row in run_size(size, args.queries, args.workdir, log)]
    finally:
        for stop in CLEANUP:
            stop()
    table = markdown(results, machine)
    print(table)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(table, encoding="utf-8")
    args.out.with_suffix(".json").write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
