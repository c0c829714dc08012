"""Two ingest processes on one data folder never process a file twice; a dead one's file is taken over."""

import json
import os
import subprocess
import sys

import psutil
import sqlalchemy as sa

from catalogue import schema
from catalogue.store import Catalogue
from samples.pdf_writer import write_image_pdf
from samples.render import Line, PageLayout, render_page

TITLES = ["ĐƠN ĐỀ NGHỊ", "TỜ KHAI ĐĂNG KÝ KHAI SINH", "GIẤY KHAI SINH", "HỢP ĐỒNG ỦY QUYỀN"]


def _inbox(folder):
    folder.mkdir()
    for i, title in enumerate(TITLES):
        page = render_page(PageLayout([Line(title, 15, "serif-bold", "center"), Line(f"Hồ sơ số {i + 1}/2026", 13)]), dpi=200)
        write_image_pdf(folder / f"scan-{i}.pdf", [page.image], dpi=200)
    return folder


def _start(inbox, data):
    env = {**os.environ, "HOSO_DATA_DIR": str(data), "OMP_THREAD_LIMIT": "1"}
    return subprocess.Popen([sys.executable, "-m", "cli", "ingest", str(inbox), "--jobs", "1", "--json"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_two_processes_on_one_folder_share_the_files_without_doing_any_twice(tmp_path):
    inbox = _inbox(tmp_path / "inbox")
    data = tmp_path / "data"
    first, second = _start(inbox, data), _start(inbox, data)
    results = []
    for proc in (first, second):
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err[-2000:]
        results.append(json.loads(out))
    for name in (f"scan-{i}.pdf" for i in range(len(TITLES))):
        outcomes = [f for r in results for f in r["files"] if f["path"].endswith(name)]
        assert sorted(o["status"] for o in outcomes) == ["duplicate", "ingested"], outcomes
    with Catalogue(data / "catalogue.sqlite") as catalogue:
        assert catalogue.document_count() == len(TITLES)
        with catalogue.read() as c:
            pages = c.execute(sa.select(sa.func.count()).select_from(schema.pages)).scalar()
        assert pages == len(TITLES)


def test_a_file_left_processing_by_a_dead_process_is_taken_over(tmp_path):
    inbox = _inbox(tmp_path / "inbox")
    data = tmp_path / "data"
    data.mkdir()
    dead = subprocess.Popen(["true"])
    started = psutil.Process(dead.pid).create_time()
    dead.wait()
    target = inbox / "scan-0.pdf"
    import hashlib

    sha = hashlib.sha256(target.read_bytes()).hexdigest()
    with Catalogue(data / "catalogue.sqlite") as catalogue:
        catalogue.claim_file(sha, name=target.name, source_path=str(target), size=target.stat().st_size, kind="pdf",
                             stored_path=None, page_count=1, context={})
        owner = json.dumps({"host": __import__("socket").gethostname(), "pid": dead.pid, "started": started})
        with catalogue.write() as c:
            c.execute(schema.files.update().where(schema.files.c.sha256 == sha).values(owner=owner))
    done = _start(target, data)
    out, err = done.communicate(timeout=300)
    assert done.returncode == 0, err[-2000:]
    [file] = json.loads(out)["files"]
    assert file["status"] == "ingested"
