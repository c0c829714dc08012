"""The web half of the code rule, of the audit's ID check and of the search index's errors,
against the real `hoso serve` on loopback driven by Debian's Chromium (the harness of
tests/web_harness.py, on a small catalogue: no OCR is needed for these pages)."""

from __future__ import annotations

import http.server
import json
import threading

import pytest

from access.models import Actor
from access.officers import add_officer
from access.store import AccessStore
from pipeline.datadir import DataDir
from tests.catalogue_history import doc, ingest, vn
from tests.web_harness import serve, sign_in

OFFICER, PASSWORD = "Trần Văn Hùng", "mat-khau-giam-sat"
A = "001203004567"


def _folder(tmp_path_factory, name: str) -> DataDir:
    data = DataDir(tmp_path_factory.mktemp(name) / "data")
    ingest(data.catalogue, doc("a_cccd", "cccd", A, vn(1, 5), text="CĂN CƯỚC CÔNG DÂN"))
    add_officer(data.catalogue, OFFICER, "supervisor", PASSWORD, Actor.cli(None))
    return data


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    data = _folder(tmp_path_factory, "web-codes")
    with serve(data.root, no_traceback=True) as (base, log_path):
        yield data, base, log_path


def _signed_in(browser, base: str):
    tab = browser.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN").new_page()
    sign_in(tab, base, OFFICER, PASSWORD)
    return tab


@pytest.fixture(scope="module")
def page(served, browser):
    _, base, _ = served
    return _signed_in(browser, base)


@pytest.mark.parametrize("code", ["HS/2026/1", "HS 2026 1", "HS-1';--"])
def test_the_dossier_form_refuses_a_code_off_the_rule_in_vietnamese(served, page, code):
    data, base, _ = served
    page.goto(base + "/ho-so")
    page.fill("input[name=citizen]", A)
    page.fill("input[name=dossier]", code)
    with page.expect_response(lambda r: r.url.endswith("/ho-so/mo")) as answer:
        page.click("form.stack button[type=submit]")
    assert answer.value.status == 400
    problem = page.inner_text("p.problem")
    assert problem.startswith("Mã hồ sơ không hợp lệ: chỉ gồm chữ cái, chữ số") and "64" in problem
    with AccessStore(data.catalogue) as store:
        assert not [e for e in store.recent() if e.action == "dossier_open"]


def test_a_valid_code_still_opens_its_dossier(served, page):
    _, base, _ = served
    page.goto(base + "/ho-so")
    page.fill("input[name=citizen]", A)
    page.fill("input[name=dossier]", "HS-2026.Đ_7")
    page.click("form.stack button[type=submit]")
    page.wait_for_load_state()
    assert "HS-2026.%C4%90_7" in page.url or "HS-2026.Đ_7" in page.url


def test_the_audit_page_refuses_an_invalid_id_instead_of_saying_nobody_looked(served, page):
    _, base, _ = served
    page.goto(base + "/nhat-ky")
    page.fill("input[name=citizen]", A[:-1])  # 11 digits
    with page.expect_response(lambda r: r.url.endswith("/nhat-ky") and r.request.method == "POST") as answer:
        page.click("form.search button[type=submit]")
    assert answer.value.status == 400
    assert page.inner_text("p.problem") == "Số định danh không hợp lệ: số định danh gồm 12 chữ số, số đã nhập có 11 chữ số."
    assert "Chưa ai xem giấy tờ" not in page.content()


class _NotElasticsearch(http.server.BaseHTTPRequestHandler):
    """A real server on loopback that answers 406, as a proxy or another service would."""

    def _reply(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        if length:
            self.rfile.read(length)
        body = json.dumps({"error": "Content-Type header is not supported", "status": 406}).encode()
        self.send_response(406)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_HEAD = do_DELETE = _reply

    def log_message(self, *args) -> None:
        pass


def test_a_search_index_answering_wrongly_is_one_vietnamese_message(tmp_path_factory, browser):
    wrong = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _NotElasticsearch)
    threading.Thread(target=wrong.serve_forever, daemon=True).start()
    data = _folder(tmp_path_factory, "web-es")
    env = {"HOSO_INDEX": "elasticsearch", "HOSO_ES_URL": f"http://127.0.0.1:{wrong.server_port}",
           "HOSO_ES_TIMEOUT": "5"}
    try:
        with serve(data.root, env=env, no_traceback=True) as (base, log_path):
            tab = _signed_in(browser, base)
            tab.fill("#tim", A)
            with tab.expect_response(lambda r: r.url.endswith("/tim-kiem")) as answer:
                tab.click("#tra-cuu")
            assert answer.value.status == 503
            text = tab.inner_text("main")
            assert "Máy chủ tìm kiếm không trả lời đúng" in text and "406" not in text
            assert "search index: Elasticsearch at" in log_path.read_text(encoding="utf-8")
    finally:
        wrong.shutdown()
        wrong.server_close()


def test_the_dossier_lookup_refuses_a_code_with_a_slash(served, page):
    _, base, _ = served
    page.goto(base + "/ho-so")
    page.fill("form.inline input[name=ma]", "HS/../nhat-ky")
    with page.expect_response(lambda r: "/ho-so/xem" in r.url) as answer:
        page.click("form.inline button[type=submit]")
    assert answer.value.status == 400
    assert page.inner_text("p.problem").startswith("Mã hồ sơ không hợp lệ")
