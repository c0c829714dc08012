"""The fast forms of cleanup's measurements give the figures of the slow ones they replaced,
on rendered Vietnamese pages: histogram percentiles, BBDT components, points turned by
swapping axes, and the early exits of the edge searches."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from cleanup import borders, quality
from cleanup.deskew import estimate_skew, ink_points
from cleanup.orientation import rot90
from cleanup.util import components, level_percentile, otsu_ink, resize
from tests.test_cleanup import black_edges, grain, skew, text_page


@pytest.fixture(scope="module")
def page():
    image, _ = text_page(3, 12, 300, 13.0, "serif")
    return image


@pytest.mark.parametrize("q", [0, 1, 5, 10, 37.5, 50, 90, 95, 99, 100])
def test_level_percentile_is_numpys(page, q):
    noisy = grain(page, 12.0)
    assert level_percentile(noisy, q) == pytest.approx(np.percentile(noisy, q), abs=1e-9)
    dark = noisy < 190
    assert level_percentile(noisy, q, dark) == pytest.approx(np.percentile(noisy[dark], q), abs=1e-9)
    rows = noisy[::7, ::5]  # strided views, as the measurements sample them
    assert level_percentile(rows, q) == pytest.approx(np.percentile(rows, q), abs=1e-9)


def test_level_percentile_of_nothing_is_an_error(page):
    with pytest.raises(ValueError):
        level_percentile(page, 50, np.zeros(page.shape, bool))


def test_components_are_opencvs_default(page):
    ink = otsu_ink(resize(grain(page, 20.0), 0.5))
    mine, default = components(ink), cv2.connectedComponentsWithStats(ink, connectivity=8)
    assert mine[0] == default[0] > 500
    for a, b in zip(mine[1:], default[1:]):
        assert np.array_equal(a, b)


@pytest.mark.parametrize("angle", [0.0, 1.3, -2.2])
def test_points_turned_are_the_turned_page(page, angle):
    ink = otsu_ink(resize(skew(page, angle), 0.5))
    turned = ink_points(ink).turned()
    direct = ink_points(rot90(ink, 90))
    assert turned.shape == direct.shape
    assert sorted(map(tuple, turned.xy.T.tolist())) == sorted(map(tuple, direct.xy.T.tolist()))
    # and the skew measured on them is the page's: lines across as is, down once turned
    found = estimate_skew(ink_points(ink), 5.0).angle
    assert found == pytest.approx(angle, abs=0.1)
    across = estimate_skew(ink_points(ink), 5.0, coarse_only=True).score
    assert estimate_skew(turned, 5.0, coarse_only=True).score < across


def test_edge_searches_stop_early_only_when_nothing_touches_the_edge(page):
    assert borders.find_borders(page, 300).fraction == 0
    edged = black_edges(page)
    found = borders.find_borders(edged, 300)
    assert found.fraction > 0 and found.sides
    # letters cut by the edge: shift the text up past the top of the page
    cut = np.full_like(page, 255)
    top = int(np.argmax((page < 128).any(axis=1)))
    cut[: page.shape[0] - top - 6] = page[top + 6 :]
    assert quality.cut_off_sides(page, 300)["top"] == 0
    assert quality.cut_off_sides(cut, 300)["top"] >= 3
