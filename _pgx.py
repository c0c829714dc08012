import sys, time, pickle
from tests.postgres import start_cluster
from index.pg_backend import PgConfig, PostgresBackend
from index.models import SearchQuery
from bench.search_bench import Synthetic
c = start_cluster()
try:
    data = Synthetic(30000).build()
    b = PostgresBackend(PgConfig(c.url()))
    b.rebuild(data.batches())
    qs = pickle.load(open("/tmp/pgbench/slow.pkl", "rb"))[:2]
    qs += [SearchQuery(text="cua", citizen_id=data.rows[5][1] or data.rows[6][1])]
    conn = b._connection()
    global FULL
    class Spy:
        def __init__(self, cur): self.cur = cur
        def execute(self, statement, params=()):
            text = statement.as_string(conn) if hasattr(statement, "as_string") else statement
            if "WITH top" in text:
                self.cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + text, params)
                rows = [r[0] for r in self.cur.fetchall()]; print("\n".join(rows if FULL else rows[-1:]))
            return self.cur.execute(statement, params)
        def __getattr__(self, name): return getattr(self.cur, name)
    for FULL, q in [(True, qs[0])]:
        print("=====", q.model_dump(exclude_defaults=True))
        from index.textquery import analyse
        with conn.transaction(), conn.cursor() as cur:
            gen = b._live(cur)
            b._search(Spy(cur), gen, q, analyse(q.text))
finally:
    c.stop()
