"""`hoso classify train` and `hoso classify eval`: the catalogue's labelled documents in,
the data folder's trained type model (or scores) out. The label policy, the split and the
training are in classify/training.py; this module reads the catalogue and writes the model.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from pydantic import BaseModel

from catalogue import reviews as review_rows
from catalogue import training as training_rows
from catalogue.database import exists
from catalogue.store import Catalogue
from classify import training
from classify.model import load_base_examples, save_trained, sources_hash
from classify.taxonomy import load_taxonomy
from pipeline.datadir import DataDir
from pipeline.review import retype_labels

Progress = Callable[[str], None]


class TrainingError(ValueError):
    """Nothing to train on or evaluate (message for the operator)."""


class TrainReport(BaseModel):
    model_path: str
    base_pages: int
    labelled_documents: int
    labelled_pages: int
    per_type: dict[str, dict[str, int]]  # type -> label source -> documents
    skipped: dict[str, int]  # why documents were not labels -> count
    seconds: float


class EvalReport(BaseModel):
    status: str  # "ok" or "too_few_labels"
    message: str
    labelled_documents: int
    training_documents: int
    held_back_documents: int
    min_held_back: int
    per_type_labels: dict[str, dict[str, int]]
    vie: dict | None = None  # metrics.scores() of the OCR text as stored
    stripped: dict | None = None  # the same with diacritics removed (--stripped)


def _quiet(_: str) -> None:
    pass


def read_labels(data: DataDir) -> training.LabelSet:
    """The catalogue's labelled documents (classify/training.py says what counts as a label)."""
    if not exists(data.catalogue):
        raise TrainingError(f"no catalogue in {data.root}: ingest documents first")
    with Catalogue(data.catalogue) as catalogue, catalogue.read() as c:
        retyped = retype_labels(catalogue)
        reviewed = review_rows.link_decided(c)
        texts = training_rows.page_texts(c)
        documents = [
            training.CatalogueDocument(id=r["id"], doc_type=r["doc_type"], type_confidence=r["type_confidence"],
                                       link_status=r["link_status"], pages=texts.get(r["id"], []))
            for r in training_rows.document_types(c)
        ]
    return training.label_documents(documents, retyped, reviewed, load_taxonomy())


def train_from_catalogue(data: DataDir, progress: Progress = _quiet) -> TrainReport:
    """Retrain on the base examples plus every labelled document; the data folder's ingests
    use the written model from then on (classify.model.load_model)."""
    started = time.perf_counter()
    labels = read_labels(data)
    if not labels.documents:
        raise TrainingError(f"no labelled documents in {data.catalogue} (confirm or retype documents in "
                            f"`hoso review`, or ingest documents that link with a confident type): "
                            "the base model stays in use")
    progress("base examples (rendered sample pages; cached after the first run)")
    base = load_base_examples(data.root)
    progress(f"training on {len(base[0])} base pages + {labels.pages} pages of {len(labels.documents)} "
             "labelled documents")
    model = training.train(base, labels.documents, sources_hash())
    path = save_trained(model, data.root)
    return TrainReport(model_path=str(path), base_pages=len(base[0]), labelled_documents=len(labels.documents),
                       labelled_pages=labels.pages, per_type=labels.counts(), skipped=labels.skipped,
                       seconds=round(time.perf_counter() - started, 1))


def evaluate_catalogue(data: DataDir, stripped: bool = False, min_held_back: int = training.MIN_HELD_BACK,
                       progress: Progress = _quiet) -> EvalReport:
    """Scores on the held-back labelled documents of a model trained on the rest (nothing is written)."""
    labels = read_labels(data)
    train_docs, held = training.split(labels)
    report = EvalReport(status="ok", message="", labelled_documents=len(labels.documents),
                        training_documents=len(train_docs), held_back_documents=len(held),
                        min_held_back=min_held_back, per_type_labels=labels.counts())
    if len(held) < min_held_back:
        return report.model_copy(update={"status": "too_few_labels", "message": (
            f"too few labelled documents to evaluate: {len(labels.documents)} labelled, {len(held)} held back "
            f"(one in {training.HELD_BACK_EVERY} by id) of {len({d.doc_type for d in held})} type(s); "
            f"at least {min_held_back} held-back documents are needed for figures that mean something. Confirm or retype documents in `hoso review` to add labels.")})
    progress("base examples (rendered sample pages; cached after the first run)")
    base = load_base_examples(data.root)
    progress(f"training on {len(base[0])} base pages + {len(train_docs)} labelled documents; "
             f"scoring {len(held)} held-back documents")
    model = training.train(base, train_docs, sources_hash())
    taxonomy = load_taxonomy()
    vie = training.evaluate(model, held, taxonomy)
    strip = training.evaluate(model, held, taxonomy, strip=True) if stripped else None
    return report.model_copy(update={
        "vie": vie, "stripped": strip,
        "message": f"{len(held)} held-back documents, model trained on the other {len(train_docs)} "
                   f"labelled documents and {len(base[0])} base pages"})


def train_lines(report: TrainReport) -> list[str]:
    lines = [f"trained on {report.base_pages} base pages + {report.labelled_pages} pages of "
             f"{report.labelled_documents} labelled documents ({report.seconds:.0f} s)",
             f"{'type':32} {'docs':>5}  from"]
    for doc_type, by_source in report.per_type.items():
        sources = ", ".join(f"{n} {s}" for s, n in by_source.items())
        lines.append(f"{doc_type:32} {sum(by_source.values()):5d}  {sources}")
    for why, n in report.skipped.items():
        lines.append(f"not used: {n} document(s), {why}")
    lines.append(f"wrote {report.model_path}: the next `hoso ingest` into this data folder uses it")
    return lines


def eval_lines(report: EvalReport) -> list[str]:
    from classify.metrics import report_lines

    lines = [report.message]
    for label, result in (("OCR text", report.vie), ("diacritics stripped", report.stripped)):
        if result is not None:
            lines += ["", f"== {label}", *report_lines(result)]
    return lines
