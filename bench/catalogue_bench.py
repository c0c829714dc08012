"""The catalogue on SQLite and on PostgreSQL: the counter's ID look-up at up to 1,000,000 documents,
and ingest pages/min with each catalogue, same pages, same run.

    python -m bench.catalogue_bench [--documents 1000000] [--lookups 2000] [--ingest-seed 7]

The look-up is what an officer's ID search costs the catalogue: the citizen's documents
(catalogue.documents.of_citizen), then each one read whole (its pages and source: what
`show` reads). Documents belong to N/3 citizens (3 each on average, Poisson-like), each with
one page of 600 characters, under files of their own: the shape `hoso ingest` leaves.
PostgreSQL is a throw-away cluster (tests/postgres.py), or HOSO_BENCH_PG_URL. Loading uses
the product's schema (the migrations) and SQLAlchemy Core inserts in batches.
Prints Markdown tables (BENCHMARKS.md, "Province catalogue").
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

from catalogue import documents as document_rows
from catalogue.database import ServerURL, forget_engines
from catalogue.schema import documents, files, pages
from catalogue.store import Catalogue

BATCH = 20_000
TEXT = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc GIẤY KHAI SINH Họ, chữ đệm, tên: "
        "NGUYỄN VĂN AN Ngày, tháng, năm sinh: 02/03/2019 Nơi sinh: Bệnh viện Phụ sản Hà Nội ") * 4


def _citizen(n: int) -> str:
    return f"0012{n:08d}"


def _rows(start: int, count: int, citizens: int, rng: random.Random):
    file_rows, doc_rows, page_rows = [], [], []
    for i in range(start, start + count):
        sha = f"{i:016x}" * 4  # a document id is the sha256 prefix: keep it unique
        when = f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}T0{i % 10}:00:00+00:00"
        file_rows.append(dict(sha256=sha, name=f"{i}.pdf", source_path=f"/scans/{i}.pdf", size=1000,
                              kind="pdf", status="done", page_count=1, received_at=when, updated_at=when))
        doc_rows.append(dict(id=f"{sha[:16]}-001", source_sha256=sha, doc_type="giay_khai_sinh",
                             type_confidence=0.97, citizen_id=_citizen(rng.randrange(citizens)),
                             link_status="linked", id_candidates="[]", received_at=when))
        page_rows.append(dict(source_sha256=sha, number=1, document_id=f"{sha[:16]}-001", text=TEXT))
    return file_rows, doc_rows, page_rows


def load(location, total: int, citizens: int) -> float:
    """Fill the catalogue with `total` documents; returns seconds."""
    started = time.perf_counter()
    rng = random.Random(15)
    with Catalogue(location) as catalogue:
        for start in range(0, total, BATCH):
            count = min(BATCH, total - start)
            file_rows, doc_rows, page_rows = _rows(start, count, citizens, rng)
            with catalogue.write() as c:
                c.execute(files.insert(), file_rows)
                c.execute(documents.insert(), doc_rows)
                c.execute(pages.insert(), page_rows)
            if start // BATCH % 10 == 0:
                print(f"  {start + count:,} documents loaded", file=sys.stderr)
        if catalogue.dialect == "postgresql":
            with catalogue.connection.execution_options(isolation_level="AUTOCOMMIT") as c:
                c.exec_driver_sql("VACUUM ANALYZE")
        else:
            with catalogue.write() as c:
                c.exec_driver_sql("ANALYZE")
    return time.perf_counter() - started


def lookups(location, citizens: int, count: int) -> dict[str, float]:
    rng = random.Random(7)
    rows_ms, whole_ms, found = [], [], 0
    with Catalogue(location) as catalogue:
        for _ in range(count):
            citizen = _citizen(rng.randrange(citizens))
            began = time.perf_counter()
            with catalogue.read() as c:
                rows = document_rows.of_citizen(c, citizen)
                middle = time.perf_counter()
                records = [document_rows.record(c, r) for r in rows]
            ended = time.perf_counter()
            rows_ms.append((middle - began) * 1000)
            whole_ms.append((ended - began) * 1000)
            found += len(records)
    q = lambda xs, p: statistics.quantiles(xs, n=100)[p - 1]  # noqa: E731
    return {"p50_rows": q(rows_ms, 50), "p99_rows": q(rows_ms, 99), "p50": q(whole_ms, 50), "p99": q(whole_ms, 99),
            "per_citizen": found / count}


def ingest_rates(url, seed: int) -> list[tuple[str, int, float]]:
    """(catalogue, pages, seconds) of `hoso ingest --jobs 2` of one sample batch into each catalogue."""
    import subprocess

    from samples.batch import generate_batch

    work = Path(tempfile.mkdtemp(prefix="hoso-ingest-bench-"))
    truth = generate_batch(work / "batch", seed=seed)
    pages = sum(len(f.pages) for f in truth.files)
    rates = []
    for name, extra in (("SQLite (embedded)", {"HOSO_INDEX": "sqlite"}),
                        ("PostgreSQL", {"HOSO_INDEX": "postgres", "HOSO_CATALOGUE_URL": str(url)})):
        env = {k: v for k, v in os.environ.items() if k != "HOSO_CATALOGUE_URL"}
        env.update({"HOSO_DATA_DIR": str(work / name.split()[0]), "OMP_THREAD_LIMIT": "1", **extra})
        # The catalogue and the index made first (an empty database gets its schema on first use):
        # what is timed is the ingest itself.
        subprocess.run([sys.executable, "-m", "cli", "index", "status"], env=env, capture_output=True)
        began = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "cli", "ingest", str(work / "batch"), "--jobs", "2"], env=env,
                              capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f"ingest into {name} failed: {done.stderr[-2000:]}")
        rates.append((name, pages, time.perf_counter() - began))
    return rates


def _postgres():
    """(url, stop) of the PostgreSQL to measure."""
    if os.environ.get("HOSO_BENCH_PG_URL"):
        return ServerURL(os.environ["HOSO_BENCH_PG_URL"]), lambda: None
    from tests.catalogues import new_database
    from tests.postgres import start_cluster

    cluster = start_cluster()
    database = new_database(cluster)
    url = database.__enter__()

    def stop():
        database.__exit__(None, None, None)
        cluster.stop()

    return url, stop


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=1_000_000)
    parser.add_argument("--lookups", type=int, default=2000)
    parser.add_argument("--ingest-seed", type=int, default=7, help="sample batch ingested into each catalogue")
    parser.add_argument("--no-ingest", action="store_true")
    args = parser.parse_args()
    citizens = max(1, args.documents // 3)
    work = Path(tempfile.mkdtemp(prefix="hoso-catalogue-bench-"))
    pg_url, stop = _postgres()
    results = []
    try:
        for name, location in (("SQLite (embedded)", work / "catalogue.sqlite"), ("PostgreSQL", pg_url)):
            print(f"{name}: loading {args.documents:,} documents", file=sys.stderr)
            seconds = load(location, args.documents, citizens)
            measured = lookups(location, citizens, args.lookups)
            results.append((name, seconds, measured))
            forget_engines()
        rates = [] if args.no_ingest else ingest_rates(pg_url, args.ingest_seed)
    finally:
        stop()
    print(f"\nID look-up in the catalogue at {args.documents:,} documents ({citizens:,} citizens, "
          f"{args.lookups:,} random look-ups, same run)\n")
    print("| catalogue | load (docs/s) | rows p50 ms | rows p99 ms | whole records p50 ms | whole records p99 ms "
          "| documents per look-up |")
    print("|---|---|---|---|---|---|---|")
    for name, seconds, m in results:
        print(f"| {name} | {args.documents / seconds:,.0f} | {m['p50_rows']:.2f} | {m['p99_rows']:.2f} | "
              f"{m['p50']:.2f} | {m['p99']:.2f} | {m['per_citizen']:.1f} |")
    base = results[0][2]
    for name, _, m in results[1:]:
        print(f"\n{name} / SQLite, whole records: p50 x{m['p50'] / base['p50']:.2f}, p99 x{m['p99'] / base['p99']:.2f}")
    if rates:
        print(f"\n`hoso ingest --jobs 2` of the same sample batch (seed {args.ingest_seed}), same run\n")
        print("| catalogue (index) | pages | seconds | pages/min |")
        print("|---|---|---|---|")
        for name, pages, seconds in rates:
            index = "sqlite" if name.startswith("SQLite") else "postgres"
            print(f"| {name} ({index}) | {pages} | {seconds:.1f} | {pages * 60 / seconds:.1f} |")
        print(f"\nPostgreSQL / SQLite pages/min: x{rates[0][2] / rates[1][2]:.2f}")


if __name__ == "__main__":
    main()
