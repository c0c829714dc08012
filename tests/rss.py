"""Peak resident memory of a command and of its worker processes, sampled with psutil."""

from __future__ import annotations

import subprocess
import tempfile
import time
from dataclasses import dataclass

import psutil


@dataclass
class PeakRss:
    returncode: int
    main_mb: float
    worker_mb: float  # the largest peak of any one child process
    seconds: float
    stdout: str
    stderr: str


def run_measuring_rss(cmd: list[str], env: dict[str, str], interval: float = 0.05, timeout: float = 900) -> PeakRss:
    # Output goes to files, not pipes: a child that prints more than a pipe holds would
    # block while we wait for it to exit.
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        result = _sample(cmd, env, interval, timeout, out, err)
        out.seek(0)
        err.seek(0)
        result.stdout, result.stderr = out.read(), err.read()
        return result


def _sample(cmd, env, interval, timeout, out, err) -> PeakRss:
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=err, text=True)
    watched = psutil.Process(proc.pid)
    main_peak = 0
    child_peaks: dict[int, int] = {}
    while proc.poll() is None:
        try:
            main_peak = max(main_peak, watched.memory_info().rss)
            for child in watched.children(recursive=True):
                try:
                    child_peaks[child.pid] = max(child_peaks.get(child.pid, 0), child.memory_info().rss)
                except psutil.NoSuchProcess:
                    pass
        except psutil.NoSuchProcess:
            break
        if time.perf_counter() - started > timeout:
            proc.kill()
            raise TimeoutError(f"{cmd} ran over {timeout} s")
        time.sleep(interval)
    proc.wait()
    return PeakRss(
        returncode=proc.returncode,
        main_mb=main_peak / 2**20,
        worker_mb=max(child_peaks.values(), default=0) / 2**20,
        seconds=time.perf_counter() - started,
        stdout="",
        stderr="",
    )
