"""Linking on the operator's word (issue 16): a document whose own evidence does not
contradict the ID given is linked to it; only real contradictions wait, with their reason.

The attacker's and the tired operator's cases: a mistyped ID (one digit off, two digits
swapped), another person's card in the stack, an empty or malformed ID, another citizen's
valid ID given for a whole file, a correction in review afterwards, papers naming nobody,
multi-party papers naming the citizen by name and birth date only, or not at all.

The pure policy is tested on evidence built by hand and on page texts; where OCR matters
(names with diacritics, a card on file from an earlier intake, a whole file) on rendered,
scan-degraded pages through the real ingest (real Tesseract, real SQLite, the real CLI).
"""

import json
import os
import random
import shutil
import subprocess
import sys
from datetime import date

import numpy as np
import pytest

from access.models import Actor
from access.officers import add_officer
from catalogue.store import Catalogue
from classify.card_match import CardOnFile, disagreements, name_printed, same_name
from classify.citizen_id import find_citizen_ids
from classify.linking import LinkEvidence, decide_link_on
from classify.reasons import render
from classify.subject_id import card_holder_id
from classify.taxonomy import load_taxonomy
from pipeline.assemble import AnalysedPage, DraftDocument
from pipeline.datadir import DataDir
from pipeline.ingest_run import ingest_paths
from pipeline.link_evidence import link_file
from pipeline.models import IngestOptions, PageOutcome
from pipeline.review import relink
from samples import degrade
from samples.batch import render_document, render_spec, write_tiff
from samples.content import DocSpec, new_builder
from samples.models import Citizen
from samples.people import make_citizens

TAXONOMY = load_taxonomy()
TODAY = date(2026, 5, 1)
OFFICER = "Trần Văn Bình"

# PHẠM THỊ LAN, born 11/09/1995 in Thanh Hóa (038, female 1900s: 1, year 95).
LAN = "038195012345"
LAN_CARD = CardOnFile(citizen_id=LAN, full_name="PHẠM THỊ LAN", birth_date=date(1995, 9, 11))
TAM = "038090067890"  # her husband, LÊ VĂN TÂM, born 02/03/1990
ONE_OFF = "038195012346"  # her ID with the last digit one off: well-formed, someone else's
SWAPPED = "038195013245"  # two neighbouring digits swapped: well-formed too
STRANGER = "079090001234"

APPLICATION = f"""ĐƠN ĐỀ NGHỊ
Kính gửi: Ủy ban nhân dân xã An Bình
Họ và tên: PHẠM THỊ LAN
Ngày, tháng, năm sinh: 11/09/1995
Số định danh cá nhân: {LAN}
"""
NO_ID_LETTER = "GIẤY ỦY QUYỀN\nNgười ủy quyền: bà Phạm Thị Lan\nNội dung ủy quyền: nhận kết quả"
MARRIAGE_OTHERS = f"""GIẤY CHỨNG NHẬN KẾT HÔN
Họ, chữ đệm, tên chồng: LÊ VĂN TÂM
Ngày, tháng, năm sinh: 02/03/1990
Giấy tờ tùy thân: Căn cước công dân số {TAM}
Họ, chữ đệm, tên vợ: ĐỖ THỊ MAI
Ngày, tháng, năm sinh: 05/06/1992
Giấy tờ tùy thân: Căn cước công dân số {STRANGER}
"""


def decide(doc_type, **evidence):
    return decide_link_on(doc_type, LinkEvidence(**evidence), TAXONOMY, today=TODAY)


def _draft(text: str, doc_type: str, own=None) -> DraftDocument:
    ids = [c.value for c in find_citizen_ids(text)]
    page = AnalysedPage(outcome=PageOutcome(number=1, text=text, ocr_confidence=90), doc_type=doc_type,
                        citizen_ids=ids, valid_ids=ids, own=own or {})
    return DraftDocument(pages=[page])


def _drafts(*pages: tuple[str, str]) -> list[DraftDocument]:
    drafts = [_draft(text, doc_type) for text, doc_type in pages]
    for number, draft in enumerate(drafts, 1):
        draft.pages[0].outcome.number = number
    return drafts


def _links(drafts, citizen_id, on_file=()):
    return [d for d, _, _ in link_file(drafts, IngestOptions(citizen_id=citizen_id), TAXONOMY, list(on_file))]


def assert_review(decision, *phrases):
    assert (decision.status, decision.citizen_id) == ("review", None), decision.reason
    for phrase in phrases:
        assert phrase in decision.reason, decision.reason


# --- the tired operator: a mistyped ID --------------------------------------------------


def test_an_id_one_digit_off_is_a_contradiction_on_her_application_and_holds_the_file():
    application, letter = _links(_drafts((APPLICATION, "don_de_nghi"), (NO_ID_LETTER, "giay_uy_quyen")), ONE_OFF)
    assert_review(application, f"({LAN}) differs from the operator's ID {ONE_OFF}", "differs by one digit")
    assert application.basis == "contradicts"
    assert_review(letter, "page 1) contradicts the operator's ID")
    assert letter.reason_code.code == "link.file_conflict"


def test_two_swapped_digits_are_pointed_out_as_a_typing_error():
    decision = decide("don_de_nghi", claimed=SWAPPED, ids=[LAN])
    assert_review(decision, f"{LAN} is the ID given with two neighbouring digits swapped")
    assert decision.basis == "contradicts"
    assert "đảo chỗ hai chữ số liền nhau" in decision.reason_code.text("vi")


def test_the_card_on_file_for_the_given_id_confirms_a_printed_digit_read_wrongly():
    misread = APPLICATION.replace(LAN, ONE_OFF)  # the page's last digit read as 6: OCR, not the operator
    (decision,) = _links(_drafts((misread, "don_de_nghi")), LAN, [LAN_CARD])
    assert (decision.status, decision.citizen_id, decision.basis) == ("linked", LAN, "page"), decision.reason
    assert decision.reason_code.code == "link.misread_confirmed_ids"
    assert "chữ số in trên giấy bị đọc sai" in decision.reason_code.text("vi")
    # Without her card on file, the same page is what a mistyped ID looks like.
    (alone,) = _links(_drafts((misread, "don_de_nghi")), LAN)
    assert_review(alone, "differs by one digit")
    # A card on file for the given ID whose holder is not the page's person confirms nothing.
    someone = CardOnFile(citizen_id=LAN, full_name="PHẠM THỊ HOA", birth_date=date(1995, 9, 11))
    (other,) = _links(_drafts((misread, "don_de_nghi")), LAN, [someone])
    assert_review(other, "disagrees with the card on file")


def test_a_subject_field_misread_is_confirmed_by_the_card_but_a_qr_code_never_is():
    field = decide("don_de_nghi", claimed=LAN, ids=[ONE_OFF], own={"subject_field": [ONE_OFF]}, claimed_named=True,
                   claimed_cards=[LAN_CARD])
    assert (field.status, field.citizen_id) == ("linked", LAN)
    assert field.reason_code.code == "link.misread_confirmed"
    # A QR code is read whole or not at all (and an MRZ is check-digit verified): no misread.
    coded = decide("cccd", claimed=LAN, ids=[ONE_OFF], own={"qr": [ONE_OFF]}, claimed_named=True,
                   claimed_cards=[LAN_CARD])
    assert_review(coded, f"The card's QR code names {ONE_OFF}, but the operator's ID is {LAN}")
    assert coded.basis == "contradicts"
    # Two digits off is another person even when the names agree (a namesake born the same day).
    far = decide("don_de_nghi", claimed=LAN, ids=[STRANGER], own={"subject_field": [STRANGER]}, claimed_named=True,
                 claimed_cards=[LAN_CARD])
    assert_review(far, f"names {STRANGER}")


def test_a_structurally_invalid_number_is_a_misread_not_a_contradiction():
    garbled = "038995012345"  # century/sex digit 9 (2300s): no one alive holds it
    decision = decide("don_de_nghi", claimed=LAN, ids=[garbled])
    assert (decision.status, decision.citizen_id, decision.basis) == ("linked", LAN, "claim_only"), decision.reason
    assert decision.reason_code.code == "link.claim_only_misread" and garbled in decision.reason
    # Linked on the word alone: a contradiction elsewhere in the file still holds it.
    held = _links(_drafts((APPLICATION.replace(LAN, STRANGER), "don_de_nghi"),
                          (APPLICATION.replace(LAN, garbled), "don_de_nghi")), LAN)
    assert [d.reason_code.code for d in held] == ["link.id_differs", "link.file_conflict"]


# --- the attacker: another citizen's ID, a name that is not theirs ------------------------


def test_a_name_or_birth_date_that_disagrees_with_the_card_on_file_for_the_given_id_goes_to_review():
    no_id = "ĐƠN ĐỀ NGHỊ\nHọ và tên: NGUYỄN VĂN HÙNG\nNgày, tháng, năm sinh: 11/09/1995\n"
    (named,) = _links(_drafts((no_id, "don_de_nghi")), LAN, [LAN_CARD])
    assert_review(named, "The name NGUYỄN VĂN HÙNG read on the document disagrees with the card on file for the "
                         f"operator's ID {LAN} (PHẠM THỊ LAN, 11/09/1995)")
    assert named.basis == "contradicts"
    assert "không khớp với thẻ căn cước đã lưu" in named.reason_code.text("vi")
    born = no_id.replace("NGUYỄN VĂN HÙNG", "PHẠM THỊ LAN").replace("11/09/1995", "21/03/1995")
    (dated,) = _links(_drafts((born, "don_de_nghi")), LAN, [LAN_CARD])
    assert_review(dated, "The date of birth 21/03/1995 read on the document disagrees")
    # Her name or birth date with a letter or a digit read wrongly are still hers (a misread
    # must not hold her whole file); another given name, another day and month are not.
    assert same_name("PHAM THI LAHN", "Phạm Thị Lan") and same_name("NGUYEN VAN HUNQ", "NGUYỄN VĂN HÙNG")
    assert not same_name("NGUYỄN VĂN AN", "NGUYỄN VĂN BINH") and not same_name("PHẠM THỊ HOA", "PHẠM THỊ LAN")
    assert disagreements(LAN_CARD, "PHẠM THỊ LAN ANH", None) == ["name"]
    assert disagreements(LAN_CARD, None, date(1995, 9, 12)) == []
    assert disagreements(LAN_CARD, "PHAM THI LAN", date(1995, 3, 21)) == ["birth_date"]


def test_a_paper_with_no_id_and_no_name_is_linked_on_the_word_alone():
    (decision,) = _links(_drafts((NO_ID_LETTER, "giay_uy_quyen")), LAN, [LAN_CARD])
    assert (decision.status, decision.citizen_id, decision.basis) == ("linked", LAN, "claim_only")
    assert decision.reason_code.code == "link.claim_only"


def test_an_empty_or_malformed_id_never_links_on_it():
    empty = decide("don_de_nghi", claimed="", ids=[])
    assert_review(empty, "no operator ID given")  # as if none was typed
    for typed in ("12345", "038195O12345", "000195012345"):
        assert_review(decide("giay_uy_quyen", claimed=typed, ids=[]), "is not a valid CCCD number")


# --- multi-party papers ------------------------------------------------------------------


def test_a_marriage_certificate_of_two_other_people_waits_without_holding_her_file():
    application, marriage = _links(_drafts((APPLICATION, "don_de_nghi"), (MARRIAGE_OTHERS, "giay_chung_nhan_ket_hon")),
                                   LAN)
    assert (application.status, application.citizen_id) == ("linked", LAN)
    assert_review(marriage, f"The dossier's citizen ({LAN}) is not among the parties named on it")
    assert marriage.basis == "page"
    assert "không có tên trong số các bên" in marriage.reason_code.text("vi")


def test_a_marriage_certificate_naming_her_by_name_and_birth_date_only_is_hers_too():
    # His ID printed, hers not (read wrongly, or an old paper): her card on file names her.
    marriage = MARRIAGE_OTHERS.replace("ĐỖ THỊ MAI", "PHẠM THỊ LAN").replace("05/06/1992", "11/09/1995") \
        .replace(f"Căn cước công dân số {STRANGER}", "Giấy CMND số 168123456")
    (decision,) = _links(_drafts((marriage, "giay_chung_nhan_ket_hon")), LAN, [LAN_CARD])
    assert (decision.status, decision.citizen_id, decision.basis) == ("linked", LAN, "page"), decision.reason
    assert decision.reason_code.code == "link.claim_party_named"
    assert "là một trong các bên" in decision.reason_code.text("vi")
    # Without her card on file nothing says she is a party: his ID only, so it waits.
    (alone,) = _links(_drafts((marriage, "giay_chung_nhan_ket_hon")), LAN)
    assert_review(alone, "not among the parties")


def test_a_spouses_card_on_file_does_not_make_her_marriage_certificate_his():
    marriage = MARRIAGE_OTHERS.replace("ĐỖ THỊ MAI", "PHẠM THỊ LAN").replace("05/06/1992", "11/09/1995") \
        .replace(STRANGER, LAN)
    tam = CardOnFile(citizen_id=TAM, full_name="LÊ VĂN TÂM", birth_date=date(1990, 3, 2))
    (decision,) = _links(_drafts((marriage, "giay_chung_nhan_ket_hon")), LAN, [tam])
    assert (decision.status, decision.citizen_id) == ("linked", LAN), decision.reason


def test_a_childs_birth_certificate_in_the_parents_file_waits_without_holding_the_file():
    child, mother = "001216004567", "001190012345"
    birth = (f"TRÍCH LỤC KHAI SINH\nHọ, chữ đệm, tên: NGUYỄN MINH KHANG\nSố định danh cá nhân: {child}\n"
             f"Họ, chữ đệm, tên người mẹ: TRẦN THỊ HOA\nSố định danh cá nhân: {mother}\n")
    certificate, letter = _links(_drafts((birth, "giay_khai_sinh"), (NO_ID_LETTER, "giay_uy_quyen")), mother)
    assert_review(certificate, f"names {child}", f"The operator's ID {mother} is named on it as another party")
    assert certificate.basis == "page"
    assert (letter.status, letter.citizen_id) == ("linked", mother)


# --- rendered pages through OCR, the real ingest and the CLI ------------------------------


def _photocopy(image, seed):
    rng = np.random.default_rng(seed)
    pixels = degrade.skew(np.asarray(image.convert("L")), 0.5)
    return degrade.to_pil(degrade.gaussian_noise(degrade.blur(pixels, 0.7), rng, 5))


def _old_marriage_certificate(husband: Citizen, wife: Citizen, seed: int):
    """A 2009 marriage certificate: the spouses' old 9-digit CMND numbers, no 12-digit ID,
    so only their names and birth dates say who they are."""
    doc = new_builder(random.Random(seed))
    doc.letterhead(["ỦY BAN NHÂN DÂN", "XÃ AN BÌNH"], "Số: 27", None)
    doc.heading("GIẤY CHỨNG NHẬN KẾT HÔN")
    for label, person in (("chồng", husband), ("vợ", wife)):
        doc.field(f"Họ, chữ đệm, tên {label}", person.full_name)
        doc.field("Ngày, tháng, năm sinh", person.birth_date.strftime("%d/%m/%Y"))
        doc.add("Dân tộc: Kinh     Quốc tịch: Việt Nam")
        doc.field("Giấy tờ tùy thân", f"Giấy CMND số {person.cmnd}")
    doc.field("Ngày, tháng, năm đăng ký", "14/03/2009")
    spec = DocSpec(doc.layout(), doc.truth("giay_chung_nhan_ket_hon", wife.citizen_id), [], font=doc.fonts["body"].name)
    return render_spec(spec)[0].image


@pytest.fixture(scope="module")
def scans(tmp_path_factory):
    folder = tmp_path_factory.mktemp("operator-link")
    wife, other = [c for c in make_citizens(61, 12) if c.sex == "Nữ" and c.birth_date.year < 1992][:2]
    husband = next(c for c in make_citizens(62, 6) if c.sex == "Nam")
    wife = wife.model_copy(update={"cmnd": "168123456"})
    husband = husband.model_copy(update={"cmnd": "168654321"})
    rng = random.Random(4)
    page = lambda doc_type, who: render_document(doc_type, who, rng)[0][0].image  # noqa: E731
    return {
        "wife": wife, "husband": husband, "other": other,
        "wife_card": write_tiff([_photocopy(page("cccd", wife), 1)], folder / "CCCD_wife.tif"),
        "other_card": write_tiff([_photocopy(page("cccd", other), 2)], folder / "CCCD_other.tif"),
        # her application and diploma, and the 2009 marriage certificate naming her by name only
        "file": write_tiff([_photocopy(page("don_de_nghi", wife), 3), _photocopy(page("van_bang", wife), 4),
                            _photocopy(_old_marriage_certificate(husband, wife, 5), 5)], folder / "SCAN_0001.tif"),
    }


@pytest.fixture(scope="module")
def catalogue_of_both(scans, tmp_path_factory):
    """A data folder whose catalogue holds both women's cards (linked by their QR codes)."""
    data = DataDir(tmp_path_factory.mktemp("data") / "d")
    for card in (scans["wife_card"], scans["other_card"]):
        (doc,) = next(ingest_paths([card], data, IngestOptions(jobs=2))).documents
        assert (doc.doc_type, doc.link_status) == ("cccd", "linked"), doc.link_reason
    add_officer(data.catalogue, OFFICER, "officer", None, Actor.cli(None))
    return data


def _ingest_cli(path, data: DataDir, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cli", "ingest", str(path), "--data-dir", str(data.root), "--jobs",
                           "2", "--json", *args], capture_output=True, text=True,
                          env={**os.environ, "HOSO_OFFICER": OFFICER, "OMP_THREAD_LIMIT": "1"})


def _search(data: DataDir, citizen_id: str) -> dict:
    done = subprocess.run([sys.executable, "-m", "cli", "search", "--citizen-id", citizen_id, "--json"],
                          capture_output=True, text=True,
                          env={**os.environ, "HOSO_DATA_DIR": str(data.root), "HOSO_OFFICER": OFFICER})
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_her_file_with_her_id_links_everything_also_the_marriage_naming_her_by_name(scans, catalogue_of_both,
                                                                                    tmp_path):
    wife = scans["wife"]
    data = DataDir(tmp_path / "d")
    shutil.copytree(catalogue_of_both.root, data.root)  # her card on file
    done = _ingest_cli(scans["file"], data, "--citizen-id", wife.citizen_id)
    assert done.returncode == 0, done.stderr
    documents = json.loads(done.stdout)["documents"]
    assert [d["doc_type"] for d in documents] == ["don_de_nghi", "van_bang", "giay_chung_nhan_ket_hon"]
    assert [(d["link_status"], d["citizen_id"]) for d in documents] == [("linked", wife.citizen_id)] * 3, \
        [d["link_reason"] for d in documents]
    # no 12-digit ID on it: her card on file, named on it, is what links it
    assert documents[2]["link_reason_code"]["code"] in ("link.claim_agrees", "link.claim_party_named")
    assert "card on file" in documents[2]["link_reason"]


def test_another_citizens_valid_id_for_her_whole_file_links_nothing_to_them(scans, catalogue_of_both):
    other = scans["other"]
    outcome = next(ingest_paths([scans["file"]], catalogue_of_both, IngestOptions(jobs=2, citizen_id=other.citizen_id)))
    application, diploma, marriage = outcome.documents
    assert all((d.link_status, d.citizen_id) == ("review", None) for d in outcome.documents), \
        [d.link_reason for d in outcome.documents]
    assert application.link_reason_code.code in ("link.id_differs", "link.own_differs")
    assert marriage.link_reason_code.code != "link.claim_party_named"
    assert [d["doc_type"] for d in _search(catalogue_of_both, other.citizen_id)["documents"]] == ["cccd"]  # hers

    # An officer corrects it in review: the decision wins, also over the same file ingested again.
    for doc in outcome.documents:
        relink(catalogue_of_both.root, doc.id, scans["wife"].citizen_id, OFFICER)
    again = _ingest_cli(scans["file"], catalogue_of_both, "--citizen-id", other.citizen_id)
    assert again.returncode == 0, again.stderr
    with Catalogue(catalogue_of_both.catalogue) as catalogue:
        for doc in outcome.documents:
            stored = catalogue.get_document(doc.id)
            assert (stored.link_status, stored.citizen_id) == ("linked", scans["wife"].citizen_id)
            assert stored.link_reason_code.code == "review.relinked"
    assert [d["doc_type"] for d in _search(catalogue_of_both, other.citizen_id)["documents"]] == ["cccd"]


def test_an_empty_or_malformed_id_is_refused_by_the_cli_with_one_message(scans, tmp_path):
    for typed in ("", "12345", "038195O12345"):
        done = _ingest_cli(scans["wife_card"], DataDir(tmp_path / "d"), "--citizen-id", typed)
        assert done.returncode == 2, (typed, done.stdout)
        assert "is not a valid citizen ID" in done.stderr and "Traceback" not in done.stderr
        assert not (tmp_path / "d" / "catalogue.db").exists()


def test_an_old_cmnd_number_waits_unless_her_card_names_the_holder_and_never_holds_the_file():
    cmnd = "CHỨNG MINH NHÂN DÂN\nSố 168123456\nHọ tên: PHẠM THỊ LAN\nSinh ngày: 11/09/1995\n"
    card, letter = _links(_drafts((cmnd, "cmnd"), (NO_ID_LETTER, "giay_uy_quyen")), LAN)
    assert_review(card, "(168123456) differs from the operator's ID")
    assert card.basis == "page"  # another numbering, not another person's ID
    assert (letter.status, letter.citizen_id) == ("linked", LAN)
    (named,) = _links(_drafts((cmnd, "cmnd")), LAN, [LAN_CARD])
    assert (named.status, named.citizen_id, named.reason_code.code) == ("linked", LAN, "link.claim_card_named")


def test_someone_elses_card_in_her_stack_waits_and_holds_what_rests_on_her_id_alone():
    card = f"CĂN CƯỚC CÔNG DÂN\nSố / No.: {STRANGER}\nHọ và tên: ĐỖ THỊ MAI\n"
    drafts = _drafts((APPLICATION, "don_de_nghi"), (card, "cccd"), (NO_ID_LETTER, "giay_uy_quyen"))
    drafts[1].pages[0].own = {"qr": [STRANGER]}
    application, stranger, letter = _links(drafts, LAN, [LAN_CARD])
    assert (application.status, application.citizen_id) == ("linked", LAN)  # her ID printed, her name
    assert_review(stranger, f"The card's QR code names {STRANGER}, but the operator's ID is {LAN}")
    assert_review(letter, "page 2) contradicts the operator's ID")


# --- the operator's word alone, checked against what the page can still say ------------------


def test_a_legible_paper_that_never_names_the_citizen_of_the_card_on_file_waits():
    """Another citizen's ID typed for a land certificate of her father: no ID printed, but her
    card is on file and her name is nowhere on it."""
    text = "GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT\nNgười sử dụng đất: Ông PHẠM VĂN HÙNG\nThửa đất số 39"
    evidence = LinkEvidence(claimed=LAN, ids=[], ocr_confidence=85.0, claimed_cards=[LAN_CARD],
                            claimed_name_printed=name_printed(text, LAN_CARD))
    decision = decide_link_on("gcn_quyen_su_dung_dat", evidence, TAXONOMY, TODAY)
    assert decision.status == "review" and decision.citizen_id is None
    assert decision.reason_code.code == "link.claim_name_absent"
    assert "PHẠM THỊ LAN" in render(decision.reason_code, "vi") and decision.basis == "page"
    # her own certificate, her name misread by one letter: linked on the word as before
    own = text.replace("Ông PHẠM VĂN HÙNG", "Bà PHẠM THI LAN")
    evidence = evidence.model_copy(update={"claimed_name_printed": name_printed(own, LAN_CARD)})
    assert decide_link_on("gcn_quyen_su_dung_dat", evidence, TAXONOMY, TODAY).citizen_id == LAN
    # no card on file: nothing to hold the page against, the word alone links it
    alone = LinkEvidence(claimed=LAN, ids=[], ocr_confidence=85.0)
    assert decide_link_on("gcn_quyen_su_dung_dat", alone, TAXONOMY, TODAY).basis == "claim_only"


def test_a_name_is_printed_through_ocr_splits_and_misreads_but_not_a_relatives_name():
    assert name_printed("Họ tên: PHẠM THỊLAN, sinh năm 1995", LAN_CARD)  # two words joined
    assert name_printed("Ho va ten: PHAM THI LAN", LAN_CARD)  # diacritics lost
    assert not name_printed("Họ tên mẹ: PHẠM THỊ HOA", LAN_CARD)
    assert not name_printed("", LAN_CARD)


def test_an_id_card_whose_number_is_not_read_is_never_linked_on_the_word_alone():
    evidence = LinkEvidence(claimed=LAN, ids=[], ocr_confidence=80.0)
    decision = decide_link_on("cccd", evidence, TAXONOMY, TODAY)
    assert decision.status == "review" and decision.reason_code.code == "link.card_number_unread"
    assert decide_link_on("cccd", evidence.model_copy(update={"ids": [LAN]}), TAXONOMY, TODAY).citizen_id == LAN


def test_a_licence_number_of_twelve_digits_that_disagrees_with_the_holders_birth_date_is_not_her_id():
    """A driving licence before 2025 prints its own 12-digit number; without an operator's ID
    it must not be taken for the holder's ID when the birth date printed disagrees."""
    licence_number = "020324562526"  # reads as a girl born in 2024
    evidence = LinkEvidence(ids=[licence_number], birth_date=date(1977, 5, 2), ocr_confidence=85.0)
    decision = decide_link_on("giay_phep_lai_xe", evidence, TAXONOMY, TODAY)
    assert decision.status == "review" and decision.citizen_id is None
    assert decision.reason_code.code == "link.printed_birth_contradicts"
    agrees = LinkEvidence(ids=[LAN], birth_date=date(1995, 9, 11), ocr_confidence=85.0)
    assert decide_link_on("giay_phep_lai_xe", agrees, TAXONOMY, TODAY).citizen_id == LAN


# A 2016 card without a chip: no QR code, its number labelled only "Số".
CARD_2016 = f"""CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
CĂN CƯỚC CÔNG DÂN
Số: {LAN}
Họ và tên: PHẠM THỊ LAN
Ngày sinh: 11/09/1995
Có giá trị đến: 11/09/2035"""


def test_a_card_face_states_its_holders_number_when_the_birth_year_agrees():
    assert card_holder_id(CARD_2016, find_citizen_ids(CARD_2016)) == LAN
    other_year = CARD_2016.replace("11/09/1995", "11/09/1996").replace("11/09/2035", "11/09/2036")
    assert card_holder_id(other_year, find_citizen_ids(other_year)) is None  # a misread or another number
    two = CARD_2016 + f"\nSố định danh của cha: {TAM}"
    assert card_holder_id(two, find_citizen_ids(two)) is None


def test_her_card_read_with_her_id_given_becomes_a_card_on_file_that_checks_the_next_papers():
    """The card states the ID the operator typed: its fields keep the page as their source, so
    the card is on file for the file's other papers, whose names are then checked."""
    drafts = _drafts((CARD_2016, "cccd"), (NO_ID_LETTER, "giay_uy_quyen"))
    found = link_file(drafts, IngestOptions(citizen_id=LAN), TAXONOMY, [])
    card_decision, _, card_fields = found[0]
    assert card_decision.citizen_id == LAN
    assert {f.name: f.source for f in card_fields}["citizen_id"] == "text"
    father = "GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT\nNgười sử dụng đất: Ông PHẠM VĂN HÙNG\nThửa đất số 39"
    decisions = _links(_drafts((CARD_2016, "cccd"), (father, "gcn_quyen_su_dung_dat")), LAN)
    assert decisions[0].citizen_id == LAN
    assert_review(decisions[1])
    assert decisions[1].reason_code.code == "link.claim_name_absent"


def test_a_page_that_gave_no_text_at_all_is_not_linked_on_the_word_alone():
    empty = _draft("", "khac")
    empty.pages[0].outcome.ocr_confidence = None
    decision = _links([empty], LAN)[0]
    assert_review(decision)
    assert decision.reason_code.code == "link.claim_unreadable"
