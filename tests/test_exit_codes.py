"""The README's exit codes, through the real `hoso` command on real data folders:
0 ok, 1 an error stopped the command, 2 a wrong option, 3 a file quarantined or unreadable.
Also the one rule for codes, and stored text printed one line per line."""

from __future__ import annotations

import http.server
import json
import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

import cli
from access.models import Actor
from access.officers import add_officer
from access.store import AccessStore
from index.backend import open_backend
from pipeline.datadir import DataDir
from samples.pdf_writer import write_image_pdf
from samples.render import Line, PageLayout, render_page
from tests.catalogue_history import doc, ingest, vn

A = "001203004567"  # Hà Nội, female born 2003
ROOT = Path(__file__).resolve().parent.parent


def run(*args, env=None, stdin=None):
    """The command as an officer runs it; a traceback fails the test (catch_exceptions=False)."""
    return CliRunner().invoke(cli.main, list(args), env=env or {}, input=stdin, catch_exceptions=False)


def hoso(*args, env=None, cwd=None, timeout=300):
    """`hoso` in its own process (sys.executable -m cli), to see its real exit code and stderr."""
    outer = {k: v for k, v in os.environ.items() if not k.startswith("HOSO_")}
    full_env = {**outer, "OMP_THREAD_LIMIT": "1", **(env or {})}
    return subprocess.run([sys.executable, "-m", "cli", *args], env=full_env, capture_output=True, text=True,
                          timeout=timeout, cwd=cwd or ROOT)


def _pdf(path: Path, title: str, pages: int = 1) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    images = [render_page(PageLayout([Line(title, 15, "serif-bold", "center"),
                                      Line(f"Kính gửi: Ủy ban nhân dân xã Tứ Kỳ, trang {n}", 13)]), dpi=200).image
              for n in range(1, pages + 1)]
    write_image_pdf(path, images, dpi=200)
    return path


@pytest.fixture
def data(tmp_path):
    folder = DataDir(tmp_path / "data")
    ingest(folder.catalogue,
           doc("a_cccd", "cccd", A, vn(1, 5), text="CĂN CƯỚC CÔNG DÂN\nCó giá trị đến: 15/08/2035"),
           doc("waiting", "giay_khai_sinh", None, vn(1, 8), text="GIẤY KHAI SINH chờ xét duyệt"))
    for name, role in (("Lan", "officer"), ("Hùng", "supervisor")):
        add_officer(folder.catalogue, name, role, None, Actor.cli(None))
    return folder


def d(folder: DataDir) -> list[str]:
    return ["--data-dir", str(folder.root)]


# --- defect 24: exit codes against the README ---------------------------------------------------

def test_wrong_options_exit_2(data, tmp_path):
    hung, lan = {"HOSO_OFFICER": "Hùng"}, {"HOSO_OFFICER": "Lan"}
    period = run("stats", "--period", "2026-13", *d(data), env=hung)
    assert period.exit_code == 2 and "--period" in period.output, period.output
    cover = run("cover-sheet", "--citizen-id", "00120300456", "--dossier", "HS-1", str(tmp_path / "c.pdf"))
    assert cover.exit_code == 2 and "is not a valid citizen ID" in cover.output and "12 digits" in cover.output
    assert not (tmp_path / "c.pdf").exists()
    relink = run("review", "relink", "waiting", "--citizen-id", "999203004567", *d(data), env=lan)
    assert relink.exit_code == 2 and "is not a valid citizen ID" in relink.output, relink.output
    with sqlite3.connect(data.catalogue) as raw:  # nothing changed
        assert raw.execute("SELECT link_status FROM documents WHERE id = 'waiting'").fetchone()[0] == "review"
    scan = _pdf(tmp_path / "in" / "don.pdf", "ĐƠN ĐỀ NGHỊ")
    profile = run("ingest", str(scan), "--profile", "khong-co", *d(data))
    assert profile.exit_code == 2 and "no scanner profile named 'khong-co'" in profile.output, profile.output
    with sqlite3.connect(data.catalogue) as raw:
        assert raw.execute("SELECT count(*) FROM files WHERE name = 'don.pdf'").fetchone()[0] == 0


def test_officers_set_refuses_active_with_inactive(data):
    both = run("officers", "set", "Lan", "--active", "--inactive", *d(data))
    assert both.exit_code == 2 and "not both" in both.output
    with AccessStore(data.catalogue) as store:
        assert store.officer("Lan").active
    assert run("officers", "set", "Lan", "--inactive", *d(data)).output.strip() == "officer Lan: officer, INACTIVE"
    assert run("officers", "set", "Lan", "--active", *d(data)).output.strip() == "officer Lan: officer, active"


def test_a_missing_path_is_a_wrong_option_and_nothing_is_said_about_quarantine(tmp_path):
    result = hoso("ingest", str(tmp_path / "khong-co.pdf"), "--data-dir", str(tmp_path / "data"))
    assert result.returncode == 2, result.stderr
    assert "no such file or folder" in result.stderr and "khong-co.pdf" in result.stderr
    assert "quarantin" not in (result.stdout + result.stderr).lower()
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "data" / "quarantine").exists() or not any((tmp_path / "data" / "quarantine").iterdir())


def test_an_empty_folder_is_said_and_exits_1_but_an_empty_inbox_is_normal(tmp_path):
    (tmp_path / "empty" / "sub").mkdir(parents=True)
    (tmp_path / "empty" / "sub" / "notes.txt").write_text("sidecar, not a scan")
    result = hoso("ingest", str(tmp_path / "empty"), "--data-dir", str(tmp_path / "data"))
    assert result.returncode == 1, result.stderr
    assert f"no files to ingest in {tmp_path / 'empty'}" in result.stderr and "Traceback" not in result.stderr
    (tmp_path / "inbox").mkdir()
    watched = hoso("watch", str(tmp_path / "inbox"), "--once", "--interval", "0.2", "--data-dir",
                   str(tmp_path / "data"))
    assert watched.returncode == 0, watched.stderr
    assert watched.stdout.splitlines()[-1].startswith("batch: 0 file(s)")


def test_index_status_exits_1_when_it_reports_a_problem(data):
    assert run("reindex", *d(data)).exit_code == 0
    healthy = run("index", "status", *d(data))
    assert healthy.exit_code == 0 and "problem" not in healthy.output, healthy.output
    index = open_backend("sqlite", data.root)  # the index loses a document the catalogue holds
    index.delete(["a_cccd"])
    index.close()
    problem = run("index", "status", *d(data))
    assert problem.exit_code == 1 and "problem      the index misses documents" in problem.output, problem.output
    assert run("index", "status", "--json", *d(data)).exit_code == 1


# --- defect 22: Elasticsearch without an address, and a server that answers wrongly ----------------

def test_elasticsearch_without_its_url_is_refused(data):
    env = {"HOSO_INDEX": "elasticsearch", "HOSO_ES_URL": "", "HOSO_OFFICER": "Lan"}
    for args in (("search", "--citizen-id", A), ("index", "status"), ("reindex",)):
        result = run(*args, *d(data), env=env)
        assert result.exit_code == 2, (args, result.output)
        assert "HOSO_INDEX=elasticsearch needs HOSO_ES_URL" in result.output
        assert "localhost:9200" not in result.output


class _WrongServer(http.server.BaseHTTPRequestHandler):
    """A real HTTP server on loopback answering like a server that is not (a working) Elasticsearch."""

    answer = (406, "application/json", json.dumps({"error": "Content-Type header is not supported", "status": 406}))

    def _reply(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        if length:
            self.rfile.read(length)
        status, kind, body = self.answer
        raw = body.encode()
        self.send_response(status)
        self.send_header("content-type", kind)
        self.send_header("content-length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    do_GET = do_POST = do_PUT = do_HEAD = do_DELETE = _reply

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def wrong_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _WrongServer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("answer, message", [
    ((406, "application/json", json.dumps({"error": "Content-Type header is not supported", "status": 406})),
     "answered HTTP 406: Content-Type header is not supported"),
    ((200, "text/plain", "hello, this is a web server"), "is not Elasticsearch (check HOSO_ES_URL)"),
    ((503, "text/html", "<html>maintenance</html>"), "is unavailable"),
])
def test_every_elasticsearch_answer_becomes_one_message(data, wrong_server, monkeypatch, answer, message):
    monkeypatch.setattr(_WrongServer, "answer", answer)
    url = f"http://127.0.0.1:{wrong_server.server_port}"
    env = {"HOSO_INDEX": "elasticsearch", "HOSO_ES_URL": url, "HOSO_ES_TIMEOUT": "5", "HOSO_OFFICER": "Lan"}
    for args in (("search", "--citizen-id", A), ("reindex",)):
        result = run(*args, *d(data), env=env)
        assert result.exit_code == 1, (args, result.output)
        [line] = [x for x in result.output.splitlines() if x.startswith("Error:")]
        assert message in line and url in line, line
    status = run("index", "status", *d(data), env=env)
    assert status.exit_code == 1 and message in status.output and "unreachable" in status.output, status.output


# --- defect 19: one rule for codes, and stored text printed one line per line ---------------------

@pytest.mark.parametrize("code, problem", [
    ("HS-1\r\n#9 2026-01-01 forged", "line breaks"), ("HS/2026/1", "'/'"), ("HS 1", "spaces"),
    ("HS-1';--", "\"'\""), ("H" * 65, "at most 64 characters"),
])
def test_a_code_breaking_the_rule_is_refused_everywhere_it_enters(data, tmp_path, code, problem):
    lan = {"HOSO_OFFICER": "Lan"}
    scan = tmp_path / "missing-on-purpose.pdf"  # the code is checked before any file is looked at
    attempts = [
        ("ingest", str(scan), "--dossier", code, *d(data)),
        ("ingest", str(scan), "--procedure", code, *d(data)),
        ("cover-sheet", "--citizen-id", A, "--dossier", code, str(tmp_path / "c.pdf")),
        ("cover-sheet", "--citizen-id", A, "--dossier", "HS-1", "--procedure", code, str(tmp_path / "c.pdf")),
        ("dossier", "open", "--dossier", code, "--citizen-id", A, "--procedure", "dang_ky_ket_hon", *d(data)),
        ("dossier", "reuse", "--dossier", code, "--document", "a_cccd", *d(data)),
        ("dossier", "show", code, *d(data)),
        ("search", "--dossier", code, *d(data)),
    ]
    for args in attempts:
        result = run(*args, env=lan)
        assert result.exit_code == 2, (args, result.output)
        assert "is not valid: a code" in result.output and problem in result.output, (args, result.output)
    assert not (tmp_path / "c.pdf").exists()
    with AccessStore(data.catalogue) as store:
        assert not [e for e in store.recent() if e.action.startswith("dossier")]
    # Valid codes, Vietnamese letters too, still go through.
    opened = run("dossier", "open", "--dossier", "HS-2026.Đ_1", "--citizen-id", A, "--procedure", "dang_ky_ket_hon",
                 *d(data), env=lan)
    assert opened.exit_code == 0, opened.output


def test_stored_control_characters_cannot_forge_a_line(data):
    forged = "HS-1\n#999 2026-01-01 00:00:00 Hùng (supervisor) show via cli:root\r\x1b[2J"
    with AccessStore(data.catalogue) as store:  # written before codes were checked, as an old catalogue holds it
        store.append(officer="Lan", role="officer", action="reuse", outcome="ok", channel="cli:old",
                     citizen_id=A, detail=forged)
    with sqlite3.connect(data.catalogue) as raw:
        raw.execute("UPDATE files SET source_path = ? WHERE sha256 = (SELECT source_sha256 FROM documents"
                    " WHERE id = 'a_cccd')", ("the\nsource: forged.pdf",))  # a file name may hold a line break
    audited = run("audit", "--citizen-id", A, *d(data), env={"HOSO_OFFICER": "Hùng"})
    assert audited.exit_code == 0, audited.output
    lines = audited.output.splitlines()
    assert not [x for x in lines if x.startswith("#999")]
    assert "HS-1\\n#999 2026-01-01" in audited.output and "\\r\\x1b[2J" in audited.output
    assert "\x1b" not in audited.output and "\r" not in audited.output
    shown = run("show", "a_cccd", *d(data), env={"HOSO_OFFICER": "Lan"}).output
    assert "the\\nsource: forged.pdf" in shown and not [x for x in shown.splitlines() if x.startswith("source: forged")]
    found = run("search", "--citizen-id", A, *d(data), env={"HOSO_OFFICER": "Lan"}).output
    assert "the\\nsource: forged.pdf" in found
    assert "Có giá trị đến: 15/08/2035" in shown.splitlines()  # page text keeps its own lines


# --- defect 25: small things ----------------------------------------------------------------------

def test_samples_counts_the_citizens_asked_for(tmp_path):
    result = run("samples", str(tmp_path / "samples"))
    assert result.exit_code == 0, result.output
    head, *listed = result.output.splitlines()
    assert " for 4 citizens " in head and "relatives are named on their papers" in head, head
    assert len(listed) == 4


def test_a_duplicate_file_reports_its_pages(tmp_path):
    scan = _pdf(tmp_path / "in" / "to khai.pdf", "TỜ KHAI ĐĂNG KÝ KHAI SINH", pages=2)
    folder = ["--data-dir", str(tmp_path / "data"), "--jobs", "1", "--json"]
    first = json.loads(hoso("ingest", str(scan), *folder).stdout)["files"][0]
    again = json.loads(hoso("ingest", str(scan), *folder).stdout)["files"][0]
    assert (first["status"], first["pages"]) == ("ingested", 2)
    assert (again["status"], again["pages"], again["documents"]) == ("duplicate", 2, first["documents"])
