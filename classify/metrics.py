"""Per-type precision/recall/F1, macro-F1 and a confusion matrix (pure)."""

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
