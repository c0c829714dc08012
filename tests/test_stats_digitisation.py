"""Digitisation statistics (issue 18) from a known history, exactly, in every format.

The history (centre time, +07:00; the reporting week 2026-W12 is Fri 13/03 16:00 .. Fri 20/03
16:00). Every dossier is a `cap_xac_nhan_tinh_trang_hon_nhan`, whose required components are the
declaration (to_khai) and the ID card (giay_to_tuy_than); centres C1 and C2:

D4  C2 Minh  opened Fri 13/03 15:59:59 [W11], form + card scanned 15:59:59  -> digitised at intake
             result returned Tue 17/03 14:00 with a scan (Minh)                        [W12]
D1  C1 Lan   opened Mon 16/03 09:00, form scanned, A's card on file reused -> digitised at intake
             result returned Wed 18/03 10:00 with a scan                               [W12]
D2  C1 Lan   opened Mon 16/03 10:00, form scanned, card handed in on paper -> not digitised
             result returned Wed 18/03 11:00 without a scan                            [W12]
D3  C2 Minh  opened Tue 17/03 09:00, form scanned, no card: a component missing -> not digitised
             result returned Fri 20/03 16:00:00 without a scan: one second after W12   [W13]
D5  C2 Minh  opened Fri 20/03 15:59:59, form scanned 15:59:59                          [W12]
             card scanned 16:00:00: complete for March, not within W12
backlog results (archive of earlier results, no dossier):
  K1  C1 Lan  Fri 13/03 16:00:00 (W12's first second), no procedure
  K2  C1 Hà   Thu 19/03 10:00  cap_xac_nhan_tinh_trang_hon_nhan                        [W12]
  K3  C2 Hà   Fri 20/03 16:00:00                                                       [W13]
The result events follow the contract of issue 18 (one `result_returned` per dossier, one
`result_document` per scanned result); a second history is made today through the real
commands (`dossier open`, `ingest --dossier`, `dossier paper`, `dossier result` with and without a
scan, `ingest --backlog`) on pages rendered from Vietnamese text and read by Tesseract.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PIL import Image

from access.centres import add_centre
from access.models import Actor
from access.officers import add_officer
from dossier.export import DASH, LABELS_VI, chart_data, csv_rows, to_json
from dossier.periods import parse_period
from dossier.report import catalogue_report, load_backlog
from dossier.events import Store, load_events
from dossier.stats import HEADLINE_DEFINITION, build_report
from dossier.store import Event, append_event
from tests.catalogue_history import doc, ingest, vn
from tests.catalogues import new_database
from index.models import centre_timezone
from tests.web_harness import ROOT, serve, sign_in

PROCEDURE = "cap_xac_nhan_tinh_trang_hon_nhan"
A, B, C, D, E = "001203004567", "079305001234", "001089012345", "036094005678", "038190007777"
C1, C2 = "00001", "00002"
SUPERVISOR, PASSWORD = "Giám sát", "mat-khau-giam-sat"


def second(month, day, hour, minute, sec):
    return vn(month, day, hour, minute) + timedelta(seconds=sec)


def _doc(doc_id, doc_type, citizen, when, dossier=None, officer=None, centre=None, procedure=None):
    d = doc(doc_id, doc_type, citizen, when, dossier, officer, procedure=procedure)
    d.centre = centre
    return d


def _returned(store: Store, dossier: str, at: datetime, officer: str, scanned: list[tuple[str, str]]) -> None:
    """The result-return contract of issue 18: one result_returned per dossier, digitised when
    at least one result document was scanned, and one result_document per scanned document."""
    with store.transaction() as c:
        opened = store.opened(dossier)
        common = dict(dossier=dossier, procedure=opened.procedure, citizen_id=opened.citizen_id, officer=officer,
                      centre=opened.centre)
        for document_id, doc_type in scanned:
            append_event(c, Event(at=at, kind="result_document", document_id=document_id, doc_type=doc_type,
                                  digitised=True, **common))
        append_event(c, Event(at=at, kind="result_returned", digitised=bool(scanned), **common))


def build_history(location) -> None:
    for code, name in ((C1, "Phường Một"), (C2, "Xã Hai")):
        add_centre(location, code, name, Actor.cli(None))
    ingest(location, _doc("A_cccd", "cccd", A, vn(1, 5), centre=C1))
    with Store(location) as store:  # the card's validity is known: reusable
        store.record_dates("A_cccd", "Lan", expiry_date=datetime(2035, 8, 15).date(), at=vn(1, 5, 10))
        store.open("D4", D, PROCEDURE, "Minh", at=second(3, 13, 15, 59, 59), centre=C2)
    ingest(location, _doc("D4_tk", "to_khai", D, second(3, 13, 15, 59, 59), "D4", "Minh", C2),
           _doc("D4_cccd", "cccd", D, second(3, 13, 15, 59, 59), "D4", "Minh", C2))
    with Store(location) as store:
        store.open("D1", A, PROCEDURE, "Lan", at=vn(3, 16, 9), centre=C1)
        store.reuse("D1", "A_cccd", "Lan", at=vn(3, 16, 9, 5))
        store.open("D2", B, PROCEDURE, "Lan", at=vn(3, 16, 10), centre=C1)
        store.open("D3", C, PROCEDURE, "Minh", at=vn(3, 17, 9), centre=C2)
    ingest(location, _doc("D1_tk", "to_khai", A, vn(3, 16, 9, 10), "D1", "Lan", C1),
           _doc("D2_tk", "to_khai", B, vn(3, 16, 10, 10), "D2", "Lan", C1),
           _doc("D3_tk", "to_khai", C, vn(3, 17, 9, 10), "D3", "Minh", C2))
    with Store(location) as store:
        store.paper("D2", "cccd", "Lan", at=vn(3, 16, 10, 15))
        _returned(store, "D4", vn(3, 17, 14), "Minh", [("D4_kq", "xac_nhan_tinh_trang_hon_nhan")])
        _returned(store, "D1", vn(3, 18, 10), "Lan", [("D1_kq", "xac_nhan_tinh_trang_hon_nhan")])
        _returned(store, "D2", vn(3, 18, 11), "Lan", [])
        store.open("D5", E, PROCEDURE, "Minh", at=second(3, 20, 15, 59, 59), centre=C2)
    ingest(location, _doc("D5_tk", "to_khai", E, second(3, 20, 15, 59, 59), "D5", "Minh", C2))
    ingest(location, _doc("D5_cccd", "cccd", E, vn(3, 20, 16), "D5", "Minh", C2))
    with Store(location) as store:
        _returned(store, "D3", vn(3, 20, 16), "Minh", [])
    backlog = [_doc("K1", "xac_nhan_tinh_trang_hon_nhan", A, vn(3, 13, 16), officer="Lan", centre=C1),
               _doc("K2", "xac_nhan_tinh_trang_hon_nhan", B, vn(3, 19, 10), officer="Hà", centre=C1,
                    procedure=PROCEDURE),
               _doc("K3", "giay_khai_sinh", C, vn(3, 20, 16), officer="Hà", centre=C2)]
    for d in backlog:
        d.result_kind = "backlog"
    ingest(location, *backlog)


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("digitisation")
    build_history(root / "catalogue.sqlite")
    add_officer(root / "catalogue.sqlite", SUPERVISOR, "supervisor", PASSWORD, Actor.cli(None))
    return root


@pytest.fixture(scope="module")
def catalogue(data_dir):
    return data_dir / "catalogue.sqlite"


DIGITISATION = ("results_returned", "results_digitised", "result_digitisation_rate", "dossiers_digitised_at_intake",
                "intake_digitisation_rate", "backlog_results_digitised", "dossier_result_digitisation_rate")


def G(received, intake, returned, digitised, backlog, intake_rate, result_rate, headline):
    return {"dossiers_received": received, "dossiers_digitised_at_intake": intake, "results_returned": returned,
            "results_digitised": digitised, "backlog_results_digitised": backlog, "intake_digitisation_rate": intake_rate,
            "result_digitisation_rate": result_rate, "dossier_result_digitisation_rate": headline}


def _g(row) -> dict:
    row = row if isinstance(row, dict) else row.model_dump()
    return {k: row[k] for k in G(*[0] * 8)}


ZERO = G(0, 0, 0, 0, 0, None, None, None)
W11 = G(1, 1, 0, 0, 0, 1.0, None, 1.0)
W12 = G(4, 1, 3, 2, 2, 1 / 4, 2 / 3, 3 / 7)
W13 = G(0, 0, 1, 0, 1, None, 0.0, 0.0)
MARCH = G(5, 3, 4, 2, 3, 3 / 5, 2 / 4, 5 / 9)
W12_CENTRES = {C1: G(2, 1, 2, 1, 2, 1 / 2, 1 / 2, 2 / 4), C2: G(2, 0, 1, 1, 0, 0.0, 1.0, 1 / 3)}
W12_OFFICERS = {"Hà": G(0, 0, 0, 0, 1, None, None, None), "Lan": G(2, 1, 2, 1, 1, 1 / 2, 1 / 2, 2 / 4),
                "Minh": G(2, 0, 1, 1, 0, 0.0, 1.0, 1 / 3)}
W12_PROCEDURES = {PROCEDURE: G(4, 1, 3, 2, 1, 1 / 4, 2 / 3, 3 / 7), None: G(0, 0, 0, 0, 1, None, None, None)}
NO_DOSSIER = dict.fromkeys(("dossiers_received", "dossiers_digitised_at_intake", "results_returned",
                            "results_digitised", "intake_digitisation_rate", "result_digitisation_rate",
                            "dossier_result_digitisation_rate"))
W12_TYPES = {"cccd": {**NO_DOSSIER, "backlog_results_digitised": 0},
             "to_khai": {**NO_DOSSIER, "backlog_results_digitised": 0},
             "xac_nhan_tinh_trang_hon_nhan": {**NO_DOSSIER, "backlog_results_digitised": 2}}


@pytest.mark.parametrize("label, expected", [
    ("2026-W11", W11), ("2026-W12", W12), ("2026-W13", W13), ("2026-03", MARCH), ("2026-02", ZERO),
    ("2026-03-20..2026-03-20", G(1, 1, 1, 0, 1, 1.0, 0.0, 0.5)),
])
def test_totals_per_period(catalogue, label, expected):
    assert _g(catalogue_report(catalogue, label).totals) == expected


def test_period_edges_one_second_either_side(catalogue):
    w12, w11, w13 = (catalogue_report(catalogue, p).totals for p in ("2026-W12", "2026-W11", "2026-W13"))
    # D4, opened 15:59:59 on Friday 13/03, is W11's; its return on 17/03 is W12's
    assert (w11.dossiers_received, w11.results_returned, w12.results_returned) == (1, 0, 3)
    # D5 opened at W12's last second, its card one second after: in W12, not complete by W12's end
    assert w12.dossiers_received == 4 and w12.dossiers_digitised_at_intake == 1
    assert catalogue_report(catalogue, "2026-03").totals.dossiers_digitised_at_intake == 3
    # D3's return and K3 at Friday 20/03 16:00:00 are W13's; K1 at 13/03 16:00:00 is W12's
    assert (w13.results_returned, w13.backlog_results_digitised, w12.backlog_results_digitised) == (1, 1, 2)
    assert w11.backlog_results_digitised == 0


def test_breakdowns_per_centre_officer_procedure_and_type(catalogue):
    report = catalogue_report(catalogue, "2026-W12")
    assert {r.key: _g(r) for r in report.by_centre} == W12_CENTRES
    assert {r.key: _g(r) for r in report.by_officer} == W12_OFFICERS
    assert {r.key: _g(r) for r in report.by_procedure} == W12_PROCEDURES
    assert {r.key: _g(r) for r in report.by_document_type} == W12_TYPES
    assert {r.key: r.name for r in report.by_centre} == {C1: "Phường Một", C2: "Xã Hai"}


def test_one_centre_and_the_trend(catalogue):
    at_c1 = catalogue_report(catalogue, "2026-W12", trend=2, centre=C1)
    assert _g(at_c1.totals) == W12_CENTRES[C1] and [r.key for r in at_c1.by_centre] == [C1]
    assert {r.key for r in at_c1.by_officer} == {"Lan", "Hà"}  # Minh works at C2
    province = catalogue_report(catalogue, "2026-W12", trend=2)
    assert {t.period: _g(t) for t in province.trend} == {"2026-W10": ZERO, "2026-W11": W11, "2026-W12": W12}
    assert province.digitisation_headline.rate == 3 / 7 and province.digitisation_headline.target == 1.0


def test_a_dossier_is_returned_once_and_no_returns_give_null_rates():
    period = parse_period("2026-W12")
    opened = Event(at=vn(3, 16, 9), kind="dossier_opened", dossier="X", procedure=PROCEDURE, officer="Lan")
    returns = [Event(at=vn(3, 17, 9), kind="result_returned", dossier="X", digitised=False, officer="Lan"),
               Event(at=vn(3, 18, 9), kind="result_returned", dossier="X", digitised=True, officer="Lan")]
    totals = build_report([opened, *returns], period, required={PROCEDURE: {"to_khai": 1}}).totals
    assert (totals.results_returned, totals.results_digitised, totals.result_digitisation_rate) == (1, 0, 0.0)
    empty = build_report([], period).totals
    assert [getattr(empty, f) for f in DIGITISATION] == [0, 0, None, 0, None, 0, None]


def test_the_same_figures_on_postgresql(catalogue, postgres_cluster):
    at = datetime(2026, 4, 1, 3, tzinfo=timezone.utc)
    with new_database(postgres_cluster) as url:
        build_history(url)
        for label in ("2026-W12", "2026-W13"):
            on_server = json.loads(to_json(catalogue_report(url, label, generated_at=at)))
            assert on_server == json.loads(to_json(catalogue_report(catalogue, label, generated_at=at)))
    assert _g(on_server["totals"]) == W13


# --- formats, through the real command -------------------------------------------------------

def hoso(data: Path, *args) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "cli", *args, "--data-dir", str(data)], capture_output=True,
                          text=True, timeout=120, cwd=ROOT,
                          env={**os.environ, "HOSO_OFFICER": SUPERVISOR, "OMP_THREAD_LIMIT": "1"})
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr[-2000:]
    return done


def test_json_totals_every_row_and_the_headline(data_dir):
    payload = json.loads(hoso(data_dir, "stats", "--period", "2026-W12", "--all-centres", "--format", "json").stdout)
    assert _g(payload["totals"]) == W12
    assert {r["key"]: _g(r) for r in payload["by_centre"]} == W12_CENTRES
    assert {r["key"]: _g(r) for r in payload["by_officer"]} == W12_OFFICERS
    assert {r["key"]: _g(r) for r in payload["by_procedure"]} == W12_PROCEDURES
    assert {r["key"]: _g(r) for r in payload["by_document_type"]} == W12_TYPES
    assert {r["period"]: _g(r) for r in payload["trend"]}["2026-W11"] == W11
    for row in [payload["totals"], *payload["trend"]] + [r for k in ("by_centre", "by_officer", "by_procedure",
                                                                      "by_document_type") for r in payload[k]]:
        assert set(DIGITISATION) <= set(row)
    assert payload["digitisation_headline"] == {
        "label": "Tỷ lệ số hóa hồ sơ, kết quả", "definition": HEADLINE_DEFINITION,
        "field": "dossier_result_digitisation_rate", "rate": 3 / 7, "target": 1.0}
    assert payload["target_digitisation_rate"] == 1.0 and payload["target_reuse_rate"] == 0.8
    # the reuse figures are still there, as they were
    assert (payload["totals"]["components_reused"], payload["totals"]["components_submitted"],
            payload["totals"]["components_digitised"]) == (1, 5, 4)  # D2's card on paper
    one = json.loads(hoso(data_dir, "stats", "--period", "2026-W12", "--centre", C2, "--format", "json").stdout)
    assert one["centre"] == C2 and _g(one["totals"]) == W12_CENTRES[C2]


def test_text_prints_the_headline_with_its_definition(data_dir):
    lines = hoso(data_dir, "stats", "--period", "2026-W12", "--all-centres").stdout.splitlines()
    assert lines[5:9] == [
        f"  tỷ lệ số hóa hồ sơ, kết quả: 42.9% (mục tiêu 100%) — cách tính: {HEADLINE_DEFINITION}",
        "  hồ sơ được số hóa đầy đủ khi tiếp nhận 1/4: 25.0%",
        "  hồ sơ trả kết quả 3, có kết quả được số hóa 2: 66.7%",
        "  kết quả cũ (lưu trữ giấy) được số hóa trong kỳ: 2",
    ]
    assert lines[1].startswith("  hồ sơ tiếp nhận 4, có tái sử dụng 1")  # the reuse figures come first
    assert ("  Xã Hai (00002): hồ sơ tiếp nhận 2, tái sử dụng 0, nộp 2, bỏ lỡ 0, tỷ lệ —; số hóa hồ sơ, kết quả "
            "33.3% (tiếp nhận 0/2, kết quả 1/1, kết quả cũ 0)") in lines
    assert "  Hà: tái sử dụng 0, nộp 0, bỏ lỡ 0, tỷ lệ —; số hóa hồ sơ, kết quả — (tiếp nhận 0/0, kết quả 0/0, " \
           "kết quả cũ 1)" in lines
    assert lines[-1] == "Xu hướng số hóa hồ sơ, kết quả: " + ", ".join(
        f"2026-W{w:02d} —" for w in range(6, 11)) + ", 2026-W11 100.0%, 2026-W12 42.9%"


def _table(sheet) -> tuple[tuple, list[tuple]]:
    rows = list(sheet.iter_rows(values_only=True))
    return rows[0], rows[1:]


def test_xlsx_cells_read_back(data_dir, tmp_path):
    out = tmp_path / "w12.xlsx"
    hoso(data_dir, "stats", "--period", "2026-W12", "--all-centres", "--format", "xlsx", "--out", str(out))
    book = load_workbook(out)
    summary = dict(_table(book["Tổng hợp"])[1])
    label = LABELS_VI
    # a spreadsheet keeps 15 significant digits
    assert summary[label["dossier_result_digitisation_rate"]] == pytest.approx(3 / 7, rel=1e-15)
    assert (summary[label["results_returned"]], summary[label["results_digitised"]],
            summary[label["dossiers_digitised_at_intake"]], summary[label["backlog_results_digitised"]]) == (3, 2, 1, 2)
    assert summary[label["intake_digitisation_rate"]] == 0.25
    assert summary[label["result_digitisation_rate"]] == pytest.approx(2 / 3, rel=1e-15)
    assert summary["Cách tính tỷ lệ số hóa hồ sơ, kết quả"] == HEADLINE_DEFINITION
    assert summary["Mục tiêu tỷ lệ số hóa hồ sơ, kết quả"] == 1.0

    header, rows = _table(book["Toàn tỉnh"])
    table = {r[0]: dict(zip(header, r)) for r in rows if r[0] in (C1, C2, "Tổng")}
    assert table[C1][label["dossier_result_digitisation_rate"]] == 0.5
    assert table[C2][label["result_digitisation_rate"]] == 1.0 and table[C2][label["intake_digitisation_rate"]] == 0.0
    assert table["Tổng"][label["backlog_results_digitised"]] == 2
    sheet = book["Toàn tỉnh"]
    column = header.index(label["dossier_result_digitisation_rate"]) + 1
    assert sheet.cell(row=2, column=column).number_format == "0.0%"

    header, rows = _table(book["Theo công chức"])
    officers = {r[0]: dict(zip(header, r)) for r in rows}
    assert officers["Hà"][label["dossier_result_digitisation_rate"]] == DASH  # nothing received nor returned
    assert officers["Hà"][label["backlog_results_digitised"]] == 1

    header, rows = _table(book["Theo loại giấy tờ"])
    assert label["results_returned"] not in header and label["dossier_result_digitisation_rate"] not in header
    assert {r[0]: dict(zip(header, r))[label["backlog_results_digitised"]] for r in rows} == {
        "cccd": 0, "to_khai": 0, "xac_nhan_tinh_trang_hon_nhan": 2}

    c2 = dict(_table(book[f"TT {C2}"])[1])
    assert c2[label["dossier_result_digitisation_rate"]] == pytest.approx(1 / 3, rel=1e-15)
    header, rows = _table(book["Xu hướng"])
    trend = {r[0]: dict(zip(header, r)) for r in rows}
    assert trend["2026-W11"][label["dossier_result_digitisation_rate"]] == 1.0
    assert trend["2026-W10"][label["result_digitisation_rate"]] == DASH


def test_png_has_the_digitisation_panel(data_dir, catalogue, tmp_path):
    out = tmp_path / "w12.png"
    hoso(data_dir, "stats", "--period", "2026-W12", "--all-centres", "--format", "png", "--out", str(out))
    with Image.open(out) as image:
        assert image.format == "PNG" and image.size == (1000, 900)
        lower = image.convert("RGB").crop((0, 450, 1000, 900))
        assert (46, 139, 87) in {colour for _, colour in lower.getcolors(maxcolors=1_000_000)}  # the headline's bars
    labels, (reuse, digitisation) = chart_data(catalogue_report(catalogue, "2026-W12", trend=2))
    assert labels == ["2026-W10", "2026-W11", "2026-W12"]
    assert [s.label for s in reuse.series] == [LABELS_VI["component_reuse_rate"], LABELS_VI["dossier_reuse_rate"]]
    assert {s.label: s.values for s in digitisation.series} == {
        "Tỷ lệ số hóa hồ sơ, kết quả": [None, 1.0, 3 / 7],
        "Tỷ lệ hồ sơ được số hóa khi tiếp nhận": [None, 1.0, 1 / 4],
        "Tỷ lệ số hóa kết quả khi trả": [None, None, 2 / 3]}
    assert digitisation.target == 1.0 and "số hóa hồ sơ, kết quả" in digitisation.title


def test_csv_has_the_columns(catalogue):
    rows = csv_rows(catalogue_report(catalogue, "2026-W12"))
    total = next(r for r in rows if r["section"] == "total")
    assert _g(total) == W12
    assert {r["key"]: _g(r) for r in rows if r["section"] == "centre"} == W12_CENTRES


# --- the web page ----------------------------------------------------------------------------

def test_web_statistics_page_shows_the_headline(data_dir, browser):
    with serve(data_dir, no_traceback=True) as (base, _):
        context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN")
        page = context.new_page()
        sign_in(page, base, SUPERVISOR, PASSWORD)
        page.goto(f"{base}/thong-ke?ky=2026-W12&trung_tam=*")
        assert page.inner_text("#ty-le-so-hoa-gia-tri") == "42.9%"
        assert HEADLINE_DEFINITION in page.inner_text("#cach-tinh")
        assert page.inner_text("#so-lieu tr[data-field=results_returned] td") == "3"
        assert page.inner_text("#so-lieu tr[data-field=result_digitisation_rate] td") == "66.7%"
        assert page.inner_text("#so-lieu tr[data-field=backlog_results_digitised] td") == "2"
        c2 = page.inner_text(f"#theo-trung-tam tr[data-centre='{C2}']")
        assert c2.split("\t")[-5:] == ["0", "1", "1", "0", "33.3%"]
        assert page.evaluate("document.documentElement.scrollWidth") <= 1366, "horizontal scrolling at 1366x768"
        page.goto(f"{base}/thong-ke?ky=2026-02")
        assert page.inner_text("#ty-le-so-hoa-gia-tri") == "—"
        context.close()


# --- a known history made through the real commands --------------------------------------------

COUNTER, ARCHIVIST = "Quầy Một", "Lưu Trữ"


def hoso_as(data: Path, officer: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1", "HOSO_DATA_DIR": str(data), "HOSO_OFFICER": officer}
    env.pop("HOSO_CATALOGUE_URL", None)
    done = subprocess.run([sys.executable, "-m", "cli", *args], env=env, capture_output=True, text=True,
                          timeout=300, cwd=ROOT)
    assert done.returncode == 0, f"{args}: exit {done.returncode}\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
    assert "Traceback" not in done.stdout + done.stderr, done.stderr[-3000:]
    return done


@pytest.fixture(scope="module")
def commands(tmp_path_factory):
    """Today, at the counter: R1 (a certified copy) has its one required paper scanned and its
    result scanned at the return; R2 (a marital-status confirmation) has its form on paper, no
    card, and its result handed back unscanned; an archive box of one earlier result is read."""
    from samples.people import make_citizens
    from tests.result_scans import write_result

    folder = tmp_path_factory.mktemp("digitisation-commands")
    data = folder / "data"
    first_day = datetime.now(centre_timezone()).date()
    data.mkdir()
    for name, role in ((COUNTER, "officer"), (ARCHIVIST, "operator"), (SUPERVISOR, "supervisor")):
        add_officer(data / "catalogue.sqlite", name, role, None, Actor.cli(None))
    owner, other, archived = make_citizens(187, 3)
    issued = first_day - timedelta(days=3)
    original = write_result(owner, issued, folder / "quay" / "BAN_CHINH.tif", seed=21, number=61)
    result = write_result(owner, issued, folder / "tra" / "KET_QUA.tif", seed=22, number=62)
    box = write_result(archived, date(2019, 5, 14), folder / "hop" / "LUU_TRU_0001.tif", seed=23, number=12)
    counter = lambda *args: hoso_as(data, COUNTER, *args)  # noqa: E731
    counter("dossier", "open", "--dossier", "R1", "--citizen-id", owner.citizen_id, "--procedure", "chung_thuc_ban_sao")
    hoso_as(data, COUNTER, "ingest", str(original), "--dossier", "R1", "--citizen-id", owner.citizen_id,
            "--officer", COUNTER)
    counter("dossier", "result", "R1", str(result))
    counter("dossier", "open", "--dossier", "R2", "--citizen-id", other.citizen_id, "--procedure", PROCEDURE)
    counter("dossier", "paper", "--dossier", "R2", "--type", "to_khai")
    counter("dossier", "result", "R2")
    hoso_as(data, ARCHIVIST, "ingest", str(box), "--backlog", "--procedure", PROCEDURE, "--officer", ARCHIVIST)
    last_day = datetime.now(centre_timezone()).date()
    return data, f"{first_day.isoformat()}..{last_day.isoformat()}"


def test_figures_of_a_history_made_through_the_commands(commands):
    data, period = commands
    payload = json.loads(hoso_as(data, SUPERVISOR, "stats", "--period", period, "--format", "json").stdout)
    expected = G(2, 1, 2, 1, 1, 0.5, 0.5, 0.5)
    assert _g(payload["totals"]) == expected and payload["digitisation_headline"]["rate"] == 0.5
    assert {r["key"]: _g(r) for r in payload["by_officer"]} == {
        COUNTER: G(2, 1, 2, 1, 0, 0.5, 0.5, 0.5), ARCHIVIST: G(0, 0, 0, 0, 1, None, None, None)}
    assert {r["key"]: _g(r)["dossier_result_digitisation_rate"] for r in payload["by_procedure"]} == {
        "chung_thuc_ban_sao": 1.0, PROCEDURE: 0.0}
    assert {r["key"]: r["backlog_results_digitised"] for r in payload["by_procedure"]} == {
        "chung_thuc_ban_sao": 0, PROCEDURE: 1}
    # recomputable from the records: the events, and the documents marked as backlog results
    events = load_events(data / "catalogue.sqlite")
    returns = [e for e in events if e.kind == "result_returned"]
    assert [(e.dossier, e.digitised) for e in returns] == [("R1", True), ("R2", False)]
    assert [b.procedure for b in load_backlog(data / "catalogue.sqlite")] == [PROCEDURE]
    text = hoso_as(data, SUPERVISOR, "stats", "--period", period).stdout
    assert "  tỷ lệ số hóa hồ sơ, kết quả: 50.0% (mục tiêu 100%) — cách tính: " in text
    assert "  hồ sơ trả kết quả 2, có kết quả được số hóa 1: 50.0%" in text
