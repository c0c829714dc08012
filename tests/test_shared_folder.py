"""A data folder shared by several machines: content-addressed files written by atomic rename.

Two stations (here: processes) store the same original at the same moment, many times: the
file is whole, byte for byte, and no temporary file is left. A temporary file of another
machine is left alone until it is old; one of a dead process of this machine is removed.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import time

from ingest.archive import store_original
from ingest.atomic import FOREIGN_TEMP_MAX_AGE_S, is_abandoned, temp_for
from pipeline.datadir import DataDir
from pipeline.partials import sweep_partials


def _store(source, sha, originals, start):
    start.wait(30)
    for _ in range(20):
        target = originals / sha[:2] / sha
        target.unlink(missing_ok=True)  # as if this station had not seen it: write it again
        store_original(source, sha, originals)


def test_two_stations_storing_the_same_original_at_once_leave_it_whole(tmp_path):
    source = tmp_path / "scan.pdf"
    source.write_bytes(os.urandom(3 * 1024 * 1024))
    sha = hashlib.sha256(source.read_bytes()).hexdigest()
    originals = tmp_path / "shared" / "originals"
    context = multiprocessing.get_context("spawn")
    start = context.Event()
    stations = [context.Process(target=_store, args=(source, sha, originals, start)) for _ in range(3)]
    for s in stations:
        s.start()
    start.set()
    for s in stations:
        s.join(120)
        assert s.exitcode == 0
    stored = store_original(source, sha, originals)
    assert hashlib.sha256(stored.read_bytes()).hexdigest() == sha
    assert [p.name for p in stored.parent.iterdir()] == [sha]  # no temporary file left


def test_temporary_names_differ_per_writer_and_name_machine_and_process(tmp_path):
    target = tmp_path / "0001.jpg"
    first, second = temp_for(target), temp_for(target)
    assert first != second and first.parent == target.parent
    assert first.name.startswith(".0001.jpg.") and first.name.endswith(f".{os.getpid()}.{first.name.split('.')[-2]}.part")


def test_only_abandoned_temporary_files_are_swept(tmp_path):
    data = DataDir(tmp_path / "data")
    sha = "ab" * 32
    folder = data.originals / sha[:2]
    folder.mkdir(parents=True)
    mine_alive = temp_for(folder / sha)
    dead = folder / f".{sha}.{temp_for(folder / sha).name.split('.')[-4]}.999999999.0badcafe.part"
    other_recent = folder / f".{sha}.another-station.4242.12345678.part"
    other_old = folder / f".{sha}.another-station.4243.87654321.part"
    for path in (mine_alive, dead, other_recent, other_old):
        path.write_bytes(b"half")
    old = time.time() - FOREIGN_TEMP_MAX_AGE_S - 60
    os.utime(other_old, (old, old))
    assert not is_abandoned(mine_alive) and is_abandoned(dead)
    assert not is_abandoned(other_recent) and is_abandoned(other_old)
    assert sweep_partials(data, sha) == 2
    assert sorted(p.name for p in folder.iterdir()) == sorted([mine_alive.name, other_recent.name])
