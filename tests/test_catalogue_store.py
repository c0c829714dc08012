"""The catalogue's file and document operations: one contract, on SQLite and on PostgreSQL.

Every test runs twice (tests/catalogues.py): on the embedded file and on a new database of the
throw-away PostgreSQL cluster, through the product's own Catalogue.
"""

from __future__ import annotations

import multiprocessing
from datetime import date

import pytest
import sqlalchemy as sa

from catalogue.database import CatalogueUnreachable, ServerURL
from catalogue.store import Catalogue
from classify.reasons import Reason
from catalogue.page_jobs import PageJobs
from tests.catalogue_history import doc, vn

CITIZEN = "001203004567"


def _claim(catalogue: Catalogue, sha: str, **context) -> bool:
    return catalogue.claim_file(sha, name="a.pdf", source_path="/in/a.pdf", size=10, kind="pdf", stored_path=None,
                                page_count=2, context=context)


def test_a_committed_file_reads_back_whole(catalogue_location):
    card = doc("d-card", "cccd", CITIZEN, vn(3, 2), dossier="HS-1", text="CĂN CƯỚC CÔNG DÂN Nguyễn Văn An")
    card.issue_date, card.link_reason_code = date(2021, 5, 1), Reason(code="link.by.operator", params={"id": CITIZEN})
    card.centre = "00004"
    with Catalogue(catalogue_location) as catalogue:
        assert catalogue.file_status(card.source_sha256) is None
        assert _claim(catalogue, card.source_sha256, citizen_id=CITIZEN, dossier="HS-1")
        catalogue.commit_file(card.source_sha256, [card], [], words={1: '[["An", 1, 2, 3, 4, 90]]'})
        assert catalogue.file_status(card.source_sha256) == "done"
        back = catalogue.get_document("d-card")
        assert back.model_dump(exclude={"source_file"}) == card.model_dump(exclude={"source_file"})
        assert back.pages[0].text == "CĂN CƯỚC CÔNG DÂN Nguyễn Văn An"
        assert catalogue.documents_for_file(card.source_sha256) == [back]
        assert catalogue.page_words(card.source_sha256) == {1: '[["An", 1, 2, 3, 4, 90]]'}
        assert catalogue.file_context(card.source_sha256) == {"citizen_id": CITIZEN, "dossier": "HS-1",
                                                              "procedure": None}
        assert catalogue.outbox() == ["d-card"] and catalogue.outbox_size() == 1
        catalogue.outbox_done(["d-card"])
        assert catalogue.outbox_size() == 0 and catalogue.document_count() == 1


def test_a_done_file_is_not_claimed_again_and_a_dead_owners_file_is(catalogue_location):
    card = doc("d-card", "cccd", CITIZEN, vn(3, 2))
    with Catalogue(catalogue_location) as catalogue:
        assert _claim(catalogue, "f1")
        assert not _claim(catalogue, "f1")  # this very process is working on it: alive
        with catalogue.write() as c:  # as a station killed with kill -9 leaves it
            from catalogue.schema import files

            c.execute(files.update().where(files.c.sha256 == "f1").values(
                owner='{"host": "%s", "pid": 999999999, "started": 1.0}' % __import__("socket").gethostname()))
        assert _claim(catalogue, "f1")  # taken over
        catalogue.commit_file("f1", [card.model_copy(update={"source_sha256": "f1"})], [])
        assert not _claim(catalogue, "f1")


def test_a_failed_commit_leaves_nothing(catalogue_location):
    card, twin = doc("d-1", "cccd", CITIZEN, vn(3, 2)), doc("d-1", "cccd", CITIZEN, vn(3, 2))  # same id twice
    with Catalogue(catalogue_location) as catalogue:
        _claim(catalogue, card.source_sha256)
        with pytest.raises(sa.exc.IntegrityError):
            catalogue.commit_file(card.source_sha256, [card, twin], [])
        assert catalogue.document_count() == 0 and catalogue.outbox_size() == 0
        assert catalogue.file_status(card.source_sha256) == "processing"


def test_a_review_decision_joins_the_callers_transaction(catalogue_location):
    card = doc("d-1", "giay_khai_sinh", None, vn(3, 2))
    with Catalogue(catalogue_location) as catalogue:
        _claim(catalogue, card.source_sha256)
        catalogue.commit_file(card.source_sha256, [card], [])
        catalogue.outbox_done(["d-1"])
        with pytest.raises(RuntimeError, match="officer changed their mind"):
            with catalogue.write():
                catalogue.set_document_decision("d-1", doc_type="giay_khai_sinh", type_confidence=1.0,
                                                citizen_id=CITIZEN, link_status="linked", link_reason="review")
                assert catalogue.get_document("d-1").citizen_id == CITIZEN  # seen inside
                raise RuntimeError("officer changed their mind")
        assert catalogue.get_document("d-1").citizen_id is None and catalogue.outbox_size() == 0
        catalogue.set_document_decision("d-1", doc_type="giay_khai_sinh", type_confidence=1.0, citizen_id=CITIZEN,
                                        link_status="linked", link_reason="review")
        assert catalogue.get_document("d-1").link_status == "linked" and catalogue.outbox() == ["d-1"]


def test_page_jobs_keep_finished_pages_for_a_resume(catalogue_location):
    with Catalogue(catalogue_location) as catalogue:
        jobs = PageJobs(catalogue)
        jobs.queue("f1", 3)
        jobs.started("f1", 1)
        jobs.finish("f1", 1, '{"number": 1}', None)
        jobs.finish("f1", 2, '{"number": 2}', "unreadable")
        jobs.queue("f1", 3)  # the resumed run queues again: finished pages stay
        assert jobs.states("f1") == {1: "done", 2: "failed", 3: "queued"}
        assert jobs.finished("f1") == {1: '{"number": 1}', 2: '{"number": 2}'}
        jobs.release("f1")
        assert jobs.finished("f1") == {}


def _claim_in_a_process(location, sha, start, results, done):
    with Catalogue(location) as catalogue:
        start.wait(30)
        results.put(_claim(catalogue, sha))
        done.wait(60)  # alive until every station has tried: a dead owner's file may be taken over


def test_two_stations_claiming_the_same_new_file_at_once_get_it_once(catalogue_location):
    """Separate processes (as two stations), many files at the same moment: each claimed once."""
    Catalogue(catalogue_location).close()  # the schema exists before the race
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    for round_ in range(2):
        start, done = context.Event(), context.Event()
        workers = [context.Process(target=_claim_in_a_process,
                                   args=(catalogue_location, f"race-{round_}", start, results, done))
                   for _ in range(4)]
        for w in workers:
            w.start()
        start.set()
        won = [results.get(timeout=60) for _ in workers]
        done.set()
        for w in workers:
            w.join(60)
        assert won.count(True) == 1, won
        with Catalogue(catalogue_location) as catalogue:
            assert catalogue.file_status(f"race-{round_}") == "processing"


def test_an_unreachable_province_catalogue_is_one_message():
    nowhere = ServerURL("postgresql://hoso@127.0.0.1:1/province")
    with pytest.raises(CatalogueUnreachable, match=r"catalogue server postgresql://127.0.0.1:1/province "
                                                   r"cannot be reached.*nothing was written"):
        Catalogue(nowhere)
