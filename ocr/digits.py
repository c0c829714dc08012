"""The 12-digit personal ID read again, as digits only, where the page read it doubtfully.

The ID (CCCD / số định danh cá nhân) is what links a paper to its citizen; one digit misread
or a letter read for a digit (O for 0, l for 1, B for 8) and the page is not linked. A token
that looks like an ID but is not a clean 12-digit number (11 to 13 digit-like characters,
digits split by spaces, letters among them), or is one read with low confidence, has its
word boxes cut from the page, enlarged and read again by Tesseract as a single line with a
digits-only whitelist. The re-read is taken only when it gives exactly 12 digits.

Finding candidates is pure (`id_candidates`); `reread_ids` runs Tesseract on the few crops.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import cv2
import numpy as np

from external import tesseract
from ocr.models import OcrOptions, OcrWord

ID_DIGITS = 12
# Letters Tesseract's vie model gives for digits in a number printed in a small or worn face.
_AS_DIGIT = str.maketrans({"O": "0", "o": "0", "D": "0", "Q": "0", "U": "0", "l": "1", "I": "1", "i": "1",
                           "|": "1", "!": "1", "B": "8", "S": "5", "s": "5", "Z": "2", "z": "2", "G": "6",
                           "b": "6", "g": "9", "q": "9", "T": "7"})
_EDGE_PUNCT = ".,;:()[]"
# A clean 12-digit token read with less confidence than this is read again too.
DOUBTFUL_CONF = 90.0
# Digits are read again at this cap height in pixels (Tesseract reads best at 30-40 px).
TARGET_HEIGHT_PX = 40
MAX_UPSCALE = 4.0
PAD_HEIGHTS = 0.35  # of the token's height, around its box


@dataclass(frozen=True)
class Candidate:
    indices: tuple[int, ...]  # consecutive words of one line
    digits: str  # what the page read, letters turned into the digits they resemble

    @property
    def clean(self) -> bool:
        return len(self.indices) == 1 and len(self.digits) == ID_DIGITS


def _digit_like(text: str) -> str | None:
    """The word as digits if every character is a digit or a letter resembling one, and
    most are true digits (a word like 'Số' or 'III' is not a number)."""
    core = text.strip(_EDGE_PUNCT)
    if not core:
        return None
    mapped = core.translate(_AS_DIGIT)
    if not mapped.isdigit() or not mapped.isascii():
        return None
    real = sum(ch.isdigit() for ch in core)
    return mapped if real >= max(1, len(core) - 3) and real * 2 > len(core) else None


def id_candidates(words: list[OcrWord]) -> list[Candidate]:
    """Runs of digit-like words in one line holding 11 to 13 digits."""
    out: list[Candidate] = []
    run: list[tuple[int, str]] = []

    def close() -> None:
        # the longest stretch of the run that looks like one ID, at most 13 digits
        for start in range(len(run)):
            total = ""
            for end in range(start, len(run)):
                total += run[end][1]
                if len(total) > ID_DIGITS + 1:
                    break
                if len(total) >= ID_DIGITS - 1 and (end + 1 == len(run) or len(total + run[end + 1][1]) > ID_DIGITS + 1):
                    out.append(Candidate(tuple(i for i, _ in run[start:end + 1]), total))
                    return

    for index, word in enumerate(words):
        digits = _digit_like(word.text)
        if digits is None or (run and words[run[-1][0]].line != word.line):
            close()
            run = []
        if digits is not None:
            run.append((index, digits))
    close()
    return out


def needs_reread(candidate: Candidate, words: list[OcrWord]) -> bool:
    """Not a clean 12-digit read, or one read doubtfully; a sure read of 11 or 13 true digits
    in one word is another number (a code, a 13-digit tax number) and is left alone."""
    if len(candidate.indices) > 1:
        return True
    word = words[candidate.indices[0]]
    true_digits = word.text.strip(_EDGE_PUNCT) == candidate.digits
    if not candidate.clean:
        return not (true_digits and word.conf >= DOUBTFUL_CONF)
    return not true_digits or word.conf < DOUBTFUL_CONF


def crop_for(grey: np.ndarray, boxes: list[OcrWord]) -> np.ndarray:
    """The tokens' union box with a margin, enlarged to TARGET_HEIGHT_PX."""
    top = min(w.top for w in boxes)
    bottom = max(w.top + w.height for w in boxes)
    left = min(w.left for w in boxes)
    right = max(w.left + w.width for w in boxes)
    pad = int(round(PAD_HEIGHTS * (bottom - top))) + 2
    h, w = grey.shape[:2]
    crop = grey[max(0, top - pad):min(h, bottom + pad), max(0, left - pad):min(w, right + pad)]
    factor = min(MAX_UPSCALE, max(1.0, TARGET_HEIGHT_PX / max(1, bottom - top)))
    if factor > 1.0 and crop.size:
        crop = cv2.resize(crop, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC)
    return crop


def digits_lang(options: OcrOptions) -> str:
    """Tesseract's `eng` model where it is installed: on a digits-only line it misreads less
    than `vie` (a crisp 300-dpi '075088806517' came back from `vie` with an 8 read as 6)."""
    try:
        return "eng" if "eng" in tesseract.languages(options.tessdata_dir) else options.lang
    except tesseract.TesseractMissing:
        return options.lang


def read_digits(crop: np.ndarray, options: OcrOptions) -> tuple[str, float]:
    """Digits Tesseract reads in one line of a crop, and their mean confidence."""
    data = tesseract.ocr_data(crop, lang=digits_lang(options), psm=13, timeout=options.timeout,
                              tessdata_dir=options.tessdata_dir,
                              extra_config="-c tessedit_char_whitelist=0123456789")
    texts, confs = [], []
    for raw, conf in zip(data.get("text", []), data.get("conf", [])):
        text = str(raw).strip()
        if text and float(conf) >= 0:
            texts.append(text)
            confs.append(float(conf))
    return re.sub(r"\D", "", "".join(texts)), (sum(confs) / len(confs) if confs else 0.0)


def _replace(words: list[OcrWord], candidate: Candidate, digits: str, conf: float) -> list[OcrWord]:
    """The candidate's words as one word carrying the re-read digits (an ID is printed as
    one number; a space inside it is a misread)."""
    group = [words[i] for i in candidate.indices]
    top = min(w.top for w in group)
    right = max(w.left + w.width for w in group)
    merged = group[0].model_copy(update={
        "text": digits, "conf": round(conf, 2), "top": top, "width": right - group[0].left,
        "height": max(w.top + w.height for w in group) - top})
    return [*words[:candidate.indices[0]], merged, *words[candidate.indices[-1] + 1:]]


def reread_ids(grey: np.ndarray, words: list[OcrWord], options: OcrOptions) -> list[OcrWord]:
    """The words with each doubtful ID-like token replaced by its digits-only re-read when
    that re-read gives exactly 12 digits."""
    for candidate in reversed(id_candidates(words)):  # from the end: earlier indices stay valid
        if not needs_reread(candidate, words):
            continue
        crop = crop_for(grey, [words[i] for i in candidate.indices])
        if crop.size == 0:
            continue
        digits, conf = read_digits(crop, options)
        # a clean 12-digit read is replaced only by a surer one
        surer = not candidate.clean or conf > words[candidate.indices[0]].conf
        if len(digits) == ID_DIGITS and surer:
            words = _replace(words, candidate, digits, conf)
    return words
