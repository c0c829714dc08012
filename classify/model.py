"""The statistical layer: character n-grams of folded text -> document type.

Character n-grams of text folded to ASCII survive lost diacritics ("GIAY KHAI SINH") and
most OCR errors. The base model is trained reproducibly from text of rendered sample
documents with simulated OCR noise (fixed seeds; no binary is committed) and cached by a
hash of its sources, so it is retrained when the taxonomy, the sample templates or this
code change. `hoso classify train` adds the catalogue's labelled documents (including
officers' retype decisions).

Training uses scikit-learn (TF-IDF of char_wb n-grams + logistic regression); the saved
model is only its numbers (vocabulary, idf, coefficients) and prediction is numpy. The
model is loaded in the ingest process while the OCR workers run, and importing
scikit-learn (with scipy) cost about a second of CPU there, taken from OCR on a 2-core
machine. The numpy code reproduces scikit-learn's predict_proba for this pipeline;
tests/test_type_model.py holds it to the fitted pipeline's probabilities.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import random
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from vntext import fold

MODEL_VERSION = "2"  # 2: numpy arrays instead of a pickled scikit-learn pipeline
BASE_SEEDS = (101, 202, 303)  # people and papers never used by the benchmark (seed 2026)
DOCS_PER_TYPE = 24
NGRAM_RANGE = (2, 4)


def features_text(text: str) -> str:
    """Folded lower-case text; the title zone (first lines) repeated to weigh it more."""
    lines = [line for line in fold(text).lower().splitlines() if line.strip()]
    head = " ".join(lines[:12])
    return f"{head} {head} {' '.join(lines)}"[:6000]


def ocr_noise(text: str, rng: random.Random, rate: float) -> str:
    """Text as a weak OCR would give it: some diacritics lost, characters swapped or dropped."""
    if rng.random() < 0.3:
        text = fold(text)
    out = []
    confusions = {"o": "0", "l": "1", "i": "l", "e": "c", "n": "m", "h": "b", "u": "v", "a": "ă", "d": "đ"}
    for ch in text:
        r = rng.random()
        if r < rate * 0.4:
            continue
        if r < rate:
            out.append(confusions.get(ch.lower(), ch))
            continue
        out.append(ch)
    return "".join(out)


def _source_files() -> list[Path]:
    root = Path(__file__).resolve().parents[1]
    return [Path(__file__), root / "classify" / "taxonomy.toml", *sorted((root / "samples").glob("*.py"))]


def sources_hash(extra: str = "") -> str:
    digest = hashlib.sha256(MODEL_VERSION.encode())
    for path in _source_files():
        digest.update(path.read_bytes())
    overlay = os.environ.get("HOSO_TAXONOMY")
    if overlay and Path(overlay).is_file():
        digest.update(Path(overlay).read_bytes())
    digest.update(extra.encode())
    return digest.hexdigest()[:16]


def base_examples() -> tuple[list[str], list[str]]:
    """(texts, labels) from rendered sample documents of every type, with OCR noise."""
    from samples.batch import render_spec
    from samples.content import SUPPORTED_TYPES, build_document
    from samples.corpus import corpus_letters
    from samples.people import make_citizens

    texts, labels = [], []
    letters = corpus_letters()
    for seed in BASE_SEEDS:
        people = make_citizens(seed, DOCS_PER_TYPE // len(BASE_SEEDS) + 2)
        rng = random.Random(seed)
        for doc_type in SUPPORTED_TYPES:
            for i in range(DOCS_PER_TYPE // len(BASE_SEEDS)):
                options = {}
                owner = people[i % len(people)]
                if doc_type == "van_ban_hanh_chinh":
                    if not letters:
                        continue
                    owner, options = None, {"letter": letters[i % len(letters)], "max_paras": rng.randint(6, 30)}
                try:
                    spec = build_document(doc_type, owner, rng, **options)
                except (KeyError, ValueError):  # a template that needs relatives this person lacks
                    continue
                for page in render_spec(spec, dpi=60):
                    texts.append(ocr_noise(page.text, rng, rng.choice((0.0, 0.02, 0.06))))
                    labels.append(doc_type)
    return texts, labels


_WHITE_SPACES = re.compile(r"\s\s+")  # scikit-learn's (VectorizerMixin._white_spaces)


def char_wb_ngrams(text: str, ngram_range: tuple[int, int] = NGRAM_RANGE) -> list[str]:
    """scikit-learn's TfidfVectorizer(analyzer="char_wb") analyzer with its defaults
    (lowercase, no accent stripping): n-grams inside words, each word padded with a space;
    a word no longer than n (padded) is one n-gram and ends the word's n-grams."""
    min_n, max_n = ngram_range
    grams: list[str] = []
    for word in _WHITE_SPACES.sub(" ", text.lower()).split():
        padded = f" {word} "
        size = len(padded)
        for n in range(min_n, max_n + 1):
            if size <= n:
                grams.append(padded)
                break
            grams.extend([padded[i:i + n] for i in range(size - n + 1)])
    return grams


@dataclass
class TypeModel:
    classes: list[str]
    trained_on: int
    sources: str
    vocabulary: dict[str, int]  # n-gram -> column
    idf: np.ndarray  # (n_features,)
    coef: np.ndarray  # (n_classes, n_features); one row (the second class) for two classes
    intercept: np.ndarray  # (n_classes,) or (1,)

    def predict(self, text: str) -> tuple[str, float]:
        probs = self.probabilities(text)
        best = int(np.argmax(probs))
        return self.classes[best], float(probs[best])

    def probabilities(self, text: str) -> np.ndarray:
        return self.probabilities_of_features(features_text(text))

    def probability_of_each(self, text: str) -> dict[str, float]:
        """{type: probability}, in the order of `classes`."""
        return dict(zip(self.classes, (float(p) for p in self.probabilities(text))))

    def tfidf(self, features: str) -> tuple[np.ndarray, np.ndarray]:
        """(columns, values) of the L2-normalised sublinear TF-IDF row of `features`, columns
        ascending (the sparse row scikit-learn's transform gives)."""
        vocabulary = self.vocabulary
        found = sorted((vocabulary[gram], count) for gram, count in Counter(char_wb_ngrams(features)).items()
                       if gram in vocabulary)
        columns = np.array([column for column, _ in found], dtype=np.intp)
        counts = np.array([count for _, count in found], dtype=np.float64)
        values = (np.log(counts) + 1.0) * self.idf[columns]
        norm = np.sqrt(np.dot(values, values))
        if norm > 0:
            values /= norm
        return columns, values

    def probabilities_of_features(self, features: str) -> np.ndarray:
        """scikit-learn's pipeline.predict_proba([features])[0]."""
        columns, values = self.tfidf(features)
        decision = self.coef[:, columns] @ values + self.intercept
        if len(self.classes) <= 2:  # LogisticRegression's binary case: the logistic of one score
            positive = float(np.exp(-np.logaddexp(0.0, -decision[0])))
            return np.array([1.0 - positive, positive])
        decision -= decision.max()
        np.exp(decision, out=decision)
        return decision / decision.sum()


def fit_pipeline(texts: list[str], labels: list[str], sample_weight: list[float] | None = None):
    """The fitted scikit-learn pipeline (features_text of each text -> label)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    pipeline = make_pipeline(
        TfidfVectorizer(analyzer="char_wb", ngram_range=NGRAM_RANGE, min_df=2, sublinear_tf=True,
                        max_features=60000),
        LogisticRegression(C=20.0, max_iter=2000),
    )
    extra = {} if sample_weight is None else {"logisticregression__sample_weight": np.asarray(sample_weight)}
    pipeline.fit([features_text(t) for t in texts], labels, **extra)
    return pipeline


def from_pipeline(pipeline, trained_on: int, sources: str = "") -> TypeModel:
    """The numbers of a fitted pipeline of fit_pipeline()'s shape, as a TypeModel."""
    vectorizer = pipeline.named_steps["tfidfvectorizer"]
    regression = pipeline.named_steps["logisticregression"]
    # TypeModel reproduces exactly these settings; anything else would predict differently.
    settings = {"analyzer": "char_wb", "ngram_range": NGRAM_RANGE, "lowercase": True, "strip_accents": None,
                "preprocessor": None, "binary": False, "norm": "l2", "use_idf": True, "sublinear_tf": True}
    wrong = {k: getattr(vectorizer, k) for k, v in settings.items() if getattr(vectorizer, k) != v}
    if wrong:
        raise ValueError(f"TypeModel cannot reproduce a vectorizer with {wrong}")
    return TypeModel(
        classes=[str(c) for c in regression.classes_],
        trained_on=trained_on,
        sources=sources,
        vocabulary={str(gram): int(column) for gram, column in vectorizer.vocabulary_.items()},
        idf=np.asarray(vectorizer.idf_, dtype=np.float64),
        coef=np.ascontiguousarray(regression.coef_, dtype=np.float64),
        intercept=np.asarray(regression.intercept_, dtype=np.float64),
    )


def fit(texts: list[str], labels: list[str], sources: str = "",
        sample_weight: list[float] | None = None) -> TypeModel:
    return from_pipeline(fit_pipeline(texts, labels, sample_weight), trained_on=len(texts), sources=sources)


def _cache_dirs(data_root: Path | None) -> list[Path]:
    dirs = []
    if data_root is not None:
        dirs.append(Path(data_root) / "models")
    dirs.append(Path(os.environ.get("HOSO_MODEL_CACHE", Path.home() / ".cache" / "hoso")))
    return dirs


def _save(model: TypeModel, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{os.getpid()}.part")
    temp.write_bytes(pickle.dumps(model))
    os.replace(temp, path)


class _ModelUnpickler(pickle.Unpickler):
    """Builds TypeModels and numpy arrays only: a model saved before MODEL_VERSION 2 holds a
    scikit-learn pipeline, and merely unpickling it would import scikit-learn."""

    def find_class(self, module: str, name: str):
        if (module, name) == (__name__, "TypeModel") or module.split(".")[0] == "numpy":
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not part of a type model")


def _read(path: Path) -> TypeModel | None:
    """The model saved at `path`; None if there is none or it is of an older kind."""
    if not path.is_file():
        return None
    try:
        model = _ModelUnpickler(io.BytesIO(path.read_bytes())).load()
    except pickle.UnpicklingError:
        return None
    return model if isinstance(model, TypeModel) else None


def load_model(data_root: Path | None = None) -> TypeModel:
    """The officer-trained model of this data folder if any, else the base model (trained
    once and cached by the hash of its sources)."""
    if data_root is not None:
        model = _read(Path(data_root) / "models" / "type-model-trained.pkl")
        if model is not None and model.sources.startswith(sources_hash()):
            return model
    name = f"type-model-base-{sources_hash()}.pkl"
    for folder in _cache_dirs(data_root):
        model = _read(folder / name)
        if model is not None:
            return model
    model = fit(*load_base_examples(data_root), sources=sources_hash())
    for folder in _cache_dirs(data_root):
        try:
            _save(model, folder / name)
        except OSError:
            continue
    return model


def save_trained(model: TypeModel, data_root: Path) -> Path:
    path = Path(data_root) / "models" / "type-model-trained.pkl"
    _save(model, path)
    return path


def load_base_examples(data_root: Path | None = None) -> tuple[list[str], list[str]]:
    """base_examples(), cached beside the base model (rendering them takes ~20 s of CPU)."""
    name = f"type-examples-base-{sources_hash()}.pkl"
    for folder in _cache_dirs(data_root):
        if (folder / name).is_file():
            return pickle.loads((folder / name).read_bytes())
    examples = base_examples()
    for folder in _cache_dirs(data_root):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            temp = folder / f".{name}.{os.getpid()}.part"
            temp.write_bytes(pickle.dumps(examples))
            os.replace(temp, folder / name)
        except OSError:
            continue
    return examples
