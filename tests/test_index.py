"""The catalogue and the embedded search index, on a real SQLite file."""

from datetime import date, datetime, timezone

import pytest

from catalogue.store import Catalogue
from index.models import DocumentRecord, IndexDocument, PageRecord, SearchQuery
from index.sqlite_backend import SqliteBackend


def _doc(doc_id, text, citizen="001203004567", doc_type="giay_khai_sinh", when=datetime(2026, 3, 2, 9, tzinfo=timezone.utc), dossier=None):
    return DocumentRecord(
        id=doc_id, doc_type=doc_type, type_confidence=0.9, citizen_id=citizen, link_status="linked",
        source_file=f"{doc_id}.pdf", source_sha256="a" * 64,
        pages=[PageRecord(number=1, text=text, ocr_confidence=90.0, is_blank=False)], received_at=when, dossier=dossier,
    )


@pytest.fixture
def backend(tmp_path):
    b = SqliteBackend(tmp_path / "search.sqlite")
    docs = [
        _doc("d1", "GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT cấp cho ông NGUYỄN VĂN AN", doc_type="gcn_quyen_su_dung_dat"),
        _doc("d2", "GIẤY KHAI SINH Họ và tên: Trần Thị Dung, dân tộc Kinh", citizen="079305001234", when=datetime(2026, 4, 1, tzinfo=timezone.utc)),
        _doc("d3", "Báo cáo tình hình dat dai (đã mất dấu)", citizen=None, doc_type="van_ban_hanh_chinh", dossier="HS-1"),
        _doc("d4", "Nguyen Van An nop don de nghi", doc_type="don_de_nghi", when=datetime(2026, 3, 5, tzinfo=timezone.utc)),
    ]
    b.upsert([IndexDocument.from_record(d) for d in docs])
    yield b
    b.close()


def _ids(hits):
    return [h.id for h in hits]


def test_search_without_diacritics_finds_text_with_them(backend):
    assert "d1" in _ids(backend.search(SearchQuery(text="dat")))
    assert set(_ids(backend.search(SearchQuery(text="nguyen van an")))) == {"d1", "d4"}
    assert _ids(backend.search(SearchQuery(text="tran thi dung"))) == ["d2"]


def test_query_with_diacritics_ranks_exact_matches_first(backend):
    hits = _ids(backend.search(SearchQuery(text="Nguyễn Văn An")))
    assert hits[0] == "d1" and "d4" in hits
    hits = _ids(backend.search(SearchQuery(text="đất")))
    assert hits[0] == "d1"


def test_exact_filters(backend):
    assert _ids(backend.search(SearchQuery(citizen_id="079305001234"))) == ["d2"]
    assert set(_ids(backend.search(SearchQuery(citizen_id="001203004567")))) == {"d1", "d4"}
    assert _ids(backend.search(SearchQuery(doc_type="don_de_nghi"))) == ["d4"]
    assert _ids(backend.search(SearchQuery(dossier="HS-1"))) == ["d3"]
    assert set(_ids(backend.search(SearchQuery(received_from=date(2026, 3, 3), received_to=date(2026, 3, 31))))) == {"d4"}


def test_newest_first_without_text(backend):
    assert _ids(backend.search(SearchQuery(citizen_id="001203004567"))) == ["d4", "d1"]


def test_snippet_is_cut_from_the_original_text(backend):
    hit = backend.search(SearchQuery(text="quyen su dung dat"))[0]
    assert "QUYỀN SỬ DỤNG ĐẤT" in hit.snippet


def test_upsert_replaces_and_delete_removes(backend):
    backend.upsert([IndexDocument.from_record(_doc("d1", "văn bản mới"))])
    assert backend.count() == 4
    assert _ids(backend.search(SearchQuery(text="van ban moi"))) == ["d1"]
    assert backend.search(SearchQuery(text="quyen su dung")) == []
    backend.delete(["d1"])
    assert backend.count() == 3


def test_catalogue_commit_is_all_or_nothing_and_feeds_the_outbox(tmp_path):
    with Catalogue(tmp_path / "c.sqlite") as cat:
        sha = "b" * 64
        assert cat.claim_file(sha, name="x.pdf", source_path="x.pdf", size=1, kind="pdf", stored_path=None,
                              page_count=1, context={})
        doc = _doc("b1", "Giấy khai sinh").model_copy(update={"source_sha256": sha})
        bad = _doc("b1", "duplicate id").model_copy(update={"source_sha256": sha})
        with pytest.raises(Exception):
            cat.commit_file(sha, [doc, bad], [])
        assert cat.document_count() == 0 and cat.file_status(sha) == "processing"
        cat.commit_file(sha, [doc], [])
        assert cat.file_status(sha) == "done"
        assert cat.outbox() == ["b1"]
        assert not cat.claim_file(sha, name="x.pdf", source_path="x.pdf", size=1, kind="pdf", stored_path=None,
                                  page_count=1, context={})
        got = cat.get_document("b1")
        assert got.pages[0].text == "Giấy khai sinh" and got.citizen_id == "001203004567"
