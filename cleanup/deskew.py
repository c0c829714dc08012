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
# The coarse searches only rank angles 0.5 and 0.1 degrees apart (and the page as is
# against turned): a third of the points rank them the same, at a third of the cost.
COARSE_POINTS = 50_000
FINE_POINTS = 75_000  # the 0.02 degree steps, before the parabola


@dataclass(frozen=True)
class SkewResult:
    angle: float  # degrees; positive = the content is turned clockwise (rotate counter-clockwise to fix)
    score: float  # profile sharpness at the best angle, relative to the unrotated profile of random text
    sharpness: float  # raw score, comparable between the two orientations of one image


@dataclass(frozen=True)
class InkPoints:
    """Ink pixel coordinates about the image centre (float32, 2 x n), taken once per page:
    the page turned a quarter is the same points with the axes swapped."""

    xy: np.ndarray
    shape: tuple[int, int]  # (h, w) of the image they came from

    def turned(self) -> "InkPoints":
        """The points of the image turned 90 degrees clockwise (orientation.rot90(ink, 90))."""
        x, y = self.xy
        return InkPoints(np.stack([-y - 1.0, x]), (self.shape[1], self.shape[0]))

    def subsample(self, count: int) -> np.ndarray:
        n = self.xy.shape[1]
        return self.xy if n <= count else self.xy[:, :: -(-n // count)]


def ink_points(ink: np.ndarray) -> InkPoints:
    h, w = ink.shape
    # (n, 1, 2) x, y in raster order, at 4x the speed of np.nonzero
    found = cv2.findNonZero(ink.astype(np.uint8, copy=False))
    if found is None:
        return InkPoints(np.zeros((2, 0), np.float32), (h, w))
    xy = found.reshape(-1, 2)
    n = len(xy)
    if n > MAX_POINTS:  # every k-th in raster order: spread over the whole page like the ink
        xy = xy[:: -(-n // MAX_POINTS)]
    centred = xy.T.astype(np.float32)
    centred[0] -= w / 2.0
    centred[1] -= h / 2.0
    return InkPoints(centred, (h, w))


def _score(pts: np.ndarray, angle: float, bins: int, offset: float) -> float:
    # image coordinates (y down): content turned clockwise by a has its lines going down to
    # the right; the line-y that is constant on a line is y*cos(a) - x*sin(a)
    a = np.deg2rad(angle)
    line_y = pts[1] * float(np.cos(a))  # float32 arithmetic: twice as fast, same ranking
    line_y -= pts[0] * float(np.sin(a))
    line_y += offset
    counts = np.bincount(line_y.astype(np.int32), minlength=bins)
    return float(np.dot(counts, counts))


def estimate_skew(ink: np.ndarray | InkPoints, max_angle: float = 5.0, coarse_only: bool = False,
                  around: float | None = None) -> SkewResult:
    """Skew of an ink mask (1 = ink) or of its points; 0 with score 0 when there is nothing
    to measure.

    `coarse_only` stops after the 0.5 degree search; `around` skips it and refines a
    coarse angle found before.
    """
    points = ink if isinstance(ink, InkPoints) else ink_points(ink)
    if points.xy.shape[1] < 50:
        return SkewResult(0.0, 0.0, 0.0)
    h, w = points.shape
    offset = np.hypot(h, w) / 2 + 2
    bins = int(2 * offset) + 2
    coarse, fine = points.subsample(COARSE_POINTS), points.subsample(FINE_POINTS)

    def search(angles: np.ndarray, use: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return angles, np.array([_score(use, a, bins, offset) for a in angles])

    coarse_step = 0.5 if max_angle <= 10 else 1.0
    if around is None:
        angles, scores = search(np.arange(-max_angle, max_angle + 1e-6, coarse_step), coarse)
        best = float(angles[int(np.argmax(scores))])
        if coarse_only:
            return _result(best, float(scores.max()), coarse)
    else:
        best = float(around)
    angles, scores = search(np.arange(best - coarse_step, best + coarse_step + 1e-6, 0.1), coarse)
    best = float(angles[int(np.argmax(scores))])
    angles, scores = search(np.arange(best - 0.1, best + 0.1 + 1e-6, 0.02), fine)
    i = int(np.argmax(scores))
    best = float(angles[i])
    if 0 < i < len(scores) - 1:  # parabola through the best three
        s0, s1, s2 = scores[i - 1], scores[i], scores[i + 1]
        denom = s0 - 2 * s1 + s2
        if denom < 0:
            best += 0.02 * 0.5 * (s0 - s2) / denom
    return _result(best, float(scores[i]), fine)


def _result(angle: float, sharp: float, pts: np.ndarray) -> SkewResult:
    """The skew found, with the profile's sharpness relative to that of the same points
    spread evenly over the bins they cover (n*n/bins_used)."""
    n = pts.shape[1]
    used = max(1.0, float(np.ptp(pts[1])) + 1)
    return SkewResult(angle=angle, score=sharp / (n * n / used), sharpness=sharp / (n * n))


def rotation_matrix(angle: float, shape: tuple[int, int]) -> np.ndarray:
    """2x3 matrix that turns content skewed by `angle` degrees back to level, about the centre."""
    h, w = shape
    return cv2.getRotationMatrix2D((w / 2.0, h / 2.0), angle, 1.0)  # OpenCV: positive = counter-clockwise
