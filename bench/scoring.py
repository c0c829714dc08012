"""Scoring of one family's pages and documents against its ground truth (pure functions).

`bench/unseen_bench.py` runs hoso on a family and hands what it found to these functions;
they know nothing of OCR or the catalogue, so the tests can check every rule on hand-made
inputs. Both families write `samples.models.GroundTruth`, so one scorer serves both.

Conventions (the same as bench/classify_bench.py where it has one):
- a document found by hoso is paired with the true document that starts on its first
  non-blank page; a true document no found document starts on counts as typed `khac`;
- a document's people are its owner, every 12-digit ID printed on it and, where the
  family's truth names them, its parties: linking it to anyone else is a wrong link;
- CER is pooled over pages (total edits / total reference characters, both normalised by
  `vntext.metrics`), blank pages left out (they have no reference text).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable

from classify.metrics import expected_calibration_error, reliability_bins, scores
from samples.models import DocTruth, FileTruth, PageTruth
from vntext.metrics import cer, normalise_for_cer

# --- documents found, paired with the truth ----------------------------------------------


@dataclass(frozen=True)
class FoundDoc:
    """What hoso made of one document, as far as the scoring needs it."""

    pages: tuple[int, ...]  # its non-blank page numbers, 1-based in the file
    first_page: int  # first non-blank page (the first page when all are blank)
    doc_type: str
    confidence: float
    citizen_id: str | None = None
    link_status: str = "review"
    reason_code: str | None = None

    @property
    def linked_to(self) -> str | None:
        """The citizen it is linked to, None when it waits for review or is nobody's."""
        return self.citizen_id if self.link_status == "linked" and self.citizen_id else None


def non_blank_pages(pages: Iterable[tuple[int, bool]]) -> tuple[tuple[int, ...], int]:
    """(non-blank page numbers, the page the document is paired on) from (number, is_blank)
    rows: a document opening on a blank duplex back is paired on its first written page."""
    rows = list(pages)
    written = tuple(n for n, blank in rows if not blank)
    return written, written[0] if written else rows[0][0]


@dataclass(frozen=True)
class Pair:
    file: str
    truth: DocTruth
    found: FoundDoc | None  # None: no found document starts on the truth's first page

    @property
    def split_ok(self) -> bool:
        return self.found is not None and list(self.found.pages) == list(self.truth.pages)

    @property
    def predicted_type(self) -> str:
        return self.found.doc_type if self.found is not None else "khac"


def pair_documents(file: str, truth_docs: Iterable[DocTruth], found: Iterable[FoundDoc]) -> list[Pair]:
    """Each true document with the found document starting on its first page."""
    by_first: dict[int, FoundDoc] = {}
    for doc in found:
        by_first.setdefault(doc.first_page, doc)
    return [Pair(file, doc, by_first.get(doc.pages[0]) if doc.pages else None) for doc in truth_docs]


_ID = re.compile(r"\d{12}")


def doc_people(doc: DocTruth) -> set[str]:
    """Everyone a paper may rightly be linked to: owner, printed IDs, named parties.

    Parties named without their ID printed (a parent by name on an old birth form) are
    known only where the family's truth lists them (`DocTruth.parties`; samples leaves it empty).
    """
    people = set(doc.ids_on_document) | set(doc.parties)
    if doc.owner_citizen_id:
        people.add(doc.owner_citizen_id)
    return people


def wrong_link(pair: Pair) -> bool:
    """Linked to a citizen who is neither the paper's owner nor one of its people."""
    linked = pair.found.linked_to if pair.found is not None else None
    return linked is not None and linked not in doc_people(pair.truth)


def _example(pair: Pair) -> dict:
    found = pair.found
    return {"file": pair.file, "page": pair.truth.pages[0] if pair.truth.pages else None,
            "doc_type": pair.truth.doc_type, "owner": pair.truth.owner_citizen_id,
            "linked_to": found.linked_to if found else None, "reason": found.reason_code if found else None}


# --- document type --------------------------------------------------------------------


def type_figures(pairs: list[Pair]) -> dict:
    """Per-type precision/recall/F1, macro-F1, confusion matrix and split errors."""
    result = scores([p.truth.doc_type for p in pairs], [p.predicted_type for p in pairs])
    result["documents"] = len(pairs)
    result["split_errors"] = sum(not p.split_ok for p in pairs)
    present = [v["f1"] for v in result["per_type"].values() if v["support"]]
    result["min_type_f1"] = min(present) if present else 0.0
    return result


def calibration_figures(pairs: list[Pair], bins: int = 10) -> dict:
    """How far the type confidence is from the share of right types, over found documents.

    A document typed `khac` because its confidence fell below the threshold keeps the low
    confidence of its best guess and counts as right only when it really is `khac`.
    """
    found = [p for p in pairs if p.found is not None]
    confidences = [p.found.confidence for p in found]
    correct = [p.found.doc_type == p.truth.doc_type for p in found]
    return {"documents": len(found), "ece": expected_calibration_error(confidences, correct, bins),
            "bins": reliability_bins(confidences, correct, bins)}


# --- linking ----------------------------------------------------------------------------


def owner_id_linking(pairs: list[Pair]) -> dict:
    """Run without an operator ID: documents printing their owner's ID linked to the owner."""
    carrying = [p for p in pairs if p.truth.owner_citizen_id and p.truth.owner_citizen_id in p.truth.ids_on_document]
    linked = [p for p in carrying if p.found is not None and p.found.linked_to == p.truth.owner_citizen_id]
    wrong = [p for p in pairs if wrong_link(p)]
    not_owner = [p for p in pairs if p.found is not None and p.found.linked_to
                 and p.found.linked_to != p.truth.owner_citizen_id]
    return {"owner_id_documents": len(carrying), "owner_linked": len(linked),
            "share": _share(len(linked), len(carrying)), "wrong_links": len(wrong),
            "linked_not_owner": len(not_owner), "wrong_examples": [_example(p) for p in wrong[:10]]}


def operator_linking(pairs: list[Pair], given: dict[str, str]) -> dict:
    """Run with the right operator ID for each file (`given`: file -> ID typed).

    The citizen's documents are those of files given an ID where that citizen is the
    owner or one of the paper's people; each should be linked to them.
    """
    theirs = [p for p in pairs if p.file in given and given[p.file] in doc_people(p.truth)]
    linked = [p for p in theirs if p.found is not None and p.found.linked_to == given[p.file]]
    review = [p for p in theirs if p.found is None or p.found.link_status == "review"]
    wrong = [p for p in pairs if p.file in given and wrong_link(p)]
    # a relative's paper in the dossier (a parent's death certificate) linked to the dossier's
    # citizen, told apart from a link to a third person
    to_given = [p for p in wrong if p.found.linked_to == given[p.file]]
    return {"citizen_documents": len(theirs), "linked_to_citizen": len(linked),
            "share": _share(len(linked), len(theirs)), "in_review": len(review),
            "review_reasons": _reason_counts(review), "wrong_links": len(wrong),
            "wrong_links_to_given_id": len(to_given),
            "wrong_examples": [_example(p) for p in wrong[:10]],
            "review_examples": [_example(p) for p in review[:20]]}


def mistyped_linking(pairs: list[Pair], typed: dict[str, str]) -> dict:
    """Run with another applicant's ID typed for each file (`typed`: file -> wrong ID)."""
    in_run = [p for p in pairs if p.file in typed]
    wrong = [p for p in in_run if wrong_link(p)]
    to_typed = [p for p in in_run if p.found is not None and p.found.linked_to == typed[p.file]]
    review = [p for p in in_run if p.found is None or p.found.link_status == "review"]
    return {"documents": len(in_run), "wrong_links": len(wrong), "linked_to_typed_id": len(to_typed),
            "in_review": len(review), "review_reasons": _reason_counts(review),
            "wrong_examples": [_example(p) for p in wrong[:10]]}


def _reason_counts(pairs: list[Pair]) -> dict[str, int]:
    counts = Counter((p.found.reason_code or "none") if p.found is not None else "not_found" for p in pairs)
    return dict(counts.most_common())


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def samples_file_applicant(file: FileTruth, applicants: list[str]) -> str | None:
    """The dossier citizen of a samples file: the applicant owning one of its documents,
    else the applicant printed on one (a newborn's certificate names the parent); None
    for files that are nobody's (administrative letters)."""
    wanted = set(applicants)
    for doc in file.documents:
        if doc.owner_citizen_id in wanted:
            return doc.owner_citizen_id
    for doc in file.documents:
        for person in doc.ids_on_document:
            if person in wanted:
                return person
    return None


def mistyped_ids(file_applicants: dict[str, str | None]) -> dict[str, str]:
    """For each file with an applicant, another applicant's ID, as a tired operator types it.

    The applicants in order of first appearance; each file gets the next one round the
    circle, so never its own. Files without an applicant, or a family of one applicant
    (nobody else to mistype), get none.
    """
    order = list(dict.fromkeys(a for a in file_applicants.values() if a))
    if len(order) < 2:
        return {}
    position = {a: i for i, a in enumerate(order)}
    return {f: order[(position[a] + 1) % len(order)] for f, a in file_applicants.items() if a}


# --- OCR: character error rate and 12-digit IDs -------------------------------------------

# Runs of digits with single spaces inside ("079 203 001 234", "0 7 9 2 ..."), not glued
# to further digits; the ID is the run's digits when there are twelve of them.
_DIGIT_RUN = re.compile(r"(?<!\d)\d+(?:[ \u00a0]\d+)*(?!\d)")


def printed_ids(text: str) -> list[str]:
    """Twelve-digit numbers printed in a text, digit groups separated by spaces allowed.

    A run of groups is one ID when its digits number twelve; in a longer run (a row
    number before the ID in a table) a group of twelve digits standing alone still counts.
    """
    found: list[str] = []
    for run in _DIGIT_RUN.finditer(text):
        groups = run.group().split()
        digits = "".join(groups)
        if len(digits) == 12:
            found.append(digits)
        else:
            found += [g for g in groups if len(g) == 12]
    return list(dict.fromkeys(found))


@dataclass
class PageRead:
    """One page as the truth has it and as hoso read it."""

    file: str
    truth: PageTruth
    text: str  # hoso's OCR text
    ids_read: set[str] = field(default_factory=set)  # 12-digit IDs hoso read: text, QR, MRZ


def page_group(page: PageTruth) -> str:
    """`phone` for phone photos, else `rotated` for pages saved turned, else `upright`."""
    if page.phone_photo:
        return "phone"
    return "rotated" if page.rotation else "upright"


def cer_figures(pages: list[PageRead]) -> dict:
    """Pooled CER over all non-blank pages and per group, with the worst pages."""
    rows = [(p, len(normalise_for_cer(p.truth.text))) for p in pages if p.truth.text.strip()]
    result: dict = {}
    for group in ("all", "upright", "rotated", "phone"):
        chosen = [(p, n) for p, n in rows if group == "all" or page_group(p.truth) == group]
        chars = sum(n for _, n in chosen)
        edits = sum(cer(p.truth.text, p.text) * n for p, n in chosen)
        result[group] = {"pages": len(chosen), "cer": edits / chars if chars else None}
    worst = sorted(rows, key=lambda r: -cer(r[0].truth.text, r[0].text))[:5]
    result["worst"] = [{"file": p.file, "page": p.truth.number, "group": page_group(p.truth),
                        "cer": round(cer(p.truth.text, p.text), 3)} for p, _ in worst]
    return result


def id_read_figures(pages: list[PageRead], known_ids: set[str]) -> dict:
    """Pages printing a known person's 12-digit ID where hoso read every such ID."""
    printing, misses = 0, []
    for page in pages:
        wanted = [i for i in printed_ids(page.truth.text) if i in known_ids]
        if not wanted:
            continue
        printing += 1
        missing = [i for i in wanted if i not in page.ids_read]
        if missing:
            misses.append({"file": page.file, "page": page.truth.number, "group": page_group(page.truth),
                           "missing": missing, "read": sorted(page.ids_read)})
    read = printing - len(misses)
    return {"pages_printing_id": printing, "pages_read": read, "rate": _share(read, printing), "misses": misses}


# --- targets of issue 16 (on the held-out family) ----------------------------------------

# figure path in a family's results -> (comparison, bound)
TARGETS: dict[str, tuple[str, float]] = {
    "type.macro_f1": (">=", 0.97),
    "type.min_type_f1": (">=", 0.93),
    "linking_no_id.share": (">=", 0.95),
    "linking_no_id.wrong_links": ("==", 0),
    "linking_operator.share": (">=", 0.99),
    "linking_operator.wrong_links": ("==", 0),
    "linking_mistyped.wrong_links": ("==", 0),
    "linking_mistyped_cards_on_file.wrong_links": ("==", 0),
    "cer.all.cer": ("<=", 0.08),
    "cer.upright.cer": ("<=", 0.06),
    "cer.rotated.cer": ("<=", 0.06),
    "cer.phone.cer": ("<=", 0.20),
    "id_read.rate": (">=", 0.98),
}


def figure(results: dict, path: str):
    value = results
    for key in path.split("."):
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


def target_met(value, comparison: str, bound: float) -> bool | None:
    """True/False against the bound; None when the figure could not be measured."""
    if value is None:
        return None
    return {">=": value >= bound, "<=": value <= bound, "==": value == bound}[comparison]
