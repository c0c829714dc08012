"""The statistical layer: character n-grams of folded text -> document type (scikit-learn).

Character n-grams of text folded to ASCII survive lost diacritics ("GIAY KHAI SINH") and
most OCR errors. The base model is trained reproducibly from text of rendered sample
documents with simulated OCR noise (fixed seeds; no binary is committed) and cached by a
hash of its sources, so it is retrained when the taxonomy, the sample templates or this
code change. `hoso classify train` adds the catalogue's labelled documents (including
officers' retype decisions).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import random
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from vntext import fold

MODEL_VERSION = "1"
BASE_SEEDS = (101, 202, 303)  # people and papers never used by the benchmark (seed 2026)
DOCS_PER_TYPE = 24


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


@dataclass
class TypeModel:
    pipeline: object
    classes: list[str]
    trained_on: int
    sources: str

    def predict(self, text: str) -> tuple[str, float]:
        probs = self.probabilities(text)
        best = int(np.argmax(probs))
        return self.classes[best], float(probs[best])

    def probabilities(self, text: str) -> np.ndarray:
        return self.pipeline.predict_proba([features_text(text)])[0]


def fit(texts: list[str], labels: list[str], sources: str = "",
        sample_weight: list[float] | None = None) -> TypeModel:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    pipeline = make_pipeline(
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), min_df=2, sublinear_tf=True, max_features=60000),
        LogisticRegression(C=20.0, max_iter=2000),
    )
    extra = {} if sample_weight is None else {"logisticregression__sample_weight": np.asarray(sample_weight)}
    pipeline.fit([features_text(t) for t in texts], labels, **extra)
    return TypeModel(pipeline=pipeline, classes=[str(c) for c in pipeline.classes_], trained_on=len(texts), sources=sources)


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


def load_model(data_root: Path | None = None) -> TypeModel:
    """The officer-trained model of this data folder if any, else the base model (trained
    once and cached by the hash of its sources)."""
    if data_root is not None:
        trained = Path(data_root) / "models" / "type-model-trained.pkl"
        if trained.is_file():
            model = pickle.loads(trained.read_bytes())
            if model.sources.startswith(sources_hash()):
                return model
    name = f"type-model-base-{sources_hash()}.pkl"
    for folder in _cache_dirs(data_root):
        if (folder / name).is_file():
            return pickle.loads((folder / name).read_bytes())
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
