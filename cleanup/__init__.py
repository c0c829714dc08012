"""Image cleanup stage: scans -> upright, clean, OCR-ready pages, tuned by scanner profiles."""

from cleanup.models import CleanedPage, QualityVerdict, StepReport
from cleanup.pipeline import clean_page
from cleanup.profile import ProfileError, ScannerProfile, list_profiles, load_profile

__all__ = [
    "CleanedPage",
    "ProfileError",
    "QualityVerdict",
    "ScannerProfile",
    "StepReport",
    "clean_page",
    "list_profiles",
    "load_profile",
]
