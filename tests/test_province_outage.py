"""The province's PostgreSQL goes away: ingest stops with one message naming the server, keeps
nothing half-written, and resumes when it is back; the web application answers in Vietnamese.

A cluster of its own (the session's is shared by other tests), halted with `pg_ctl stop -m
immediate` (what a crash or a cut link does) and started again on the same data.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from catalogue.database import url_of
from samples.batch import generate_batch
from tests.catalogues import new_database
from tests.postgres import start_or_skip

pytestmark = pytest.mark.slow  # many OCR pages and processes (tests/conftest.py hands it out first)


@pytest.fixture(scope="module")
def own_cluster():
    cluster = start_or_skip()
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    """Five files (9 pages) of a sample batch: enough for the server to go away between two."""
    made = tmp_path_factory.mktemp("outage") / "batch"
    generate_batch(made, seed=7, citizens=4)
    stack = made.parent / "stack"
    for counter in ("quay2", "quay3", "van_thu"):
        shutil.copytree(made / counter, stack / counter)
    return stack


def _env(url: str, data: Path) -> dict[str, str]:
    return {**os.environ, "HOSO_DATA_DIR": str(data), "HOSO_CATALOGUE_URL": url, "HOSO_INDEX": "postgres",
            "OMP_THREAD_LIMIT": "1"}


def _documents(url: str) -> dict[str, tuple]:
    """The catalogue's documents ({} before the ingest has made its tables)."""
    engine = sa.create_engine(url_of(url), poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as c:
            if not sa.inspect(c).has_table("documents"):
                return {}
            return {r.id: (r.doc_type, r.link_status, r.citizen_id) for r in c.execute(sa.text("SELECT * FROM documents"))}
    finally:
        engine.dispose()


def _half_written(url: str) -> int:
    """Pages or documents of files that are not done: a half-written file."""
    engine = sa.create_engine(url_of(url), poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as c:
            return c.execute(sa.text("SELECT count(*) FROM documents d JOIN files f ON f.sha256 = d.source_sha256"
                                     " WHERE f.status <> 'done'")).scalar()
    finally:
        engine.dispose()


def test_ingest_stops_with_one_message_and_resumes_when_the_server_is_back(own_cluster, stack, tmp_path):
    with new_database(own_cluster) as reference_url:
        done = subprocess.run([sys.executable, "-m", "cli", "ingest", str(stack), "--jobs", "1"],
                              env=_env(reference_url, tmp_path / "reference"), capture_output=True, text=True,
                              timeout=900)
        assert done.returncode == 0, done.stderr
        reference = _documents(reference_url)
    assert reference

    with new_database(own_cluster) as url:
        data = tmp_path / "data"
        log = tmp_path / "ingest.log"
        with open(log, "wb") as out:
            proc = subprocess.Popen([sys.executable, "-m", "cli", "ingest", str(stack), "--jobs", "1"],
                                    env=_env(url, data), stdout=out, stderr=out)
        deadline = time.monotonic() + 600
        while not _documents(url) and time.monotonic() < deadline:  # halfway: a file committed
            time.sleep(0.5)
        assert proc.poll() is None, "the batch ended before the server could be stopped"
        own_cluster.halt()
        try:
            code = proc.wait(timeout=300)
        finally:
            own_cluster.resume()
        said = log.read_text(errors="replace")
        assert code == 1, said[-2000:]
        assert "Traceback" not in said, said[-3000:]
        errors = [line for line in said.splitlines() if line.startswith("Error:")]
        assert len(errors) == 1 and "cannot be reached" in errors[0] and own_cluster.folder.name in errors[0], said
        assert _half_written(url) == 0

        again = subprocess.run([sys.executable, "-m", "cli", "ingest", str(stack), "--jobs", "1"],
                               env=_env(url, data), capture_output=True, text=True, timeout=900)
        assert again.returncode == 0, again.stderr
        assert _documents(url) == reference


def test_a_command_with_the_server_down_is_one_message(tmp_path, own_cluster):
    with new_database(own_cluster) as url:
        own_cluster.halt()
        try:
            for args in (["search", "--citizen-id", "001203004567", "--officer", "lan"], ["stats", "--period", "2026-03"],
                         ["ingest", str(tmp_path)]):
                done = subprocess.run([sys.executable, "-m", "cli", *args], env=_env(url, tmp_path / "data"),
                                      capture_output=True, text=True, timeout=120)
                assert done.returncode == 1, (args, done.stderr)
                assert "Traceback" not in done.stderr and "cannot be reached" in done.stderr, (args, done.stderr)
        finally:
            own_cluster.resume()


def test_the_web_application_says_in_vietnamese_that_the_catalogue_is_down(own_cluster, tmp_path, browser):
    from access.models import Actor
    from access.officers import add_officer
    from tests.web_harness import serve, sign_in, submit_sign_in

    with new_database(own_cluster) as url:
        data = tmp_path / "data"
        env = {"HOSO_CATALOGUE_URL": url, "HOSO_INDEX": "postgres", "HOSO_CENTRE": None}
        os.environ["HOSO_CATALOGUE_URL"] = url
        try:
            add_officer(url, "Lan", "officer", "mat-khau-rat-dai-1", Actor.cli(None))
        finally:
            os.environ.pop("HOSO_CATALOGUE_URL", None)
        data.mkdir()
        with serve(data, env=env) as (base, log):
            tab = browser.new_context(locale="vi-VN").new_page()
            sign_in(tab, base, "Lan", "mat-khau-rat-dai-1")
            assert tab.url == base + "/"
            own_cluster.halt()
            try:
                tab.fill("#tim", "001203004567")
                with tab.expect_response(lambda r: r.url.endswith("/tim-kiem")) as answer:
                    tab.click("#tra-cuu")
                assert answer.value.status == 503
                assert "Không kết nối được cơ sở dữ liệu hồ sơ" in tab.content() and "thử lại" in tab.inner_text("main")
                tab.context.clear_cookies()
                tab.goto(base + "/dang-nhap")
                submit_sign_in(tab, "Lan", "mat-khau-rat-dai-1")
                assert "Không kết nối được cơ sở dữ liệu hồ sơ" in tab.content()
            finally:
                own_cluster.resume()
            assert "Traceback" not in log.read_text(errors="replace")
