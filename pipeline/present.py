"""Plain-text presentation of results for the operator's terminal."""

from __future__ import annotations

from classify.titles import display_title
from index.models import DocumentRecord, centre_timezone
from pipeline.duplicates import ignored_lines
from pipeline.models import FileOutcome

_STATUS = {"ingested": "ok", "duplicate": "on file", "quarantined": "QUARANTINED", "unreadable": "UNREADABLE"}


def local_time(record: DocumentRecord) -> str:
    return record.received_at.astimezone(centre_timezone()).strftime("%Y-%m-%d %H:%M")


def document_line(record: DocumentRecord) -> str:
    owner = record.citizen_id if record.link_status == "linked" and record.citizen_id else f"REVIEW ({record.link_reason})"
    if record.link_status == "linked" and not record.citizen_id:
        owner = "no citizen"
    pages = [p.number for p in record.pages]
    span = f"p.{pages[0]}" if len(pages) == 1 else f"p.{pages[0]}-{pages[-1]}"
    return f"{record.id}  {record.doc_type:<28} {span:<9} {owner}"


def file_summary(outcome: FileOutcome) -> list[str]:
    head = f"{_STATUS[outcome.status]:<11} {outcome.path}"
    if outcome.status == "ingested":
        blanks = sum(1 for d in outcome.documents for p in d.pages if p.is_blank)
        head += f": {outcome.pages} page(s) -> {len(outcome.documents)} document(s)"
        if blanks:
            head += f", {blanks} blank"
    elif outcome.reason:
        head += f": {outcome.reason}"
    lines = [head]
    if outcome.status == "ingested":
        lines += [f"    {document_line(d)}" for d in outcome.documents]
    lines += [f"    page error: {e}" for e in outcome.page_errors]
    lines += [f"    rescan advised: {w}" for w in outcome.quality_warnings]
    lines += ignored_lines(outcome.ignored)
    return lines


def title_text(record: DocumentRecord) -> str:
    """The document's name as the web pages show it, with the OCR'd title when it differs."""
    shown, read = display_title(record.title, record.doc_type)
    return shown + (f" (title read: {read})" if read else "")


def document_detail(record: DocumentRecord) -> list[str]:
    lines = [
        f"document     {record.id}",
        f"type         {record.doc_type} (confidence {record.type_confidence:.2f})  title: {title_text(record)}",
        f"citizen      {record.citizen_id or '-'}  [{record.link_status}]" + (f" {record.link_reason}" if record.link_reason else ""),
        f"IDs on pages {', '.join(record.id_candidates) or '-'}",
        f"source       {record.source_file}  (sha256 {record.source_sha256})",
        f"received     {local_time(record)}",
    ]
    for label, value in (("dossier", record.dossier), ("procedure", record.procedure), ("officer", record.officer)):
        if value:
            lines.append(f"{label:<12} {value}")
    if record.result_kind:
        lines.append(f"{'result':<12} {result_text(record)}")
    for page in record.pages:
        conf = f"{page.ocr_confidence:.0f}" if page.ocr_confidence is not None else "-"
        flags = " blank" if page.is_blank else ""
        if not page.quality_ok:
            flags += f" rescan: {'; '.join(page.quality_reasons)}"
        lines.append("")
        lines.append(f"--- page {page.number} (OCR confidence {conf}, rotated {page.rotation}°){flags}")
        lines.extend(page.text.splitlines())  # one line each: the terminal escapes control characters per line
    return lines


_VALIDITY = {"valid": "valid", "unknown": "validity unknown", "expired": "EXPIRED"}


def validity_text(validity) -> str:
    until = f" until {validity.valid_until.isoformat()}" if validity.valid_until and validity.status != "expired" else ""
    since = f" ({validity.valid_until.isoformat()})" if validity.valid_until and validity.status == "expired" else ""
    return f"{_VALIDITY[validity.status]}{until}{since}"


def grouped_rows(groups, records: dict[str, DocumentRecord]) -> list[str]:
    """Search results per citizen and type, newest first, each with its validity."""
    lines: list[str] = []
    citizen = object()
    for group in groups:
        if group.citizen_id != citizen:
            citizen = group.citizen_id
            lines.append(f"citizen {citizen}" if citizen else "not linked to a citizen (waiting for review or not a citizen's paper)")
        lines.append(f"  {group.doc_type} ({len(group.items)})")
        for item in group.items:
            record = records[item.hit.id]
            lines.append(f"    {record.id}  {len(record.pages)} page(s)  received {local_time(record)}  "
                         f"{validity_text(item.validity)}")
            lines.append(f"        title: {title_text(record)}")
            lines.append(f"        source: {record.source_file}")
            if record.result_kind:
                lines.append(f"        {result_text(record)}")
            if record.link_status == "review":
                lines.append(f"        waiting for review: {record.link_reason}")
            if item.hit.snippet:
                lines.append(f"        «{item.hit.snippet}»")
    return lines


def result_text(record: DocumentRecord) -> str:
    """A result the centre issued (issue 18), as the terminal says it."""
    if record.result_kind == "returned":
        return f"result of dossier {record.result_of}"
    return "archived result (backlog)"


def return_lines(record) -> list[str]:
    """A dossier's return (dossier/results.py ReturnRecord) for the operator's terminal."""
    when = record.returned_at.astimezone(centre_timezone()).strftime("%Y-%m-%d %H:%M")
    scanned = f"{len(record.documents)} result document(s) digitised" if record.digitised \
        else "returned without a scan (not digitised)"
    lines = [f"returned {record.dossier} at {when} by {record.officer}: {scanned}"]
    for doc in record.documents:
        owner = doc.citizen_id if doc.link_status == "linked" else "REVIEW (not linked: see hoso review)"
        until = f" until {doc.valid_until.isoformat()}" if doc.valid_until else ""
        lines.append(f"    {doc.id}  {doc.doc_type:<28} no. {doc.number or '-'}  issued {doc.issue_date or '-'}"
                     f"  expires {doc.expiry_date or '-'}  {owner}  {doc.validity}{until}")
    return lines


def waiting_rows(citizen_id: str, records: list[DocumentRecord]) -> list[str]:
    """The waiting documents an ID search shows apart: their evidence names the ID, no officer
    has decided yet."""
    if not records:
        return []
    lines = [f"waiting for review, their evidence names {citizen_id} ({len(records)}; "
             f"to link one: hoso review confirm DOC_ID --citizen-id {citizen_id})"]
    for record in records:
        lines.append(f"    {record.id}  {record.doc_type}  {len(record.pages)} page(s)  received {local_time(record)}")
        lines.append(f"        source: {record.source_file}")
        lines.append(f"        waiting for review: {record.link_reason}")
    return lines
