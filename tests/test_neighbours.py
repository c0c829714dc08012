"""The numpy neighbour searches give scipy's cKDTree answers (scipy is used here only to
check them), on letter centroids of a rendered page and on random points."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.spatial import cKDTree

from cleanup.neighbours import count_within, nearest, pairs_within
from cleanup.util import components, otsu_ink, resize
from tests.test_cleanup import text_page


def _letters() -> np.ndarray:
    image, _ = text_page(3, 12, 300, 13.0, "serif")
    _, _, stats, cents = components(otsu_ink(resize(image, 0.5)))
    return cents[1:] * np.array([1.0, 3.0])  # as the baseline test weighs them


def _random(seed: int) -> np.ndarray:
    return np.random.default_rng(seed).random((800, 2)) * [900.0, 300.0]


@pytest.mark.parametrize("points", [_letters(), _random(1), _random(2)], ids=["letters", "random-1", "random-2"])
@pytest.mark.parametrize("radius", [4.0, 17.5, 60.0])
def test_pairs_and_counts_are_the_kd_trees(points, radius):
    tree = cKDTree(points)
    expected = {(i, j) for i, near in enumerate(tree.query_ball_point(points, r=radius)) for j in near}
    i, j, distance = pairs_within(points, radius)
    assert set(zip(i.tolist(), j.tolist())) == expected and len(i) == len(expected)
    assert np.allclose(distance, np.hypot(*(points[j] - points[i]).T))
    assert np.array_equal(count_within(points, radius), tree.query_ball_point(points, r=radius, return_length=True))


@pytest.mark.parametrize("points", [_letters(), _random(3)], ids=["letters", "random"])
def test_nearest_within_a_radius_is_the_kd_trees_nearest(points):
    k, radius = 5, 25.0
    distances, expected = cKDTree(points).query(points, k=k)
    found = nearest(points, k, radius)
    assert found.shape == expected.shape
    for row in range(len(points)):
        close = distances[row] <= radius
        # same neighbours (up to ties in distance), the row filled with the point itself
        assert sorted(found[row, : close.sum()].tolist()) == sorted(expected[row, close].tolist())
        assert (found[row, close.sum():] == row).all()


def test_no_points_and_far_points():
    assert [len(a) for a in pairs_within(np.zeros((0, 2)), 5.0)] == [0, 0, 0]
    far = np.array([[0.0, 0.0], [100.0, 0.0]])
    assert count_within(far, 5.0).tolist() == [1, 1]
    assert nearest(far, 3, 5.0).tolist() == [[0, 0, 0], [1, 1, 1]]
