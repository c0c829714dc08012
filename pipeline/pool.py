"""Pages through a process pool, results in page order, a bounded number in flight.

Bounding what is in flight keeps memory flat however long the document is; keeping
results in order lets the caller assemble documents as pages arrive.

A page is allowed `page_timeout` seconds from the moment the pool could start it. A
worker that dies (killed, out of memory, a crash in native code) or a page that hangs
fails that page only: the pool is replaced, the other pages in flight run again, and the
page that was at fault gets one more try before it is reported as failed.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import time

import psutil
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")
_PR_SET_PDEATHSIG = 1  # linux/prctl.h


@dataclass
class _InFlight(Generic[T]):
    item: T
    future: Future
    attempts: int = 1


class PagePool:
    def __init__(self, jobs: int, page_timeout: float | None = None):
        self.jobs = jobs
        self.page_timeout = page_timeout
        self._executor: ProcessPoolExecutor | None = None

    def __enter__(self) -> "PagePool":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            self._executor = ProcessPoolExecutor(self.jobs, mp_context=multiprocessing.get_context("fork"),
                                                 initializer=_worker_setup, initargs=(os.getpid(),))
        return self._executor

    def _kill(self) -> None:
        """Stop every worker now (a hung page cannot be interrupted any other way)."""
        executor, self._executor = self._executor, None
        if executor is None:
            return
        for process in list(getattr(executor, "_processes", {}).values()):
            _kill_tree(process.pid)
        executor.shutdown(wait=False, cancel_futures=True)

    def map_ordered(
        self, fn: Callable[[T], R], items: Iterable[T], on_failure: Callable[[T, str], R]
    ) -> Iterator[R]:
        """fn over items, in order; an item that crashes or hangs twice yields on_failure(item, reason)."""
        if self.jobs <= 1 and self.page_timeout is None:
            for item in items:
                yield fn(item)
            return
        # Results come back in page order: a slow page (OSD, a card read both ways up: 3-5 s)
        # holds the ones after it. Eight pages a worker keep the others busy meanwhile; two
        # let them run dry after one page each.
        window = max(2, self.jobs * 8)
        pending: deque[_InFlight[T]] = deque()
        iterator = iter(items)
        exhausted = False
        while pending or not exhausted:
            while not exhausted and len(pending) < window:
                try:
                    item = next(iterator)
                except StopIteration:
                    exhausted = True
                    break
                pending.append(_InFlight(item, self._pool().submit(fn, item)))
            if not pending:
                break
            head = pending[0]
            try:
                result = self._wait(head, pending)
            except (BrokenProcessPool, FutureTimeout) as exc:
                reason = (
                    f"did not finish within {self.page_timeout:.0f} s" if isinstance(exc, FutureTimeout)
                    else "the worker process died while processing it"
                )
                self._kill()
                pending.popleft()
                if head.attempts >= 2:
                    yield on_failure(head.item, f"{reason} (twice)")
                else:
                    pending.appendleft(_InFlight(head.item, None, head.attempts + 1))  # type: ignore[arg-type]
                self._resubmit(fn, pending)
                continue
            pending.popleft()
            yield result

    def _wait(self, head: _InFlight[T], pending: deque[_InFlight[T]]) -> R:
        if self.page_timeout is None:
            return head.future.result()
        # The clock starts when a worker is free for this page, not when it was queued.
        deadline = None
        while True:
            if head.future.running() and deadline is None:
                deadline = time.monotonic() + self.page_timeout
            remaining = 0.5 if deadline is None else max(0.0, deadline - time.monotonic())
            try:
                return head.future.result(timeout=min(remaining, 0.5) if deadline is None else remaining)
            except FutureTimeout:
                if deadline is not None and time.monotonic() >= deadline:
                    raise

    def _resubmit(self, fn: Callable[[T], R], pending: deque[_InFlight[T]]) -> None:
        """Everything in flight died with the pool: submit it again to a fresh one."""
        for slot in pending:
            slot.future = self._pool().submit(fn, slot.item)


def _worker_setup(parent: int) -> None:
    """Ctrl-C is for the main process to handle (stop between files); a worker, and the Tesseract
    it starts (an ignored signal stays ignored across exec), finish the page they have.

    A worker dies with the main process: killed with -9, it cannot shut its pool down, and
    forked workers (holding the pool's pipes open themselves) would wait for work forever.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent(parent)


def _die_with_parent(parent: int) -> None:
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _kill_tree(pid: int) -> None:
    """Kill a worker and what it started (a hung Tesseract would outlive its worker)."""
    try:
        parent = psutil.Process(pid)
        family = [*parent.children(recursive=True), parent]
    except psutil.NoSuchProcess:
        return
    for process in family:
        try:
            process.kill()
        except psutil.NoSuchProcess:
            pass
    psutil.wait_procs(family, timeout=5)
