"""Cover sheets seen at ingest and the context they gave documents (catalogue/covers.py).

`cover_pages`: each page that was a cover sheet (kept in `pages` as a loose page, so no page
is lost, and marked here). `document_context`: for a document scanned behind a cover sheet,
the dossier, citizen and procedure the cover gave it. Both are keyed by what ingest
derives deterministically (file hash, page number, document id), so a resumed batch
rewrites the same rows.
"""

from __future__ import annotations

from catalogue import covers as cover_rows
from catalogue.store import Catalogue
from classify.cover_sheet import CoverRead


def _given(cover: CoverRead) -> dict[str, str | None]:
    data = cover.data
    return {"dossier": data.dossier if data else None, "citizen_id": data.citizen_id if data else None,
            "procedure": data.procedure if data else None}


def record_covers(catalogue: Catalogue, sha256: str, covers: list[CoverRead],
                  contexts: dict[str, CoverRead]) -> None:
    """Write the file's cover pages and its documents' cover context, in one transaction."""
    pages = [{"source_sha256": sha256, "number": cover.page_number, "status": cover.status, **_given(cover),
              "problem": cover.problem} for cover in covers]
    context = [{"document_id": doc_id, "source_sha256": sha256, "cover_page": cover.page_number,
                "cover_status": cover.status, **_given(cover)} for doc_id, cover in contexts.items()]
    with catalogue.write() as c:
        cover_rows.record(c, pages, context)


def cover_pages(catalogue: Catalogue, sha256: str) -> list[dict]:
    with catalogue.read() as c:
        return cover_rows.pages_of(c, sha256)
