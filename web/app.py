"""The Flask application: sign-in, the guard in front of every page, CSRF, security headers.

Requests without a live session get no citizen data: a page is redirected to the sign-in,
anything else (images, PDFs, form posts) is answered 401. Every POST carries the session's
CSRF token. Roles are enforced where the papers are read (pipeline/, access.roles).
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass, replace
from datetime import datetime

from flask import Flask, abort, g, redirect, render_template, request, url_for
from werkzeug.exceptions import HTTPException

from access.audit import record_event
from access.models import AccessDenied, Actor
from access.officers import SignInOutcome, attempt_sign_in, session_ok
from access.roles import allowed
from catalogue.database import CatalogueUnreachable
from index.backend import BackendUnavailable
from classify.reasons import render as render_reason
from classify.titles import display_title
from dossier.present import result_label
from access.throttle import wait_minutes
from catalogue.database import exists as catalogue_exists
from catalogue.times import now_utc
from index.models import centre_timezone
from pipeline.datadir import DataDir
from web import wording
from web.sessions import SessionStore, same_token

SESSION_COOKIE = "hoso_phien"
PRE_COOKIE = "hoso_dang_nhap"  # CSRF token of the sign-in form (no session yet)
PUBLIC = {"sign_in", "sign_in_post", "static"}
# Routes that take scans (the result handed back at the counter): their own request size limit;
# every other form stays within MAX_CONTENT_LENGTH
UPLOADS = {"pages.dossier_result": 200 * 1024**2}


HTTP_VI: dict[int, tuple[str, str]] = {
    400: ("Yêu cầu không hợp lệ", "Yêu cầu không hợp lệ."),
    401: ("Chưa đăng nhập", "Vui lòng đăng nhập."),
    403: ("Không được phép", "Bạn không có quyền xem trang này."),
    404: ("Không tìm thấy", "Không có trang này."),
    405: ("Yêu cầu không hợp lệ", "Trang này không nhận cách gửi này."),
    413: ("Yêu cầu quá lớn", "Dữ liệu gửi lên quá lớn."),
    429: ("Thử lại sau", "Quá nhiều yêu cầu: vui lòng thử lại sau ít phút."),
}


@dataclass(frozen=True)
class Settings:
    data: DataDir
    index_kind: str = "sqlite"
    idle_minutes: float = 15
    lifetime_hours: float = 8
    secure_cookies: bool = False  # true behind HTTPS
    centre: str | None = None  # the centre this server acts for (recorded in audit entries)


def create_app(settings: Settings) -> Flask:
    # Flask reads relative paths against the web package, not the folder the server started in.
    settings = replace(settings, data=DataDir(settings.data.root.resolve()))
    app = Flask(__name__)
    app.config["HOSO"] = settings
    app.config["MAX_CONTENT_LENGTH"] = 64 * 1024
    sessions = SessionStore(settings.idle_minutes * 60, settings.lifetime_hours * 3600)
    app.extensions["hoso_sessions"] = sessions

    def cookie(response, name: str, value: str, max_age: int | None = None) -> None:
        response.set_cookie(name, value, max_age=max_age, httponly=True, samesite="Strict",
                            secure=settings.secure_cookies, path="/")

    def live_session():
        """(the session, why it ended: None, "het_han" idle/lifetime, "thay_doi" credentials changed)."""
        session, expired = sessions.get(request.cookies.get(SESSION_COOKIE))
        if session is not None and not session_ok(settings.data.catalogue, session.officer, session.role,
                                                  session.credential_version):
            sessions.end(session.token)
            record_event(settings.data.catalogue, session.officer, "session_ended", f"web:{request.remote_addr}",
                         "password, role or active flag changed", centre=settings.centre)
            return None, "thay_doi"
        return session, "het_han" if expired else None

    @app.before_request
    def guard():
        g.session, ended = live_session()
        g.actor = Actor(g.session.officer, f"web:{request.remote_addr}", settings.centre) if g.session else None
        if request.endpoint in PUBLIC:
            return None
        if g.session is None:
            if request.method == "GET" and request.endpoint in app.config["HTML_PAGES"]:
                return redirect(url_for("sign_in", **({ended: 1} if ended else {})))
            abort(401)
        if request.endpoint in UPLOADS:  # result scans: set before the form (and its token) is read
            request.max_content_length = UPLOADS[request.endpoint]
        if request.method == "POST" and not same_token(g.session.csrf, request.form.get("csrf")):
            abort(400, "biểu mẫu không hợp lệ hoặc đã cũ: tải lại trang")
        return None

    @app.after_request
    def headers(response):
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Content-Security-Policy"] = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'"
        return response

    @app.context_processor
    def common():
        return {"me": g.get("session"), "can": lambda permission: g.get("session") is not None
                and allowed(g.session.role, permission), "csrf": g.session.csrf if g.get("session") else ""}

    @app.template_filter("local")
    def local(moment: datetime | None, fmt: str = "%d/%m/%Y %H:%M") -> str:
        return moment.astimezone(centre_timezone()).strftime(fmt) if moment else "—"

    @app.template_filter("vn_date")
    def vn_date(day) -> str:
        return day.strftime("%d/%m/%Y") if day else "—"

    # Officer-facing wording (web/wording.py): lower layers speak English to the command line.
    app.add_template_filter(wording.vi, "vi")
    app.add_template_filter(lambda reason: render_reason(reason, "vi"), "reason_vi")  # a Reason's own words
    app.add_template_filter(wording.vi_list, "vi_list")
    app.add_template_filter(wording.printable, "printable")
    app.add_template_filter(wording.audit_detail, "audit_detail")
    app.add_template_global(display_title, "shown_title")
    app.add_template_global(result_label, "result_label")  # "kết quả của hồ sơ CODE" / "kết quả lưu trữ"
    app.add_template_global(wording.ROLE_VI, "role_vi")
    app.add_template_global(wording.AUDIT_ACTION_VI, "audit_action_vi")

    @app.template_filter("link_reason")
    def link_reason(item) -> str:
        english = getattr(item, "link_reason", None) or getattr(item, "reason", None)
        return wording.link_reason(getattr(item, "link_reason_code", None), english)

    @app.get("/dang-nhap", endpoint="sign_in")
    def sign_in_page():
        if request.args.get("thay_doi"):
            return _sign_in_form("Phiên làm việc đã kết thúc vì mật khẩu, quyền hoặc trạng thái tài khoản "
                                 "vừa thay đổi. Vui lòng đăng nhập lại.")
        return _sign_in_form(request.args.get("het_han") and "Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại.")

    def _sign_in_form(message: str | None, status: int = 200, name: str = "", retry_after: int | None = None):
        token = secrets.token_urlsafe(32)
        response = app.make_response((render_template("sign_in.html", message=message, pre_csrf=token, name=name),
                                      status))
        cookie(response, PRE_COOKIE, token, max_age=3600)
        if retry_after is not None:
            response.headers["Retry-After"] = str(retry_after)
        return response

    def _refused_sign_in(outcome: SignInOutcome, name: str):
        if outcome.busy:
            return _sign_in_form("Hệ thống đang bận kiểm tra đăng nhập. Vui lòng thử lại sau vài giây.", 503, name,
                                 retry_after=2)
        if outcome.locked_until is not None:
            minutes = wait_minutes(outcome.locked_until, now_utc())
            at = outcome.locked_until.astimezone(centre_timezone()).strftime("%H:%M")
            return _sign_in_form(f"Đăng nhập tạm bị khóa vì đã nhập sai mật khẩu nhiều lần. Vui lòng thử lại "
                                 f"sau {at} (khoảng {minutes} phút nữa).", 429, name, retry_after=minutes * 60)
        return _sign_in_form("Sai tên đăng nhập hoặc mật khẩu (hoặc tài khoản đã bị khóa). Nhập sai nhiều lần "
                             "liên tiếp, việc đăng nhập sẽ tạm bị khóa.", 401, name)

    @app.post("/dang-nhap")
    def sign_in_post():
        if not same_token(request.cookies.get(PRE_COOKIE), request.form.get("csrf")):
            return _sign_in_form("Biểu mẫu đã cũ, vui lòng thử lại.", 400)
        name, password = request.form.get("name", ""), request.form.get("password", "")
        outcome = attempt_sign_in(settings.data.catalogue, name, password, f"web:{request.remote_addr}",
                                  centre=settings.centre) \
            if catalogue_exists(settings.data.catalogue) else SignInOutcome(None)
        officer = outcome.officer
        if officer is None:
            return _refused_sign_in(outcome, name)
        old = request.cookies.get(SESSION_COOKIE)
        if old:
            sessions.end(old)
        session = sessions.start(officer.name, officer.role, outcome.credential_version)
        response = redirect(url_for("pages.home"))
        cookie(response, SESSION_COOKIE, session.token)
        response.delete_cookie(PRE_COOKIE, path="/")
        return response

    @app.post("/dang-xuat")
    def sign_out():
        ended = sessions.end(g.session.token)
        if ended:
            record_event(settings.data.catalogue, ended.officer, "sign_out", g.actor.channel, centre=g.actor.centre)
        response = redirect(url_for("sign_in"))
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    @app.errorhandler(AccessDenied)
    def denied(exc):
        return render_template("message.html", title="Không được phép", message=wording.error_vi(exc)), 403

    @app.errorhandler(BackendUnavailable)
    def index_unavailable(exc):
        # One line for IT staff in the server log; the officer reads what to do, in Vietnamese.
        app.logger.warning("search index: %s", exc)
        return render_template("message.html", title="Tra cứu tạm thời không dùng được",
                               message="Máy chủ tìm kiếm không trả lời đúng. Giấy tờ đã lưu không bị mất; "
                                       "báo bộ phận công nghệ thông tin kiểm tra (hoso index status)."), 503

    @app.errorhandler(CatalogueUnreachable)
    def catalogue_unreachable(exc):
        # The province's catalogue server is down: nothing was written; the officer is told so.
        app.logger.warning("catalogue: %s", exc)
        return render_template("message.html", title="Không kết nối được cơ sở dữ liệu hồ sơ",
                               message="Máy chủ cơ sở dữ liệu hồ sơ của tỉnh không trả lời. Không có thay đổi nào "
                                       "được ghi; vui lòng thử lại sau ít phút hoặc báo bộ phận công nghệ thông "
                                       "tin."), 503

    @app.errorhandler(401)
    def unauthorized(exc):
        return render_template("message.html", title="Chưa đăng nhập", message="Vui lòng đăng nhập."), 401

    @app.errorhandler(HTTPException)
    def http_error(exc):
        title, default = HTTP_VI.get(exc.code, ("Yêu cầu không hợp lệ", "Không thực hiện được yêu cầu này."))
        # werkzeug's own English description when the route gave none
        given = exc.description if exc.description != type(exc).description else None
        if not given:
            message = default
        else:  # a route's own Vietnamese words as they are; anything else worded at the edge
            message = given if wording.written_in_vietnamese(given) else wording.vi(given)
        return render_template("message.html", title=title, message=message), exc.code

    @app.errorhandler(Exception)
    def server_error(exc):
        logging.getLogger("hoso.web").exception("unexpected error on %s", request.path)
        return render_template("message.html", title="Lỗi máy chủ",
                               message="Máy chủ gặp lỗi khi xử lý yêu cầu này; đã ghi vào nhật ký kỹ thuật."), 500

    from web.pages import HTML_PAGES, pages

    app.register_blueprint(pages)
    app.config["HTML_PAGES"] = HTML_PAGES
    return app
