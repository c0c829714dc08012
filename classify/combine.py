"""One type with one confidence from the title rules, the statistical model and the
evidence beyond the title (pure).

A recognised title is strong evidence; the model confirms it (confidence rises) or
disagrees (confidence falls, and the more confident layer wins). Without a title the model
decides alone. Evidence that does not depend on the OCR'd wording overrides both: a
decoded CCCD QR code, a valid MRZ or a photo card make an identity card, a letter's number
line with its "Nơi nhận" / "V/v" / header an administrative text (classify/evidence.py).

`decide` then gives the guess one calibrated confidence (classify/calibration.py: of pages
given 0.8, about 80% are right). Below THRESHOLD the type is the fallback (`khac`), the
guess and its confidence are kept, and the document waits for review: never forced into a
wrong type.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from classify.evidence import LETTER, TypeEvidence, card_type, letter_proven

THRESHOLD = 0.5


def best_guess(rule_type: str | None, rule_confidence: float, model_type: str | None, model_confidence: float,
               fallback: str = "khac") -> tuple[str, float]:
    """The title rule and the model reconciled, before any threshold."""
    if rule_type is not None and rule_type != fallback:
        if model_type is None or model_type == rule_type:
            confidence = 1 - (1 - rule_confidence) * (1 - (model_confidence if model_type else 0.0))
            return rule_type, round(confidence, 3)
        winner = rule_type if rule_confidence >= model_confidence else model_type
        confidence = max(rule_confidence, model_confidence) * (1 - 0.5 * min(rule_confidence, model_confidence))
        return winner, round(confidence, 3)
    if model_type is not None:
        return model_type, round(model_confidence, 3)
    return fallback, round(rule_confidence, 3)


def combine(rule_type: str | None, rule_confidence: float, model_type: str | None, model_confidence: float,
            fallback: str = "khac") -> tuple[str, float]:
    """Title rule and model only, with the threshold (the uncalibrated layer; training uses it)."""
    winner, confidence = best_guess(rule_type, rule_confidence, model_type, model_confidence, fallback)
    if winner != fallback and confidence < THRESHOLD:
        return fallback, confidence
    return winner, confidence


@dataclass(frozen=True)
class TypeDecision:
    doc_type: str  # the type given: the fallback when uncertain
    confidence: float  # calibrated: the chance that `guess` is right
    guess: str  # the best type before the threshold
    uncertain: bool  # a guess below THRESHOLD: the document waits for review
    basis: str  # what decided the guess: card_code, card_photo, letter, title, model, none
    features: tuple[float, ...] = field(default=(), compare=False)


# Evidence that decides whatever the OCR'd text says: its confidence is how often it is
# right, not what the text looks like (classify/calibration.py counts it per basis).
DECISIVE = ("card_code", "card_photo", "letter")
# The calibration's inputs, in this order (classify/calibration.py fits one weight each).
FEATURES = ("rule_agrees", "rule_disagrees", "model_prob", "model_logit_alone", "model_other", "agreement",
            "title_found", "card_code", "card_photo", "letter_proven", "letter_cues", "header", "is_fallback")


def _logit(p: float) -> float:
    p = min(max(p, 1e-3), 1 - 1e-3)
    return math.log(p / (1 - p))


def features(guess: str, basis: str, rule_type: str | None, rule_confidence: float,
             model_probs: dict[str, float], evidence: TypeEvidence, fallback: str = "khac") -> tuple[float, ...]:
    model_prob = model_probs.get(guess, 0.0)
    other = max((p for t, p in model_probs.items() if t != guess), default=0.0)
    model_type = max(model_probs, key=model_probs.get) if model_probs else None
    return (
        rule_confidence if rule_type == guess else 0.0,
        rule_confidence if rule_type not in (None, guess, fallback) else 0.0,
        model_prob,
        _logit(model_prob) if rule_type is None else 0.0,  # the model alone: its odds, not its share
        other,
        float(rule_type == guess and model_type == guess),
        float(rule_type is not None),
        float(basis == "card_code"),
        float(basis == "card_photo"),
        float(basis == "letter"),
        evidence.letter_cues / 3.0 if guess == LETTER else 0.0,
        float(evidence.header),
        float(guess == fallback),
    )


def guess_type(rule_type: str | None, rule_confidence: float, model_probs: dict[str, float],
               evidence: TypeEvidence, fallback: str = "khac") -> tuple[str, str, float]:
    """(guess, basis, uncalibrated confidence): evidence first, then title and model."""
    model_type = max(model_probs, key=model_probs.get) if model_probs else None
    model_confidence = model_probs.get(model_type, 0.0) if model_type else 0.0
    card = card_type(evidence, rule_type, model_probs)
    if card is not None:
        return card, "card_code" if evidence.card_code else "card_photo", 0.99
    if letter_proven(evidence, rule_type):
        return LETTER, "letter", 0.95
    winner, confidence = best_guess(rule_type, rule_confidence, model_type, model_confidence, fallback)
    basis = "title" if rule_type is not None and winner == rule_type else "model" if model_type else "none"
    return winner, basis, confidence


def decide(rule_type: str | None, rule_confidence: float, model_probs: dict[str, float],
           evidence: TypeEvidence, calibrate=None, fallback: str = "khac") -> TypeDecision:
    """One type and one confidence. `calibrate`: a fitted classify.calibration.Calibration
    (`confidence(basis, features) -> probability`); without it the confidence is the
    uncalibrated one."""
    guess, basis, raw = guess_type(rule_type, rule_confidence, model_probs, evidence, fallback)
    vector = features(guess, basis, rule_type, rule_confidence, model_probs, evidence, fallback)
    confidence = round(float(calibrate.confidence(basis, vector)) if calibrate is not None else raw, 3)
    uncertain = guess != fallback and confidence < THRESHOLD
    return TypeDecision(doc_type=fallback if uncertain else guess, confidence=confidence, guess=guess,
                        uncertain=uncertain, basis=basis, features=vector)
