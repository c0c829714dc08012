"""Per-type precision/recall/F1, macro-F1, a confusion matrix and the calibration of a
confidence (reliability bins, expected calibration error); pure."""

from __future__ import annotations


def scores(gold: list[str], predicted: list[str]) -> dict:
    labels = sorted(set(gold) | set(predicted))
    per_type = {}
    for label in labels:
        tp = sum(g == p == label for g, p in zip(gold, predicted))
        fp = sum(p == label and g != label for g, p in zip(gold, predicted))
        fn = sum(g == label and p != label for g, p in zip(gold, predicted))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_type[label] = {"precision": precision, "recall": recall, "f1": f1, "support": tp + fn}
    present = [v["f1"] for v in per_type.values() if v["support"]]
    confusion = {g: {p: sum(a == g and b == p for a, b in zip(gold, predicted)) for p in labels} for g in labels}
    return {"per_type": per_type, "macro_f1": sum(present) / len(present) if present else 0.0,
            "confusion": confusion, "labels": labels}


def report_lines(result: dict) -> list[str]:
    lines = [f"{'type':32} {'prec':>5} {'rec':>5} {'F1':>5} {'n':>4}"]
    for label, v in result["per_type"].items():
        lines.append(f"{label:32} {v['precision']:5.2f} {v['recall']:5.2f} {v['f1']:5.2f} {v['support']:4d}")
    lines.append(f"macro-F1 {result['macro_f1']:.3f}")
    labels = result["labels"]
    short = [label[:5] for label in labels]
    lines.append("confusion (rows: true, columns: predicted)")
    lines.append(" " * 32 + " ".join(f"{s:>5}" for s in short))
    for g in labels:
        lines.append(f"{g:32} " + " ".join(f"{result['confusion'][g][p]:5d}" for p in labels))
    return lines


def reliability_bins(confidences: list[float], correct: list[bool], bins: int = 10) -> list[dict]:
    """Equal-width confidence bins over [0, 1] (the last one closed): per bin its count,
    mean confidence and accuracy (None for an empty bin), as a reliability diagram plots."""
    members: list[list[tuple[float, bool]]] = [[] for _ in range(bins)]
    for confidence, right in zip(confidences, correct):
        members[min(max(int(confidence * bins), 0), bins - 1)].append((confidence, bool(right)))
    rows = []
    for index, items in enumerate(members):
        count = len(items)
        rows.append({"low": index / bins, "high": (index + 1) / bins, "count": count,
                     "mean_confidence": sum(c for c, _ in items) / count if count else None,
                     "accuracy": sum(r for _, r in items) / count if count else None})
    return rows


def expected_calibration_error(confidences: list[float], correct: list[bool], bins: int = 10) -> float:
    """Sum over bins of (share of items in the bin) x |accuracy - mean confidence|:
    0 when, in every bin, the confidence says how often the answer is right."""
    total = len(confidences)
    if not total:
        return 0.0
    return sum(row["count"] / total * abs(row["accuracy"] - row["mean_confidence"])
               for row in reliability_bins(confidences, correct, bins) if row["count"])
