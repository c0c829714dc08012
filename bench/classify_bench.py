"""Classification and linking benchmark on rendered, scanned and OCRed sample pages.

    python bench/classify_bench.py [--seed 2026] [--pages 200] [--jobs 2]

A batch from `samples.batch.generate_batch` with a seed (and so people) the base model is
not trained on is rendered into bench/out/, every page goes through the real page worker
(decode, cleanup, Tesseract vie, QR codes) once, and the page outcomes are cached in
bench/out/pages-<seed>.jsonl, so reruns only redo classification, assembly and linking.

Prints per-type precision/recall/F1 and macro-F1 of the document type (documents matched
to the ground truth by their first page), the same with the OCR text stripped of
diacritics, documents linked to the wrong citizen, and the share of documents that carry
their owner's ID that were linked automatically.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from classify.taxonomy import load_taxonomy  # noqa: E402
from cleanup import load_profile  # noqa: E402
from ingest import open_source  # noqa: E402
from ocr.models import OcrOptions  # noqa: E402
from pipeline.models import IngestOptions, PageOutcome  # noqa: E402
from pipeline.page_worker import PageJob, failed_page, process_page  # noqa: E402
from pipeline.pool import PagePool  # noqa: E402
from samples.batch import generate_batch  # noqa: E402
from samples.models import GroundTruth  # noqa: E402
from vntext import fold  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"


def batch(seed: int, pages: int) -> tuple[Path, GroundTruth]:
    folder = OUT / f"classify-batch-{seed}-{pages}"
    if not (folder / "ground_truth.json").is_file():
        generate_batch(folder, seed=seed, citizens=4, pages_target=pages)
    return folder, GroundTruth.load(folder)


def read_page_cache(cache: Path) -> dict[str, list[PageOutcome]]:
    """{file: its page outcomes} from a JSONL cache of OCRed files (empty when there is none)."""
    rows = [json.loads(line) for line in cache.read_text(encoding="utf-8").splitlines()] if cache.is_file() else []
    return {r["file"]: [PageOutcome.model_validate(p) for p in r["pages"]] for r in rows}


def ocr_file(pool: PagePool, path: Path, profile) -> list[PageOutcome]:
    """Every page of one file through the real page worker (decode, cleanup, Tesseract, codes)."""
    _, tasks = open_source(path)
    page_jobs = (PageJob(task=t, profile=profile, ocr=OcrOptions()) for t in tasks)
    return list(pool.map_ordered(process_page, page_jobs, failed_page))


def cache_file(sink, name: str, outcomes: list[PageOutcome]) -> None:
    """One OCRed file appended to the open JSONL cache, flushed: a killed run keeps it."""
    sink.write(json.dumps({"file": name, "pages": [o.model_dump() for o in outcomes]}, ensure_ascii=False) + "\n")
    sink.flush()


def ocr_pages(folder: Path, truth: GroundTruth, jobs: int) -> dict[str, list[PageOutcome]]:
    cache = OUT / f"pages-{folder.name}.jsonl"
    done = read_page_cache(cache)
    profile = load_profile("default")
    started = time.perf_counter()
    with PagePool(jobs, 300) as pool, cache.open("a", encoding="utf-8") as sink:
        for index, file in enumerate(truth.files, 1):
            if file.name in done:
                continue
            done[file.name] = ocr_file(pool, folder / file.name, profile)
            cache_file(sink, file.name, done[file.name])
            print(f"  OCR {index}/{len(truth.files)} {file.name} ({time.perf_counter() - started:.0f} s)",
                  file=sys.stderr)
    return done


def _cached(folder: Path) -> dict[str, list[PageOutcome]]:
    return read_page_cache(OUT / f"pages-{folder.name}.jsonl")


def evaluate(truth: GroundTruth, pages: dict[str, list[PageOutcome]], strip: bool) -> dict:
    from classify.card_match import CardOnFile
    from classify.metrics import scores
    from pipeline.ingest_run import analyse_file_fields

    taxonomy = load_taxonomy()
    gold, predicted = [], []
    wrong, owner_docs, owner_linked, split_errors = [], 0, 0, 0
    on_file: list[CardOnFile] = []  # ID cards linked in earlier files, as the catalogue holds them
    for file in truth.files:
        if file.name not in pages:  # not OCRed yet (an interrupted first run)
            continue
        outcomes = pages[file.name]
        if strip:
            outcomes = [o.model_copy(update={"text": fold(o.text), "words_json": "[]"}) for o in outcomes]
        analysed = analyse_file_fields(outcomes, IngestOptions(), taxonomy, on_file=on_file)
        documents = [d for d, _ in analysed]
        on_file += _cards(analysed)
        by_first = {d.pages[0].number if not d.pages[0].is_blank else next(
            (p.number for p in d.pages if not p.is_blank), d.pages[0].number): d for d in documents}
        for doc in file.documents:
            found = by_first.get(doc.pages[0])
            got_pages = [p.number for p in found.pages if not p.is_blank] if found else []
            if got_pages != doc.pages:
                split_errors += 1
            gold.append(doc.doc_type)
            predicted.append(found.doc_type if found else "khac")
            if found is None:
                continue
            if found.citizen_id and found.citizen_id != doc.owner_citizen_id:
                wrong.append((file.name, doc.pages[0], found.citizen_id, doc.owner_citizen_id))
            if doc.owner_citizen_id and doc.owner_citizen_id in doc.ids_on_document:
                owner_docs += 1
                owner_linked += found.citizen_id == doc.owner_citizen_id and found.link_status == "linked"
    result = scores(gold, predicted)
    result.update(wrong_citizen=len(wrong), wrong_examples=wrong[:5], owner_id_documents=owner_docs,
                  owner_linked=owner_linked, split_errors=split_errors, documents=len(gold))
    return result


def _cards(analysed) -> list:
    """Cards linked in this file, with the name and birth date their fields give."""
    from classify.card_match import CardOnFile

    cards = []
    for doc, fields in analysed:
        by = {f.name: f.value for f in fields}
        # as pipeline.field_store.cards_on_file: only a card that states that ID itself
        own_id = next((f for f in fields if f.name == "citizen_id" and f.source not in ("operator", "cover")), None)
        if doc.doc_type in ("cccd", "cmnd") and doc.link_status == "linked" and doc.citizen_id \
                and own_id is not None and own_id.value == doc.citizen_id \
                and by.get("full_name") and by.get("birth_date"):
            cards.append(CardOnFile(citizen_id=doc.citizen_id, full_name=by["full_name"], birth_date=by["birth_date"]))
    return cards


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--ocr-only", action="store_true")
    parser.add_argument("--cached-only", action="store_true", help="score only the files already OCRed")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    folder, truth = batch(args.seed, args.pages)
    pages = ocr_pages(folder, truth, args.jobs) if not args.cached_only else _cached(folder)
    total = sum(len(v) for v in pages.values())
    print(f"batch seed {args.seed}: {len(truth.files)} files, {total} pages, {len(truth.documents())} documents")
    if args.ocr_only:
        return
    from classify.metrics import report_lines

    for label, strip in (("OCR text (vie)", False), ("diacritics stripped", True)):
        result = evaluate(truth, pages, strip)
        print(f"\n== {label}")
        for line in report_lines(result):
            print(line)
        share = result["owner_linked"] / result["owner_id_documents"] if result["owner_id_documents"] else float("nan")
        print(f"split errors: {result['split_errors']} of {result['documents']} documents")
        print(f"linked to the wrong citizen: {result['wrong_citizen']} {result['wrong_examples']}")
        print(f"owner's ID on it, linked automatically: {result['owner_linked']}/{result['owner_id_documents']}"
              f" = {share:.3f}")


if __name__ == "__main__":
    main()
