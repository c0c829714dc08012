"""Text for the officer at the counter (Vietnamese labels)."""

from __future__ import annotations

from datetime import datetime

from dossier.events import Candidate, ComponentState, DossierView, Submitted
from index.models import centre_timezone

VALIDITY_VI = {"valid": "còn hiệu lực", "unknown": "chưa rõ hạn — kiểm tra trên giấy", "expired": "HẾT HẠN"}
STATUS_VI = {"satisfied": "đủ", "missing": "thiếu", "optional": "không bắt buộc (chưa có)"}
MARK = {"valid": "✓", "unknown": "?", "expired": "✗"}


def _when(moment: datetime) -> str:
    return moment.astimezone(centre_timezone()).strftime("%Y-%m-%d %H:%M")


def _candidate(c: Candidate) -> str:
    until = f", đến {c.valid_until.isoformat()}" if c.valid_until else ""
    title = f"  {c.title}" if c.title else ""
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
        lines.append("      đã có trong kho, KHÔNG yêu cầu nộp lại:" if any(x.validity != "expired" for x in c.candidates)
                     else "      trong kho chỉ có giấy tờ đã hết hạn:")
        lines += [_candidate(x) for x in c.candidates]
    else:
        lines.append("      chưa có trong kho")
    return lines


def dossier_lines(view: DossierView, with_candidates: bool = True) -> list[str]:
    procedure = f"{view.procedure_name} ({view.procedure})" if view.procedure_name else (view.procedure or "—")
    state = "đã đăng ký" if view.created else "hồ sơ"
    lines = [f"{state} {view.dossier}: {procedure}",
             f"  công dân {view.citizen_id or '—'}; tiếp nhận {_when(view.opened_at)} bởi {view.officer or '—'}"]
    lines += [f"  lưu ý: {w}" for w in view.warnings]
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
        lines.append(f"    #{e.id} {_when(e.at)} {e.kind} {what}{extra} — {e.officer or '—'}")
    return lines
