"""What the cleanup stage hands to the rest of the pipeline."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass
class StepReport:
    """One cleanup step as it ran on one page."""

    name: str
    seconds: float
    applied: bool
    detail: str = ""


@dataclass
class QualityVerdict:
    """The page's "kiểm tra chất lượng bản số": ok, or the reasons it should be rescanned."""

    ok: bool
    reasons: list[str] = field(default_factory=list)  # human-readable, Vietnamese / English
    metrics: dict[str, float] = field(default_factory=dict)
    codes: list[str] = field(default_factory=list)  # machine-readable: low_dpi, blurred, ...


@dataclass
class CleanedPage:
    ocr_image: np.ndarray  # uint8 grey or binary (0/255): upright, deskewed, cleaned; what OCR reads
    archive_image: np.ndarray  # uint8 grey or BGR, same geometry as ocr_image, not binarised
    dpi: float
    dpi_estimated: bool
    rotation: int  # degrees clockwise applied: 0, 90, 180, 270
    skew: float  # degrees of skew corrected (positive: the page was turned clockwise)
    is_blank: bool
    blank_score: float  # ink fraction of significant marks (0.0 for an empty page)
    quality: QualityVerdict
    steps: list[StepReport] = field(default_factory=list)
    binarised: bool = False
    perspective_corrected: bool = False
    orientation_method: str = ""  # "fast", "osd", "profile" (not detected), "" (blank page)
    orientation_confidence: float = 0.0
    # ocr_image at ~150 dpi when cleanup already made that copy (a page kept as it came), so
    # later stages need not shrink the page again; None otherwise
    preview: np.ndarray | None = None

    def step(self, name: str) -> StepReport | None:
        return next((s for s in self.steps if s.name == name), None)

    @property
    def seconds(self) -> float:
        return sum(s.seconds for s in self.steps)
