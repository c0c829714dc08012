"""Searchable PDF: the cleaned page images with an invisible, correctly placed text layer.

What a person opens: each page is the scanned image, and over it, drawn in invisible ink
(text render mode 3), the OCR words, so Vietnamese text can be searched, selected and
copied in any PDF viewer, and `pdftotext` gives it back in NFC.

The text layer is built the way Tesseract's PDF renderer and OCRmyPDF build theirs:
- one font for the whole file: a Type0 font with Identity-H encoding over a CIDFontType2
  "GlyphLessFont" whose every CID maps (CIDToGIDMap) to one empty glyph 0.5 em wide; the
  character codes are the text's UTF-16 code units and a ToUnicode CMap maps them back to
  themselves, so extraction returns exactly the Unicode written. The font program is
  Tesseract's `pdf.ttf` when found, else an equivalent one built here with fontTools;
- each word is placed with its own text matrix at the left end of its baseline (the line's
  baseline, fitted from the words without descenders and tilted with the line when the page
  is skewed), with horizontal scaling (Tz) so that its advance equals its box width; an
  explicit space, stretched over the gap, follows every word but the last of a line, so
  extractors split words where the OCR did;
- the font size of a line is chosen so that the font's ascent and descent (0.8 and 0.2 em)
  cover the line's boxes: a viewer's selection and search highlight sit on the printed words.

Pages stream: each page's image is encoded (JPEG for grey or colour, CCITT G4 or Flate for
bilevel, a JPEG file's bytes passed through untouched) and written at once to a one-page
PDF in a temporary folder beside the output; the decoded image is never kept. The pages are
then assembled with pikepdf, whose stream data is copied from those files while writing,
so memory does not grow with the number of pages.
"""

from __future__ import annotations

import io
import math
import os
import shutil
import tempfile
import unicodedata
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pikepdf
from pikepdf import Array, Dictionary, Name
from PIL import Image

from ocr.models import OcrPage, OcrWord

__all__ = ["SearchablePage", "build_searchable_pdf", "text_layer"]

FONT_NAME = Name("/F0")  # resource name of the glyphless font on every page
IMAGE_NAME = Name("/Im0")
CHAR_WIDTH = 500  # advance of every character, in 1/1000 em (DW of the CID font)
ASCENT = 0.8  # of the font size, above the baseline
DESCENT = 0.2  # below it
JPEG_QUALITY = 80
MERGE_CHUNK = 200  # pages (open files) per pikepdf merge; longer documents merge in rounds

# Letters and marks that reach below the baseline: a word with none of them has its box
# bottom on the baseline. U+0323 is the Vietnamese dot below (nặng), as in ạ, ệ, ộ.
_DESCENDERS = frozenset("gjpqyQ,;()[]{}|/_\u0323")  # checked on NFD text: ỵ, ỹ are y + a mark


# ---------------------------------------------------------------- input


@dataclass
class SearchablePage:
    """One page: its image, its resolution and the OCR words on it.

    `image` is a decoded page (numpy uint8: 2-D grey, 3-D BGR or BGRA as OpenCV gives; bool
    or a grey array holding only 0 and 255 is embedded as bilevel) or the bytes of a JPEG
    file, embedded as they are (`size` = (width, height) in pixels is then read from the JPEG
    header when not given). Word boxes are in the image's pixels; `dpi` sets the page size.
    """

    image: np.ndarray | bytes
    dpi: float
    words: Sequence[OcrWord] = field(default_factory=list)
    size: tuple[int, int] | None = None

    @classmethod
    def from_ocr(cls, image: np.ndarray | bytes, ocr: OcrPage, dpi: float) -> SearchablePage:
        return cls(image=image, dpi=dpi, words=ocr.words, size=(ocr.width, ocr.height) if ocr.width else None)


@dataclass
class _Image:
    data: bytes
    width: int
    height: int
    params: dict  # the image XObject's dictionary entries besides Type/Subtype/Width/Height


# ---------------------------------------------------------------- images


def _is_bilevel(grey: np.ndarray) -> bool:
    return not np.any((grey != 0) & (grey != 255))


def _g4(bits: np.ndarray) -> bytes | None:
    """CCITT Group 4 data of a bilevel image (True = white), via Pillow's libtiff; None
    when this Pillow cannot write G4 or the TIFF came out in more than one strip."""
    height = bits.shape[0]
    buffer = io.BytesIO()
    try:
        Image.fromarray(bits).save(buffer, format="TIFF", compression="group4", tiffinfo={278: height})
    except (OSError, ValueError, KeyError):
        return None
    with Image.open(io.BytesIO(buffer.getvalue())) as tiff:
        offsets = tiff.tag_v2.get(273)
        counts = tiff.tag_v2.get(279)
        photometric = tiff.tag_v2.get(262)
    if not offsets or len(offsets) != 1 or photometric != 1:
        return None
    return buffer.getvalue()[offsets[0] : offsets[0] + counts[0]]


def _encode(page: SearchablePage, quality: int) -> _Image:
    if isinstance(page.image, (bytes, bytearray, memoryview)):
        return _jpeg_passthrough(bytes(page.image), page.size)
    image = np.asarray(page.image)
    if image.ndim == 3 and image.shape[2] == 1:
        image = image[:, :, 0]
    if image.dtype == bool:
        image = image.astype(np.uint8) * 255
    if image.dtype != np.uint8:
        raise ValueError(f"page image must be uint8 (or bool), not {image.dtype}")
    if image.ndim == 3:
        if image.shape[2] not in (3, 4):
            raise ValueError(f"page image with {image.shape[2]} channels: expected grey, BGR or BGRA")
        bgr = image[:, :, :3]
        if np.array_equal(bgr[:, :, 0], bgr[:, :, 1]) and np.array_equal(bgr[:, :, 1], bgr[:, :, 2]):
            image = bgr[:, :, 0]  # a grey scan delivered as colour: one channel is enough
        else:
            rgb = np.ascontiguousarray(bgr[:, :, ::-1])
            return _jpeg(Image.fromarray(rgb, "RGB"), quality)
    if image.ndim != 2 or image.size == 0:
        raise ValueError(f"page image of shape {image.shape}: expected a non-empty 2-D or 3-D array")
    height, width = image.shape
    if _is_bilevel(image):
        white = image == 255
        g4 = _g4(white)
        common = dict(ColorSpace=Name.DeviceGray, BitsPerComponent=1)
        if g4 is not None:
            # Pillow writes mode "1" as BlackIsZero: a 1 bit is white, which in G4 terms
            # is a "black" run, hence BlackIs1.
            parms = Dictionary(K=-1, Columns=width, Rows=height, BlackIs1=True)
            return _Image(g4, width, height, dict(common, Filter=Name.CCITTFaxDecode, DecodeParms=parms))
        packed = np.packbits(white, axis=1).tobytes()
        return _Image(zlib.compress(packed, 9), width, height, dict(common, Filter=Name.FlateDecode))
    return _jpeg(Image.fromarray(np.ascontiguousarray(image), "L"), quality)


def _jpeg(image: Image.Image, quality: int) -> _Image:
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=quality, optimize=True)
    space = Name.DeviceGray if image.mode == "L" else Name.DeviceRGB
    params = dict(ColorSpace=space, BitsPerComponent=8, Filter=Name.DCTDecode)
    return _Image(buffer.getvalue(), image.width, image.height, params)


def _jpeg_passthrough(data: bytes, size: tuple[int, int] | None) -> _Image:
    try:
        with Image.open(io.BytesIO(data)) as header:  # reads the header only
            if header.format != "JPEG":
                raise ValueError(f"page image bytes must be a JPEG file, not {header.format}")
            mode, width, height = header.mode, header.width, header.height
            adobe = "adobe" in header.info
    except (OSError, SyntaxError) as exc:  # Pillow's UnidentifiedImageError is an OSError
        raise ValueError(f"page image bytes are not a readable JPEG file: {exc}") from exc
    if size is not None and tuple(size) != (width, height):
        raise ValueError(f"page size {tuple(size)} does not match the JPEG's {(width, height)}")
    spaces = {"L": Name.DeviceGray, "RGB": Name.DeviceRGB, "CMYK": Name.DeviceCMYK}
    if mode not in spaces:
        raise ValueError(f"unsupported JPEG colour mode {mode}")
    params = dict(ColorSpace=spaces[mode], BitsPerComponent=8, Filter=Name.DCTDecode)
    if mode == "CMYK" and adobe:
        params["Decode"] = Array([1, 0] * 4)  # Adobe (Photoshop) CMYK JPEGs are stored inverted
    return _Image(data, width, height, params)


# ---------------------------------------------------------------- text layer


def _num(x: float) -> str:
    """A PDF number: fixed notation, at most 3 decimals, no '-0'."""
    text = f"{x:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _codes(text: str) -> tuple[str, int]:
    """Hex of the UTF-16BE code units of `text` (the Identity-H codes) and their count.
    Characters outside the BMP and control characters are dropped: the identity ToUnicode
    map only covers single BMP code units."""
    units = [ord(ch) for ch in text if 0x20 <= ord(ch) <= 0xFFFF and not 0xD800 <= ord(ch) <= 0xDFFF]
    return "".join(f"{u:04X}" for u in units), len(units)


def _clean(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _has_descender(text: str) -> bool:
    return any(ch in _DESCENDERS for ch in unicodedata.normalize("NFD", text))


@dataclass
class _Baseline:
    """y = y0 + slope * (x - x0), in image pixels (y down)."""

    x0: float
    y0: float
    slope: float

    def at(self, x: float) -> float:
        return self.y0 + self.slope * (x - self.x0)


def _fit_baseline(words: list[OcrWord], dpi: float) -> _Baseline:
    flat = [w for w in words if not _has_descender(w.text)]
    if flat:  # box bottoms on the baseline
        xs = np.array([w.left + w.width / 2 for w in flat], dtype=float)
        ys = np.array([w.top + w.height for w in flat], dtype=float)
    else:  # only words reaching below it, by about a fifth of their box
        xs = np.array([w.left + w.width / 2 for w in words], dtype=float)
        ys = np.array([w.top + 0.8 * w.height for w in words], dtype=float)
    x0 = float(np.mean(xs))
    slope = 0.0
    if len(xs) >= 2 and np.ptp(xs) > 0:
        slope = float(np.polyfit(xs, ys, 1)[0])
        residual = ys - (np.mean(ys) + slope * (xs - x0))
        keep = np.abs(residual) <= max(2.0, 2.5 * float(np.median(np.abs(residual))))
        if keep.sum() >= 2 and np.ptp(xs[keep]) > 0 and keep.sum() < len(xs):
            xs, ys = xs[keep], ys[keep]
            x0 = float(np.mean(xs))
            slope = float(np.polyfit(xs, ys, 1)[0])
    y0 = float(np.median(ys - slope * (xs - x0)))
    # As Tesseract does: a rise under 2 pt over the line is noise, and a flat baseline
    # selects better in every viewer.
    left = min(w.left for w in words)
    right = max(w.left + w.width for w in words)
    if abs(slope) * (right - left) * 72.0 / dpi < 2.0 or abs(slope) > 1.0:
        slope = 0.0
    return _Baseline(x0, y0, slope)


def _lines(words: Iterable[OcrWord]) -> list[list[OcrWord]]:
    """Words grouped by line (in line order), each line left to right, texts in NFC."""
    by_line: dict[int, list[OcrWord]] = {}
    for word in words:
        text = _clean(word.text)
        if text and word.width > 0 and word.height > 0:
            by_line.setdefault(word.line, []).append(word.model_copy(update={"text": text}))
    return [sorted(by_line[key], key=lambda w: w.left) for key in sorted(by_line)]


def text_layer(words: Iterable[OcrWord], dpi: float, page_height_px: int) -> str:
    """The content-stream operators that draw `words` in invisible ink (empty when no words)."""
    scale = 72.0 / dpi  # image pixels -> points
    height_pt = page_height_px * scale
    out: list[str] = []
    for line in _lines(words):
        base = _fit_baseline(line, dpi)
        angle = math.atan(base.slope)
        cos, sin = math.cos(angle), math.sin(angle)
        need = max(
            max((base.at(w.left) - w.top) / ASCENT, (w.top + w.height - base.at(w.left)) / DESCENT) for w in line
        )
        # A stray tall box (a rule or a stamp read as a letter) may not blow up the line.
        size_px = min(need, 2.0 * float(np.median([w.height for w in line])))
        size = max(size_px * scale, 1.0)
        out.append(f"/F0 {_num(size)} Tf")
        em = CHAR_WIDTH / 1000.0 * size  # advance of one character at 100 % scaling, in points
        for i, word in enumerate(line):
            hexcodes, count = _codes(word.text)
            if not count:
                continue
            x = word.left * scale
            y = height_pt - base.at(word.left) * scale
            # PDF y points up; the image's y points down, so the tilt flips sign.
            out.append(f"{_num(cos)} {_num(-sin)} {_num(sin)} {_num(cos)} {_num(x)} {_num(y)} Tm")
            width_pt = word.width * scale / cos
            out.append(f"{_num(100.0 * width_pt / (count * em))} Tz <{hexcodes}> Tj")
            if i + 1 < len(line):
                gap_pt = (line[i + 1].left - word.left - word.width) * scale / cos
                out.append(f"{_num(max(100.0 * gap_pt / em, 1.0))} Tz <0020> Tj")
    if not out:
        return ""
    return "BT\n3 Tr\n" + "\n".join(out) + "\nET\n"


# ---------------------------------------------------------------- font


def _find_pdf_ttf() -> Path | None:
    roots = [
        os.environ.get("TESSDATA_PREFIX", ""),
        "/usr/share/tesseract-ocr/5/tessdata",
        "/usr/share/tesseract-ocr/4.00/tessdata",
        "/usr/share/tessdata",
        "/usr/local/share/tessdata",
    ]
    for root in roots:
        if root and (Path(root) / "pdf.ttf").is_file():
            return Path(root) / "pdf.ttf"
    return None


@lru_cache(maxsize=1)
def _built_glyphless_ttf() -> bytes:
    """A TrueType font with .notdef and one empty glyph, half an em wide (like pdf.ttf)."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    fb = FontBuilder(1000, isTTF=True)
    fb.setupGlyphOrder([".notdef", "space"])
    fb.setupCharacterMap({0x20: "space"})
    empty = TTGlyphPen(None).glyph()
    fb.setupGlyf({".notdef": empty, "space": TTGlyphPen(None).glyph()})
    fb.setupHorizontalMetrics({".notdef": (CHAR_WIDTH, 0), "space": (CHAR_WIDTH, 0)})
    fb.setupHorizontalHeader(ascent=int(ASCENT * 1000), descent=-int(DESCENT * 1000))
    fb.setupNameTable({"familyName": "GlyphLessFont", "styleName": "Regular"})
    fb.setupOS2(sTypoAscender=int(ASCENT * 1000), sTypoDescender=-int(DESCENT * 1000), usWinAscent=800, usWinDescent=200)
    fb.setupPost()
    buffer = io.BytesIO()
    fb.save(buffer)
    return buffer.getvalue()


@lru_cache(maxsize=1)
def _font_program() -> bytes:
    path = _find_pdf_ttf()
    return path.read_bytes() if path else _built_glyphless_ttf()


def _to_unicode_cmap() -> bytes:
    """Identity ToUnicode for 2-byte codes, surrogates excepted, in ranges of 256 codes
    (a bfrange may not carry past the last byte of its destination)."""
    ranges = [f"<{hi:02X}00> <{hi:02X}FF> <{hi:02X}00>" for hi in range(256) if not 0xD8 <= hi <= 0xDF]
    sections = []
    for start in range(0, len(ranges), 100):
        chunk = ranges[start : start + 100]
        sections.append(f"{len(chunk)} beginbfrange\n" + "\n".join(chunk) + "\nendbfrange")
    return (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        + "\n".join(sections)
        + "\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    ).encode("ascii")


def _glyphless_font(pdf: pikepdf.Pdf, font_program: bytes | None = None) -> pikepdf.Object:
    data = font_program if font_program is not None else _font_program()
    font_file = pdf.make_stream(data)
    font_file.Length1 = len(data)
    descriptor = pdf.make_indirect(
        Dictionary(
            Type=Name.FontDescriptor,
            FontName=Name.GlyphLessFont,
            Flags=5,  # FixedPitch + Symbolic
            FontBBox=Array([0, -int(DESCENT * 1000), CHAR_WIDTH, int(ASCENT * 1000)]),
            ItalicAngle=0,
            Ascent=int(ASCENT * 1000),
            Descent=-int(DESCENT * 1000),
            CapHeight=int(ASCENT * 1000),
            StemV=80,
            FontFile2=font_file,
        )
    )
    cid_to_gid = pdf.make_stream(zlib.compress(b"\x00\x01" * 65536, 9))
    cid_to_gid.Filter = Name.FlateDecode
    cid_font = pdf.make_indirect(
        Dictionary(
            Type=Name.Font,
            Subtype=Name.CIDFontType2,
            BaseFont=Name.GlyphLessFont,
            CIDSystemInfo=Dictionary(Registry=pikepdf.String("Adobe"), Ordering=pikepdf.String("Identity"), Supplement=0),
            FontDescriptor=descriptor,
            DW=CHAR_WIDTH,
            CIDToGIDMap=cid_to_gid,
        )
    )
    to_unicode = pdf.make_stream(_to_unicode_cmap())
    return pdf.make_indirect(
        Dictionary(
            Type=Name.Font,
            Subtype=Name.Type0,
            BaseFont=Name.GlyphLessFont,
            Encoding=Name("/Identity-H"),
            DescendantFonts=Array([cid_font]),
            ToUnicode=to_unicode,
        )
    )


# ---------------------------------------------------------------- assembly


def _write_page(page: SearchablePage, path: Path, quality: int) -> None:
    """One page as a one-page PDF (image + text layer; the font is attached when merging)."""
    if not page.dpi or page.dpi <= 0 or not math.isfinite(page.dpi):
        raise ValueError(f"page dpi must be a positive number, not {page.dpi!r}")
    image = _encode(page, quality)
    if page.size is not None and tuple(page.size) != (image.width, image.height):
        raise ValueError(f"page size {tuple(page.size)} does not match the image's {(image.width, image.height)}")
    width_pt = image.width * 72.0 / page.dpi
    height_pt = image.height * 72.0 / page.dpi
    pdf = pikepdf.new()
    try:
        xobject = pikepdf.Stream(pdf, image.data)
        xobject.Type = Name.XObject
        xobject.Subtype = Name.Image
        xobject.Width = image.width
        xobject.Height = image.height
        for key, value in image.params.items():
            xobject[Name("/" + key)] = value
        text = text_layer(page.words, page.dpi, image.height)
        del image  # the encoded bytes now live in the stream only
        content = f"q {_num(width_pt)} 0 0 {_num(height_pt)} 0 0 cm /Im0 Do Q\n{text}"
        blank = pdf.add_blank_page(page_size=(width_pt, height_pt))
        blank.obj.Resources = Dictionary(XObject=Dictionary(Im0=xobject))
        blank.obj.Contents = pdf.make_stream(content.encode("ascii"))
        if text:
            blank.obj.HosoText = True  # marks the pages that need the font (removed when merging)
        pdf.save(path, compress_streams=True)
    finally:
        pdf.close()


def _merge(parts: list[Path], out: Path, title: str | None) -> None:
    """Pages of `parts`, in order, into one PDF sharing one glyphless font."""
    target = pikepdf.new()
    sources: list[pikepdf.Pdf] = []
    try:
        font = _glyphless_font(target)
        for part in parts:
            source = pikepdf.open(part)
            sources.append(source)
            for page in source.pages:
                target.pages.append(page)
                copied = target.pages[-1].obj
                needs_font = Name.HosoText in copied or Name.Font in copied.Resources
                if Name.HosoText in copied:
                    del copied[Name.HosoText]
                if needs_font:
                    copied.Resources.Font = Dictionary(F0=font)
        target.Root.Lang = pikepdf.String("vi-VN")
        target.docinfo[Name.Producer] = "hoso"
        if title:
            target.docinfo[Name.Title] = title
        target.save(out, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    finally:
        target.close()
        for source in sources:
            source.close()


def build_searchable_pdf(
    pages: Iterable[SearchablePage],
    out: Path,
    jpeg_quality: int = JPEG_QUALITY,
    title: str | None = None,
) -> int:
    """Write `pages` (any iterable, consumed once) as a searchable PDF at `out`.

    The file appears complete or not at all (written beside `out`, then renamed). Returns
    the page count; raises ValueError for no pages or an unusable page image.
    """
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        parts: list[Path] = []
        for number, page in enumerate(pages, 1):
            part = work / f"page-{number:06d}.pdf"
            try:
                _write_page(page, part, jpeg_quality)
            except ValueError as exc:
                raise ValueError(f"page {number}: {exc}") from exc
            parts.append(part)
        if not parts:
            raise ValueError("no pages: a PDF needs at least one")
        count = len(parts)
        round_number = 0
        while len(parts) > MERGE_CHUNK:  # keep the number of open files bounded
            round_number += 1
            merged = []
            for start in range(0, len(parts), MERGE_CHUNK):
                chunk_out = work / f"round{round_number}-{start:06d}.pdf"
                _merge(parts[start : start + MERGE_CHUNK], chunk_out, None)
                for done in parts[start : start + MERGE_CHUNK]:
                    done.unlink()
                merged.append(chunk_out)
            parts = merged
        partial = work / "out.pdf"
        _merge(parts, partial, title)
        os.replace(partial, out)
        return count
    finally:
        shutil.rmtree(work, ignore_errors=True)
