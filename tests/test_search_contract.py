"""One contract for every search backend: the embedded SQLite index, Elasticsearch and PostgreSQL.

Each test runs once per backend. The PostgreSQL half runs on the throw-away cluster of
tests/postgres.py, a new database per test (never skipped under CI=true). The Elasticsearch half needs a real server named by
HOSO_ES_URL (with HOSO_ES_USER/HOSO_ES_PASSWORD or HOSO_ES_API_KEY, HOSO_ES_CA_CERT as
the cluster requires); it uses a unique alias prefix and deletes its indices afterwards,
and is skipped, with the reason shown, when no server answers.
"""

from __future__ import annotations

import os
import uuid
from contextlib import contextmanager
from datetime import date, datetime, timezone

import pytest

from index.backend import SearchBackend
from index.grouping import group_hits
from index.models import IndexDocument, SearchQuery
from index.sqlite_backend import SqliteBackend

TODAY = date(2026, 4, 15)
A = "001203004567"  # NGUYỄN VĂN AN
B = "079305001234"  # TRẦN THỊ DUNG


def _doc(doc_id, text, *, citizen=A, doc_type="don_de_nghi", when=(2026, 3, 2, 9, 0), dossier=None,
         title=None, issued=None, expires=None):
    return IndexDocument(
        id=doc_id, citizen_id=citizen, doc_type=doc_type, dossier=dossier,
        link_status="linked" if citizen else "review",
        received_at=datetime(*when, tzinfo=timezone.utc), title=title, text=text,
        issue_date=issued, expiry_date=expires,
    )


DOCS = [
    _doc("d1", "GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT cấp cho ông NGUYỄN VĂN AN", doc_type="gcn_quyen_su_dung_dat"),
    _doc("d2", "Họ và tên: Trần Thị Dung, dân tộc Kinh, nơi sinh Hà Nội", citizen=B, doc_type="giay_khai_sinh",
         title="GIẤY KHAI SINH", when=(2026, 4, 1, 2, 0)),
    _doc("d3", "Báo cáo tình hình dat dai (đã mất dấu) của phường", citizen=None, doc_type="van_ban_hanh_chinh",
         dossier="HS-1", when=(2026, 2, 10, 3, 0)),
    _doc("d4", "Nguyen Van An nop don de nghi cap lai giay to", when=(2026, 3, 5, 1, 0), dossier="HS-2"),
    # OCR read NGUYỄN as NGUYÊN; the card expired.
    _doc("d5", "CĂN CƯỚC CÔNG DÂN Họ và tên: NGUYÊN VĂN AN Có giá trị đến 10/01/2025", doc_type="cccd",
         when=(2024, 12, 1, 1, 0), expires=date(2025, 1, 10)),
    _doc("d6", "CĂN CƯỚC Họ và tên: NGUYỄN VĂN AN Có giá trị đến 10/01/2040", doc_type="cccd",
         when=(2026, 2, 1, 1, 0), expires=date(2040, 1, 10)),
    _doc("d7", "GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN cấp cho bà Trần Thị Dung", citizen=B,
         doc_type="xac_nhan_tinh_trang_hon_nhan", when=(2025, 6, 2, 1, 0), issued=date(2025, 6, 1)),
    _doc("d8", "GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN cấp cho bà Trần Thị Dung", citizen=B,
         doc_type="xac_nhan_tinh_trang_hon_nhan", when=(2026, 3, 21, 1, 0), issued=date(2026, 3, 20)),
    # 17:30 UTC on 2 March is 00:30 on 3 March at the centre (UTC+7).
    _doc("d9", "Tờ khai đăng ký khai sinh nộp buổi tối", citizen=B, doc_type="to_khai", when=(2026, 3, 2, 17, 30)),
    # Received in the same second as each other: ordered by id.
    _doc("e2", "Đơn đề nghị cấp bản sao trích lục", citizen=B, when=(2026, 3, 10, 8, 0)),
    _doc("e1", "Đơn đề nghị cấp bản sao giấy khai sinh", citizen=B, when=(2026, 3, 10, 8, 0)),
]


# -- backends ----------------------------------------------------------------------------


def _es_config_or_skip(alias: str):
    from index.es_backend import EsConfig

    env = dict(os.environ)
    if not env.get("HOSO_ES_URL"):
        pytest.skip("Elasticsearch half skipped: HOSO_ES_URL is not set (no server on this machine)")
    env["HOSO_ES_INDEX"] = alias
    config = EsConfig.from_env(env)
    client = config.client()
    try:
        client.options(request_timeout=5).info()
    except Exception as exc:  # any failure to answer means: no server to test against
        pytest.skip(f"Elasticsearch half skipped: {config.shown} did not answer ({type(exc).__name__}: {exc})")
    finally:
        client.close()
    return config


def _drop_test_indices(config) -> None:
    client = config.client()
    try:
        for name in client.indices.get(index=f"{config.alias}-*", allow_no_indices=True):
            client.indices.delete(index=name)
    finally:
        client.close()


@contextmanager
def pg_database(cluster):
    """A new, empty database on the test cluster (dropped afterwards): its URL."""
    import psycopg

    name = f"s_{uuid.uuid4().hex[:12]}"
    admin = cluster.url().replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {name}")
    try:
        yield cluster.url(name)
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f"DROP DATABASE {name} WITH (FORCE)")


@pytest.fixture(params=["sqlite", pytest.param("elasticsearch", marks=pytest.mark.elasticsearch), "postgres"])
def make_backend(request, tmp_path):
    """A factory, so a test can open a second handle on the same index."""
    if request.param == "sqlite":
        yield lambda: SqliteBackend(tmp_path / "search.sqlite")
        return
    if request.param == "postgres":
        from index.pg_backend import PgConfig, PostgresBackend

        with pg_database(request.getfixturevalue("postgres_cluster")) as url:
            opened = []

            def open_pg():
                backend = PostgresBackend(PgConfig(url))
                opened.append(backend)
                return backend

            yield open_pg
            for backend in opened:
                backend.close()
        return
    from index.es_backend import ElasticsearchBackend

    config = _es_config_or_skip(f"hoso-test-{uuid.uuid4().hex[:12]}")
    opened = []

    def factory():
        backend = ElasticsearchBackend(config)
        opened.append(backend)
        return backend

    yield factory
    for backend in opened:
        backend.close()
    _drop_test_indices(config)


@pytest.fixture
def backend(make_backend) -> SearchBackend:
    opened = make_backend()
    opened.upsert(DOCS)
    yield opened
    opened.close()


def ids(backend, **query) -> list[str]:
    return [h.id for h in backend.search(SearchQuery(**query))]


# -- exact look-ups ----------------------------------------------------------------------


def test_lookup_by_citizen_id_newest_first(backend):
    assert ids(backend, citizen_id=A) == ["d4", "d1", "d6", "d5"]
    assert ids(backend, citizen_id="000000000000") == []


def test_same_second_documents_are_ordered_by_id(backend):
    assert ids(backend, citizen_id=B) == ["d2", "d8", "e1", "e2", "d9", "d7"]
    assert ids(backend, citizen_id=B, limit=3) == ["d2", "d8", "e1"]


def test_lookup_by_type_and_dossier(backend):
    assert ids(backend, doc_type="cccd") == ["d6", "d5"]
    assert ids(backend, dossier="HS-1") == ["d3"]
    assert ids(backend, dossier="HS-2", citizen_id=A) == ["d4"]


def test_date_range_is_in_centre_days(backend):
    assert ids(backend, received_from=date(2026, 3, 3), received_to=date(2026, 3, 5)) == ["d4", "d9"]
    assert "d9" not in ids(backend, received_to=date(2026, 3, 2))
    assert ids(backend, received_from=date(2026, 3, 2), received_to=date(2026, 3, 2)) == ["d1"]


def test_review_documents_are_not_anyones(backend):
    assert "d3" not in ids(backend, citizen_id=A) + ids(backend, citizen_id=B)
    hit = backend.search(SearchQuery(dossier="HS-1"))[0]
    assert hit.link_status == "review" and hit.citizen_id is None


# -- full text ----------------------------------------------------------------------------


def test_text_without_diacritics_finds_text_with_them(backend):
    assert ids(backend, text="tran thi dung") == ["d2", "d8", "d7"]
    assert ids(backend, text="quyen su dung") == ["d1"]
    assert ids(backend, text="GIAY KHAI SINH") == ["d2", "e1"]  # d2 by its title


def test_dd_is_folded_to_d_both_ways(backend):
    assert "d1" in ids(backend, text="dat")  # ĐẤT
    assert "d3" in ids(backend, text="đất")  # dat dai
    assert set(ids(backend, text="de nghi")) == {"d4", "e1", "e2"}


def test_query_with_diacritics_ranks_exact_matches_first(backend):
    hits = ids(backend, text="đất")
    assert hits[0] == "d1" and "d3" in hits
    hits = ids(backend, text="Nguyễn Văn An")
    assert hits[:2] == ["d1", "d6"]  # both exactly NGUYỄN VĂN AN: newest first
    assert set(hits[2:]) == {"d4", "d5"}  # NGUYEN (no marks) and NGUYÊN (OCR) still found


def test_phrase_ranks_before_scattered_words(backend):
    backend.upsert([_doc("s1", "ông An nộp văn bản về Nguyễn Trãi", when=(2026, 4, 10, 1, 0))])
    hits = ids(backend, text="nguyen van an")
    assert hits[-1] == "s1" and set(hits) == {"d1", "d4", "d5", "d6", "s1"}


def test_words_with_filters(backend):
    assert ids(backend, text="nguyen van an", citizen_id=A, doc_type="cccd") == ["d6", "d5"]
    assert ids(backend, text="nguyen van an", doc_type="cccd") == ["d6", "d5"]
    assert ids(backend, text="tran thi dung", received_from=date(2026, 1, 1)) == ["d2", "d8"]
    assert ids(backend, text="tran thi dung", citizen_id=A) == []


def test_name_search_tolerates_one_ocr_error(backend):
    assert {"d1", "d4", "d5", "d6"} <= set(ids(backend, text="nguyen van am"))
    assert {"d1", "d4", "d5", "d6"} <= set(ids(backend, text="nguyen vna an"))  # swapped letters
    assert "d5" in ids(backend, text="NGUYEN VAN AN")  # NGUYÊN on the card
    assert set(ids(backend, text="tran thi dnug")) == {"d2", "d7", "d8"}


def test_id_numbers_are_never_fuzzy(backend):
    backend.upsert([_doc("n1", "Số định danh cá nhân 001203004567", when=(2026, 4, 2, 1, 0))])
    assert ids(backend, text="001203004567") == ["n1"]
    assert ids(backend, text="001203004568") == []


def test_snippet_is_cut_from_the_original_text(backend):
    hit = backend.search(SearchQuery(text="quyen su dung dat"))[0]
    assert "QUYỀN SỬ DỤNG ĐẤT" in hit.snippet
    long = _doc("l1", "Mở đầu. " * 40 + "Kết luận: cấp GIẤY PHÉP LÁI XE hạng B2.", when=(2026, 4, 3, 1, 0))
    backend.upsert([long])
    hit = backend.search(SearchQuery(text="giay phep lai xe"))[0]
    assert hit.id == "l1" and hit.snippet.startswith("…") and "GIẤY PHÉP LÁI XE" in hit.snippet


def test_hits_carry_what_grouping_needs(backend):
    hit = backend.search(SearchQuery(citizen_id=A, doc_type="cccd"))[1]
    assert (hit.id, hit.doc_type, hit.citizen_id, hit.expiry_date) == ("d5", "cccd", A, date(2025, 1, 10))
    assert hit.received_at == datetime(2024, 12, 1, 1, 0, tzinfo=timezone.utc)


# -- grouping and validity ----------------------------------------------------------------


def test_grouped_per_citizen_and_type_newest_first_expired_shown(backend):
    groups = group_hits(backend.search(SearchQuery(text="nguyen van an")), today=TODAY)
    by_key = {(g.citizen_id, g.doc_type): g for g in groups}
    cards = by_key[(A, "cccd")]
    assert [i.hit.id for i in cards.items] == ["d6", "d5"]
    assert [i.validity.status for i in cards.items] == ["valid", "expired"]
    assert cards.reusable.hit.id == "d6"


def test_validity_months_from_issue(backend):
    groups = group_hits(backend.search(SearchQuery(citizen_id=B, doc_type="xac_nhan_tinh_trang_hon_nhan")),
                        today=TODAY)
    assert len(groups) == 1
    items = groups[0].items
    assert [(i.hit.id, i.validity.status) for i in items] == [("d8", "valid"), ("d7", "expired")]
    assert items[0].validity.valid_until == date(2026, 9, 20)  # through the same day, 6 months on (Civil Code)


def test_legal_end_expires_a_whole_type(backend):
    backend.upsert([_doc("c1", "CHỨNG MINH NHÂN DÂN", doc_type="cmnd", when=(2020, 5, 1, 1, 0))])
    hits = backend.search(SearchQuery(citizen_id=A, doc_type="cmnd"))
    [group] = group_hits(hits, today=TODAY, legal_end={"cmnd": date(2024, 12, 31)})
    assert group.items[0].validity.status == "expired" and group.reusable is None


# -- writes -------------------------------------------------------------------------------


def test_upsert_is_idempotent_and_replaces(backend):
    before = backend.count()
    backend.upsert([DOCS[0]])
    backend.upsert([DOCS[0]])
    assert backend.count() == before
    assert ids(backend, text="quyen su dung") == ["d1"]
    changed = DOCS[0].model_copy(update={"text": "văn bản mới thay thế"})
    backend.upsert([changed])
    assert backend.count() == before
    assert ids(backend, text="van ban moi") == ["d1"]
    assert ids(backend, text="quyen su dung") == []


def test_delete_and_count(backend):
    assert backend.count() == len(DOCS)
    backend.delete(["d1", "does-not-exist"])
    assert backend.count() == len(DOCS) - 1
    assert "d1" not in ids(backend, citizen_id=A)


def test_rebuild_switches_atomically_and_keeps_old_until_then(backend, make_backend):
    old = backend.status().physical
    reader = make_backend()  # another process searching meanwhile
    try:
        def batches():
            yield DOCS[:3]
            assert len(ids(reader, limit=100)) == len(DOCS)  # still the old index mid-build
            yield [_doc("r1", "văn bản sau khi dựng lại", citizen=None, when=(2026, 4, 5, 1, 0))]

        assert backend.rebuild(batches()) == 4
        assert backend.status().physical != old
        assert backend.count() == 4
        assert ids(reader, text="dung lai") == ["r1"]
        assert ids(reader, citizen_id=A) == ["d1"]
    finally:
        reader.close()


def test_status_reports_the_physical_index(backend):
    status = backend.status()
    assert status.reachable and status.documents == len(DOCS)
    assert status.version == status.current_version and status.problem is None


# -- both backends agree ----------------------------------------------------------------------

QUERIES = [
    {"citizen_id": A}, {"citizen_id": B, "limit": 2}, {"doc_type": "cccd"}, {"text": "nguyen van an"},
    {"text": "Nguyễn Văn An"}, {"text": "đất"}, {"text": "nguyen van am"}, {"text": "tran thi dung"},
    {"text": "don de nghi", "citizen_id": B}, {"received_from": date(2026, 3, 1), "received_to": date(2026, 3, 31)},
]


@pytest.mark.elasticsearch
def test_sqlite_and_elasticsearch_give_the_same_results(tmp_path):
    from index.es_backend import ElasticsearchBackend

    config = _es_config_or_skip(f"hoso-test-{uuid.uuid4().hex[:12]}")
    embedded, es = SqliteBackend(tmp_path / "search.sqlite"), ElasticsearchBackend(config)
    try:
        embedded.upsert(DOCS)
        es.upsert(DOCS)
        for query in QUERIES:
            left = [(h.id, h.score, h.snippet) for h in embedded.search(SearchQuery(**query))]
            right = [(h.id, h.score, h.snippet) for h in es.search(SearchQuery(**query))]
            assert left == right, query
    finally:
        embedded.close()
        es.close()
        _drop_test_indices(config)


def test_sqlite_and_postgres_give_the_same_results(tmp_path, postgres_cluster):
    from index.pg_backend import PgConfig, PostgresBackend

    with pg_database(postgres_cluster) as url:
        embedded, pg = SqliteBackend(tmp_path / "search.sqlite"), PostgresBackend(PgConfig(url))
        try:
            embedded.upsert(DOCS)
            pg.upsert(DOCS)
            for query in QUERIES:
                left = [(h.id, h.score, h.snippet) for h in embedded.search(SearchQuery(**query))]
                right = [(h.id, h.score, h.snippet) for h in pg.search(SearchQuery(**query))]
                assert left == right, query
        finally:
            embedded.close()
            pg.close()


# -- against a reference model -------------------------------------------------------------


def _reference(docs: list[IndexDocument], query: SearchQuery) -> list[tuple[str, float]]:
    """index.textquery's semantics written plainly over Python sets (small corpora only)."""
    from rapidfuzz.distance import OSA

    from index.textquery import analyse, day_bounds, exact_tokens, fold, pairs, words

    low, high = day_bounds(query)
    kept = [d for d in docs if (not query.citizen_id or d.citizen_id == query.citizen_id)
            and (not query.doc_type or d.doc_type == query.doc_type)
            and (not query.dossier or d.dossier == query.dossier)
            and (low is None or d.received_at >= low) and (high is None or d.received_at <= high)]
    text = analyse(query.text)

    def views(d):
        body = f"{d.title or ''}\n{d.text}"
        folded = words(fold(body))
        return set(folded), set(exact_tokens(body)), set(pairs(folded))

    def exact(d):
        plain, marked, pair_set = views(d)
        if not set(text.tokens) <= plain:
            return None
        score = sum(m in marked for m in text.marked)
        return score + (100 if text.has_phrase and set(pairs(text.tokens)) <= pair_set else 0)

    def near(word, plain):
        return [v for v in plain if OSA.distance(v, word) <= 1]

    def fuzzy(d):
        plain, _, pair_set = views(d)
        ways = [i for i, t in enumerate(text.tokens) if text.fuzzy(t) and near(t, plain)
                and all(u in plain for j, u in enumerate(text.tokens) if j != i)]
        if not ways:
            return None
        score = sum(t in plain for t in text.distinct)
        for i in ways:
            fixed = {p for j, p in enumerate(pairs(text.tokens)) if j not in (i - 1, i)}
            readings = near(text.tokens[i], plain)
            left = i == 0 or any(f"{text.tokens[i - 1]}0{v}" in pair_set for v in readings)
            right = i + 1 == len(text.tokens) or any(f"{v}0{text.tokens[i + 1]}" in pair_set for v in readings)
            if text.has_phrase and fixed <= pair_set and left and right:
                return score + 100
        return score

    scored = [(d, 0) for d in kept] if not text.tokens else [(d, s) for d in kept if (s := exact(d)) is not None]
    if text.tokens and not scored and text.can_fuzz:
        scored = [(d, s) for d in kept if (s := fuzzy(d)) is not None]
    scored.sort(key=lambda ds: ds[0].id)
    scored.sort(key=lambda ds: (ds[1], ds[0].received_at), reverse=True)
    return [(d.id, float(s)) for d, s in scored[: query.limit]]


def _random_corpus(seed: int, size: int) -> list[IndexDocument]:
    import random

    rng = random.Random(seed)
    names = ["Nguyễn Văn An", "Nguyen Van An", "NGUYÊN VĂN AN", "Trần Thị Dung", "Tran Thi Dung", "Lê Văn Nam",
             "Phạm Thị Thu Hà", "Đặng Đình Đạt", "Dang Dinh Dat", "Nguyễn Thị Lan", "Hoàng Văn Ân", "Võ Văn Am"]
    filler = ("giấy khai sinh đất đai văn bản đề nghị cấp lại quyền sử dụng ủy ban nhân dân xã phường "
              "hồ sơ công dân an ninh nam định hà nội thủ tục").split()
    types = ["cccd", "giay_khai_sinh", "don_de_nghi", "xac_nhan_cu_tru"]
    docs = []
    for n in range(size):
        words = rng.sample(filler, rng.randint(3, 12))
        words.insert(rng.randrange(len(words) + 1), rng.choice(names))
        docs.append(_doc(f"r{n:04d}", " ".join(words), citizen=rng.choice([A, B, None]), doc_type=rng.choice(types),
                         dossier=rng.choice([None, "HS-1", "HS-2"]),
                         when=(2026, rng.randint(1, 3), rng.randint(1, 28), rng.randint(0, 23), rng.choice((0, 30)))))
    return docs


REFERENCE_QUERIES = [
    {"text": "nguyen van an"}, {"text": "Nguyễn Văn An"}, {"text": "NGUYỄN VĂN ÂN"}, {"text": "tran thi dung"},
    {"text": "Trần Thị Dung", "citizen_id": B}, {"text": "dang dinh dat"}, {"text": "Đặng Đình Đạt"},
    {"text": "nguyen van am"}, {"text": "nguyen van anh"}, {"text": "tran thi dnug"}, {"text": "pham thi thu ha"},
    {"text": "pham thi thu hx"}, {"text": "dat dai"}, {"text": "đất"}, {"text": "an"}, {"text": "văn"},
    {"text": "ho so", "doc_type": "cccd"}, {"text": "le van nam", "dossier": "HS-1"},
    {"text": "van ban", "received_from": date(2026, 2, 1), "received_to": date(2026, 2, 28)},
    {"citizen_id": A, "limit": 20}, {"doc_type": "don_de_nghi", "limit": 7}, {"dossier": "HS-2"},
    {"text": "hoang van an"}, {"text": "vo van am"}, {"text": "ủy ban nhân dân"},
    # limits below the phrase tier's size, and between it and all matches
    {"text": "nguyen van an", "limit": 5}, {"text": "Nguyễn Văn An", "limit": 3}, {"text": "nguyen van am", "limit": 4},
    {"text": "Trần Thị Dung", "limit": 30}, {"text": "van an", "limit": 120}, {"text": "nguyen van an", "limit": 81},
]


def test_results_match_the_reference_model(make_backend):
    docs = _random_corpus(seed=3, size=300)
    backend = make_backend()
    try:
        backend.upsert(docs)
        for query in REFERENCE_QUERIES:
            q = SearchQuery(**query)
            got = [(h.id, h.score) for h in backend.search(q)]
            assert got == _reference(docs, q), query
    finally:
        backend.close()


def test_elasticsearch_requests_are_well_formed_for_every_query_kind():
    """Builds (does not send) every request the ES backend makes: JSON, right shape.

    This half runs without a server; what the server answers is the contract above.
    """
    import json

    from index.es_backend import MAPPINGS, SETTINGS, document_body, exact_query, filters, fuzzy_query
    from index.textquery import analyse

    json.dumps({"settings": SETTINGS, "mappings": MAPPINGS})
    assert SETTINGS["analysis"]["char_filter"]["vi_dd"]["mappings"] == ["đ => d", "Đ => D"]
    for doc in DOCS:
        body = document_body(doc)
        assert set(body) <= set(MAPPINGS["properties"]) and json.dumps(body)
    for query in REFERENCE_QUERIES:
        q = SearchQuery(**query)
        text = analyse(q.text)
        built = [exact_query(text, filters(q))] + ([fuzzy_query(text, filters(q))] if text.can_fuzz else [])
        for body in built:
            assert json.loads(json.dumps(body)) == body
    window = filters(SearchQuery(received_from=date(2026, 3, 3), received_to=date(2026, 3, 3)))
    assert window == [{"range": {"received_at": {"gte": "2026-03-02T17:00:00+00:00", "lte": "2026-03-03T16:59:59+00:00"}}}]


def test_clear_empties_and_ids_lists_in_order(backend):
    assert list(backend.ids()) == sorted(d.id for d in DOCS)
    backend.clear()
    assert backend.count() == 0 and list(backend.ids()) == []
    assert ids(backend, citizen_id=A) == []
