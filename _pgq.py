import sys, time, statistics
from tests.postgres import start_cluster
from index.pg_backend import PgConfig, PostgresBackend
from bench.search_bench import Synthetic, query_sets, time_queries
size = int(sys.argv[1]) if len(sys.argv) > 1 else 30000
c = start_cluster()
try:
    data = Synthetic(size).build()
    b = PostgresBackend(PgConfig(c.url()))
    t = time.perf_counter(); b.rebuild(data.batches()); print(f"built {time.perf_counter()-t:.0f}s", flush=True)
    sets = query_sets(data, 40)
    slow = []
    for label, qs in sets.items():
        r = time_queries(b, qs)
        print(f"{label:32} p50 {r['p50']:6.1f} p99 {r['p99']:7.1f}", flush=True)
        for q in qs[:40]:
            t = time.perf_counter(); b.search(q); el = time.perf_counter() - t
            slow.append((el, label, q))
    slow.sort(key=lambda x: -x[0])
    for el, label, q in slow[:6]:
        print(f"{el*1000:.0f} ms {label} {q.model_dump(exclude_defaults=True)}")
    import pickle; pickle.dump([q for _, _, q in slow[:6]], open("/tmp/pgbench/slow.pkl", "wb"))
finally:
    c.stop()
