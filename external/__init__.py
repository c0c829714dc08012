"""Thin wrappers around external programs (Tesseract, Poppler), like OCRmyPDF's `_exec/`.

Every call to an outside binary goes through here, so that time limits, thread limits
and error translation live in one place.
"""
