"""The outbox survives an Elasticsearch outage; documents are indexed once when a backend works.

The outage is real: HOSO_ES_URL names a port on 127.0.0.1 that was just bound and closed,
so every connection is refused. No server and no client is faked.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import uuid
from datetime import datetime, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

import cli
from catalogue.store import Catalogue
from index.models import DocumentRecord, PageRecord, SearchQuery
from index.sqlite_backend import SqliteBackend
from pipeline.datadir import DataDir
from pipeline.indexing import flush_outbox
from tests.test_trunk_e2e import TEST_OFFICER, ensure_officer


def closed_port_url() -> str:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture
def outage(monkeypatch):
    url = closed_port_url()
    monkeypatch.setenv("HOSO_ES_URL", url)
    monkeypatch.setenv("HOSO_ES_INDEX", f"hoso-test-{uuid.uuid4().hex[:8]}")
    return url


def _commit(catalogue: Catalogue, name: str, doc_ids: list[str]) -> None:
    """What ingest does for one file: claim it, then write its documents and outbox rows at once."""
    sha = name.encode().hex().ljust(64, "0")[:64]
    assert catalogue.claim_file(sha, name=name, source_path=name, size=1, kind="pdf", stored_path=None,
                                page_count=len(doc_ids), context={})
    docs = [
        DocumentRecord(
            id=doc_id, doc_type="giay_khai_sinh", type_confidence=0.9, citizen_id="001203004567",
            link_status="linked", source_file=name, source_sha256=sha, received_at=datetime(2026, 3, 2, 9, n, tzinfo=timezone.utc),
            pages=[PageRecord(number=n + 1, text=f"GIẤY KHAI SINH số {doc_id} Nguyễn Văn An", ocr_confidence=90.0,
                              is_blank=False)],
        )
        for n, doc_id in enumerate(doc_ids)
    ]
    catalogue.commit_file(sha, docs, [])


def _status(data: DataDir, kind: str, exit_code: int = 0) -> dict:
    """`hoso index status --json`; it exits 1 when it reports a problem (an unreachable cluster...)."""
    result = CliRunner().invoke(cli.main, ["index", "status", "--data-dir", str(data.root), "--index", kind, "--json"])
    assert result.exit_code == exit_code, result.output
    return json.loads(result.output)


def _fts_rowids(data: DataDir) -> dict[str, int]:
    backend = SqliteBackend(data.root / "search.sqlite")
    try:
        return dict(backend._db.execute("SELECT id, rowid FROM docs").fetchall())
    finally:
        backend.close()


def test_outbox_keeps_documents_during_outage_and_flushes_them_once(tmp_path, outage):
    data = DataDir(tmp_path / "data").ensure()
    with Catalogue(data.catalogue) as catalogue:
        _commit(catalogue, "a.pdf", ["a1", "a2"])
        assert flush_outbox(catalogue, data, "elasticsearch") == 2  # refused: both still queued
        _commit(catalogue, "b.pdf", ["b1"])  # ingest goes on during the outage
        assert flush_outbox(catalogue, data, "elasticsearch") == 3
        assert sorted(catalogue.outbox()) == ["a1", "a2", "b1"]

    status = _status(data, "elasticsearch", exit_code=1)
    assert status["index"]["reachable"] is False and status["index"]["backend"] == "elasticsearch"
    assert "127.0.0.1" in status["index"]["location"] and status["index"]["documents"] is None
    assert (status["catalogue_documents"], status["outbox"]) == (3, 3)

    with Catalogue(data.catalogue) as catalogue:
        assert flush_outbox(catalogue, data, "sqlite") == 0  # a working backend: all sent
    first = _fts_rowids(data)
    assert sorted(first) == ["a1", "a2", "b1"]

    with Catalogue(data.catalogue) as catalogue:
        assert flush_outbox(catalogue, data, "sqlite") == 0
    assert _fts_rowids(data) == first  # nothing sent a second time

    status = _status(data, "sqlite")
    assert (status["catalogue_documents"], status["index"]["documents"], status["outbox"]) == (3, 3, 0)
    backend = SqliteBackend(data.root / "search.sqlite")
    try:
        hits = backend.search(SearchQuery(text="nguyen van an"))
        assert sorted(h.id for h in hits) == ["a1", "a2", "b1"]
    finally:
        backend.close()


def test_reindex_into_an_unreachable_cluster_fails_loudly_and_loses_nothing(tmp_path, outage):
    data = DataDir(tmp_path / "data").ensure()
    with Catalogue(data.catalogue) as catalogue:
        _commit(catalogue, "a.pdf", ["a1"])
    result = CliRunner().invoke(cli.main, ["reindex", "--data-dir", str(data.root), "--index", "elasticsearch"])
    assert result.exit_code != 0 and "unavailable" in result.output
    with Catalogue(data.catalogue) as catalogue:
        assert catalogue.outbox() == ["a1"]


def test_real_ingest_during_an_outage_keeps_working(tmp_path, outage, corpus_lines):
    """`hoso ingest` with Elasticsearch down: OCR, catalogue, exit 0; the document waits."""
    from samples.pdf_writer import write_image_pdf
    from samples.render import Line, PageLayout, render_page

    layout = PageLayout([Line("BÁO CÁO", 15, "serif-bold", "center")]
                        + [Line(text, 13, space_before_pt=4) for text in corpus_lines[5:9]])
    pdf = tmp_path / "bao-cao.pdf"
    write_image_pdf(pdf, [render_page(layout).image], dpi=300, quality=92)
    env = {**os.environ, "HOSO_DATA_DIR": str(tmp_path / "data"), "HOSO_INDEX": "elasticsearch",
           "OMP_THREAD_LIMIT": "1"}
    run = [sys.executable, "-m", "cli"]
    done = subprocess.run([*run, "ingest", str(pdf), "--json"], env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    [document] = json.loads(done.stdout)["documents"]

    status = subprocess.run([*run, "index", "status", "--json"], env=env, capture_output=True, text=True, timeout=120)
    payload = json.loads(status.stdout)
    assert status.returncode == 1  # it reports the unreachable cluster
    assert payload["outbox"] == 1 and payload["index"]["reachable"] is False

    env["HOSO_INDEX"] = "sqlite"  # the centre switches to the embedded index: the outbox drains
    ensure_officer(Path(env["HOSO_DATA_DIR"]))
    env["HOSO_OFFICER"] = TEST_OFFICER
    found = subprocess.run([*run, "search", "--json", "--type", document["doc_type"]], env=env,
                           capture_output=True, text=True, timeout=120)
    assert [d["id"] for d in json.loads(found.stdout)["documents"]] == [document["id"]]
    assert _status(DataDir(Path(env["HOSO_DATA_DIR"])), "sqlite")["outbox"] == 0


def test_reindex_builds_a_new_index_from_the_catalogue_and_switches(tmp_path):
    data = DataDir(tmp_path / "data").ensure()
    with Catalogue(data.catalogue) as catalogue:
        _commit(catalogue, "a.pdf", ["a1", "a2"])
        assert flush_outbox(catalogue, data, "sqlite") == 0
    pointer = data.root / "search.sqlite.current"
    before = pointer.read_text()
    result = CliRunner().invoke(cli.main, ["reindex", "--data-dir", str(data.root), "--index", "sqlite"])
    assert result.exit_code == 0 and "indexed 2 of 2" in result.output
    assert pointer.read_text() != before  # a new generation file, switched atomically
    assert sorted(p.name for p in data.root.glob("search-v*.sqlite")) == [pointer.read_text().strip()]
    status = _status(data, "sqlite")
    assert (status["catalogue_documents"], status["index"]["documents"], status["outbox"]) == (2, 2, 0)


def test_status_verify_finds_documents_the_index_lost(tmp_path):
    data = DataDir(tmp_path / "data").ensure()
    with Catalogue(data.catalogue) as catalogue:
        _commit(catalogue, "a.pdf", ["a1", "a2", "a3"])
        assert flush_outbox(catalogue, data, "sqlite") == 0
    backend = SqliteBackend(data.root / "search.sqlite")
    backend.delete(["a2"])  # e.g. an index file restored from an old backup
    backend.close()
    result = CliRunner().invoke(cli.main, ["index", "status", "--verify", "--data-dir", str(data.root)])
    assert result.exit_code == 1, result.output  # it reports a problem
    assert "1 missing from the index, 0 no longer in the catalogue" in result.output
    assert "run `hoso reindex`" in result.output
