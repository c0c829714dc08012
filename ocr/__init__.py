"""OCR stage: a cleaned page image in, NFC text with word boxes and confidences out."""

from ocr.engine import ocr_page
from ocr.models import OcrOptions, OcrPage, OcrWord

__all__ = ["OcrOptions", "OcrPage", "OcrWord", "ocr_page"]
