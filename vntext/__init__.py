"""Vietnamese text utilities shared by every stage: NFC, diacritic folding, CER."""

from vntext.fold import fold, fold_char, nfc, tokens
from vntext.metrics import cer, normalise_for_cer

__all__ = ["fold", "fold_char", "nfc", "tokens", "cer", "normalise_for_cer"]
