"""Linking on all the evidence: each conflict goes to review with its reason; agreeing
evidence links, including without an operator's ID (QR, MRZ, the subject's ID field, a
card on file, the stack's one identified person)."""

from datetime import date

from classify.card_match import CardOnFile, cards_named
from classify.citizen_id import find_citizen_ids
from classify.fields import fields_from_text
from classify.linking import LinkEvidence, decide_link_on
from classify.taxonomy import load_taxonomy
from classify.subject_id import subject_id
from pipeline.assemble import AnalysedPage, DraftDocument
from pipeline.link_evidence import link_file
from pipeline.models import IngestOptions, PageOutcome

TAXONOMY = load_taxonomy()
TODAY = date(2026, 5, 1)
CHILD, MOTHER, FATHER = "001216004567", "001190012345", "001088054321"
WIFE, HUSBAND = "038195012345", "038090067890"

BIRTH = f"""ỦY BAN NHÂN DÂN XÃ AN BÌNH
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TRÍCH LỤC KHAI SINH
Họ, chữ đệm, tên: NGUYỄN MINH KHANG
Ngày, tháng, năm sinh: 14/02/2016
Giới tính: Nam     Dân tộc: Kinh     Quốc tịch: Việt Nam
Số định danh cá nhân: {CHILD}
Họ, chữ đệm, tên người mẹ: TRẦN THỊ HOA
Năm sinh: 1990     Dân tộc: Kinh     Quốc tịch: Việt Nam
Số định danh cá nhân: {MOTHER}
Họ, chữ đệm, tên người cha: NGUYỄN VĂN HÙNG
Năm sinh: 1988     Dân tộc: Kinh     Quốc tịch: Việt Nam
Giấy tờ tùy thân: CCCD số {FATHER}
"""

MARRIAGE = f"""GIẤY CHỨNG NHẬN KẾT HÔN
Họ, chữ đệm, tên chồng: LÊ VĂN TÂM
Ngày, tháng, năm sinh: 02/03/1990
Giấy tờ tùy thân: Căn cước công dân số {HUSBAND}
Họ, chữ đệm, tên vợ: PHẠM THỊ LAN
Ngày, tháng, năm sinh: 11/09/1995
Giấy tờ tùy thân: Căn cước công dân số {WIFE}
"""


def decide(doc_type, **evidence):
    return decide_link_on(doc_type, LinkEvidence(**evidence), TAXONOMY, today=TODAY)


def assert_review(decision, *phrases):
    assert (decision.status, decision.citizen_id) == ("review", None)
    for phrase in phrases:
        assert phrase in decision.reason, decision.reason


def test_subject_field_is_the_child_not_a_parent():
    assert subject_id(BIRTH, find_citizen_ids(BIRTH), TAXONOMY.get("giay_khai_sinh")) == CHILD


def test_birth_certificate_links_to_its_subject_without_an_operator():
    ids = [c.value for c in find_citizen_ids(BIRTH)]
    decision = decide("giay_khai_sinh", ids=ids, own={"subject_field": [CHILD]})
    assert (decision.status, decision.citizen_id) == ("linked", CHILD)
    assert "subject's ID field" in decision.reason


def test_operator_gives_the_parent_of_a_birth_certificate_goes_to_review():
    ids = [c.value for c in find_citizen_ids(BIRTH)]
    decision = decide("giay_khai_sinh", claimed=MOTHER, ids=ids, own={"subject_field": [CHILD]})
    assert_review(decision, f"names {CHILD}", f"the operator's ID is {MOTHER}", "parent, spouse or other party")


def test_qr_code_against_the_operator_goes_to_review():
    decision = decide("cccd", claimed=MOTHER, ids=[CHILD], own={"qr": [CHILD]})
    assert_review(decision, "The card's QR code names", f"the operator's ID is {MOTHER}")


def test_qr_code_against_the_mrz_goes_to_review():
    decision = decide("cccd", ids=[CHILD, MOTHER], own={"qr": [CHILD], "mrz": [MOTHER]})
    assert_review(decision, "disagrees", f"QR code says {CHILD}", f"zone says {MOTHER}")


def test_cover_sheet_against_the_subject_field_names_the_cover_sheet():
    decision = decide("giay_khai_sinh", claimed=FATHER, claimed_source="cover", ids=[CHILD, FATHER],
                      own={"subject_field": [CHILD]})
    assert_review(decision, "the cover sheet's ID is")
    assert "operator" not in decision.reason


def test_cover_sheet_agreeing_links_and_says_so():
    decision = decide("cccd", claimed=CHILD, claimed_source="cover", ids=[CHILD], own={"qr": [CHILD]})
    assert (decision.status, decision.citizen_id) == ("linked", CHILD)
    assert decision.reason.startswith("The cover sheet's ID")


def test_marriage_certificate_alone_goes_to_review():
    ids = [c.value for c in find_citizen_ids(MARRIAGE)]
    assert subject_id(MARRIAGE, find_citizen_ids(MARRIAGE), TAXONOMY.get("giay_chung_nhan_ket_hon")) is None
    assert_review(decide("giay_chung_nhan_ket_hon", ids=ids), "spouse")


def test_card_on_file_named_on_the_page_identifies_one_spouse():
    ids = [c.value for c in find_citizen_ids(MARRIAGE)]
    wife = CardOnFile(citizen_id=WIFE, full_name="Phạm Thị Lan", birth_date=date(1995, 9, 11))
    husband = CardOnFile(citizen_id=HUSBAND, full_name="Lê Văn Tâm", birth_date=date(1990, 3, 2))
    assert cards_named(MARRIAGE, ids, [wife]) == [WIFE]
    # Both spouses' cards on file: the page is both of theirs, proof of neither.
    assert sorted(cards_named(MARRIAGE, ids, [wife, husband])) == sorted([WIFE, HUSBAND])
    # A namesake born on another day is not the holder.
    other = CardOnFile(citizen_id=WIFE, full_name="Phạm Thị Lan", birth_date=date(1995, 9, 12))
    assert cards_named(MARRIAGE, ids, [other]) == []


def _draft(text: str, doc_type: str, own=None) -> DraftDocument:
    ids = [c.value for c in find_citizen_ids(text) if c.kind == "cccd"]
    page = AnalysedPage(outcome=PageOutcome(number=1, text=text, ocr_confidence=90), doc_type=doc_type,
                        citizen_ids=ids, valid_ids=ids, own=own or {})
    return DraftDocument(pages=[page])


APPLICATION = f"""ĐƠN ĐỀ NGHỊ
Kính gửi: Ủy ban nhân dân xã An Bình
Họ và tên: PHẠM THỊ LAN
Số định danh cá nhân: {WIFE}
"""


def test_stack_person_links_the_marriage_certificate_in_the_same_stack():
    drafts = [_draft(APPLICATION, "don_de_nghi"), _draft(MARRIAGE, "giay_chung_nhan_ket_hon")]
    (application, _, _), (marriage, _, _) = link_file(drafts, IngestOptions(), TAXONOMY)
    assert (application.status, application.citizen_id) == ("linked", WIFE)
    assert (marriage.status, marriage.citizen_id) == ("linked", WIFE)
    assert "identified in the same stack" in marriage.reason


def test_two_people_identified_in_one_stack_fill_nothing():
    husband_app = APPLICATION.replace("PHẠM THỊ LAN", "LÊ VĂN TÂM").replace(WIFE, HUSBAND)
    drafts = [_draft(APPLICATION, "don_de_nghi"), _draft(husband_app, "don_de_nghi"),
              _draft(MARRIAGE, "giay_chung_nhan_ket_hon")]
    assert_review(link_file(drafts, IngestOptions(), TAXONOMY)[2][0], "spouse")


def test_stack_person_never_makes_a_parent_own_the_birth_certificate():
    # The subject field is unreadable here (label lost), the mother's application is in the stack.
    damaged = BIRTH.replace(f"Số định danh cá nhân: {CHILD}", f"Sô đ!nh danh: {CHILD}")
    mother_app = APPLICATION.replace(WIFE, MOTHER)
    drafts = [_draft(mother_app, "don_de_nghi"), _draft(damaged, "giay_khai_sinh")]
    assert_review(link_file(drafts, IngestOptions(), TAXONOMY)[1][0])


def test_printed_fields_carry_source_and_confidence():
    fields = {f.name: f for f in fields_from_text(BIRTH, CHILD, 90)}
    assert fields["full_name"].value == "NGUYỄN MINH KHANG"  # the child, not "... tên người mẹ"
    assert fields["birth_date"].value == "2016-02-14"
    assert fields["sex"].value == "Nam"
    assert fields["citizen_id"].value == CHILD
    assert {f.source for f in fields.values()} == {"text"}
    assert all(0 < f.confidence < 1 for f in fields.values())


# --- issue 14, defect 1: a document is never evidence for itself ------------------------

CMND_DAT = """GIẤY CHỨNG MINH NHÂN DÂN
SỐ 141987654
Họ tên: HOÀNG ĐÌNH ĐẠT
Sinh ngày: 08-12-1981
Nguyên quán: Tứ Kỳ, Hải Dương
"""
DAT, AGREEING, BORN_1971 = "030081442182", "031081488218", "031071488218"


def test_a_card_is_not_matched_against_itself_nor_against_a_card_that_took_the_given_id():
    # The given ID's digits agree with 1981: the CMND is linked on the operator's word alone,
    # never "agrees with the name and birth date of a card on file" (that card is itself).
    (decision, _, _), = link_file([_draft(CMND_DAT, "cmnd")], IngestOptions(citizen_id=AGREEING), TAXONOMY)
    assert (decision.status, decision.citizen_id, decision.basis) == ("linked", AGREEING, "claim_only")
    assert "card on file" not in decision.reason
    # A second copy of the card in the same file took its ID from the operator too: no evidence either.
    copies = link_file([_draft(CMND_DAT, "cmnd"), _draft(CMND_DAT, "cmnd")], IngestOptions(citizen_id=AGREEING), TAXONOMY)
    assert all("card on file" not in d.reason for d, _, _ in copies)


def test_the_holders_birth_date_against_the_given_ids_digits_goes_to_review():
    (decision, _, _), = link_file([_draft(CMND_DAT, "cmnd")], IngestOptions(citizen_id=BORN_1971), TAXONOMY)
    assert_review(decision, "08/12/1981", f"contradicts the operator's ID {BORN_1971}", "born in 1971")
    assert decision.reason_code.code == "link.birth_contradicts"
    # The same check on the cover sheet's word, and worded in Vietnamese for officers.
    cover = decide("don_de_nghi", claimed=BORN_1971, claimed_source="cover", birth_date=date(1981, 12, 8))
    assert_review(cover, "the cover sheet's ID")
    assert "mâu thuẫn với số định danh trên phiếu ngăn cách" in cover.reason_code.text("vi")
    # A century/sex digit that puts the birth in another century contradicts too (2000s: 2/3).
    assert_review(decide("don_de_nghi", claimed="031205488218", birth_date=date(1981, 12, 8)), "born in 2005")


def test_another_citizens_card_on_file_against_the_cover_sheet_goes_to_review():
    on_file = [CardOnFile(citizen_id=DAT, full_name="Hoàng Đình Đạt", birth_date=date(1981, 12, 8))]
    draft = _draft(CMND_DAT, "cmnd")
    (decision, _, _), = link_file([draft], IngestOptions(citizen_id=BORN_1971), TAXONOMY, on_file)
    assert_review(decision, f"card on file names {DAT}, but the operator's ID is {BORN_1971}")


def test_one_document_contradicting_the_given_id_holds_the_files_other_documents():
    letter = "GIẤY ỦY QUYỀN\nNgười ủy quyền: ông Trần Văn Bình\nNội dung ủy quyền: nhận kết quả"
    drafts = [_draft(APPLICATION, "don_de_nghi"), _draft(letter, "giay_uy_quyen")]
    (application, _, _), (proxy, _, _) = link_file(drafts, IngestOptions(citizen_id=AGREEING), TAXONOMY)
    assert_review(application, f"({WIFE}) differs from the operator's ID {AGREEING}")
    assert_review(proxy, "Another document of this file (page 1) contradicts the operator's ID")
    assert proxy.reason_code.code == "link.file_conflict"
    # Alone, the same letter is linked on the operator's word: nothing contradicts it.
    (alone, _, _), = link_file([_draft(letter, "giay_uy_quyen")], IngestOptions(citizen_id=AGREEING), TAXONOMY)
    assert (alone.status, alone.citizen_id) == ("linked", AGREEING)


def test_a_manifests_id_is_named_as_the_manifests():
    options = IngestOptions(citizen_id=AGREEING, citizen_id_source="manifest")
    (decision, _, _), = link_file([_draft(APPLICATION, "don_de_nghi")], options, TAXONOMY)
    assert_review(decision, f"differs from the manifest's ID {AGREEING}")
    assert "operator" not in decision.reason
    assert "tệp kê khai" in decision.reason_code.text("vi")


def test_the_hot_folder_marks_a_manifests_id_as_the_manifests(tmp_path):
    from pipeline.datadir import DataDir
    from pipeline.manifest import ManifestEntry
    from pipeline.watch import HotFolder

    folder = HotFolder(tmp_path, DataDir(tmp_path / "data"), IngestOptions())
    given, _ = folder.options_for(tmp_path / "a.pdf", ManifestEntry(file=tmp_path / "a.pdf", citizen_id=AGREEING))
    assert (given.citizen_id, given.citizen_id_source) == (AGREEING, "manifest")
    typed = HotFolder(tmp_path, DataDir(tmp_path / "data"), IngestOptions(citizen_id=AGREEING))
    assert typed.options_for(tmp_path / "a.pdf", None)[0].citizen_id_source == "operator"


def test_a_cover_sheets_problem_is_worded_for_officers_and_names_who_gave_the_other_id():
    from classify.cover_sheet import read_cover
    from pipeline.group_link import group_context

    unreadable = read_cover([], "PHIEU NGAN CACH HO SO\nMA HO SO: H1\nSO DINH DANH: 038304777258", 3)
    context = group_context(unreadable, IngestOptions())
    assert context.problem == ("Cover sheet on page 3: the cover sheet's QR code could not be read "
                               "(large print: dossier H1, ID 038304777258).")
    assert context.problem_reason.text("vi").startswith("Phiếu ngăn cách ở trang 3: không đọc được mã QR")
    readable = unreadable.model_copy(update={"status": "ok"})
    context = group_context(readable, IngestOptions(citizen_id=AGREEING, citizen_id_source="manifest"))
    assert context.problem.endswith(f"names citizen 038304777258 but the manifest gave {AGREEING}.")
    assert "tệp kê khai" in context.problem_reason.text("vi")


def test_an_unreadable_page_is_not_linked_on_a_given_id_alone():
    garbage = decide("khac", claimed=AGREEING, ocr_confidence=27.0)
    assert_review(garbage, "could not be read (OCR confidence 27)", f"the operator's ID {AGREEING}")
    assert garbage.basis == "page"  # weak evidence, not a contradiction: the file's other papers stay linked
    read = decide("khac", claimed=AGREEING, ocr_confidence=85.0)
    assert (read.status, read.citizen_id) == ("linked", AGREEING)
