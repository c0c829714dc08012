"""Scanner profiles: one TOML file per kind of capture, validated by pydantic.

A profile says how pages from one device (or a phone) arrive and which cleanup steps to
run on them with which thresholds. Profiles are looked up by name in the directories of
the environment variable ``HOSO_PROFILES_DIR`` (several joined with ``os.pathsep``; a
centre's own files, which win over a shipped file of the same name) and then in the
shipped ``scanner_profiles/`` folder. A profile may ``extends = "other"`` and set only
the keys that differ.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

SHIPPED_DIR = Path(__file__).resolve().parent.parent / "scanner_profiles"
ENV_DIRS = "HOSO_PROFILES_DIR"


class ProfileError(ValueError):
    """A profile is missing, unreadable or invalid; the message names the file and the key."""


class ProfileNotFound(ProfileError):
    """No profile of that name or path: the operator asked for one that is not there."""


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Capture(_Section):
    kind: Literal["sheet-fed", "flatbed", "phone", "any"] = "any"
    duplex: bool = False
    colour_modes: list[Literal["colour", "grey", "bw"]] = ["colour", "grey"]
    dpi_options: list[int] = Field(default=[200, 300])
    expected_dpi: float = Field(300.0, gt=0, le=2400, description="used when the file has no DPI and none can be estimated")
    trust_file_dpi: bool = Field(True, description="false for phones: their 72 dpi EXIF value means nothing")
    paper_formats: list[Literal["A3", "A4", "A5", "A6", "Letter", "Legal", "ID-1 card"]] = Field(
        default=["A4", "A5", "A6", "ID-1 card"],
        description="paper sizes that come in (Vietnamese administrative documents are A4): used to "
                    "straighten phone photos to the right shape and to tell the resolution of a page without DPI",
    )


class Orientation(_Section):
    enabled: bool = True
    method: Literal["auto", "fast", "osd"] = "auto"  # auto: fast check, Tesseract OSD when unsure
    fast_min_confidence: float = Field(0.35, ge=0, le=1)
    osd_dpi: float = Field(200.0, ge=70, le=600, description="OSD runs on a copy at this resolution")
    osd_min_confidence: float = Field(1.5, ge=0)
    ocr_vote: bool = Field(True, description="when both tests are unsure, read the page both ways up and keep the better")


class Deskew(_Section):
    enabled: bool = True
    max_angle: float = Field(5.0, gt=0, le=45)
    min_angle: float = Field(0.05, ge=0, le=5, description="smaller skews are left alone")


class Borders(_Section):
    enabled: bool = True
    dark_level: float = Field(0.45, gt=0, lt=1, description="darker than this fraction of the paper is edge")
    min_length: float = Field(0.04, gt=0, le=1, description="fraction of the image side an edge region must span")


class Background(_Section):
    enabled: bool = True
    window_mm: float = Field(4.0, gt=0.5, le=50, description="marks thinner than this are ink, not background")
    stretch: bool = Field(True, description="stretch so the ink reaches black")
    clean_as_is: bool = Field(True, description="a page on plain white paper, without grain or specks, is read as it is")


class Denoise(_Section):
    enabled: bool = True
    max_speck_mm: float = Field(0.6, ge=0, le=5, description="isolated marks smaller than this are removed")
    isolation_mm: float = Field(1.0, ge=0, le=20, description="a mark this close to other ink is kept (diacritics)")
    grain_limit: float = Field(8.0, ge=0, description="grain (grey levels) above which the page is smoothed")


class Binarise(_Section):
    mode: Literal["auto", "always", "never"] = "auto"
    method: Literal["otsu", "sauvola"] = "otsu"
    min_snr: float = Field(6.0, ge=0, description="auto: binarise when ink contrast / grain is below this")


class Perspective(_Section):
    enabled: bool = False
    min_area: float = Field(0.2, gt=0, lt=1, description="smallest page quadrilateral, as a fraction of the photo")
    snap_formats: bool = Field(True, description="snap the aspect ratio to the nearest of capture.paper_formats")
    snap_tolerance: float = Field(0.10, ge=0, le=0.3, description="how far (relative) a measured aspect may be from a format")


class Blank(_Section):
    enabled: bool = True
    ink_level: float = Field(0.75, gt=0, lt=1, description="darker than this fraction of the paper is ink; bleed-through is lighter")
    min_mark_mm: float = Field(1.0, ge=0, description="marks smaller than this are specks")
    min_marks: int = Field(3, ge=1, description="this many marks close together make a word: not blank")
    min_large_mark_mm: float = Field(6.0, gt=0, description="one mark this large (a stamp, a signature, a line) is content")
    max_ink_fraction: float = Field(0.002, gt=0, le=1, description="more ink than this is never blank")


class Quality(_Section):
    enabled: bool = True
    min_dpi: float = Field(200.0, gt=0)
    min_x_height_px: float = Field(12.0, ge=0, description="text smaller than this cannot be read by OCR")
    max_blur_mm: float = Field(0.17, gt=0, description="edge spread (Gaussian sigma) beyond this is blurred")
    min_contrast: float = Field(0.30, ge=0, le=1, description="(paper - ink) / 255 below this is too faint")
    check_cut_off: bool = True
    cut_off_min_marks: int = Field(3, ge=1, description="this many characters cut by one edge flag the page")


class ScannerProfile(_Section):
    name: str
    description: str = ""
    extends: str | None = None
    source: Path | None = None
    capture: Capture = Capture()
    orientation: Orientation = Orientation()
    deskew: Deskew = Deskew()
    borders: Borders = Borders()
    background: Background = Background()
    denoise: Denoise = Denoise()
    binarise: Binarise = Binarise()
    perspective: Perspective = Perspective()
    blank: Blank = Blank()
    quality: Quality = Quality()

    def override(self, changes: dict[str, Any]) -> "ScannerProfile":
        """A copy with dotted keys changed, validated: ``p.override({"deskew.enabled": False})``."""
        data = self.model_dump()
        for dotted, value in changes.items():
            node = data
            *parents, leaf = dotted.split(".")
            for key in parents:
                node = node.setdefault(key, {})
            node[leaf] = value
        try:
            return ScannerProfile.model_validate(data)
        except ValidationError as exc:
            raise ProfileError(_explain(exc, f"overrides of profile {self.name!r}")) from exc


# --- lookup -------------------------------------------------------------------------------

def profile_dirs() -> list[Path]:
    """Where profiles are looked up, first match wins: $HOSO_PROFILES_DIR, then the shipped folder."""
    extra = [Path(p).expanduser() for p in os.environ.get(ENV_DIRS, "").split(os.pathsep) if p.strip()]
    return [*extra, SHIPPED_DIR]


def _find(name: str) -> Path | None:
    for directory in profile_dirs():
        path = directory / f"{name}.toml"
        if path.is_file():
            return path
    return None


def _available_names() -> list[str]:
    names: set[str] = set()
    for directory in profile_dirs():
        if directory.is_dir():
            names.update(p.stem for p in directory.glob("*.toml"))
    return sorted(names)


def load_profile(name_or_path: str | os.PathLike[str]) -> ScannerProfile:
    """A profile by name (looked up in the profile folders) or by path to a .toml file."""
    text = str(name_or_path)
    looks_like_path = text.endswith(".toml") or os.sep in text or "/" in text
    if looks_like_path:
        path = Path(text).expanduser()
        if not path.is_file():
            raise ProfileNotFound(f"scanner profile file {path} does not exist")
    else:
        found = _find(text)
        if found is None:
            dirs = ", ".join(str(d) for d in profile_dirs())
            raise ProfileNotFound(
                f"no scanner profile named {text!r} (looked in {dirs}); "
                f"available: {', '.join(_available_names()) or 'none'}"
            )
        path = found
    return _load_file(path, chain=())


def list_profiles() -> list[ScannerProfile]:
    """Every profile that can be loaded by name, sorted by name (a centre's file hides a shipped one)."""
    return [load_profile(name) for name in _available_names()]


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"{path}: not valid TOML: {exc}") from exc
    except OSError as exc:
        raise ProfileError(f"{path}: cannot be read: {exc}") from exc


def _merge(base: dict[str, Any], top: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in top.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _load_file(path: Path, chain: tuple[str, ...]) -> ScannerProfile:
    data = _read_toml(path)
    name = path.stem
    if "name" in data and data["name"] != name:
        raise ProfileError(
            f"{path}: key 'name' is {data['name']!r} but the file is named {name!r}; "
            "the profile name is the file name (drop the key or make them equal)"
        )
    if "source" in data:
        raise ProfileError(f"{path}: key 'source' is set by the loader, not in the file")
    parent_name = data.get("extends")
    if parent_name is not None:
        if not isinstance(parent_name, str):
            raise ProfileError(f"{path}: key 'extends' must be the name of another profile (a string)")
        if parent_name in chain or parent_name == name:
            raise ProfileError(f"{path}: 'extends' makes a loop: {' -> '.join((*chain, name, parent_name))}")
        parent_path = _find(parent_name)
        if parent_path is None:
            raise ProfileError(
                f"{path}: key 'extends' names profile {parent_name!r}, which does not exist; "
                f"available: {', '.join(_available_names())}"
            )
        parent = _load_file(parent_path, (*chain, name))
        parent_data = parent.model_dump(exclude={"name", "description", "extends", "source"})
        data = _merge(parent_data, data)
    data = {**data, "name": name, "source": path}
    try:
        return ScannerProfile.model_validate(data)
    except ValidationError as exc:
        raise ProfileError(_explain(exc, str(path))) from exc


def _allowed_keys(loc: tuple[Any, ...]) -> list[str]:
    model: type[BaseModel] = ScannerProfile
    for part in loc[:-1]:
        field = model.model_fields.get(str(part))
        annotation = field.annotation if field else None
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            model = annotation
        else:
            return []
    return [k for k in model.model_fields if k != "source"]


def _explain(exc: ValidationError, where: str) -> str:
    lines = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        key = ".".join(str(p) for p in loc) or "(top level)"
        if err["type"] == "extra_forbidden":
            allowed = _allowed_keys(loc)
            section = ".".join(str(p) for p in loc[:-1])
            lines.append(
                f"unknown key {key!r}"
                + (f" in [{section}]" if section else "")
                + (f"; allowed keys: {', '.join(allowed)}" if allowed else "")
            )
        else:
            got = err.get("input")
            shown = repr(got) if not isinstance(got, dict) else "a table"
            lines.append(f"key {key!r}: {err['msg']} (got {shown})")
    return f"{where}: invalid scanner profile: " + "; ".join(lines)
