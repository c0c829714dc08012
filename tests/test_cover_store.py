"""Cover pages and the context they give documents, on the catalogue data layer, on SQLite and
on PostgreSQL (tests/catalogues.py); the rendered cover sheets through OCR are tests/test_cover_sheet.py."""

from __future__ import annotations

from catalogue import covers as cover_rows
from catalogue.store import Catalogue
from classify.cover_sheet import CoverData, CoverRead
from pipeline.cover_store import cover_pages, record_covers
from samples.people import make_citizens

A, B = (c.citizen_id for c in make_citizens(13, 2))


def test_a_rerun_rewrites_the_same_cover_rows(catalogue_location):
    good = CoverRead(status="ok", data=CoverData(dossier="HS-1", citizen_id=A, procedure="dang_ky_khai_sinh"),
                     page_number=1)
    bad = CoverRead(status="invalid", problem="the cover sheet's QR code fails its checksum", page_number=4)
    with Catalogue(catalogue_location) as catalogue:
        for _ in range(2):  # a resumed batch writes them again
            record_covers(catalogue, "f1", [good, bad], {"f1-001": good, "f1-002": bad})
        assert cover_pages(catalogue, "f1") == [
            {"source_sha256": "f1", "number": 1, "status": "ok", "dossier": "HS-1", "citizen_id": A,
             "procedure": "dang_ky_khai_sinh", "problem": None},
            {"source_sha256": "f1", "number": 4, "status": "invalid", "dossier": None, "citizen_id": None,
             "procedure": None, "problem": "the cover sheet's QR code fails its checksum"}]
        assert cover_pages(catalogue, "f2") == []

        # The same document behind another cover in a later run: its context is the new one.
        other = good.model_copy(update={"data": CoverData(dossier="HS-2", citizen_id=B), "page_number": 2})
        record_covers(catalogue, "f1", [], {"f1-001": other})
        with catalogue.read() as c:
            assert cover_rows.context_citizen(c, "f1-001") == B
            assert cover_rows.context_citizen(c, "f1-002") is None  # an invalid cover names nobody
            assert cover_rows.context_citizen(c, "f1-003") is None
