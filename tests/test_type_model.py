"""The document-type model predicts with numpy only: its probabilities are the fitted
scikit-learn pipeline's (the base examples, and texts that reach the analyzer's corners),
and a fresh process that loads a saved model and predicts imports neither scikit-learn nor
scipy."""

import pickle
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from classify.model import (
    char_wb_ngrams, features_text, fit_pipeline, from_pipeline, load_base_examples, save_trained, sources_hash,
)

ROOT = Path(__file__).resolve().parents[1]

# Text that takes the analyzer's less travelled paths: diacritics and capitals (folded by
# features_text, seen as they are by char_wb_ngrams), runs and kinds of whitespace,
# one-letter words, nothing at all, and letters no training text has.
CORNERS = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
    "GIẤY KHAI SINH\nHọ và tên: NGUYỄN VĂN AN",
    "ĐƠN   ĐỀ\t\tNGHỊ\n\n\n   cấp  lại \r\n\r\n"
    " CĂN CƯỚC\u00a0\u00a0công dân\u2003số\x1c079 201 004 512",
    "a b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y",
    "x",
    "Y",
    "A B\n\nC",
    "",
    " ",
    "\n\n\t \r\n",
    "жжж ззз ююю",
    "Số: 01/2024/QĐ-UBND ... (kèm theo) [..] ** // -- 12.345.678 đ",
    "İstanbul STRASSE Straße ǅ ﬁ",
    "GIAY CHUNG NHAN KET HON " * 300,
]


@pytest.fixture(scope="module")
def examples():
    return load_base_examples()


@pytest.fixture(scope="module")
def fitted(examples):
    texts, labels = examples
    pipeline = fit_pipeline(texts, labels)
    return pipeline, from_pipeline(pipeline, trained_on=len(texts), sources=sources_hash())


def test_the_analyzer_is_scikit_learns(fitted):
    pipeline, _ = fitted
    analyzer = pipeline.named_steps["tfidfvectorizer"].build_analyzer()
    for text in CORNERS:
        assert char_wb_ngrams(text) == analyzer(text), text
        assert char_wb_ngrams(features_text(text)) == analyzer(features_text(text)), text


def test_numpy_probabilities_are_the_pipelines(fitted, examples):
    pipeline, model = fitted
    texts = examples[0] + CORNERS
    assert len(texts) >= 100
    expected = pipeline.predict_proba([features_text(t) for t in texts])
    got = np.array([model.probabilities(t) for t in texts])
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-9)
    assert [model.predict(t)[0] for t in texts] == list(pipeline.predict([features_text(t) for t in texts]))
    assert model.classes == list(pipeline.classes_)

    vectorizer = pipeline.named_steps["tfidfvectorizer"]
    for text in CORNERS:
        row = vectorizer.transform([features_text(text)])
        columns, values = model.tfidf(features_text(text))
        assert list(columns) == list(row.indices), text
        np.testing.assert_allclose(values, row.data, rtol=0, atol=1e-12)
    assert len(model.tfidf(features_text("жжж ззз ююю"))[0]) == 0  # probabilities from the intercepts alone
    assert len(model.tfidf(features_text(""))[0]) == 0


def test_two_classes_use_the_logistic_of_one_score(examples):
    texts, labels = examples
    pair = sorted(set(labels))[:2]
    chosen = [i for i, label in enumerate(labels) if label in pair]
    pipeline = fit_pipeline([texts[i] for i in chosen], [labels[i] for i in chosen],
                            sample_weight=[1.0 + i % 3 for i in range(len(chosen))])
    model = from_pipeline(pipeline, trained_on=len(chosen))
    assert model.coef.shape[0] == 1
    probe = texts[:100] + CORNERS
    expected = pipeline.predict_proba([features_text(t) for t in probe])
    np.testing.assert_allclose(np.array([model.probabilities(t) for t in probe]), expected, rtol=0, atol=1e-9)


def test_loading_and_predicting_imports_neither_sklearn_nor_scipy(fitted, tmp_path):
    """A trained model in a data folder is loaded and used; a model saved before the numpy
    format (a pickled pipeline) is passed over without importing scikit-learn either."""
    pipeline, model = fitted
    save_trained(model, tmp_path / "data")
    old = tmp_path / "old" / "models" / "type-model-trained.pkl"
    old.parent.mkdir(parents=True)
    old.write_bytes(pickle.dumps(pipeline))
    text = CORNERS[0]
    label, prob = model.predict(text)
    code = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from classify.model import _read, load_model
        model = load_model(Path({str(tmp_path / "data")!r}))
        label, prob = model.predict({text!r})
        assert _read(Path({str(old)!r})) is None
        loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("sklearn", "scipy"))
        assert not loaded, loaded
        print(model.trained_on, label, repr(prob))
    """)
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [str(model.trained_on), label, repr(prob)]
