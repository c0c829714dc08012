"""Labels from the catalogue for the type model, the held-back split, retraining and its
evaluation (pure: rows in, models and scores out; pipeline/type_training.py does the I/O).

What counts as a label (the type of a document we trust):
- an officer's retype decision in review: the type the officer last gave it (it overrides
  the type stored at ingest);
- a document an officer confirmed or relinked in review: the officer saw its type and kept it;
- a document linked at ingest with a type confidence of at least CONFIDENT.
Never a label: documents waiting for review, types below CONFIDENT, the fallback type
(`khac` is "no type recognised", not a kind of paper), types no longer in the taxonomy.
Each non-blank page with text of a labelled document is one training example, as the base
model's examples are pages.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from typing import Literal

from pydantic import BaseModel, Field

from classify.combine import combine
from classify.metrics import scores
from classify.model import TypeModel, fit
from classify.taxonomy import Taxonomy
from classify.titles import classify_page
from vntext import fold

CONFIDENT = 0.9  # a type the classifier was this sure of, on a document linked without review
HELD_BACK_EVERY = 5  # one labelled document in five (by id hash) is held back for `eval`
MIN_HELD_BACK = 20  # fewer held-back documents than this give no meaningful figures
# An officer's decision is rare and exactly where the model needs to learn: it weighs as
# much as several synthetic pages. Confident ingests are the model's own agreement.
WEIGHTS = {"retype": 5.0, "review": 3.0, "confident": 1.0, "base": 1.0}

LabelSource = Literal["retype", "review", "confident"]


class CatalogueDocument(BaseModel):
    """What the catalogue holds about one document, as the label policy needs it."""

    id: str
    doc_type: str
    type_confidence: float
    link_status: str
    pages: list[str] = Field(default_factory=list)  # non-blank page texts, in page order


class LabelledDocument(BaseModel):
    id: str
    doc_type: str
    source: LabelSource
    pages: list[str]


class LabelSet(BaseModel):
    documents: list[LabelledDocument]
    skipped: dict[str, int] = Field(default_factory=dict)  # why documents were not labels -> count

    def counts(self) -> dict[str, dict[str, int]]:
        """type -> label source -> documents."""
        out: dict[str, Counter] = {}
        for doc in self.documents:
            out.setdefault(doc.doc_type, Counter())[doc.source] += 1
        return {k: dict(sorted(v.items())) for k, v in sorted(out.items())}

    @property
    def pages(self) -> int:
        return sum(len(d.pages) for d in self.documents)


def label_documents(documents: list[CatalogueDocument], retyped: dict[str, str], reviewed: set[str],
                    taxonomy: Taxonomy) -> LabelSet:
    """The trusted types among the catalogue's documents (the policy in the module docstring)."""
    labelled, skipped = [], Counter()
    for doc in sorted(documents, key=lambda d: d.id):
        if doc.id in retyped:
            doc_type, source = retyped[doc.id], "retype"
        elif doc.id in reviewed:
            doc_type, source = doc.doc_type, "review"
        elif doc.link_status == "linked" and doc.type_confidence >= CONFIDENT:
            doc_type, source = doc.doc_type, "confident"
        else:
            skipped["waiting for review" if doc.link_status == "review" else "type not confident"] += 1
            continue
        if doc_type == taxonomy.fallback:
            skipped[f"type {taxonomy.fallback} (no type)"] += 1
        elif doc_type not in taxonomy.types:
            skipped["type no longer in the taxonomy"] += 1
        elif not doc.pages:
            skipped["no text"] += 1
        else:
            labelled.append(LabelledDocument(id=doc.id, doc_type=doc_type, source=source, pages=doc.pages))
    return LabelSet(documents=labelled, skipped=dict(sorted(skipped.items())))


def is_held_back(doc_id: str) -> bool:
    """Deterministic and stable as the catalogue grows: a document never changes side."""
    return int(hashlib.sha256(doc_id.encode()).hexdigest()[:8], 16) % HELD_BACK_EVERY == 0


def split(labels: LabelSet) -> tuple[list[LabelledDocument], list[LabelledDocument]]:
    """(training documents, held-back documents)."""
    train = [d for d in labels.documents if not is_held_back(d.id)]
    held = [d for d in labels.documents if is_held_back(d.id)]
    return train, held


def labels_digest(documents: list[LabelledDocument]) -> str:
    digest = hashlib.sha256()
    for doc in documents:
        digest.update(f"{doc.id}\0{doc.doc_type}\0{doc.source}\0".encode())
        for text in doc.pages:
            digest.update(text.encode() + b"\0")
    return digest.hexdigest()[:16]


def train(base: tuple[list[str], list[str]], documents: list[LabelledDocument], sources: str) -> TypeModel:
    """The base examples plus every page of the labelled documents, weighted by source.

    Deterministic: examples in a fixed order (documents sorted by id), a deterministic solver.
    """
    texts, labels = list(base[0]), list(base[1])
    weights = [WEIGHTS["base"]] * len(texts)
    for doc in sorted(documents, key=lambda d: d.id):
        for text in doc.pages:
            texts.append(text)
            labels.append(doc.doc_type)
            weights.append(WEIGHTS[doc.source])
    return fit(texts, labels, sources=f"{sources}+{labels_digest(documents)}", sample_weight=weights)


def document_type(text: str, taxonomy: Taxonomy, model: TypeModel) -> str:
    """The type ingest gives a document whose lead page has this text (title rules + model)."""
    found = classify_page(text, taxonomy)
    predicted, confidence = model.predict(text)
    doc_type, _ = combine(found.doc_type if found.starts_document else None, found.confidence, predicted,
                          confidence, taxonomy.fallback)
    return doc_type


def evaluate(model: TypeModel, held: list[LabelledDocument], taxonomy: Taxonomy, strip: bool = False) -> dict:
    """Per-type precision/recall/F1, macro-F1 and confusion of the held-back documents,
    each typed from its lead page as ingest types it."""
    gold, predicted = [], []
    for doc in held:
        text = fold(doc.pages[0]) if strip else doc.pages[0]
        gold.append(doc.doc_type)
        predicted.append(document_type(text, taxonomy, model))
    return scores(gold, predicted)
