"""A catalogue kept as named TOML tables (`[types.KEY]`, `[procedures.CODE]`) that a centre
extends or amends with its own file, named by an environment variable: a table there adds
an entry, or replaces the fields it names of an entry already shipped.

Shared by the document taxonomy (classify/taxonomy.py) and the procedure catalogue
(dossier/procedures.py). Errors name the file and the field, for an administrator to fix.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)


def load_tables(model: type[M], base_path: Path, *, env_var: str, section: str, name_field: str,
                error: type[Exception], file_label: str, invalid: str) -> tuple[M, str]:
    """(the validated catalogue, its sources as text). `invalid` is the error's heading, with
    `{sources}` in it; `file_label` names a file in read errors ("taxonomy file")."""
    raw = _read(base_path, error, file_label)
    sources = str(base_path)
    overlay_path = os.environ.get(env_var, "").strip()
    if overlay_path:
        raw = _overlay(raw, _read(Path(overlay_path), error, file_label), section, error)
        sources += f" + {overlay_path} ({env_var})"
    try:
        return model.model_validate(_named(raw, section, name_field)), sources
    except ValidationError as exc:
        lines = [f"  {'.'.join(str(part) for part in e['loc']) or '(top level)'}: {e['msg']}" for e in exc.errors()]
        raise error(invalid.format(sources=sources) + "\n" + "\n".join(lines)) from None


def _read(path: Path, error: type[Exception], file_label: str) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise error(f"{file_label} {path}: not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{file_label} {path}: not valid TOML: {exc}") from None


def _overlay(base: dict[str, Any], overlay: dict[str, Any], section: str, error: type[Exception]) -> dict[str, Any]:
    merged = {**base, **{k: v for k, v in overlay.items() if k != section}}
    tables = {name: dict(fields) for name, fields in base.get(section, {}).items()}
    for name, fields in overlay.get(section, {}).items():
        if not isinstance(fields, dict):
            raise error(f"{section}.{name}: expected a table of fields")
        tables[name] = {**tables.get(name, {}), **fields}
    merged[section] = tables
    return merged


def _named(raw: dict[str, Any], section: str, name_field: str) -> dict[str, Any]:
    """Each table gets its own name as a field (`key`, `code`)."""
    tables = raw.get(section)
    if not isinstance(tables, dict):
        return raw
    return {**raw, section: {n: {name_field: n, **v} if isinstance(v, dict) else v for n, v in tables.items()}}
