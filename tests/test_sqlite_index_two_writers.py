"""Two processes indexing into one data folder's SQLite index at the same second lose nothing.

The index's rowid is the receiving second plus a counter read from the table: two
stations writing the same second must not pick the same one (seen in CI as "UNIQUE
constraint failed: docs.rowid").
"""

import multiprocessing
from datetime import datetime, timezone

from index.models import IndexDocument, SearchQuery
from index.sqlite_backend import SqliteBackend

SECOND = datetime(2026, 12, 3, 8, 30, 0, tzinfo=timezone.utc)
BATCHES, EACH = 150, 10


def _write(path, prefix, start):
    backend = SqliteBackend(path)
    start.wait()
    for batch in range(BATCHES):
        backend.upsert([IndexDocument(id=f"{prefix}-{batch}-{n}", citizen_id="001099012345", doc_type="khac",
                                      dossier=None, link_status="linked", received_at=SECOND,
                                      title="Đơn đề nghị", text=f"Giấy tờ số {prefix} {batch} {n}")
                        for n in range(EACH)])
    backend.close()


def test_two_writers_at_the_same_second_index_every_document(tmp_path):
    path = tmp_path / "index.sqlite"
    SqliteBackend(path).close()  # created once, as the first ingest does
    context = multiprocessing.get_context("spawn")
    start = context.Event()
    writers = [context.Process(target=_write, args=(path, prefix, start)) for prefix in ("a", "b")]
    for writer in writers:
        writer.start()
    start.set()
    for writer in writers:
        writer.join(120)
        assert writer.exitcode == 0
    backend = SqliteBackend(path)
    assert backend.count() == 2 * BATCHES * EACH
    hits = backend.search(SearchQuery(citizen_id="001099012345", limit=1000))
    assert len({hit.id for hit in hits}) == 1000
