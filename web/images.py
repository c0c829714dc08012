"""First-page thumbnails, decoded at reduced size straight from the stored page JPEG."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

THUMB_WIDTH = 150


def thumbnail_jpeg(page: Path, width: int = THUMB_WIDTH) -> bytes:
    with Image.open(page) as image:
        # JPEG decoding by DCT scaling: an A4 page at 300 dpi is read at 1/8 size, not decoded whole.
        image.draft("RGB", (width, width * 2))
        image = image.convert("RGB")
        image.thumbnail((width, width * 2))
        out = io.BytesIO()
        image.save(out, "JPEG", quality=80)
        return out.getvalue()
