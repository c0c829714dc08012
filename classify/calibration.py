"""One confidence that means what it says: of pages given 0.8, about 80% are right.

The title rule's score, the model's probabilities and the evidence beyond the title
(classify/combine.py FEATURES) go through a small logistic combiner fitted to whether the
guess was right, on `samples/` pages of seeds that neither the base model (BASE_SEEDS)
nor the benchmark (2026) uses, rendered and noised like the model's training text but
harder (more OCR noise, titles damaged beyond reading), since unseen papers are read
worse than the generator's. Card pages get the evidence the page worker finds on real
scans (card outline, photo, decoded QR code) at the rates it finds it.

Fitted reproducibly (fixed seeds, Newton's method in numpy: no scikit-learn in the
ingest process) and cached, as JSON numbers, by a hash of its sources and of the model it
calibrates, like the base model. `measure` gives the expected calibration error (ECE) of
the old and the calibrated confidence on a further seed.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from classify.combine import DECISIVE, FEATURES, best_guess, decide
from classify.evidence import CARD_TYPES, PHOTO_CARDS, TypeEvidence, gather
from classify.metrics import expected_calibration_error as ece, reliability_bins
from classify.model import TypeModel, _cache_dirs, ocr_noise
from vntext import fold

CALIBRATION_VERSION = "2"  # 2: decisive evidence counted per basis
CALIBRATION_SEEDS = (404, 505, 707)  # neither classify.model.BASE_SEEDS nor the benchmark's 2026
HELD_OUT_SEED = 606  # measures the calibration; never fitted on
DOCS_PER_TYPE = 10  # per seed
NOISE_RATES = (0.0, 0.03, 0.08, 0.15, 0.25, 0.35)  # up to a phone photo's error rate
TITLE_DAMAGE = 0.3  # share of documents whose title is read as garbage
PARTIAL_READ = 0.3  # share of pages of which only a stretch of lines is read (folds, stains, cut-offs)
GARBLED_READ = 0.12  # share of pages read as garbage (upside down, a dark photo, a card's guilloche)
L2 = 1e-3
BINS = 10


@dataclass(frozen=True)
class CalibrationPage:
    text: str
    label: str
    codes: tuple[str, ...] = ()
    cards: int = 0
    portraits: int = 0


@dataclass(frozen=True)
class Calibration:
    weights: tuple[float, ...]  # one per FEATURES entry: the title rule and the model
    bias: float
    sources: str
    pages: int
    # decisive evidence (combine.DECISIVE): the share of its guesses that were right,
    # (right + 1) / (pages + 2), whatever the page's text
    basis_rates: tuple[tuple[str, float], ...] = ()

    def confidence(self, basis: str, vector) -> float:
        rates = dict(self.basis_rates)
        if basis in rates:
            return rates[basis]
        score = float(np.dot(self.weights, vector)) + self.bias
        return float(np.exp(-np.logaddexp(0.0, -score)))


def _damage_title(text: str, title: str, rng: random.Random) -> str:
    """The title's lines garbled beyond matching (a stamp over it, a fold, a bad scan)."""
    folded_title = " ".join(fold(title).lower().split())
    out = []
    for line in text.splitlines():
        folded = " ".join(fold(line).lower().split())
        if len(folded) >= 4 and folded in folded_title:
            line = ocr_noise(line, rng, 0.45)
        out.append(line)
    return "\n".join(out)


def _partial(text: str, rng: random.Random) -> str:
    """A stretch of 25-60% of the page's lines: the rest was not read."""
    lines = text.splitlines()
    keep = max(1, int(len(lines) * rng.uniform(0.25, 0.6)))
    start = rng.randint(0, max(0, len(lines) - keep))
    return "\n".join(lines[start:start + keep])


def _garbled(text: str, rng: random.Random) -> str:
    """The page as OCR reads it upside down: each line reversed, most letters wrong."""
    return "\n".join(ocr_noise(line[::-1], rng, 0.5) for line in text.splitlines())


def _card_scan(doc_type: str, qr: str | None, first: bool, rng: random.Random) -> tuple[tuple[str, ...], int, int]:
    """(codes, card outlines, photos) the page worker finds on a card copy, at about the
    rates it finds them on degraded scans."""
    if doc_type not in CARD_TYPES or not first:
        return (), 0, 0
    cards = 2 if rng.random() < 0.85 else 0
    portraits = 1 if cards and doc_type in PHOTO_CARDS and rng.random() < 0.9 else 0
    codes = (qr,) if qr and rng.random() < 0.6 else ()
    return codes, cards, portraits


def calibration_pages(seeds: tuple[int, ...] = CALIBRATION_SEEDS, docs_per_type: int = DOCS_PER_TYPE
                      ) -> list[CalibrationPage]:
    """Pages of every sample type for `seeds`, read as a weak OCR would read them."""
    from samples.batch import render_spec
    from samples.content import SUPPORTED_TYPES, build_document
    from samples.corpus import corpus_letters
    from samples.people import make_citizens

    pages: list[CalibrationPage] = []
    letters = corpus_letters()
    for seed in seeds:
        people = make_citizens(seed, docs_per_type + 2)
        rng = random.Random(seed * 7919)
        for doc_type in SUPPORTED_TYPES:
            for i in range(docs_per_type):
                owner, options = people[i % len(people)], {}
                if doc_type == "van_ban_hanh_chinh":
                    if not letters:
                        continue
                    owner, options = None, {"letter": letters[(i + seed) % len(letters)],
                                            "max_paras": rng.randint(4, 30)}
                try:
                    spec = build_document(doc_type, owner, rng, **options)
                except (KeyError, ValueError):  # a template that needs relatives this person lacks
                    continue
                damaged = rng.random() < TITLE_DAMAGE
                qr = spec.truth.fields.get("qr_payload")
                for index, page in enumerate(render_spec(spec, dpi=60)):
                    text = _damage_title(page.text, spec.truth.title, rng) if damaged and index == 0 else page.text
                    if rng.random() < PARTIAL_READ:
                        text = _partial(text, rng)
                    if rng.random() < GARBLED_READ:
                        text = _garbled(text, rng)
                    text = ocr_noise(text, rng, rng.choice(NOISE_RATES))
                    codes, cards, portraits = _card_scan(doc_type, qr, index == 0, rng)
                    pages.append(CalibrationPage(text, doc_type, codes, cards, portraits))
    return pages


def _pages_hash() -> str:
    """The rendered calibration pages depend on the samples code and this file only: a
    model retrained on a centre's papers is calibrated again on the same pages, without
    rendering them again."""
    from classify.model import _source_files

    digest = hashlib.sha256(CALIBRATION_VERSION.encode())
    for path in [Path(__file__), *_source_files()[2:]]:  # this file and samples/*.py
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def load_calibration_pages(data_root: Path | None = None) -> list[CalibrationPage]:
    """calibration_pages(), cached as JSON beside the model (rendering takes most of a fit)."""
    name = f"type-calibration-pages-{_pages_hash()}.json"
    for folder in _cache_dirs(data_root):
        try:
            rows = json.loads((folder / name).read_text(encoding="utf-8"))
            return [CalibrationPage(r["text"], r["label"], tuple(r["codes"]), r["cards"], r["portraits"])
                    for r in rows]
        except (OSError, ValueError, KeyError, TypeError):
            continue
    pages = calibration_pages()
    rows = [{"text": p.text, "label": p.label, "codes": list(p.codes), "cards": p.cards, "portraits": p.portraits}
            for p in pages]
    for folder in _cache_dirs(data_root):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            temp = folder / f".{name}.{os.getpid()}.part"
            temp.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
            os.replace(temp, folder / name)
        except OSError:
            continue
    return pages


def page_inputs(page: CalibrationPage, taxonomy, model: TypeModel):
    """(rule type or None, rule confidence, model probabilities, evidence), as ingest has them."""
    from classify.titles import classify_page

    found = classify_page(page.text, taxonomy)
    probs = model.probability_of_each(page.text)
    evidence = gather(page.text, list(page.codes), page.cards, page.portraits)
    return (found.doc_type if found.starts_document else None), found.confidence, probs, evidence


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = L2, iterations: int = 60) -> tuple[np.ndarray, float]:
    """(weights, bias) of an L2-regularised logistic regression, by Newton's method."""
    n, d = x.shape
    design = np.hstack([x, np.ones((n, 1))])
    w = np.zeros(d + 1)
    penalty = np.full(d + 1, l2 * n)
    penalty[-1] = 0.0  # the bias is not shrunk
    for _ in range(iterations):
        p = np.exp(-np.logaddexp(0.0, -(design @ w)))
        gradient = design.T @ (p - y) + penalty * w
        hessian = (design * (p * (1 - p))[:, None]).T @ design + np.diag(penalty) + 1e-9 * np.eye(d + 1)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.max(np.abs(step)) < 1e-8:
            break
    return w[:-1], float(w[-1])


def _examples(pages: list[CalibrationPage], taxonomy, model: TypeModel
              ) -> tuple[np.ndarray, np.ndarray, list[str]]:
    rows, right, bases = [], [], []
    for page in pages:
        rule_type, rule_confidence, probs, evidence = page_inputs(page, taxonomy, model)
        decision = decide(rule_type, rule_confidence, probs, evidence, None, taxonomy.fallback)
        rows.append(decision.features)
        right.append(float(decision.guess == page.label))
        bases.append(decision.basis)
    return np.array(rows, dtype=np.float64), np.array(right, dtype=np.float64), bases


def fit(pages: list[CalibrationPage], taxonomy, model: TypeModel, sources: str = "") -> Calibration:
    x, y, bases = _examples(pages, taxonomy, model)
    decisive = np.array([b in DECISIVE for b in bases])
    rates = []
    for basis in DECISIVE:
        hits = np.array([b == basis for b in bases])
        rates.append((basis, float((y[hits].sum() + 1) / (hits.sum() + 2))))
    weights, bias = fit_logistic(x[~decisive], y[~decisive])
    return Calibration(tuple(float(w) for w in weights), bias, sources, len(pages), tuple(rates))


def calibration_hash(model: TypeModel) -> str:
    digest = hashlib.sha256(CALIBRATION_VERSION.encode())
    digest.update(model.sources.encode())
    root = Path(__file__).resolve().parent
    for name in ("calibration.py", "combine.py", "evidence.py", "titles.py", "page_cues.py", "taxonomy.toml"):
        digest.update((root / name).read_bytes())
    overlay = os.environ.get("HOSO_TAXONOMY")
    if overlay and Path(overlay).is_file():
        digest.update(Path(overlay).read_bytes())
    return digest.hexdigest()[:16]


def _read(path: Path) -> Calibration | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("features") != list(FEATURES):
            return None
        return Calibration(tuple(float(w) for w in data["weights"]), float(data["bias"]), data["sources"],
                           int(data["pages"]), tuple((str(b), float(r)) for b, r in data["basis_rates"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _save(calibration: Calibration, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{os.getpid()}.part")
    temp.write_text(json.dumps({"features": list(FEATURES), "weights": list(calibration.weights),
                                "bias": calibration.bias, "sources": calibration.sources,
                                "pages": calibration.pages, "basis_rates": [list(r) for r in calibration.basis_rates]},
                               indent=1), encoding="utf-8")
    os.replace(temp, path)


def load_calibration(model: TypeModel, data_root: Path | None = None, taxonomy=None) -> Calibration:
    """The calibration of `model`, fitted once (about 15 s of CPU) and cached by hash."""
    from classify.taxonomy import load_taxonomy

    key = calibration_hash(model)
    name = f"type-calibration-{key}.json"
    for folder in _cache_dirs(data_root):
        found = _read(folder / name)
        if found is not None:
            return found
    calibration = fit(load_calibration_pages(data_root), taxonomy or load_taxonomy(), model, sources=key)
    for folder in _cache_dirs(data_root):
        try:
            _save(calibration, folder / name)
        except OSError:
            continue
    return calibration


def measure(model: TypeModel, calibration: Calibration, taxonomy, seed: int = HELD_OUT_SEED) -> dict:
    """ECE and accuracy on pages of `seed`: the old confidence (title rule and model,
    classify.combine.combine) against the calibrated decision's."""
    before_conf, before_right, after_conf, after_right = [], [], [], []
    for page in calibration_pages((seed,)):
        rule_type, rule_confidence, probs, evidence = page_inputs(page, taxonomy, model)
        model_type = max(probs, key=probs.get)
        old_type, old_conf = best_guess(rule_type, rule_confidence, model_type, probs[model_type], taxonomy.fallback)
        before_conf.append(old_conf)
        before_right.append(old_type == page.label)
        decision = decide(rule_type, rule_confidence, probs, evidence, calibration, taxonomy.fallback)
        after_conf.append(decision.confidence)
        after_right.append(decision.guess == page.label)
    return {
        "pages": len(before_conf),
        "ece_before": ece(before_conf, before_right, BINS), "accuracy_before": float(np.mean(before_right)),
        "ece_after": ece(after_conf, after_right, BINS), "accuracy_after": float(np.mean(after_right)),
        "reliability_before": reliability_bins(before_conf, before_right, BINS),
        "reliability_after": reliability_bins(after_conf, after_right, BINS),
    }
