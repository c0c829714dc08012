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
