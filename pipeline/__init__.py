"""The one place where stages are wired: ingest -> cleanup -> OCR -> classify -> index."""
