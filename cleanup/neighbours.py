"""Near neighbours among a page's marks (letter centroids), with numpy only.

The pages' marks are a few thousand points and only their close neighbours matter (a few
letter heights). Bucketing them in cells as large as the search radius and comparing each
point with the points of its own and the eight surrounding cells finds every pair within
the radius. It replaces scipy's cKDTree here: importing scipy.spatial cost each page
worker 0.17 s of CPU, more than the searches themselves.
"""

from __future__ import annotations

import numpy as np


def pairs_within(points: np.ndarray, radius: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(i, j, distance) of every ordered pair of points (n x 2) at most `radius` apart,
    each point paired with itself included."""
    n = len(points)
    if n == 0 or radius <= 0:
        empty = np.zeros(0, np.int64)
        return empty, empty, np.zeros(0)
    cells = np.floor(points / radius).astype(np.int64)
    cells -= cells.min(axis=0)
    span = int(cells[:, 1].max()) + 3
    keys = (cells[:, 0] + 1) * span + (cells[:, 1] + 1)
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    firsts, seconds = [], []
    for dx in (-1, 0, 1):
        for dy in (-1, 0, 1):
            target = keys + dx * span + dy
            lo = np.searchsorted(sorted_keys, target, "left")
            counts = np.searchsorted(sorted_keys, target, "right") - lo
            total = int(counts.sum())
            if not total:
                continue
            starts = np.repeat(lo - (np.cumsum(counts) - counts), counts)
            firsts.append(np.repeat(np.arange(n), counts))
            seconds.append(order[starts + np.arange(total)])
    i, j = np.concatenate(firsts), np.concatenate(seconds)
    distance = np.hypot(*(points[j] - points[i]).T)
    keep = distance <= radius
    return i[keep], j[keep], distance[keep]


def nearest(points: np.ndarray, k: int, radius: float) -> np.ndarray:
    """Indices (n x k) of each point's k nearest points within `radius`, nearest first and
    itself among them; where fewer are that close, the row is filled up with the point itself."""
    n = len(points)
    out = np.repeat(np.arange(n)[:, None], k, axis=1)
    i, j, distance = pairs_within(points, radius)
    if not len(i):
        return out
    by = np.lexsort((j, distance, i))  # by point, then nearest first (ties: lower index first)
    i, j = i[by], j[by]
    rank = np.arange(len(i)) - np.searchsorted(i, i, "left")
    take = rank < k
    out[i[take], rank[take]] = j[take]
    return out


def count_within(points: np.ndarray, radius: float) -> np.ndarray:
    """How many points (itself included) lie within `radius` of each point."""
    i, _, _ = pairs_within(points, radius)
    return np.bincount(i, minlength=len(points))
