"""The extracted fields on the catalogue data layer, on SQLite and on PostgreSQL
(tests/catalogues.py): written and replaced as ingest writes them, listed for `show`, and the
ID cards on file that a later page's name and birth date are matched against."""

from __future__ import annotations

from datetime import date

from catalogue.store import Catalogue
from classify.card_match import CardOnFile
from classify.fields import Field
from pipeline.field_store import cards_on_file, document_fields, record_fields, set_reviewed_citizen
from samples.people import make_citizens
from tests.catalogue_history import doc, vn

A, B, C = (c.citizen_id for c in make_citizens(11, 3))


def _card_fields(citizen: str, id_source: str, name: str = "Nguyễn Thị Hồng Nhung") -> list[Field]:
    return [Field(name="birth_date", value="1990-04-12", source="qr", confidence=0.99),
            Field(name="full_name", value=name, source="qr", confidence=0.99),
            Field(name="citizen_id", value=citizen, source=id_source, confidence=0.99)]


def _commit(catalogue: Catalogue, record) -> None:
    catalogue.claim_file(record.source_sha256, name=record.source_file, source_path=record.source_file, size=1,
                         kind="pdf", stored_path=None, page_count=1, context={})
    catalogue.commit_file(record.source_sha256, [record], [])


def test_fields_are_replaced_per_document_and_listed_in_the_order_of_the_field_names(catalogue_location):
    with Catalogue(catalogue_location) as catalogue:
        record_fields(catalogue, {"d1": _card_fields(A, "text"), "d2": _card_fields(B, "qr")})
        assert [f.name for f in document_fields(catalogue, "d1")] == ["citizen_id", "full_name", "birth_date"]
        # A resumed batch writes the document's fields again: the new ones only.
        record_fields(catalogue, {"d1": [Field(name="sex", value="Nữ", source="text", confidence=0.8)]})
        assert document_fields(catalogue, "d1") == [Field(name="sex", value="Nữ", source="text", confidence=0.8)]
        assert len(document_fields(catalogue, "d2")) == 3
        record_fields(catalogue, {})
        assert document_fields(catalogue, "nothing") == []


def test_the_reviewed_citizen_replaces_the_given_one(catalogue_location):
    with Catalogue(catalogue_location) as catalogue:
        record_fields(catalogue, {"d1": _card_fields(A, "operator")})
        with catalogue.write():
            set_reviewed_citizen(catalogue, "d1", B)
        fields = {f.name: (f.value, f.source) for f in document_fields(catalogue, "d1")}
        assert fields["citizen_id"] == (B, "review") and len(fields) == 3
        set_reviewed_citizen(catalogue, "d1", None)
        assert "citizen_id" not in {f.name for f in document_fields(catalogue, "d1")}


def test_cards_on_file_are_the_linked_cards_that_state_their_own_id(catalogue_location):
    with Catalogue(catalogue_location) as catalogue:
        cards = {"own": (doc("own", "cccd", A, vn(3, 2)), _card_fields(A, "qr")),
                 "old_card": (doc("old_card", "cmnd", B, vn(3, 3)), _card_fields(B, "text", "Trần Văn Bình")),
                 "on_their_word": (doc("on_their_word", "cccd", C, vn(3, 4)), _card_fields(C, "operator")),
                 "other_id": (doc("other_id", "cccd", C, vn(3, 5)), _card_fields(A, "qr")),
                 "waiting": (doc("waiting", "cccd", None, vn(3, 6)), _card_fields(C, "qr")),
                 "not_a_card": (doc("not_a_card", "giay_khai_sinh", C, vn(3, 7)), _card_fields(C, "text"))}
        for record, fields in cards.values():
            _commit(catalogue, record)
        record_fields(catalogue, {doc_id: fields for doc_id, (_, fields) in cards.items()})

        assert cards_on_file(catalogue) == [
            CardOnFile(citizen_id=B, full_name="Trần Văn Bình", birth_date=date(1990, 4, 12)),
            CardOnFile(citizen_id=A, full_name="Nguyễn Thị Hồng Nhung", birth_date=date(1990, 4, 12))]
