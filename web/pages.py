"""The officers' pages. Papers are read only through pipeline/ (which authorizes and audits)."""

from __future__ import annotations

import secrets
import tempfile
from datetime import datetime
from pathlib import Path

from flask import Blueprint, abort, current_app, g, redirect, render_template, request, send_file, url_for

from access.officers import authorize_at
from classify.reasons import render as render_reason
from classify.taxonomy import default_taxonomy
from dossier.events import DossierError
from dossier.export import LABELS_VI, write_png, write_xlsx
from dossier.periods import PeriodError
from dossier.present import STATUS_VI, VALIDITY_VI
from dossier.procedures import load_procedures
from index.grouping import centre_today, group_hits, validity_of
from index.models import SearchHit, centre_timezone
from pipeline import dossiers, query, review_actions
from pipeline.citizen_input import parse_citizen_input
from pipeline.review import ReviewError
from web.images import thumbnail_jpeg

pages = Blueprint("pages", __name__)
HTML_PAGES = {"pages.home", "pages.document", "pages.dossier_form", "pages.dossier", "pages.stats",
              "pages.review", "pages.audit_page"}


def _settings():
    return current_app.config["HOSO"]


def _data():
    return _settings().data


def _type_name(key: str | None) -> str:
    taxonomy = default_taxonomy()
    return taxonomy.get(key or taxonomy.fallback).name_vi


def _looks_like_id(text: str) -> bool:
    return "|" in text or "".join(text.split()).isdigit()


def _procedures():
    return sorted(load_procedures().procedures.values(), key=lambda p: p.name_vi)


def _new_code() -> str:
    return f"HS-{datetime.now(centre_timezone()):%Y%m%d}-{secrets.token_hex(3).upper()}"


def _shown(*doc_ids: str) -> None:
    g.session.shown.update(doc_ids)


# --- search --------------------------------------------------------------------------------------

@pages.get("/")
def home():
    return render_template("search.html", asked="", result=None)


@pages.post("/tim-kiem")
def search():
    asked = request.form.get("q", "").strip()
    if not asked:
        return render_template("search.html", asked="", result=None, problem="Nhập số định danh hoặc quét mã QR.")
    as_id = _looks_like_id(asked)
    try:  # an empty or invalid ID, or words without a letter or digit, never become "no filter"
        checked = query.build_query(citizen=asked, limit=200) if as_id else query.build_query(text=asked, limit=100)
    except query.QueryRefused as exc:  # shown back without control characters (NUL...)
        shown = "" if as_id else "".join(ch for ch in asked if ch.isprintable())
        return render_template("search.html", asked=shown, result=None, problem=exc.text("vi")), 400
    citizen = checked.citizen
    found = query.search(_data(), checked.query, _settings().index_kind, g.actor)
    _shown(*(f.document.id for f in found))
    groups = group_hits([f.hit for f in found])
    records = {f.document.id: f.document for f in found}
    return render_template("search.html", asked="" if citizen else asked, citizen=citizen, groups=groups,
                           records=records, result=found, type_name=_type_name, validity_vi=VALIDITY_VI,
                           procedures=_procedures(), new_code=_new_code())


# --- one document --------------------------------------------------------------------------------

@pages.get("/tai-lieu/<doc_id>")
def document(doc_id: str):
    record = query.show(_data(), doc_id, g.actor)
    if record is None:
        abort(404, f"Không có tài liệu {doc_id}.")
    _shown(record.id)
    hit = SearchHit(id=record.id, score=0, citizen_id=record.citizen_id, doc_type=record.doc_type,
                    received_at=record.received_at, issue_date=record.issue_date, expiry_date=record.expiry_date)
    validity = validity_of(hit, default_taxonomy(), centre_today())
    return render_template("document.html", doc=record, validity=validity, validity_vi=VALIDITY_VI,
                           type_name=_type_name, procedures=_procedures(), new_code=_new_code())


def _allowed_image(doc_id: str) -> None:
    """Only documents this session was shown in an audited view, and only while the role allows."""
    authorize_at(_data().catalogue, g.actor, "show")
    if doc_id not in g.session.shown:
        abort(404, "Mở tài liệu trước khi xem ảnh.")


@pages.get("/tai-lieu/<doc_id>/trang/<int:number>.jpg")
def page_image(doc_id: str, number: int):
    _allowed_image(doc_id)
    path = query.page_image(_data(), doc_id, number)
    if path is None:
        abort(404, "Không có ảnh trang này.")
    return send_file(path, mimetype="image/jpeg")


@pages.get("/tai-lieu/<doc_id>/anh-nho.jpg")
def thumbnail(doc_id: str):
    _allowed_image(doc_id)
    path = query.page_image(_data(), doc_id)
    if path is None:
        abort(404, "Không có ảnh.")
    return current_app.response_class(thumbnail_jpeg(path), mimetype="image/jpeg")


@pages.get("/tai-lieu/<doc_id>/pdf")
def document_pdf(doc_id: str):
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / f"{doc_id}.pdf"
        try:
            query.export_pdf(_data(), doc_id, out, g.actor)
        except query.ExportError as exc:
            abort(404, str(exc))
        payload = out.read_bytes()
    response = current_app.response_class(payload, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{doc_id}.pdf"'
    return response


# --- dossiers ------------------------------------------------------------------------------------

@pages.get("/ho-so")
def dossier_form():
    return render_template("dossier_form.html", procedures=_procedures(), new_code=_new_code())


@pages.post("/ho-so/mo")
def dossier_open():
    code = request.form.get("dossier", "").strip()
    citizen = parse_citizen_input(request.form.get("citizen", ""))
    if citizen.problems:
        return render_template("dossier_form.html", procedures=_procedures(), new_code=code or _new_code(),
                               problem=f"Số định danh {citizen.citizen_id} không hợp lệ."), 400
    try:
        dossiers.open_dossier(_data(), code, citizen.citizen_id, request.form.get("procedure", ""), g.actor)
    except DossierError as exc:
        return render_template("dossier_form.html", procedures=_procedures(), new_code=code, problem=str(exc)), 400
    return redirect(url_for("pages.dossier", code=code))


@pages.get("/ho-so/<code>")
def dossier(code: str):
    try:
        view = dossiers.show_dossier(_data(), code, g.actor)
    except DossierError as exc:
        abort(404, str(exc))
    _shown(*(c.document_id for component in view.components for c in component.candidates),
           *(doc_id for component in view.components for doc_id in component.reused))
    notes = g.session.flash[:]
    g.session.flash.clear()
    return render_template("dossier.html", view=view, status_vi=STATUS_VI, validity_vi=VALIDITY_VI,
                           type_name=_type_name, notes=notes)


@pages.post("/ho-so/<code>/dung-lai")
def dossier_reuse(code: str):
    document_id = request.form.get("document", "")
    try:
        event, warnings = dossiers.reuse(_data(), code, document_id, g.actor, request.form.get("component") or None)
        g.session.flash.append(f"Đã tái sử dụng {document_id} cho thành phần {event.component or event.doc_type}.")
        g.session.flash.extend(f"Lưu ý: {w}" for w in warnings)
    except DossierError as exc:
        g.session.flash.append(f"Không tái sử dụng được: {exc}")
    return redirect(url_for("pages.dossier", code=code))


# --- statistics ----------------------------------------------------------------------------------

def _period() -> str:
    return request.args.get("ky") or f"{datetime.now(centre_timezone()):%Y-%m}"


@pages.get("/thong-ke")
def stats():
    period = _period()
    try:
        report = dossiers.statistics(_data(), period, 6, g.actor)
    except PeriodError as exc:
        return render_template("stats.html", period=period, report=None, problem=str(exc)), 400
    return render_template("stats.html", period=period, report=report, labels=LABELS_VI)


def _report_file(suffix: str, write) -> bytes:
    try:
        report = dossiers.statistics(_data(), _period(), 6, g.actor)
    except PeriodError as exc:
        abort(400, str(exc))
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / f"report{suffix}"
        write(report, out)
        return out.read_bytes()


@pages.get("/thong-ke/bieu-do.png")
def stats_chart():
    return current_app.response_class(_report_file(".png", write_png), mimetype="image/png")


@pages.get("/thong-ke/bao-cao.xlsx")
def stats_xlsx():
    response = current_app.response_class(
        _report_file(".xlsx", write_xlsx),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response.headers["Content-Disposition"] = f'attachment; filename="thong-ke-{_period()}.xlsx"'
    return response


@pages.get("/ho-so/xem")
def dossier_lookup():
    return redirect(url_for("pages.dossier", code=request.args.get("ma", "").strip() or "-"))


# --- the audit log (supervisors) -----------------------------------------------------------------

@pages.get("/nhat-ky")
def audit_page():
    authorize_at(_data().catalogue, g.actor, "audit")
    return render_template("audit.html", citizen=None, entries=None)


@pages.post("/nhat-ky")
def audit_search():
    citizen = parse_citizen_input(request.form.get("citizen", ""))
    if citizen.refusal is not None:  # an empty ID must not become a question about nobody in particular
        authorize_at(_data().catalogue, g.actor, "audit")
        return render_template("audit.html", citizen=None, entries=None,
                               problem=render_reason(citizen.refusal, "vi")), 400
    entries = query.audit_trail(_data(), citizen.citizen_id, g.actor)
    return render_template("audit.html", citizen=citizen, entries=entries)


# --- the review queue ----------------------------------------------------------------------------

@pages.get("/xet-duyet")
def review():
    items = review_actions.pending(_data(), g.actor)
    _shown(*(i.id for i in items))
    notes = g.session.flash[:]
    g.session.flash.clear()
    taxonomy = default_taxonomy()
    types = sorted(((key, t.name_vi) for key, t in taxonomy.types.items()), key=lambda kv: kv[1])
    return render_template("review.html", items=items, notes=notes, type_name=_type_name, types=types)


@pages.post("/xet-duyet/<doc_id>")
def review_decide(doc_id: str):
    action = request.form.get("action")
    try:
        if action == "confirm":
            record = review_actions.confirm(_data(), doc_id, g.actor)
        elif action == "relink":
            citizen = parse_citizen_input(request.form.get("citizen", ""))
            record = review_actions.relink(_data(), doc_id, citizen.citizen_id, g.actor)
        elif action == "retype":
            record = review_actions.retype(_data(), doc_id, request.form.get("doc_type", ""), g.actor)
        else:
            abort(400, "thao tác không hợp lệ")
        g.session.flash.append(f"{doc_id}: {_type_name(record.doc_type)}, "
                               f"{'đã liên kết với ' + record.citizen_id if record.citizen_id else 'chưa liên kết'}.")
    except ReviewError as exc:
        g.session.flash.append(f"{doc_id}: không thực hiện được — {exc}")
    return redirect(url_for("pages.review"))
