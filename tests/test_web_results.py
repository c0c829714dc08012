"""The web "Trả kết quả" (issue 18), end to end in Chromium against the real `hoso serve`.

An officer signs in, opens a dossier for a marital-status confirmation, and at the return scans
the confirmation the centre issued (rendered from real Vietnamese text, degraded like a scan,
uploaded through the page's file field, read by real Tesseract). The same citizen's next dossier,
a marriage registration that asks for that confirmation, offers it among the valid papers with
"kết quả của hồ sơ CODE", and the officer reuses it with one click: the reuse is recorded. A
return asked for without a file is refused in Vietnamese unless the officer says there is no
scan; such a return is recorded as not digitised and the form is gone once a dossier is returned.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from access.models import Actor
from access.officers import add_officer
from catalogue.store import Catalogue
from dossier.events import load_events
from index.models import centre_timezone
from pipeline.datadir import DataDir
from samples.people import make_citizens
from tests.result_scans import write_result
from tests.test_web_pages import english_in
from tests.web_harness import screenshot, serve, sign_in

OFFICER, PASSWORD = "Nguyễn Thị Trả", "mat-khau-tra-ket-qua-1"


@pytest.fixture(scope="module")
def counter(tmp_path_factory):
    folder = tmp_path_factory.mktemp("web-results")
    data = folder / "data"
    DataDir(data).ensure()
    Catalogue(DataDir(data).catalogue).close()
    add_officer(DataDir(data).catalogue, OFFICER, "officer", PASSWORD, Actor.cli(None))
    owner = make_citizens(184, 1)[0]
    issued = datetime.now(centre_timezone()).date() - timedelta(days=2)
    result = write_result(owner, issued, folder / "quet" / "KET_QUA.tif", seed=7, number=77)
    with serve(data, env={"OMP_THREAD_LIMIT": "1", "HOSO_TIMEZONE": None}, no_traceback=True) as (base, _):
        yield dict(base=base, data=data, owner=owner, result=result)


@pytest.fixture
def page(browser, counter):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN")
    page = context.new_page()
    sign_in(page, counter["base"], OFFICER, PASSWORD)
    assert page.url == counter["base"] + "/"
    yield page
    context.close()


def _open(page, base: str, code: str, citizen_id: str, procedure: str) -> None:
    page.goto(f"{base}/ho-so")
    page.fill("input[name=citizen]", citizen_id)
    page.fill("input[name=dossier]", code)
    page.select_option("select[name=procedure]", procedure)
    page.click("form.stack button[type=submit]")
    assert page.url == f"{base}/ho-so/{code}", page.inner_text("main")


def _events(counter, code: str):
    return [e for e in load_events(DataDir(counter["data"]).catalogue) if e.dossier == code]


def test_a_result_scanned_at_return_is_reused_by_the_citizens_next_dossier(counter, page):
    base, owner = counter["base"], counter["owner"]
    _open(page, base, "HS-W-KQ", owner.citizen_id, "cap_xac_nhan_tinh_trang_hon_nhan")
    page.set_input_files("#tep-ket-qua", str(counter["result"]))
    page.click("#nut-tra-ket-qua")
    page.wait_for_url(f"{base}/ho-so/HS-W-KQ", timeout=120_000)
    note = page.inner_text("p.note")
    assert "Đã trả kết quả hồ sơ HS-W-KQ lúc" in note and "1 giấy tờ kết quả đã được số hóa" in note, note
    assert "Đã trả kết quả lúc" in page.inner_text("#da-tra-ket-qua")
    assert page.locator("#tra-ket-qua").count() == 0  # returned once: no form any more
    [doc_id] = [a.get_attribute("data-doc") for a in page.locator("#ket-qua-ho-so ul.results a").all()]
    assert "Giấy xác nhận tình trạng hôn nhân" in page.inner_text("#ket-qua-ho-so")
    assert not english_in(page.inner_text("main")), english_in(page.inner_text("main"))
    screenshot(page, "tra-ket-qua")
    returned = _events(counter, "HS-W-KQ")
    assert [(e.kind, e.digitised, e.officer) for e in returned[1:]] == [
        ("result_document", True, OFFICER), ("result_returned", True, OFFICER)]
    assert returned[1].document_id == doc_id

    _open(page, base, "HS-W-KH", owner.citizen_id, "dang_ky_ket_hon")
    offered = page.locator(f"ul.candidates-valid li:has(button.reuse[data-doc='{doc_id}'])")
    assert offered.count() == 1
    assert "kết quả của hồ sơ HS-W-KQ" in offered.inner_text()
    assert not english_in(page.inner_text("main")), english_in(page.inner_text("main"))
    screenshot(page, "ket-qua-duoc-de-xuat")
    page.click(f"button.reuse[data-doc='{doc_id}']")
    assert f"Đã tái sử dụng {doc_id}" in page.inner_text("p.note")
    reused = [e for e in _events(counter, "HS-W-KH") if e.kind == "component_reused"]
    assert [(e.document_id, e.officer, e.citizen_id) for e in reused] == [(doc_id, OFFICER, owner.citizen_id)]
    assert page.locator(f"li.component div.reused a[href$='{doc_id}']").count() == 1

    page.goto(base + "/")
    page.fill("#tim", owner.citizen_id)
    page.click("#tra-cuu")
    assert page.inner_text(f"span.result-of[data-doc='{doc_id}']") == "kết quả của hồ sơ HS-W-KQ"


def test_a_return_needs_a_scan_or_the_officers_word_that_there_is_none(counter, page):
    base, owner = counter["base"], counter["owner"]
    _open(page, base, "HS-W-KQ-2", owner.citizen_id, "cap_xac_nhan_tinh_trang_hon_nhan")
    page.click("#nut-tra-ket-qua")
    assert "Chưa trả kết quả: Chưa chọn tệp kết quả" in page.inner_text("p.note")
    assert [e.kind for e in _events(counter, "HS-W-KQ-2")] == ["dossier_opened"]

    page.check("#khong-quet")
    page.click("#nut-tra-ket-qua")
    assert "không quét kết quả (chưa số hóa)" in page.inner_text("p.note")
    assert "không quét kết quả (chưa số hóa)" in page.inner_text("#da-tra-ket-qua")
    assert [(e.kind, e.digitised) for e in _events(counter, "HS-W-KQ-2")][1:] == [("result_returned", False)]


def test_a_file_that_is_no_scan_is_refused_in_vietnamese_and_nothing_is_returned(counter, page, tmp_path):
    base, owner = counter["base"], counter["owner"]
    _open(page, base, "HS-W-KQ-3", owner.citizen_id, "cap_xac_nhan_tinh_trang_hon_nhan")
    broken = tmp_path / "ket-qua.pdf"
    broken.write_bytes(b"%PDF-1.7\nnot really a pdf\n")
    page.set_input_files("#tep-ket-qua", str(broken))
    page.click("#nut-tra-ket-qua")
    page.wait_for_url(f"{base}/ho-so/HS-W-KQ-3", timeout=60_000)
    note = page.inner_text("p.note")
    assert "Chưa trả kết quả: không đọc được tệp «ket-qua.pdf»" in note, note
    assert [e.kind for e in _events(counter, "HS-W-KQ-3")] == ["dossier_opened"]
    assert page.locator("#tra-ket-qua").count() == 1  # still to be returned
