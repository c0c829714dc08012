"""Decoding real files page by page, and refusing bad ones with a reason."""

import io

import numpy as np
import pikepdf
import pytest
from PIL import Image

from ingest import BadInput, Limits, PageError, decode_page, open_source
from ingest.models import FileKind
from ingest.pdf import _plain_jpeg_bytes


def _page(width=1240, height=1754, text_rows=10):
    img = Image.new("L", (width, height), 255)
    arr = np.asarray(img).copy()
    for r in range(text_rows):
        arr[200 + r * 60 : 220 + r * 60, 150:1000] = 0
    return Image.fromarray(arr)


@pytest.fixture
def image_pdf(tmp_path):
    path = tmp_path / "scan.pdf"
    pages = [_page(), _page().rotate(90, expand=True), _page()]
    pages[0].save(path, save_all=True, append_images=pages[1:], resolution=150)
    return path


def test_pdf_pages_come_out_as_the_embedded_images(image_pdf):
    kind, tasks = open_source(image_pdf)
    assert kind is FileKind.pdf and len(tasks) == 3
    image, dpi = decode_page(tasks[0])
    assert image.shape == (1754, 1240) and dpi == pytest.approx(150, abs=1)
    rotated, _ = decode_page(tasks[1])
    assert rotated.shape == (1240, 1754)


def test_vector_pdf_page_is_rasterised(tmp_path):
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    pdf.pages[0].Contents = pdf.make_stream(b"0 0 0 rg 100 100 200 50 re f")
    path = tmp_path / "vector.pdf"
    pdf.save(path)
    _, tasks = open_source(path, Limits(raster_dpi=100))
    image, dpi = decode_page(tasks[0])
    assert dpi == 100 and image.shape[1] == 827 and abs(image.shape[0] - 1169) <= 1
    assert image.min() < 50  # the black rectangle was drawn


def test_pdf_page_rotate_attribute_is_applied(tmp_path, image_pdf):
    with pikepdf.open(image_pdf) as pdf:
        pdf.pages[0].Rotate = 90
        pdf.save(tmp_path / "rot.pdf")
    _, tasks = open_source(tmp_path / "rot.pdf")
    image, _ = decode_page(tasks[0])
    assert image.shape == (1240, 1754)


def test_multipage_tiff_and_dpi(tmp_path):
    path = tmp_path / "stack.tif"
    _page().save(path, save_all=True, append_images=[_page(), _page()], dpi=(300, 300), compression="tiff_lzw")
    kind, tasks = open_source(path)
    assert kind is FileKind.tiff and len(tasks) == 3
    assert decode_page(tasks[2])[1] == 300


def test_extension_that_lies_is_ignored(tmp_path):
    path = tmp_path / "really-a-png.pdf"
    _page().save(path, format="PNG")
    kind, tasks = open_source(path)
    assert kind is FileKind.png and len(tasks) == 1


def test_jpeg_placeholder_dpi_counts_as_unknown(tmp_path):
    path = tmp_path / "phone.jpg"
    _page().convert("RGB").save(path, dpi=(72, 72))
    _, tasks = open_source(path)
    assert decode_page(tasks[0])[1] is None


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("empty.pdf", b"", "empty file"),
        ("notes.pdf", "Biên bản họp, không phải bản scan".encode(), "not a PDF, TIFF, JPEG or PNG"),
        ("garbage.tif", b"II*\x00" + b"\x00" * 20, "damaged"),
    ],
)
def test_bad_files_are_refused_with_a_reason(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(BadInput, match=reason):
        open_source(path)


def test_encrypted_pdf_is_refused(tmp_path, image_pdf):
    with pikepdf.open(image_pdf) as pdf:
        pdf.save(tmp_path / "locked.pdf", encryption=pikepdf.Encryption(owner="o", user="secret"))
    with pytest.raises(BadInput, match="password-protected"):
        open_source(tmp_path / "locked.pdf")


def test_too_many_pages_and_oversized_page_are_refused(tmp_path, image_pdf):
    with pytest.raises(BadInput, match="more than the limit of 2"):
        open_source(image_pdf, Limits(max_pages=2))
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(14400, 14400))  # 5 m square: the largest pikepdf makes
    pdf.save(tmp_path / "huge.pdf")
    with pytest.raises(BadInput, match="too large"):
        open_source(tmp_path / "huge.pdf")


def test_decompression_bomb_is_refused(tmp_path):
    path = tmp_path / "bomb.png"
    Image.new("1", (20000, 20000), 1).save(path)  # a few KB on disk, 400 MP decoded
    with pytest.raises(BadInput, match="larger than the limit"):
        open_source(path)


def test_truncated_jpeg_page_fails_alone(tmp_path):
    buffer = io.BytesIO()
    _page().convert("RGB").save(buffer, format="JPEG", quality=90)
    path = tmp_path / "cut.jpg"
    path.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    _, tasks = open_source(path)
    with pytest.raises(PageError, match="damaged"):
        decode_page(tasks[0])


def test_png_resolution_in_pixels_per_metre_comes_back_as_set(tmp_path):
    path = tmp_path / "scan.png"
    _page().save(path, dpi=(200, 200))
    _, tasks = open_source(path)
    assert decode_page(tasks[0])[1] == 200.0


def _scan_like(mode):
    """A rendered-looking page in `mode`: text bars, a coloured stamp unless grey."""
    grey = np.asarray(_page(620, 877)).copy()
    if mode == "L":
        return Image.fromarray(grey)
    rgb = np.stack([grey] * 3, axis=-1)
    if mode == "colour":
        rgb[600:700, 300:450] = (200, 40, 40)  # a red stamp
    return Image.fromarray(rgb)


@pytest.mark.parametrize("mode", ["L", "grey saved as RGB", "colour"])
def test_scanner_jpegs_decode_to_the_pixels_pil_gives(tmp_path, mode):
    """The JPEG of a scanner page is decoded straight from its bytes (OpenCV); the pixels
    must be those of the general path through PIL, grey pages as one channel."""
    from ingest.images import pil_to_array
    from samples.pdf_writer import write_image_pdf

    path = tmp_path / "scan.pdf"
    write_image_pdf(path, [(_scan_like(mode), 75.0)], quality=80)
    with pikepdf.open(path) as pdf:
        im0 = pdf.pages[0].Resources.XObject.Im0
        raw = im0.read_raw_bytes()
        assert _plain_jpeg_bytes(im0) == raw  # the direct path is the one taken
        pdf.pages[0].Rotate = 90
        pdf.save(tmp_path / "turned.pdf")
    expected = pil_to_array(Image.open(io.BytesIO(raw)))
    image, dpi = decode_page(open_source(path)[1][0])
    assert dpi == pytest.approx(75, abs=0.5)
    assert image.flags.writeable and image.dtype == np.uint8
    assert image.ndim == (3 if mode == "colour" else 2)
    assert np.array_equal(image, expected)
    turned, _ = decode_page(open_source(tmp_path / "turned.pdf")[1][0])
    assert np.array_equal(turned, np.rot90(expected, k=-1))


def test_cmyk_jpeg_takes_the_general_path(tmp_path):
    from ingest.images import pil_to_array

    cmyk = _scan_like("colour").convert("CMYK")
    buffer = io.BytesIO()
    cmyk.save(buffer, format="JPEG", quality=85)
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(cmyk.width * 72 / 75, cmyk.height * 72 / 75))
    page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=pikepdf.Stream(
        pdf, buffer.getvalue(), Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Image, Width=cmyk.width,
        Height=cmyk.height, ColorSpace=pikepdf.Name.DeviceCMYK, BitsPerComponent=8, Filter=pikepdf.Name.DCTDecode)))
    width_pt, height_pt = cmyk.width * 72 / 75, cmyk.height * 72 / 75
    page.Contents = pdf.make_stream(f"q {width_pt:.3f} 0 0 {height_pt:.3f} 0 0 cm /Im0 Do Q".encode())
    assert _plain_jpeg_bytes(page.Resources.XObject.Im0) is None
    pdf.save(tmp_path / "cmyk.pdf")
    image, _ = decode_page(open_source(tmp_path / "cmyk.pdf")[1][0])
    expected = pil_to_array(Image.open(io.BytesIO(buffer.getvalue())))
    assert image.shape == expected.shape and np.abs(image.astype(int) - expected).max() <= 2
    assert image[650, 375, 2] > 150 and image[650, 375, 0] < 100  # the red stamp, in BGR
