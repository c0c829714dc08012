"""Run Tesseract on a cleaned page and rebuild its lines.

A page with ID cards copied onto it is read card by card (ocr.regions): each card cut out
(and enlarged when scanned at a low resolution), then the rest of the page with the cards
blanked out. Any other page is read without its empty margins, its side-by-side blocks
then put in a person's reading order (ocr.layout). Doubtful 12-digit IDs are read again as
digits (ocr.digits). Word boxes are always in the coordinates of the page image given.
"""

from __future__ import annotations

import time

import cv2
import numpy as np

from external import tesseract
from ocr.digits import reread_ids
from ocr.layout import block_order
from ocr.models import OcrOptions, OcrPage, OcrWord
from ocr.regions import Region, content_box, find_cards, has_portrait
from vntext import nfc

# Card print is 4-7 pt: at 200 dpi or less its x-height is 6-10 px, below what Tesseract's
# models were trained on. Such cards are read enlarged twice (degraded 200-dpi card copies:
# errors down by half and more); at 300 dpi, enlarging made clean card copies read worse.
SMALL_PRINT_BELOW_DPI = 250.0
CARD_UPSCALE = 2.0
CARD_INSET = 0.012  # of the card's width: leave the outline out of the cut
REST_MIN_INK_PX = 150  # dark pixels at 100 dpi left outside the cards: a line of text or more


def ocr_page(image: np.ndarray, options: OcrOptions | None = None, dpi: float | None = None,
             preview: np.ndarray | None = None) -> OcrPage:
    """OCR one page; raises external.tesseract.TesseractFailed when Tesseract fails.
    `preview`: the page shrunk to ~150 dpi, when the caller has one (see ocr.regions)."""
    options = options or OcrOptions()
    started = time.perf_counter()
    grey = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    cards = find_cards(grey, dpi, preview) if options.find_cards and dpi else []
    words = _read_by_card(grey, cards, options, dpi) if cards else _read_content(image, grey, options, dpi)
    if options.reread_ids:
        words = reread_ids(grey, words, options)
    height, width = image.shape[:2]
    return OcrPage(
        text=text_from_words(words),
        confidence=mean_confidence(words),
        words=words,
        width=width,
        height=height,
        seconds=time.perf_counter() - started,
        cards=len(cards),
        portraits=sum(has_portrait(grey, card, dpi) for card in cards),
    )


def _read(image: np.ndarray, options: OcrOptions) -> list[OcrWord]:
    """Tesseract on an image, told no resolution: it estimates one from the letters' height,
    which reads better than the file's true DPI (degraded pages: CER 3.68% -> 3.09%, clean
    pages 0.71% -> 0.73%, 3-7% less of Tesseract's time; bench notes in BENCHMARKS.md).
    Its thresholds are tuned to letter size, and print on forms and cards is small."""
    data = tesseract.ocr_data(
        image,
        lang=options.lang,
        psm=options.psm,
        timeout=options.timeout,
        tessdata_dir=options.tessdata_dir,
    )
    return words_from_tsv(data)


def _read_content(image: np.ndarray, grey: np.ndarray, options: OcrOptions, dpi: float | None) -> list[OcrWord]:
    """The page (and its grey copy) without its empty margins (same words, ~10% less of
    Tesseract's time)."""
    box = content_box(grey, dpi or 300.0)
    if box is None:
        return []
    top, left, bottom, right = box
    if (bottom - top) * (right - left) >= 0.9 * grey.shape[0] * grey.shape[1]:
        words = _read(image, options)
    else:
        words = [_to_page(w, left, top, 1.0) for w in _read(image[top:bottom, left:right], options)]
    return block_order(words) if options.block_order else words


def _read_by_card(grey: np.ndarray, cards: list[Region], options: OcrOptions, dpi: float) -> list[OcrWord]:
    """Each card on its own (enlarged below SMALL_PRINT_BELOW_DPI); then what is left of the
    page (a certified-copy stamp, a heading) around them, its lines above the first card
    read first."""
    factor = CARD_UPSCALE if dpi < SMALL_PRINT_BELOW_DPI else 1.0
    rest = grey.copy()
    blocks: list[list[OcrWord]] = []
    for card in cards:
        inset = int(round(card.width * CARD_INSET))
        top, left = card.top + inset, card.left + inset
        crop = grey[top:card.top + card.height - inset, left:card.left + card.width - inset]
        rest[card.top:card.top + card.height, card.left:card.left + card.width] = 255
        if crop.size == 0:
            continue
        if factor > 1.0:
            crop = cv2.resize(crop, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC)
        blocks.append([_to_page(w, left, top, factor) for w in _read(crop, options)])
    above: list[OcrWord] = []
    below: list[OcrWord] = []
    if _has_text(rest, dpi):
        rest_words = _read_content(rest, rest, options, dpi)
        line_tops: dict[int, int] = {}
        for w in rest_words:
            line_tops[w.line] = min(line_tops.get(w.line, w.top), w.top)
        first_card = min(c.top for c in cards)
        for w in rest_words:
            (above if line_tops[w.line] < first_card else below).append(w)
    return _renumber_lines([above, *blocks, below])


def _to_page(word: OcrWord, left: int, top: int, factor: float) -> OcrWord:
    return word.model_copy(update={
        "left": left + int(round(word.left / factor)), "top": top + int(round(word.top / factor)),
        "width": max(1, int(round(word.width / factor))), "height": max(1, int(round(word.height / factor))),
    })


def _renumber_lines(blocks: list[list[OcrWord]]) -> list[OcrWord]:
    """One sequence of line indices across separately read blocks, in block order."""
    out: list[OcrWord] = []
    lines = 0
    for block in blocks:
        local: dict[int, int] = {}
        for word in block:
            if word.line not in local:
                local[word.line] = lines
                lines += 1
            out.append(word.model_copy(update={"line": local[word.line]}))
    return out


def _has_text(grey: np.ndarray, dpi: float) -> bool:
    scale = min(1.0, 100.0 / dpi)
    small = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1.0 else grey
    return int(np.count_nonzero(small < 128)) >= REST_MIN_INK_PX


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
