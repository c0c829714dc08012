"""The linking policy: link only on consistent evidence, otherwise review unlinked."""

from datetime import date

import pytest

from classify.linking import decide_link, normalise_id
from classify.taxonomy import load_taxonomy

TAXONOMY = load_taxonomy()
TODAY = date(2026, 5, 1)
OWNER = "001203004567"
OTHER = "079090001234"
SPOUSE = "038195012345"


def decide(doc_type, operator_id, ids):
    return decide_link(doc_type, operator_id, ids, TAXONOMY, today=TODAY)


def assert_review(decision):
    assert decision.status == "review"
    assert decision.citizen_id is None  # never half-linked
    assert decision.reason.endswith(".")


# --- operator's ID given ------------------------------------------------------------------


@pytest.mark.parametrize("operator_id", ["000203004567", "001403004567", "12345", "0012030045", "abc"])
def test_invalid_operator_id_goes_to_review(operator_id):
    decision = decide("cccd", operator_id, [OWNER])
    assert_review(decision)
    assert "not a valid CCCD number" in decision.reason


def test_operator_id_and_no_id_on_document_links_to_operator():
    decision = decide("giay_khai_sinh", OWNER, [])
    assert (decision.citizen_id, decision.status) == (OWNER, "linked")
    assert "No ID is printed" in decision.reason


def test_operator_id_printed_on_document_links():
    decision = decide("cccd", OWNER, [OWNER])
    assert (decision.citizen_id, decision.status) == (OWNER, "linked")


def test_operator_id_among_several_on_a_multi_document_links():
    # A parent hands in the child's birth certificate: the parent's ID is on it.
    decision = decide("giay_khai_sinh", OWNER, [SPOUSE, OWNER])
    assert (decision.citizen_id, decision.status) == (OWNER, "linked")


def test_only_other_id_on_single_document_goes_to_review():
    decision = decide("cccd", OWNER, [OTHER])
    assert_review(decision)
    assert f"({OTHER}) differs from the operator's ID {OWNER}" in decision.reason


def test_only_other_ids_on_multi_document_names_who_they_may_be():
    decision = decide("giay_chung_nhan_ket_hon", OWNER, [SPOUSE, OTHER])
    assert_review(decision)
    assert "differ from the operator's ID" in decision.reason
    assert "parent, spouse or other party" in decision.reason


def test_one_digit_difference_is_pointed_out_as_possible_ocr_error():
    misread = OWNER[:-1] + "8"
    decision = decide("cccd", OWNER, [misread])
    assert_review(decision)
    assert "differs by one digit" in decision.reason


def test_old_cmnd_cannot_confirm_the_operator_id():
    decision = decide("cmnd", OWNER, ["012345678"])
    assert_review(decision)


def test_operator_id_is_normalised():
    decision = decide("cccd", " 001 203 004 567 ", [OWNER])
    assert (decision.citizen_id, decision.status) == (OWNER, "linked")
    qr_payload = f"{OWNER}|012345678|Nguyễn Văn An|01012003|Nam|Tứ Kỳ|10082021"
    assert decide("cccd", qr_payload, [OWNER]).citizen_id == OWNER
    assert normalise_id("") is None and normalise_id(None) is None


# --- no operator's ID -------------------------------------------------------------------


def test_single_subject_with_one_valid_id_links():
    for doc_type in ("cccd", "xac_nhan_tinh_trang_hon_nhan", "don_de_nghi", "van_bang", "the_bhyt"):
        decision = decide(doc_type, None, [OWNER])
        assert (decision.citizen_id, decision.status) == (OWNER, "linked"), doc_type


def test_repeated_id_counts_once():
    decision = decide("cccd", None, [OWNER, OWNER, "001 203 004 567"])
    assert (decision.citizen_id, decision.status) == (OWNER, "linked")


def test_single_subject_with_several_ids_goes_to_review():
    decision = decide("don_de_nghi", None, [OWNER, OTHER])
    assert_review(decision)
    assert "Several IDs" in decision.reason


def test_single_subject_with_malformed_id_goes_to_review():
    decision = decide("cccd", None, [OWNER, "000203004567"])
    assert_review(decision)
    assert "fails the structure check" in decision.reason


def test_single_subject_with_only_cmnd_goes_to_review():
    assert_review(decide("cmnd", None, ["012345678"]))


@pytest.mark.parametrize(
    "doc_type",
    ["giay_khai_sinh", "giay_chung_nhan_ket_hon", "trich_luc_khai_tu", "to_khai", "giay_uy_quyen", "hop_dong", "gcn_quyen_su_dung_dat"],
)
def test_multi_subject_with_any_id_goes_to_review(doc_type):
    decision = decide(doc_type, None, [OWNER])
    assert_review(decision)
    assert "parent, spouse or other party" in decision.reason


def test_no_id_and_no_operator_goes_to_review():
    decision = decide("cccd", None, [])
    assert_review(decision)
    assert decision.reason == "No citizen ID found on the document and no operator ID given."


# --- documents that are not a citizen's, and unknown ones --------------------------------


def test_administrative_document_is_settled_without_a_citizen():
    decision = decide("van_ban_hanh_chinh", None, [])
    assert (decision.citizen_id, decision.status) == (None, "linked")
    assert "Not a citizen's paper" in decision.reason


def test_administrative_document_ignores_the_operator_id():
    decision = decide("van_ban_hanh_chinh", OWNER, [OTHER])
    assert (decision.citizen_id, decision.status) == (None, "linked")
    assert "was not applied" in decision.reason


def test_unrecognised_document_without_operator_goes_to_review():
    assert_review(decide("khac", None, []))
    decision = decide("khac", None, [OWNER])
    assert_review(decision)
    assert "not recognised" in decision.reason


def test_unrecognised_document_follows_the_operator_rules():
    assert decide("khac", OWNER, []).status == "linked"
    assert decide("khac", OWNER, [OWNER]).citizen_id == OWNER
    assert_review(decide("khac", OWNER, [OTHER]))


def test_unknown_type_key_is_treated_as_unrecognised():
    assert_review(decide("no_such_type", None, [OWNER]))


def test_linked_decisions_always_carry_a_valid_id_or_are_not_citizen_papers():
    for doc_type in TAXONOMY.keys():
        for operator in (None, OWNER, "000000000000"):
            for ids in ([], [OWNER], [OTHER], [OWNER, OTHER], ["000203004567"]):
                decision = decide(doc_type, operator, ids)
                if decision.status == "review":
                    assert decision.citizen_id is None
                elif decision.citizen_id is None:
                    assert TAXONOMY.types[doc_type].subject == "none" and doc_type != TAXONOMY.fallback
                else:
                    assert decision.citizen_id in (operator, *ids)


# --- reasons as codes (issue 14, defect 10's link part) -----------------------------------

def _every_decision():
    from classify.linking import LinkEvidence, decide_link_on

    claims = [None, OWNER, "999190012345", "12345"]
    idsets = [[], [OWNER], [OTHER], [OTHER, SPOUSE], ["999190012345"], ["123456789"]]
    owns = [{}, {"qr": [OWNER]}, {"qr": [OTHER]}, {"qr": [OWNER, OTHER]}, {"qr": [OWNER], "mrz": [OTHER]},
            {"qr": [OWNER], "card_on_file": [OWNER]}]
    for doc_type in ("cccd", "giay_khai_sinh", "khac", "van_ban_hanh_chinh", "don_de_nghi"):
        for claim in claims:
            for ids in idsets:
                for own in owns:
                    for source in ("operator", "manifest", "cover", "stack_card"):
                        for born in (None, date(1990, 1, 1)):
                            yield decide_link_on(doc_type, LinkEvidence(claimed=claim, claimed_source=source, ids=ids,
                                                                        own=own, birth_date=born), TAXONOMY, TODAY)


def test_every_link_reason_is_a_code_worded_in_vietnamese_and_english():
    from classify.reasons import TEMPLATES, decode, encode, render

    seen = set()
    for decision in _every_decision():
        code = decision.reason_code
        seen.add(code.code)
        assert code.code.startswith("link.") and code.code in TEMPLATES
        assert render(code, "en") == decision.reason  # the English text comes from the same Reason
        vietnamese = render(code, "vi")
        assert "Lý do mã" not in vietnamese and "?" not in code.code
        for english in ("operator", "cover sheet", "the page", "ID on", "document", "names", "differs", "QR code"):
            assert english not in vietnamese, vietnamese
        assert decode(encode(code)) == code  # survives the catalogue
    assert len(seen) >= 15


def test_link_reason_code_is_stored_and_added_to_an_old_catalogue(tmp_path):
    import sqlite3

    from classify.linking import decide_link
    from catalogue.store import Catalogue
    from tests.catalogue_history import doc, vn

    from tests.legacy_release import FIRST_DDL

    old = sqlite3.connect(tmp_path / "catalogue.sqlite")  # a catalogue from before the column
    old.executescript(FIRST_DDL)
    old.execute("INSERT INTO meta(key, value) VALUES ('schema_version', '1')")
    old.commit()
    assert "link_reason_code" not in {r[1] for r in old.execute("PRAGMA table_info(documents)")}
    old.close()
    decision = decide("don_de_nghi", OWNER, [OTHER])
    record = doc("d1", "don_de_nghi", None, vn(5, 1)).model_copy(
        update={"link_reason": decision.reason, "link_reason_code": decision.reason_code})
    with Catalogue(tmp_path / "catalogue.sqlite") as catalogue:
        catalogue.claim_file(record.source_sha256, name="d1.pdf", source_path="d1.pdf", size=1, kind="pdf",
                             stored_path=None, page_count=1, context={})
        catalogue.commit_file(record.source_sha256, [record], [])
        stored = catalogue.get_document("d1")
    assert stored.link_reason_code == decision.reason_code
    assert stored.link_reason_code.text("vi").startswith("Số định danh trên trang")
