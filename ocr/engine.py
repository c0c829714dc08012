"""Run Tesseract on a cleaned page and rebuild its lines."""

from __future__ import annotations

import time

import numpy as np

from external import tesseract
from ocr.models import OcrOptions, OcrPage, OcrWord
from vntext import nfc


def ocr_page(image: np.ndarray, options: OcrOptions | None = None, dpi: float | None = None) -> OcrPage:
    """OCR one page; raises external.tesseract.TesseractFailed when Tesseract fails."""
    options = options or OcrOptions()
    started = time.perf_counter()
    data = tesseract.ocr_data(
        image,
        lang=options.lang,
        psm=options.psm,
        timeout=options.timeout,
        tessdata_dir=options.tessdata_dir,
        dpi=round(dpi) if dpi else None,
    )
    words = words_from_tsv(data)
    height, width = image.shape[:2]
    return OcrPage(
        text=text_from_words(words),
        confidence=mean_confidence(words),
        words=words,
        width=width,
        height=height,
        seconds=time.perf_counter() - started,
    )


# Characters Tesseract's vie model emits for others that never occur in Vietnamese
# administrative text: U+2044 for "/" (breaks "04/BC-UBND" and date search), "¡" for "i".
_CONFUSIONS = str.maketrans({"\u2044": "/", "\u00a1": "i"})


def correct_confusions(text: str) -> str:
    return text.translate(_CONFUSIONS)


def words_from_tsv(data: dict[str, list]) -> list[OcrWord]:
    """Words with a line index, in Tesseract's reading order (block, paragraph, line)."""
    words: list[OcrWord] = []
    line_keys: dict[tuple[int, int, int], int] = {}
    for i, raw in enumerate(data.get("text", [])):
        text = correct_confusions(nfc(str(raw))).strip()
        conf = float(data["conf"][i])
        if not text or conf < 0:
            continue
        key = (int(data["block_num"][i]), int(data["par_num"][i]), int(data["line_num"][i]))
        line = line_keys.setdefault(key, len(line_keys))
        words.append(
            OcrWord(
                text=text,
                conf=conf,
                left=int(data["left"][i]),
                top=int(data["top"][i]),
                width=int(data["width"][i]),
                height=int(data["height"][i]),
                line=line,
            )
        )
    return words


def text_from_words(words: list[OcrWord]) -> str:
    lines: dict[int, list[str]] = {}
    for word in words:
        lines.setdefault(word.line, []).append(word.text)
    return "\n".join(" ".join(parts) for _, parts in sorted(lines.items()))


def mean_confidence(words: list[OcrWord]) -> float | None:
    total = sum(len(w.text) for w in words)
    if not total:
        return None
    return round(sum(w.conf * len(w.text) for w in words) / total, 2)
