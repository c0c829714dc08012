"""Disk full and a read-only data folder stop ingest with a message, leave no partial document, and resume.

Tests may run as root, where chmod stops nothing, so the failures are made real: the
ingest runs in its own user and mount namespace (`unshare --user --map-root-user
--mount`) on a data folder that is a tiny tmpfs (writes beyond its size fail with ENOSPC,
as on a full disk), or that tmpfs remounted read-only (EROFS). Nothing outside the
namespace is mounted or changed. Where the kernel does not allow unprivileged user
namespaces the tests are skipped with that reason.
"""

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from samples.pdf_writer import write_image_pdf
from samples.render import Line, PageLayout, render_page

TITLES = ["ĐƠN ĐỀ NGHỊ", "TỜ KHAI ĐĂNG KÝ KHAI SINH", "GIẤY KHAI SINH", "HỢP ĐỒNG ỦY QUYỀN"]


def _namespaces_work() -> str | None:
    if not shutil.which("unshare"):
        return "util-linux `unshare` is not installed"
    probe = subprocess.run(["unshare", "--user", "--map-root-user", "--mount", "sh", "-c",
                            "d=$(mktemp -d) && mount -t tmpfs -o size=64k none $d && umount $d && rmdir $d"],
                           capture_output=True, text=True)
    return None if probe.returncode == 0 else f"cannot mount a tmpfs in a user namespace: {probe.stderr.strip()}"


SKIP = _namespaces_work()
pytestmark = pytest.mark.skipif(SKIP is not None, reason=f"no way to make a real full/read-only disk here: {SKIP}")


def _inbox(folder: Path, count: int) -> Path:
    folder.mkdir()
    for i, title in enumerate(TITLES[:count]):
        pages = [render_page(PageLayout([Line(title, 15, "serif-bold", "center"),
                                         Line(f"Hồ sơ số {i + 1}/2026, trang {n + 1}", 13)]), dpi=200).image
                 for n in range(2)]
        write_image_pdf(folder / f"scan-{i}.pdf", pages, dpi=200)
    return folder


def _in_namespace(tmp_path: Path, script: str) -> subprocess.CompletedProcess:
    """Run `script` (sh) in a private mount namespace; $DATA is the data folder, $PY the interpreter."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1", "PY": sys.executable, "DATA": str(tmp_path / "data"),
           "COPY": str(tmp_path / "copy"), "HOSO_DATA_DIR": str(tmp_path / "data")}
    (tmp_path / "data").mkdir(exist_ok=True)
    (tmp_path / "copy").mkdir(exist_ok=True)
    return subprocess.run(["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", f"set -u\n{script}"],
                          env=env, capture_output=True, text=True, timeout=600, cwd=Path(__file__).parents[1])


def _check_no_partial_documents(data: Path) -> int:
    """Every visible document belongs to a finished file and has its whole searchable PDF; returns the count."""
    with sqlite3.connect(data / "catalogue.sqlite") as db:
        rows = db.execute("SELECT d.id, f.status FROM documents d JOIN files f ON f.sha256 = d.source_sha256").fetchall()
        loose = db.execute("SELECT count(*) FROM pages p JOIN files f ON f.sha256 = p.source_sha256"
                           " WHERE f.status != 'done'").fetchone()[0]
    assert all(status == "done" for _, status in rows), rows
    assert loose == 0
    for doc_id, _ in rows:
        assert (data / "searchable" / doc_id[:2] / f"{doc_id}.pdf").is_file(), doc_id
    assert not [p for p in data.rglob("*.part")], "half-written files left behind"
    return len(rows)


def _runs(stdout: str) -> list[dict]:
    return [json.loads(part) for part in stdout.split("\n=====\n") if part.strip().startswith("{")]


def test_disk_full_stops_with_a_message_and_resumes_once_space_is_freed(tmp_path):
    inbox = _inbox(tmp_path / "inbox", 4)
    size_kb = 900  # the catalogue, an original or two and a few page images, not four files' worth
    result = _in_namespace(tmp_path, f"""
mount -t tmpfs -o size={size_kb}k none "$DATA"
"$PY" -m cli ingest "{inbox}" --jobs 1 --json; echo "rc=$?" >&2
cp -a "$DATA/." "$COPY/"
echo "\\n=====" ; mount -o remount,size=64m "$DATA"
"$PY" -m cli ingest "{inbox}" --jobs 1 --json; echo "rc=$?" >&2
mkdir "$COPY/after" && cp -a "$DATA/." "$COPY/after/"
""")
    first, second = result.stderr.split("rc=")[1], result.stderr.split("rc=")[2]
    assert first.startswith("1"), result.stderr[-3000:]
    assert "ingest stopped: the disk is full" in result.stderr, result.stderr[-3000:]
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert "quarantined" not in result.stdout  # a full disk is not the scan's fault
    _check_no_partial_documents(tmp_path / "copy")
    assert second.startswith("0"), result.stderr[-3000:]
    after = tmp_path / "copy" / "after"
    assert _check_no_partial_documents(after) >= 4
    with sqlite3.connect(after / "catalogue.sqlite") as db:
        assert db.execute("SELECT count(*) FROM files WHERE status = 'done'").fetchone()[0] == 4
        assert db.execute("SELECT count(*) FROM pages WHERE document_id IS NOT NULL").fetchone()[0] == 8
    assert not list((tmp_path / "copy" / "after" / "quarantine").iterdir())


def test_read_only_data_folder_stops_with_a_message(tmp_path):
    inbox = _inbox(tmp_path / "inbox", 2)
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    shutil.copy(inbox / "scan-0.pdf", first)
    shutil.copy(inbox / "scan-1.pdf", second)
    result = _in_namespace(tmp_path, f"""
mount -t tmpfs -o size=64m none "$DATA"
"$PY" -m cli ingest "{first}" --jobs 1; echo "rc=$?" >&2
mount -o remount,ro "$DATA"
"$PY" -m cli ingest "{second}" --jobs 1; echo "rc=$?" >&2
cp -a "$DATA/." "$COPY/"
""")
    codes = [part[0] for part in result.stderr.split("rc=")[1:]]
    assert codes == ["0", "1"], result.stderr[-3000:]
    assert "ingest stopped: the data folder is on a read-only file system" in result.stderr, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    assert _check_no_partial_documents(tmp_path / "copy") >= 1
    with sqlite3.connect(tmp_path / "copy" / "catalogue.sqlite") as db:
        assert db.execute("SELECT count(*) FROM files").fetchone()[0] == 1


def test_watch_on_a_read_only_data_folder_stops_and_leaves_the_file_in_the_inbox(tmp_path):
    inbox = _inbox(tmp_path / "inbox", 1)
    result = _in_namespace(tmp_path, f"""
mount -t tmpfs -o size=1m none "$DATA"
mkdir "$DATA/quarantine" "$DATA/originals"
mount -o remount,ro "$DATA"
"$PY" -m cli watch "{inbox}" --once --interval 0.3; echo "rc=$?" >&2
""")
    assert "rc=1" in result.stderr, result.stderr[-3000:]
    assert "ingest stopped: the data folder is on a read-only file system" in result.stderr
    assert "Traceback" not in result.stderr
    assert (inbox / "scan-0.pdf").is_file()  # not moved to done/ nor quarantine/: not the file's fault
    assert not (inbox / "done").exists() and not (inbox / "quarantine").exists()


def test_no_permission_on_the_data_folder_stops_with_a_message(tmp_path):
    """EACCES for real: as root (who ignores modes), ingest runs as `nobody` through setpriv."""
    import tempfile

    base = Path(tempfile.mkdtemp(prefix="hoso-eacces-"))
    try:
        inbox = _inbox(base / "inbox", 1)
        data = base / "data"
        data.mkdir()
        for path in (base, inbox, data, *inbox.iterdir()):
            path.chmod(0o755 if path.is_dir() else 0o644)
        command = [sys.executable, "-m", "cli", "ingest", str(inbox), "--jobs", "1"]
        if os.geteuid() == 0:
            if not shutil.which("setpriv"):
                pytest.skip("running as root without util-linux setpriv: cannot drop to an unprivileged user")
            drop = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
            probe = subprocess.run([*drop, sys.executable, "-c", "import cli"], capture_output=True, text=True,
                                   timeout=120, cwd=Path(__file__).parents[1])
            if probe.returncode != 0:
                pytest.skip("the checkout or its .venv is not readable by an unprivileged user (a 0700 folder?): "
                            f"cannot drop to one to provoke EACCES as root ({probe.stderr.strip()[-200:]})")
            command = [*drop, *command]
        else:
            data.chmod(0o555)
        env = {**os.environ, "HOSO_DATA_DIR": str(data), "HOME": str(base)}
        result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300,
                                cwd=Path(__file__).parents[1])
        assert result.returncode == 1, result.stderr[-3000:]
        assert "ingest stopped: no permission to write in the data folder" in result.stderr, result.stderr[-3000:]
        assert "Traceback" not in result.stderr
        assert list(data.iterdir()) == []
    finally:
        shutil.rmtree(base, ignore_errors=True)
