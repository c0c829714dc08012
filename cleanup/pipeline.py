"""The cleanup stage: one scanned page in, an upright, clean, OCR-ready page out.

Order, each step switchable by the scanner profile and timed into a StepReport:

  perspective  (phones) find the page quadrilateral, straighten it
  resolution   DPI from the caller, or estimated from the letters / the page format
  borders      black scanner edges painted paper-coloured
  background   shadows, uneven light and tinted paper divided out
  blank        empty duplex backs recognised (before any OCR-based step)
  orientation  0/90/180/270: fast projection/baseline test, Tesseract OSD when unsure
  deskew       projection-profile search, coarse to fine, to a few hundredths of a degree
  geometry     the rotation and skew applied once at full resolution (with the
               perspective warp folded in for phone photos)
  denoise      grainy pages smoothed first; isolated specks removed, diacritics kept
  binarise     "auto": only when the ink is faint next to the grain; "always" / "never"
  quality      resolution, blur, contrast, content cut off -> verdict with reasons

Every analysis runs on a ~150 dpi copy; full-resolution pixels are touched only to apply
the final geometry, paint borders, divide out the background and remove specks. The
archive copy gets the geometry and the border paint only (its colours are kept).

Measured on rendered pages read by Tesseract 5 (`vie`): a clean page passes through
unchanged; shadowed/tinted, black-edged, grainy and photographed pages read markedly
better (see tests/test_cleanup.py and bench/cleanup_bench.py).
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from dataclasses import dataclass, field

import cv2
import numpy as np

from cleanup import background, binarise, blank, borders, denoise, deskew, orientation, perspective, quality, resolution
from cleanup.models import CleanedPage, QualityVerdict, StepReport
from cleanup.profile import ScannerProfile
from cleanup.util import otsu_ink, paper_level, resize, resize_mask, to_grey

ANALYSIS_DPI = 150.0
MIN_AXIS_CONFIDENCE = 0.15  # text pages measure ~0.25-0.9
# Clean rendered pages show 0-2 "specks" on the analysis copy (a lone full stop, a dotted
# leader): a few are no reason to clean a page; dust and toner come by the dozen.
AS_IS_MAX_SPECKS = 3
AS_IS_MAX_INK = 100  # print this dark or darker; fainter ink is stretched to black first


@dataclass
class _Timer:
    steps: list[StepReport] = field(default_factory=list)

    @contextmanager
    def step(self, name: str):
        """Time a step; a step that runs twice (analysis copy, then full size) is one report."""
        report = next((r for r in self.steps if r.name == name), None)
        if report is None:
            report = StepReport(name=name, seconds=0.0, applied=False, detail="")
            self.steps.append(report)
        start = time.perf_counter()
        try:
            yield report
        finally:
            report.seconds += time.perf_counter() - start


def _rot90_matrix(rotate: int, shape: tuple[int, int]) -> np.ndarray:
    """3x3 matrix of a clockwise quarter turn of an image of `shape` (h, w)."""
    h, w = shape[:2]
    k = (rotate // 90) % 4
    if k == 0:
        return np.eye(3)
    if k == 1:
        return np.array([[0, -1, h - 1], [1, 0, 0], [0, 0, 1]], dtype=np.float64)
    if k == 2:
        return np.array([[-1, 0, w - 1], [0, -1, h - 1], [0, 0, 1]], dtype=np.float64)
    return np.array([[0, 1, 0], [-1, 0, w - 1], [0, 0, 1]], dtype=np.float64)


def _apply(src: np.ndarray, homography: np.ndarray | None, size: tuple[int, int] | None,
           rotate: int, skew: float, fill) -> np.ndarray:
    """Perspective (optional), quarter turn and skew, resampling at most once."""
    if homography is None:
        out = orientation.rot90(src, rotate)
        if skew == 0.0:
            return out
        h, w = out.shape[:2]
        return cv2.warpAffine(out, deskew.rotation_matrix(skew, (h, w)), (w, h), flags=cv2.INTER_LINEAR,
                              borderMode=cv2.BORDER_CONSTANT, borderValue=fill)
    w, h = size
    turn = _rot90_matrix(rotate, (h, w))
    if rotate in (90, 270):
        w, h = h, w
    level = np.vstack([deskew.rotation_matrix(skew, (h, w)), [0, 0, 1]])
    matrix = level @ turn @ homography
    return cv2.warpPerspective(src, matrix, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
                               borderValue=fill)


def _fill_value(image: np.ndarray):
    colour = borders.paper_colour(image)
    return float(colour) if image.ndim == 2 else tuple(float(c) for c in colour)


def _unsure(fast: orientation.OrientationResult | None, osd_img: np.ndarray,
            vote: bool) -> orientation.OrientationResult | None:
    """Neither the fast test nor OSD is sure. The axis test is reliable when clear, the
    upside-down test is not: with the axis known, the page is read both ways up (when the
    profile allows); otherwise it is kept as it came, as most pages arrive upright."""
    if fast is None:
        return None
    axis_known = fast.axis_confidence >= MIN_AXIS_CONFIDENCE
    if vote and axis_known:
        voted = orientation.ocr_vote(osd_img, fast.axis)
        if voted is not None:
            # both candidates lie along the fast test's axis, where it measured the skew
            return orientation.OrientationResult(voted.rotate, voted.confidence, "ocr", fast.skew, voted.detail, fast.axis,
                                                 fast.axis_confidence)
    if axis_known and fast.axis != 0:
        return fast  # lines clearly run up and down: turn them, which way up as the fast test guessed
    level = fast.skew if fast.axis == 0 else None
    return orientation.OrientationResult(0, fast.confidence, "fast", level, "unsure: left as is", 0)


def _clean_full(out_grey: np.ndarray, page_dpi: float, is_blank: bool, p: ScannerProfile,
                timer: _Timer) -> tuple[np.ndarray, np.ndarray, bool, float]:
    """Background, grain and specks at full resolution: (normalised page, OCR image, grainy, grain)."""
    page_grain = denoise.grain(out_grey)
    grainy = p.denoise.enabled and not is_blank and page_grain > p.denoise.grain_limit
    with timer.step("denoise") as rep:
        if grainy:  # smooth before normalising: the background estimate and the stretch need it
            out_smooth = denoise.smooth_grain(out_grey, page_dpi)
            rep.detail = f"grain {page_grain:.1f} grey levels smoothed; "
        else:
            out_smooth = out_grey
            rep.detail = f"grain {page_grain:.1f}; "
    with timer.step("background") as rep:
        norm = background.normalise(out_smooth, page_dpi, p.background.window_mm)
        if p.background.enabled:
            work = norm
            rep.detail = "paper divided out"
            rep.applied = True
        else:
            work = out_smooth
            rep.detail = "off in profile"

    # --- denoise ----------------------------------------------------------------------------------
    with timer.step("denoise") as rep:
        if p.denoise.enabled and not is_blank:
            d = denoise.remove_specks(work, page_dpi, p.denoise.max_speck_mm, p.denoise.isolation_mm)
            work = d.image
            rep.applied = grainy or d.removed > 0
            rep.detail += f"{d.removed} specks removed, {d.kept_small} small marks kept next to letters"
        elif is_blank:
            rep.detail = "skipped: blank page"
        else:
            rep.detail = "off in profile"

    with timer.step("background") as rep:
        if p.background.enabled and p.background.stretch:
            black = background.ink_level(work)
            if black < 200:
                work = background.stretch_to_black(work, black)
                rep.detail += f", ink {black:.0f} stretched to 0"

    return norm, work, grainy, page_grain


def clean_page(image: np.ndarray, dpi: float | None, profile: ScannerProfile) -> CleanedPage:
    """Clean one decoded page (uint8 grey or BGR). Pure: no file I/O, the input is not changed."""
    if image.dtype != np.uint8 or image.ndim not in (2, 3):
        raise ValueError(f"clean_page needs a uint8 grey or BGR image, got {image.dtype} {image.shape}")
    if image.ndim == 3 and image.shape[2] == 4:
        image = cv2.cvtColor(image, cv2.COLOR_BGRA2BGR)
    if image.ndim == 3 and image.shape[2] == 1:
        image = image[:, :, 0]
    timer = _Timer()
    p = profile
    src_grey = to_grey(image)
    src_colour = image if image.ndim == 3 else None

    # --- perspective -----------------------------------------------------------------------
    homography = None
    out_size = None
    grey = src_grey
    with timer.step("perspective") as rep:
        if p.perspective.enabled:
            quad = perspective.find_page(src_grey, p.perspective.min_area, p.perspective.snap_formats,
                                         p.capture.paper_formats, p.perspective.snap_tolerance)
            if quad is None:
                rep.detail = "no page outline found: photo used as is"
            else:
                homography, out_size = quad.matrix, quad.size
                grey = cv2.warpPerspective(src_grey, homography, out_size, flags=cv2.INTER_LINEAR,
                                           borderMode=cv2.BORDER_REPLICATE)
                rep.applied = True
                rep.detail = (f"page {quad.area_fraction:.0%} of the photo, aspect {quad.aspect:.3f}"
                              + (f" ({quad.snapped})" if quad.snapped else "") + f", {out_size[0]}x{out_size[1]} px")
        else:
            rep.detail = "off in profile"

    # --- resolution --------------------------------------------------------------------------
    with timer.step("resolution") as rep:
        use_given = dpi is not None and dpi > 0 and p.capture.trust_file_dpi
        if use_given:
            page_dpi, dpi_estimated = float(dpi), False
            rep.detail = f"{page_dpi:.0f} dpi from the file"
        else:
            est = resolution.estimate_dpi(grey, p.capture.paper_formats)
            rep.applied = True
            if est.dpi is None:
                page_dpi = float(p.capture.expected_dpi)
                rep.detail = f"no clue in the page: profile's {page_dpi:.0f} dpi"
            else:
                page_dpi = float(est.dpi)
                rep.detail = f"estimated {page_dpi:.0f} dpi ({est.method})"
            if dpi is not None and not p.capture.trust_file_dpi:
                rep.detail += f"; file said {dpi:.0f}, not trusted by profile"
            dpi_estimated = True

    scale = min(1.0, ANALYSIS_DPI / page_dpi)
    adpi = page_dpi * scale
    small = resize(grey, scale)

    # --- borders (analysis copy) ---------------------------------------------------------------
    found_mask = None
    with timer.step("borders") as rep:
        if p.borders.enabled:
            found = borders.find_borders(small, adpi, p.borders.dark_level, p.borders.min_length)
            if found.fraction > 0:
                found_mask = found.mask
                small = borders.fill_borders(small, found.mask)
                rep.applied = True
                rep.detail = f"edges {found.sides} ({found.fraction:.1%} of the page)"
            else:
                rep.detail = "none found"
        else:
            rep.detail = "off in profile"

    # --- background (analysis copy) ------------------------------------------------------------
    with timer.step("background"):
        paper_light = background.estimate_background(small, adpi, p.background.window_mm)
        small_norm = background.divide_out(small, paper_light)
        plain, paper = background.is_plain_paper(paper_light) if p.background.clean_as_is else (False, "")

    # --- blank -----------------------------------------------------------------------------------
    is_blank, blank_score = False, 0.0
    with timer.step("blank") as rep:
        if p.blank.enabled:
            b = blank.detect_blank(small_norm, adpi, p.blank.ink_level, p.blank.min_mark_mm, p.blank.min_marks,
                                   p.blank.min_large_mark_mm, p.blank.max_ink_fraction)
            is_blank, blank_score = b.is_blank, b.ink_fraction
            rep.applied = True
            rep.detail = ("blank: " if b.is_blank else "content: ") + b.detail
            if is_blank:
                full_norm = background.normalise(borders.fill_borders(grey, resize_mask(found_mask, grey.shape))
                                                 if found_mask is not None else grey, page_dpi, p.background.window_mm)
                faint, why = blank.faint_text(small_norm, adpi, full_norm, p.blank.min_mark_mm, p.blank.min_marks)
                rep.detail += f"; {why}"
                if faint:
                    is_blank = False
                    rep.detail = "content: " + why
        else:
            rep.detail = "off in profile"

    # --- orientation + skew (analysis copy) -----------------------------------------------------
    rotate, skew, o_method, o_conf = 0, 0.0, "", 0.0
    skew_measured = False  # by the fast orientation test, for the orientation finally chosen
    ink = otsu_ink(small_norm) if not is_blank else None
    with timer.step("orientation") as rep:
        if is_blank:
            rep.detail = "skipped: blank page"
        elif not p.orientation.enabled:
            o_method, rep.detail = "profile", "off in profile: pages are upright"
        else:
            rep.applied = True
            fast = orientation.fast_orientation(ink, p.deskew.max_angle) if p.orientation.method != "osd" else None
            chosen = fast
            if fast is None or (p.orientation.method == "auto" and fast.confidence < p.orientation.fast_min_confidence):
                osd_scale = min(1.0, p.orientation.osd_dpi / page_dpi)
                osd_img = background.normalise(resize(grey, osd_scale), page_dpi * osd_scale, p.background.window_mm)
                osd = orientation.osd_orientation(osd_img, p.orientation.osd_min_confidence)
                if osd is not None and (osd.confidence >= p.orientation.osd_min_confidence or fast is None):
                    chosen = osd
                else:
                    chosen = _unsure(fast, osd_img, p.orientation.ocr_vote)
                rep.detail = (f"fast: {fast.detail if fast else '-'} -> OSD: {osd.detail if osd else 'no answer'}"
                              f"{' -> ' + chosen.detail if chosen is not None and chosen.method == 'ocr' else ''}; ")
            if chosen is None:
                chosen = orientation.OrientationResult(0, 0.0, "osd", None, "OSD found no text")
            rotate, o_method, o_conf = chosen.rotate, chosen.method, chosen.confidence
            rep.detail += f"rotate {rotate} ({chosen.method}, confidence {chosen.confidence:.2f}: {chosen.detail})"
            if chosen.skew is not None and p.deskew.enabled:
                skew, skew_measured = chosen.skew.angle, True

    with timer.step("deskew") as rep:
        if is_blank:
            rep.detail = "skipped: blank page"
        elif not p.deskew.enabled:
            rep.detail = "off in profile"
        else:
            if not skew_measured:  # else the fast orientation test measured it (its time is there)
                skew = deskew.estimate_skew(orientation.rot90(ink, rotate), p.deskew.max_angle).angle
            if abs(skew) < p.deskew.min_angle:
                rep.detail = f"{skew:+.2f} deg: left as is"
                skew = 0.0
            else:
                rep.applied = True
                rep.detail = f"{skew:+.2f} deg corrected"

    # --- a clean scan: plain paper, no edges, no grain, no specks is read as it is -----------------
    as_is = False
    with timer.step("background"):  # (its time counts with the background step's)
        if (plain and not is_blank and homography is None and found_mask is None
                and background.ink_level(small_norm) <= AS_IS_MAX_INK):
            page_grain = denoise.grain(src_grey)
            specks = (denoise.remove_specks(small_norm, adpi, p.denoise.max_speck_mm, p.denoise.isolation_mm).removed
                      if p.denoise.enabled else 0)
            as_is = page_grain <= p.denoise.grain_limit and specks <= AS_IS_MAX_SPECKS

    # a clean scan that needs no turning: the page is kept as it came, so the analysis copies
    # are copies of the OCR image itself
    kept = as_is and rotate == 0 and not skew

    # --- geometry at full resolution -------------------------------------------------------------
    with timer.step("geometry") as rep:
        if homography is not None or rotate or skew:
            fill_g = _fill_value(src_grey if homography is None else grey)
            out_grey = _apply(src_grey, homography, out_size, rotate, skew, fill_g)
            out_colour = None
            if src_colour is not None:
                out_colour = _apply(src_colour, homography, out_size, rotate, skew, _fill_value(src_colour))
            rep.applied = True
            rep.detail = f"rotate {rotate}, skew {skew:+.2f}" + (", perspective" if homography is not None else "")
        else:
            out_grey, out_colour = src_grey, src_colour
            rep.detail = "nothing to do"

    # --- borders at full resolution ------------------------------------------------------------
    with timer.step("borders") as rep:
        if p.borders.enabled and not as_is:  # none on the analysis copy, and turning adds none
            found = borders.find_borders(out_grey, page_dpi, p.borders.dark_level, p.borders.min_length)
            if found.fraction > 0:
                out_grey = borders.fill_borders(out_grey, found.mask)
                if out_colour is not None:
                    out_colour = borders.fill_borders(out_colour, found.mask)
                rep.applied = True
                rep.detail = f"edges {found.sides} ({found.fraction:.1%} of the page) painted paper-coloured"
    archive = out_colour if out_colour is not None else out_grey

    if as_is:
        norm = work = out_grey
        grainy = False
        for name in ("background", "denoise"):
            with timer.step(name) as rep:
                rep.detail = f"clean scan ({paper}, grain {page_grain:.1f}, {specks} specks): read as is"
    else:
        norm, work, grainy, page_grain = _clean_full(out_grey, page_dpi, is_blank, p, timer)

    # --- binarise ----------------------------------------------------------------------------------
    binarised = False
    with timer.step("binarise") as rep:
        mode = p.binarise.mode
        do = mode == "always"
        if mode == "auto" and not is_blank:
            ink_contrast = paper_level(out_grey) * (1.0 - background.ink_level(norm) / 255.0)
            do, why = binarise.needs_binarisation(page_grain, ink_contrast, p.binarise.min_snr)
            rep.detail = why
        if do:
            if p.binarise.method == "otsu":
                work = binarise.otsu(work)
            else:
                work = binarise.sauvola(work, window=int(round(page_dpi * 0.25)))  # ~6 mm, a few letters wide
            binarised = rep.applied = True
            rep.detail = (rep.detail + "; " if rep.detail else "") + f"{p.binarise.method}"
        elif mode == "never":
            rep.detail = "off in profile"

    # --- quality ------------------------------------------------------------------------------------
    with timer.step("quality") as rep:
        if p.quality.enabled:
            q = p.quality
            x_height = None
            copy = small_norm if kept else None  # already the page at ~150 dpi
            if not is_blank:  # letter height measured on the ~150 dpi copy, in full-size pixels
                _, _, x_small = resolution.text_dpi(copy if copy is not None else resize(norm, scale))
                x_height = x_small / scale if x_small else None
            verdict = quality.assess(
                norm, page_dpi, min_dpi=q.min_dpi, min_x_height_px=q.min_x_height_px, max_blur_mm=q.max_blur_mm,
                min_contrast=q.min_contrast, check_cut_off=q.check_cut_off, cut_off_min_marks=q.cut_off_min_marks,
                x_height_px=x_height, is_blank=is_blank, smoothed_mm=denoise.SMOOTH_MM if grainy else 0.0,
                copy=(copy, adpi) if copy is not None else None,
            )
            rep.applied = True
            rep.detail = "ok" if verdict.ok else "; ".join(verdict.codes)
        else:
            verdict = QualityVerdict(ok=True, reasons=[], metrics={})
            rep.detail = "off in profile"

    return CleanedPage(
        ocr_image=work,
        archive_image=archive,
        dpi=page_dpi,
        dpi_estimated=dpi_estimated,
        rotation=rotate,
        skew=skew,
        is_blank=is_blank,
        blank_score=blank_score,
        quality=verdict,
        steps=timer.steps,
        binarised=binarised,
        perspective_corrected=homography is not None,
        orientation_method=o_method,
        orientation_confidence=o_conf,
        preview=small if kept and scale < 1.0 else None,
    )
