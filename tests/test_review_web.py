"""Defect 12 in the browser: an ID search on `hoso serve` shows the waiting papers that name
the ID in their own group "Chờ xét duyệt", and confirming one there is an audited review
decision. Real `hoso serve` on loopback, Debian's chromium through Playwright, the data
folder of tests/test_review_links.py (a cover-sheet stack ingested for real)."""

from __future__ import annotations


import pytest

from access.audit import about_citizen
from access.models import Actor
from access.officers import add_officer
from catalogue.store import Catalogue
from pipeline.review_store import read_decisions
from tests.test_review_links import stack  # noqa: F401  (the module's data folder)
from tests.web_harness import assert_no_traceback, images_loaded, screenshot, serve, submit_sign_in

WEB_OFFICER, PASSWORD = "Lê Thị Hoa", "mat-khau-xet-duyet-7"


@pytest.fixture(scope="module")
def server(stack):  # noqa: F811
    data = stack[0]
    add_officer(data.catalogue, WEB_OFFICER, "officer", PASSWORD, Actor.cli(None))
    with serve(data.root, log=data.root / "serve-review.log") as (base, log_path):
        yield base, log_path


def test_waiting_papers_are_a_group_of_the_id_search_and_confirmed_there(stack, server, browser):  # noqa: F811
    data, declarant, deceased, _, form_id, death_id = stack
    base, log_path = server
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN")
    page = context.new_page()
    page.goto(base + "/")  # signed out: the sign-in form
    submit_sign_in(page, WEB_OFFICER, PASSWORD)
    assert page.url == base + "/"

    page.fill("#tim", deceased.citizen_id)
    page.click("#tra-cuu")
    group = page.locator("#cho-xet-duyet")
    assert "Chờ xét duyệt" in group.inner_text()
    assert page.locator("#cho-xet-duyet li.doc").count() == 1
    assert page.locator(f"#cho-xet-duyet li[data-doc='{death_id}']").count() == 1
    assert page.locator(f"#ket-qua li a[data-doc='{death_id}']").count() == 0  # not among the linked papers
    assert images_loaded(page, "#cho-xet-duyet img") == 1  # shown in an audited view: its thumbnail is served
    screenshot(page, "review-01-cho-xet-duyet")

    page.click(f"#cho-xet-duyet li[data-doc='{death_id}'] form.confirm-link button")
    assert f"Đã xác nhận {death_id} thuộc về công dân {deceased.citizen_id}" in page.inner_text("p.note")
    assert page.locator("#cho-xet-duyet").count() == 0
    assert page.locator(f"#ket-qua a[data-doc='{death_id}']").count() == 1  # now the citizen's paper
    screenshot(page, "review-02-da-xac-nhan")

    # The declarant's search no longer offers it: it is linked to the deceased.
    page.fill("#tim", declarant.citizen_id)
    page.click("#tra-cuu")
    assert page.locator(f"[data-doc='{death_id}']").count() == 0

    # Linked now: correcting it from its page needs a reason (defect 20), refused without one.
    page.goto(f"{base}/tai-lieu/{death_id}")
    page.click("#sua-tai-lieu summary")
    page.fill("#sua-loai input[name=reason]", " ")
    page.click("#sua-loai button")
    assert "không chờ xét duyệt" in page.inner_text("p.note") and "phải ghi lý do" in page.inner_text("p.note")
    page.click("#sua-tai-lieu summary")
    page.select_option("#sua-loai select", "khac")
    page.fill("#sua-loai input[name=reason]", "không phải trích lục khai tử")
    page.click("#sua-loai button")
    assert page.url == f"{base}/tai-lieu/{death_id}" and "Khác, đã liên kết với" in page.inner_text("p.note")
    context.close()

    with Catalogue(data.catalogue) as catalogue:
        decision, correction = read_decisions(catalogue, death_id)
    assert (decision.action, decision.officer, decision.citizen_after, decision.kind) == (
        "confirm", WEB_OFFICER, deceased.citizen_id, "review")
    assert (correction.action, correction.kind, correction.note, correction.doc_type_after) == (
        "retype", "correction", "không phải trích lục khai tử", "khac")
    trail = [(e.officer, e.action, e.channel.split(":")[0]) for e in about_citizen(data.catalogue,
                                                                                  deceased.citizen_id)]
    assert (WEB_OFFICER, "search", "web") in trail and (WEB_OFFICER, "review_confirm", "web") in trail
    assert_no_traceback(log_path)
