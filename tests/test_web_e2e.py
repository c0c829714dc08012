"""`hoso serve` driven by a real headless Chromium (Debian's package, through Playwright).

The data folder is built from real sample scans (a citizen's ID card photographed on a
flatbed and a grey multi-page TIFF), OCRed by Tesseract; the server is the real `hoso serve`
on loopback. Screenshots of the main pages go to `test-screenshots/` (HOSO_SCREENSHOTS).
"""

from __future__ import annotations

import http.cookiejar
import io
import re
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime
from pathlib import Path

import pytest

from catalogue.documents import all_ids
from openpyxl import load_workbook

from access.audit import about_citizen
from access.models import Actor
from access.officers import add_officer
from index.models import centre_timezone
from pipeline.datadir import DataDir
from pipeline.ingest_run import ingest_paths
from pipeline.models import IngestOptions
from samples.cards import qr_payload
from tests.web_harness import card_and_papers, assert_no_traceback, images_loaded, screenshot, serve, submit_sign_in
from web.sessions import SessionStore

OFFICER, PASSWORD = "Nguyễn Thị Lan", "mat-khau-quay-1"
PROCEDURE = "cap_xac_nhan_tinh_trang_hon_nhan"


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """A data folder with one citizen's card and papers, ingested for real; the citizen."""
    folder = tmp_path_factory.mktemp("web")
    _, card, citizen, papers = card_and_papers(folder / "samples")
    data = DataDir(folder / "data")
    outcomes = list(ingest_paths([folder / "samples" / card.name, folder / "samples" / papers.name], data,
                                 IngestOptions(jobs=2)))
    assert [o.status for o in outcomes] == ["ingested", "ingested"], [o.reason for o in outcomes]
    add_officer(data.catalogue, OFFICER, "supervisor", PASSWORD, Actor.cli(None))
    return data, citizen


@pytest.fixture(scope="module")
def server(world):
    data, _ = world
    with serve(data.root) as (base, _):
        yield base


def fits_the_counter_screen(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366, "horizontal scrolling at 1366x768"


def figure(page, field: str) -> str:
    return page.inner_text(f"#so-lieu tr[data-field={field}] td").strip()


def test_counter_officer_finds_reuses_and_the_statistics_change(world, server, browser):
    data, citizen = world
    context = browser.new_context(viewport={"width": 1366, "height": 768}, accept_downloads=True, locale="vi-VN")
    page = context.new_page()

    page.goto(server + "/")
    assert page.url.endswith("/dang-nhap")
    screenshot(page, "01-dang-nhap")
    submit_sign_in(page, OFFICER, "sai-mat-khau")
    assert "Sai tên đăng nhập hoặc mật khẩu" in page.content()
    submit_sign_in(page, OFFICER, PASSWORD)
    assert page.url == server + "/"

    month = datetime.now(centre_timezone()).strftime("%Y-%m")  # the month the server counts the reuse in
    page.goto(f"{server}/thong-ke?ky={month}")
    reused_before = int(figure(page, "components_reused"))

    # A USB QR reader types the card's whole payload into the focused field.
    page.goto(server + "/")
    page.fill("#tim", qr_payload(citizen))
    page.click("#tra-cuu")
    assert page.inner_text("#ho-ten") == citizen.name_proper
    results = page.inner_text("#ket-qua")
    assert "Căn cước công dân" in results and "Giấy xác nhận tình trạng hôn nhân" in results
    assert images_loaded(page, "#ket-qua img") == page.locator("#ket-qua img").count() >= 2
    fits_the_counter_screen(page)
    screenshot(page, "02-tra-cuu")

    card = page.locator("li.doc", has_text="Căn cước").first
    card_id = card.locator("a.doc-link").get_attribute("data-doc")
    card.locator("a.doc-link").click()
    assert page.inner_text("#cong-dan") == citizen.citizen_id
    assert citizen.citizen_id in page.inner_text("pre.ocr") or citizen.full_name in page.inner_text("pre.ocr")
    assert images_loaded(page, "img.page-image") == 1
    fits_the_counter_screen(page)
    screenshot(page, "03-tai-lieu")
    with page.expect_download() as download:
        page.click("#tai-pdf")
    assert Path(download.value.path()).read_bytes()[:5] == b"%PDF-"

    page.select_option("#thu-tuc", PROCEDURE)
    page.click("#mo-ho-so")
    assert "/ho-so/HS-" in page.url
    page.click(f"button.reuse[data-doc='{card_id}']")
    assert f"Đã tái sử dụng {card_id}" in page.inner_text("p.note")
    assert "đủ 1/1" in page.inner_text("li[data-component=giay_to_tuy_than]")
    fits_the_counter_screen(page)
    screenshot(page, "04-ho-so")

    page.goto(f"{server}/thong-ke?ky={month}")
    assert int(figure(page, "components_reused")) == reused_before + 1
    assert int(figure(page, "dossiers_with_reuse")) >= 1
    assert images_loaded(page, "img.chart") == 1
    fits_the_counter_screen(page)
    screenshot(page, "05-thong-ke")
    with page.expect_download() as download:
        page.click("#tai-xlsx")
    sheet = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))["Tổng hợp"]
    assert dict(list(sheet.iter_rows(values_only=True))[1:])["Thành phần tái sử dụng"] == reused_before + 1

    page.goto(server + "/xet-duyet")
    screenshot(page, "06-xet-duyet")

    page.click("#dang-xuat")
    assert page.url.endswith("/dang-nhap")
    page.goto(f"{server}/tai-lieu/{card_id}")
    assert page.url.endswith("/dang-nhap") and citizen.citizen_id not in page.content()
    context.close()

    seen = [(e.officer, e.action, e.channel) for e in about_citizen(data.catalogue, citizen.citizen_id)]
    for action in ("search", "show", "export", "dossier_open", "reuse"):
        assert (OFFICER, action, "web:127.0.0.1") in seen, (action, seen)


def _get(url: str, opener=None, data: dict | None = None):
    opener = opener or urllib.request.build_opener(NoRedirect)
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    try:
        response = opener.open(urllib.request.Request(url, data=body), timeout=30)
        return response.status, response.headers, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_without_a_session_no_citizen_data_is_served(world, server):
    data, citizen = world
    from catalogue.store import Catalogue

    with Catalogue(data.catalogue) as catalogue:
        with catalogue.read() as c:
            doc_ids = sorted(all_ids(c))
    secrets_of_the_citizen = [citizen.citizen_id.encode(), citizen.name_proper.encode(), citizen.full_name.encode()]
    paths = ["/", "/ho-so", "/thong-ke", "/thong-ke/bao-cao.xlsx", "/thong-ke/bieu-do.png", "/xet-duyet", "/nhat-ky"]
    for doc_id in doc_ids:
        paths += [f"/tai-lieu/{doc_id}", f"/tai-lieu/{doc_id}/trang/1.jpg", f"/tai-lieu/{doc_id}/anh-nho.jpg",
                  f"/tai-lieu/{doc_id}/pdf"]
    forged = urllib.request.build_opener(NoRedirect)
    forged.addheaders = [("Cookie", "hoso_phien=" + "A" * 43)]
    for opener in (None, forged):
        for path in paths:
            status, headers, body = _get(server + path, opener)
            assert status in (302, 401), (path, status)
            if status == 302:
                assert headers["Location"].startswith("/dang-nhap"), path
            assert not any(s in body for s in secrets_of_the_citizen), path
            assert not body.startswith((b"%PDF", b"\xff\xd8", b"\x89PNG", b"PK")), path
        for path, form in (("/tim-kiem", {"q": citizen.citizen_id}), ("/nhat-ky", {"citizen": citizen.citizen_id}),
                           ("/ho-so/mo", {"citizen": citizen.citizen_id, "dossier": "X", "procedure": PROCEDURE})):
            status, _, body = _get(server + path, opener, form)
            assert status == 401 and not any(s in body for s in secrets_of_the_citizen), path

    # Signed in, a form without the session's CSRF token is refused, and a document's images
    # are served only after the document was shown (audited) to this session.
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    _, _, page = _get(server + "/dang-nhap", opener)
    token = re.search(rb'name="csrf" value="([^"]+)"', page).group(1).decode()
    status, _, _ = _get(server + "/dang-nhap", opener, {"csrf": token, "name": OFFICER, "password": PASSWORD})
    assert status == 302
    assert _get(server + "/tim-kiem", opener, {"q": citizen.citizen_id})[0] == 400
    assert _get(f"{server}/tai-lieu/{doc_ids[0]}/trang/1.jpg", opener)[0] == 404
    assert _get(f"{server}/tai-lieu/{doc_ids[0]}", opener)[0] == 200
    status, headers, body = _get(f"{server}/tai-lieu/{doc_ids[0]}/anh-nho.jpg", opener)
    assert status == 200 and body[:2] == b"\xff\xd8" and headers["Cache-Control"] == "no-store"


def test_sessions_expire_when_idle_and_after_their_lifetime():
    now = [0.0]
    store = SessionStore(idle_seconds=900, lifetime_seconds=8 * 3600, clock=lambda: now[0])
    session = store.start("Lan", "officer")
    now[0] = 899
    assert store.get(session.token) == (session, False)
    now[0] = 899 + 901
    assert store.get(session.token) == (None, True)
    assert store.get(session.token) == (None, False)  # gone
    long = store.start("Lan", "officer")
    for step in range(1, 40):
        now[0] = 1800 + step * 800  # busy all day, never idle for 15 minutes
        alive, _ = store.get(long.token)
        if alive is None:
            break
    assert now[0] - 1800 > 8 * 3600 - 800 and alive is None


def test_no_traceback_in_the_server_log(world, server):
    """Last of the module: nothing the tests above did made the server fail."""
    data, _ = world
    assert_no_traceback(data.root / "serve.log")
