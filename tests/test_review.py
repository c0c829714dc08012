"""The review queue on a real ingest: a marriage certificate (two spouses' IDs on it, no
other evidence of whose it is) waits for review; an officer relinks, retypes or confirms; decisions are append-only and search
reflects them."""

import json
import random
import sqlite3
import subprocess
import sys
import os

import pytest

from catalogue.store import Catalogue
from index.models import SearchQuery
from pipeline.datadir import DataDir
from pipeline.ingest_run import ingest_paths
from pipeline.models import IngestOptions
from access.models import Actor
from access.officers import add_officer
from pipeline.query import search as audited_search
from pipeline.review import ReviewError, confirm, pending_reviews, relink, retype
from pipeline.review_store import read_decisions
from samples.batch import render_document, write_pdf
from samples.people import make_citizens
from tests.test_trunk_e2e import TEST_OFFICER, ensure_officer


def search(data: DataDir, query: SearchQuery):
    ensure_officer(data.root)
    return audited_search(data, query, "sqlite", Actor.cli(TEST_OFFICER))


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    folder = tmp_path_factory.mktemp("review")
    owner = make_citizens(11, 1)[0]
    rng = random.Random(5)
    # (a birth certificate no longer waits: its subject's own ID field links it)
    birth, birth_truth = render_document("giay_chung_nhan_ket_hon", owner, rng)
    pdf = write_pdf([p.image for p in birth], folder / "ket_hon.pdf")
    data = DataDir(folder / "data")
    outcomes = list(ingest_paths([pdf], data, IngestOptions(jobs=1)))
    return data, owner, birth_truth, outcomes[0].documents


def test_marriage_certificate_waits_with_the_reason(ingested):
    data, owner, truth, documents = ingested
    items = pending_reviews(data.root)
    assert [i.id for i in items] == [d.id for d in documents]
    item = items[0]
    assert item.doc_type == "giay_chung_nhan_ket_hon"
    assert "spouse" in item.reason
    assert item.pages == [1]
    assert set(item.id_candidates) <= set(truth.ids_on_document)


def test_confirm_without_a_proposal_is_refused(ingested):
    data, *_ = ingested
    item = pending_reviews(data.root)[0]
    if item.proposed_citizen_id is None:
        with pytest.raises(ReviewError, match="relink"):
            confirm(data.root, item.id, "can.bo.a")


def test_relink_then_retype_are_recorded_and_searchable(ingested):
    data, owner, _, documents = ingested
    doc_id = documents[0].id
    with pytest.raises(ReviewError, match="not a valid citizen ID"):
        relink(data.root, doc_id, "123", "can.bo.a")
    with pytest.raises(ReviewError, match="officer"):
        relink(data.root, doc_id, owner.citizen_id, " ")
    record = relink(data.root, doc_id, owner.citizen_id, "can.bo.a")
    assert (record.citizen_id, record.link_status) == (owner.citizen_id, "linked")
    assert pending_reviews(data.root) == []
    hits = search(data, SearchQuery(citizen_id=owner.citizen_id))
    assert [f.document.id for f in hits] == [doc_id]

    with pytest.raises(ReviewError, match="unknown document type"):
        retype(data.root, doc_id, "not_a_type", "can.bo.b")
    with pytest.raises(ReviewError, match="not waiting for review"):  # linked now: a correction needs a reason
        retype(data.root, doc_id, "to_khai", "can.bo.b")
    record = retype(data.root, doc_id, "to_khai", "can.bo.b", "tờ khai, không phải giấy kết hôn")
    assert record.doc_type == "to_khai" and record.type_confidence == 1.0
    assert record.citizen_id == owner.citizen_id  # an officer's link is kept
    assert [f.document.id for f in search(data, SearchQuery(doc_type="to_khai"))] == [doc_id]
    assert search(data, SearchQuery(doc_type="giay_chung_nhan_ket_hon")) == []

    with Catalogue(data.catalogue) as catalogue:
        decisions = read_decisions(catalogue, doc_id)
    assert [(d.action, d.officer) for d in decisions] == [("relink", "can.bo.a"), ("retype", "can.bo.b")]
    assert decisions[0].reason_before and "spouse" in decisions[0].reason_before
    assert (decisions[1].doc_type_before, decisions[1].doc_type_after) == ("giay_chung_nhan_ket_hon", "to_khai")
    assert [(d.kind, d.note) for d in decisions] == [("review", None),
                                                     ("correction", "tờ khai, không phải giấy kết hôn")]
    db = sqlite3.connect(data.catalogue)  # history is kept whatever the client
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("UPDATE review_decisions SET officer = 'x'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("DELETE FROM review_decisions")
    db.rollback()
    db.close()


def test_cli_lists_and_decides(ingested, tmp_path):
    data, owner, _, documents = ingested
    env = {**os.environ, "HOSO_DATA_DIR": str(data.root)}
    env.pop("HOSO_OFFICER", None)
    for name in ("a", "can.bo.c"):
        add_officer(data.catalogue, name, "officer", None, Actor.cli(None))
    run = lambda *a: subprocess.run([sys.executable, "-m", "cli", *a], env=env, capture_output=True, text=True)
    listed = run("review", "--json", "--officer", "a")
    assert listed.returncode == 0, listed.stderr
    assert json.loads(listed.stdout) == {"documents": []}
    missing = run("review", "confirm", documents[0].id)
    assert missing.returncode == 1 and "--officer" in missing.stderr
    stranger = run("review", "confirm", documents[0].id, "--officer", "khach")
    assert stranger.returncode == 1 and "hoso officers add khach" in stranger.stderr
    unknown = run("review", "confirm", "nope", "--officer", "a")
    assert unknown.returncode == 1 and "no document 'nope'" in unknown.stderr
    done = run("review", "confirm", documents[0].id, "--officer", "can.bo.c")
    assert done.returncode == 0, done.stderr
    assert "linked" in done.stdout and owner.citizen_id in done.stdout
    trail = run("audit", "--citizen-id", owner.citizen_id, "--json", "--officer", TEST_OFFICER)
    assert trail.returncode == 0, trail.stderr
    decided = [(e["officer"], e["action"]) for e in json.loads(trail.stdout)["entries"] if e["action"].startswith("review")]
    # the stranger's refused attempt names the document too, so the citizen's audit lists it
    assert decided == [("khach", "review"), ("can.bo.c", "review_confirm")]
