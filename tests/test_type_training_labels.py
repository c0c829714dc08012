"""What `hoso classify train` reads of the catalogue, on SQLite and on PostgreSQL
(tests/catalogues.py): officers' retypes and link decisions, confident ingests, and the text of
the readable pages. The training itself on OCR'd papers is tests/test_classify_train.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalogue.store import Catalogue
from index.models import PageRecord
from pipeline import review
from pipeline.datadir import DataDir
from pipeline.type_training import read_labels
from samples.people import make_citizens
from tests.catalogue_history import doc, vn

A = make_citizens(17, 1)[0].citizen_id


def _commit(catalogue: Catalogue, record) -> None:
    catalogue.claim_file(record.source_sha256, name=record.source_file, source_path=record.source_file, size=1,
                         kind="pdf", stored_path=None, page_count=len(record.pages), context={})
    catalogue.commit_file(record.source_sha256, [record], [])


def test_labels_are_officers_decisions_and_confident_ingests(catalogue_location, tmp_path, monkeypatch):
    if isinstance(catalogue_location, Path):
        monkeypatch.delenv("HOSO_CATALOGUE_URL", raising=False)
    else:
        monkeypatch.setenv("HOSO_CATALOGUE_URL", str(catalogue_location))
    data = DataDir(tmp_path)
    two_pages = [PageRecord(number=1, text="ĐƠN ĐỀ NGHỊ cấp bản sao", ocr_confidence=90.0, is_blank=False),
                 PageRecord(number=2, text="", ocr_confidence=None, is_blank=True),
                 PageRecord(number=3, text="Người làm đơn ký tên", ocr_confidence=90.0, is_blank=False)]
    with Catalogue(data.catalogue) as catalogue:
        _commit(catalogue, doc("confident", "don_de_nghi", A, vn(3, 2)).model_copy(update={"pages": two_pages}))
        _commit(catalogue, doc("unsure", "don_de_nghi", A, vn(3, 2)).model_copy(update={"type_confidence": 0.5}))
        _commit(catalogue, doc("waiting", "to_khai", None, vn(3, 3), text="TỜ KHAI đăng ký khai sinh"))
        _commit(catalogue, doc("retyped", "to_khai", None, vn(3, 4), text="GIẤY ỦY QUYỀN"))
        _commit(catalogue, doc("relinked", "to_khai", None, vn(3, 5), text="TỜ KHAI"))
    review.retype(data.root, "retyped", "giay_uy_quyen", "can.bo.a")
    review.relink(data.root, "relinked", A, "can.bo.a")

    labels = read_labels(data)

    assert [(d.id, d.doc_type, d.source, d.pages) for d in labels.documents] == [
        ("confident", "don_de_nghi", "confident", ["ĐƠN ĐỀ NGHỊ cấp bản sao", "Người làm đơn ký tên"]),
        ("relinked", "to_khai", "review", ["TỜ KHAI"]),
        ("retyped", "giay_uy_quyen", "retype", ["GIẤY ỦY QUYỀN"])]
    assert labels.skipped == {"type not confident": 1, "waiting for review": 1}


def test_no_catalogue_is_an_operator_message(tmp_path, monkeypatch):
    from pipeline.type_training import TrainingError

    monkeypatch.delenv("HOSO_CATALOGUE_URL", raising=False)
    with pytest.raises(TrainingError, match="ingest documents first"):
        read_labels(DataDir(tmp_path))
