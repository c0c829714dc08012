"""Officers' review decisions, in the catalogue (table review_decisions, append-only).

A decision never changes: a later decision on the same document supersedes an earlier
one (the catalogue's documents table holds the current state). Retype decisions are
labels for retraining the classifier (`hoso classify train`).

`kind` tells a review of a waiting document (`review`) from a correction of one that was
already linked (`correction`), which an officer makes only with a reason (`note`).
The queries are catalogue/reviews.py's; this module is the decisions as the pipeline holds them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

from catalogue import reviews
from catalogue.store import Catalogue
from catalogue.times import iso

ReviewAction = Literal["confirm", "relink", "retype"]
DecisionKind = Literal["review", "correction"]


class ReviewDecision(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int | None = None
    at: datetime
    document_id: str
    action: ReviewAction
    officer: str
    doc_type_before: str | None = None
    doc_type_after: str | None = None
    citizen_before: str | None = None
    citizen_after: str | None = None
    link_status_after: str | None = None
    reason_before: str | None = None
    kind: DecisionKind = "review"
    note: str | None = None


def append_decision(catalogue: Catalogue, decision: ReviewDecision) -> ReviewDecision:
    """Append one decision; inside the caller's write transaction when there is one (the
    document change it causes is then written with it)."""
    row = decision.model_dump(exclude={"id"})
    row["at"] = iso(decision.at)
    with catalogue.write() as c:
        return decision.model_copy(update={"id": reviews.append(c, row)})


def read_decisions(catalogue: Catalogue, document_id: str | None = None,
                   action: ReviewAction | None = None) -> list[ReviewDecision]:
    with catalogue.read() as c:
        return [ReviewDecision(**row) for row in reviews.read(c, document_id, action)]
