"""Cleanup benchmark: what each cleanup step costs and what it buys in OCR accuracy.

A batch of degraded scans is generated with ground truth (samples.batch.generate_batch:
sheet-fed, flatbed and phone captures, skew, rotation, grain, specks, blur, borders,
bilevel G4, JPEG, show-through backs), decoded the way the pipeline decodes files
(ingest.sources), and every page is:

- read by Tesseract (vie, psm 3) as decoded: "raw";
- cleaned with the profile of its scanner and read by the pipeline's OCR stage (ocr.ocr_page:
  psm 3, ID cards on the page read one by one, enlarged): "cleaned";
- cleaned once more with each step switched off in turn and read again ("without the
  step"); when switching a step off leaves the OCR image unchanged the cleaned reading is
  reused.

CER is micro-averaged (total edit distance / total reference length, vntext.cer
normalisation) over the pages with text. Blank-page detection, orientation, skew and
DPI estimation are scored against the truth as well.

    .venv/bin/python -m bench.cleanup_bench                  # ~60 pages, a few minutes on 2 cores
    .venv/bin/python -m bench.cleanup_bench --pages 120 --seed 3 --workers 2

`--clean N` adds N clean rendered pages (300 dpi, no degradation) scored apart: cleanup must
never make them worse.

Writes bench/out/cleanup.md (+ cleanup.json); the generated batch goes to a temporary folder
unless --batch-dir is given.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

os.environ.setdefault("OMP_THREAD_LIMIT", "1")

import numpy as np  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"

# step name -> profile override that switches it off
ABLATIONS: dict[str, dict] = {
    "perspective": {"perspective.enabled": False},
    "borders": {"borders.enabled": False},
    "background": {"background.enabled": False},
    "orientation": {"orientation.enabled": False},
    "deskew": {"deskew.enabled": False},
    "denoise": {"denoise.enabled": False},
    "binarise": {"binarise.mode": "never"},
}
VARIANTS: dict[str, dict] = {"binarise always": {"binarise.mode": "always"}}

SCANNER_PROFILES = (
    ("Fujitsu fi-7160", "fujitsu-fi-7160"),
    ("Fujitsu fi-800R", "fujitsu-fi-800r"),
    ("Canon DR-C225", "canon-dr-c225"),
    ("Epson DS-530", "epson-ds-530"),
    ("Brother ADS", "brother-ads"),
    ("Flatbed", "flatbed"),
    ("Phone", "phone"),
)


def profile_for(scanner: str) -> str:
    return next((p for prefix, p in SCANNER_PROFILES if scanner.startswith(prefix)), "default")


def _ocr(image: np.ndarray, dpi: float | None, find_cards: bool = True) -> str:
    """The pipeline's OCR stage on a cleaned page."""
    from ocr import OcrOptions, ocr_page

    return ocr_page(image, OcrOptions(find_cards=find_cards), dpi=dpi).text


def _ocr_plain(image: np.ndarray) -> str:
    """Tesseract on the page as it is, nothing else."""
    from external.tesseract import ocr_data

    data = ocr_data(image, lang="vie", psm=3)  # as the pipeline reads: Tesseract estimates the resolution
    lines: dict[tuple, list[str]] = {}
    for i, word in enumerate(data["text"]):
        if word and word.strip() and float(data["conf"][i]) >= 0:
            lines.setdefault((data["block_num"][i], data["par_num"][i], data["line_num"][i]), []).append(word)
    return "\n".join(" ".join(words) for _, words in sorted(lines.items()))


def word_miss(reference: str, hypothesis: str) -> float:
    """Share of the reference's words (as a multiset, NFC) missing from the OCR output, in any
    order. CER also counts reading order, and on card copies Tesseract's block order changes
    with the slightest shift; this figure does not."""
    from collections import Counter

    from vntext import normalise_for_cer

    ref = Counter(normalise_for_cer(reference).split())
    hyp = Counter(normalise_for_cer(hypothesis).split())
    total = sum(ref.values())
    return 1.0 - sum((ref & hyp).values()) / total if total else 0.0


def _page_job(job: dict) -> dict:
    """Everything measured on one page (runs in a worker process)."""
    from cleanup import clean_page, load_profile
    from ingest.models import FileKind, Limits, PageTask
    from ingest.sources import decode_page
    from vntext import cer, normalise_for_cer

    task = PageTask(path=job["path"], kind=FileKind(job["kind"]), index=job["index"], limits=Limits())
    image, file_dpi = decode_page(task)
    profile = load_profile(job["profile"])
    truth = job["truth"]
    text = truth["text"]
    out: dict = {**{k: job[k] for k in ("file", "scanner", "profile")}, "number": truth["number"],
                 "clean": job.get("clean", False),
                 "truth": {k: v for k, v in truth.items() if k != "text"}, "ref_len": len(normalise_for_cer(text)),
                 "file_dpi": file_dpi}
    start = time.perf_counter()
    full = clean_page(image, file_dpi, profile)
    out["clean_seconds"] = time.perf_counter() - start
    out["steps"] = {s.name: {"seconds": s.seconds, "applied": s.applied, "detail": s.detail} for s in full.steps}
    out.update(rotation=full.rotation, skew=full.skew, is_blank=full.is_blank, dpi=full.dpi,
               dpi_estimated=full.dpi_estimated, quality=full.quality.codes, binarised=full.binarised,
               orientation_method=full.orientation_method)
    if truth["is_blank"] or not text.strip():
        return out
    raw_text, clean_text = _ocr_plain(image), _ocr(full.ocr_image, full.dpi)
    out["raw_cer"], out["raw_words"] = cer(text, raw_text), word_miss(text, raw_text)
    out["cer"], out["words"] = cer(text, clean_text), word_miss(text, clean_text)
    out["without"], out["without_words"] = {}, {}
    for name, changes in {**ABLATIONS, **VARIANTS}.items():
        variant = clean_page(image, file_dpi, profile.override(changes))
        if variant.ocr_image.shape == full.ocr_image.shape and np.array_equal(variant.ocr_image, full.ocr_image):
            out["without"][name], out["without_words"][name] = out["cer"], out["words"]
        else:
            hyp = _ocr(variant.ocr_image, variant.dpi)
            out["without"][name], out["without_words"][name] = cer(text, hyp), word_miss(text, hyp)
    hyp = _ocr(full.ocr_image, full.dpi, find_cards=False)
    out["without"]["card regions"], out["without_words"]["card regions"] = cer(text, hyp), word_miss(text, hyp)
    return out


def _jobs(batch_dir: Path, truth) -> list[dict]:
    from ingest.sources import open_source

    jobs = []
    for file in truth.files:
        kind, tasks = open_source(batch_dir / file.name)
        if len(tasks) != len(file.pages):
            raise RuntimeError(f"{file.name}: {len(tasks)} pages decoded, {len(file.pages)} in the truth")
        for task, page in zip(tasks, file.pages):
            jobs.append({"path": task.path, "kind": task.kind.value, "index": task.index, "file": file.name,
                         "scanner": file.scanner, "profile": profile_for(file.scanner),
                         "truth": page.model_dump(mode="json")})
    return jobs


def _clean_jobs(folder: Path, count: int, seed: int) -> list[dict]:
    """Clean rendered pages saved as 300-dpi PNG files, with their truth."""
    from bench.ocr_bench import clean_pages

    folder.mkdir(parents=True, exist_ok=True)
    jobs = []
    for number, page in enumerate(clean_pages(count, seed), 1):
        path = folder / f"clean_{number:03d}.png"
        page.image.save(path, dpi=(page.dpi, page.dpi))
        truth = {"number": number, "doc_index": 0, "is_blank": False, "rotation": 0, "skew_deg": 0.0,
                 "degradations": [], "dpi": 300, "effective_dpi": 300, "font": "", "phone_photo": False,
                 "text": page.truth}
        jobs.append({"path": str(path), "kind": "png", "index": 0, "file": f"clean/{path.name}",
                     "scanner": "clean render", "profile": "default", "truth": truth, "clean": True})
    return jobs


def _micro(rows: list[dict], key) -> float:
    total = sum(r["ref_len"] for r in rows)
    return sum(key(r) * r["ref_len"] for r in rows) / total if total else 0.0


def _fmt(x: float) -> str:
    return f"{x:.4f}"


def clean_report(rows: list[dict]) -> list[str]:
    if not rows:
        return []
    worse = [r for r in rows if r["cer"] > r["raw_cer"]]
    lines = ["", "## Clean pages (rendered, not degraded)", "",
             "| reading | CER | words missed |", "|---|---|---|",
             f"| raw Tesseract | {_fmt(_micro(rows, lambda r: r['raw_cer']))} | {_fmt(_micro(rows, lambda r: r['raw_words']))} |",
             f"| after cleanup | {_fmt(_micro(rows, lambda r: r['cer']))} | {_fmt(_micro(rows, lambda r: r['words']))} |",
             "", f"{len(rows)} pages; cleaned worse than raw on {len(worse)}"
             + (": " + ", ".join(f"{r['file']} ({r['raw_cer']:.4f} -> {r['cer']:.4f})" for r in worse) if worse else "."),
             f"Cleanup time on clean pages: mean {statistics.mean(r['clean_seconds'] for r in rows):.3f} s per page."]
    return lines


def report(all_rows: list[dict], meta: dict) -> str:
    rows = [r for r in all_rows if not r.get("clean")]
    text_rows = [r for r in rows if "cer" in r]
    lines = [
        "# Cleanup benchmark",
        "",
        f"Batch: `samples.batch.generate_batch(seed={meta['seed']}, citizens={meta['citizens']}, "
        f"pages_target={meta['pages']})`: {len(rows)} pages in {meta['files']} files, {len(text_rows)} with text, "
        f"{len(rows) - len(text_rows)} blank. Tesseract {meta['tesseract']} `vie`, psm 3, OMP_THREAD_LIMIT=1; "
        f"{meta['machine']}; {meta['workers']} worker processes; {meta['date']}.",
        "",
        "CER: total edit distance / total reference length over the pages with text (lower is better); "
        "it also counts reading order. Words missed: share of the truth's words (multiset) absent from the "
        "OCR output, in any order. Both weighted by page text length. "
        "Every page is cleaned with the profile of its scanner.",
        "",
        "## Overall",
        "",
        "| reading | CER | words missed (any order) | mean page CER | median page CER | pages with CER > 0.10 |",
        "|---|---|---|---|---|---|",
    ]
    for label, key, wkey in (("raw Tesseract (decoded page as is)", "raw_cer", "raw_words"),
                             ("after cleanup", "cer", "words")):
        vals = [r[key] for r in text_rows]
        lines.append(f"| {label} | {_fmt(_micro(text_rows, lambda r: r[key]))} | "
                     f"{_fmt(_micro(text_rows, lambda r: r[wkey]))} | {_fmt(statistics.mean(vals))} | "
                     f"{_fmt(statistics.median(vals))} | {sum(v > 0.10 for v in vals)} |")
    clean_times = [r["clean_seconds"] for r in rows]
    lines += ["", f"Cleanup time per page: mean {statistics.mean(clean_times):.2f} s, "
              f"median {statistics.median(clean_times):.2f} s, max {max(clean_times):.2f} s "
              "(includes Tesseract OSD on the pages the fast orientation test left undecided).", ""]

    lines += ["## Per step", "",
              "Time: mean over all pages (the step's own StepReport). CER columns over all text pages; "
              "the last two over the pages where the step changed something.", "",
              "| step | changed pages | time/page (ms) | CER with all steps | CER without this step | "
              "CER with (changed pages) | CER without (changed pages) | words missed with / without |",
              "|---|---|---|---|---|---|---|---|"]
    step_names = list(rows[0]["steps"]) if rows else []
    for name in step_names:
        ms = statistics.mean(r["steps"][name]["seconds"] for r in rows) * 1000
        applied = [r for r in rows if r["steps"][name]["applied"]]
        if name in ABLATIONS and name in text_rows[0]["without"]:
            changed = [r for r in text_rows if r["without"][name] != r["cer"] or r["steps"][name]["applied"]]
            lines.append(
                f"| {name} | {len(applied)} | {ms:.0f} | {_fmt(_micro(text_rows, lambda r: r['cer']))} | "
                f"{_fmt(_micro(text_rows, lambda r: r['without'][name]))} | "
                f"{_fmt(_micro(changed, lambda r: r['cer'])) if changed else '-'} | "
                f"{_fmt(_micro(changed, lambda r: r['without'][name])) if changed else '-'} | "
                f"{_fmt(_micro(text_rows, lambda r: r['words']))} / "
                f"{_fmt(_micro(text_rows, lambda r: r['without_words'][name]))} |")
        else:
            lines.append(f"| {name} | {len(applied)} | {ms:.0f} | - | - | - | - | - |")
    lines.append(f"| OCR: card regions | - | - | {_fmt(_micro(text_rows, lambda r: r['cer']))} | "
                 f"{_fmt(_micro(text_rows, lambda r: r['without']['card regions']))} | - | - | "
                 f"{_fmt(_micro(text_rows, lambda r: r['words']))} / "
                 f"{_fmt(_micro(text_rows, lambda r: r['without_words']['card regions']))} |")
    for name in VARIANTS:
        lines.append(f"| variant: {name} | - | - | {_fmt(_micro(text_rows, lambda r: r['cer']))} | "
                     f"{_fmt(_micro(text_rows, lambda r: r['without'][name]))} (with the variant) | - | - | "
                     f"{_fmt(_micro(text_rows, lambda r: r['words']))} / "
                     f"{_fmt(_micro(text_rows, lambda r: r['without_words'][name]))} |")

    # detection scores
    blank_truth = [r for r in rows if r["truth"]["is_blank"]]
    text_called_blank = [r for r in rows if not r["truth"]["is_blank"] and r["is_blank"]]
    rotated = [r for r in rows if not r["truth"]["is_blank"]]
    rot_ok = sum(r["rotation"] == (360 - r["truth"]["rotation"]) % 360 for r in rotated)
    turned = [r for r in rotated if r["truth"]["rotation"]]
    turned_ok = sum(r["rotation"] == (360 - r["truth"]["rotation"]) % 360 for r in turned)
    skewed = [r for r in rotated if not r["truth"]["phone_photo"]]
    errors = [abs(r["skew"] - r["truth"]["skew_deg"]) for r in skewed]
    no_dpi = [r for r in rows if not r["file_dpi"] and r["truth"]["effective_dpi"] and not r["truth"]["phone_photo"]]
    dpi_err = [abs(r["dpi"] / r["truth"]["effective_dpi"] - 1) for r in no_dpi]
    phones = [r for r in rows if r["truth"]["phone_photo"]]
    lines += ["", "## Detection", "", "| check | result |", "|---|---|",
              f"| blank backs found | {sum(r['is_blank'] for r in blank_truth)} / {len(blank_truth)} |",
              f"| text pages called blank | {len(text_called_blank)} / {len(rows) - len(blank_truth)} |",
              f"| orientation right (all text pages) | {rot_ok} / {len(rotated)} |",
              f"| orientation right (pages saved turned) | {turned_ok} / {len(turned)} |",
              f"| orientation decided by Tesseract OSD | {sum(r['orientation_method'] == 'osd' for r in rows)} pages |",
              f"| skew error, scanned pages (deg) | median {statistics.median(errors):.3f}, max {max(errors):.3f}, "
              f"within 0.2: {sum(e <= 0.2 for e in errors)} / {len(errors)} |" if errors else "| skew | - |",
              f"| DPI estimated, files without DPI (not phones) | median error {statistics.median(dpi_err):.1%}, "
              f"max {max(dpi_err):.1%} over {len(dpi_err)} pages |" if dpi_err else "| DPI estimation | no page |",
              f"| phone photos straightened | {sum(r['steps']['perspective']['applied'] for r in phones)} / {len(phones)} |",
              f"| pages flagged by the quality check | {sum(bool(r['quality']) for r in rows)} / {len(rows)} |"]
    flags: dict[str, int] = {}
    for r in rows:
        for code in r["quality"]:
            flags[code] = flags.get(code, 0) + 1
    if flags:
        lines.append("| quality flags | " + ", ".join(f"{k} {v}" for k, v in sorted(flags.items())) + " |")

    lines += ["", "## Per scanner", "",
              "| scanner | profile | text pages | raw CER | cleaned CER | words missed raw / cleaned | cleanup s/page |",
              "|---|---|---|---|---|---|---|"]
    for scanner in sorted({r["scanner"] for r in rows}):
        mine = [r for r in text_rows if r["scanner"] == scanner]
        all_mine = [r for r in rows if r["scanner"] == scanner]
        if not mine:
            continue
        lines.append(f"| {scanner} | {mine[0]['profile']} | {len(mine)} | {_fmt(_micro(mine, lambda r: r['raw_cer']))} | "
                     f"{_fmt(_micro(mine, lambda r: r['cer']))} | {_fmt(_micro(mine, lambda r: r['raw_words']))} / "
                     f"{_fmt(_micro(mine, lambda r: r['words']))} | "
                     f"{statistics.mean(r['clean_seconds'] for r in all_mine):.2f} |")
    lines += ["", "## Pages cleanup made worse (CER up by more than 0.01)", ""]
    worse = [r for r in text_rows if r["cer"] > r["raw_cer"] + 0.01]
    if not worse:
        lines.append("None.")
    for r in worse:
        lines.append(f"- {r['file']} p{r['number']} ({', '.join(r['truth']['degradations'])}): "
                     f"CER raw {r['raw_cer']:.4f} -> cleaned {r['cer']:.4f}; words missed "
                     f"{r['raw_words']:.4f} -> {r['words']:.4f}")
    lines += clean_report([r for r in all_rows if r.get("clean") and "cer" in r])
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=60, help="pages to generate (at least 50 recommended)")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--citizens", type=int, default=6)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--batch-dir", type=Path, help="keep the generated batch here")
    parser.add_argument("--clean", type=int, default=12, help="clean rendered pages scored apart")
    args = parser.parse_args(argv)

    from external.tesseract import version
    from samples.batch import generate_batch

    with tempfile.TemporaryDirectory(prefix="hoso-cleanup-bench-") as tmp:
        batch_dir = args.batch_dir or Path(tmp)
        batch_dir.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        truth = generate_batch(batch_dir, seed=args.seed, citizens=args.citizens, pages_target=args.pages)
        jobs = _jobs(batch_dir, truth) + _clean_jobs(batch_dir / "clean", args.clean, args.seed)
        print(f"{len(jobs)} pages generated in {time.perf_counter() - started:.0f} s; measuring ...", file=sys.stderr)
        rows = []
        with ProcessPoolExecutor(max_workers=args.workers) as pool:
            for i, row in enumerate(pool.map(_page_job, jobs), 1):
                rows.append(row)
                if i % 10 == 0:
                    print(f"  {i}/{len(jobs)} pages", file=sys.stderr)
    meta = {"seed": args.seed, "citizens": args.citizens, "pages": args.pages, "files": len(truth.files),
            "clean": args.clean,
            "tesseract": version(), "workers": args.workers,
            "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
            "date": time.strftime("%Y-%m-%d")}
    markdown = report(rows, meta)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "cleanup.md").write_text(markdown, encoding="utf-8")
    (OUT / "cleanup.json").write_text(json.dumps({"meta": meta, "pages": rows}, ensure_ascii=False, indent=1,
                                                 default=float), encoding="utf-8")
    print(markdown)
    print(f"total {time.perf_counter() - started:.0f} s; written to {OUT / 'cleanup.md'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
