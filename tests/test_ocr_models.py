"""The OCR model benchmark (bench/ocr_models.py) measures what it says: its pages, its
damage tiers and its model folders, on a small real run."""

from __future__ import annotations

import shutil

import numpy as np
import pytest

from bench import ocr_models as bench


def test_corpus_lines_have_no_tabs_or_markdown():
    lines = bench.corpus_lines()
    assert len(lines) > 100
    assert not [line for line in lines if "\t" in line or "**" in line or line.startswith("#")]


def test_damage_tiers_are_deterministic_and_grow():
    rng_a, rng_b = np.random.default_rng(3), np.random.default_rng(3)
    page = np.full((300, 200), 255, np.uint8)
    page[100:110, 20:180] = 0
    assert bench.degrade(page, rng_a, "clean") is page
    mild_a, mild_b = bench.degrade(page, rng_a, "mild"), bench.degrade(page, rng_b, "mild")
    assert np.array_equal(mild_a, mild_b)
    rough = bench.degrade(page, np.random.default_rng(3), "rough")
    diff = lambda img: np.abs(img.astype(int) - page).mean()  # noqa: E731
    assert 0 < diff(mild_a) < diff(rough)


@pytest.mark.skipif(not bench._debian_file("vie.traineddata"), reason="Debian tesseract-ocr-vie not installed")
def test_a_small_run_over_the_debian_model(tmp_path, monkeypatch):
    monkeypatch.setattr(bench, "_npm_files", lambda cache: {})  # no registry traffic in tests
    models = bench.prepare_models(tmp_path)
    names = [m.name for m in models]
    assert "deb_vie" in names
    deb = models[names.index("deb_vie")]
    assert deb.file.is_file() and (tmp_path / "tessdata" / ".gitignore").read_text() == "*\n"
    pages = [p for p in bench.make_pages(3)]
    assert [p.tier for p in pages] == ["clean", "mild", "rough"]
    assert all("\t" not in p.truth for p in pages)
    # Two pages, cropped to their top quarter to stay quick.
    small = [bench.Page(p.image[: p.image.shape[0] // 4], "", p.font, p.size_pt, p.tier) for p in pages[:2]]
    for page, full in zip(small, pages):
        text, _, _ = bench.ocr_text(page.image, bench.Config("deb_vie", deb.folder))
        page.truth = text  # the model agrees with itself: CER 0
        assert text.split()[0] == full.truth.split()[0]
    rows = bench.run_all([bench.Config("a", deb.folder), bench.Config("b", deb.folder, 6)], small)
    assert [r["label"] for r in rows] == ["a", "b"]
    assert rows[0]["cer"] == 0.0 and rows[0]["pages"] == 2 and rows[0]["s_per_page"] > 0 and rows[0]["cpu_per_page"] > 0
    assert rows[0]["cer_rough"] is None
    shutil.rmtree(tmp_path / "tessdata")
