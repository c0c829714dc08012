"""Reasons a person reads, kept as a code with parameters and worded per channel.

A reason (why a document waits for review, why it was linked, why a file was refused) is
stored as `Reason(code, params, then)`, never as finished prose: the officers' web pages,
the XLSX/PNG reports and every other officer-facing text word it in Vietnamese, the command
line for IT staff may word it in English, and both come from the same stored record.

`then` chains further sentences (a hint "differs by one digit", a note "it may belong to a
parent") so that each piece is its own code.

Every code has an English and a Vietnamese template in `TEMPLATES`; a template names its
parameters as `{name}`, or `{Name}` for the value with a capital first letter (at the start
of a sentence). A list parameter is joined with ", ". A parameter may itself be a Reason: a
phrase (a code whose templates have no full stop, e.g. who gave an ID) worded in the same
language, so a sentence can name "the operator's ID" or "số định danh do cán bộ nhập"; a
list of Reasons is joined with "; ". An unknown code (a record
written by a newer release) is worded by a generic sentence that still shows the code, so
nothing is hidden and nothing crashes.
"""

from __future__ import annotations

import json
from typing import Literal, Union

from pydantic import BaseModel, Field

from classify.link_texts import LINK_TEMPLATES

Lang = Literal["vi", "en"]
Param = Union[str, int, float, None, list[str], "Reason", list["Reason"]]


class Reason(BaseModel):
    code: str
    params: dict[str, Param] = Field(default_factory=dict)
    then: list["Reason"] = Field(default_factory=list)

    def text(self, lang: Lang = "en") -> str:
        return render(self, lang)

    def plus(self, *more: "Reason | None") -> "Reason":
        """This reason with further sentences after it (None entries are skipped)."""
        return self.model_copy(update={"then": [*self.then, *[m for m in more if m is not None]]})


# code -> (English, Vietnamese). Add codes here; never reuse a code for another meaning.
TEMPLATES: dict[str, tuple[str, str]] = {
    "unknown": ("{text}", "{text}"),
    # review decisions (pipeline/review.py)
    "review.confirmed": ("Confirmed by {officer}: belongs to {citizen}.",
                         "Cán bộ {officer} đã xác nhận: thuộc về công dân {citizen}."),
    "review.confirmed_no_citizen": ("Confirmed by {officer}.", "Cán bộ {officer} đã xác nhận."),
    "review.relinked": ("Linked to {citizen} by {officer}.", "Cán bộ {officer} đã liên kết với công dân {citizen}."),
    "review.correction": ("Corrected by {officer}: {note}", "Cán bộ {officer} đã sửa: {note}"),
    # why a review request is refused
    "review.no_officer": ("an officer name is required for a review decision",
                          "cần tên cán bộ cho quyết định xét duyệt"),
    "review.no_document": ("no document {document} in the catalogue", "không có tài liệu {document}"),
    "review.no_catalogue": ("no catalogue in the data folder", "thư mục dữ liệu chưa có danh mục"),
    "review.invalid_id": ("{given} is not a valid citizen ID: {problems}.",
                          "{given} không phải số định danh hợp lệ: {problems}."),
    "review.unknown_type": ("unknown document type {doc_type}; known: {known}",
                            "loại giấy tờ {doc_type} không có trong danh mục"),
    "review.no_proposal": ("{document} has no proposed citizen to confirm: use `hoso review relink` with the ID",
                           "{document} không có công dân được đề xuất: hãy liên kết với số định danh"),
    "review.not_named": ("{document} does not name citizen {citizen} (IDs on it or given for it: {named})",
                         "{document} không ghi công dân {citizen} (số định danh trên giấy tờ hoặc đã nhập: {named})"),
    "review.not_waiting": ("{document} is not waiting for review (already linked, citizen {citizen}): "
                           "a correction needs a reason (--reason TEXT)",
                           "{document} không chờ xét duyệt (đã liên kết, công dân {citizen}): "
                           "muốn sửa phải ghi lý do sửa"),
    # access.: the need-to-know rule across centres (access/reach.py)
    "access.outside_centre": (
        "document {document} was received at another centre ({origin}); outside your centre ({centre}) a "
        "document is shown only after a search of its citizen by ID or QR (hoso search --citizen-id ID) "
        "within the last {hours} hours, or to a province_supervisor",
        "Giấy tờ {document} do trung tâm khác ({origin}) tiếp nhận. Ngoài trung tâm của mình ({centre}), "
        "cán bộ chỉ xem được giấy tờ của công dân vừa tra cứu theo số định danh hoặc mã QR (trong "
        "{hours} giờ qua); giám sát cấp tỉnh xem được mọi trung tâm"),
    "access.outside_centre_no_citizen": (
        "document {document} was received at another centre ({origin}) and is linked to no citizen: "
        "only that centre or a province_supervisor may open it",
        "Giấy tờ {document} do trung tâm khác ({origin}) tiếp nhận và chưa gắn với công dân nào: chỉ "
        "trung tâm đó hoặc giám sát cấp tỉnh xem được"),
    "access.no_centre": ("no centre", "không thuộc trung tâm nào"),
    # validity.: why a paper is valid, expired or of unknown validity (dossier/validity.py)
    "validity.legal_end": ("no longer valid after {day} by law", "hết hiệu lực theo quy định sau ngày {day_vn}"),
    "validity.no_term": ("does not expire", "không có thời hạn"),
    "validity.expiry": ("expiry date {day} ({source})", "có giá trị đến {day_vn} ({source_vi})"),
    "validity.no_expiry": ("no expiry date ({source})", "không thời hạn ({source_vi})"),
    "validity.expiry_unknown": ("expiry date unknown: check the paper", "chưa rõ ngày hết hạn: kiểm tra bản giấy"),
    "validity.issued": ("issued {issue_day} ({source}), valid {months} months",
                        "cấp ngày {issue_day_vn} ({source_vi}), có giá trị {months} tháng"),
    "validity.scanned_long_ago": ("scanned {scan_day}, more than {months} months ago",
                                  "quét ngày {scan_day_vn}, đã quá {months} tháng"),
    "validity.issue_unknown": ("issue date unknown (valid {months} months from issue): check the paper",
                               "chưa rõ ngày cấp (có giá trị {months} tháng kể từ ngày cấp): kiểm tra bản giấy"),
    # sec.: what a search may ask (pipeline/query.py, pipeline/citizen_input.py)
    "sec.id_refused": ("Not a valid citizen ID: {problems}.", "Số định danh không hợp lệ: {problems}."),
    "sec.id_empty": ("no ID number was given (the ID field of a QR payload is its first field, and it is empty)",
                     "chưa có số định danh (trường đầu tiên của mã QR, số định danh, đang trống)"),
    "sec.id_not_digits": ("a citizen ID has digits only", "số định danh chỉ gồm chữ số"),
    "sec.id_length": ("a citizen ID has 12 digits, this one {count}",
                      "số định danh gồm 12 chữ số, số đã nhập có {count} chữ số"),
    # the structure check of a 12-digit ID (classify/citizen_id.structure_problems): phrases
    "id.not_12": ("{value} is not 12 digits", "{value} không phải là 12 chữ số"),
    "id.province": ("province code {code} does not exist", "mã tỉnh {code} không tồn tại"),
    "id.century": ("digit 4 ({digit}) means born in the {century}s, which have not begun",
                   "chữ số thứ 4 ({digit}) chỉ người sinh từ năm {century}, thế kỷ này chưa bắt đầu"),
    "id.future": ("birth year {year} is in the future", "năm sinh {year} chưa tới"),
    "id.birth_year": ("the number says born in {year}, the date of birth says {birth_year}",
                      "số định danh chỉ năm sinh {year}, ngày sinh ghi năm {birth_year}"),
    "sec.text_no_term": ("A search needs at least one word or number (letters or digits); "
                         "listing every document is not allowed.",
                         "Cần ít nhất một từ hoặc một con số (chữ cái hoặc chữ số) để tra cứu; "
                         "không được liệt kê toàn bộ giấy tờ."),
    "sec.no_criterion": ("Give words, a citizen ID, a document type, a dossier or dates to search for.",
                         "Nhập từ khóa, số định danh, loại giấy tờ, mã hồ sơ hoặc khoảng ngày để tra cứu."),
    "sec.unknown_type": ("Unknown document type {given}; the types are: {types}.",
                         "Không có loại giấy tờ {given}; các loại là: {types}."),
    "sec.dates_reversed": ("The date range ends ({high}) before it begins ({low}).",
                           "Khoảng ngày kết thúc ({high}) trước khi bắt đầu ({low})."),
    "sec.empty_filter": ("The {name} filter is empty; leave it out instead.",
                         "Điều kiện {name} đang trống; hãy bỏ trống hẳn điều kiện đó."),
    "sec.query_refused": ("This search cannot be run: {detail}", "Không thể tra cứu: {detail}"),
    # review.type_uncertain: the calibrated type confidence fell below the threshold (classify/combine.py)
    "review.type_uncertain": ("The document type is uncertain: best guess {guess} ({confidence}); "
                              "an officer should set the type.",
                              "Chưa xác định chắc chắn loại giấy tờ: có thể là {guess_vi} "
                              "(độ tin cậy {confidence}); cán bộ cần xác định loại giấy tờ."),
    # review.backlog_issued_outside: `ingest --backlog --issued-from/--issued-to` (dossier/results.py)
    "review.backlog_issued_outside": (
        "Issued {issued}, outside the period of this archive box ({low} to {high}): an officer should check "
        "the paper and its owner.",
        "Ngày cấp {issued_vn} nằm ngoài khoảng thời gian của hộp lưu trữ ({low_vn} đến {high_vn}): cán bộ "
        "kiểm tra lại giấy tờ và người được cấp."),
}
TEMPLATES.update(LINK_TEMPLATES)  # classify/link_texts.py: why a document is linked or waits


def _value(value: Param, lang: Lang) -> str:
    if value is None:
        return "—"
    if isinstance(value, Reason):
        return render(value, lang)
    if isinstance(value, list):
        if value and all(isinstance(v, Reason) for v in value):
            return "; ".join(render(v, lang) for v in value)
        return ", ".join(str(v) for v in value)
    return str(value)


def _capitalised(values: dict[str, str]) -> dict[str, str]:
    """Each value also under its name with a capital first letter: {Given} starts a sentence."""
    return {**{key[:1].upper() + key[1:]: text[:1].upper() + text[1:] for key, text in values.items()}, **values}


def _sentence(reason: Reason, lang: Lang) -> str:
    templates = TEMPLATES.get(reason.code)
    if templates is None:
        detail = ", ".join(f"{k}={_value(v, lang)}" for k, v in reason.params.items())
        if lang == "vi":
            return f"Lý do mã «{reason.code}»" + (f" ({detail})" if detail else "") + "."
        return f"Reason code '{reason.code}'" + (f" ({detail})" if detail else "") + "."
    template = templates[1] if lang == "vi" else templates[0]
    values = _capitalised({key: _value(value, lang) for key, value in reason.params.items()})
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):  # a template and its record out of step
        return _sentence(Reason(code=f"{reason.code}?", params=reason.params), lang)


def render(reason: Reason | dict | str | None, lang: Lang = "vi") -> str:
    """The reason worded in `lang`; '' for none. Accepts a Reason, its dict or its JSON."""
    reason = decode(reason)
    if reason is None:
        return ""
    parts = [_sentence(reason, lang)] + [render(more, lang) for more in reason.then]
    return " ".join(part for part in parts if part)


def encode(reason: Reason | None) -> str | None:
    """The JSON stored in the catalogue."""
    return None if reason is None else reason.model_dump_json(exclude_defaults=True)


def decode(value: Reason | dict | str | None) -> Reason | None:
    if value is None or value == "":
        return None
    if isinstance(value, Reason):
        return value
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError:
            return Reason(code="unknown", params={"text": value})
    return Reason.model_validate(value)
