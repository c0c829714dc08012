"""Four stations of two centres ingest into one PostgreSQL catalogue and one shared folder at once,
and random ones are killed with kill -9, twenty times; the result equals a serial run.

Centre A's two stations are given the same stack (so both try every file: none may be read
twice), centre B's two stations another. A killed station is started again, as its operator
would, and resumes. At the end the documents (ids, type, link, citizen, centre, pages and
their text) equal those of one station ingesting both stacks in turn into a fresh catalogue,
every file is done, and every page is in exactly one document. One difference is allowed, and
counted: a paper whose link rests on an ID card in another file may wait for review in one run
and be linked in the other, since which file is read first depends on the stations' pace.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from catalogue.database import url_of
from samples.batch import generate_batch
from tests.catalogues import new_database

pytestmark = pytest.mark.slow  # many OCR pages and processes (tests/conftest.py hands it out first)

KILLS = 20
SEED = int(os.environ.get("HOSO_CRASH_SEED", "15"))
# 4 files (6 pages) for A's two stations, 2 files (4 pages) for B's: the first counter's 13-page
# stack is left out to keep the suite short, the kill moments scale with the serial run.
STACKS = {"A": ("quay2", "quay3"), "B": ("van_thu", "dien_thoai")}
CENTRES = {"A": "00004", "B": "00007"}


@pytest.fixture(scope="module")
def stacks(tmp_path_factory):
    """Four counters' files of one sample batch, split into the two centres' stacks."""
    made = tmp_path_factory.mktemp("province") / "batch"
    generate_batch(made, seed=7, citizens=4)
    stacks = {}
    for centre, folders in STACKS.items():
        stack = made.parent / f"stack-{centre}"
        for folder in folders:
            if (made / folder).exists():
                shutil.copytree(made / folder, stack / folder)
        stacks[centre] = stack
    assert all(any(s.rglob("*.*")) for s in stacks.values())
    return stacks


def _env(url: str, data: Path, centre: str) -> dict[str, str]:
    env = {**os.environ, "HOSO_DATA_DIR": str(data), "HOSO_CATALOGUE_URL": url, "HOSO_INDEX": "postgres",
           "HOSO_CENTRE": CENTRES[centre], "OMP_THREAD_LIMIT": "1"}
    env.pop("HOSO_FAULT_AT", None)
    return env


def _hoso(url: str, data: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cli", *args], env=_env(url, data, "A"), capture_output=True,
                          text=True, timeout=300)


def _start(url: str, data: Path, centre: str, stack: Path, log: Path) -> subprocess.Popen:
    with open(log, "ab") as out:
        return subprocess.Popen([sys.executable, "-m", "cli", "ingest", str(stack), "--jobs", "1"],
                                env=_env(url, data, centre), stdout=out, stderr=out, start_new_session=True)


def _kill(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()


def _prepare(url: str, data: Path) -> None:
    for code, name in (("00004", "Phường Ba Đình"), ("00007", "Phường Phúc Xá")):
        done = _hoso(url, data, "centres", "add", code, "--name", name)
        assert done.returncode == 0, done.stderr


def _documents(url: str) -> dict[str, tuple]:
    engine = sa.create_engine(url_of(url))
    try:
        with engine.connect() as c:
            pages = {}
            for p in c.execute(sa.text("SELECT document_id, number, text FROM pages WHERE document_id IS NOT NULL"
                                       " ORDER BY number")):
                pages.setdefault(p.document_id, []).append((p.number, p.text))
            return {d.id: (d.source_sha256, d.doc_type, d.link_status, d.citizen_id, d.centre,
                           tuple(pages.get(d.id, [])), d.link_reason_code or "")
                    for d in c.execute(sa.text("SELECT * FROM documents"))}
    finally:
        engine.dispose()


def _states(url: str) -> dict[str, str]:
    engine = sa.create_engine(url_of(url))
    try:
        with engine.connect() as c:
            return dict(c.execute(sa.text("SELECT sha256, status FROM files")).all())
    finally:
        engine.dispose()


def _same_but_for_waiting(final: dict[str, tuple], reference: dict[str, tuple]) -> int:
    """Equal documents, except that a paper may wait for review in one run and be linked in the
    other: linking may rest on an ID card of another file already on file (pipeline/field_store.
    cards_on_file), and which file comes first differs when stations work side by side. Never a
    link to another citizen. Returns how many papers differ so."""
    waited = 0
    for doc_id, doc in final.items():
        serial = reference[doc_id]
        assert doc[:2] + doc[4:6] == serial[:2] + serial[4:6], doc_id  # file, type, centre, pages, text
        if doc[2:4] == serial[2:4]:
            continue  # the same link (its reason may name other evidence)
        linked = doc if doc[2] == "linked" else serial
        waiting = serial if linked is doc else doc
        assert waiting[2:4] == ("review", None), (doc_id, doc[2:4], serial[2:4])
        assert "card_on_file" in linked[6] or "stack_card" in linked[6], (doc_id, linked[6])
        waited += 1
    return waited


def test_four_stations_of_two_centres_killed_twenty_times_give_the_serial_result(stacks, postgres_cluster,
                                                                                 tmp_path):
    with new_database(postgres_cluster) as serial_url:
        serial_data = tmp_path / "serial"
        _prepare(serial_url, serial_data)
        started = time.monotonic()
        for centre in ("A", "B"):
            proc = _start(serial_url, serial_data, centre, stacks[centre], tmp_path / "serial.log")
            assert proc.wait(timeout=900) == 0, (tmp_path / "serial.log").read_text()[-3000:]
        serial_seconds = time.monotonic() - started
        reference = _documents(serial_url)
    assert reference and {d[4] for d in reference.values()} == set(CENTRES.values())

    with new_database(postgres_cluster) as url:
        shared = tmp_path / "shared"  # one folder for the four stations, as the province's mount
        _prepare(url, shared)
        rng = random.Random(SEED)
        stations = [("A", 0), ("A", 1), ("B", 0), ("B", 1)]
        log = tmp_path / "stations.log"
        running = {s: _start(url, shared, s[0], stacks[s[0]], log) for s in stations}
        kills, deadline = 0, time.monotonic() + 900
        # Kills at moments that scale with this machine's speed now (it is shared).
        pause = max(serial_seconds / (2 * KILLS), 0.4)
        while kills < KILLS and time.monotonic() < deadline:
            time.sleep(rng.uniform(0.3, 1.7) * pause)
            victim = rng.choice(stations)
            _kill(running[victim])
            kills += 1
            running[victim] = _start(url, shared, victim[0], stacks[victim[0]], log)
        assert kills == KILLS
        for station, proc in running.items():
            assert proc.wait(timeout=900) == 0, log.read_text()[-3000:]
        # Each station once more, as an operator would after a crash: everything already done.
        for centre in ("A", "B"):
            again = _start(url, shared, centre, stacks[centre], log)
            assert again.wait(timeout=900) == 0, log.read_text()[-3000:]

        assert set(_states(url).values()) == {"done"}
        final = _documents(url)
        assert final.keys() == reference.keys()
        waited = _same_but_for_waiting(final, reference)
        by_file: dict[str, list[int]] = {}
        for doc in final.values():
            by_file.setdefault(doc[0], []).extend(n for n, _ in doc[5])
        assert all(len(numbers) == len(set(numbers)) for numbers in by_file.values())  # no page twice
        leftovers = [p for p in shared.rglob(".*") if p.name.endswith(".part")]
        assert not leftovers, leftovers[:5]
    print(f"\n{kills} kills of 4 stations; serial run {serial_seconds:.0f} s, {len(final)} documents, "
          f"{waited} linked in one run and waiting in the other (the order of files)")
