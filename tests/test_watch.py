"""`hoso watch`: the hot folder takes complete files only, moves them out, obeys manifests within the inbox."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from pipeline.datadir import DataDir
from pipeline.models import IngestOptions
from pipeline.watch import HotFolder
from samples.pdf_writer import write_image_pdf
from samples.render import Line, PageLayout, render_page

CITIZEN = "001089012345"  # valid structure: Hà Nội, male born 1989


def _pdf(path: Path, title: str, body: str = "Kính gửi: Ủy ban nhân dân xã Tứ Kỳ") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    page = render_page(PageLayout([Line(title, 15, "serif-bold", "center"), Line(body, 13)]), dpi=200)
    write_image_pdf(path, [page.image], dpi=200)
    return path


def _watch(inbox: Path, data: Path, *extra: str, timeout: float = 300) -> subprocess.CompletedProcess:
    env = {**os.environ, "HOSO_DATA_DIR": str(data), "OMP_THREAD_LIMIT": "1"}
    return subprocess.run([sys.executable, "-m", "cli", "watch", str(inbox), "--interval", "0.5", "--jobs", "1",
                           *extra], env=env, capture_output=True, text=True, timeout=timeout)


def _catalogue(data: Path) -> sqlite3.Connection:
    db = sqlite3.connect(data / "catalogue.sqlite")
    db.row_factory = sqlite3.Row
    return db


def test_once_ingests_moves_to_done_and_uses_dossier_folders_and_manifest(tmp_path):
    inbox = tmp_path / "inbox"
    _pdf(inbox / "HS-2026-0001" / "don.pdf", "ĐƠN ĐỀ NGHỊ")
    _pdf(inbox / "to khai ông Đặng.pdf", "TỜ KHAI ĐĂNG KÝ KHAI SINH")
    _pdf(inbox / "bad-id.pdf", "HỢP ĐỒNG ỦY QUYỀN")
    (inbox / "link.pdf").symlink_to("/etc/passwd")
    (inbox / "manifest.json").write_text(json.dumps([
        {"file": "to khai ông Đặng.pdf", "citizen_id": CITIZEN, "dossier": "HS-2026-0002", "procedure": "dang_ky_khai_sinh"},
        {"file": "../../etc/passwd", "citizen_id": CITIZEN},
        {"file": "/etc/passwd"},
        {"file": "link.pdf"},
        {"file": "bad-id.pdf", "citizen_id": "001089012345'; DROP TABLE documents; --"},
        {"file": "HS-2026-0001/don.pdf", "dossier": "$(rm -rf ~)"},
    ], ensure_ascii=False), encoding="utf-8")
    data = tmp_path / "data"
    result = _watch(inbox, data, "--once")
    out = result.stdout
    assert result.returncode == 3, result.stderr[-2000:]  # two files quarantined
    assert "Traceback" not in result.stderr
    assert "'../../etc/passwd' refused: path traversal" in out
    assert "'/etc/passwd' refused: absolute paths are refused" in out
    assert "'link.pdf' refused: the file (through a symbolic link) lies outside the inbox" in out
    assert "is not a valid citizen ID" in out and "is not a valid code" in out
    assert "batch: 3 file(s): 1 ingested, 0 already on file, 2 quarantined" in out
    # Moved out, keeping sub-paths; refused files to the inbox's quarantine with their reason.
    assert (inbox / "done" / "to khai ông Đặng.pdf").is_file()
    # All its files handled; it had refused entries, so it waits in quarantine with them.
    refusals = (inbox / "quarantine" / "manifest.json.reason.txt").read_text(encoding="utf-8")
    assert "entry '../../etc/passwd': path traversal" in refusals
    assert (inbox / "quarantine" / "bad-id.pdf").is_file()
    reason = (inbox / "quarantine" / "bad-id.pdf.reason.txt").read_text(encoding="utf-8")
    assert "manifest entry refused: citizen_id" in reason
    assert "not a valid code" in (inbox / "quarantine" / "HS-2026-0001" / "don.pdf.reason.txt").read_text()
    assert (inbox / "link.pdf").is_symlink()  # a symlink is never taken nor moved
    with _catalogue(data) as db:
        names = [r["name"] for r in db.execute("SELECT name FROM files")]
        assert names == ["to khai ông Đặng.pdf"]  # nothing refused reached the catalogue
        [doc] = db.execute("SELECT * FROM documents").fetchall()
        assert (doc["dossier"], doc["procedure"], doc["citizen_id"]) == ("HS-2026-0002", "dang_ky_khai_sinh", CITIZEN)
        assert db.execute("SELECT count(*) FROM documents").fetchone()[0] == 1  # the table is still there


def test_a_dossier_folder_gives_its_code_and_a_second_drop_of_the_same_file_is_on_file(tmp_path):
    inbox = tmp_path / "inbox"
    source = _pdf(tmp_path / "src" / "don.pdf", "ĐƠN ĐỀ NGHỊ")
    (inbox / "HS-2026-0007").mkdir(parents=True)
    (inbox / "HS-2026-0007" / "don.pdf").write_bytes(source.read_bytes())
    data = tmp_path / "data"
    first = _watch(inbox, data, "--once")
    assert first.returncode == 0, first.stderr[-2000:]
    assert (inbox / "done" / "HS-2026-0007" / "don.pdf").is_file()
    assert not (inbox / "HS-2026-0007").exists()  # emptied by the move: removed
    (inbox / "HS-2026-0007").mkdir()  # the scanner makes the dossier's folder again
    (inbox / "HS-2026-0007" / "don.pdf").write_bytes(source.read_bytes())
    second = _watch(inbox, data, "--once")
    assert "on file     HS-2026-0007/don.pdf: already ingested" in second.stdout
    assert (inbox / "done" / "HS-2026-0007" / "don-2.pdf").is_file()  # the first one is not overwritten
    with _catalogue(data) as db:
        assert [r[0] for r in db.execute("SELECT dossier FROM documents")] == ["HS-2026-0007"]


def test_a_file_is_taken_only_once_complete(tmp_path):
    inbox = tmp_path / "inbox"
    whole = _pdf(tmp_path / "whole.pdf", "ĐƠN ĐỀ NGHỊ").read_bytes()
    partial = inbox / "scan.pdf"
    inbox.mkdir()
    partial.write_bytes(whole[: len(whole) // 2])  # the scanner is still writing: no %%EOF yet
    folder = HotFolder(inbox, DataDir(tmp_path / "data"), IngestOptions(jobs=1))
    assert folder.poll()[0] == []  # first sight: not known to be stable
    ready, waiting = folder.poll()
    assert ready == [] and waiting == ["scan.pdf: PDF not complete yet (no %%EOF trailer)"]
    with open(partial, "ab") as handle:
        handle.write(whole[len(whole) // 2:])
    ready, waiting = folder.poll()
    assert ready == [] and waiting == ["scan.pdf: still being written (size or time changed)"]
    ready, waiting = folder.poll()
    assert ready == [partial] and waiting == []
    # A PDF whose writer died never gets its trailer: taken once stale, for ingest to judge.
    dead = inbox / "dead.pdf"
    dead.write_bytes(whole[: len(whole) // 2])
    old = time.time() - 3600
    os.utime(dead, (old, old))
    folder.stale_after = 600
    folder.poll()
    assert dead in folder.poll()[0]


def test_ctrl_c_stops_between_files(tmp_path):
    inbox = tmp_path / "inbox"
    titles = ["ĐƠN ĐỀ NGHỊ", "TỜ KHAI ĐĂNG KÝ KHAI SINH", "GIẤY KHAI SINH", "HỢP ĐỒNG ỦY QUYỀN", "ĐƠN ĐỀ NGHỊ"]
    for i, title in enumerate(titles):
        _pdf(inbox / f"scan-{i}.pdf", title, f"Hồ sơ số {i + 1}/2026")
    data = tmp_path / "data"
    env = {**os.environ, "HOSO_DATA_DIR": str(data), "OMP_THREAD_LIMIT": "1", "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "cli", "watch", str(inbox), "--interval", "0.5", "--jobs", "2"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    lines = []
    for line in proc.stdout:
        lines.append(line)
        if line.startswith("ok "):
            # As a terminal does: SIGINT to the whole foreground group (workers, Tesseract too).
            os.killpg(proc.pid, signal.SIGINT)
            break
    out, err = proc.communicate(timeout=300)
    lines += out.splitlines(keepends=True)
    text = "".join(lines)
    assert proc.returncode == 0, err[-2000:]
    assert "Traceback" not in err
    assert "stopped by Ctrl-C" in text
    assert "page error" not in text  # the page in hand was finished, not killed
    done = sorted(p.name for p in (inbox / "done").glob("*.pdf"))
    left = sorted(p.name for p in inbox.glob("*.pdf"))
    assert done and left, (done, left)  # stopped part way
    assert sorted(done + left) == [f"scan-{i}.pdf" for i in range(len(titles))]
    with _catalogue(data) as db:
        finished = sorted(r[0] for r in db.execute("SELECT name FROM files WHERE status = 'done'"))
        assert finished == done
        assert db.execute("SELECT count(*) FROM files WHERE status != 'done'").fetchone()[0] == 0


def test_the_summary_comes_last_and_emptied_sub_folders_go(tmp_path):
    """Defect 25: the summary line came before the last 'waiting' line, and sub-folders whose
    files had moved out stayed in the inbox."""
    inbox = tmp_path / "inbox"
    _pdf(inbox / "HS-2026-0009" / "ho-so" / "don.pdf", "ĐƠN ĐỀ NGHỊ")  # two levels: both emptied
    _pdf(inbox / "HS-2026-0010" / "don.pdf", "TỜ KHAI ĐĂNG KÝ KHAI SINH")
    (inbox / "HS-2026-0010" / ".ghi-chu").write_text("kept by the scanner")  # still holds something: stays
    (inbox / "HS-2026-0011").mkdir()  # empty before the run, not emptied by it: left to the scanner
    whole = _pdf(tmp_path / "whole.pdf", "GIẤY KHAI SINH").read_bytes()
    (inbox / "HS-2026-0012").mkdir()
    (inbox / "HS-2026-0012" / "dang-scan.pdf").write_bytes(whole[: len(whole) // 2])  # no %%EOF yet
    result = _watch(inbox, tmp_path / "data", "--once")
    assert result.returncode == 0, result.stderr[-2000:]
    lines = result.stdout.splitlines()
    assert lines[-1].startswith("batch: ") and "1 file(s) still incomplete" in lines[-1], lines
    waiting = [i for i, line in enumerate(lines) if line.startswith("waiting ")]
    assert waiting and max(waiting) < len(lines) - 1
    assert "HS-2026-0012/dang-scan.pdf: PDF not complete yet" in lines[max(waiting)]
    assert (inbox / "done" / "HS-2026-0009" / "ho-so" / "don.pdf").is_file()
    assert (inbox / "done" / "HS-2026-0010" / "don.pdf").is_file()
    assert not (inbox / "HS-2026-0009").exists()
    assert (inbox / "HS-2026-0010" / ".ghi-chu").is_file()
    assert (inbox / "HS-2026-0011").is_dir() and (inbox / "HS-2026-0012" / "dang-scan.pdf").is_file()
    assert inbox.is_dir()


def test_a_file_name_with_a_line_break_prints_on_one_line(tmp_path):
    inbox = tmp_path / "inbox"
    _pdf(inbox / "don\nok          forged.pdf", "ĐƠN ĐỀ NGHỊ")
    result = _watch(inbox, tmp_path / "data", "--once")
    assert result.returncode == 0, result.stderr[-2000:]
    assert not [line for line in result.stdout.splitlines() if line.startswith("ok          forged.pdf")]
    assert "don\\nok          forged.pdf" in result.stdout
