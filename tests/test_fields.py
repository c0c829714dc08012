"""Fields and dates read from rendered, scan-degraded, OCR'd pages (real Tesseract, real CLI).

The pages are the issue's own situations: a marital-status confirmation whose "Số:" line
Tesseract joins to the motto beside it and whose issue date is only in its place-and-date
line, a death extract quoting the declarant's CCCD and its issuer, a CMND issued in 2000
(valid 15 years, it prints no end), and a CCCD whose QR code carries every field.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from classify.cccd_qr import parse_card_qr
from classify.fields import fields_from_text
from ocr.engine import ocr_page
from ocr.models import OcrOptions
from samples import degrade
from samples.batch import render_document, write_image
from samples.cards import qr_payload
from samples.content import build_document, new_builder
from samples.people import make_citizens
from samples.render import paginate, render_page

HOSO = [sys.executable, "-m", "cli"]
OFFICER = "Kiểm thử"
HOLDER = ("HOÀNG ĐÌNH ĐẠT", "08/12/1981", "030081442182")
CCCD_ISSUER = "Cục Cảnh sát quản lý hành chính về trật tự xã hội"


def _scanned(image) -> np.ndarray:
    """A page as an office scanner gives it: slightly soft, noisy, JPEG-compressed."""
    rng = np.random.default_rng(3)
    return degrade.jpeg_artifacts(degrade.gaussian_noise(degrade.blur(np.asarray(image), 0.8), rng, 5), 60)


def _page(build) -> np.ndarray:
    doc = new_builder(random.Random(5))
    build(doc)
    return _scanned(render_page(paginate(doc.layout())[0]).image)


def _marital_confirmation(doc) -> None:
    # One-line agency: the "Số:" row stands beside the motto's second line, as in the issue.
    doc.letterhead(["ỦY BAN NHÂN DÂN XÃ TỨ KỲ"], "Số: 267/XNTTHN", "Tứ Kỳ, ngày 13 tháng 2 năm 2026")
    doc.heading("GIẤY XÁC NHẬN", "TÌNH TRẠNG HÔN NHÂN")
    doc.add("ỦY BAN NHÂN DÂN XÃ TỨ KỲ", "bold", before=8)
    doc.add("Xét đề nghị của ông: Hoàng Đình Đạt, về việc xác nhận tình trạng hôn nhân cho:")
    doc.field("Họ, chữ đệm, tên", HOLDER[0])
    doc.field("Ngày, tháng, năm sinh", HOLDER[1])
    doc.add("Giới tính: Nam     Dân tộc: Kinh     Quốc tịch: Việt Nam")
    doc.add(f"Giấy tờ tùy thân: Căn cước công dân số {HOLDER[2]}, cấp ngày 10/05/2021, nơi cấp: {CCCD_ISSUER}")
    doc.field("Nơi cư trú", "Thôn Đông, xã Tứ Kỳ, tỉnh Hải Dương")
    doc.add("Trong thời gian cư trú tại xã Tứ Kỳ, tỉnh Hải Dương từ ngày 08/12/1999 đến ngày 13/02/2026")
    doc.field("Tình trạng hôn nhân", "Hiện tại chưa đăng ký kết hôn với ai.")
    doc.field("Giấy này được cấp để", "làm thủ tục đăng ký kết hôn")
    doc.add("Giấy này có giá trị 6 tháng kể từ ngày cấp.", "italic")
    doc.signature("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", name="Nguyễn Văn Thắng")


def _death_extract(doc) -> None:
    doc.letterhead(["ỦY BAN NHÂN DÂN", "XÃ TỨ KỲ"], "Số: 23/TLKT-BS", "Tứ Kỳ, ngày 05 tháng 4 năm 2026")
    doc.heading("TRÍCH LỤC KHAI TỬ")
    doc.field("Họ, chữ đệm, tên", HOLDER[0])
    doc.field("Ngày, tháng, năm sinh", HOLDER[1])
    doc.add("Giới tính: Nam     Dân tộc: Kinh     Quốc tịch: Việt Nam")
    doc.field("Số định danh cá nhân", HOLDER[2])
    doc.field("Đã chết vào lúc", "03 giờ 57 phút, ngày 26/03/2026")
    doc.field("Họ, chữ đệm, tên người đi khai tử", "HOÀNG THỊ LAN")
    doc.add(f"Giấy tờ tùy thân: Căn cước công dân số 030185001234, cấp ngày 16/10/2021, nơi cấp: {CCCD_ISSUER}")
    doc.field("Quan hệ với người đã chết", "Con")
    doc.field("Nơi đăng ký khai tử", "Ủy ban nhân dân xã Tứ Kỳ, tỉnh Hải Dương")
    doc.field("Ngày, tháng, năm đăng ký", "30/03/2026")
    doc.signature("NGƯỜI KÝ TRÍCH LỤC", "(Ký, ghi rõ họ, chữ đệm, tên, chức vụ và đóng dấu)", name="Lê Quang Hưng")


def _cmnd_of_2000():
    """A CMND issued in 2000 (valid to 2015) and the truth of it."""
    for seed in range(200):
        citizen = next(c for c in make_citizens(seed, 6) if c.cmnd and c.birth_date.year <= 1984)
        spec = build_document("cmnd", citizen, random.Random(seed))
        if spec.truth.issue_date.year == 2000:
            pages, truth = render_document("cmnd", citizen, random.Random(seed))
            return _scanned(pages[0].image), truth
    raise AssertionError("no CMND issued in 2000 among the seeds")


def _cccd_with_old_number():
    citizen = next(c for c in make_citizens(11, 12) if c.cmnd)
    pages, truth = render_document("cccd", citizen, random.Random(2))
    return _scanned(pages[0].image), truth, citizen


@pytest.fixture(scope="module")
def pages():
    cmnd, cmnd_truth = _cmnd_of_2000()
    cccd, cccd_truth, cccd_holder = _cccd_with_old_number()
    return {"marital": (_page(_marital_confirmation), None), "death": (_page(_death_extract), None),
            "cmnd": (cmnd, cmnd_truth), "cccd": (cccd, (cccd_truth, cccd_holder))}


@pytest.fixture(scope="module")
def read(pages):
    """Each page OCR'd once: (text, words, confidence)."""
    out = {}
    for name, (image, _) in pages.items():
        page = ocr_page(image, OcrOptions(), dpi=300)
        out[name] = (page.text, page.words, page.confidence)
    return out


def _fields(read, name: str, with_words: bool = True) -> dict[str, str]:
    text, words, confidence = read[name]
    return {f.name: f.value for f in fields_from_text(text, None, confidence, words if with_words else None)}


@pytest.mark.parametrize("with_words", [True, False], ids=["word-boxes", "text-only"])
def test_marital_confirmation_number_authority_and_dates(read, with_words):
    fields = _fields(read, "marital", with_words)
    assert fields["document_number"] == "267/XNTTHN"
    assert fields["issuing_authority"] == "ỦY BAN NHÂN DÂN XÃ TỨ KỲ"
    assert fields["issue_date"] == "2026-02-13"  # not the CCCD's 10/05/2021 quoted in the body
    assert fields["expiry_date"] == "2026-08-13"  # "có giá trị 6 tháng kể từ ngày cấp"


@pytest.mark.parametrize("with_words", [True, False], ids=["word-boxes", "text-only"])
def test_death_extract_number_authority_and_issue_date(read, with_words):
    fields = _fields(read, "death", with_words)
    assert fields["document_number"] == "23/TLKT-BS"
    assert fields["issuing_authority"] == "ỦY BAN NHÂN DÂN XÃ TỨ KỲ"
    assert fields["issue_date"] == "2026-04-05"
    assert "expiry_date" not in fields


def test_the_number_line_no_longer_runs_into_the_next_column_in_the_text_stream(read):
    """The situation of defect 6 (Tesseract joins the letterhead's columns) is undone by
    ocr.layout, which reads the agency's column, then the motto's (issue 16)."""
    text, words, _ = read["marital"]
    number_line = next(line for line in text.splitlines() if "267" in line)
    assert "267/XNTTHN" in number_line and "Hạnh phúc" not in number_line and "Độc lập" not in number_line


def test_cmnd_issue_date_from_its_back(read, pages):
    truth = pages["cmnd"][1]
    assert _fields(read, "cmnd")["issue_date"] == truth.issue_date.isoformat()


def test_letterhead_and_number_from_column_segments():
    from classify.fields import document_number, letterhead_body
    from classify.word_lines import Segment

    page = [Segment("ỦY BAN NHÂN DÂN", 380, 175, 840, 220), Segment("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 1220, 175, 2260, 230),
            Segment("XÃ TỨ KỲ", 500, 235, 720, 280), Segment("Độc lập - Tự do - Hạnh phúc", 1380, 235, 2100, 285),
            Segment("Số: 23 /TLKT-BS", 440, 300, 780, 345), Segment("Tứ Kỳ, ngày 05 tháng 4 năm 2026", 1400, 300, 2080, 345),
            Segment("TRÍCH LỤC KHAI TỬ", 900, 500, 1500, 560),
            Segment("Nơi cấp: Cục Cảnh sát quản lý hành chính về trật tự xã hội", 240, 1400, 2100, 1445)]
    assert (document_number(page), letterhead_body(page)) == ("23/TLKT-BS", "ỦY BAN NHÂN DÂN XÃ TỨ KỲ")
    card = [Segment("CĂN CƯỚC", 1000, 200, 1800, 260),
            Segment("Số định danh cá nhân / Personal identification number:", 300, 400, 1100, 440),
            Segment("030081442182", 300, 450, 700, 490), Segment("IDVNM0810442182030081442182<<8", 300, 1500, 1800, 1540)]
    assert letterhead_body(card) is None  # a card's label in mixed case is no letterhead


# --- through the real CLI -------------------------------------------------------------------

def _hoso(*args: str, data: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "HOSO_DATA_DIR": str(data), "OMP_THREAD_LIMIT": "1", "HOSO_OFFICER": OFFICER}
    done = subprocess.run([*HOSO, *args], env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, f"exit {done.returncode}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


@pytest.fixture(scope="module")
def shown(pages, tmp_path_factory):
    """`hoso ingest` of the four scans, then `hoso show --json` of each document."""
    from access.models import Actor
    from access.officers import add_officer

    folder = tmp_path_factory.mktemp("scans")
    data = tmp_path_factory.mktemp("data")
    for name, (image, _) in pages.items():
        write_image(degrade.to_pil(image), folder / f"{name}.jpg")
    add_officer(data / "catalogue.sqlite", OFFICER, "supervisor", None, Actor.cli(None))  # ingest checks --officer
    out = json.loads(_hoso("ingest", str(folder), "--json", data=data).stdout)
    docs = {}
    for file in out["files"]:
        [doc_id] = file["documents"]
        docs[Path(file["path"]).stem] = json.loads(_hoso("show", doc_id, "--json", data=data).stdout)
    return docs


def _by_name(document: dict) -> dict[str, dict]:
    return {f["name"]: f for f in document["fields"]}


def test_marital_confirmation_gets_its_issue_and_expiry_dates(shown):
    document = shown["marital"]
    assert document["doc_type"] == "xac_nhan_tinh_trang_hon_nhan"
    assert (document["issue_date"], document["expiry_date"]) == ("2026-02-13", "2026-08-13")
    fields = _by_name(document)
    assert fields["document_number"]["value"] == "267/XNTTHN"
    assert fields["issuing_authority"]["value"] == "ỦY BAN NHÂN DÂN XÃ TỨ KỲ"


def test_death_extract_fields_from_the_letterhead(shown):
    document = shown["death"]
    assert document["issue_date"] == "2026-04-05"
    fields = _by_name(document)
    assert fields["document_number"]["value"] == "23/TLKT-BS"
    assert fields["issuing_authority"]["value"] == "ỦY BAN NHÂN DÂN XÃ TỨ KỲ"


def test_cmnd_valid_2000_to_2015_gets_its_expiry_by_the_15_year_rule(shown, pages):
    truth = pages["cmnd"][1]
    document = shown["cmnd"]
    assert document["doc_type"] == "cmnd"
    assert document["issue_date"] == truth.issue_date.isoformat()
    assert document["expiry_date"] == truth.expiry_date.isoformat()
    assert truth.expiry_date.year == 2015
    assert _by_name(document)["expiry_date"]["source"] == "rule"


def test_cccd_every_qr_part_is_stored_with_source_qr_and_sets_the_issue_date(shown, pages):
    truth, holder = pages["cccd"][1]
    card = parse_card_qr(qr_payload(holder))
    document = shown["cccd"]
    assert document["issue_date"] == holder.issue_date.isoformat()  # was null: "Ngày cấp —"
    assert document["expiry_date"] == (holder.expiry_date.isoformat() if holder.expiry_date else None)
    fields = _by_name(document)
    assert card.cmnd == holder.cmnd and card.address == holder.address  # the payload has every part
    expected = {"citizen_id": card.citizen_id, "document_number": card.citizen_id, "cmnd_number": card.cmnd,
                "full_name": card.full_name, "birth_date": holder.birth_date.isoformat(), "sex": holder.sex,
                "address": card.address, "issue_date": holder.issue_date.isoformat()}
    assert {k: (fields[k]["value"], fields[k]["source"]) for k in expected} == {
        k: (v, "qr") for k, v in expected.items()}
    if holder.expiry_date:
        assert (fields["expiry_date"]["value"], fields["expiry_date"]["source"]) == (
            holder.expiry_date.isoformat(), "mrz")
