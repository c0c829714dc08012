"""The one rule for codes (dossier codes, procedure codes) wherever one enters the product.

A code is letters (Vietnamese ones too), digits, `.`, `-` and `_`, at most 64 characters:
`HS-2026-0001`, `dang_ky_khai_sinh`. It becomes a folder name in the inbox, a part of a
web address, a field of a cover sheet's QR payload (fields separated by `|`) and a word in
printed reports, so anything else is refused where it is typed: a `/` would make a web
address that leads elsewhere, a CR/LF would forge a line in `hoso audit`'s output, quotes,
`;`, `$` and spaces are what an injection attempt looks like.
"""

from __future__ import annotations

import re
import unicodedata

MAX_CODE = 64
_CODE = re.compile(r"[\w.\-]+")
RULE = f"letters, digits, '.', '-' and '_' only, 1 to {MAX_CODE} characters"


class CodeError(ValueError):
    """A code that breaks the rule; the message says which character or length is wrong."""


def code_problem(value: str) -> str | None:
    """Why `value` is not a valid code (None when it is one)."""
    if not value:
        return f"a code cannot be empty ({RULE})"
    if len(value) > MAX_CODE:
        return f"a code has at most {MAX_CODE} characters (this one has {len(value)})"
    bad = next((ch for ch in unicodedata.normalize("NFC", value) if not _CODE.fullmatch(ch)), None)
    if bad is not None:
        return f"a code cannot contain {_describe(bad)} ({RULE})"
    return None


def valid_code(value: str) -> bool:
    return code_problem(value) is None


def check_code(value: str, what: str = "code") -> str:
    """`value` (in NFC) when it is a valid code, else CodeError naming `what` ("dossier code", ...)."""
    problem = code_problem(value)
    if problem is not None:
        raise CodeError(f"{what} {_shown(value)} is not valid: {problem}")
    return unicodedata.normalize("NFC", value)


def _describe(ch: str) -> str:
    if ch == " ":
        return "spaces"
    if ch in "\r\n":
        return "line breaks"
    if not ch.isprintable():
        return f"the control character U+{ord(ch):04X}"
    return f"{ch!r}"


def _shown(value: str) -> str:
    """The code as typed, quoted with its control characters escaped, cut when long."""
    text = repr(value[:MAX_CODE + 16])
    return text if len(value) <= MAX_CODE + 16 else text[:-1] + "...'"
