"""kill -9 of the whole ingest process tree at random moments of a 60-page batch, over and over.

After every kill the catalogue must hold whole files or nothing of them (each committed
file's documents equal those of an uninterrupted run), every searchable PDF visible under
its final name must be complete, and the next run resumes. At the end the documents (ids,
page membership, types, citizen links, text) equal the uninterrupted run's, every page is
in exactly one document (or reported), and no page finished before a kill was done again.

The kills are real SIGKILLs to the process group (the ingest process, its page workers
and their Tesseract processes: what a power cut does to them), at random wall-clock
moments, plus a few at named points (pipeline/faults.py) that random timing rarely hits:
right after a page result is saved, after the PDFs are built but before the commit, and
after the commit but before the dossier events.
"""

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pikepdf
import pytest

from ingest import sha256_of
from samples.batch import generate_batch

pytestmark = pytest.mark.slow  # many OCR pages and processes (tests/conftest.py hands it out first)

KILLS = 20  # in all: the named points first, then random moments
SEED = int(os.environ.get("HOSO_CRASH_SEED", "8"))
NAMED_POINTS = ["page-saved:2", "pdfs-built", "file-committed", "page-saved:5"]


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    folder = tmp_path_factory.mktemp("crash") / "inbox"
    truth = generate_batch(folder, seed=7, citizens=4, pages_target=60)
    assert sum(len(f.pages) for f in truth.files) >= 60
    return folder, truth


def _start(inbox: Path, data: Path, log: Path, fault: str | None = None) -> subprocess.Popen:
    env = {**os.environ, "HOSO_DATA_DIR": str(data), "OMP_THREAD_LIMIT": "1"}
    env.pop("HOSO_FAULT_AT", None)
    if fault:
        env["HOSO_FAULT_AT"] = fault
    with open(log, "ab") as out:
        # Own session: the kill reaches the workers and Tesseract too, as a power cut would.
        return subprocess.Popen([sys.executable, "-m", "cli", "ingest", str(inbox), "--jobs", "2"], env=env,
                                stdout=out, stderr=out, start_new_session=True)


def _kill_all(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()


def _db(data: Path) -> sqlite3.Connection:
    db = sqlite3.connect(data / "catalogue.sqlite")
    db.row_factory = sqlite3.Row
    return db


def _documents(data: Path) -> dict[str, tuple]:
    """Per document: source, type, link, citizen, page numbers and their text."""
    if not (data / "catalogue.sqlite").exists():
        return {}
    with _db(data) as db:
        found = {}
        for d in db.execute("SELECT * FROM documents"):
            pages = db.execute("SELECT number, text FROM pages WHERE document_id = ? ORDER BY number", (d["id"],))
            pages = [(p["number"], p["text"]) for p in pages]
            found[d["id"]] = (d["source_sha256"], d["doc_type"], d["link_status"], d["citizen_id"],
                              d["id_candidates"], pages)
        return found


def _file_states(data: Path) -> dict[str, str]:
    if not (data / "catalogue.sqlite").exists():
        return {}
    with _db(data) as db:
        return {r["sha256"]: r["status"] for r in db.execute("SELECT sha256, status FROM files")}


def _check_consistent(data: Path, reference: dict[str, tuple]) -> None:
    """Whole files or nothing: a done file has exactly its reference documents, others have none."""
    documents = _documents(data)
    states = _file_states(data)
    for doc_id, doc in documents.items():
        assert states[doc[0]] == "done", f"{doc_id} visible while its file is {states[doc[0]]}"
        assert doc == reference[doc_id], f"{doc_id} differs from the uninterrupted run"
    for sha, state in states.items():
        if state == "done":
            expected = {i for i, d in reference.items() if d[0] == sha}
            assert expected == {i for i, d in documents.items() if d[0] == sha}
    with _db(data) as db:
        loose = db.execute("SELECT count(*) FROM pages p JOIN files f ON f.sha256 = p.source_sha256"
                           " WHERE f.status != 'done'").fetchone()[0]
    assert loose == 0, "pages of an unfinished file are visible"
    for pdf in (data / "searchable").rglob("*.pdf"):
        if pdf.parent.name.startswith("."):
            continue  # a killed build's work folder: never under a final name
        with pikepdf.open(pdf) as opened:  # complete, or it would not be under its final name
            assert len(opened.pages) == len(reference[pdf.stem][5])


def _done_page_images(data: Path) -> dict[Path, int]:
    """Inode of each page image whose page job is finished (a redone page gets a new inode)."""
    if not (data / "catalogue.sqlite").exists():
        return {}
    with _db(data) as db:
        rows = db.execute("SELECT source_sha256, number FROM page_jobs WHERE state = 'done'").fetchall()
    images = {}
    for row in rows:
        image = data / "pages" / row[0][:2] / row[0] / f"{row[1]:04d}.jpg"
        if image.exists():
            images[image] = image.stat().st_ino
    return images


def test_random_kills_resume_to_the_same_documents(batch, tmp_path):
    inbox, truth = batch
    started = time.monotonic()
    reference_data = tmp_path / "reference"
    proc = _start(inbox, reference_data, tmp_path / "reference.log")
    assert proc.wait(timeout=900) == 0, (tmp_path / "reference.log").read_text()[-3000:]
    reference = _documents(reference_data)
    reference_seconds = time.monotonic() - started
    assert reference
    # Kill moments scale with how fast pages go on this machine right now (it is shared):
    # between a third of a page and three pages' time after the start.
    page_seconds = reference_seconds / sum(len(f.pages) for f in truth.files)

    data = tmp_path / "killed"
    log = tmp_path / "killed.log"
    rng = random.Random(SEED)
    kills = resumes = 0
    seen_done: dict[Path, int] = {}
    points = list(NAMED_POINTS)
    killed_started = time.monotonic()
    while True:
        fault = points.pop(0) if points else None
        proc = _start(inbox, data, log, fault)
        resumes += kills > 0
        if fault:
            code = proc.wait(timeout=600)
            _kill_all(proc)  # its orphaned workers
            assert code == -signal.SIGKILL, f"fault point {fault} was not reached (exit {code})"
        elif kills < KILLS:
            try:
                code = proc.wait(timeout=rng.uniform(0.3, 3.0) * page_seconds + 0.3)
                pytest.fail(f"the batch finished after only {kills} kills (exit {code}); kill sooner")
            except subprocess.TimeoutExpired:
                _kill_all(proc)
        else:
            assert proc.wait(timeout=900) == 0, log.read_text()[-3000:]
            break
        kills += 1
        _check_consistent(data, reference)
        for image, inode in _done_page_images(data).items():
            seen_done.setdefault(image, inode)
    killed_seconds = time.monotonic() - killed_started

    final = _documents(data)
    assert final == reference
    assert set(_file_states(data).values()) == {"done"}
    # Every page of every file in exactly one document, or reported alone; none twice, none missing.
    with _db(data) as db:
        for file in truth.files:
            sha = sha256_of(inbox / file.name)
            numbers = [r[0] for r in db.execute("SELECT number FROM pages WHERE source_sha256 = ?", (sha,))]
            assert sorted(numbers) == list(range(1, len(file.pages) + 1)), file.name
            in_documents = [n for d in final.values() if d[0] == sha for n, _ in d[5]]
            assert len(in_documents) == len(set(in_documents))
        assert db.execute("SELECT count(*) FROM page_jobs WHERE state NOT IN ('done','failed')").fetchone()[0] == 0
        assert db.execute("SELECT count(*) FROM page_jobs WHERE outcome IS NOT NULL").fetchone()[0] == 0
    # No page finished before a kill was processed again after it.
    redone = [str(p) for p, inode in seen_done.items() if p.stat().st_ino != inode]
    assert not redone, f"finished pages were redone: {redone[:5]}"
    assert len(seen_done) >= 10  # kills landed while pages were being done, not only at start-up
    leftovers = [p for p in data.rglob(".*") if p.name.endswith(".part") or p.parent.parent.name == "searchable"]
    assert not leftovers, f"half-written outputs left behind: {leftovers[:5]}"
    assert kills >= KILLS
    print(f"\n{kills} kills, {resumes} resumes; uninterrupted run {reference_seconds:.0f} s, "
          f"killed-and-resumed run {killed_seconds:.0f} s; {len(seen_done)} page results kept across kills")
