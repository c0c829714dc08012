"""What an officer reads, in Vietnamese, at the web edge.

The layers below the web application speak English to IT staff on the command line
(exception messages, validity bases, dossier warnings, audit details). Officers read
Vietnamese only, so every such text passes through `vi()` before a page shows it:

- a reason kept as a code (classify/reasons.py) is worded from its Vietnamese template;
- a known English message is re-worded by the table below (pure string patterns, so the
  lower layers keep their English for the CLI unchanged);
- anything else becomes a generic Vietnamese sentence: the English original goes to the
  server log for IT staff, never to the page (an officer must not read half a sentence in
  a language the interface does not use).

Bilingual texts written as "Vietnamese / English" (the scan-quality reasons) keep their
Vietnamese half.
"""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from collections.abc import Callable, Iterable
from datetime import datetime

from access.roles import ACTION_VI
from classify.reasons import Reason, decode, render
from index.models import centre_timezone

log = logging.getLogger("hoso.web")

GENERIC = "Không thực hiện được yêu cầu này (chi tiết kỹ thuật đã ghi vào nhật ký máy chủ)."
NO_REASON_CODE = "bản ghi cũ, lý do chưa có bản tiếng Việt: đối chiếu với ảnh trang"
SOURCE_VI = {"officer": "công chức nhập", "text": "đọc từ giấy tờ", "index": "đọc từ giấy tờ",
             "none": "chưa rõ nguồn", "qr": "mã QR", "mrz": "vùng MRZ"}
ROLE_VI = {"operator": "vận hành", "officer": "công chức", "supervisor": "lãnh đạo",
           "province_supervisor": "giám sát cấp tỉnh"}
AUDIT_ACTION_VI = {**ACTION_VI, "sign_in": "đăng nhập", "sign_out": "đăng xuất", "officer_added": "thêm cán bộ",
                   "officer_changed": "sửa cán bộ", "password_changed": "đổi mật khẩu",
                   "dossier_open": "mở hồ sơ", "dossier_show": "xem hồ sơ", "reuse": "tái sử dụng",
                   "paper": "ghi nhận bản giấy", "dates": "ghi ngày cấp/hết hạn", "review_list": "xem danh sách chờ duyệt",
                   "confirm": "xác nhận liên kết", "relink": "liên kết lại", "retype": "sửa loại giấy tờ",
                   "result": "trả kết quả"}


def _day(iso: str) -> str:
    """An ISO date or moment as the centre's day (dd/mm/yyyy); moments are stored in UTC."""
    try:
        moment = datetime.fromisoformat(iso.strip())
    except ValueError:
        return iso
    if moment.tzinfo is not None:
        moment = moment.astimezone(centre_timezone())
    return moment.strftime("%d/%m/%Y")


def _source(name: str) -> str:
    return SOURCE_VI.get(name, name)


Rule = tuple[re.Pattern[str], Callable[[re.Match[str]], str]]


def _rule(pattern: str, word: Callable[[re.Match[str]], str]) -> Rule:
    return re.compile(pattern, re.DOTALL), word


_ISO = r"(\d{4}-\d{2}-\d{2}(?:[T ][\d:.+\-]+)?)"

# Whole-message patterns (anchored); the first that matches words the message.
RULES: list[Rule] = [
    # validity bases (dossier/validity.py)
    _rule(rf"no longer valid after {_ISO} by law", lambda m: f"hết hiệu lực theo quy định sau ngày {_day(m[1])}"),
    _rule(r"does not expire", lambda m: "không có thời hạn"),
    _rule(rf"expiry date {_ISO} \((\w+)\)", lambda m: f"có giá trị đến {_day(m[1])} ({_source(m[2])})"),
    _rule(r"no expiry date \((\w+)\)", lambda m: f"không thời hạn ({_source(m[1])})"),
    _rule(r"expiry date unknown: check the paper", lambda m: "chưa rõ ngày hết hạn: kiểm tra bản giấy"),
    _rule(rf"issued {_ISO} \((\w+)\), valid (\d+) months",
          lambda m: f"cấp ngày {_day(m[1])} ({_source(m[2])}), có giá trị {m[3]} tháng"),
    _rule(rf"scanned {_ISO}, more than (\d+) months ago",
          lambda m: f"quét ngày {_day(m[1])}, đã quá {m[2]} tháng"),
    _rule(r"issue date unknown \(valid (\d+) months from issue\): check the paper",
          lambda m: f"chưa rõ ngày cấp (có giá trị {m[1]} tháng kể từ ngày cấp): kiểm tra bản giấy"),
    # dossier warnings and errors (dossier/events.py)
    _rule(rf"already registered on {_ISO}", lambda m: f"hồ sơ đã được mở trước đó, ngày {_day(m[1])}"),
    _rule(r"validity unknown \((.*)\)", lambda m: f"chưa rõ hiệu lực ({vi(m[1])}): kiểm tra bản giấy trước khi dùng lại"),
    _rule(r"dossier '(.*)' is not registered.*", lambda m: f"Chưa có hồ sơ mã «{m[1]}»: mở hồ sơ trước."),
    _rule(r"unknown procedure '(.*)'.*", lambda m: f"Không có thủ tục mã «{m[1]}»."),
    _rule(r"document (\S+) is already reused in dossier (\S+)",
          lambda m: f"Giấy tờ {m[1]} đã được tái sử dụng cho hồ sơ {m[2]}."),
    _rule(r"document (\S+) is expired \((.*)\): ask for a valid paper",
          lambda m: f"Giấy tờ {m[1]} đã hết hiệu lực ({vi(m[2])}): đề nghị công dân nộp bản còn hiệu lực."),
    _rule(r"procedure (\S+) has no component '(.*)'", lambda m: f"Thủ tục {m[1]} không có thành phần «{m[2]}»."),
    _rule(r"component (\S+) takes (.*), not (\S+)",
          lambda m: f"Thành phần {m[1]} nhận loại giấy tờ {m[2]}, không nhận {m[3]}."),
    _rule(r"procedure (\S+) asks for no (\S+) document",
          lambda m: f"Thủ tục {m[1]} không yêu cầu giấy tờ loại {m[2]}."),
    _rule(r"component (\S+) \((.*)\) must be handed in for this dossier",
          lambda m: f"Thành phần «{m[2]}» phải nộp mới cho hồ sơ này."),
    _rule(r"component (\S+) already has its (\d+) document\(s\)",
          lambda m: f"Thành phần {m[1]} đã đủ {m[2]} giấy tờ."),
    _rule(r"no document '(.*)'(?: in .*)?", lambda m: "Không tìm thấy giấy tờ này."),
    _rule(r"the page images of (\S+) are missing.*",
          lambda m: f"Ảnh trang của giấy tờ {m[1]} không còn trong kho: cần nhập lại tệp gốc."),
    _rule(r"dossier '(.*)' is registered for citizen.*", lambda m: f"Mã hồ sơ «{m[1]}» đã dùng cho công dân khác."),
    # access (access/officers.py)
    _rule(r"officer '(.*)' is (operator|officer|supervisor|province_supervisor); (\w+) is for: (.*)",
          lambda m: f"Cán bộ {m[1]} ({ROLE_VI.get(m[2], m[2])}) không có quyền {ACTION_VI.get(m[3], m[3])}."),
    _rule(r"officer '(.*)' is deactivated.*", lambda m: f"Tài khoản {m[1]} đã bị khóa."),
    _rule(r"unknown officer '(.*)'.*", lambda m: f"Không có cán bộ {m[1]} trong danh sách."),
    _rule(r"who is acting\?.*", lambda m: "Chưa rõ cán bộ thực hiện."),
    # review decisions (pipeline/review.py)
    _rule(r"(\S+) has no proposed citizen to confirm.*",
          lambda m: f"{m[1]} chưa có công dân đề xuất để xác nhận: nhập số định danh để liên kết."),
    _rule(r"unknown document type '(.*)'.*", lambda m: f"Không có loại giấy tờ «{m[1]}»."),
    # statistics periods (dossier/periods.py)
    _rule(r"'(.*)' is not a period.*",
          lambda m: f"«{m[1]}» không phải kỳ báo cáo: dùng 2026-W12, 2026-03, 2026-Q1, 2026 hoặc 2026-03-01..2026-03-15."),
    _rule(r"(?:'(.*)': )?the range ends \((.*)\) before it starts \((.*)\)",
          lambda m: f"Khoảng ngày kết thúc ({m[2]}) trước khi bắt đầu ({m[3]})."),
    _rule(r"(\d+) has ISO weeks 1\.\.(\d+), not (\d+)", lambda m: f"Năm {m[1]} có các tuần 1..{m[2]}, không có tuần {m[3]}."),
    _rule(r"month (\d+) does not exist", lambda m: f"Không có tháng {m[1]}."),
    _rule(r"'(.*)': .*", lambda m: f"«{m[1]}» không phải kỳ báo cáo hợp lệ."),
]

_VI_LETTERS = re.compile(r"[À-ỹĐđ]")
# Common English words that are not also Vietnamese words written without diacritics
# ("to", "in", "an", "no" are: they are left out).
ENGLISH_WORDS = frozenset(
    "the is are was were be been of and or not with has have had this that these those from for by "
    "document documents page pages unknown valid expired linked waiting printed reason check "
    "which there their its it's it".split())
_ASCII_WORD = re.compile(r"(?<![\w'])[A-Za-z]+(?:'[a-z]+)?(?![\w'])")


def english_words(text: str) -> list[str]:
    """The common English words in `text`, as whole words (for the wording checks and tests)."""
    return [w for w in _ASCII_WORD.findall(text) if w.lower() in ENGLISH_WORDS]


def printable(text: str, limit: int = 80) -> str:
    """Text from a request or a record, safe to echo: control characters shown as \\xNN, cut short."""
    shown = "".join(ch if unicodedata.category(ch)[0] != "C" else f"\\x{ord(ch):02x}" for ch in text)
    return shown if len(shown) <= limit else shown[:limit] + "…"


def _vietnamese_half(text: str) -> str | None:
    """'Vietnamese / English' → the Vietnamese half, when the text is written that way."""
    head, sep, _ = text.partition(" / ")
    return head.strip() if sep and _VI_LETTERS.search(head) else None


def vi(text: str | None) -> str:
    """A message from a lower layer, worded for an officer ('' for none)."""
    if not text:
        return ""
    text = str(text).strip()
    for pattern, word in RULES:
        match = pattern.fullmatch(text)
        if match:
            return word(match)
    half = _vietnamese_half(text)
    if half is not None:
        return half
    if _VI_LETTERS.search(text) and not english_words(text):  # already Vietnamese (worded for officers)
        return text
    log.warning("no Vietnamese wording for: %s", text)
    return GENERIC


def written_in_vietnamese(text: str) -> bool:
    """Text a web route wrote for officers (it may quote what was typed, English-looking or not)."""
    return bool(_VI_LETTERS.search(text))


def vi_list(texts: Iterable[str]) -> str:
    return "; ".join(vi(t) for t in texts)


QUERY_VI = {"text": "từ khóa", "citizen_id": "số định danh", "doc_type": "loại giấy tờ", "dossier": "hồ sơ",
            "received_from": "nhận từ ngày", "received_to": "nhận đến ngày"}
AUDIT_RULES: list[Rule] = [
    _rule(r"wrong name or password", lambda m: "sai tên hoặc mật khẩu"),
    _rule(r"deactivated", lambda m: "tài khoản đã bị khóa"),
    _rule(r"outside the acting centre: its citizen was not searched by ID",
          lambda m: "giấy tờ của trung tâm khác: chưa tra cứu công dân theo số định danh"),
    _rule(r"outside the acting centre: linked to no citizen",
          lambda m: "giấy tờ của trung tâm khác, chưa gắn với công dân"),
    _rule(r"(.+) \((operator|officer|supervisor|province_supervisor)(, password set)?\)",
          lambda m: f"{m[1]} ({ROLE_VI[m[2]]}{', đã đặt mật khẩu' if m[3] else ''})"),
    _rule(r"(.+): nothing", lambda m: f"{m[1]}: không thay đổi"),
    _rule(r"issued=(\S+) expires=(\S+) no_expiry=(\w+)",
          lambda m: f"ngày cấp {_optional_day(m[1])}, hết hạn {_optional_day(m[2])}"
                    + (", không thời hạn" if m[3] == "True" else "")),
    # a return (pipeline/dossiers.return_result)
    _rule(r"(\S+) (\d+) result document\(s\)",
          lambda m: f"{m[1]}: trả kết quả, {m[2]} giấy tờ kết quả đã số hóa" if m[2] != "0"
          else f"{m[1]}: trả kết quả, không quét (chưa số hóa)"),
]


def _optional_day(value: str) -> str:
    return "—" if value == "None" else _day(value)


def _query_vi(detail: str) -> str | None:
    """A search's audit detail (its query as JSON) in words."""
    try:
        asked = json.loads(detail)
    except ValueError:
        return None
    if not isinstance(asked, dict):
        return None
    return "; ".join(f"{QUERY_VI.get(k, k)}: {printable(str(v))}" for k, v in asked.items())


def audit_detail(detail: str | None) -> str:
    """An audit log row's detail: a refusal reason or a note worded in Vietnamese; codes,
    names and periods (data, not sentences) as they are, control characters escaped."""
    if not detail:
        return ""
    for pattern, word in AUDIT_RULES + RULES:
        match = pattern.fullmatch(detail)
        if match:
            return word(match)
    if detail.startswith("{"):
        worded = _query_vi(detail)
        if worded is not None:
            return worded
    if english_words(detail):
        log.warning("no Vietnamese wording for the audit detail: %s", detail)
        return "chi tiết ghi bằng tiếng Anh (xem bằng lệnh hoso audit)"
    return printable(detail, 200)


def link_reason(code: Reason | dict | str | None, english: str | None = None) -> str:
    """A document's link reason: the code's Vietnamese wording; for an older record kept only in
    English, a Vietnamese sentence that says so (the English stays in `hoso show`)."""
    reason = decode(code)
    # "unknown" wraps a plain text stored where a code belongs: that text is the English one
    if reason is not None and reason.code != "unknown":
        return render(reason, "vi")
    return NO_REASON_CODE if english else ""


def error_vi(exc: BaseException) -> str:
    """An exception's message for an officer: its Reason when it carries one, else `vi()`."""
    reason = getattr(exc, "reason", None)
    if isinstance(reason, Reason):
        return render(reason, "vi")
    return vi(getattr(exc, "description", None) or str(exc)) or GENERIC
