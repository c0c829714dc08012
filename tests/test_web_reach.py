"""Need-to-know across centres in the web application: the real `hoso serve --centre B` on
loopback, driven by Debian's Chromium (tests/web_harness.py). Minh works at B: A's paper is
refused with a Vietnamese page until Minh searches its citizen by ID; B's supervisor picks one
centre or the whole province on the statistics page."""

from __future__ import annotations

from datetime import datetime

import pytest
from click.testing import CliRunner

import cli
from access.models import Actor
from access.officers import add_officer
from pipeline.datadir import DataDir
from tests.catalogue_history import VN, doc
from tests.web_harness import screenshot, serve, sign_in

A, B = "00004", "26734"
AN = "001203004567"
PASSWORD = "mat-khau-rat-dai-1"


def run(data: DataDir, *args, officer=None):
    env = {"HOSO_OFFICER": officer} if officer else {}
    result = CliRunner().invoke(cli.main, [*args, "--data-dir", str(data.root)], env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    from tests.test_access_reach import commit

    data = DataDir(tmp_path_factory.mktemp("web-reach") / "data")
    run(data, "centres", "add", A, "--name", "Phường Ba Đình")
    run(data, "centres", "add", B, "--name", "Xã Tân Phú")
    for name, role, centre in (("Lan", "officer", A), ("Minh", "officer", B), ("Hùng", "supervisor", B)):
        add_officer(data.catalogue, name, role, PASSWORD, Actor.cli(None), centre=centre)
    now = datetime.now(VN)
    card = doc("a_ks", "cccd", AN, now, text="CĂN CƯỚC CÔNG DÂN Họ và tên: Nguyễn Văn An\nCó giá trị đến: 15/08/2035")
    commit(data.catalogue, card.model_copy(update={"centre": A}))
    # a dossier at each centre this month: B's reuses A's paper (opened by B's supervisor: an
    # opening for AN by Minh would put AN in front of Minh, and the first test is about before)
    for officer, dossier in (("Lan", "HS-A1"), ("Hùng", "HS-B1")):
        run(data, "dossier", "open", "--dossier", dossier, "--citizen-id", AN, "--procedure", "dang_ky_ket_hon",
            officer=officer)
    run(data, "dossier", "reuse", "--dossier", "HS-B1", "--document", "a_ks", officer="Hùng")
    with serve(data.root, extra_args=["--centre", B], no_traceback=True) as (base, _log):
        yield data, base


def _tab(browser, base, name):
    tab = browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN").new_page()
    sign_in(tab, base, name, PASSWORD)
    return tab


def test_another_centres_paper_is_refused_in_vietnamese_until_its_citizen_is_searched(served, browser):
    data, base = served
    tab = _tab(browser, base, "Minh")
    answer = tab.goto(base + "/tai-lieu/a_ks")
    assert answer.status == 403
    body = tab.inner_text("main")
    assert "do trung tâm khác (00004) tiếp nhận" in body and "số định danh hoặc mã QR" in body
    assert "Nguyễn Văn An" not in body and "another centre" not in body  # nothing shown, nothing in English
    screenshot(tab, "reach-refused")
    tab.goto(base + "/")
    tab.fill("#tim", "Nguyễn Văn An")  # words: B's papers only, and B has none
    tab.click("#tra-cuu")
    assert "a_ks" not in tab.content()
    tab.fill("#tim", AN)  # the citizen in front of Minh, by ID
    tab.click("#tra-cuu")
    assert tab.locator("a[href='/tai-lieu/a_ks']").count() >= 1
    assert tab.locator("#ket-qua span.centre").all_inner_texts() == [A]  # each with the centre that received it
    assert tab.goto(base + "/tai-lieu/a_ks").status == 200
    assert "Nguyễn Văn An" in tab.inner_text("main")


def test_the_statistics_page_picks_a_centre_or_the_province(served, browser):
    _, base = served
    tab = _tab(browser, base, "Hùng")
    tab.goto(base + "/thong-ke")
    assert tab.inner_text("#pham-vi") == f"Trung tâm {B}"  # the supervisor's own centre by default
    assert tab.locator("#theo-trung-tam").count() == 0
    tab.select_option("#trung-tam", "*")
    tab.click("form.inline button[type=submit]")
    assert tab.inner_text("#pham-vi") == "Toàn tỉnh"
    rows = tab.locator("#theo-trung-tam tr[data-centre]")
    assert [rows.nth(i).get_attribute("data-centre") for i in range(rows.count())] == [A, B]
    assert "1 của trung tâm khác" in tab.inner_text("#nguon-tai-su-dung")
    screenshot(tab, "stats-province")
    tab.select_option("#trung-tam", A)
    tab.click("form.inline button[type=submit]")
    assert tab.inner_text("#pham-vi") == f"Trung tâm {A}"
    assert tab.locator("#trung-tam").input_value() == A
    assert tab.goto(base + "/thong-ke?trung_tam=99999").status == 400
    assert "Không có trung tâm mã «99999»" in tab.inner_text("main")


def test_the_audit_page_names_both_centres_of_a_cross_centre_look_up(served, browser):
    _, base = served
    minh = _tab(browser, base, "Minh")
    minh.goto(base + "/")
    minh.fill("#tim", AN)
    minh.click("#tra-cuu")
    tab = _tab(browser, base, "Hùng")
    tab.goto(base + "/nhat-ky")
    tab.fill("input[name=citizen]", AN)
    tab.click("form.search button")
    searched = tab.locator("#nhat-ky tr", has_text="Minh").filter(has_text="tra cứu").first
    assert f"tại {B}" in searched.inner_text() and f"(giấy tờ của trung tâm {A})" in searched.inner_text()
