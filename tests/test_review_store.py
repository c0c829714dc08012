"""The review decisions and the review queue on the catalogue data layer: one contract, on the
embedded SQLite file and on PostgreSQL (tests/catalogues.py), through the product's own review
functions on a catalogue built by the Catalogue itself (no OCR: the OCR'd paths are
tests/test_review.py and tests/test_review_links.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from catalogue.schema import review_decisions
from catalogue.store import Catalogue
from classify.cover_sheet import CoverData, CoverRead
from classify.fields import Field
from pipeline import review
from pipeline.cover_store import record_covers
from pipeline.datadir import DataDir
from pipeline.field_store import document_fields, record_fields
from pipeline.review_store import ReviewDecision, append_decision, read_decisions
from samples.people import make_citizens
from tests.catalogue_history import doc, vn

A, B = (c.citizen_id for c in make_citizens(5, 2))


@pytest.fixture
def data(catalogue_location, tmp_path, monkeypatch) -> DataDir:
    """A data folder whose catalogue is the test's (review functions take the folder)."""
    if isinstance(catalogue_location, Path):
        monkeypatch.delenv("HOSO_CATALOGUE_URL", raising=False)
    else:
        monkeypatch.setenv("HOSO_CATALOGUE_URL", str(catalogue_location))
    folder = DataDir(tmp_path)
    assert folder.catalogue == catalogue_location
    return folder


def commit(catalogue: Catalogue, record, given: str | None = None) -> None:
    """A file with this one document, as ingest commits it (`given`: the operator's ID)."""
    catalogue.claim_file(record.source_sha256, name=record.source_file, source_path=record.source_file, size=1,
                         kind="pdf", stored_path=None, page_count=1, context={"citizen_id": given})
    catalogue.commit_file(record.source_sha256, [record], [])


def waiting(doc_id: str, when, candidates: list[str] = ()):
    return doc(doc_id, "giay_khai_sinh", None, when).model_copy(update={"id_candidates": list(candidates)})


def test_a_relink_is_one_decision_with_the_documents_change_and_its_citizen_field(data):
    with Catalogue(data.catalogue) as catalogue:
        commit(catalogue, waiting("d1", vn(3, 2), [A, B]))
        record_fields(catalogue, {"d1": [Field(name="citizen_id", value=A, source="text", confidence=0.9)]})
        catalogue.outbox_done(["d1"])

    record = review.relink(data.root, "d1", B, "can.bo.a")

    assert (record.citizen_id, record.link_status, record.link_reason_code.code) == (B, "linked", "review.relinked")
    with Catalogue(data.catalogue) as catalogue:
        (decision,) = read_decisions(catalogue, "d1")
        assert (decision.action, decision.officer, decision.citizen_before, decision.citizen_after,
                decision.kind, decision.note) == ("relink", "can.bo.a", None, B, "review", None)
        assert decision.id is not None and decision.at.tzinfo is not None
        assert [(f.name, f.value, f.source) for f in document_fields(catalogue, "d1")] == [("citizen_id", B, "review")]
        assert catalogue.outbox() == ["d1"]  # search learns of the decision


def test_a_correction_needs_a_reason_and_retypes_are_the_training_labels(data):
    with Catalogue(data.catalogue) as catalogue:
        commit(catalogue, doc("d1", "giay_khai_sinh", A, vn(3, 2)))
    with pytest.raises(review.ReviewError, match="not waiting for review"):
        review.retype(data.root, "d1", "to_khai", "can.bo.b")
    review.retype(data.root, "d1", "to_khai", "can.bo.b", "tờ khai, không phải giấy khai sinh")
    review.retype(data.root, "d1", "don_de_nghi", "can.bo.c", "đơn đề nghị")

    with Catalogue(data.catalogue) as catalogue:
        decisions = read_decisions(catalogue, "d1", "retype")
        assert [(d.kind, d.doc_type_before, d.doc_type_after, d.note) for d in decisions] == [
            ("correction", "giay_khai_sinh", "to_khai", "tờ khai, không phải giấy khai sinh"),
            ("correction", "to_khai", "don_de_nghi", "đơn đề nghị")]
        assert decisions[0].id < decisions[1].id
        assert review.retype_labels(catalogue) == {"d1": "don_de_nghi"}  # the last one counts
        assert read_decisions(catalogue, "d1", "relink") == []
        assert catalogue.get_document("d1").citizen_id == A  # a retype keeps the link


def test_decisions_are_append_only(data):
    with Catalogue(data.catalogue) as catalogue:
        append_decision(catalogue, ReviewDecision(at=vn(3, 2), document_id="d1", action="confirm", officer="lan"))
        for change in (review_decisions.update().values(officer="x"), review_decisions.delete()):
            with pytest.raises(sa.exc.DatabaseError, match="append-only"):
                with catalogue.write() as c:
                    c.execute(change)
        assert [d.officer for d in read_decisions(catalogue)] == ["lan"]


def test_a_decision_whose_document_change_fails_is_not_written(data):
    with Catalogue(data.catalogue) as catalogue:
        commit(catalogue, waiting("d1", vn(3, 2), [A]))
        with pytest.raises(RuntimeError, match="power cut"):
            with catalogue.write():
                append_decision(catalogue, ReviewDecision(at=vn(3, 3), document_id="d1", action="confirm",
                                                          officer="lan", citizen_after=A))
                catalogue.set_document_decision("d1", doc_type="giay_khai_sinh", type_confidence=1.0,
                                                citizen_id=A, link_status="linked", link_reason="confirmed")
                raise RuntimeError("power cut")
        assert read_decisions(catalogue) == []
        assert catalogue.get_document("d1").link_status == "review"


def test_the_queue_and_the_waiting_papers_naming_an_id(data):
    """Named by a valid ID read on it, by the operator's ID, by its cover sheet; a linked paper
    and a paper naming another ID are not in it."""
    with Catalogue(data.catalogue) as catalogue:
        commit(catalogue, waiting("read", vn(3, 2), [A]))
        commit(catalogue, waiting("given", vn(3, 3), [B]), given=A)
        commit(catalogue, waiting("cover", vn(3, 4)))
        record_covers(catalogue, catalogue.get_document("cover").source_sha256, [], {"cover": CoverRead(
            status="ok", data=CoverData(dossier="HS-1", citizen_id=A, procedure=None), page_number=1)})
        commit(catalogue, waiting("other", vn(3, 5), [B]))
        commit(catalogue, doc("linked", "giay_khai_sinh", A, vn(3, 6)).model_copy(update={"id_candidates": [A]}))

        assert [r.id for r in review.waiting_naming(catalogue, A)] == ["cover", "given", "read"]  # newest first
        assert [r.id for r in review.waiting_naming(catalogue, B)] == ["other", "given"]
        assert review.evidence_ids(catalogue, catalogue.get_document("given")) == [A, B]

    queue = review.pending_reviews(data.root)
    assert [(i.id, i.proposed_citizen_id) for i in queue] == [
        ("read", A), ("given", A), ("cover", A), ("other", B)]  # oldest first


def test_no_catalogue_no_queue_and_a_decision_is_refused(tmp_path, monkeypatch):
    monkeypatch.delenv("HOSO_CATALOGUE_URL", raising=False)
    assert review.pending_reviews(tmp_path) == []
    with pytest.raises(review.ReviewError, match="catalogue"):
        review.relink(tmp_path, "d1", A, "lan")
    assert not (tmp_path / "catalogue.sqlite").exists()


def test_two_officers_deciding_one_document_at_once_decide_one_after_the_other(data):
    """While one officer's decision is being written (its transaction holds the document), another
    officer's relink of the same document waits for it, then sees a linked document: refused
    without a reason, never a second `review` decision silently replacing the first."""
    import threading
    import time

    from catalogue import reviews as review_rows

    with Catalogue(data.catalogue) as catalogue:
        commit(catalogue, waiting("d1", vn(3, 2), [A, B]))
    outcome: dict[str, object] = {}

    def second_officer() -> None:
        try:
            outcome["record"] = review.relink(data.root, "d1", B, "can.bo.b")
        except review.ReviewError as refused:
            outcome["refused"] = str(refused)

    with Catalogue(data.catalogue) as first:
        with first.write() as c:  # the first officer's relink, half way
            review_rows.lock_document(c, "d1")
            other = threading.Thread(target=second_officer)
            other.start()
            time.sleep(1.5)  # the second has read the document by now, unless it waits for this one
            assert other.is_alive()
            append_decision(first, ReviewDecision(at=vn(3, 3), document_id="d1", action="relink",
                                                  officer="can.bo.a", citizen_after=A, link_status_after="linked"))
            first.set_document_decision("d1", doc_type="giay_khai_sinh", type_confidence=0.95, citizen_id=A,
                                        link_status="linked", link_reason="Linked to A by can.bo.a.")
        other.join(60)
        assert "not waiting for review" in outcome["refused"] and "record" not in outcome
        assert [(d.officer, d.citizen_after) for d in read_decisions(first, "d1")] == [("can.bo.a", A)]
        assert first.get_document("d1").citizen_id == A
