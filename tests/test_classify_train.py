"""`hoso classify train` and `eval` on a real catalogue: rendered one-page papers ingested
(Tesseract vie), one retyped by an officer in review; training uses the officer's type and
ingests then load the trained model; eval prints per-type scores on the held-back split."""

import hashlib
import json
import os
import random
import subprocess
import sys

import pytest

from classify.model import load_model
from classify.training import is_held_back
from pipeline.datadir import DataDir
from pipeline.ingest_run import ingest_paths
from pipeline.models import IngestOptions
from pipeline.review import retype
from pipeline.type_training import read_labels
from samples.batch import render_document, write_pdf
from samples.people import make_citizens

TYPES = ("xac_nhan_cu_tru", "don_de_nghi", "to_khai", "giay_uy_quyen")


def _render(doc_type, owner, seed, folder):
    pages, _ = render_document(doc_type, owner, random.Random(seed))
    pdf = write_pdf([p.image for p in pages[:1]], folder / f"{doc_type}-{seed}.pdf")
    # A file's first document is named after the file's hash (pipeline/ingest_run.py).
    doc_id = f"{hashlib.sha256(pdf.read_bytes()).hexdigest()[:16]}-001"
    return pdf, doc_id, pages[0].text


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory):
    """Four papers for training and one the split holds back, ingested for their owner."""
    folder = tmp_path_factory.mktemp("classify-train")
    owner = make_citizens(23, 1)[0]
    chosen, held = [], None
    for doc_type in TYPES:
        for seed in range(1, 40):
            pdf, doc_id, text = _render(doc_type, owner, seed, folder)
            if held is None and is_held_back(doc_id):
                held = (pdf, doc_id, text)
            elif not is_held_back(doc_id):
                chosen.append((pdf, doc_id, text, doc_type))
                break
    assert held is not None and len(chosen) == len(TYPES)
    data = DataDir(folder / "data")
    files = [c[0] for c in chosen] + [held[0]]
    outcomes = list(ingest_paths(files, data, IngestOptions(jobs=2, citizen_id=owner.citizen_id)))
    ids = [d.id for o in outcomes for d in o.documents]
    assert sorted(ids) == sorted([c[1] for c in chosen] + [held[1]])
    return data, chosen, held


def hoso(*args, data):
    env = {**os.environ, "HOSO_DATA_DIR": str(data.root), "OMP_THREAD_LIMIT": "1"}
    return subprocess.run([sys.executable, "-m", "cli", *args], env=env, capture_output=True, text=True)


def test_retype_is_a_label_and_the_trained_model_learns_it(catalogue):
    data, chosen, _ = catalogue
    before = read_labels(data)
    assert {d.source for d in before.documents} == {"confident"}, before
    _, doc_id, text, doc_type = next(c for c in chosen if c[3] == "don_de_nghi")
    base = load_model(data.root)
    assert base.predict(text)[0] == "don_de_nghi"

    retype(data.root, doc_id, "to_khai", "can.bo.a", "an officer corrects a linked document: a reason")
    labels = read_labels(data)
    retyped = next(d for d in labels.documents if d.id == doc_id)
    assert (retyped.doc_type, retyped.source) == ("to_khai", "retype")
    assert labels.counts()["to_khai"]["retype"] == 1

    done = hoso("classify", "train", "--data", str(data.root), data=data)
    assert done.returncode == 0, done.stderr
    assert "the next `hoso ingest` into this data folder uses it" in done.stdout
    assert "1 retype" in done.stdout and "to_khai" in done.stdout
    trained = load_model(data.root)  # what the next ingest loads
    assert trained.trained_on == base.trained_on + labels.pages
    assert trained.predict(text)[0] == "to_khai"
    assert trained.probabilities(text)[trained.classes.index("to_khai")] > \
        base.probabilities(text)[base.classes.index("to_khai")]

    again = hoso("classify", "train", "--json", data=data)
    assert again.returncode == 0, again.stderr
    report = json.loads(again.stdout)
    assert report["labelled_documents"] == len(labels.documents)
    assert report["per_type"]["to_khai"]["retype"] == 1
    # Same labels, same seeds: the same model.
    assert load_model(data.root).probabilities(text).tolist() == trained.probabilities(text).tolist()


def test_eval_scores_the_held_back_split(catalogue):
    data, _, held = catalogue
    few = hoso("classify", "eval", data=data)
    assert few.returncode == 1
    assert "too few labelled documents" in few.stderr and "1 held back" in few.stderr
    assert "macro-F1" not in few.stdout

    shown = hoso("classify", "eval", "--stripped", "--min-held-back", "1", data=data)
    assert shown.returncode == 0, shown.stderr
    assert "== OCR text" in shown.stdout and "== diacritics stripped" in shown.stdout
    assert "macro-F1" in shown.stdout and "confusion" in shown.stdout
    row = next(line for line in shown.stdout.splitlines() if line.startswith("to_khai ") or
               line.startswith("xac_nhan_cu_tru ") or line.startswith("don_de_nghi ") or
               line.startswith("giay_uy_quyen "))
    assert len(row.split()) == 5  # type, precision, recall, F1, support

    as_json = hoso("classify", "eval", "--json", "--min-held-back", "1", data=data)
    report = json.loads(as_json.stdout)
    assert report["status"] == "ok" and report["held_back_documents"] == 1
    assert report["training_documents"] == report["labelled_documents"] - 1
    assert report["stripped"] is None
    assert report["vie"]["macro_f1"] == 1.0  # a clean one-page paper of a type the model knows


def test_no_catalogue_is_an_operator_message(tmp_path):
    empty = DataDir(tmp_path / "empty")
    for command in ("train", "eval"):
        done = hoso("classify", command, "--data", str(empty.root), data=empty)
        assert done.returncode == 1
        assert f"no catalogue in {empty.root}" in done.stderr and "Traceback" not in done.stderr
