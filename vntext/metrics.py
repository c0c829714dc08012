"""Character error rate, the accuracy figure every OCR claim in this project uses."""

from __future__ import annotations

import re

from rapidfuzz.distance import Levenshtein

from vntext.fold import nfc

_SPACE = re.compile(r"\s+")


def normalise_for_cer(text: str) -> str:
    """NFC with every run of white space folded to one space: layout is not an OCR error."""
    return _SPACE.sub(" ", nfc(text)).strip()


def cer(reference: str, hypothesis: str) -> float:
    """Edit distance / reference length, on normalised text (0.0 is perfect)."""
    ref = normalise_for_cer(reference)
    hyp = normalise_for_cer(hypothesis)
    if not ref:
        return 0.0 if not hyp else 1.0
    return Levenshtein.distance(ref, hyp) / len(ref)
