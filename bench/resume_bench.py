"""What a resume costs: a 40-page PDF ingested whole, and killed (kill -9) after 30 pages then resumed.

    python -m bench.resume_bench [PAGES] [KILL_AFTER]

Prints a Markdown table (BENCHMARKS.md "Resume after a kill"). Pages are real rendered
Vietnamese text (corpus lines), 200 dpi, in one image PDF; `--jobs 2`. Pages redone on
resume are counted from the page images rewritten (each write makes a new inode).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from catalogue import page_jobs
from catalogue.store import Catalogue
from pipeline.datadir import DataDir
from samples.corpus import CORPUS_DIR
from samples.pdf_writer import write_image_pdf
from samples.render import Line, PageLayout, render_page


def _lines() -> list[str]:
    found = []
    for path in sorted(CORPUS_DIR.glob("*.txt")):
        found += [s.strip("#*- ").strip() for s in path.read_text(encoding="utf-8").splitlines() if len(s) > 40]
    return found


def _pdf(path: Path, pages: int) -> Path:
    text = _lines()
    images = []
    for n in range(pages):
        body = [Line(text[(n * 9 + i) % len(text)][:90], 12) for i in range(9)]
        images.append(render_page(PageLayout([Line(f"TRANG {n + 1}", 14, "serif-bold", "center"), *body]),
                                  dpi=200).image)
    write_image_pdf(path, images, dpi=200)
    return path


def _ingest(pdf: Path, data: Path, fault: str | None = None) -> tuple[int, float]:
    env = {**os.environ, "HOSO_DATA_DIR": str(data), "OMP_THREAD_LIMIT": "1"}
    env.pop("HOSO_FAULT_AT", None)
    if fault:
        env["HOSO_FAULT_AT"] = fault
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "cli", "ingest", str(pdf), "--jobs", "2"], env=env,
                          capture_output=True, text=True)
    return proc.returncode, time.perf_counter() - started


def _finished_inodes(pdf: Path, data: Path) -> dict[str, int]:
    """Inode of the page image of each page of `pdf` whose result the catalogue holds."""
    sha = hashlib.sha256(pdf.read_bytes()).hexdigest()
    with Catalogue(DataDir(data).catalogue) as catalogue, catalogue.read() as c:
        done = [number for number, state in page_jobs.states(c, sha).items() if state == "done"]
    images = [data / "pages" / sha[:2] / sha / f"{number:04d}.jpg" for number in done]
    return {str(p): p.stat().st_ino for p in images}


def _inodes(data: Path) -> dict[str, int]:
    return {str(p): p.stat().st_ino for p in (data / "pages").rglob("*.jpg")}


def main(pages: int = 40, kill_after: int = 30) -> None:
    with tempfile.TemporaryDirectory(prefix="hoso-resume-") as tmp:
        root = Path(tmp)
        pdf = _pdf(root / "long.pdf", pages)
        code, whole = _ingest(pdf, root / "whole")
        assert code == 0
        code, until_kill = _ingest(pdf, root / "killed", fault=f"page-saved:{kill_after}")
        assert code == -9, code
        before = _finished_inodes(pdf, root / "killed")
        code, resume = _ingest(pdf, root / "killed")
        assert code == 0
        after = _inodes(root / "killed")
        redone = sum(1 for path, inode in before.items() if after.get(path) != inode)
        print(f"| run | pages processed | wall time |\n|---|---:|---:|\n"
              f"| uninterrupted | {pages} | {whole:.1f} s |\n"
              f"| killed after {kill_after} pages saved | {kill_after} (+ in flight) | {until_kill:.1f} s |\n"
              f"| resume | {pages - len(before)} new, {redone} of the {len(before)} finished redone | {resume:.1f} s |")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
