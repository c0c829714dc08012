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
from dossier.events import VALIDITY_CONFIRMED, DossierError
from dossier.results import ResultFileRefused
from dossier.export import LABELS_VI, write_png, write_xlsx
from dossier.periods import PeriodError
from dossier.periods import problem_vi as period_problem_vi
from dossier.present import EXPIRED_REUSE_VI, STATUS_VI, VALIDITY_CONFIRMED_VI, VALIDITY_VI
from dossier.procedures import UnknownProcedure, load_procedures
from index.codes import MAX_CODE, valid_code
from index.grouping import centre_today, group_hits, validity_of
from index.models import SearchHit, centre_timezone
from pipeline import dossiers, query, review_actions
from pipeline.citizen_input import parse_citizen_input
from pipeline.review import ReviewError
from web.images import thumbnail_jpeg
from web.wording import error_vi, printable, vi

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
    return _search_page(asked)


def _search_page(asked: str, notes: list[str] | None = None):
    as_id = _looks_like_id(asked)
    try:  # an empty or invalid ID, or words without a letter or digit, never become "no filter"
        checked = query.build_query(citizen=asked, limit=200) if as_id else query.build_query(text=asked, limit=100)
    except query.QueryRefused as exc:  # shown back without control characters (NUL...)
        shown = "" if as_id else "".join(ch for ch in asked if ch.isprintable())
        return render_template("search.html", asked=shown, result=None, problem=exc.text("vi")), 400
    citizen = checked.citizen
    results = query.search_results(_data(), checked.query, _settings().index_kind, g.actor)
    found, waiting = results.found, results.review
    _shown(*(f.document.id for f in found), *(d.id for d in waiting))
    groups = group_hits([f.hit for f in found])
    waiting_groups = group_hits([query.hit_of(d) for d in waiting])
    records = {f.document.id: f.document for f in found} | {d.id: d for d in waiting}
    return render_template("search.html", asked="" if citizen else asked, citizen=citizen, groups=groups,
                           records=records, result=found, waiting_groups=waiting_groups, waiting=waiting,
                           type_name=_type_name, validity_vi=VALIDITY_VI, procedures=_procedures(),
                           new_code=_new_code(), notes=notes or [])


@pages.post("/tim-kiem/xac-nhan/<doc_id>")
def search_confirm(doc_id: str):
    """Confirm, from an ID search, that a waiting document naming that ID is the citizen's:
    the review decision `hoso review confirm DOC --citizen-id ID` makes (audited)."""
    citizen = parse_citizen_input(request.form.get("citizen", ""))
    try:
        review_actions.confirm(_data(), doc_id, g.actor, citizen.citizen_id)
        note = f"Đã xác nhận {doc_id} thuộc về công dân {citizen.citizen_id}."
    except ReviewError as exc:
        note = f"{doc_id}: không xác nhận được — {exc.vi or error_vi(exc)}"
    return _search_page(citizen.citizen_id, [note])


# --- one document --------------------------------------------------------------------------------

@pages.get("/tai-lieu/<doc_id>")
def document(doc_id: str):
    record = query.show(_data(), doc_id, g.actor)
    if record is None:
        abort(404, f"Không có tài liệu «{printable(doc_id)}».")
    _shown(record.id)
    hit = SearchHit(id=record.id, score=0, citizen_id=record.citizen_id, doc_type=record.doc_type,
                    received_at=record.received_at, issue_date=record.issue_date, expiry_date=record.expiry_date)
    validity = validity_of(hit, default_taxonomy(), centre_today())
    notes = g.session.flash[:]
    g.session.flash.clear()
    return render_template("document.html", doc=record, validity=validity, validity_vi=VALIDITY_VI,
                           type_name=_type_name, procedures=_procedures(), new_code=_new_code(), notes=notes)


def _allowed_image(doc_id: str) -> None:
    """Only documents this session was shown in an audited view, and only while the role allows."""
    authorize_at(_data().catalogue, g.actor, "show")
    _was_shown(doc_id, "Mở tài liệu trước khi xem ảnh.")


def _was_shown(doc_id: str, message: str) -> None:
    # One rule for everything that shows a paper's content (page images, thumbnails, the PDF).
    if doc_id not in g.session.shown:
        abort(404, message)


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
    _was_shown(doc_id, "Mở tài liệu trước khi tải PDF.")
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "document.pdf"
        try:
            record = query.export_pdf(_data(), doc_id, out, g.actor)
        except query.ExportError as exc:
            abort(404, vi(str(exc)))  # worded without the data folder's path
        payload = out.read_bytes()
    response = current_app.response_class(payload, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{record.id}.pdf"'
    return response


# --- dossiers ------------------------------------------------------------------------------------

@pages.get("/ho-so")
def dossier_form():
    return render_template("dossier_form.html", procedures=_procedures(), new_code=_new_code())


_BAD_CODE_VI = f"Mã hồ sơ không hợp lệ: chỉ gồm chữ cái, chữ số, dấu '.', '-', '_' (tối đa {MAX_CODE} ký tự)."


@pages.post("/ho-so/mo")
def dossier_open():
    code = request.form.get("dossier", "").strip()
    citizen = parse_citizen_input(request.form.get("citizen", ""))
    if not valid_code(code):  # the one rule for codes (index/codes.py)
        return render_template("dossier_form.html", procedures=_procedures(), new_code=_new_code(),
                               problem=_BAD_CODE_VI), 400
    if citizen.refusal is not None:
        return render_template("dossier_form.html", procedures=_procedures(), new_code=code or _new_code(),
                               problem=render_reason(citizen.refusal, "vi")), 400
    try:
        opened = dossiers.open_dossier(_data(), code, citizen.citizen_id, request.form.get("procedure", ""), g.actor)
        g.session.flash.extend(f"Lưu ý: {vi(w)}" for w in opened.warnings)  # e.g. the code was opened before
    except UnknownProcedure:
        return render_template("dossier_form.html", procedures=_procedures(), new_code=code,
                               problem="Thủ tục này không có trong danh mục: chọn một thủ tục trong danh sách."), 400
    except DossierError as exc:
        return render_template("dossier_form.html", procedures=_procedures(), new_code=code,
                               problem=exc.vi or error_vi(exc)), 400
    return redirect(url_for("pages.dossier", code=code))


@pages.get("/ho-so/<code>")
def dossier(code: str):
    try:
        view = dossiers.show_dossier(_data(), code, g.actor)
    except DossierError as exc:
        abort(404, exc.vi or error_vi(exc))
    _shown(*(c.document_id for component in view.components for c in component.candidates),
           *(doc_id for component in view.components for doc_id in component.reused), *view.results)
    notes = g.session.flash[:]
    g.session.flash.clear()
    return render_template("dossier.html", view=view, status_vi=STATUS_VI, validity_vi=VALIDITY_VI,
                           expired_reuse_vi=EXPIRED_REUSE_VI,
                           type_name=_type_name, notes=notes)


def _component_name(event) -> str:
    """The component's Vietnamese name (the officer's words), else its key."""
    procedure = load_procedures().procedures.get(event.procedure or "")
    component = procedure.component(event.component) if procedure and event.component else None
    return f"«{component.name_vi}»" if component else (event.component or _type_name(event.doc_type))


@pages.post("/ho-so/<code>/dung-lai")
def dossier_reuse(code: str):
    document_id = request.form.get("document", "")
    try:
        event, warnings = dossiers.reuse(_data(), code, document_id, g.actor, request.form.get("component") or None,
                                         confirm_validity=request.form.get("xac_nhan_han") == "1")
        g.session.flash.append(f"Đã tái sử dụng {document_id} cho thành phần {_component_name(event)}.")
        if event.note == VALIDITY_CONFIRMED:
            g.session.flash.append(f"Lưu ý: {VALIDITY_CONFIRMED_VI} (đã ghi vào nhật ký hồ sơ).")
        g.session.flash.extend(f"Lưu ý: {vi(w)}" for w in warnings)
    except DossierError as exc:
        g.session.flash.append(f"Không tái sử dụng được: {exc.vi or error_vi(exc)}")
    return redirect(url_for("pages.dossier", code=code))


_NO_FILE_VI = ("Chưa chọn tệp kết quả: chọn bản quét kết quả để số hóa, hoặc đánh dấu «Trả kết quả không quét» "
               "nếu không quét được.")


@pages.post("/ho-so/<code>/tra-ket-qua")
def dossier_result(code: str):
    """Trả kết quả: the officer at the counter hands the result back, scanning it (one or more
    files) or, when it cannot be scanned, saying so (counted as not digitised)."""
    uploads = [f for f in request.files.getlist("ket_qua") if f and f.filename]
    if not uploads and request.form.get("khong_quet") != "1":
        g.session.flash.append(f"Chưa trả kết quả: {_NO_FILE_VI}")
        return redirect(url_for("pages.dossier", code=code))
    with tempfile.TemporaryDirectory(prefix="hoso-ket-qua-") as folder:
        paths = [_saved(upload, Path(folder), number) for number, upload in enumerate(uploads, start=1)]
        try:
            record, _ = dossiers.return_result(_data(), code, paths, g.actor, _result_options(),
                                               _settings().index_kind)
        except ResultFileRefused as exc:  # named as the officer chose them, not as saved here
            current_app.logger.info("result of %s not returned: %s", code, exc)
            names = {str(path): upload.filename for path, upload in zip(paths, uploads)}
            refused = ", ".join(f"«{printable(names.get(o.path, o.path))}»" for o in exc.outcomes)
            g.session.flash.append(f"Chưa trả kết quả: không đọc được tệp {refused} (cần bản quét PDF, TIFF, JPEG "
                                   "hoặc PNG còn nguyên vẹn). Quét lại tệp này rồi trả kết quả.")
            return redirect(url_for("pages.dossier", code=code))
        except DossierError as exc:
            current_app.logger.info("result of %s not returned: %s", code, exc)
            g.session.flash.append(f"Chưa trả kết quả: {exc.vi or error_vi(exc)}")
            return redirect(url_for("pages.dossier", code=code))
    when = record.returned_at.astimezone(centre_timezone()).strftime("%d/%m/%Y %H:%M")
    if record.digitised:
        g.session.flash.append(f"Đã trả kết quả hồ sơ {code} lúc {when}: {len(record.documents)} giấy tờ kết quả "
                               "đã được số hóa và lưu vào kho.")
    else:
        g.session.flash.append(f"Đã trả kết quả hồ sơ {code} lúc {when}, không quét kết quả (chưa số hóa).")
    for doc in record.documents:
        if doc.link_status != "linked":
            g.session.flash.append(f"Lưu ý: giấy tờ {doc.id} chưa gắn với công dân, đang chờ xét duyệt.")
    return redirect(url_for("pages.dossier", code=code))


def _saved(upload, folder: Path, number: int) -> Path:
    """The uploaded scan in the request's own folder, under a name that cannot leave it."""
    from werkzeug.utils import secure_filename

    suffix = Path(upload.filename).suffix.lower()
    name = secure_filename(Path(upload.filename).name) or f"ket-qua{suffix if suffix.isascii() else ''}"
    path = folder / f"{number:02d}-{name}"
    upload.save(path)
    return path


def _result_options():
    from pipeline.models import IngestOptions

    return IngestOptions(jobs=min(2, IngestOptions().jobs))


# --- statistics ----------------------------------------------------------------------------------

def _period() -> str:
    return request.args.get("ky") or f"{datetime.now(centre_timezone()):%Y-%m}"


# The centre picker's value for the whole province: "*" is no centre code (index/codes.py's rule).
WHOLE_PROVINCE = "*"


def _centre_choice() -> tuple[str | None, bool]:
    """(centre, all centres) from the picker `trung_tam`: empty = the officer's own (the default
    of `hoso stats`), WHOLE_PROVINCE = every centre, else a code of `hoso centres list` (400 otherwise)."""
    from access.centres import list_centres

    chosen = request.args.get("trung_tam", "").strip()
    if not chosen:
        return None, False
    if chosen == WHOLE_PROVINCE:
        return None, True
    if chosen not in {c.code for c in list_centres(_data().catalogue)}:
        abort(400, f"Không có trung tâm mã «{printable(chosen, 40)}»: chọn trong danh sách.")
    return chosen, False


def _statistics(period: str):
    centre, all_centres = _centre_choice()
    return dossiers.statistics(_data(), period, 6, g.actor, centre, all_centres)


@pages.get("/thong-ke")
def stats():
    from access.centres import list_centres

    period = _period()
    choice = dict(chosen=request.args.get("trung_tam", "").strip(), centres=list_centres(_data().catalogue),
                  whole_province=WHOLE_PROVINCE)
    try:
        report = _statistics(period)
    except PeriodError:
        return render_template("stats.html", period=period, report=None, problem=period_problem_vi(period),
                               **choice), 400
    return render_template("stats.html", period=period, report=report, labels=LABELS_VI, **choice)


def _report_file(suffix: str, write) -> bytes:
    try:
        report = _statistics(_period())
    except PeriodError:
        abort(400, period_problem_vi(_period()))
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
    code = request.args.get("ma", "").strip()
    if not valid_code(code):  # a '/' would lead to another address: the rule of index/codes.py
        return render_template("dossier_form.html", procedures=_procedures(), new_code=_new_code(),
                               problem=_BAD_CODE_VI), 400
    return redirect(url_for("pages.dossier", code=code))


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

def _type_choices() -> list[tuple[str, str]]:
    taxonomy = default_taxonomy()
    return sorted(((key, t.name_vi) for key, t in taxonomy.types.items()), key=lambda kv: kv[1])


@pages.app_context_processor
def _review_helpers():
    return {"review_types": _type_choices}


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
            record = review_actions.relink(_data(), doc_id, citizen.citizen_id, g.actor, request.form.get("reason"))
        elif action == "retype":
            record = review_actions.retype(_data(), doc_id, request.form.get("doc_type", ""), g.actor,
                                           request.form.get("reason"))
        else:
            abort(400, "thao tác không hợp lệ")
        g.session.flash.append(f"{doc_id}: {_type_name(record.doc_type)}, "
                               f"{'đã liên kết với ' + record.citizen_id if record.citizen_id else 'chưa liên kết'}.")
    except ReviewError as exc:
        g.session.flash.append(f"{doc_id}: không thực hiện được — {exc.vi or error_vi(exc)}")
    if request.form.get("from") == "document":  # a correction made from the document's page
        return redirect(url_for("pages.document", doc_id=doc_id))
    return redirect(url_for("pages.review"))
