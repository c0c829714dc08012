"""Reuse statistics from a known history of dossiers, on a real catalogue file, in every format.

The history (centre time, +07:00; ISO week 12 of 2026 is Mon 16 .. Sun 22 March, so the
reporting week 2026-W12 is Fri 13 March 16:00 .. Fri 20 March 16:00):

on file before March (no dossier):
  A_cccd  citizen A, ID card, text "Có giá trị đến: 15/08/2035"   -> valid
  A_tk    citizen A, a declaration form                           -> single use, never reused
  A_xn    citizen A, marital-status confirmation scanned 2025-08-01 -> expired (6 months)
  B_cccd  citizen B, ID card, officer recorded expiry 2026-02-28  -> expired in March
  B_gcn   citizen B, land-use certificate                         -> valid
HS-4  B dang_ky_thuong_tru   opened Tue 10/03 10:00 (Minh), reuse B_gcn 10:10           [W11]
HS-1  A dang_ky_ket_hon      opened Tue 17/03 09:00 (Lan), reuse A_cccd 09:05,
                             scanned to_khai + xac_nhan 09:10 (expired one on file: NOT missed) [W12]
HS-5  A cap_xac_nhan_...     opened Thu 19/03 10:00 (Lan)                                 [W12]
                             reuse A_cccd Fri 20/03 16:45                                 [W13]
HS-2  B chung_thuc_hop_dong  opened Fri 20/03 15:30 (Minh)                                [W12]
                             scanned Fri 16:30: cccd (B_cccd expired: NOT missed), hop_dong,
                             gcn (B_gcn valid: MISSED reuse)                               [W13]
HS-3  A dang_ky_khai_sinh    opened Fri 20/03 16:30 (Lan); scanned cccd 16:35 (A_cccd valid:
                             MISSED reuse); paper birth notice 16:40, not scanned          [W13]
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime, timezone

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from PIL import Image

import cli
from dossier.events import Store, load_events
from dossier.export import DASH, SHEETS, csv_rows, export, to_csv, to_json, write_png, write_xlsx
from dossier.periods import parse_period, week_of
from dossier.report import catalogue_report
from dossier.stats import build_report, figures_by, totals
from tests.catalogue_history import VN, doc, ingest, vn
from tests.catalogues import new_database
from tests.test_trunk_e2e import TEST_OFFICER, ensure_officer

A, B = "001203004567", "079305001234"








def build_history(path):
    ingest(path,
           doc("A_cccd", "cccd", A, vn(1, 5, 9), text="CĂN CƯỚC CÔNG DÂN\nCó giá trị đến: 15/08/2035"),
           doc("A_tk", "to_khai", A, vn(1, 5, 9)),
           doc("A_xn", "xac_nhan_tinh_trang_hon_nhan", A, vn(8, 1, 9, year=2025)),
           doc("B_cccd", "cccd", B, vn(1, 10, 9)),
           doc("B_gcn", "gcn_quyen_su_dung_dat", B, vn(2, 1, 9)))
    with Store(path) as store:
        store.record_dates("B_cccd", "Minh", expiry_date=date(2026, 2, 28), at=vn(1, 10, 9, 5))
        store.open("HS-4", B, "dang_ky_thuong_tru", "Minh", at=vn(3, 10, 10))
        store.reuse("HS-4", "B_gcn", "Minh", at=vn(3, 10, 10, 10))
        store.open("HS-1", A, "dang_ky_ket_hon", "Lan", at=vn(3, 17, 9))
        store.reuse("HS-1", "A_cccd", "Lan", at=vn(3, 17, 9, 5))
        store.open("HS-5", A, "cap_xac_nhan_tinh_trang_hon_nhan", "Lan", at=vn(3, 19, 10))
        store.open("HS-2", B, "chung_thuc_hop_dong", "Minh", at=vn(3, 20, 15, 30))
        store.open("HS-3", A, "dang_ky_khai_sinh", "Lan", at=vn(3, 20, 16, 30))
    ingest(path,
           doc("HS1_tk", "to_khai", A, vn(3, 17, 9, 10), "HS-1", "Lan"),
           doc("HS1_xn", "xac_nhan_tinh_trang_hon_nhan", A, vn(3, 17, 9, 10), "HS-1", "Lan"))
    ingest(path,
           doc("HS2_cccd", "cccd", B, vn(3, 20, 16, 30), "HS-2", "Minh"),
           doc("HS2_hd", "hop_dong", B, vn(3, 20, 16, 30), "HS-2", "Minh"),
           doc("HS2_gcn", "gcn_quyen_su_dung_dat", B, vn(3, 20, 16, 30), "HS-2", "Minh"))
    ingest(path, doc("HS3_cccd", "cccd", A, vn(3, 20, 16, 35), "HS-3", "Lan"))
    with Store(path) as store:
        store.paper("HS-3", "khac", "Lan", at=vn(3, 20, 16, 40))
        store.reuse("HS-5", "A_cccd", "Lan", at=vn(3, 20, 16, 45))


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("history")
    build_history(root / "catalogue.sqlite")
    ensure_officer(root)
    return root


@pytest.fixture(scope="module")
def province_history(postgres_cluster):
    """The same history on a PostgreSQL database (a province catalogue)."""
    with new_database(postgres_cluster) as url:
        build_history(url)
        yield url


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def events(request, data_dir):
    """The history's events read back from the SQLite file, then from PostgreSQL: every figure
    test below runs on both."""
    if request.param == "sqlite":
        return load_events(data_dir / "catalogue.sqlite")
    return load_events(request.getfixturevalue("province_history"))


def F(received, with_reuse, reused, submitted, missed, digitised, comp, doss, dig):
    """The nine figures, in FIGURE_FIELDS order, by name."""
    return {"dossiers_received": received, "dossiers_with_reuse": with_reuse, "dossier_reuse_rate": doss,
            "components_reused": reused, "components_submitted": submitted, "components_missed_reuse": missed,
            "component_reuse_rate": comp, "components_digitised": digitised, "digitisation_rate": dig}


ZERO = F(0, 0, 0, 0, 0, 0, None, None, None)
W11 = F(1, 1, 1, 0, 0, 0, 1.0, 1.0, None)
W12 = F(3, 1, 1, 2, 0, 2, 1.0, 1 / 3, 1.0)
W13 = F(1, 0, 1, 5, 2, 4, 1 / 3, 0.0, 0.8)
MARCH = F(5, 3, 3, 7, 2, 6, 3 / 5, 3 / 5, 6 / 7)
W13_PROCEDURES = {
    "cap_xac_nhan_tinh_trang_hon_nhan": F(0, 0, 1, 0, 0, 0, 1.0, None, None),
    "chung_thuc_hop_dong": F(0, 0, 0, 3, 1, 3, 0.0, None, 1.0),
    "dang_ky_khai_sinh": F(1, 0, 0, 2, 1, 1, 0.0, 0.0, 0.5),
}
W13_TYPES = {
    "cccd": F(None, None, 1, 2, 1, 2, 0.5, None, 1.0),
    "gcn_quyen_su_dung_dat": F(None, None, 0, 1, 1, 1, 0.0, None, 1.0),
    "hop_dong": F(None, None, 0, 1, 0, 1, None, None, 1.0),
    "khac": F(None, None, 0, 1, 0, 0, None, None, 0.0),
}
W13_OFFICERS = {
    "Lan": F(1, 0, 1, 2, 1, 1, 0.5, 0.0, 0.5),
    "Minh": F(0, 0, 0, 3, 1, 3, 0.0, None, 1.0),
}
W13_TREND = {"2026-W07": ZERO, "2026-W08": ZERO, "2026-W09": ZERO, "2026-W10": ZERO,
             "2026-W11": W11, "2026-W12": W12, "2026-W13": W13}


def _figures(obj) -> dict:
    return {k: obj[k] for k in ZERO}


# --- the history itself ---------------------------------------------------------------------

def test_the_friday_1630_events_belong_to_the_next_week(events):
    friday = [e for e in events if e.at.astimezone(VN).date() == date(2026, 3, 20)]
    for e in friday:
        expected = "2026-W13" if e.at.astimezone(VN).hour >= 16 else "2026-W12"
        assert week_of(e.at).label == expected
    assert {e.dossier for e in friday if week_of(e.at).label == "2026-W13"} == {"HS-2", "HS-3", "HS-5"}
    assert all(e.at.tzinfo is not None and e.at.utcoffset().total_seconds() == 0 for e in events)  # stored UTC


def test_missed_reuses_are_recorded_only_against_valid_documents(events):
    submitted = {e.document_id or f"paper:{e.doc_type}": e.missed_reuse_of for e in events
                 if e.kind == "component_submitted"}
    assert submitted == {
        "HS1_tk": None,  # a declaration form is made for its dossier
        "HS1_xn": None,  # the confirmation on file was more than 6 months old: expired
        "HS2_cccd": None,  # the ID card on file expired on 2026-02-28 (recorded by an officer)
        "HS2_hd": None,
        "HS2_gcn": "B_gcn",  # a valid land certificate was on file: missed reuse
        "HS3_cccd": "A_cccd",  # a valid ID card (expiry read from its text) was on file
        "paper:khac": None,
    }
    assert [e.digitised for e in events if e.kind == "component_submitted" and e.document_id is None] == [False]


# --- figures, computed from the events ------------------------------------------------------

@pytest.mark.parametrize("label, expected", [
    ("2026-W11", W11), ("2026-W12", W12), ("2026-W13", W13), ("2026-W14", ZERO), ("2026-03", MARCH),
    ("2026-02", ZERO), ("2026-Q1", MARCH), ("2026", MARCH), ("2025", ZERO),
    ("2026-03-20..2026-03-20", F(2, 0, 1, 5, 2, 4, 1 / 3, 0.0, 0.8)),
    ("2026-03-01..2026-03-15", F(1, 1, 1, 0, 0, 0, 1.0, 1.0, None)),
])
def test_totals_per_period(events, label, expected):
    assert _figures(totals(events, parse_period(label)).model_dump()) == expected


def test_dossier_reuse_counts_only_reuse_before_the_period_closes(events):
    # HS-5 was opened in W12 and reused a document in W13: with reuse for March, not for W12.
    assert totals(events, parse_period("2026-W12")).dossiers_with_reuse == 1
    assert totals(events, parse_period("2026-03")).dossiers_with_reuse == 3


def test_breakdowns_and_trend(events):
    report = build_report(events, parse_period("2026-W13"))
    assert {r.key: _figures(r.model_dump()) for r in report.by_procedure} == W13_PROCEDURES
    assert {r.key: _figures(r.model_dump()) for r in report.by_document_type} == W13_TYPES
    assert {r.key: _figures(r.model_dump()) for r in report.by_officer} == W13_OFFICERS
    assert {t.period: _figures(t.model_dump()) for t in report.trend} == W13_TREND
    assert [t.period for t in report.trend] == sorted(W13_TREND)


def test_figures_are_recomputable_from_the_events_alone(events):
    period = parse_period("2026-03")
    inside = [e for e in events if period.contains(e.at)]
    reused = sum(e.kind == "component_reused" for e in inside)
    missed = sum(e.missed_reuse for e in inside)
    assert totals(events, period).component_reuse_rate == reused / (reused + missed)
    assert sum(f.components_submitted for f in figures_by(events, period, lambda e: e.officer).values()) == 7


def test_an_empty_history_gives_null_rates_not_errors():
    report = build_report([], parse_period("2026-11"))
    assert _figures(report.totals.model_dump()) == ZERO
    assert report.by_procedure == [] and len(report.trend) == 7
    json.loads(to_json(report))
    to_csv(report)


# --- the same figures on SQLite and PostgreSQL -------------------------------------------------

@pytest.mark.parametrize("label", ["2026-W11", "2026-W12", "2026-W13", "2026-03", "2026-03-20..2026-03-20"])
def test_a_period_is_the_same_json_on_sqlite_and_on_postgresql(data_dir, province_history, label):
    """Period cuts on the centre's Friday 16:00 and days in +07:00, over UTC text times, on both."""
    at = datetime(2026, 4, 1, 3, tzinfo=timezone.utc)
    on_file = json.loads(to_json(catalogue_report(data_dir / "catalogue.sqlite", label, generated_at=at)))
    on_server = json.loads(to_json(catalogue_report(province_history, label, generated_at=at)))
    assert on_server == on_file
    assert on_server["totals"]["components_reused"] + on_server["totals"]["dossiers_received"] > 0


def test_events_before_a_moment_are_cut_alike_on_both(data_dir, province_history):
    friday_1600 = vn(3, 20, 16)  # 09:00 UTC: the text comparison of ISO UTC times is the cut
    on_file = load_events(data_dir / "catalogue.sqlite", before=friday_1600)
    on_server = load_events(province_history, before=friday_1600)
    assert [(e.kind, e.dossier, e.at) for e in on_server] == [(e.kind, e.dossier, e.at) for e in on_file]
    assert max(e.at for e in on_file) == vn(3, 20, 15, 30) and len(on_file) == 8


C1, C2 = "00001", "00002"


def _centre_history(location):
    """A's papers received at centre C1; dossiers opened at C1 and at C2, each reusing one of them."""
    papers = [doc("a_ks", "giay_khai_sinh", A, vn(1, 5)),
              doc("a_cccd", "cccd", A, vn(1, 5), text="CĂN CƯỚC CÔNG DÂN\nCó giá trị đến: 15/08/2035")]
    scanned = doc("c2_tk", "to_khai", A, vn(3, 18, 10), "HS-C2", "Minh")
    plain = doc("x_tk", "to_khai", A, vn(3, 19, 10), "HS-X", "Ba")  # a folder that names no centre
    for d in papers:
        d.centre = C1
    scanned.centre = C2
    ingest(location, *papers)
    with Store(location) as store:
        store.open("HS-C1", A, "dang_ky_thuong_tru", "Lan", at=vn(3, 17, 9), centre=C1)
        store.reuse("HS-C1", "a_ks", "Lan", at=vn(3, 17, 9, 5))
        store.open("HS-C2", A, "dang_ky_ket_hon", "Minh", at=vn(3, 18, 9), centre=C2)
        store.reuse("HS-C2", "a_cccd", "Minh", at=vn(3, 18, 9, 5))
    ingest(location, scanned, plain)


def test_centre_filters_and_reuse_by_origin_give_the_same_figures_on_both(catalogue_location):
    _centre_history(catalogue_location)
    events = load_events(catalogue_location)
    march = parse_period("2026-03")
    province = build_report(events, march)
    # HS-X has no procedure: its form is another paper, in no component figure
    assert {r.key: (r.dossiers_received, r.components_reused, r.components_submitted) for r in province.by_centre} \
        == {C1: (1, 1, 0), C2: (1, 1, 1), None: (1, 0, 0)}
    assert province.reuse_by_origin.model_dump() == {"same_centre": 1, "other_centre": 1}
    assert (province.totals.dossiers_received, province.totals.components_reused) == (3, 2)
    at_c2 = build_report(events, march, centre=C2)
    assert (at_c2.totals.dossiers_received, at_c2.totals.dossiers_with_reuse, at_c2.totals.components_reused,
            at_c2.totals.components_submitted) == (1, 1, 1, 1)
    assert at_c2.reuse_by_origin.model_dump() == {"same_centre": 0, "other_centre": 1}
    assert [r.key for r in at_c2.by_centre] == [C2]
    assert build_report(events, parse_period("2026-W12"), centre=C1).totals.dossiers_received == 1


# --- formats ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def report(data_dir):
    return catalogue_report(data_dir / "catalogue.sqlite", "2026-W13")


def test_json_has_stable_names_and_exact_figures(report):
    payload = json.loads(to_json(report))
    assert set(payload) == {"report_version", "period", "target_reuse_rate", "generated_at", "totals",
                            "by_procedure", "by_document_type", "by_officer", "trend",
                            "centre", "by_centre", "reuse_by_origin",  # added with centres (issue 15)
                            "target_digitisation_rate", "digitisation_headline"}  # added with results (issue 18)
    assert payload["centre"] is None and [r["key"] for r in payload["by_centre"]] == [None]  # the implicit one
    assert _figures(payload["by_centre"][0]) == W13
    assert payload["period"] == {"label": "2026-W13", "kind": "week", "start": "2026-03-20T16:00:00+07:00",
                                 "end": "2026-03-27T16:00:00+07:00", "timezone": "Asia/Ho_Chi_Minh"}
    assert payload["target_reuse_rate"] == 0.8
    assert _figures(payload["totals"]) == W13
    assert {r["key"]: _figures(r) for r in payload["by_procedure"]} == W13_PROCEDURES
    assert {r["key"]: _figures(r) for r in payload["by_document_type"]} == W13_TYPES
    assert {r["key"]: _figures(r) for r in payload["by_officer"]} == W13_OFFICERS
    assert {r["period"]: _figures(r) for r in payload["trend"]} == W13_TREND
    names = {r["key"]: r["name"] for r in payload["by_procedure"]}
    assert names["dang_ky_khai_sinh"] == "Đăng ký khai sinh"
    assert {r["key"]: r["name"] for r in payload["by_document_type"]}["cccd"].startswith("Căn cước")


def _csv_value(text):
    if text == DASH:
        return None
    return float(text) if "." in text else int(text)


def test_csv_parses_back_to_the_same_figures(report):
    rows = list(csv.DictReader(io.StringIO(to_csv(report))))
    by_section: dict[str, dict] = {}
    for row in rows:
        by_section.setdefault(row["section"], {})[row["key"]] = {k: _csv_value(row[k]) for k in ZERO}
    assert by_section["total"] == {"2026-W13": W13}
    assert by_section["procedure"] == W13_PROCEDURES
    assert by_section["document_type"] == W13_TYPES
    assert by_section["officer"] == W13_OFFICERS
    assert by_section["trend"] == W13_TREND
    assert len(rows) == len(csv_rows(report)) == 1 + 3 + 4 + 2 + 7


def _sheet_rows(sheet):
    rows = list(sheet.iter_rows(values_only=True))
    return rows[0], rows[1:]


def test_xlsx_one_sheet_per_breakdown_vietnamese_headers_percent_format(report, tmp_path):
    path = tmp_path / "w13.xlsx"
    write_xlsx(report, path)
    book = load_workbook(path)
    assert book.sheetnames == list(SHEETS.values())
    header, rows = _sheet_rows(book["Tổng hợp"])
    assert header == ("Chỉ tiêu", "Giá trị")
    summary = dict(rows)
    assert summary["Kỳ báo cáo"] == "2026-W13"
    assert summary["Từ"] == "2026-03-20 16:00" and summary["Đến (không gồm)"] == "2026-03-27 16:00"
    assert summary["Hồ sơ tiếp nhận"] == 1 and summary["Thành phần công dân nộp"] == 5
    assert summary["Tỷ lệ tái sử dụng thành phần"] == pytest.approx(1 / 3, abs=0) and summary["Tỷ lệ số hóa"] == 0.8

    header, rows = _sheet_rows(book["Theo thủ tục"])
    assert header[:3] == ("Mã thủ tục", "Tên thủ tục", "Hồ sơ tiếp nhận")
    assert "Tỷ lệ tái sử dụng thành phần" in header
    table = {r[0]: dict(zip(header, r)) for r in rows}
    assert table["dang_ky_khai_sinh"]["Tỷ lệ số hóa"] == 0.5
    assert table["chung_thuc_hop_dong"]["Tỷ lệ hồ sơ có tái sử dụng"] == DASH  # zero denominator
    assert table["chung_thuc_hop_dong"]["Thành phần nộp lại dù đã có (bỏ lỡ tái sử dụng)"] == 1

    header, rows = _sheet_rows(book["Theo loại giấy tờ"])
    assert "Hồ sơ tiếp nhận" not in header
    assert {r[0]: dict(zip(header, r))["Tỷ lệ tái sử dụng thành phần"] for r in rows} == {
        "cccd": 0.5, "gcn_quyen_su_dung_dat": 0.0, "hop_dong": DASH, "khac": DASH}

    header, rows = _sheet_rows(book["Theo công chức"])
    assert header[0] == "Công chức" and [r[0] for r in rows] == ["Lan", "Minh"]

    sheet = book["Xu hướng"]
    header, rows = _sheet_rows(sheet)
    assert header[:3] == ("Kỳ", "Từ", "Đến (không gồm)") and [r[0] for r in rows] == sorted(W13_TREND)
    rate_column = header.index("Tỷ lệ tái sử dụng thành phần") + 1
    cell = sheet.cell(row=len(rows) + 1, column=rate_column)
    assert cell.value == pytest.approx(1 / 3, abs=0) and cell.number_format == "0.0%"
    assert sheet.cell(row=2, column=rate_column).value == DASH


def test_png_is_a_real_chart(report, tmp_path):
    path = tmp_path / "w13.png"
    write_png(report, path)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with Image.open(path) as image:
        image.verify()
    with Image.open(path) as image:
        assert image.size == (1000, 900)  # two panels: reuse above, digitisation below (issue 18)
        colours = image.convert("RGB").getcolors(maxcolors=1_000_000)
        assert len(colours) > 20  # bars, line, target line and text, not a blank canvas
    assert 10_000 < path.stat().st_size < 2_000_000


def test_export_refuses_a_binary_format_without_a_file(report):
    with pytest.raises(ValueError):
        export(report, "png", None)


# --- the command line -------------------------------------------------------------------------

def _stats(data_dir, *args):
    result = CliRunner().invoke(cli.main, ["stats", "--data-dir", str(data_dir), "--officer", TEST_OFFICER, *args],
                                catch_exceptions=False)
    return result


def test_cli_stats_in_every_format(data_dir, tmp_path):
    result = _stats(data_dir, "--period", "2026-W13", "--format", "json")
    assert result.exit_code == 0, result.output
    assert _figures(json.loads(result.output)["totals"]) == W13

    out = tmp_path / "march.csv"
    assert _stats(data_dir, "--period", "2026-03", "--format", "csv", "--out", str(out)).exit_code == 0
    text = out.read_text(encoding="utf-8-sig")
    total = next(r for r in csv.DictReader(io.StringIO(text)) if r["section"] == "total")
    assert {k: _csv_value(total[k]) for k in ZERO} == MARCH

    out = tmp_path / "q1.xlsx"
    assert _stats(data_dir, "--period", "2026-Q1", "--format", "xlsx", "--out", str(out)).exit_code == 0
    summary = dict(list(load_workbook(out)["Tổng hợp"].iter_rows(values_only=True))[1:])
    assert summary["Kỳ báo cáo"] == "2026-Q1" and summary["Tỷ lệ tái sử dụng thành phần"] == 0.6

    out = tmp_path / "w12.png"
    assert _stats(data_dir, "--period", "2026-W12", "--format", "png", "--out", str(out)).exit_code == 0
    with Image.open(out) as image:
        assert image.format == "PNG"

    result = _stats(data_dir, "--period", "2026-W13")
    assert result.exit_code == 0 and "2026-W13" in result.output and "33.3%" in result.output


def test_cli_stats_refuses_bad_periods_and_missing_out(data_dir):
    for bad in ("2026-W54", "2026-13", "2026-Q5", "2026-03-15..2026-03-01", "March"):
        result = _stats(data_dir, "--period", bad, "--format", "json")
        assert result.exit_code != 0 and "Traceback" not in result.output, bad
    assert _stats(data_dir, "--period", "2026-03", "--format", "xlsx").exit_code != 0


def test_cli_stats_on_a_fresh_data_dir_with_only_ingested_documents(tmp_path):
    empty = tmp_path / "nothing"
    result = _stats(empty, "--period", "2026-11", "--format", "json")
    assert result.exit_code == 1 and "no officers yet" in result.output  # a fresh folder has no supervisor
    assert not (empty / "catalogue.sqlite").exists()  # asking creates nothing

    data = tmp_path / "data"
    ensure_officer(data)
    result = _stats(data, "--period", "2026-11", "--format", "json")
    assert result.exit_code == 0, result.output
    assert _figures(json.loads(result.output)["totals"]) == ZERO
    ingest(data / "catalogue.sqlite", doc("X1", "cccd", A, datetime(2026, 11, 3, 2, tzinfo=timezone.utc)))
    for fmt in ("json", "csv", "text"):
        result = _stats(data, "--period", "2026-11", "--format", fmt)
        assert result.exit_code == 0, result.output
    assert json.loads(_stats(data, "--period", "2026-11", "--format", "json").output)["totals"]["dossier_reuse_rate"] is None
    for fmt in ("xlsx", "png"):
        assert _stats(data, "--period", "2026-11", "--format", fmt, "--out", str(tmp_path / f"r.{fmt}")).exit_code == 0
