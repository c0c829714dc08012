"""What officers read, worded in Vietnamese from what the lower layers really say.

Each case takes its English from the real function that produces it (validity rules,
period parsing, citizen-ID checks, the dossier store on a real catalogue), so a message
re-worded below the web edge without its Vietnamese wording fails here rather than
showing English to an officer.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from click.testing import CliRunner

from classify.reasons import TEMPLATES, Reason, encode, render
from classify.titles import display_title
from dossier.events import DossierError, open_dossier, record_reuse
from dossier.periods import PeriodError, parse_period
from dossier.validity import KnownDates, assess
from catalogue.store import Catalogue
from index.models import DocumentRecord, PageRecord
from pipeline.citizen_input import parse_citizen_input
from pipeline.present import document_detail
from web.wording import GENERIC, NO_REASON_CODE, audit_detail, english_words, error_vi, link_reason, vi

CITIZEN = "031071488218"


def _record(**changes) -> DocumentRecord:
    fields = dict(id="abc-001", doc_type="cccd", type_confidence=0.9, title="CAN CƯỢC CONG DAN", citizen_id=CITIZEN,
                  link_status="linked", link_reason="The card's QR code names 031071488218.", source_file="a.jpg",
                  source_sha256="0" * 64, pages=[PageRecord(number=1, text="", ocr_confidence=80.0, is_blank=False)],
                  received_at=datetime(2026, 3, 2, 3, 0, tzinfo=timezone.utc))
    return DocumentRecord(**{**fields, **changes})


# --- defect 11: the name shown -----------------------------------------------------------

def test_a_title_read_with_errors_shows_the_types_proper_name_and_keeps_the_read_title():
    assert display_title("CAN CƯỢC CONG DAN", "cccd") == ("Căn cước công dân / Căn cước", "CAN CƯỢC CONG DAN")


def test_an_exact_title_is_shown_as_printed_whatever_its_case_and_spacing():
    assert display_title("CĂN CƯỚC  CÔNG DÂN", "cccd") == ("CĂN CƯỚC CÔNG DÂN", None)
    assert display_title("Giấy xác nhận tình trạng hôn nhân", "xac_nhan_tinh_trang_hon_nhan")[1] is None


def test_no_title_or_an_unknown_type_shows_a_type_name():
    assert display_title(None, "cccd") == ("Căn cước công dân / Căn cước", None)
    assert display_title("CĂN CƯỚC CÔNG DÂN", "no_such_type")[0] == "Khác"


def test_the_command_line_shows_the_same_name_with_the_read_title():
    lines = document_detail(_record())
    assert "title: Căn cước công dân / Căn cước (title read: CAN CƯỢC CONG DAN)" in lines[1]


# --- defect 10: reasons and messages -----------------------------------------------------

def test_a_link_reason_with_a_code_is_worded_from_its_vietnamese_template(monkeypatch):
    monkeypatch.setitem(TEMPLATES, "web.test_printed", ("The ID {id} is printed on the document.",
                                                       "Số định danh {id} in trên giấy tờ."))
    reason = Reason(code="web.test_printed", params={"id": CITIZEN})
    assert link_reason(reason, "The ID … is printed") == f"Số định danh {CITIZEN} in trên giấy tờ."
    assert link_reason(encode(reason)) == f"Số định danh {CITIZEN} in trên giấy tờ."  # as stored


def test_a_record_without_a_code_gets_a_vietnamese_sentence_never_its_english():
    english = "The card's QR code and the name and birth date of a card on file names 031071488218"
    assert link_reason(None, english) == NO_REASON_CODE
    assert link_reason(english, english) == NO_REASON_CODE  # an English text stored where a code belongs
    assert not english_words(NO_REASON_CODE)
    assert link_reason(None, None) == ""


@pytest.mark.parametrize("rule, months, dates, on", [
    ("until_expiry", None, KnownDates(expiry_date=date(2030, 6, 3), source="index"), date(2026, 12, 1)),
    ("until_expiry", None, KnownDates(no_expiry=True, source="text"), date(2026, 12, 1)),
    ("until_expiry", None, KnownDates(), date(2026, 12, 1)),
    ("months_from_issue", 6, KnownDates(issue_date=date(2026, 2, 13), source="officer"), date(2026, 12, 1)),
    ("months_from_issue", 6, KnownDates(), date(2026, 12, 1)),
    ("months_from_issue", 6, KnownDates(), date(2026, 3, 1)),
    ("none", None, KnownDates(), date(2026, 12, 1)),
])
def test_every_validity_basis_is_worded_in_vietnamese(rule, months, dates, on):
    validity = assess(rule, months, dates, date(2026, 2, 20), on)
    worded = vi(validity.basis)  # the English basis inside lower layers' messages
    assert worded != GENERIC and not english_words(worded), (validity.basis, worded)
    assert render(validity.why, "vi") == worded  # the record's own words, as the document page shows them


def test_the_issues_validity_basis_reads_as_a_vietnamese_date():
    assert vi("expiry date 2030-06-03 (index)") == "có giá trị đến 03/06/2030 (đọc từ giấy tờ)"
    basis = assess("months_from_issue", None, KnownDates(), date(2026, 2, 20), date(2027, 1, 1),
                   legal_end=date(2024, 12, 31)).basis
    assert vi(basis) == "hết hiệu lực theo quy định sau ngày 31/12/2024"


@pytest.mark.parametrize("typed", ["|||||", "07919009012", "0791900901a2", "999190090122", "079990090122"])
def test_citizen_id_problems_are_worded_in_vietnamese(typed):
    refusal = parse_citizen_input(typed).refusal  # the structure check's own reasons, not re-worded English
    assert refusal is not None
    worded = render(refusal, "vi")
    assert worded.startswith("Số định danh không hợp lệ: ") and not english_words(worded), worded


@pytest.mark.parametrize("period", ["2026-13", "2026-W60", "2026-03-15..2026-03-01", "tuần trước", "2026-02-30"])
def test_period_errors_are_worded_in_vietnamese(period):
    with pytest.raises(PeriodError) as caught:
        parse_period(period)
    worded = error_vi(caught.value)
    assert worded != GENERIC and not english_words(worded), (str(caught.value), worded)


def test_dossier_errors_and_notes_from_a_real_catalogue_are_worded_in_vietnamese(tmp_path):
    catalogue = tmp_path / "catalogue.sqlite"
    with Catalogue(catalogue) as c:  # what the pipeline does with an ingested card
        c.claim_file("0" * 64, name="a.jpg", source_path="a.jpg", size=1, kind="jpeg", stored_path=None,
                     page_count=1, context={})
        c.commit_file("0" * 64, [_record()], [])
    open_dossier(catalogue, "HS-1", CITIZEN, "cap_xac_nhan_tinh_trang_hon_nhan", "Lan")
    again = open_dossier(catalogue, "HS-1", CITIZEN, "cap_xac_nhan_tinh_trang_hon_nhan", "Lan")
    assert again.warnings and all(not english_words(vi(w)) and vi(w) != GENERIC for w in again.warnings)
    record_reuse(catalogue, "HS-1", "abc-001", "Lan", confirm_validity=True)  # the card has no dates on file
    open_dossier(catalogue, "HS-4", CITIZEN, "cap_xac_nhan_tinh_trang_hon_nhan", "Lan")
    messages = []
    for attempt in (lambda: record_reuse(catalogue, "HS-1", "abc-001", "Lan", confirm_validity=True),
                    lambda: record_reuse(catalogue, "HS-2", "abc-001", "Lan"),
                    lambda: open_dossier(catalogue, "HS-3", CITIZEN, "khai_sinh", "Lan"),
                    lambda: record_reuse(catalogue, "HS-4", "abc-001", "Lan", "no_such_component"),
                    lambda: record_reuse(catalogue, "HS-4", "abc-001", "Lan", "to_khai")):
        with pytest.raises(DossierError) as caught:
            attempt()
        messages.append((str(caught.value), error_vi(caught.value)))
    for english, worded in messages:
        assert worded != GENERIC and not english_words(worded), (english, worded)


def test_unknown_english_never_reaches_an_officer_and_vietnamese_halves_are_kept():
    assert vi("something went wrong with the index") == GENERIC
    assert vi("Nội dung bị cắt ở mép trên / content cut off at the top edge") == "Nội dung bị cắt ở mép trên"
    assert vi("Đã tái sử dụng abc-001.") == "Đã tái sử dụng abc-001."


def test_a_404_message_names_no_path():
    assert vi("no document '\x00' in /srv/hoso/d") == "Không tìm thấy giấy tờ này."
    assert "/srv" not in vi("the page images of abc-001 are missing from /srv/hoso/d; re-ingest its source file")


def test_audit_details_are_data_or_vietnamese():
    assert audit_detail('{"citizen_id": "031071488218"}') == "số định danh: 031071488218"
    assert audit_detail("wrong name or password") == "sai tên hoặc mật khẩu"
    assert audit_detail("HS-1\r\nforged line") == "HS-1\\x0d\\x0aforged line"
    assert not english_words(audit_detail("officer 'Lan' is operator; audit is for: supervisor"))


def test_a_moment_in_a_note_is_the_centres_day(monkeypatch):
    monkeypatch.setenv("HOSO_TIMEZONE", "Asia/Ho_Chi_Minh")
    assert vi("already registered on 2026-12-03T18:30:00+00:00") == "hồ sơ đã được mở trước đó, ngày 04/12/2026"
