"""One page's crash or hang fails that page, never the batch (real processes, real signals).

A worker process is SIGKILLed in the middle of a page, and a Tesseract process is frozen
with SIGSTOP: the pool must notice, replace its workers and carry on.
"""

import json
import os
import signal
import subprocess
import sys
import threading
import time
import unicodedata

import psutil
import pytest

from samples.pdf_writer import write_image_pdf
from samples.render import Line, PageLayout, render_page

LINES = ["Ủy ban nhân dân xã Tứ Kỳ", "Trung tâm Phục vụ hành chính công", "Giấy xác nhận thông tin về cư trú"]


@pytest.fixture(scope="module")
def small_pdf(tmp_path_factory):
    pages = [render_page(PageLayout([Line(f"Trang {i + 1}", 13), Line(LINES[i % 3], 13)]), dpi=200).image for i in range(4)]
    path = tmp_path_factory.mktemp("faults") / "four.pdf"
    write_image_pdf(path, pages, dpi=200)
    return path


def _start(pdf, data, *extra):
    env = {**os.environ, "HOSO_DATA_DIR": str(data), "OMP_THREAD_LIMIT": "1"}
    out = open(data.parent / f"{data.name}.out", "w+")
    proc = subprocess.Popen([sys.executable, "-m", "cli", "ingest", str(pdf), "--json", *extra], env=env,
                            stdout=out, stderr=subprocess.PIPE, text=True)
    return proc, out


def _worker_tesseracts(pid):
    """Tesseract processes started by the pool's workers (not the main process's own checks)."""
    found = []
    try:
        for child in psutil.Process(pid).children(recursive=True):
            if child.name() == "tesseract" and child.ppid() != pid:
                found.append(child)
    except psutil.NoSuchProcess:
        pass
    return found


def _result(proc, out):
    _, err = proc.communicate(timeout=600)
    out.seek(0)
    return proc.returncode, json.loads(out.read() or "{}"), err


def test_a_worker_killed_mid_page_is_replaced_and_the_page_retried(tmp_path, small_pdf):
    proc, out = _start(small_pdf, tmp_path / "data", "--jobs", "2")
    killed = []
    deadline = time.monotonic() + 120
    while not killed and time.monotonic() < deadline and proc.poll() is None:
        for tess in _worker_tesseracts(proc.pid):
            worker = tess.parent()
            if worker is not None:
                worker.kill()
                killed.append(worker.pid)
                break
        time.sleep(0.02)
    assert killed, "no worker was seen running Tesseract"
    code, result, err = _result(proc, out)
    assert code == 0, err[-2000:]
    pages = sorted(p["number"] for d in result["documents"] for p in d["pages"])
    assert pages == [1, 2, 3, 4]
    assert result["files"][0]["page_errors"] == []


def test_a_hung_tesseract_fails_that_page_only_after_the_timeout(tmp_path, small_pdf):
    proc, out = _start(small_pdf, tmp_path / "data", "--jobs", "1", "--page-timeout", "8")
    frozen: list[int] = []

    def freeze_two():
        # Page 1 and its one retry: the first two Tesseract processes started.
        while len(frozen) < 2 and proc.poll() is None:
            for tess in _worker_tesseracts(proc.pid):
                if tess.pid not in frozen:
                    tess.send_signal(signal.SIGSTOP)
                    frozen.append(tess.pid)
                    break
            time.sleep(0.01)

    watcher = threading.Thread(target=freeze_two, daemon=True)
    watcher.start()
    started = time.monotonic()
    code, result, err = _result(proc, out)
    watcher.join(timeout=5)
    assert code == 0, err[-2000:]
    assert len(frozen) == 2
    [file] = result["files"]
    assert len(file["page_errors"]) == 1 and "did not finish within 8 s" in file["page_errors"][0]
    assert file["page_errors"][0].startswith("page 1:")
    pages = sorted(p["number"] for d in result["documents"] for p in d["pages"])
    assert pages == [2, 3, 4]
    assert time.monotonic() - started < 120
    for pid in frozen:  # no frozen Tesseract is left behind
        assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE


def test_ocr_text_and_words_are_nfc(tmp_path, small_pdf):
    proc, out = _start(small_pdf, tmp_path / "data", "--jobs", "1")
    code, result, err = _result(proc, out)
    assert code == 0, err[-2000:]
    texts = [p["text"] for d in result["documents"] for p in d["pages"]]
    assert any("Ủy ban" in t or "hành chính" in t for t in texts)
    assert all(unicodedata.is_normalized("NFC", t) for t in texts)
