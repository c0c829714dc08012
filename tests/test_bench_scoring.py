"""The generalisation benchmark's scoring (bench/scoring.py, classify/metrics.py calibration):
pure functions on hand-made truths and findings, each figure checked against a value worked
out by hand."""

from __future__ import annotations

import pytest

from bench.scoring import (
    FoundDoc,
    PageRead,
    doc_people,
    cer_figures,
    id_read_figures,
    mistyped_ids,
    mistyped_linking,
    non_blank_pages,
    operator_linking,
    owner_id_linking,
    pair_documents,
    printed_ids,
    samples_file_applicant,
    target_met,
    type_figures,
)
from classify.metrics import expected_calibration_error, reliability_bins
from samples.models import DocTruth, FileTruth, PageTruth

AN = "079203001234"
BINH = "001185004321"
CHI = "048190007777"


def doc(doc_type: str, pages: list[int], owner: str | None = AN, ids: list[str] | None = None) -> DocTruth:
    return DocTruth(doc_type=doc_type, title=doc_type.upper(), owner_citizen_id=owner,
                    ids_on_document=ids if ids is not None else ([owner] if owner else []), pages=pages)


def found(pages: tuple[int, ...], doc_type: str = "cccd", confidence: float = 0.9, citizen: str | None = None,
          status: str = "review", reason: str | None = None, first: int | None = None) -> FoundDoc:
    return FoundDoc(pages=pages, first_page=first if first is not None else pages[0], doc_type=doc_type,
                    confidence=confidence, citizen_id=citizen, link_status=status, reason_code=reason)


# --- calibration ------------------------------------------------------------------------


def test_perfectly_calibrated_confidences_have_zero_ece():
    # 10 answers at 0.8 of which 8 right, 10 at 0.3 of which 3 right, 5 at 1.0 all right
    confidences = [0.8] * 10 + [0.3] * 10 + [1.0] * 5
    correct = [True] * 8 + [False] * 2 + [True] * 3 + [False] * 7 + [True] * 5
    assert expected_calibration_error(confidences, correct) == pytest.approx(0.0, abs=1e-12)


def test_ece_of_a_known_case():
    # bin 0.9: conf 0.9, accuracy 0.5 -> gap 0.4, weight 1/2; bin 0.6: conf 0.6, accuracy 1 -> gap 0.4, weight 1/2
    assert expected_calibration_error([0.9, 0.9, 0.6, 0.6], [True, False, True, True]) == pytest.approx(0.4)
    # one overconfident bin among three: (2/6)*|0-0.95| + (3/6)*|2/3-0.7| + (1/6)*|1-0.15|
    value = expected_calibration_error([0.95, 0.95, 0.7, 0.7, 0.7, 0.15], [False, False, True, True, False, True])
    assert value == pytest.approx(2 / 6 * 0.95 + 3 / 6 * (0.7 - 2 / 3) + 1 / 6 * 0.85)


def test_reliability_bins_count_and_average_per_bin():
    rows = reliability_bins([0.05, 0.15, 0.19, 0.99, 1.0, 0.3], [True, False, True, True, False, True])
    assert len(rows) == 10
    assert [r["count"] for r in rows] == [1, 2, 0, 1, 0, 0, 0, 0, 0, 2]
    assert rows[1]["mean_confidence"] == pytest.approx(0.17) and rows[1]["accuracy"] == pytest.approx(0.5)
    assert rows[2]["mean_confidence"] is None and rows[2]["accuracy"] is None
    # 1.0 falls in the last bin, which is closed
    assert rows[9]["mean_confidence"] == pytest.approx(0.995) and rows[9]["accuracy"] == pytest.approx(0.5)
    assert (rows[3]["low"], rows[3]["high"]) == (0.3, 0.4)
    assert expected_calibration_error([], []) == 0.0


# --- pairing documents with the truth --------------------------------------------------------


def test_documents_pair_by_first_page_and_splits_are_counted():
    truth = [doc("cccd", [1]), doc("to_khai", [2, 3]), doc("giay_khai_sinh", [5]), doc("khac", [6])]
    got = [found((1,)), found((2,), doc_type="to_khai"), found((3,), doc_type="don_de_nghi"),
           found((5,), doc_type="giay_khai_sinh"), found((6,), doc_type="khac")]
    pairs = pair_documents("f.pdf", truth, got)
    assert [p.found.doc_type if p.found else None for p in pairs] == ["cccd", "to_khai", "giay_khai_sinh", "khac"]
    assert [p.split_ok for p in pairs] == [True, False, True, True]  # to_khai lost its page 3
    figures = type_figures(pairs)
    assert figures["split_errors"] == 1 and figures["documents"] == 4
    assert figures["macro_f1"] == pytest.approx(1.0)


def test_a_document_opening_on_a_blank_back_pairs_on_its_first_written_page():
    assert non_blank_pages([(4, True), (5, False), (6, False)]) == ((5, 6), 5)
    assert non_blank_pages([(7, True)]) == ((), 7)
    written, first = non_blank_pages([(4, True), (5, False)])
    pairs = pair_documents("f", [doc("giay_khai_sinh", [5])], [found(written, doc_type="giay_khai_sinh", first=first)])
    assert pairs[0].split_ok


def test_a_true_document_nothing_starts_on_counts_as_khac():
    pairs = pair_documents("f.pdf", [doc("cccd", [1]), doc("hop_dong", [2, 3])], [found((1, 2, 3))])
    assert pairs[1].found is None and pairs[1].predicted_type == "khac" and not pairs[1].split_ok
    figures = type_figures(pairs)
    assert figures["per_type"]["hop_dong"]["recall"] == 0.0
    assert figures["min_type_f1"] == 0.0
    assert figures["macro_f1"] == pytest.approx(0.5)  # cccd 1.0, hop_dong 0.0; khac has no support


# --- linking ----------------------------------------------------------------------------


def test_owner_linking_share_and_wrong_links():
    truth = [doc("cccd", [1]), doc("giay_chung_nhan_ket_hon", [2], ids=[AN, BINH]),
             doc("the_bhyt", [3], ids=[]), doc("van_ban_hanh_chinh", [4], owner=None)]
    got = [found((1,), citizen=AN, status="linked"), found((2,), citizen=BINH, status="linked"),
           found((3,), citizen=CHI, status="linked"), found((4,), citizen=AN, status="review")]
    result = owner_id_linking(pair_documents("f", truth, got))
    assert (result["owner_id_documents"], result["owner_linked"]) == (2, 1)
    assert result["share"] == pytest.approx(0.5)
    # the spouse is a party of the marriage certificate: not wrong, but not its owner
    assert result["wrong_links"] == 1 and result["wrong_examples"][0]["linked_to"] == CHI
    assert result["linked_not_owner"] == 2
    assert owner_id_linking([])["share"] is None


def test_parties_named_by_the_family_count_as_the_papers_people():
    paper = DocTruth(doc_type="hop_dong", title="HỢP ĐỒNG", owner_citizen_id=AN, ids_on_document=[AN],
                     pages=[1], parties=[CHI])
    assert doc_people(paper) == {AN, CHI}
    assert doc_people(doc("van_ban_hanh_chinh", [1], owner=None)) == set()
    named = doc("giay_khai_sinh", [1], owner=CHI, ids=[CHI, AN])
    assert doc_people(named) == {CHI, AN}


def test_operator_linking_counts_the_citizens_documents_and_reviews():
    truth = [doc("cccd", [1]), doc("giay_khai_sinh", [2], owner=CHI, ids=[CHI, AN]),
             doc("trich_luc_khai_tu", [3], owner=BINH, ids=[BINH])]
    got = [found((1,), citizen=AN, status="linked"), found((2,), reason="link.own_differs"),
           found((3,), citizen=AN, status="linked")]
    result = operator_linking(pair_documents("f", truth, got), {"f": AN})
    # AN owns the card and is a parent on the birth certificate; the death extract is not theirs
    assert (result["citizen_documents"], result["linked_to_citizen"], result["in_review"]) == (2, 1, 1)
    assert result["review_reasons"] == {"link.own_differs": 1}
    assert result["wrong_links"] == 1 and result["wrong_links_to_given_id"] == 1


def test_mistyped_linking_counts_links_to_the_typed_id_as_wrong():
    truth = [doc("cccd", [1]), doc("don_de_nghi", [2])]
    got = [found((1,), reason="link.own_differs"), found((2,), citizen=BINH, status="linked")]
    result = mistyped_linking(pair_documents("f", truth, got), {"f": BINH})
    assert (result["documents"], result["wrong_links"], result["linked_to_typed_id"], result["in_review"]) == (2, 1, 1, 1)


def test_mistyped_ids_never_give_a_file_its_own_applicant():
    applicants = {"a1.pdf": AN, "a2.jpg": AN, "b.pdf": BINH, "letter.pdf": None, "c.tif": CHI}
    typed = mistyped_ids(applicants)
    assert set(typed) == {"a1.pdf", "a2.jpg", "b.pdf", "c.tif"}  # nobody's letter gets no ID
    assert all(typed[f] != applicants[f] for f in typed)
    assert set(typed.values()) <= {AN, BINH, CHI}
    assert typed == {"a1.pdf": BINH, "a2.jpg": BINH, "b.pdf": CHI, "c.tif": AN}
    assert mistyped_ids({"a.pdf": AN, "b.pdf": AN, "x": None}) == {}  # nobody else to mistype


def test_samples_file_applicant_is_the_owner_or_the_parent_printed():
    applicants = [AN, BINH]
    stack = FileTruth(name="s.pdf", format="pdf", pages=[], documents=[doc("cccd", [1], owner=BINH)])
    newborn = FileTruth(name="n.pdf", format="pdf", pages=[],
                        documents=[doc("giay_khai_sinh", [1], owner=CHI, ids=[CHI, AN])])
    letter = FileTruth(name="l.pdf", format="pdf", pages=[], documents=[doc("van_ban_hanh_chinh", [1], owner=None)])
    assert samples_file_applicant(stack, applicants) == BINH
    assert samples_file_applicant(newborn, applicants) == AN
    assert samples_file_applicant(letter, applicants) is None


# --- OCR --------------------------------------------------------------------------------


def test_printed_ids_allow_spaces_inside_digit_groups():
    text = ("Số định danh cá nhân: 0 7 9 2 0 3 0 0 1 2 3 4\n"
            "CCCD số 001 185 004 321 cấp ngày 12 05 2020\n"
            "1 048190007777 Nguyễn Văn Chi\n"
            "Điện thoại 0912 345 678; tài khoản 1234567890123")
    assert printed_ids(text) == [AN, BINH, CHI]
    assert printed_ids("IDVNM0920030012079203001234<<5") == []  # glued into a longer number


def page(number: int, text: str, rotation: int = 0, phone: bool = False) -> PageTruth:
    return PageTruth(number=number, text=text, doc_index=0 if text else None, is_blank=not text,
                     rotation=rotation, dpi=300, phone_photo=phone)


def test_id_read_rate_counts_pages_and_lists_misses():
    pages = [PageRead("f", page(1, f"Số: {AN[:3]} {AN[3:6]} {AN[6:]}"), "x", {AN}),
             PageRead("f", page(2, f"Chồng {AN} Vợ {BINH}"), "x", {AN}),
             PageRead("f", page(3, "Ngày 12 tháng 5 năm 2020 số 123456789012"), "x", set()),  # nobody's number
             PageRead("f", page(4, ""), "", set())]
    result = id_read_figures(pages, {AN, BINH})
    assert (result["pages_printing_id"], result["pages_read"]) == (2, 1)
    assert result["rate"] == pytest.approx(0.5)
    assert result["misses"] == [{"file": "f", "page": 2, "group": "upright", "missing": [BINH], "read": [AN]}]


def test_cer_is_pooled_per_group_and_blank_pages_left_out():
    pages = [PageRead("f", page(1, "abcdefghij"), "abcdefghiX"),  # 1 edit / 10
             PageRead("f", page(2, "abcdefghijabcdefghij", rotation=90), "abcdefghijabcdefghij"),  # 0 / 20
             PageRead("f", page(3, "abcdefghij", phone=True), "XXXXXfghij"),  # 5 / 10
             PageRead("f", page(4, ""), "bleed-through text")]
    result = cer_figures(pages)
    assert result["all"] == {"pages": 3, "cer": pytest.approx(6 / 40)}
    assert result["upright"]["cer"] == pytest.approx(0.1) and result["rotated"]["cer"] == 0.0
    assert result["phone"]["cer"] == pytest.approx(0.5)
    assert result["worst"][0]["page"] == 3


def test_targets_are_marked_pass_or_fail():
    assert target_met(0.975, ">=", 0.97) is True
    assert target_met(0.081, "<=", 0.08) is False
    assert target_met(1, "==", 0) is False
    assert target_met(None, ">=", 0.98) is None


def family_result(pairs, pages, given, typed, known):
    from bench.scoring import calibration_figures

    return {"files": 1, "pages": len(pages), "type": type_figures(pairs), "calibration": calibration_figures(pairs),
            "linking_no_id": owner_id_linking(pairs), "linking_operator": operator_linking(pairs, given),
            "linking_mistyped": mistyped_linking(pairs, typed),
            "linking_mistyped_cards_on_file": mistyped_linking(pairs, typed), "cer": cer_figures(pages),
            "id_read": id_read_figures(pages, known)}


def test_the_report_sets_families_side_by_side_and_marks_held_out_targets():
    from bench.unseen_bench import report

    truth = [doc("cccd", [1]), doc("don_de_nghi", [2])]
    good = pair_documents("f", truth, [found((1,), confidence=0.99, citizen=AN, status="linked"),
                                       found((2,), doc_type="don_de_nghi", confidence=0.95, citizen=AN, status="linked")])
    poor = pair_documents("f", truth, [found((1, 2), confidence=0.6)])  # merged: don_de_nghi lost, macro-F1 0.5
    pages = [PageRead("f", page(1, f"CCCD {AN}"), f"CCCD {AN}", {AN}), PageRead("f", page(2, "Đơn"), "Đơn")]
    results = {"samples": family_result(good, pages, {"f": AN}, {"f": BINH}, {AN}),
               "heldout": family_result(poor, pages[:1], {"f": AN}, {"f": BINH}, {AN})}
    lines = report(results)
    header = next(line for line in lines if line.startswith("measure"))
    assert "samples" in header and "heldout" in header
    macro = next(line for line in lines if line.startswith("type macro-F1"))
    assert macro.split()[2:5] == ["1.000", "0.500", ">="] and macro.endswith("FAIL")
    wrong = next(line for line in lines if line.startswith("(c) mistyped ID: wrong links"))
    assert wrong.endswith("PASS")
    known = next(line for line in lines if line.startswith("(c') mistyped ID, the citizens' cards on file"))
    assert known.endswith("PASS")
    phone = next(line for line in lines if line.startswith("CER phone pages"))
    assert "—" in phone  # no phone photo in either family: not measured, neither pass nor fail
