"""The ingest path end to end on a province's PostgreSQL catalogue, against the same pages
ingested into an embedded SQLite catalogue.

Real pages: an ID card and a marriage certificate of one citizen, rendered with the samples
package; real `hoso ingest` (a subprocess, Tesseract vie) with HOSO_CATALOGUE_URL naming a new
database of the throw-away cluster (tests/postgres.py), a tmp data folder for the files.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from catalogue.database import url_of
from catalogue.store import Catalogue
from index.backend import open_backend
from index.models import SearchQuery
from pipeline import review
from pipeline.datadir import DataDir
from pipeline.indexing import flush_outbox
from pipeline.query import show_fields
from pipeline.review_store import read_decisions
from samples.batch import render_document, write_pdf
from samples.people import make_citizens
from tests.catalogues import new_database

OFFICER = "Kiểm thử"
REPOSITORY = Path(__file__).resolve().parents[1]
# The search index of each run: the embedded one beside the embedded catalogue, the province's
# shared one (on the same PostgreSQL) beside the province's (the embedded one is refused there).
INDEXES = {"sqlite": "sqlite", "postgresql": "postgres"}


def hoso(*args: str, root: Path, url: str | None, check_codes=(0,)):
    """This checkout's CLI on a data folder; `url`: its catalogue on the server (None: its
    catalogue.sqlite). Run in the data folder's parent, so nothing it writes lands elsewhere."""
    env = {**os.environ, "HOSO_DATA_DIR": str(root), "OMP_THREAD_LIMIT": "1",
           "HOSO_INDEX": INDEXES["postgresql" if url else "sqlite"],
           "PYTHONPATH": str(REPOSITORY)}
    env.pop("HOSO_CATALOGUE_URL", None)
    env.pop("HOSO_OFFICER", None)
    if url:
        env["HOSO_CATALOGUE_URL"] = url
    done = subprocess.run([sys.executable, "-m", "cli", *args], env=env, capture_output=True, text=True,
                          timeout=900, cwd=root.parent)
    assert done.returncode in check_codes, f"exit {done.returncode}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    return done


@pytest.fixture(scope="module")
def papers(tmp_path_factory):
    """One citizen's papers in the order they are ingested: a marriage certificate (it waits: two
    IDs on it, no card on file), her ID card (links by its QR code) and a second marriage
    certificate (links by the card now on file: the fields read back from the catalogue)."""
    folder = tmp_path_factory.mktemp("province-papers")
    owner = make_citizens(11, 1)[0]
    rng = random.Random(5)
    files = []
    for n, doc_type in enumerate(("giay_chung_nhan_ket_hon", "cccd", "giay_chung_nhan_ket_hon")):
        pages, _ = render_document(doc_type, owner, rng)
        files.append(write_pdf([p.image for p in pages[:1]], folder / f"{n}-{doc_type}.pdf"))
    return owner, files


@pytest.fixture(scope="module")
def ingested(papers, postgres_cluster, tmp_path_factory):
    """The same two files ingested into a province database and into an embedded catalogue."""
    _, files = papers
    with new_database(postgres_cluster) as url:
        folders = {"postgresql": (tmp_path_factory.mktemp("province") / "data", str(url)),
                   "sqlite": (tmp_path_factory.mktemp("embedded") / "data", None)}
        outputs = {kind: json.loads(hoso("ingest", *map(str, files), "--json", root=root, url=url).stdout)
                   for kind, (root, url) in folders.items()}
        yield folders, outputs


def _data(folders, kind, monkeypatch) -> DataDir:
    """The kind's data folder, with HOSO_CATALOGUE_URL as its CLI run had it (the review
    functions take a folder and read the URL from the environment, as the CLI sets it)."""
    root, url = folders[kind]
    if url:
        monkeypatch.setenv("HOSO_CATALOGUE_URL", url)
    else:
        monkeypatch.delenv("HOSO_CATALOGUE_URL", raising=False)
    return DataDir(root)


def _catalogue_view(data: DataDir, sha256s: list[str]) -> list[dict]:
    """What the catalogue holds of these files: documents (pages and text included), fields."""
    with Catalogue(data.catalogue) as catalogue:
        documents = [d for sha in sha256s for d in catalogue.documents_for_file(sha)]
        return [{**d.model_dump(mode="json", exclude={"received_at"}), "fields": show_fields(data, d.id)}
                for d in documents]


def test_the_same_pages_make_the_same_documents_in_the_province_catalogue(ingested, papers, monkeypatch):
    owner, _ = papers
    folders, outputs = ingested
    pg_root, url = folders["postgresql"]

    linked = [(d["id"], d["doc_type"], d["citizen_id"], d["link_status"]) for d in outputs["postgresql"]["documents"]]
    assert [(t, c, s) for _, t, c, s in linked] == [("giay_chung_nhan_ket_hon", None, "review"),
                                                    ("cccd", owner.citizen_id, "linked"),
                                                    ("giay_chung_nhan_ket_hon", owner.citizen_id, "linked")]
    assert "link.own.card_on_file" in json.dumps(outputs["postgresql"]["documents"][2]["link_reason_code"])
    same = lambda out: [{k: d[k] for k in ("id", "doc_type", "type_confidence", "title", "citizen_id", "link_status",
                                           "link_reason", "link_reason_code", "id_candidates")}
                        for d in out["documents"]]  # noqa: E731
    assert same(outputs["postgresql"]) == same(outputs["sqlite"])

    # Stored on the server, not in a file of the data folder.
    assert not (pg_root / "catalogue.sqlite").exists()
    with sa.create_engine(url_of(url)).connect() as server:
        stored = server.execute(sa.text("SELECT id FROM documents ORDER BY id")).scalars().all()
    assert stored == sorted(d[0] for d in linked)

    shas = [f["sha256"] for f in outputs["postgresql"]["files"]]
    province = _catalogue_view(_data(folders, "postgresql", monkeypatch), shas)
    embedded = _catalogue_view(_data(folders, "sqlite", monkeypatch), shas)
    assert province == embedded
    card_fields = {f["name"]: (f["value"], f["source"]) for f in province[1]["fields"]}
    assert card_fields["citizen_id"] == (owner.citizen_id, "qr")  # the card's own fields, found on the server

    status = json.loads(hoso("index", "status", "--verify", "--json", root=pg_root, url=url).stdout)
    assert (status["catalogue_documents"], status["outbox"], status["missing"], status["stale"]) == (3, 0, 0, 0)


def test_review_and_relink_on_the_province_catalogue_as_on_the_embedded_one(ingested, papers, monkeypatch):
    owner, _ = papers
    folders, outputs = ingested
    certificate = outputs["postgresql"]["documents"][0]["id"]
    for kind in ("postgresql", "sqlite"):
        data = _data(folders, kind, monkeypatch)
        queue = review.pending_reviews(data.root)
        assert [i.id for i in queue] == [certificate], kind
        assert "spouse" in queue[0].reason
        with Catalogue(data.catalogue) as catalogue:  # an ID search shows the waiting paper apart
            assert [d.id for d in review.waiting_naming(catalogue, owner.citizen_id)] == [certificate]

        record = review.relink(data.root, certificate, owner.citizen_id, "can.bo.a")

        assert (record.citizen_id, record.link_status, record.link_reason_code.code) == (
            owner.citizen_id, "linked", "review.relinked")
        assert review.pending_reviews(data.root) == []
        with Catalogue(data.catalogue) as catalogue:
            (decision,) = read_decisions(catalogue, certificate)
            assert (decision.action, decision.citizen_after, decision.kind) == ("relink", owner.citizen_id, "review")
            assert catalogue.outbox() == [certificate]
            flush_outbox(catalogue, data, INDEXES[kind])  # what the next search does first
            assert catalogue.outbox_size() == 0
        fields = {f["name"]: (f["value"], f["source"]) for f in show_fields(data, certificate)}
        assert fields["citizen_id"] == (owner.citizen_id, "review")
        backend = open_backend(INDEXES[kind], data.root)
        try:
            found = [h.id for h in backend.search(SearchQuery(citizen_id=owner.citizen_id))]
        finally:
            backend.close()
        assert sorted(found) == sorted(d["id"] for d in outputs[kind]["documents"]), kind


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_an_officer_searches_by_id_shows_and_relinks_through_the_cli(kind, papers, tmp_path, request):
    owner, files = papers
    url = str(request.getfixturevalue("province_url")) if kind == "postgresql" else None
    root = tmp_path / "data"
    ingest = json.loads(hoso("ingest", *map(str, files), "--json", root=root, url=url).stdout)
    waiting, card, linked = (d["id"] for d in ingest["documents"])
    hoso("officers", "add", OFFICER, "--role", "supervisor", root=root, url=url)

    def search() -> dict:
        found = json.loads(hoso("search", "--citizen-id", owner.citizen_id, "--officer", OFFICER, "--json",
                                root=root, url=url).stdout)
        return {"documents": sorted(d["id"] for d in found["documents"]), "review": [d["id"] for d in found["review"]]}

    assert search() == {"documents": sorted([card, linked]), "review": [waiting]}
    shown = json.loads(hoso("show", waiting, "--officer", OFFICER, "--json", root=root, url=url).stdout)
    assert (shown["link_status"], shown["doc_type"]) == ("review", "giay_chung_nhan_ket_hon")
    assert owner.citizen_id in shown["id_candidates"]
    hoso("review", "relink", waiting, "--citizen-id", owner.citizen_id, "--officer", OFFICER, root=root, url=url)
    assert search() == {"documents": sorted([waiting, card, linked]), "review": []}
    shown = json.loads(hoso("show", waiting, "--officer", OFFICER, "--json", root=root, url=url).stdout)
    assert {f["name"]: (f["value"], f["source"]) for f in shown["fields"]}["citizen_id"] == (owner.citizen_id,
                                                                                             "review")
