"""Separator cover sheets: their QR payload and their large print (pure functions).

Payload, version 1: `HOSO-COVER/1|<dossier>|<citizen id>|<procedure or empty>|<crc>`, the
crc being CRC-32 (8 hex digits) of everything before it: a payload that was cut, typed by
hand or belongs to another system is refused rather than half-believed. A later version
changes the number after the slash; a reader refuses versions it does not know.

The same data is printed in large type under the title PHIẾU NGĂN CÁCH HỒ SƠ, so a cover
whose QR code cannot be read is still recognised (and its group sent to review).
"""

from __future__ import annotations

import zlib
from typing import Literal

from pydantic import BaseModel, field_validator
from rapidfuzz import fuzz

from classify.citizen_id import check_cccd
from index.codes import check_code, code_problem
from vntext import fold

PREFIX = "HOSO-COVER"
VERSION = 1
TITLE = "PHIẾU NGĂN CÁCH HỒ SƠ"
_TITLE_FOLDED = fold(TITLE).lower()


class CoverData(BaseModel):
    dossier: str
    citizen_id: str
    procedure: str | None = None

    @field_validator("dossier")
    @classmethod
    def _dossier_code(cls, value: str) -> str:
        return check_code(value, "dossier code")

    @field_validator("procedure")
    @classmethod
    def _procedure_code(cls, value: str | None) -> str | None:
        return check_code(value, "procedure code") if value else None


class CoverRead(BaseModel):
    """What was read on a cover page. status "ok": from a valid QR code."""

    status: Literal["ok", "unreadable", "invalid"]
    data: CoverData | None = None  # from the QR; or from the large print when the QR failed
    problem: str | None = None
    page_number: int | None = None


class CoverSheetError(ValueError):
    pass


def _crc(text: str) -> str:
    return f"{zlib.crc32(text.encode('utf-8')) & 0xFFFFFFFF:08X}"


def make_payload(data: CoverData) -> str:
    problems = check_cccd(data.citizen_id)
    if problems:
        raise CoverSheetError(f"{data.citizen_id!r} is not a valid citizen ID: {'; '.join(problems)}")
    body = f"{PREFIX}/{VERSION}|{data.dossier}|{data.citizen_id}|{data.procedure or ''}"
    return f"{body}|{_crc(body)}"


def is_cover_payload(text: str) -> bool:
    return text.startswith(PREFIX + "/")


def parse_payload(text: str) -> CoverRead:
    head, _, _ = text.partition("|")
    version = head[len(PREFIX) + 1:]
    if version != str(VERSION):
        return CoverRead(status="invalid", problem=f"cover sheet format version {version!r} is not supported")
    body, _, crc = text.rpartition("|")
    if _crc(body) != crc.upper():
        return CoverRead(status="invalid", problem="the cover sheet's QR code fails its checksum")
    parts = body.split("|")
    if len(parts) != 4:
        return CoverRead(status="invalid", problem="the cover sheet's QR code has the wrong number of fields")
    _, dossier, citizen, procedure = parts
    problems = check_cccd(citizen)
    if problems:
        return CoverRead(status="invalid", problem=f"the cover sheet's citizen ID {citizen} is not valid: {'; '.join(problems)}")
    bad_code = code_problem(dossier) or (code_problem(procedure) if procedure else None)
    if bad_code:
        return CoverRead(status="invalid", problem=f"the cover sheet's QR code holds a code that is not valid: {bad_code}")
    return CoverRead(status="ok", data=CoverData(dossier=dossier, citizen_id=citizen, procedure=procedure or None))


def looks_like_cover(text: str) -> bool:
    """The large title is on the page (first lines), whatever became of the QR code."""
    top = " ".join(fold(line).lower() for line in text.splitlines()[:8] if line.strip())
    return fuzz.partial_ratio(_TITLE_FOLDED, top) >= 85


_LABELS = {"dossier": "ma ho so", "citizen_id": "so dinh danh", "procedure": "ma thu tuc"}


def read_large_print(text: str) -> CoverData | None:
    """The dossier, citizen and procedure as printed in large type, when all needed are legible."""
    values: dict[str, str] = {}
    for line in text.splitlines():
        label, colon, value = line.partition(":")
        folded = fold(label).lower().strip()
        key = next((k for k, name in _LABELS.items() if fuzz.ratio(folded, name) >= 85), None)
        if key and colon and value.strip():
            values[key] = "".join(value.split()).rstrip(".,;")
    citizen = values.get("citizen_id", "")
    if not values.get("dossier") or not citizen.isdigit() or check_cccd(citizen):
        return None
    if code_problem(values["dossier"]) or (values.get("procedure") and code_problem(values["procedure"])):
        return None  # misread print: the group goes to review without these values
    return CoverData(dossier=values["dossier"], citizen_id=citizen, procedure=values.get("procedure"))


def read_cover(codes: list[str], text: str, page_number: int | None = None) -> CoverRead | None:
    """The cover sheet on a page, or None when the page is not one."""
    payloads = [c for c in codes if is_cover_payload(c)]
    if payloads:
        reads = [parse_payload(p) for p in dict.fromkeys(payloads)]
        good = [r for r in reads if r.status == "ok"]
        if len({r.data.model_dump_json() for r in good}) > 1:
            return CoverRead(status="invalid", problem="two different cover sheet codes on one page",
                             page_number=page_number)
        read = good[0] if good else reads[0]
        return read.model_copy(update={"page_number": page_number})
    if looks_like_cover(text):
        printed = read_large_print(text)
        return CoverRead(status="unreadable", data=printed, page_number=page_number,
                         problem="the cover sheet's QR code could not be read"
                         + ("" if printed else ", nor its large print"))
    return None
