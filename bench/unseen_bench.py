"""Generalisation benchmark: hoso on two families of scanned dossiers, side by side.

    python bench/unseen_bench.py [--families samples,heldout] [--jobs 2] [--seed-samples 2026]
        [--seed-heldout 16] [--pages 200] [--heldout-pages 100] [--dossiers 12] [--json OUT]

`samples` is a batch of `hoso samples` (samples.batch.generate_batch, people the base model
was not trained on); `heldout` is the family of evalset/ (evalset.family.make_family), made
by another code path that nothing in the product is fitted on. Each family is written into
bench/out/unseen-<family>-<seed>-<size>-<generator sources hash>/, every page goes once through
the real page worker (decode, cleanup, Tesseract vie, QR codes) and the outcomes are cached
in bench/out/pages-unseen-<same key>.jsonl, so reruns only redo the analysis.

Printed per family, a column each: document-type macro-F1 and per-type F1 (documents
paired with the truth by their first page), split errors, calibration of the type
confidence (ECE over 10 bins, a reliability table, a PNG diagram in bench/out/), linking in
three runs of `pipeline.ingest_run.analyse_file_fields` — (a) no operator ID, (b) the
file's own applicant as operator ID, (c) another applicant's ID — and OCR: pooled CER over
all / upright / rotated / phone-photo pages and the share of pages whose printed 12-digit ID
hoso read (OCR text, QR, MRZ). The targets of issue 16 stand beside the held-out column.
Cards linked in earlier files are on file for later ones, as in the catalogue.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import scoring  # noqa: E402
from bench.scoring import FoundDoc, PageRead, Pair  # noqa: E402
from samples.models import FileTruth, GroundTruth  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"
FAMILIES = ("samples", "heldout")


@dataclass
class Family:
    name: str  # "samples" / "heldout"
    key: str  # cache key: family, seed and size
    folder: Path
    truth: GroundTruth
    applicant: Callable[[FileTruth], str | None]  # the dossier citizen a file belongs to


# --- the families -------------------------------------------------------------------------


def sources_tag(package: str) -> str:
    """A short hash of a generator package's Python sources: a changed generator writes
    its family (and OCRs it) anew instead of scoring stale pages against new truth."""
    import hashlib

    digest = hashlib.sha256()
    root = Path(__file__).resolve().parents[1] / package
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:8]


def samples_family(seed: int, pages: int) -> Family:
    from samples.batch import generate_batch

    key = f"samples-{seed}-{pages}-{sources_tag('samples')}"
    folder = OUT / f"unseen-{key}"
    if not (folder / "ground_truth.json").is_file():
        print(f"writing the samples family (seed {seed}, ~{pages} pages) into {folder}", file=sys.stderr)
        generate_batch(folder, seed=seed, citizens=4, pages_target=pages)
    truth = GroundTruth.load(folder)
    return Family("samples", key, folder, truth, lambda f: scoring.samples_file_applicant(f, truth.applicants))


def heldout_family(seed: int, dossiers: int, pages: int) -> Family | None:
    """The evalset family, or None (said on stdout) while evalset.family cannot be imported."""
    try:
        from evalset.family import file_applicant, make_family
    except Exception as error:  # not merged yet, or broken: the samples side still runs
        print(f"held-out family: not measured, evalset.family does not import ({type(error).__name__}: {error})")
        return None
    key = f"heldout-{seed}-{dossiers}-{pages}-{sources_tag('evalset')}"
    folder = OUT / f"unseen-{key}"
    if not (folder / "ground_truth.json").is_file():
        print(f"writing the held-out family (seed {seed}, {dossiers} dossiers, ~{pages} pages) into {folder}",
              file=sys.stderr)
        import inspect

        say = {"progress": lambda message: print(f"  {message}", file=sys.stderr)} \
            if "progress" in inspect.signature(make_family).parameters else {}
        try:
            make_family(folder, seed, dossiers=dossiers, pages_target=pages, **say)
        except Exception as error:  # a broken generator must not cost the samples side its figures
            print(f"held-out family: not measured, make_family failed ({type(error).__name__}: {error})")
            return None
    truth = GroundTruth.load(folder)
    return Family("heldout", key, folder, truth, lambda f: file_applicant(truth, f))


# --- OCR once, cached ----------------------------------------------------------------------


def cache_path(family: Family) -> Path:
    return OUT / f"pages-unseen-{family.key}.jsonl"


def cached_pages(family: Family) -> dict:
    from bench.classify_bench import read_page_cache

    return read_page_cache(cache_path(family))


def ocr_pages(family: Family, jobs: int) -> dict:
    """Every page of the family through the real page worker, once; progress with an ETA."""
    from bench.classify_bench import cache_file, ocr_file
    from cleanup import load_profile
    from pipeline.pool import PagePool

    done = cached_pages(family)
    todo = [f for f in family.truth.files if f.name not in done]
    if not todo:
        return done
    total = sum(len(f.pages) for f in todo)
    profile = load_profile("default")
    started, pages_done = time.perf_counter(), 0
    with PagePool(jobs, 300) as pool, cache_path(family).open("a", encoding="utf-8") as sink:
        for file in todo:
            outcomes = ocr_file(pool, family.folder / file.name, profile)
            done[file.name] = outcomes
            cache_file(sink, file.name, outcomes)
            pages_done += len(outcomes)
            elapsed = time.perf_counter() - started
            eta = elapsed / pages_done * (total - pages_done)
            print(f"  {family.name} OCR {pages_done}/{total} pages, {file.name}: {elapsed:.0f} s,"
                  f" ETA {eta / 60:.1f} min", file=sys.stderr)
    return done


# --- analysis: three linking runs ---------------------------------------------------------


def found_doc(record) -> FoundDoc:
    pages, first = scoring.non_blank_pages((p.number, p.is_blank) for p in record.pages)
    return FoundDoc(pages=pages, first_page=first,
                    doc_type=record.doc_type, confidence=record.type_confidence,
                    citizen_id=record.citizen_id, link_status=record.link_status,
                    reason_code=record.link_reason_code.code if record.link_reason_code else None)


def analyse_run(family: Family, pages: dict, citizen_for: dict[str, str] | None,
                history: list | None = None) -> list[Pair]:
    """One ingest of every OCRed file (all files, or only those `citizen_for` gives an ID),
    in the family's order, cards linked in earlier files on file for later ones (and the
    cards of `history`, an earlier intake's, from the start). `history`, when a list, also
    receives the cards this run links."""
    from bench.classify_bench import _cards as cards_linked
    from classify.taxonomy import load_taxonomy
    from pipeline.ingest_run import analyse_file_fields
    from pipeline.models import IngestOptions

    taxonomy = load_taxonomy()
    on_file: list = list(history or [])
    pairs: list[Pair] = []
    for file in family.truth.files:
        if file.name not in pages or (citizen_for is not None and file.name not in citizen_for):
            continue
        options = IngestOptions(citizen_id=citizen_for[file.name]) if citizen_for is not None else IngestOptions()
        analysed = analyse_file_fields(pages[file.name], options, taxonomy, on_file=on_file)
        linked = cards_linked(analysed)
        on_file += linked
        if history is not None:
            history += linked
        pairs += scoring.pair_documents(file.name, file.documents, [found_doc(d) for d, _ in analysed])
    return pairs


def page_reads(family: Family, pages: dict) -> list[PageRead]:
    from classify.citizen_id import find_citizen_ids
    from pipeline.card_reading import read_card_codes

    reads = []
    for file in family.truth.files:
        by_number = {o.number: o for o in pages.get(file.name, [])}
        for page in file.pages:
            outcome = by_number.get(page.number)
            if outcome is None:
                continue
            ids = {c.value for c in find_citizen_ids(outcome.text) if c.kind == "cccd"}
            own, _ = read_card_codes(outcome.codes, outcome.text)  # QR and MRZ, as the pipeline reads them
            ids |= set(own["qr"]) | set(own["mrz"])
            reads.append(PageRead(file.name, page, outcome.text, ids))
    return reads


def known_ids(truth: GroundTruth) -> set[str]:
    people = {c.citizen_id for c in truth.citizens}
    return people | {i for _, d in truth.documents() for i in d.ids_on_document}


def evaluate(family: Family, pages: dict) -> dict:
    started = time.perf_counter()
    applicants = {f.name: family.applicant(f) for f in family.truth.files if f.name in pages}
    given = {name: a for name, a in applicants.items() if a}
    typed = scoring.mistyped_ids(applicants)
    print(f"  {family.name}: analysing ({len(pages)} files, 3 linking runs)", file=sys.stderr)
    plain = analyse_run(family, pages, None)
    earlier: list = []  # the cards the right-ID intake linked: what a centre holds from earlier visits
    right = analyse_run(family, pages, given, earlier)
    wrong = analyse_run(family, pages, typed)
    wrong_known = analyse_run(family, pages, typed, [c for c in earlier])
    reads = page_reads(family, pages)
    result = {
        "family": family.name, "key": family.key, "seed": family.truth.seed,
        "files": len(pages), "pages": sum(len(v) for v in pages.values()),
        "files_with_applicant": len(given), "files_without_applicant": len(applicants) - len(given),
        "type": scoring.type_figures(plain),
        "calibration": scoring.calibration_figures(plain),
        "linking_no_id": scoring.owner_id_linking(plain),
        "linking_operator": scoring.operator_linking(right, given),
        "linking_mistyped": scoring.mistyped_linking(wrong, typed),
        "linking_mistyped_cards_on_file": scoring.mistyped_linking(wrong_known, typed),
        "cer": scoring.cer_figures(reads),
        "id_read": scoring.id_read_figures(reads, known_ids(family.truth)),
    }
    print(f"  {family.name}: analysed in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return result


# --- report -----------------------------------------------------------------------------


def _fmt(value, kind: str = "f3") -> str:
    if value is None:
        return "—"
    if kind == "int":
        return str(value)
    return f"{value:.3f}"


def _of(part, whole) -> str:
    return f"{part}/{whole}" if whole else "—"


def summary_rows(results: dict[str, dict]) -> list[tuple[str, str, dict[str, str]]]:
    """(label, target path or "", {family: cell}) for the side-by-side table."""
    def cells(get: Callable[[dict], str]) -> dict[str, str]:
        return {name: get(r) for name, r in results.items()}

    rows = [
        ("files / pages / documents", "", cells(lambda r: f"{r['files']} / {r['pages']} / {r['type']['documents']}")),
        ("type macro-F1", "type.macro_f1", cells(lambda r: _fmt(r["type"]["macro_f1"]))),
        ("weakest type F1", "type.min_type_f1", cells(lambda r: _fmt(r["type"]["min_type_f1"]))),
        ("split errors (documents)", "", cells(lambda r: _of(r["type"]["split_errors"], r["type"]["documents"]))),
        ("type confidence ECE (10 bins)", "", cells(lambda r: _fmt(r["calibration"]["ece"]))),
        ("(a) no ID: owner's ID on it, linked", "linking_no_id.share",
         cells(lambda r: f"{_of(r['linking_no_id']['owner_linked'], r['linking_no_id']['owner_id_documents'])}"
                         f" = {_fmt(r['linking_no_id']['share'])}")),
        ("(a) no ID: wrong links", "linking_no_id.wrong_links",
         cells(lambda r: _fmt(r["linking_no_id"]["wrong_links"], "int"))),
        ("(a) no ID: linked to a non-owner party", "",
         cells(lambda r: _fmt(r["linking_no_id"]["linked_not_owner"] - r["linking_no_id"]["wrong_links"], "int"))),
        ("(b) right ID: citizen's docs linked to them", "linking_operator.share",
         cells(lambda r: f"{_of(r['linking_operator']['linked_to_citizen'], r['linking_operator']['citizen_documents'])}"
                         f" = {_fmt(r['linking_operator']['share'])}")),
        ("(b) right ID: citizen's docs in review", "",
         cells(lambda r: _fmt(r["linking_operator"]["in_review"], "int"))),
        ("(b) right ID: wrong links (to the given ID)", "linking_operator.wrong_links",
         cells(lambda r: f"{r['linking_operator']['wrong_links']} ({r['linking_operator']['wrong_links_to_given_id']})")),
        ("(c) mistyped ID: wrong links", "linking_mistyped.wrong_links",
         cells(lambda r: _fmt(r["linking_mistyped"]["wrong_links"], "int"))),
        ("(c') mistyped ID, the citizens' cards on file: wrong links", "linking_mistyped_cards_on_file.wrong_links",
         cells(lambda r: _fmt(r["linking_mistyped_cards_on_file"]["wrong_links"], "int"))),
        ("(c) mistyped ID: documents in review", "",
         cells(lambda r: _of(r["linking_mistyped"]["in_review"], r["linking_mistyped"]["documents"]))),
    ]
    for group, path in (("all", "cer.all.cer"), ("upright", "cer.upright.cer"),
                        ("rotated", "cer.rotated.cer"), ("phone", "cer.phone.cer")):
        rows.append((f"CER {group} pages", path,
                     cells(lambda r, g=group: f"{_fmt(r['cer'][g]['cer'])} ({r['cer'][g]['pages']} p)")))
    rows.append(("12-digit ID read (pages)", "id_read.rate",
                 cells(lambda r: f"{_of(r['id_read']['pages_read'], r['id_read']['pages_printing_id'])}"
                                 f" = {_fmt(r['id_read']['rate'])}")))
    return rows


def target_cell(results: dict[str, dict], path: str) -> str:
    if not path:
        return ""
    comparison, bound = scoring.TARGETS[path]
    text = f"{comparison} {bound:g}"
    if "heldout" not in results:
        return text
    met = scoring.target_met(scoring.figure(results["heldout"], path), comparison, bound)
    return f"{text} {'—' if met is None else 'PASS' if met else 'FAIL'}"


def report(results: dict[str, dict]) -> list[str]:
    names = list(results)
    width = 44
    lines = ["", "== Generalisation: " + " | ".join(names),
             f"{'measure':{width}} " + " ".join(f"{n:>22}" for n in names) + "   target (held-out)"]
    for label, path, cells in summary_rows(results):
        lines.append(f"{label:{width}} " + " ".join(f"{cells[n]:>22}" for n in names) + "   "
                     + target_cell(results, path))
    lines += ["", "per-type F1 (support)"]
    types = sorted({t for r in results.values() for t in r["type"]["per_type"]})
    for t in types:
        row = []
        for n in names:
            v = results[n]["type"]["per_type"].get(t)
            row.append(f"{v['f1']:.2f} ({v['support']})" if v and v["support"] else "—")
        lines.append(f"  {t:{width - 2}} " + " ".join(f"{c:>22}" for c in row))
    from classify.metrics import report_lines

    for n in names:
        lines += ["", f"== {n}: confusion", *report_lines(results[n]["type"])[len(results[n]["type"]["per_type"]) + 2:]]
        lines += [f"== {n}: reliability of the type confidence (ECE {results[n]['calibration']['ece']:.3f},"
                  f" {results[n]['calibration']['documents']} documents)",
                  f"  {'bin':>9} {'count':>6} {'mean conf':>10} {'accuracy':>9}"]
        for b in results[n]["calibration"]["bins"]:
            lines.append(f"  {b['low']:.1f}-{b['high']:.1f}  {b['count']:6d} {_fmt(b['mean_confidence']):>10}"
                         f" {_fmt(b['accuracy']):>9}")
        op, typo = results[n]["linking_operator"], results[n]["linking_mistyped"]
        lines.append(f"== {n}: linking")
        lines.append(f"  (b) in review by reason: {op['review_reasons']}")
        lines.append(f"  (c) in review by reason: {typo['review_reasons']}")
        for label, key in (("(a)", "linking_no_id"), ("(b)", "linking_operator"), ("(c)", "linking_mistyped"), ("(c')", "linking_mistyped_cards_on_file")):
            for example in results[n][key]["wrong_examples"]:
                lines.append(f"  {label} wrong link: {example}")
        lines.append(f"== {n}: OCR")
        lines.append(f"  worst pages: {results[n]['cer']['worst']}")
        for miss in results[n]["id_read"]["misses"]:
            lines.append(f"  ID not read: {miss['file']} p{miss['page']} ({miss['group']}) missing {miss['missing']}"
                         f" read {miss['read']}")
    return lines


def reliability_png(results: dict[str, dict], path: Path) -> Path | None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("reliability diagram: matplotlib is not installed, no PNG written")
        return None
    figure, axes = plt.subplots(1, len(results), figsize=(5 * len(results), 5), squeeze=False)
    for axis, (name, result) in zip(axes[0], results.items()):
        bins = [b for b in result["calibration"]["bins"] if b["count"]]
        axis.plot([0, 1], [0, 1], linestyle="--", color="grey", label="perfect calibration")
        axis.bar([(b["low"] + b["high"]) / 2 for b in bins], [b["accuracy"] for b in bins], width=0.09,
                 alpha=0.6, edgecolor="black", label="accuracy")
        axis.plot([b["mean_confidence"] for b in bins], [b["accuracy"] for b in bins], "o", color="C1",
                  label="(mean confidence, accuracy) per bin")
        for b in bins:
            axis.annotate(str(b["count"]), ((b["low"] + b["high"]) / 2, b["accuracy"]), ha="center",
                          va="bottom", fontsize=8)
        axis.set(xlim=(0, 1), ylim=(0, 1.05), xlabel="type confidence", ylabel="share typed right",
                 title=f"{name}: ECE {result['calibration']['ece']:.3f}")
        axis.legend(loc="upper left", fontsize=8)
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=100)
    plt.close(figure)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", default="samples,heldout", help="comma-separated: samples, heldout")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed-samples", type=int, default=2026)
    parser.add_argument("--seed-heldout", type=int, default=16)
    parser.add_argument("--pages", type=int, default=200, help="pages of the samples family")
    parser.add_argument("--heldout-pages", type=int, default=100, help="pages of the held-out family")
    parser.add_argument("--dossiers", type=int, default=12, help="dossiers of the held-out family")
    parser.add_argument("--cached-only", action="store_true", help="score only the files already OCRed")
    parser.add_argument("--json", type=Path, help="write every figure to this file")
    args = parser.parse_args(argv)
    chosen = [f.strip() for f in args.families.split(",") if f.strip()]
    unknown = [f for f in chosen if f not in FAMILIES]
    if unknown:
        parser.error(f"unknown families {unknown}; choose from {', '.join(FAMILIES)}")
    OUT.mkdir(parents=True, exist_ok=True)
    families = []
    if "samples" in chosen:
        families.append(samples_family(args.seed_samples, args.pages))
    if "heldout" in chosen:
        heldout = heldout_family(args.seed_heldout, args.dossiers, args.heldout_pages)
        families += [heldout] if heldout else []
    results: dict[str, dict] = {}
    for family in families:
        pages = cached_pages(family) if args.cached_only else ocr_pages(family, args.jobs)
        results[family.name] = evaluate(family, pages)
    if not results:
        print("nothing measured")
        return 1
    for line in report(results):
        print(line)
    png = reliability_png(results, OUT / "unseen-reliability.png")
    if png:
        print(f"\nreliability diagram: {png}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        payload = {"families": results,
                   "targets": {path: {"comparison": c, "bound": b} for path, (c, b) in scoring.TARGETS.items()},
                   "heldout_targets_met": {path: scoring.target_met(scoring.figure(results["heldout"], path), c, b)
                                           for path, (c, b) in scoring.TARGETS.items()} if "heldout" in results else None,
                   "reliability_png": str(png) if png else None}
        args.json.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"figures written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
