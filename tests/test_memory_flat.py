"""A 300-page PDF streams through one page at a time: peak memory does not grow with length.

The same pages are ingested as a 30-page and a 300-page PDF; the main process and each
worker must peak at about the same resident memory for both. Pages are rendered
Vietnamese text (a few lines each, so OCR stays quick), saved like a scanner saves.
"""

import itertools
import json
import os
import sys
from pathlib import Path

import pytest

from samples.pdf_writer import write_image_pdf
from samples.render import Line, PageLayout, render_page
from tests.rss import run_measuring_rss

DPI = 200  # a common sheet-fed setting; keeps 330 OCR'd pages within the suite's time budget
LINES = [
    "Trung tâm Phục vụ hành chính công xã Tứ Kỳ tiếp nhận hồ sơ",
    "Ủy ban nhân dân xã chỉ đạo số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
    "Người dân không phải nộp lại giấy tờ đã được số hóa trước đây",
]


def _pages(count: int):
    layouts = [
        render_page(PageLayout([Line(f"Trang {i + 1}", 13), Line(LINES[i % 3], 13), Line(LINES[(i + 1) % 3], 13)]),
                    dpi=DPI).image
        for i in range(3)
    ]
    return itertools.islice(itertools.cycle(layouts), count)


def _ingest(tmp_path: Path, pages: int) -> tuple:
    pdf = tmp_path / f"stack-{pages}.pdf"
    write_image_pdf(pdf, _pages(pages), dpi=DPI)
    data = tmp_path / f"data-{pages}"
    env = {**os.environ, "HOSO_DATA_DIR": str(data), "OMP_THREAD_LIMIT": "1"}
    cmd = [sys.executable, "-m", "cli", "ingest", str(pdf), "--jobs", "2", "--json"]
    return run_measuring_rss(cmd, env)


@pytest.mark.slow
def test_300_page_pdf_has_flat_peak_memory(tmp_path):
    short = _ingest(tmp_path, 30)
    long = _ingest(tmp_path, 300)
    assert short.returncode == 0, short.stderr[-2000:]
    assert long.returncode == 0, long.stderr[-2000:]
    pages = sum(len(d["pages"]) for d in json.loads(long.stdout)["documents"])
    assert pages == 300
    report = (
        f"30 pages: main {short.main_mb:.0f} MB, worker {short.worker_mb:.0f} MB, {short.seconds:.0f} s; "
        f"300 pages: main {long.main_mb:.0f} MB, worker {long.worker_mb:.0f} MB, {long.seconds:.0f} s"
    )
    print(report)
    Path(os.environ.get("HOSO_BENCH_OUT", tmp_path)).joinpath("memory_flat.txt").write_text(report + "\n")
    # Ten times the pages may not cost more than a small, fixed amount of memory.
    assert long.main_mb <= short.main_mb * 1.15 + 25, report
    assert long.worker_mb <= short.worker_mb * 1.15 + 25, report
