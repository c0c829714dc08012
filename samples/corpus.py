"""Real administrative letters from the shared corpus (shared/corpus beside the checkout), as renderable paragraphs.

The corpus is typed text with Markdown markers (`##`, `**`, `- `) left by its conversion;
the markers are stripped and turned into typography (bold headings, plain lines).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from vntext import nfc

def _find_corpus() -> Path:
    """HOSO_CORPUS_DIR, else the team's shared/corpus beside the checkout."""
    if os.environ.get("HOSO_CORPUS_DIR"):
        return Path(os.environ["HOSO_CORPUS_DIR"])
    beside = Path(__file__).resolve().parents[2] / "shared" / "corpus"
    return beside if beside.is_dir() else Path("/work/shared/corpus")


CORPUS_DIR = _find_corpus()

_NUMBER = re.compile(r"^Số:\s*\S.*$")
_PLACE_DATE = re.compile(r"^[^\W\d][\w ]+, ngày \d{1,2} tháng \d{1,2} năm \d{4}$")
_CENTRE = re.compile(r"Trung tâm Phục vụ hành chính công (xã|phường) ([A-ZĐÂĂÊÔƠƯ][\wÀ-ỹ]*(?: [A-ZĐÂĂÊÔƠƯ][\wÀ-ỹ]*)?)")
_BULLET = re.compile(r"^\s*(?:[-*+]\s+)")


@dataclass
class Para:
    lines: list[str]
    kind: str = "body"  # body | heading | title | subtitle | list | receivers | signature | signer


@dataclass
class Letter:
    name: str
    agency: list[str]
    number: str | None
    place_date: str | None
    title: list[str]
    paras: list[Para] = field(default_factory=list)
    signer: list[str] = field(default_factory=list)
    signer_name: str | None = None
    receivers: list[str] = field(default_factory=list)


def strip_markdown(line: str) -> tuple[str, bool]:
    """The line without Markdown markers, and whether it was a heading or bold."""
    text = line.strip()
    heading = text.startswith("#")
    text = text.lstrip("#").strip()
    bold = text.startswith("**") or heading
    text = text.replace("***", "").replace("**", "")
    text = re.sub(r"(?<!\w)\*([^*]+)\*(?!\w)", r"\1", text)
    text = text.replace("*", "")
    text = _BULLET.sub("", text)
    return nfc(text.strip()), bold


def _blocks(raw: str) -> list[list[str]]:
    """Blank-line separated blocks; a block starting in lower case continues the previous
    one (the corpus was extracted from PDFs that broke paragraphs at page ends)."""
    blocks: list[list[str]] = []
    for chunk in re.split(r"\n\s*\n", raw):
        lines = [ln for ln in chunk.splitlines() if ln.strip()]
        if not lines:
            continue
        if blocks and lines[0].strip()[:1].islower():
            blocks[-1][-1] = blocks[-1][-1].rstrip() + " " + lines[0].strip()
            blocks[-1].extend(lines[1:])
        else:
            blocks.append(lines)
    return blocks


def _is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _agency(raw: str) -> list[str]:
    match = _CENTRE.search(raw)
    if not match:
        return ["ỦY BAN NHÂN DÂN", "TRUNG TÂM PHỤC VỤ", "HÀNH CHÍNH CÔNG"]
    return [f"UBND {match.group(1).upper()} {match.group(2).upper()}", "TRUNG TÂM PHỤC VỤ", "HÀNH CHÍNH CÔNG"]


def parse_letter(path: Path) -> Letter:
    raw = path.read_text(encoding="utf-8")
    letter = Letter(path.stem, _agency(raw), None, None, [])
    state = "head"
    for block in _blocks(raw):
        stripped = [strip_markdown(ln) for ln in block]
        texts = [t for t, _ in stripped if t]
        bold = all(b for _, b in stripped)
        if not texts:
            continue
        if state == "head" and len(texts) == 1 and _NUMBER.match(texts[0]):
            letter.number = texts[0]
            continue
        if state == "head" and len(texts) == 1 and _PLACE_DATE.match(texts[0]):
            letter.place_date = texts[0]
            continue
        if state == "head" and all(_is_caps(t) for t in texts):
            letter.title = texts
            state = "after_title"
            continue
        if state == "after_title":
            state = "body"
            if bold or not texts[0].endswith((":", ";")) and not texts[0].startswith("Căn cứ"):
                letter.paras.append(Para(texts, "subtitle"))
                continue
        if texts[0].rstrip(":") == "Nơi nhận":
            state = "receivers"
            continue
        if state == "receivers":
            if all(t.startswith(("-", "+")) or t.endswith((";", ".")) for t in texts) and not _is_caps(texts[0]):
                letter.receivers.extend(texts)
                continue
            state = "signature"
        if state == "signature":
            if _is_caps(texts[0]):
                letter.signer.extend(texts)
            else:
                letter.signer_name = texts[0]
            continue
        kind = "heading" if bold or (_is_caps(texts[0]) and len(texts[0]) < 120) else "body"
        letter.paras.append(Para(texts, kind))
    return letter


@lru_cache(maxsize=8)
def corpus_letters(directory: Path = CORPUS_DIR) -> tuple[Letter, ...]:
    if not directory.is_dir():
        return ()
    return tuple(parse_letter(p) for p in sorted(directory.glob("*.txt")))
