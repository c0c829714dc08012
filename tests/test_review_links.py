"""Review decisions on a real ingest, in the situations issue 14 found (defects 2, 3, 12, 20, 23).

A scanned stack (bilevel, as a sheet-fed scanner writes it): a cover sheet printed by
`hoso cover-sheet` for the declarant P (dossier HS-KT-1, marital-status confirmation), P's
application form, then the death extract of P's spouse D, which prints D as the deceased
and P as the declarant. The form links to P on the cover's word; the death extract waits
("the subject's ID field names D, but the cover sheet's ID is P").

The tests run in file order on one module-scoped data folder: each builds on the decisions
before it, as an officer's session would.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys

import numpy as np
import pytest
from pdf2image import convert_from_path

from access.models import Actor
from access.officers import add_officer
from catalogue.store import Catalogue
from dossier.events import dossier_view
from pipeline.datadir import DataDir
from pipeline.ingest_run import ingest_paths
from pipeline.models import IngestOptions
from pipeline.review import ReviewError, confirm, relink, retype
from pipeline.review_store import read_decisions
from samples import degrade
from samples.batch import render_document, write_tiff
from samples.people import make_citizens

OFFICER = "Trần Văn Bình"
DOSSIER, PROCEDURE = "HS-KT-1", "cap_xac_nhan_tinh_trang_hon_nhan"


def hoso(data: DataDir, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "HOSO_DATA_DIR": str(data.root), "HOSO_OFFICER": OFFICER, "OMP_THREAD_LIMIT": "1"}
    return subprocess.run([sys.executable, "-m", "cli", *args], env=env, capture_output=True, text=True,
                          timeout=600)


def _scan(image, rng: np.random.Generator):
    pixels = degrade.skew(np.asarray(image), float(rng.uniform(-1.0, 1.0)))
    return degrade.to_pil(degrade.binarize(degrade.blur(pixels, 0.8), 150))


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    folder = tmp_path_factory.mktemp("review-links")
    declarant, deceased = make_citizens(41, 2)
    cover_pdf = folder / "cover.pdf"
    printed = subprocess.run([sys.executable, "-m", "cli", "cover-sheet", "--citizen-id", declarant.citizen_id,
                              "--dossier", DOSSIER, "--procedure", PROCEDURE, str(cover_pdf)],
                             capture_output=True, text=True)
    assert printed.returncode == 0, printed.stderr
    rng = random.Random(8)
    form, _ = render_document("to_khai", declarant, rng)
    death, death_truth = render_document("trich_luc_khai_tu", deceased, rng, related={"declarant": declarant})
    assert set(death_truth.ids_on_document) == {deceased.citizen_id, declarant.citizen_id}
    pages = [convert_from_path(cover_pdf, dpi=300, grayscale=True)[0], *[p.image for p in form],
             *[p.image for p in death]]
    noise = np.random.default_rng(5)
    path = write_tiff([_scan(p, noise) for p in pages], folder / "stack.tif", compression="group4")
    data = DataDir(folder / "data")
    outcome = next(ingest_paths([path], data, IngestOptions(jobs=2)))
    assert outcome.status == "ingested", outcome.reason
    add_officer(data.catalogue, OFFICER, "officer", None, Actor.cli(None))
    form_doc, death_doc = outcome.documents
    assert (form_doc.doc_type, form_doc.link_status, form_doc.citizen_id) == ("to_khai", "linked",
                                                                              declarant.citizen_id)
    return data, declarant, deceased, path, form_doc.id, death_doc.id


def _search(data: DataDir, citizen_id: str) -> dict:
    done = hoso(data, "search", "--citizen-id", citizen_id, "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _state(data: DataDir, doc_id: str) -> tuple:
    done = hoso(data, "show", doc_id, "--json")
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout)
    return shown["doc_type"], shown["link_status"], shown["citizen_id"], shown["link_reason"], shown["fields"]


def test_the_death_extract_waits_naming_the_cover_and_its_subject(stack):
    data, declarant, deceased, _, _, death_id = stack
    doc_type, status, citizen, reason, _ = _state(data, death_id)
    assert (doc_type, status, citizen) == ("trich_luc_khai_tu", "review", None)
    assert f"names {deceased.citizen_id}" in reason and f"cover sheet's ID is {declarant.citizen_id}" in reason


@pytest.mark.parametrize("new_type", ["trich_luc_khai_tu", "khac"])
def test_retype_never_links_a_waiting_document(stack, new_type):
    """Defect 2: a type correction (to its own type, or to `khac`) keeps it waiting, with its reason."""
    data, declarant, _, _, _, death_id = stack
    before = _state(data, death_id)
    done = hoso(data, "review", "retype", death_id, "--type", new_type)
    assert done.returncode == 0, done.stderr
    doc_type, status, citizen, reason, _ = _state(data, death_id)
    assert (doc_type, status, citizen, reason) == (new_type, "review", None, before[3])
    found = _search(data, declarant.citizen_id)
    assert death_id not in [d["id"] for d in found["documents"]]  # not among the cover citizen's papers
    decisions = _decisions(data, death_id)
    assert decisions[-1].action == "retype" and decisions[-1].link_status_after == "review"


def test_an_id_search_shows_the_waiting_papers_that_name_the_id_apart(stack):
    """Defect 12: both IDs its evidence names (the cover's, the subject field's) find it under
    `review`; `documents` keeps the linked papers only."""
    data, declarant, deceased, _, form_id, death_id = stack
    for citizen_id, linked in ((declarant.citizen_id, [form_id]), (deceased.citizen_id, [])):
        found = _search(data, citizen_id)
        assert [d["id"] for d in found["documents"]] == linked
        assert [d["id"] for d in found["review"]] == [death_id]
        waiting = found["review"][0]
        assert waiting["link_status"] == "review" and waiting["citizen_id"] is None
        assert {"id", "doc_type", "pages", "source_file", "received_at", "validity"} <= set(waiting)
    text = hoso(data, "search", "--citizen-id", deceased.citizen_id)
    assert text.returncode == 0, text.stderr
    assert f"waiting for review, their evidence names {deceased.citizen_id}" in text.stdout
    assert death_id in text.stdout and "no documents found" not in text.stdout
    # The audit log records the waiting paper as shown in that search.
    trail = hoso(data, "audit", "--citizen-id", deceased.citizen_id, "--json", "--officer", _supervisor(data))
    searches = [e for e in json.loads(trail.stdout)["entries"] if e["action"] == "search"]
    assert searches and all(death_id in e["document_ids"] for e in searches)
    # Another citizen's ID finds nothing of it, and cannot be confirmed as its owner.
    other = make_citizens(77, 1)[0].citizen_id
    assert _search(data, other)["review"] == []
    with pytest.raises(ReviewError, match=f"does not name citizen {other}"):
        confirm(data.root, death_id, OFFICER, other)
    assert _state(data, death_id)[1:3] == ("review", None)


def test_relink_replaces_the_cover_citizen_and_leaves_the_first_dossier(stack):
    """Defect 3: after a relink the cover's citizen_id field is no longer current, and the
    declarant's dossier no longer counts the paper as its component."""
    data, declarant, deceased, _, _, death_id = stack
    _, _, _, _, fields = _state(data, death_id)
    assert {"name": "citizen_id", "value": declarant.citizen_id, "source": "cover", "confidence": 0.95} in fields
    before = _component(data, "khai_tu_vo_chong")
    assert [s.document_id for s in before.submitted] == [death_id]  # counted for P while it waited

    done = hoso(data, "review", "relink", death_id, "--citizen-id", deceased.citizen_id)
    assert done.returncode == 0, done.stderr
    _, status, citizen, _, fields = _state(data, death_id)
    assert (status, citizen) == ("linked", deceased.citizen_id)
    citizen_fields = [f for f in fields if f["name"] == "citizen_id"]
    assert citizen_fields == [{"name": "citizen_id", "value": deceased.citizen_id, "source": "review",
                               "confidence": 1.0}]
    after = _component(data, "khai_tu_vo_chong")
    assert after.submitted == [] and after.status == "optional"
    view = dossier_view(data.catalogue, DOSSIER)
    assert death_id not in [s.document_id for s in view.other_submitted]
    shown = hoso(data, "dossier", "show", DOSSIER)
    assert shown.returncode == 0, shown.stderr
    assert _decisions(data, death_id)[-1].citizen_before is None  # the history keeps what it was


def test_correcting_a_linked_document_needs_a_reason_and_is_recorded_as_a_correction(stack):
    """Defect 20 (second half): relink and retype of a document that is not waiting."""
    data, declarant, deceased, _, form_id, _ = stack
    for args in (("relink", form_id, "--citizen-id", deceased.citizen_id), ("retype", form_id, "--type", "khac")):
        refused = hoso(data, "review", *args)
        assert refused.returncode == 1 and "not waiting for review" in refused.stderr and "--reason" in refused.stderr
        assert "Traceback" not in refused.stderr
    assert _state(data, form_id)[:3] == ("to_khai", "linked", declarant.citizen_id)
    assert [d.action for d in _decisions(data, form_id)] == []
    with pytest.raises(ReviewError, match="not waiting") as refused:
        relink(data.root, form_id, deceased.citizen_id, OFFICER, "   ")
    assert "không chờ xét duyệt" in refused.value.vi
    with pytest.raises(ReviewError, match="not waiting"):  # a search's confirm never moves a linked paper
        confirm(data.root, form_id, OFFICER, deceased.citizen_id)

    why = "tờ khai do người khai tử ký, nhập nhầm công dân"
    done = hoso(data, "review", "relink", form_id, "--citizen-id", deceased.citizen_id, "--reason", why)
    assert done.returncode == 0, done.stderr
    retype(data.root, form_id, "don_de_nghi", OFFICER, "đơn, không phải tờ khai")
    (moved, retyped) = _decisions(data, form_id)
    assert (moved.action, moved.kind, moved.note, moved.officer) == ("relink", "correction", why, OFFICER)
    assert (moved.citizen_before, moved.citizen_after) == (declarant.citizen_id, deceased.citizen_id)
    assert (retyped.action, retyped.kind, retyped.doc_type_after) == ("retype", "correction", "don_de_nghi")
    _, status, citizen, reason, _ = _state(data, form_id)
    assert (status, citizen) == ("linked", deceased.citizen_id) and why in reason
    trail = hoso(data, "audit", "--citizen-id", deceased.citizen_id, "--json", "--officer", _supervisor(data))
    relinks = [e for e in json.loads(trail.stdout)["entries"] if e["action"] == "review_relink"]
    assert any(why in (e["detail"] or "") for e in relinks)


def test_reingesting_with_other_options_says_what_was_ignored(stack):
    """Defect 23: the same file again with another --citizen-id and --dossier."""
    data, declarant, deceased, path, form_id, death_id = stack
    other = make_citizens(78, 1)[0].citizen_id
    done = hoso(data, "ingest", str(path), "--citizen-id", other, "--dossier", "HS-KT-2", "--json")
    assert done.returncode == 0, done.stderr
    (entry,) = json.loads(done.stdout)["files"]
    assert entry["status"] == "duplicate"
    ignored = {i["option"]: i for i in entry["ignored"]}
    assert set(ignored) == {"citizen_id", "dossier"}
    assert (ignored["citizen_id"]["given"], ignored["citizen_id"]["recorded"]) == (other, None)
    assert f"hoso review relink {death_id} --citizen-id {other}" in " ".join(ignored["citizen_id"]["apply"])
    assert (ignored["dossier"]["given"], ignored["dossier"]["recorded"]) == ("HS-KT-2", None)
    assert any(c.startswith("hoso dossier open --dossier HS-KT-2") for c in ignored["dossier"]["apply"])
    assert f"hoso dossier reuse --dossier HS-KT-2 --document {form_id} --officer NAME" in ignored["dossier"]["apply"]
    text = hoso(data, "ingest", str(path), "--citizen-id", other)
    assert text.returncode == 0, text.stderr
    assert f"ignored --citizen-id {other}" in text.stdout and "hoso review relink" in text.stdout
    same = hoso(data, "ingest", str(path), "--json")  # nothing asked: nothing ignored
    assert json.loads(same.stdout)["files"][0]["ignored"] == []
    assert _state(data, death_id)[2] == deceased.citizen_id  # nothing changed


def _component(data: DataDir, key: str):
    return next(c for c in dossier_view(data.catalogue, DOSSIER).components if c.key == key)


def _decisions(data: DataDir, doc_id: str):
    with Catalogue(data.catalogue) as catalogue:
        return read_decisions(catalogue, doc_id)


def _supervisor(data: DataDir) -> str:
    from access.officers import list_officers

    name = "Giám sát viên"
    if name not in {o.name for o in list_officers(data.catalogue)}:
        add_officer(data.catalogue, name, "supervisor", None, Actor.cli(None))
    return name


def test_ignored_options_name_each_difference_and_its_command(tmp_path):
    """The duplicate path's rule on a known catalogue (no OCR): a procedure alone, an ID given
    again unchanged, a linked document (its relink is a correction: it needs a reason)."""
    from catalogue.schema import files
    from pipeline.duplicates import ignored_options
    from tests.catalogue_history import doc, ingest, vn

    owner, other = make_citizens(79, 2)
    card = doc("the_card", "cccd", owner.citizen_id, vn(3, 2), dossier="HS-9")
    path = tmp_path / "catalogue.sqlite"
    ingest(path, card)
    with Catalogue(path) as catalogue:
        with catalogue.write() as c:
            c.execute(files.update().values(citizen_id=owner.citizen_id, procedure="dang_ky_khai_sinh"))
        same = ignored_options(catalogue.file_context(card.source_sha256),
                               IngestOptions(citizen_id=owner.citizen_id, dossier="HS-9"), [card])
        assert same == []
        (procedure,) = ignored_options(catalogue.file_context(card.source_sha256),
                                       IngestOptions(procedure="dang_ky_ket_hon"), [card])
        assert (procedure.option, procedure.given, procedure.recorded) == ("procedure", "dang_ky_ket_hon",
                                                                           "dang_ky_khai_sinh")
        assert procedure.apply[0] == (f"hoso dossier open --dossier HS-9 --citizen-id {owner.citizen_id} "
                                      "--procedure dang_ky_ket_hon --officer NAME")
        (citizen,) = ignored_options(catalogue.file_context(card.source_sha256), IngestOptions(citizen_id=other.citizen_id),
                                     [card])
        assert citizen.apply == [f'hoso review relink the_card --citizen-id {other.citizen_id} --reason "..." '
                                 "--officer NAME"]
