"""A lost or unreadable search index is rebuilt from the catalogue, the source of truth."""

from datetime import datetime, timezone

from access.models import Actor
from catalogue.store import Catalogue
from index.models import DocumentRecord, PageRecord, SearchQuery
from pipeline.datadir import DataDir
from pipeline.indexing import flush_outbox
from pipeline.query import search as audited_search
from tests.test_trunk_e2e import TEST_OFFICER, ensure_officer


def search(data: DataDir, query: SearchQuery):
    ensure_officer(data.root)
    return audited_search(data, query, "sqlite", Actor.cli(TEST_OFFICER))


def _commit(data: DataDir, n: int) -> None:
    with Catalogue(data.catalogue) as cat:
        sha = f"{n:064x}"
        cat.claim_file(sha, name=f"f{n}.pdf", source_path=f"f{n}.pdf", size=1, kind="pdf", stored_path=None,
                       page_count=1, context={})
        doc = DocumentRecord(
            id=f"doc-{n}", doc_type="giay_khai_sinh", type_confidence=0.9, citizen_id="001203004567",
            link_status="linked", source_file=f"f{n}.pdf", source_sha256=sha,
            pages=[PageRecord(number=1, text=f"Giấy khai sinh số {n}, đất đai", ocr_confidence=90, is_blank=False)],
            received_at=datetime(2026, 3, 2, 9, tzinfo=timezone.utc),
        )
        cat.commit_file(sha, [doc], [])
        flush_outbox(cat, data, "sqlite")


def test_deleted_index_is_rebuilt_on_the_next_search(tmp_path):
    data = DataDir(tmp_path).ensure()
    for n in range(3):
        _commit(data, n)
    assert len(search(data, SearchQuery(text="dat dai"))) == 3
    for path in tmp_path.glob("search*"):
        path.unlink()
    assert len(search(data, SearchQuery(text="dat dai"))) == 3
    assert len(search(data, SearchQuery(citizen_id="001203004567"))) == 3


def test_an_empty_catalogue_does_not_trigger_a_rebuild(tmp_path):
    data = DataDir(tmp_path).ensure()
    with Catalogue(data.catalogue) as cat:
        assert flush_outbox(cat, data, "sqlite") == 0
    assert search(data, SearchQuery(text="khong co")) == []
