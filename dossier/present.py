"""Text for the officer at the counter (Vietnamese labels)."""

from __future__ import annotations

from datetime import datetime

from classify.titles import display_title
from dossier.events import VALIDITY_CONFIRMED, Candidate, ComponentState, DossierView, ExpiredReuse, Submitted
from index.models import centre_timezone

VALIDITY_VI = {"valid": "còn hiệu lực", "unknown": "chưa rõ hạn: cán bộ kiểm tra", "expired": "HẾT HẠN"}
EXPIRED_REUSE_VI = "đã tái sử dụng giấy tờ hết hạn"
VALIDITY_CONFIRMED_VI = "chưa rõ hạn, cán bộ đã kiểm tra trên bản giấy"
STATUS_VI = {"satisfied": "đủ", "missing": "thiếu", "optional": "không bắt buộc (chưa có)"}
MARK = {"valid": "✓", "unknown": "?", "expired": "✗"}


def _when(moment: datetime) -> str:
    return moment.astimezone(centre_timezone()).strftime("%Y-%m-%d %H:%M")


def result_label(result_kind: str | None, result_of: str | None) -> str | None:
    """How an officer is told a paper is a result the centre issued (issue 18)."""
    if result_kind == "returned":
        return f"kết quả của hồ sơ {result_of}"
    if result_kind == "backlog":
        return "kết quả lưu trữ"
    return None


def returned_line(view: DossierView) -> str | None:
    if view.returned_at is None:
        return None
    scanned = f"{len(view.results)} giấy tờ kết quả đã số hóa" if view.results else "không quét kết quả (chưa số hóa)"
    return f"  Đã trả kết quả lúc {_when(view.returned_at)} bởi {view.returned_by or '—'}: {scanned}"


def _candidate(c: Candidate) -> str:
    until = f", đến {c.valid_until.isoformat()}" if c.valid_until else ""
    label = result_label(c.result_kind, c.result_of)
    until += f"; {label}" if label else ""
    shown, read = display_title(c.title, c.doc_type)
    title = f"  {shown}" + (f" (tiêu đề đọc được: {read})" if read else "")
    return f"      {MARK[c.validity]} {c.document_id}  [{c.doc_type}]{title}  (nhận {_when(c.received_at)}; " \
           f"{VALIDITY_VI[c.validity]}{until})"


def _submitted(s: Submitted) -> str:
    what = s.document_id or "bản giấy, chưa số hóa"
    missed = f"  — bỏ lỡ tái sử dụng: đã có {s.missed_reuse_of}" if s.missed_reuse_of else ""
    return f"      nộp: {what} [{s.doc_type}] {_when(s.at)}{missed}"


def _component(number: int, c: ComponentState, with_candidates: bool) -> list[str]:
    flags = [f"×{c.count}"] + (["cần bản chính"] if c.original else []) + (["nếu có"] if c.optional else [])
    have = len(c.reused) + len(c.submitted)
    lines = [f"  [{number}] {c.name_vi} ({', '.join(flags)}): {STATUS_VI[c.status]} {have}/{c.count}"]
    lines += [f"      tái sử dụng: {doc_id}" for doc_id in c.reused]
    lines += [_submitted(s) for s in c.submitted]
    if not with_candidates or c.status == "satisfied":
        return lines
    if not c.reusable:
        lines.append("      nộp mới cho hồ sơ này (không tái sử dụng)")
    elif c.candidates:
        lines += _candidate_groups(c.candidates)
    else:
        lines.append("      chưa có trong kho")
    return lines


# Valid papers are not asked for again; unknown ones wait for the officer's check; expired ones
# are listed so the officer knows why the citizen must bring a new paper.
CANDIDATE_GROUPS = (
    ("valid", "      đã có trong kho, KHÔNG yêu cầu nộp lại:"),
    ("unknown", "      chưa rõ hạn: cán bộ kiểm tra trên bản giấy trước khi tái sử dụng (--confirm-validity):"),
    ("expired", "      trong kho nhưng đã hết hạn, không tái sử dụng được:"),
)


def _candidate_groups(candidates: list[Candidate]) -> list[str]:
    lines = []
    for status, heading in CANDIDATE_GROUPS:
        group = [x for x in candidates if x.validity == status]
        if group:
            lines.append(heading)
            lines += [_candidate(x) for x in group]
    return lines


def _expired_reuse(r: ExpiredReuse) -> str:
    until = f", hết hạn {r.valid_until.isoformat()}" if r.valid_until else ""
    return f"  CẢNH BÁO: {EXPIRED_REUSE_VI}: {r.document_id} (thành phần {r.component or '—'}, " \
           f"tái sử dụng {_when(r.reused_at)}{until}): yêu cầu công dân nộp giấy tờ còn hạn"


def dossier_lines(view: DossierView, with_candidates: bool = True) -> list[str]:
    procedure = f"{view.procedure_name} ({view.procedure})" if view.procedure_name else (view.procedure or "—")
    state = "đã đăng ký" if view.created else "hồ sơ"
    lines = [f"{state} {view.dossier}: {procedure}",
             f"  công dân {view.citizen_id or '—'}; tiếp nhận {_when(view.opened_at)} bởi {view.officer or '—'}"]
    lines += [line for line in [returned_line(view)] if line]
    lines += [f"      kết quả: {doc_id}" for doc_id in view.results]
    lines += [f"  lưu ý: {w}" for w in view.warnings]
    lines += [_expired_reuse(r) for r in view.expired_reuses]
    for number, component in enumerate(view.components, start=1):
        lines += _component(number, component, with_candidates)
    if view.other_submitted:
        lines.append("  giấy tờ khác đã nộp:")
        lines += [_submitted(s) for s in view.other_submitted]
    return lines


def history_lines(view: DossierView) -> list[str]:
    lines = ["  nhật ký:"]
    for e in view.events:
        what = " ".join(x for x in (e.component, e.doc_type, e.document_id) if x)
        extra = f" (bỏ lỡ tái sử dụng {e.missed_reuse_of})" if e.missed_reuse_of else ""
        extra += f" ({VALIDITY_CONFIRMED_VI})" if e.note == VALIDITY_CONFIRMED else ""
        lines.append(f"    #{e.id} {_when(e.at)} {e.kind} {what}{extra} — {e.officer or '—'}")
    return lines
