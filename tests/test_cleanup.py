"""The cleanup stage on rendered Vietnamese pages, degraded here with OpenCV, read by real Tesseract.

Every page is drawn by samples.render from the corpus text, so the truth is known; every
degradation is made in this file (skew, rotation, black scanner edges, shadows and tint,
grain, blur, faint ink, show-through, phone perspective) so the tests do not depend on the
sample generator.
"""

from __future__ import annotations

from samples.corpus import CORPUS_DIR

import os
import re
import time
from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np
import pytest

os.environ.setdefault("OMP_THREAD_LIMIT", "1")

from cleanup import CleanedPage, QualityVerdict, StepReport, clean_page, load_profile  # noqa: E402
from cleanup.denoise import remove_specks  # noqa: E402
from samples.render import Line, PageLayout, render_page  # noqa: E402
from vntext import cer  # noqa: E402

STEPS = ["perspective", "resolution", "borders", "background", "blank", "orientation", "deskew", "geometry",
         "denoise", "binarise", "quality"]


# --- pages ------------------------------------------------------------------------------------

def _corpus_dir() -> Path:
    here = Path(__file__).resolve().parents[2] / "shared" / "corpus"
    return here if here.is_dir() else CORPUS_DIR


@lru_cache(maxsize=1)
def paragraphs() -> tuple[str, ...]:
    out = []
    for path in sorted(_corpus_dir().glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            text = re.sub(r"^#+\s*", "", line.strip()).replace("**", "").strip()
            if text:
                out.append(text)
    assert out, f"no corpus under {_corpus_dir()}"
    return tuple(out)


@lru_cache(maxsize=32)
def _page(start: int, count: int, dpi: int, size: float, style: str) -> tuple[np.ndarray, str]:
    lines = [Line(p, size_pt=size, style=style) for p in paragraphs()[start : start + count]]
    page = render_page(PageLayout(lines), dpi=dpi)
    return np.array(page.image), page.text


def text_page(start: int = 3, count: int = 12, dpi: int = 300, size: float = 13.0, style: str = "serif"):
    image, text = _page(start, count, dpi, size, style)
    return image.copy(), text


# --- degradations -------------------------------------------------------------------------------

def skew(img: np.ndarray, degrees: float, fill: int = 255) -> np.ndarray:
    """Turn the content clockwise by `degrees`."""
    m = cv2.getRotationMatrix2D((img.shape[1] / 2, img.shape[0] / 2), -degrees, 1)
    return cv2.warpAffine(img, m, (img.shape[1], img.shape[0]), flags=cv2.INTER_LINEAR, borderValue=fill)


def turn(img: np.ndarray, degrees: int) -> np.ndarray:
    """Quarter turns clockwise."""
    return np.ascontiguousarray(np.rot90(img, k=-(degrees // 90)))


def grain(img: np.ndarray, sigma: float, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return np.clip(img.astype(np.float32) + rng.normal(0, sigma, img.shape), 0, 255).astype(np.uint8)


def blur(img: np.ndarray, sigma_mm: float, dpi: int) -> np.ndarray:
    return cv2.GaussianBlur(img, (0, 0), sigma_mm / 25.4 * dpi)


def faint(img: np.ndarray, ink: int, paper: int) -> np.ndarray:
    return (ink + img.astype(np.float32) * (paper - ink) / 255).astype(np.uint8)


def black_edges(img: np.ndarray, top=0.03, right=0.01, bottom=0.02, left=0.015, level=20) -> np.ndarray:
    out = img.copy()
    h, w = img.shape[:2]
    out[: int(h * top)] = level
    out[h - int(h * bottom) :] = level
    out[:, : int(w * left)] = level
    out[:, w - int(w * right) :] = level
    return out


def shadow_and_tint(img: np.ndarray, strength: float = 0.6) -> np.ndarray:
    """A lid/hand shadow growing to the lower right, on yellowed paper (BGR)."""
    h, w = img.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    light = 1 - strength * np.clip((xx / w) * 0.8 + (yy / h) * 0.5 - 0.3, 0, 1) ** 1.5
    g = img.astype(np.float32) * light
    return np.clip(np.stack([g * 0.80, g * 0.93, g], axis=-1), 0, 255).astype(np.uint8)


def show_through_back(dpi: int, strength: float, specks: int = 60, seed: int = 0) -> np.ndarray:
    """The empty back of a sheet: the front's text seen through the paper (mirrored, faint,
    diffused), paper grain and dust specks."""
    front, _ = text_page(20 + 40 * seed, 30, dpi)
    rng = np.random.default_rng(seed)
    ink = cv2.GaussianBlur(1.0 - np.fliplr(front).astype(np.float32) / 255.0, (0, 0), dpi / 300 * 2.0)
    page = (238 + rng.normal(0, 3, front.shape)) * (1 - strength * ink)
    for _ in range(specks):
        centre = (int(rng.integers(0, front.shape[1])), int(rng.integers(0, front.shape[0])))
        cv2.circle(page, centre, int(rng.integers(1, max(2, dpi // 100))), float(rng.integers(20, 120)), -1)
    return np.clip(page, 0, 255).astype(np.uint8)


def stamp_only_page(dpi: int = 300) -> np.ndarray:
    img = np.full((round(297 / 25.4 * dpi), round(210 / 25.4 * dpi), 3), 245, np.uint8)
    centre, radius = (img.shape[1] * 2 // 3, img.shape[0] * 3 // 4), round(17 / 25.4 * dpi)
    cv2.circle(img, centre, radius, (60, 60, 200), max(2, dpi // 75))
    cv2.circle(img, centre, int(radius * 0.7), (60, 60, 200), max(1, dpi // 150))
    return img


def camera_corners(page_mm, image_wh, tilt_x, tilt_y, roll, dist_mm, focal_px):
    """Where a pinhole camera (principal point at the centre) sees the page's corners."""
    w, h = page_mm
    corners = np.array([[-w / 2, -h / 2, 0], [w / 2, -h / 2, 0], [w / 2, h / 2, 0], [-w / 2, h / 2, 0]], float)
    ax, ay, az = np.deg2rad([tilt_x, tilt_y, roll])
    rx = np.array([[1, 0, 0], [0, np.cos(ax), -np.sin(ax)], [0, np.sin(ax), np.cos(ax)]])
    ry = np.array([[np.cos(ay), 0, np.sin(ay)], [0, 1, 0], [-np.sin(ay), 0, np.cos(ay)]])
    rz = np.array([[np.cos(az), -np.sin(az), 0], [np.sin(az), np.cos(az), 0], [0, 0, 1]])
    points = corners @ (rz @ ry @ rx).T + np.array([0, 0, dist_mm])
    return np.float32([[focal_px * x / z + image_wh[0] / 2, focal_px * y / z + image_wh[1] / 2] for x, y, z in points])


def phone_photo(page: np.ndarray, size=(2400, 3200), tilt=(25, -10, 5), dist_mm=400, seed=0) -> np.ndarray:
    """The page photographed at an angle on a darker table, with uneven warm light (BGR)."""
    rng = np.random.default_rng(seed)
    w_img, h_img = size
    corners = camera_corners((210, 297), size, *tilt, dist_mm, 0.85 * max(size))
    h, w = page.shape
    m = cv2.getPerspectiveTransform(np.float32([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]]), corners)
    table = cv2.resize((90 + rng.normal(0, 8, (h_img // 8, w_img // 8))).astype(np.float32), size)
    warped = cv2.warpPerspective(page.astype(np.float32), m, size, flags=cv2.INTER_AREA)
    mask = cv2.warpPerspective(np.ones((h, w), np.float32), m, size)
    img = warped * mask + table * (1 - mask)
    yy, xx = np.mgrid[0:h_img, 0:w_img].astype(np.float32)
    img *= 1 - 0.35 * np.clip((xx / w_img) * 0.9 + (1 - yy / h_img) * 0.4 - 0.35, 0, 1)
    img = cv2.GaussianBlur(img, (0, 0), 1.0) + rng.normal(0, 3, img.shape)
    g = np.clip(img, 0, 255)
    return np.stack([g * 0.92, g * 0.97, g], axis=-1).astype(np.uint8)


# --- OCR ------------------------------------------------------------------------------------------

def ocr(image: np.ndarray, dpi: float) -> str:
    from external.tesseract import ocr_data

    data = ocr_data(image, lang="vie", psm=3, dpi=int(dpi))
    lines: dict[tuple, list[str]] = {}
    for i, word in enumerate(data["text"]):
        if word and word.strip() and float(data["conf"][i]) >= 0:
            lines.setdefault((data["block_num"][i], data["par_num"][i], data["line_num"][i]), []).append(word)
    return "\n".join(" ".join(words) for _, words in sorted(lines.items()))


def page_cer(image: np.ndarray, truth: str, dpi: float) -> float:
    return cer(truth, ocr(image, dpi))


@pytest.fixture(scope="module")
def default():
    return load_profile("default")


# --- contract -------------------------------------------------------------------------------------

def test_contract_grey_and_colour(default):
    grey, _ = text_page()
    before = grey.copy()
    out = clean_page(grey, 300, default)
    assert isinstance(out, CleanedPage) and isinstance(out.quality, QualityVerdict)
    assert np.array_equal(grey, before), "clean_page must not change its input"
    assert out.ocr_image.dtype == np.uint8 and out.ocr_image.ndim == 2
    assert out.archive_image.shape[:2] == out.ocr_image.shape
    assert [s.name for s in out.steps] == STEPS
    assert all(isinstance(s, StepReport) and s.seconds >= 0 and s.detail for s in out.steps)
    assert out.dpi == 300 and not out.dpi_estimated and out.rotation == 0 and out.skew == 0.0
    assert not out.is_blank and out.quality.ok, out.quality.reasons
    # a clean page passes through untouched: nothing to fix, nothing lost
    assert np.array_equal(out.ocr_image, grey)

    colour = cv2.cvtColor(turn(grey, 90), cv2.COLOR_GRAY2BGR)
    out = clean_page(colour, 300, default)
    assert out.archive_image.ndim == 3 and out.archive_image.shape[:2] == out.ocr_image.shape == grey.shape
    assert out.rotation == 270 and not out.binarised


def test_profile_switches_steps_off(default):
    page, _ = text_page()
    off = default.override({
        "orientation.enabled": False, "deskew.enabled": False, "borders.enabled": False,
        "background.enabled": False, "denoise.enabled": False, "binarise.mode": "never", "blank.enabled": False,
        "quality.enabled": False,
    })
    out = clean_page(skew(turn(page, 180), 2.0), 300, off)
    assert out.rotation == 0 and out.skew == 0.0
    assert all(not s.applied for s in out.steps), [(s.name, s.detail) for s in out.steps if s.applied]
    assert out.step("deskew").detail == "off in profile"
    binary = clean_page(page, 300, default.override({"binarise.mode": "always"}))
    assert binary.binarised and set(np.unique(binary.ocr_image)) <= {0, 255}
    assert not set(np.unique(binary.archive_image)) <= {0, 255}  # the archive copy stays grey


# --- orientation and skew ---------------------------------------------------------------------------

@pytest.mark.parametrize("turned", [0, 90, 180, 270])
def test_orientation_found(default, turned):
    page, _ = text_page(40, 14, style="serif" if turned % 180 == 0 else "sans")
    out = clean_page(turn(page, turned), 300, default)
    assert out.rotation == (360 - turned) % 360, out.step("orientation").detail
    assert out.ocr_image.shape == page.shape
    assert np.mean(np.abs(out.ocr_image.astype(int) - page)) < 3  # back to the page as drawn


def test_orientation_by_tesseract_osd(default):
    page, _ = text_page(60, 14)
    out = clean_page(turn(page, 90), 300, default.override({"orientation.method": "osd"}))
    assert out.orientation_method == "osd" and out.rotation == 270, out.step("orientation").detail


@pytest.mark.parametrize(("angle", "turned"), [(-4.6, 0), (-1.3, 0), (0.4, 0), (2.2, 90), (3.7, 180), (5.0, 0)])
def test_skew_within_a_fifth_of_a_degree(default, angle, turned):
    page, _ = text_page(80, 14)
    out = clean_page(turn(skew(page, angle), turned), 300, default)
    assert out.rotation == (360 - turned) % 360
    assert abs(out.skew - angle) <= 0.2, (out.skew, angle)


# --- blank pages ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("dpi", "strength", "seed"), [(200, 0.12, 0), (300, 0.2, 1), (300, 0.08, 0)])
def test_show_through_backs_are_blank(default, dpi, strength, seed):
    out = clean_page(show_through_back(dpi, strength, seed=seed), dpi, default)
    assert out.is_blank, out.step("blank").detail
    assert out.blank_score < 0.0005
    assert out.step("orientation").detail == "skipped: blank page" and not out.step("orientation").applied


def test_text_pages_are_never_blank(default):
    full, _ = text_page()
    two_lines = np.array(render_page(PageLayout([
        Line("Người làm đơn", 13, "serif-bold", "right"), Line("Nguyễn Văn An", 13, "serif", "right"),
    ])).image)
    cases = {
        "full page": (full, 300),
        "two short lines": (two_lines, 300),
        "two short lines 200 dpi": (cv2.resize(two_lines, None, fx=2 / 3, fy=2 / 3, interpolation=cv2.INTER_AREA), 200),
        "stamp only": (stamp_only_page(), 300),
        "faint print": (grain(faint(full, 190, 230), 4), 300),
    }
    for name, (image, dpi) in cases.items():
        out = clean_page(image, dpi, default)
        assert not out.is_blank, f"{name}: {out.step('blank').detail}"


# --- phone photos, borders, background, denoise -----------------------------------------------------------

def test_phone_photo_made_rectangular_and_readable():
    phone = load_profile("phone")
    page, truth = text_page(3, 10)
    photo = phone_photo(page)
    out = clean_page(photo, 72, phone)  # phones write 72 dpi whatever the distance
    assert out.perspective_corrected, out.step("perspective").detail
    h, w = out.ocr_image.shape
    assert abs((h / w) / (297 / 210) - 1) < 0.01
    assert out.dpi_estimated and 120 < out.dpi < 300
    raw, cleaned = page_cer(photo, truth, 300), page_cer(out.ocr_image, truth, out.dpi)
    print(f"phone photo CER raw {raw:.4f} -> cleaned {cleaned:.4f}")
    assert cleaned < raw and cleaned < 0.03


def test_black_scanner_edges_removed(default):
    page, truth = text_page(3, 10)
    scanned = black_edges(skew(page, 2.7, fill=25))  # skewed on a black background, black bands
    out = clean_page(scanned, 300, default)
    assert out.step("borders").applied
    img = out.ocr_image
    band = int(0.05 * img.shape[1])
    edges = np.concatenate([img[:band].ravel(), img[-band:].ravel(), img[:, :band].ravel(), img[:, -band:].ravel()])
    assert (edges < 128).mean() < 0.0005
    raw, cleaned = page_cer(scanned, truth, 300), page_cer(out.ocr_image, truth, 300)
    print(f"black edges CER raw {raw:.4f} -> cleaned {cleaned:.4f}")
    assert cleaned < raw and cleaned < 0.01


def test_background_normalisation_on_shadowed_tinted_page(default):
    page, truth = text_page(3, 10)
    shadowed = shadow_and_tint(page)
    out = clean_page(shadowed, 300, default)
    raw, cleaned = page_cer(shadowed, truth, 300), page_cer(out.ocr_image, truth, 300)
    print(f"shadow + tint CER raw {raw:.4f} -> cleaned {cleaned:.4f}")
    assert cleaned < raw and cleaned < 0.01
    assert out.archive_image.ndim == 3  # the archive keeps the colour


@pytest.mark.parametrize("dpi", [150, 200, 300])  # 150: the analysis copy that decides a clean scan
def test_denoise_never_removes_diacritics_or_dots(dpi):
    for style in ("serif", "sans"):
        page, _ = text_page(40, 30, dpi, 12.0, style)
        result = remove_specks(page, dpi)
        assert result.removed == 0 and result.kept_small > 50  # dots of i, dots below, marks: all kept
        assert np.array_equal(result.image, page)


def test_denoise_removes_specks_and_ocr_is_not_worse(default):
    page, truth = text_page(3, 10)
    rng = np.random.default_rng(3)
    dusty = page.copy()
    for _ in range(400):
        centre = (int(rng.integers(0, page.shape[1])), int(rng.integers(0, page.shape[0])))
        cv2.circle(dusty, centre, int(rng.integers(1, 3)), 0, -1)
    out = clean_page(dusty, 300, default)
    removed = int(re.search(r"(\d+) specks removed", out.step("denoise").detail).group(1))
    assert removed > 250
    clean_out = clean_page(page, 300, default)
    raw_clean, cleaned_clean = page_cer(page, truth, 300), page_cer(clean_out.ocr_image, truth, 300)
    assert cleaned_clean <= raw_clean  # on a clean page cleanup changes nothing OCR can see
    assert page_cer(out.ocr_image, truth, 300) <= page_cer(dusty, truth, 300)


# --- resolution ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("dpi", [200, 300])
def test_dpi_estimated_when_unknown(default, dpi):
    page, _ = text_page(3, 30, dpi)
    out = clean_page(page, None, default)
    assert out.dpi_estimated and abs(out.dpi / dpi - 1) < 0.15, out.step("resolution").detail
    # not an A4 sheet edge to edge: a crop of it, so only the letters tell
    h, w = page.shape
    crop = page[h // 10 : h * 7 // 10, w // 20 : w * 9 // 10]
    out = clean_page(crop, None, default)
    assert out.step("resolution").detail.endswith("(text)")
    assert abs(out.dpi / dpi - 1) < 0.15, out.step("resolution").detail


# --- quality verdict ---------------------------------------------------------------------------------------

def test_quality_verdict(default):
    page, _ = text_page(3, 30)
    ok = clean_page(page, 300, default).quality
    assert ok.ok and not ok.reasons and ok.metrics["blur_mm"] < 0.1

    def verdict(image, dpi):
        return clean_page(image, dpi, default).quality

    blurred = verdict(blur(page, 0.35, 300), 300)
    assert "blurred" in blurred.codes and not blurred.ok
    low = verdict(grain(faint(page, 175, 235), 3), 300)
    assert "low_contrast" in low.codes
    page100 = cv2.resize(page, None, fx=1 / 3, fy=1 / 3, interpolation=cv2.INTER_AREA)
    assert "low_dpi" in verdict(page100, 100).codes
    assert "low_dpi" in verdict(page100, None).codes  # estimated ~100 dpi
    cut = verdict(page[: int(page.shape[0] * 0.45)], 300)  # the scan stopped through a text line
    assert "cut_off" in cut.codes
    for q in (blurred, low, cut):
        assert len(q.reasons) == len(q.codes) and all(" / " in r for r in q.reasons)  # Vietnamese / English
    assert "bị cắt" in cut.reasons[cut.codes.index("cut_off")]


# --- speed --------------------------------------------------------------------------------------------------

def test_speed_a4_300dpi(default):
    page, _ = text_page(0, 40)
    scanned = grain(skew(turn(page, 90), 1.5), 5)
    clean_page(scanned, 300, default)
    times = []
    for _ in range(3):
        start = time.perf_counter()
        out = clean_page(scanned, 300, default)
        times.append(time.perf_counter() - start)
    assert out.orientation_method == "fast"
    print("A4 300 dpi:", f"{min(times):.2f} s;", ", ".join(f"{s.name} {s.seconds * 1000:.0f} ms" for s in out.steps))
    assert min(times) < 1.5  # ~0.4 s on an idle core; generous for a loaded test machine


def test_id_card_photographed_alone_is_not_an_a4_page():
    """An 85.6 x 54 mm card on a table: its outline, not an A4 assumption, gives the scale."""
    card = render_page(PageLayout(
        [Line("CĂN CƯỚC CÔNG DÂN", 9, "sans-bold", "center"), Line("Số / No.: 001073986684", 7, "sans"),
         Line("Họ và tên / Full name: NGUYỄN THỊ THU HƯƠNG", 7, "sans"),
         Line("Nơi thường trú: xã Tứ Kỳ, tỉnh Hải Dương", 7, "sans")],
        size_mm=(85.6, 53.98), margins_mm=(5, 5, 5, 5)), dpi=300)
    image = np.array(card.image)
    h, w = image.shape
    corners = camera_corners((85.6, 53.98), (2000, 1500), 15, -8, 3, 160, 1700)
    m = cv2.getPerspectiveTransform(np.float32([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]]), corners)
    table = np.full((1500, 2000), 80, np.float32)
    mask = cv2.warpPerspective(np.ones((h, w), np.float32), m, (2000, 1500))
    photo = cv2.warpPerspective(image.astype(np.float32), m, (2000, 1500)) * mask + table * (1 - mask)
    photo = cv2.cvtColor(np.clip(photo, 0, 255).astype(np.uint8), cv2.COLOR_GRAY2BGR)
    out = clean_page(photo, 72, load_profile("phone"))
    assert "ID-1 card" in out.step("perspective").detail, out.step("perspective").detail
    oh, ow = out.ocr_image.shape
    assert abs((ow / oh) / (85.6 / 53.98) - 1) < 0.01
    # the page's own scale: its width in pixels over 85.6 mm
    assert out.dpi == pytest.approx(ow / (85.6 / 25.4), rel=0.01), out.step("resolution").detail
    assert out.dpi > 2 * ow / (210 / 25.4)  # what an A4 assumption would have said
