"""Skew angle by projection profiles.

The ink pixels of a downscaled, binarised page are projected onto the vertical axis for
candidate angles; text lines give the sharpest profile (largest sum of squared bin counts)
when the angle matches. Coarse search then fine search then a parabola through the best
three scores. Rotating point coordinates instead of the image makes each candidate a
`bincount` of at most ~150k points.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

MAX_POINTS = 150_000


@dataclass(frozen=True)
class SkewResult:
    angle: float  # degrees; positive = the content is turned clockwise (rotate counter-clockwise to fix)
    score: float  # profile sharpness at the best angle, relative to the unrotated profile of random text
    sharpness: float  # raw score, comparable between the two orientations of one image


def _points(ink: np.ndarray, rng_seed: int = 0) -> np.ndarray:
    ys, xs = np.nonzero(ink)
    n = len(xs)
    if n > MAX_POINTS:
        idx = np.random.default_rng(rng_seed).choice(n, MAX_POINTS, replace=False)
        xs, ys = xs[idx], ys[idx]
    h, w = ink.shape
    return np.stack([xs - w / 2.0, ys - h / 2.0]).astype(np.float32)


def _score(pts: np.ndarray, angle: float, bins: int, offset: float) -> float:
    # image coordinates (y down): content turned clockwise by a has its lines going down to
    # the right; the line-y that is constant on a line is y*cos(a) - x*sin(a)
    a = np.deg2rad(angle)
    yr = pts[1] * np.cos(a) - pts[0] * np.sin(a)
    idx = (yr + offset).astype(np.int32)
    counts = np.bincount(idx, minlength=bins).astype(np.float64)
    return float((counts * counts).sum())


def estimate_skew(ink: np.ndarray, max_angle: float = 5.0, coarse_only: bool = False,
                  around: float | None = None) -> SkewResult:
    """Skew of an ink mask (1 = ink); 0 with score 0 when there is nothing to measure.

    `coarse_only` stops after the 0.5 degree search; `around` skips it and refines a
    coarse angle found before.
    """
    pts = _points(ink)
    n = pts.shape[1]
    if n < 50:
        return SkewResult(0.0, 0.0, 0.0)
    h, w = ink.shape
    offset = np.hypot(h, w) / 2 + 2
    bins = int(2 * offset) + 2

    def search(angles: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return angles, np.array([_score(pts, a, bins, offset) for a in angles])

    coarse_step = 0.5 if max_angle <= 10 else 1.0
    if around is None:
        angles, scores = search(np.arange(-max_angle, max_angle + 1e-6, coarse_step))
        best = float(angles[int(np.argmax(scores))])
    else:
        best = float(around)
    n_used = max(1.0, float(np.ptp(pts[1])) + 1)
    if coarse_only:
        sharp = float(scores.max())
        return SkewResult(angle=best, score=sharp / (n * n / n_used), sharpness=sharp / (n * n))
    angles, scores = search(np.arange(best - coarse_step, best + coarse_step + 1e-6, 0.1))
    best = float(angles[int(np.argmax(scores))])
    angles, scores = search(np.arange(best - 0.1, best + 0.1 + 1e-6, 0.02))
    i = int(np.argmax(scores))
    best = float(angles[i])
    if 0 < i < len(scores) - 1:  # parabola through the best three
        s0, s1, s2 = scores[i - 1], scores[i], scores[i + 1]
        denom = s0 - 2 * s1 + s2
        if denom < 0:
            best += 0.02 * 0.5 * (s0 - s2) / denom
    sharp = float(scores[i])
    # relative sharpness: a profile of uniformly spread ink scores n*n/bins_used
    used = max(1.0, float(np.ptp(pts[1])) + 1)
    base = n * n / used
    return SkewResult(angle=best, score=sharp / base, sharpness=sharp / (n * n))


def rotation_matrix(angle: float, shape: tuple[int, int]) -> np.ndarray:
    """2x3 matrix that turns content skewed by `angle` degrees back to level, about the centre."""
    h, w = shape
    return cv2.getRotationMatrix2D((w / 2.0, h / 2.0), angle, 1.0)  # OpenCV: positive = counter-clockwise
