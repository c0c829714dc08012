"""Sidecar manifests in a hot folder: per-file citizen ID, dossier and procedure.

A `manifest.json` (a list of objects, or {"files": [...]}) or `manifest.csv` (a header
row) in any folder of the inbox gives values for files named relative to that folder:
`file`, `citizen_id`, `dossier`, `procedure`. The manifest is written by whoever feeds
the scanner station, so it is not trusted: an entry naming a file outside the inbox
(`../../etc/passwd`, an absolute path, a symlink that leads out), an invalid citizen ID
a code with characters no code has (quotes, `;`, `$`, spaces...) or a procedure code the
procedure catalogue does not have (`khai_sinh` for `dang_ky_khai_sinh`) is refused with the
reason, and the file it names is not ingested with those values.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path, PurePosixPath, PureWindowsPath

from pydantic import BaseModel

from dossier.procedures import load_procedures, unknown_procedure_message
from index.codes import valid_code
from pipeline.citizen_input import parse_citizen_input

MANIFEST_NAMES = ("manifest.json", "manifest.csv")
FIELDS = ("file", "citizen_id", "dossier", "procedure")
MAX_MANIFEST_BYTES = 1024 * 1024


class ManifestEntry(BaseModel):
    file: Path  # resolved, inside the inbox
    citizen_id: str | None = None
    dossier: str | None = None
    procedure: str | None = None


class Refusal(BaseModel):
    manifest: str
    entry: str  # the file name as written in the manifest
    reason: str
    target: Path | None = None  # the inbox file it named, when it named one inside the inbox


class Manifest(BaseModel):
    entries: dict[Path, ManifestEntry] = {}
    refusals: list[Refusal] = []


def read_manifest(path: Path, inbox: Path) -> Manifest:
    """Entries of one manifest file, each checked; never raises for bad content."""
    shown = str(path.relative_to(inbox))
    try:
        if path.stat().st_size > MAX_MANIFEST_BYTES:
            return _refused_whole(shown, f"larger than {MAX_MANIFEST_BYTES:,} bytes")
        raw = path.read_bytes().decode("utf-8-sig")
        rows = _rows(raw, path.suffix.lower())
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        return _refused_whole(shown, f"cannot be read: {str(exc)[:200]}")
    manifest = Manifest()
    procedures = set(load_procedures().procedures)
    for row in rows:
        name = row.get("file")
        if not isinstance(name, str) or not name.strip():
            manifest.refusals.append(Refusal(manifest=shown, entry=str(name), reason="no file name"))
            continue
        target, problem = _inside(name.strip(), path.parent, inbox)
        if problem is None:
            problem = _check_values(row, procedures)
        if problem is not None:
            manifest.refusals.append(Refusal(manifest=shown, entry=name, reason=problem, target=target))
            continue
        assert target is not None
        citizen = row.get("citizen_id")
        manifest.entries[target] = ManifestEntry(
            file=target,
            citizen_id=parse_citizen_input(citizen).citizen_id if citizen else None,
            dossier=row.get("dossier") or None,
            procedure=row.get("procedure") or None,
        )
    return manifest


def _refused_whole(shown: str, reason: str) -> Manifest:
    return Manifest(refusals=[Refusal(manifest=shown, entry="*", reason=f"manifest refused: {reason}")])


def _rows(raw: str, suffix: str) -> list[dict]:
    if suffix == ".json":
        data = json.loads(raw)
        if isinstance(data, dict):
            data = data.get("files")
        if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
            raise ValueError("expected a list of objects (or {\"files\": [...]})")
        return [{k: (None if v is None else str(v)) for k, v in r.items() if k in FIELDS} for r in data]
    reader = csv.DictReader(io.StringIO(raw))
    if not reader.fieldnames or "file" not in [f.strip() for f in reader.fieldnames]:
        raise ValueError("the first row must name the columns, one of them `file`")
    return [{(k or "").strip(): (v or "").strip() for k, v in r.items() if (k or "").strip() in FIELDS} for r in reader]


def _inside(name: str, folder: Path, inbox: Path) -> tuple[Path | None, str | None]:
    """The inbox file `name` refers to, or why it is refused."""
    if "\x00" in name:
        return None, "the file name contains a NUL byte"
    if name.startswith(("/", "\\")) or PureWindowsPath(name).drive or PurePosixPath(name).is_absolute():
        return None, "absolute paths are refused: name files relative to the manifest's folder"
    parts = re.split(r"[\\/]+", name)
    if ".." in parts:
        return None, "path traversal ('..') is refused: the file must be inside the inbox"
    target = folder.joinpath(*parts)
    real_inbox = Path(os.path.realpath(inbox))
    real = Path(os.path.realpath(target))
    if real != real_inbox and real_inbox not in real.parents:
        return None, "the file (through a symbolic link) lies outside the inbox"
    if target.is_symlink():
        return None, "symbolic links are refused: put the file itself in the inbox"
    return target, None


def _check_values(row: dict, procedures: set[str]) -> str | None:
    citizen = row.get("citizen_id")
    if citizen:
        parsed = parse_citizen_input(citizen)
        if parsed.problems:
            return f"citizen_id {citizen[:40]!r} is not a valid citizen ID: {'; '.join(parsed.problems)}"
    for field in ("dossier", "procedure"):
        value = row.get(field)
        if value and not valid_code(value):
            return f"{field} {value[:40]!r} is not a valid code (letters, digits, '.', '-', '_' only)"
    procedure = row.get("procedure")
    if procedure and procedure not in procedures:
        return unknown_procedure_message(procedure, sorted(procedures))
    return None
