"""Extracted fields of each document (catalogue table `document_fields`, catalogue/fields.py).

One row per document and field, with the source and confidence. Written in the same step
as the file's cover context, before the file's documents commit, keyed by document id, so
a resumed batch rewrites the same rows. The ID cards on file (linked `cccd`/`cmnd`
documents with a name and birth date) are what a later page's name and birth date are
matched against.
"""

from __future__ import annotations

from datetime import date

from catalogue import fields as field_rows
from catalogue.store import Catalogue
from classify.card_match import CardOnFile
from classify.fields import Field

# The order `show` lists fields in: classify.fields.Field's names as declared.
_ORDER = {name: i for i, name in enumerate(Field.model_fields["name"].annotation.__args__)}


def record_fields(catalogue: Catalogue, fields: dict[str, list[Field]]) -> None:
    """Replace the fields of these documents, in one transaction."""
    if not fields:
        return
    with catalogue.write() as c:
        field_rows.replace(c, {doc_id: [f.model_dump(include={"name", "value", "source", "confidence"})
                                        for f in found] for doc_id, found in fields.items()})


def set_reviewed_citizen(catalogue: Catalogue, doc_id: str, citizen_id: str | None) -> None:
    """The officer's review decision is the document's citizen field now (inside the caller's
    write transaction: pipeline/review.py writes it with the decision). The ID given at ingest
    (operator, cover) or read on the page is replaced, not kept beside it: the review decision
    (citizen_before) is its history."""
    with catalogue.write() as c:
        field_rows.set_value(c, doc_id, "citizen_id", citizen_id, source="review", confidence=1.0)


def document_fields(catalogue: Catalogue, doc_id: str) -> list[Field]:
    with catalogue.read() as c:
        found = [Field(**row) for row in field_rows.of_document(c, doc_id)]
    return sorted(found, key=lambda f: _ORDER.get(f.name, 99))


def cards_on_file(catalogue: Catalogue) -> list[CardOnFile]:
    """Holders of the ID cards in the catalogue linked to them, with name and birth date.

    Only cards that state that ID themselves (QR, MRZ, printed): a card linked on the
    operator's or a cover sheet's word is that word again, not evidence."""
    with catalogue.read() as c:
        rows = field_rows.cards_on_file(c)
    return [CardOnFile(citizen_id=r["citizen_id"], full_name=r["full_name"],
                       birth_date=date.fromisoformat(r["birth_date"])) for r in rows]
