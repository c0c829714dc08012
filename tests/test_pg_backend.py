"""What only the PostgreSQL search backend has: extensions, folding in the database, its
generations, its server. Real PostgreSQL (the throw-away cluster of tests/postgres.py, a
new database per test), real CLI; the shared behaviour is tests/test_search_contract.py."""

from __future__ import annotations

import json
import random
import threading
from datetime import datetime, timezone

import psycopg
import pytest
from click.testing import CliRunner

import cli
from index.backend import BackendMisconfigured, BackendUnavailable, DocumentsRejected, IndexOutdated, open_backend
from index.models import IndexDocument, SearchQuery
from index.pg_backend import PgConfig, PostgresBackend, PostgresSetupError, index_url
from index.pg_query import one_edit_patterns
from index.textquery import osa_variants
from tests.test_search_contract import DOCS, A, _doc, pg_database


def libpq(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


def dbname(url: str) -> str:
    with psycopg.connect(libpq(url)) as connection:
        return connection.info.dbname


@pytest.fixture
def url(postgres_cluster):
    with pg_database(postgres_cluster) as database_url:
        yield database_url


@pytest.fixture
def backend(url):
    opened = PostgresBackend(PgConfig(url))
    yield opened
    opened.close()


def ids(backend, **query) -> list[str]:
    return [h.id for h in backend.search(SearchQuery(**query))]


def tables(url: str) -> set[str]:
    with psycopg.connect(libpq(url)) as connection:
        rows = connection.execute("SELECT tablename FROM pg_tables WHERE tablename LIKE 'search%'").fetchall()
    return {r[0] for r in rows}


# -- đ folding --------------------------------------------------------------------------------


def test_dd_is_folded_by_the_database_as_vntext_folds_it(backend, url):
    backend.upsert([_doc("f1", "Báo cáo về ĐẤT ĐAI của xã"), _doc("f2", "hồ sơ đất đai", citizen=None),
                    _doc("f3", "dat dai khong dau", when=(2026, 1, 1, 1, 0))])
    assert ids(backend, text="dat dai") == ["f1", "f2", "f3"]
    assert ids(backend, text="Đất đai")[:2] == ["f1", "f2"]  # typed with marks: the marked ones first
    assert ids(backend, text="ĐĂNG") == [] and ids(backend, text="DAI") == ["f1", "f2", "f3"]
    with psycopg.connect(libpq(url)) as connection:
        # what the stock unaccent does (Đ -> upper-case D), and what the index stores: hoso's fold
        assert connection.execute("SELECT unaccent('Đđ')").fetchone()[0] == "Dd"
        assert connection.execute("SELECT search_fold_v1('đất'), search_fold_v1('ĐẤT')").fetchone() == ("dat", "dat")
        terms = connection.execute("SELECT terms::text FROM search_docs_v1_initial WHERE id = 'f1'").fetchone()[0]
    assert "'dat'" in terms and "'đất'" in terms and "'_dat0dai'" in terms


def test_a_database_that_folds_otherwise_is_refused_with_the_letters_named(url):
    with psycopg.connect(libpq(url), autocommit=True) as connection:
        connection.execute("CREATE EXTENSION unaccent")
        connection.execute("CREATE EXTENSION pg_trgm")
        # As if unaccent.rules had been edited: this database leaves đ alone.
        connection.execute("CREATE FUNCTION search_fold_v1(word text) RETURNS text LANGUAGE sql AS $$"
                           " SELECT lower(unaccent(replace(word, 'đ', '#'))) $$")
        connection.execute("CREATE FUNCTION search_terms_v1(words text[]) RETURNS tsvector LANGUAGE sql AS $$"
                           " SELECT array_to_tsvector(words) $$")
    backend = PostgresBackend(PgConfig(url))
    try:
        with pytest.raises(PostgresSetupError, match="folds Vietnamese differently") as refused:
            backend.upsert(DOCS[:1])
        assert "'đ'" in str(refused.value) and isinstance(refused.value, BackendUnavailable)  # kept in the outbox
    finally:
        backend.close()
    assert tables(url) == set()  # nothing built on a wrong fold


def test_one_edit_patterns_match_exactly_the_osa_variants():
    words = ["dung", "an", "nguyen", "dnug", "duong", "dug", "dungx", "xdung", "udng", "dunh", "dun", "ung",
             "ab", "a", "anh", "na", "ah"]
    for token in ("dung", "an", "nguyen"):
        variants = osa_variants(token, "abcdefghijklmnopqrstuvwxyz")
        like = [w for w in words if any(_like(w, p) for p in one_edit_patterns(token))]
        assert set(like) == {w for w in words if w in variants}, token


def _like(word: str, pattern: str) -> bool:
    return len(word) == len(pattern) and all(p in ("_", w) for w, p in zip(word, pattern))


# -- extensions and configuration ---------------------------------------------------------------


def test_missing_extension_is_one_message_naming_it(url, postgres_cluster):
    """A role that may not create extensions in a database where nobody made them yet."""
    database = dbname(url)
    role = f"station_{database[2:]}"
    with psycopg.connect(libpq(url), autocommit=True) as connection:
        connection.execute(f"CREATE ROLE {role} LOGIN")
    station_url = libpq(url).replace("hoso@", f"{role}:secret-password@")
    backend = PostgresBackend(PgConfig(station_url))
    try:
        with pytest.raises(PostgresSetupError) as refused:
            backend.upsert(DOCS[:1])
        message = str(refused.value)
        assert "extension unaccent" in message and "CREATE EXTENSION unaccent" in message and database in message
        assert "secret-password" not in message
        status = backend.status()
        assert status.problem and "unaccent" in status.problem and "secret-password" not in status.model_dump_json()
    finally:
        backend.close()
    # the database owner (here the superuser) creates them; the station then works
    with psycopg.connect(libpq(url), autocommit=True) as connection:
        connection.execute("CREATE EXTENSION unaccent")
        connection.execute("CREATE EXTENSION pg_trgm")
        connection.execute(f"GRANT CREATE ON SCHEMA public TO {role}")
    backend = PostgresBackend(PgConfig(station_url))
    try:
        backend.upsert(DOCS)
        assert {"d1", "d4", "d5", "d6"} <= set(ids(backend, text="nguyen van am"))
    finally:
        backend.close()


def test_a_role_without_rights_on_the_index_gets_one_message(backend, url):
    backend.upsert(DOCS)  # made by the owner
    role = f"reader_{dbname(url)[2:]}"
    with psycopg.connect(libpq(url), autocommit=True) as connection:
        connection.execute(f"CREATE ROLE {role} LOGIN")
    stranger = PostgresBackend(PgConfig(libpq(url).replace("hoso@", f"{role}@")))
    try:
        with pytest.raises(BackendUnavailable, match="refused the index's request: .*permission denied"):
            stranger.search(SearchQuery(citizen_id=A))
    finally:
        stranger.close()


def test_the_database_comes_from_index_url_else_the_catalogue_url():
    assert index_url({"HOSO_INDEX_URL": "postgresql://a/x", "HOSO_CATALOGUE_URL": "postgresql://b/y"}) == "postgresql://a/x"
    assert index_url({"HOSO_CATALOGUE_URL": "postgresql://b/y"}) == "postgresql://b/y"
    with pytest.raises(BackendMisconfigured, match="HOSO_INDEX_URL"):
        open_backend("pg", None, env={})
    with pytest.raises(BackendMisconfigured, match="postgresql://"):
        open_backend("postgresql", None, env={"HOSO_CATALOGUE_URL": "sqlite:///tmp/catalogue.db"})
    assert open_backend("postgres", None, env={"HOSO_INDEX_URL": "postgresql://nowhere.invalid/x"}).name == "postgres"


def test_cli_refuses_postgres_without_a_database(tmp_path, monkeypatch):
    monkeypatch.delenv("HOSO_INDEX_URL", raising=False)
    monkeypatch.delenv("HOSO_CATALOGUE_URL", raising=False)
    result = CliRunner().invoke(cli.main, ["index", "status", "--data-dir", str(tmp_path), "--index", "postgres"])
    assert result.exit_code == 2 and "HOSO_INDEX_URL" in result.output and "Traceback" not in result.output


def test_plain_postgresql_urls_and_sqlalchemy_urls_reach_the_same_index(url):
    first = PostgresBackend(PgConfig(url))  # postgresql+psycopg:// as the catalogue spells it
    second = PostgresBackend(PgConfig(libpq(url)))
    try:
        first.upsert(DOCS)
        assert second.count() == len(DOCS)
    finally:
        first.close()
        second.close()


# -- an unreachable server ------------------------------------------------------------------------


def test_unreachable_server_is_backend_unavailable_and_status_shows_no_credentials(tmp_path):
    dead = f"postgresql://hoso:secret-password@/hoso?host={tmp_path}&port=5999"  # no server on that socket
    backend = PostgresBackend(PgConfig(dead, connect_timeout=2))
    try:
        for call in (lambda: backend.upsert(DOCS), lambda: backend.search(SearchQuery(citizen_id=A)),
                     backend.count, lambda: list(backend.ids()), lambda: backend.rebuild([DOCS])):
            with pytest.raises(BackendUnavailable, match="PostgreSQL at postgresql://") as failure:
                call()
            assert "secret-password" not in str(failure.value) and "hoso:" not in str(failure.value)
        status = backend.status()
        assert not status.reachable and status.documents is None
        assert "secret-password" not in status.model_dump_json() and str(tmp_path) in status.location
    finally:
        backend.close()


def test_cli_status_of_an_unreachable_index_is_exit_1_without_credentials(tmp_path, monkeypatch):
    monkeypatch.setenv("HOSO_INDEX_URL", f"postgresql://hoso:secret-password@/hoso?host={tmp_path}&port=5999")
    result = CliRunner().invoke(cli.main, ["index", "status", "--data-dir", str(tmp_path / "data"), "--index", "pg",
                                           "--json"])
    assert result.exit_code == 1, result.output
    status = json.loads(result.output)["index"]
    assert status["backend"] == "postgres" and status["reachable"] is False
    assert "secret-password" not in result.output and "Traceback" not in result.output


def test_server_gone_mid_session_then_back(url, postgres_cluster):
    backend = PostgresBackend(PgConfig(url))
    try:
        backend.upsert(DOCS)
        database = dbname(url)
        with psycopg.connect(libpq(postgres_cluster.url()), autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (database,))
        with pytest.raises(BackendUnavailable):
            backend.search(SearchQuery(citizen_id=A))
        assert ids(backend, citizen_id=A) == ["d4", "d1", "d6", "d5"]  # a new connection on the next call
    finally:
        backend.close()


# -- generations and the atomic switch ---------------------------------------------------------------


def test_rebuild_switches_in_one_transaction_and_drops_the_old_tables(backend, url):
    backend.upsert(DOCS)
    assert tables(url) == {"search_info", "search_generations", "search_docs_v1_initial", "search_bodies_v1_initial",
                           "search_words_v1_initial"}
    seen_mid_build = []

    def batches():
        yield DOCS[:2]
        reader = PostgresBackend(PgConfig(url))
        try:
            seen_mid_build.append((tables(url), ids(reader, citizen_id=A)))
        finally:
            reader.close()
        yield [_doc("r1", "văn bản sau khi dựng lại", when=(2026, 4, 5, 1, 0))]

    assert backend.rebuild(batches()) == 3
    during, found = seen_mid_build[0]
    assert "search_docs_v1_initial" in during and len([t for t in during if t.startswith("search_docs_")]) == 2
    assert found == ["d4", "d1", "d6", "d5"]  # the old generation, whole, until the switch
    after = tables(url)
    assert "search_docs_v1_initial" not in after and len([t for t in after if t.startswith("search_docs_")]) == 1
    assert backend.status().physical in after
    assert ids(backend, citizen_id=A) == ["r1", "d1"] and ids(backend, text="dung lai") == ["r1"]


def test_a_failed_rebuild_leaves_the_old_index_live_and_no_tables_behind(backend, url):
    backend.upsert(DOCS)
    before = tables(url)

    def batches():
        yield DOCS[:2]
        raise RuntimeError("the catalogue went away")

    with pytest.raises(RuntimeError, match="went away"):
        backend.rebuild(batches())
    assert tables(url) == before and backend.count() == len(DOCS)
    assert backend.rebuild([DOCS[:1]]) == 1  # the lock was released


def test_a_second_rebuild_at_the_same_time_is_refused(backend, url):
    other = PostgresBackend(PgConfig(url))
    refusals = []

    def batches():
        yield DOCS[:1]
        with pytest.raises(RuntimeError, match="another rebuild") as refused:
            other.rebuild([DOCS])
        refusals.append(refused.value)

    try:
        assert backend.rebuild(batches()) == 1 and refusals
        assert other.count() == 1
    finally:
        other.close()


def test_the_switch_waits_for_a_write_in_flight(backend, url):
    """A writer holds the live row FOR SHARE: the switch waits, so the write lands before the old
    tables are dropped, never in a table being dropped."""
    backend.upsert(DOCS)
    writer = PostgresBackend(PgConfig(url))
    try:
        with psycopg.connect(libpq(url)) as holder:  # a writer in mid-transaction
            holder.execute("SELECT value FROM search_info WHERE key = 'live' FOR SHARE")
            done = threading.Event()
            thread = threading.Thread(target=lambda: (backend.rebuild([DOCS[:1]]), done.set()))
            thread.start()
            assert not done.wait(1.0)  # the switch waits for the writer
            holder.rollback()
        thread.join(30)
        assert done.is_set() and writer.count() == 1
    finally:
        writer.close()


def test_an_older_generation_is_index_outdated_until_reindex(backend, url):
    backend.upsert(DOCS)
    with psycopg.connect(libpq(url), autocommit=True) as connection:
        connection.execute("UPDATE search_generations SET version = 0")
    with pytest.raises(IndexOutdated, match="hoso reindex"):
        backend.search(SearchQuery(citizen_id=A))
    with pytest.raises(IndexOutdated):
        backend.upsert(DOCS[:1])  # a kind of BackendUnavailable: the outbox keeps them
    status = backend.status()
    assert status.reachable and "hoso reindex" in status.problem
    assert backend.rebuild([DOCS]) == len(DOCS)
    assert backend.status().problem is None and ids(backend, citizen_id=A) == ["d4", "d1", "d6", "d5"]


def test_a_document_postgres_cannot_hold_is_rejected_alone(backend):
    rng = random.Random(5)
    # some 190,000 distinct words: a tsvector over 1 MB, more than PostgreSQL can address
    noise = " ".join("".join(rng.choice("abcdefghiklmnopqrstuvxy") for _ in range(9)) for _ in range(190_000))
    huge = IndexDocument(id="huge", citizen_id=None, doc_type="khac", dossier=None, link_status="review",
                         received_at=datetime(2026, 4, 1, tzinfo=timezone.utc), title=None, text=noise)
    with pytest.raises(DocumentsRejected) as refused:
        backend.upsert([DOCS[0], huge, DOCS[1]])
    assert list(refused.value.rejected) == ["huge"] and "1 MB" in refused.value.rejected["huge"]
    assert sorted(backend.ids()) == ["d1", "d2"]
    with pytest.raises(DocumentsRejected):
        backend.rebuild([[DOCS[0], huge]])
    assert list(backend.ids()) == ["d1"]  # the new index is live without it


def test_nul_characters_do_not_break_indexing(backend):
    backend.upsert([_doc("z1", "Nguyễn\x00Văn An nộp đơn")])
    assert ids(backend, text="nguyen van") == ["z1"]


# -- through the catalogue's outbox and the CLI ---------------------------------------------------


def test_outbox_keeps_documents_while_postgres_is_down_then_reindex_search_and_status(tmp_path, url, monkeypatch):
    from catalogue.store import Catalogue
    from pipeline.datadir import DataDir
    from pipeline.indexing import flush_outbox
    from tests.test_outbox import _commit
    from tests.test_trunk_e2e import TEST_OFFICER, ensure_officer

    data = DataDir(tmp_path / "data").ensure()
    monkeypatch.setenv("HOSO_INDEX_URL", f"postgresql://hoso@/hoso?host={tmp_path}&port=5999")  # nothing there
    with Catalogue(data.catalogue) as catalogue:
        _commit(catalogue, "a.pdf", ["a1", "a2"])
        assert flush_outbox(catalogue, data, "postgres") == 2  # refused: both still queued
    monkeypatch.setenv("HOSO_INDEX_URL", url)
    with Catalogue(data.catalogue) as catalogue:
        assert flush_outbox(catalogue, data, "postgres") == 0
        _commit(catalogue, "b.pdf", ["b1"])
    runner = CliRunner()
    result = runner.invoke(cli.main, ["reindex", "--data-dir", str(data.root), "--index", "postgres"])
    assert result.exit_code == 0 and "indexed 3 of 3" in result.output, result.output
    result = runner.invoke(cli.main, ["index", "status", "--verify", "--data-dir", str(data.root), "--index",
                                      "postgresql", "--json"])
    assert result.exit_code == 0, result.output
    status = json.loads(result.output)
    assert status["index"]["backend"] == "postgres" and status["index"]["documents"] == 3
    assert (status["missing"], status["stale"], status["outbox"]) == (0, 0, 0)
    assert status["index"]["physical"].startswith("search_docs_v1_") and "hoso@" not in status["index"]["location"]
    ensure_officer(data.root)
    result = runner.invoke(cli.main, ["search", "nguyen van an", "--data-dir", str(data.root), "--index", "pg",
                                      "--json"], env={"HOSO_OFFICER": TEST_OFFICER})
    assert result.exit_code == 0, result.output
    assert sorted(d["id"] for d in json.loads(result.output)["documents"]) == ["a1", "a2", "b1"]


def test_tables_left_by_a_killed_rebuild_are_dropped_by_the_next(backend, url):
    import signal
    import subprocess
    import sys
    import time

    backend.upsert(DOCS)
    # a real rebuild in another process, killed (-9) while it fills its generation
    script = ("import sys, time\n"
              "from index.pg_backend import PgConfig, PostgresBackend\n"
              "from tests.test_search_contract import DOCS\n"
              "def batches():\n"
              "    yield DOCS\n"
              "    print('filling', flush=True)\n"
              "    time.sleep(60)\n"
              "    yield DOCS\n"
              f"PostgresBackend(PgConfig({url!r})).rebuild(batches())\n")
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "filling"
        time.sleep(0.5)  # its batch committed
        assert len([t for t in tables(url) if t.startswith("search_docs_")]) == 2
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(30)
    assert backend.count() == len(DOCS)  # the live generation never changed
    with psycopg.connect(libpq(url)) as connection:  # the server notices the dead client at once, or nearly
        for _ in range(50):
            if not connection.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'").fetchone()[0]:
                break
            connection.rollback()
            time.sleep(0.1)
    assert backend.rebuild([DOCS[:2]]) == 2  # the killed one's lock went with its connection
    assert len([t for t in tables(url) if t.startswith("search_docs_")]) == 1 and backend.count() == 2


# -- the officers' web application on the PostgreSQL index (real `hoso serve`, Chromium) ---------------


def test_the_web_search_finds_papers_in_postgres_and_says_in_vietnamese_when_it_is_down(tmp_path_factory, browser,
                                                                                       url):
    from tests.test_web_codes import A as CARD_OWNER
    from tests.test_web_codes import _folder, _signed_in
    from tests.web_harness import serve

    data = _folder(tmp_path_factory, "web-pg")
    with serve(data.root, env={"HOSO_INDEX": "postgres", "HOSO_INDEX_URL": url}, no_traceback=True) as (base, _):
        tab = _signed_in(browser, base)
        tab.fill("#tim", CARD_OWNER)
        with tab.expect_response(lambda r: r.url.endswith("/tim-kiem")) as answer:
            tab.click("#tra-cuu")
        assert answer.value.status == 200
        assert "a_cccd" in tab.content()  # the card, found in the PostgreSQL index
    index = PostgresBackend(PgConfig(url))
    try:
        assert index.count() == 1 and ids(index, citizen_id=CARD_OWNER) == ["a_cccd"]
    finally:
        index.close()

    socket_folder = tmp_path_factory.mktemp("no-server")
    down = {"HOSO_INDEX": "postgres", "HOSO_INDEX_URL": f"postgresql://hoso:secret-password@/hoso?host={socket_folder}"}
    with serve(data.root, env=down, no_traceback=True) as (base, log_path):
        tab = _signed_in(browser, base)
        tab.fill("#tim", CARD_OWNER)
        with tab.expect_response(lambda r: r.url.endswith("/tim-kiem")) as answer:
            tab.click("#tra-cuu")
        assert answer.value.status == 503
        text = tab.inner_text("main")
        assert "Máy chủ tìm kiếm không trả lời đúng" in text and "PostgreSQL" not in text
        logged = log_path.read_text(encoding="utf-8")
        assert "search index: PostgreSQL at postgresql://" in logged and "secret-password" not in logged


def test_a_database_emptied_under_a_running_process_is_set_up_again(url):
    backend = PostgresBackend(PgConfig(url))
    try:
        backend.upsert(DOCS)
        with psycopg.connect(libpq(url), autocommit=True) as connection:  # e.g. restored from an empty dump
            for table in tables(url):
                connection.execute(f"DROP TABLE {table}")
        assert backend.count() == 0  # set up again on the spot, not a traceback
        assert backend.rebuild([DOCS]) == len(DOCS) and ids(backend, citizen_id=A) == ["d4", "d1", "d6", "d5"]
    finally:
        backend.close()
