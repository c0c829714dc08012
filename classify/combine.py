"""One type with one confidence from the title rules and the statistical model (pure).

A recognised title is strong evidence; the model confirms it (confidence rises) or
disagrees (confidence falls, and the more confident layer wins). Without a title the model
decides alone. Below THRESHOLD the type is the fallback (`khac`) and the document waits for
review: never forced into a wrong type.
"""

from __future__ import annotations

THRESHOLD = 0.5


def combine(rule_type: str | None, rule_confidence: float, model_type: str | None, model_confidence: float,
            fallback: str = "khac") -> tuple[str, float]:
    if rule_type is not None and rule_type != fallback:
        if model_type is None or model_type == rule_type:
            confidence = 1 - (1 - rule_confidence) * (1 - (model_confidence if model_type else 0.0))
            return rule_type, round(confidence, 3)
        winner = rule_type if rule_confidence >= model_confidence else model_type
        confidence = max(rule_confidence, model_confidence) * (1 - 0.5 * min(rule_confidence, model_confidence))
    elif model_type is not None:
        winner, confidence = model_type, model_confidence
    else:
        return fallback, round(rule_confidence, 3)
    if confidence < THRESHOLD:
        return fallback, round(confidence, 3)
    return winner, round(confidence, 3)
