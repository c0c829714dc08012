"""Word boxes packed as compact JSON rows, the form they travel and are stored in.

A page has hundreds of words; as pydantic objects a long file's words would cost tens of
MB in the main process, as rows [text, conf, left, top, width, height, line] a few.
"""

from __future__ import annotations

import json

from ocr.models import OcrWord


def words_to_json(words: list[OcrWord]) -> str:
    rows = [[w.text, round(w.conf, 1), w.left, w.top, w.width, w.height, w.line] for w in words]
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":"))


def words_from_json(packed: str) -> list[OcrWord]:
    return [
        OcrWord(text=t, conf=c, left=x, top=y, width=w, height=h, line=line)
        for t, c, x, y, w, h, line in json.loads(packed or "[]")
    ]
