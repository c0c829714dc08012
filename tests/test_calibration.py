"""The type confidence is calibrated: hand-made inputs for the pieces (the logistic fit,
the expected calibration error, the decisive bases, the cache), and a real check on a
samples seed the calibration never saw: its ECE is below the uncalibrated confidence's."""

from __future__ import annotations

import json

import numpy as np
import pytest

from classify.metrics import expected_calibration_error as ece, reliability_bins

from classify import calibration as cal
from classify.combine import DECISIVE, FEATURES
from classify.model import BASE_SEEDS, load_model
from classify.taxonomy import load_taxonomy


def test_the_logistic_fit_recovers_the_weights_that_made_the_data():
    rng = np.random.default_rng(7)
    x = rng.normal(size=(4000, 2))
    truth_w, truth_b = np.array([2.0, -1.0]), 0.5
    p = 1 / (1 + np.exp(-(x @ truth_w + truth_b)))
    y = (rng.random(4000) < p).astype(float)
    weights, bias = cal.fit_logistic(x, y, l2=0.0)
    assert weights == pytest.approx(truth_w, abs=0.15)
    assert bias == pytest.approx(truth_b, abs=0.15)


def test_the_fit_is_reproducible():
    rng = np.random.default_rng(1)
    x, y = rng.normal(size=(300, 3)), (rng.random(300) < 0.7).astype(float)
    assert np.array_equal(cal.fit_logistic(x, y)[0], cal.fit_logistic(x, y)[0])


def test_ece_is_zero_when_confidence_matches_accuracy_and_the_gap_otherwise():
    right = [True] * 8 + [False] * 2
    assert ece([0.8] * 10, right) == pytest.approx(0.0)
    assert ece([0.9] * 10, [True] * 5 + [False] * 5) == pytest.approx(0.4)
    # two bins, half the pages each: 0.25 is right a quarter of the time, 0.95 always (off by 0.05)
    assert ece([0.25] * 4 + [0.95] * 4, [True, False, False, False, True, True, True, True]) \
        == pytest.approx(0.025)
    rows = reliability_bins([0.25] * 4 + [0.95] * 4, [True, False, False, False, True, True, True, True])
    assert [(r["low"], r["count"]) for r in rows if r["count"]] == [(0.2, 4), (0.9, 4)]


def test_decisive_evidence_gets_its_counted_rate_whatever_the_text_features_say():
    calibration = cal.Calibration(weights=(-5.0,) * len(FEATURES), bias=-5.0, sources="", pages=10,
                                  basis_rates=(("card_code", 0.97), ("letter", 0.9)))
    ones = (1.0,) * len(FEATURES)
    assert calibration.confidence("card_code", ones) == 0.97
    assert calibration.confidence("letter", ones) == 0.9
    assert calibration.confidence("model", ones) < 0.01


def test_the_calibration_seeds_are_neither_the_models_nor_the_benchmarks():
    used = set(cal.CALIBRATION_SEEDS) | {cal.HELD_OUT_SEED}
    assert not used & set(BASE_SEEDS) and 2026 not in used
    assert cal.HELD_OUT_SEED not in cal.CALIBRATION_SEEDS


@pytest.fixture(scope="module")
def fitted():
    model = load_model()
    return model, cal.load_calibration(model), load_taxonomy()


def test_the_fitted_numbers_are_cached_as_data_by_hash(fitted, tmp_path):
    model, calibration, _ = fitted
    name = f"type-calibration-{cal.calibration_hash(model)}.json"
    saved = [folder / name for folder in cal._cache_dirs(None) if (folder / name).is_file()]
    assert saved, "the fitted calibration is cached"
    data = json.loads(saved[0].read_text(encoding="utf-8"))
    assert data["features"] == list(FEATURES) and len(data["weights"]) == len(FEATURES)
    assert [b for b, _ in data["basis_rates"]] == list(DECISIVE)
    assert cal._read(saved[0]) == calibration
    pages = f"type-calibration-pages-{cal._pages_hash()}.json"
    assert any((folder / pages).is_file() for folder in cal._cache_dirs(None))  # rendered once, reused
    assert len(cal.load_calibration_pages()) == calibration.pages
    other = model.__class__(**{**model.__dict__, "sources": model.sources + "-trained"})
    assert cal.calibration_hash(other) != cal.calibration_hash(model)  # another model, another fit


def test_on_a_held_out_seed_the_calibrated_confidence_is_closer_to_the_truth(fitted):
    model, calibration, taxonomy = fitted
    measured = cal.measure(model, calibration, taxonomy, cal.HELD_OUT_SEED)
    assert measured["pages"] >= 150
    assert measured["ece_after"] < measured["ece_before"]
    assert measured["ece_after"] < 0.08
    assert measured["accuracy_after"] >= measured["accuracy_before"] - 0.01  # the evidence costs no accuracy
