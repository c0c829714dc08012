"""The statistics report as JSON, CSV, XLSX, PNG or text.

- JSON: `Report.model_dump` (English snake_case names, rates as fractions or null).
- CSV (UTF-8 with BOM, so Excel shows the diacritics): one row per figure set, with a
  `section` column (total, procedure, document_type, officer, trend; and when the catalogue
  names centres, centre and reuse_by_origin: key same_centre / other_centre, the count in
  components_reused); English snake_case headers like the JSON; rates as fractions; "—" where
  a rate or count does not apply.
- XLSX: one sheet per breakdown, Vietnamese headers, rates as numbers formatted as percent;
  when the catalogue names centres, a province summary (one row per centre, the total, reuse
  by origin) and a sheet per centre.
- PNG: two panels. Above, the component reuse rate per period (bars) and the dossier reuse
  rate (line) against the 80% target line; below, the headline "tỷ lệ số hóa hồ sơ, kết quả"
  per period (bars), the intake and result digitisation rates (lines) against the 100% target
  (`chart_data` is what is drawn).
- Text: the period's reuse figures, then its digitisation figures with the headline's
  definition, the breakdowns, the trends.

Names in the report (officers, procedures, types) are data, not formulas: every text cell of
the CSV and the XLSX that a spreadsheet would read as a formula (it starts with `=`, `+`, `-`,
`@`, a tab or a carriage return) gets a leading `'` (OWASP, CSV injection), and XLSX text
cells are written as strings, never as formulas.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from dossier.stats import DOSSIER_FIELDS, FIGURE_FIELDS, RATE_FIELDS, Figures, Report, Row, TrendRow

DASH = "—"

LABELS_VI = {
    "dossiers_received": "Hồ sơ tiếp nhận",
    "dossiers_with_reuse": "Hồ sơ có tái sử dụng",
    "dossier_reuse_rate": "Tỷ lệ hồ sơ có tái sử dụng",
    "components_reused": "Thành phần tái sử dụng",
    "components_submitted": "Thành phần công dân nộp",
    "components_missed_reuse": "Thành phần nộp lại dù đã có (bỏ lỡ tái sử dụng)",
    "component_reuse_rate": "Tỷ lệ tái sử dụng thành phần",
    "components_digitised": "Thành phần số hóa khi tiếp nhận",
    "digitisation_rate": "Tỷ lệ số hóa",
    "papers_other": "Giấy tờ khác đã nộp (không phải thành phần của thủ tục)",
    "results_returned": "Hồ sơ đã trả kết quả",
    "results_digitised": "Hồ sơ trả kết quả có kết quả được số hóa",
    "result_digitisation_rate": "Tỷ lệ số hóa kết quả khi trả",
    "dossiers_digitised_at_intake": "Hồ sơ được số hóa đầy đủ khi tiếp nhận",
    "intake_digitisation_rate": "Tỷ lệ hồ sơ được số hóa khi tiếp nhận",
    "backlog_results_digitised": "Kết quả cũ (lưu trữ giấy) được số hóa",
    "dossier_result_digitisation_rate": "Tỷ lệ số hóa hồ sơ, kết quả",
}
DEFINITION_VI = "Cách tính tỷ lệ số hóa hồ sơ, kết quả"
DIGITISATION_TARGET_VI = "Mục tiêu tỷ lệ số hóa hồ sơ, kết quả"
KIND_VI = {"week": "Tuần (chốt 16:00 thứ Sáu)", "month": "Tháng", "quarter": "Quý", "year": "Năm",
           "range": "Khoảng ngày"}
SHEETS = {
    "summary": "Tổng hợp",
    "by_procedure": "Theo thủ tục",
    "by_document_type": "Theo loại giấy tờ",
    "by_officer": "Theo công chức",
    "trend": "Xu hướng",
}
PROVINCE_SHEET = "Toàn tỉnh"
CENTRE_SHEET = "TT {code}"  # a sheet per centre (codes are letters, digits, . - _: valid sheet names)
ORIGIN_VI = {"same_centre": "Tái sử dụng giấy tờ tiếp nhận tại chính trung tâm",
             "other_centre": "Tái sử dụng giấy tờ tiếp nhận tại trung tâm khác"}
FORMATS = ("text", "json", "csv", "xlsx", "png")
PERCENT = "0.0%"


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_text_cell(value: str) -> str:
    """`value` as a spreadsheet shows it, never runs it: a leading `'` before a formula start."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _local(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


def _dash(value: object) -> object:
    return DASH if value is None else value


def _figures(figures: Figures) -> dict[str, object]:
    return figures.model_dump(include=set(FIGURE_FIELDS))


# --- JSON -----------------------------------------------------------------------------------

def to_json(report: Report) -> str:
    return json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"


# --- CSV ------------------------------------------------------------------------------------

CSV_COLUMNS = ("section", "key", "name", "start", "end", *FIGURE_FIELDS)


def csv_rows(report: Report) -> list[dict[str, object]]:
    start, end = report.period.start.isoformat(), report.period.end.isoformat()
    rows = [{"section": "total", "key": report.period.label, "name": report.period.label, "start": start, "end": end,
             **_figures(report.totals)}]
    for section, breakdown in (("procedure", report.by_procedure), ("document_type", report.by_document_type),
                               ("officer", report.by_officer)):
        rows += [{"section": section, "key": r.key, "name": r.name, "start": start, "end": end, **_figures(r)}
                 for r in breakdown]
    rows += [{"section": "trend", "key": t.period, "name": t.period, "start": t.start.isoformat(),
              "end": t.end.isoformat(), **_figures(t)} for t in report.trend]
    if report.names_centres:  # a folder that names no centre keeps the CSV it had
        rows += [{"section": "centre", "key": r.key, "name": r.name, "start": start, "end": end, **_figures(r)}
                 for r in report.by_centre]
        rows += [{"section": "reuse_by_origin", "key": key, "name": ORIGIN_VI[key], "start": start, "end": end,
                  **dict.fromkeys(FIGURE_FIELDS), "components_reused": count}
                 for key, count in report.reuse_by_origin.model_dump().items()]
    return rows


def _csv_value(value: object) -> str:
    if value is None:
        return DASH
    if isinstance(value, float):
        return repr(value)  # round-trips exactly
    if isinstance(value, str):
        return as_text_cell(value)
    return str(value)


def to_csv(report: Report) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in csv_rows(report):
        writer.writerow([_csv_value(row[c]) for c in CSV_COLUMNS])
    return buffer.getvalue()


# --- XLSX -----------------------------------------------------------------------------------

def write_xlsx(report: Report, path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    summary = book.active
    summary.title = SHEETS["summary"]
    _summary_sheet(summary, report)
    figure_fields = list(FIGURE_FIELDS)
    component_fields = [f for f in FIGURE_FIELDS if f not in DOSSIER_FIELDS]
    _table(book.create_sheet(SHEETS["by_procedure"]), ["Mã thủ tục", "Tên thủ tục"], figure_fields,
           [([r.key or DASH, r.name], r) for r in report.by_procedure])
    _table(book.create_sheet(SHEETS["by_document_type"]), ["Mã loại giấy tờ", "Tên loại giấy tờ"], component_fields,
           [([r.key or DASH, r.name], r) for r in report.by_document_type])
    _table(book.create_sheet(SHEETS["by_officer"]), ["Công chức"], figure_fields,
           [([r.name], r) for r in report.by_officer])
    _table(book.create_sheet(SHEETS["trend"]), ["Kỳ", "Từ", "Đến (không gồm)"], figure_fields,
           [([t.period, _local(t.start), _local(t.end)], t) for t in report.trend])
    if report.names_centres:
        _province_sheet(book.create_sheet(PROVINCE_SHEET), report, figure_fields)
        for row in report.by_centre:
            _centre_sheet(book.create_sheet(_centre_sheet_name(row)), report, row)
    book.save(path)


def _centre_sheet_name(row: Row) -> str:
    return CENTRE_SHEET.format(code=row.key or "mặc định")[:31]  # Excel: at most 31 characters


def _province_sheet(sheet, report: Report, fields: list[str]) -> None:
    """One row per centre and the total, then where the reused documents came from."""
    _table(sheet, ["Mã trung tâm", "Tên trung tâm"], fields,
           [([r.key or DASH, r.name], r) for r in report.by_centre] + [(["Tổng", "Tổng cộng"], report.totals)])
    sheet.append([])
    for key, count in report.reuse_by_origin.model_dump().items():
        sheet.append([None, ORIGIN_VI[key], count])


def _centre_sheet(sheet, report: Report, row: Row) -> None:
    _bold_header(sheet, ["Chỉ tiêu", "Giá trị"])
    for label, value in (("Trung tâm", row.name), ("Mã trung tâm", row.key or DASH), ("Kỳ báo cáo", report.period.label)):
        sheet.append([label, None])
        _put_text(sheet.cell(row=sheet.max_row, column=2), value)
    values = _figures(row)
    for field in FIGURE_FIELDS:
        sheet.append([LABELS_VI[field], None])
        _put(sheet.cell(row=sheet.max_row, column=2), field, values[field])
    _widths(sheet, [50, 24])


def _bold_header(sheet, headers: list[str]) -> None:
    from openpyxl.styles import Alignment, Font

    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"


def _put(cell, field: str, value: object) -> None:
    from openpyxl.styles import Alignment

    if value is None:
        cell.value = DASH
        cell.alignment = Alignment(horizontal="right")
        return
    cell.value = value
    if field in RATE_FIELDS:
        cell.number_format = PERCENT


def _put_text(cell, value: object) -> None:
    if isinstance(value, str):
        cell.value = as_text_cell(value)
        cell.data_type = "s"  # openpyxl would store any "=..." left as a formula
    else:
        cell.value = value


def _widths(sheet, first: list[int]) -> None:
    from openpyxl.utils import get_column_letter

    for index in range(1, sheet.max_column + 1):
        sheet.column_dimensions[get_column_letter(index)].width = first[index - 1] if index <= len(first) else 18


def _table(sheet, leading: list[str], fields: list[str], rows: list[tuple[list[object], Figures]]) -> None:
    _bold_header(sheet, leading + [LABELS_VI[f] for f in fields])
    for number, (lead, figures) in enumerate(rows, start=2):
        for column, value in enumerate(lead, start=1):
            _put_text(sheet.cell(row=number, column=column), value)
        values = figures.model_dump(include=set(fields))
        for column, field in enumerate(fields, start=len(lead) + 1):
            _put(sheet.cell(row=number, column=column), field, values[field])
    _widths(sheet, [24 if i == 0 else 40 for i in range(len(leading))])


def _summary_sheet(sheet, report: Report) -> None:
    _bold_header(sheet, ["Chỉ tiêu", "Giá trị"])
    period = report.period
    for label, value in (("Kỳ báo cáo", period.label), ("Loại kỳ", KIND_VI.get(period.kind, period.kind)),
                         ("Từ", _local(period.start)), ("Đến (không gồm)", _local(period.end)),
                         ("Múi giờ", period.timezone)):
        sheet.append([label, None])
        _put_text(sheet.cell(row=sheet.max_row, column=2), value)
    sheet.append(["Mục tiêu tỷ lệ tái sử dụng", report.target_reuse_rate])
    sheet.cell(row=sheet.max_row, column=2).number_format = PERCENT
    sheet.append([DIGITISATION_TARGET_VI, report.target_digitisation_rate])
    sheet.cell(row=sheet.max_row, column=2).number_format = PERCENT
    values = _figures(report.totals)
    for field in FIGURE_FIELDS:
        sheet.append([LABELS_VI[field], None])
        _put(sheet.cell(row=sheet.max_row, column=2), field, values[field])
    sheet.append([DEFINITION_VI, report.digitisation_headline.definition])
    _widths(sheet, [50, 24])


# --- PNG ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Series:
    """One drawn series: its legend label, one value per period (None: no denominator), bars or a line."""

    label: str
    values: list[float | None]
    kind: str  # "bar" or "line"
    colour: str


@dataclass(frozen=True)
class Panel:
    title: str
    series: list[Series]
    target: float
    target_label: str


def chart_data(report: Report) -> tuple[list[str], list[Panel]]:
    """What the PNG draws: the periods of the trend, then the reuse panel and the digitisation panel."""
    trend: list[TrendRow] = report.trend

    def values(field: str) -> list[float | None]:
        return [getattr(t, field) for t in trend]

    reuse = Panel(f"Tỷ lệ tái sử dụng dữ liệu đã số hóa theo kỳ (đến {report.period.label})", [
        Series(LABELS_VI["component_reuse_rate"], values("component_reuse_rate"), "bar", "#2f6db3"),
        Series(LABELS_VI["dossier_reuse_rate"], values("dossier_reuse_rate"), "line", "#e07b00"),
    ], report.target_reuse_rate, f"Mục tiêu tái sử dụng {report.target_reuse_rate:.0%}")
    digitisation = Panel(f"Tỷ lệ số hóa hồ sơ, kết quả theo kỳ (đến {report.period.label})", [
        Series(LABELS_VI["dossier_result_digitisation_rate"], values("dossier_result_digitisation_rate"), "bar",
               "#2e8b57"),
        Series(LABELS_VI["intake_digitisation_rate"], values("intake_digitisation_rate"), "line", "#7b3fa0"),
        Series(LABELS_VI["result_digitisation_rate"], values("result_digitisation_rate"), "line", "#b5651d"),
    ], report.target_digitisation_rate, f"Mục tiêu số hóa {report.target_digitisation_rate:.0%}")
    return [t.period for t in trend], [reuse, digitisation]


PNG_SIZE = (10, 9)  # inches at 100 dpi: 1000 x 900 pixels, two panels


def write_png(report: Report, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    labels, panels = chart_data(report)
    crowded = len(labels) > 8 or report.period.kind == "range"
    figure, axes_pair = plt.subplots(len(panels), 1, figsize=PNG_SIZE, dpi=100)
    try:
        for axes, panel in zip(axes_pair, panels):
            _draw_panel(axes, panel, labels, crowded)
        figure.tight_layout(h_pad=2.0)
        figure.savefig(path, format="png")
    finally:
        plt.close(figure)


def _draw_panel(axes, panel: Panel, labels: list[str], crowded: bool) -> None:
    from matplotlib.ticker import PercentFormatter

    positions = list(range(len(labels)))
    bars = [s for s in panel.series if s.kind == "bar"]
    for series in bars:
        axes.bar([p for p, v in zip(positions, series.values) if v is not None],
                 [v for v in series.values if v is not None], color=series.colour, width=0.6, label=series.label)
        for p, v in zip(positions, series.values):
            axes.annotate(DASH if v is None else f"{v:.0%}", (p, v or 0), ha="center", va="bottom",
                          xytext=(0, 3), textcoords="offset points", fontsize=9)
    for series in panel.series:
        if series.kind == "line":
            axes.plot(positions, [float("nan") if v is None else v for v in series.values], color=series.colour,
                      marker="o", label=series.label)
    axes.axhline(panel.target, color="#c0392b", linestyle="--", label=panel.target_label)
    axes.set_xticks(positions, labels, fontsize=8 if crowded else 9)
    if crowded:
        axes.tick_params(axis="x", labelrotation=35)
        for tick in axes.get_xticklabels():
            tick.set_horizontalalignment("right")
            tick.set_rotation_mode("anchor")
    axes.set_xlim(-0.6, len(labels) - 0.4)
    axes.set_ylim(0, 1.15)
    axes.yaxis.set_major_formatter(PercentFormatter(1.0))
    axes.set_title(panel.title)
    axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12 if not crowded else -0.25), ncol=len(panel.series) + 1,
                fontsize=8, frameon=False)
    axes.grid(axis="y", alpha=0.3)


# --- text -----------------------------------------------------------------------------------

def _pct(value: float | None) -> str:
    return DASH if value is None else f"{value:.1%}"


def digitisation_lines(report: Report) -> list[str]:
    """The period's digitisation figures, the headline first with its definition beside it."""
    t, headline = report.totals, report.digitisation_headline
    return [
        f"  {headline.label.lower()}: {_pct(headline.rate)} (mục tiêu {headline.target:.0%}) — "
        f"cách tính: {headline.definition}",
        f"  hồ sơ được số hóa đầy đủ khi tiếp nhận {t.dossiers_digitised_at_intake}/{t.dossiers_received}: "
        f"{_pct(t.intake_digitisation_rate)}",
        f"  hồ sơ trả kết quả {t.results_returned}, có kết quả được số hóa {t.results_digitised}: "
        f"{_pct(t.result_digitisation_rate)}",
        f"  kết quả cũ (lưu trữ giấy) được số hóa trong kỳ: {t.backlog_results_digitised}",
    ]


def _row_digitisation(r: Row) -> str:
    if r.dossiers_received is None:  # a document type: only the backlog results are of it
        return f"; kết quả cũ số hóa {r.backlog_results_digitised}"
    return (f"; số hóa hồ sơ, kết quả {_pct(r.dossier_result_digitisation_rate)} (tiếp nhận "
            f"{r.dossiers_digitised_at_intake}/{r.dossiers_received}, kết quả {r.results_digitised}/"
            f"{r.results_returned}, kết quả cũ {r.backlog_results_digitised})")


def text_lines(report: Report) -> list[str]:
    p, t = report.period, report.totals
    lines = [
        f"Kỳ {p.label} ({KIND_VI.get(p.kind, p.kind)}): {_local(p.start)} .. {_local(p.end)} ({p.timezone})",
        f"  hồ sơ tiếp nhận {t.dossiers_received}, có tái sử dụng {t.dossiers_with_reuse}: {_pct(t.dossier_reuse_rate)}",
        f"  thành phần tái sử dụng {t.components_reused}, nộp {t.components_submitted}, "
        f"bỏ lỡ tái sử dụng {t.components_missed_reuse}: tỷ lệ tái sử dụng {_pct(t.component_reuse_rate)} "
        f"(mục tiêu {report.target_reuse_rate:.0%})",
        f"  số hóa khi tiếp nhận {t.components_digitised}/{t.components_submitted}: {_pct(t.digitisation_rate)}",
        f"  giấy tờ khác đã nộp (không phải thành phần của thủ tục): {t.papers_other}",
        *digitisation_lines(report),
    ]
    for title, rows in (("Theo thủ tục", report.by_procedure), ("Theo loại giấy tờ", report.by_document_type),
                        ("Theo công chức", report.by_officer)):
        if rows:
            lines.append(f"{title}:")
            lines += [f"  {r.name}: tái sử dụng {r.components_reused}, nộp {r.components_submitted}, "
                      f"bỏ lỡ {r.components_missed_reuse}, tỷ lệ {_pct(r.component_reuse_rate)}"
                      f"{_row_digitisation(r)}" for r in rows]
    if report.names_centres:
        lines.append("Theo trung tâm:" if report.centre is None else f"Trung tâm {report.centre}:")
        lines += [f"  {r.name} ({r.key or DASH}): hồ sơ tiếp nhận {r.dossiers_received}, tái sử dụng "
                  f"{r.components_reused}, nộp {r.components_submitted}, bỏ lỡ {r.components_missed_reuse}, "
                  f"tỷ lệ {_pct(r.component_reuse_rate)}{_row_digitisation(r)}" for r in report.by_centre]
        origin = report.reuse_by_origin
        lines.append(f"  tái sử dụng giấy tờ tiếp nhận tại chính trung tâm {origin.same_centre}, "
                     f"tại trung tâm khác {origin.other_centre}")
    lines.append("Xu hướng: " + ", ".join(f"{r.period} {_pct(r.component_reuse_rate)}" for r in report.trend))
    lines.append("Xu hướng số hóa hồ sơ, kết quả: "
                 + ", ".join(f"{r.period} {_pct(r.dossier_result_digitisation_rate)}" for r in report.trend))
    return lines


def export(report: Report, fmt: str, out: Path | None) -> str | None:
    """Write the report to `out` (xlsx and png need one); return the text when there is no `out`."""
    if fmt in ("xlsx", "png"):
        if out is None:
            raise ValueError(f"--format {fmt} needs --out FILE")
        (write_xlsx if fmt == "xlsx" else write_png)(report, out)
        return None
    if fmt == "json":
        text = to_json(report)
    elif fmt == "csv":
        text = to_csv(report)
    elif fmt == "text":
        text = "\n".join(text_lines(report)) + "\n"
    else:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if out is None:
        return text
    out.write_text(text, encoding="utf-8-sig" if fmt == "csv" else "utf-8")
    return None
