"""Pages through a process pool, results in page order, a bounded number in flight.

Bounding what is in flight keeps memory flat however long the document is; keeping
results in order lets the caller assemble documents as pages arrive.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


class PagePool:
    def __init__(self, jobs: int):
        self.jobs = jobs
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
            self._executor = ProcessPoolExecutor(self.jobs, mp_context=multiprocessing.get_context("fork"))
        return self._executor

    def map_ordered(
        self, fn: Callable[[T], R], items: Iterable[T], on_crash: Callable[[T, str], R]
    ) -> Iterator[R]:
        """fn over items, in order; an item whose worker died yields on_crash(item, reason)."""
        if self.jobs <= 1:
            for item in items:
                yield fn(item)
            return
        window = self.jobs * 2
        pending: deque[tuple[T, Future]] = deque()
        iterator = iter(items)
        exhausted = False
        while pending or not exhausted:
            while not exhausted and len(pending) < window:
                try:
                    item = next(iterator)
                except StopIteration:
                    exhausted = True
                    break
                pending.append((item, self._pool().submit(fn, item)))
            if not pending:
                break
            item, future = pending.popleft()
            try:
                yield future.result()
            except BrokenProcessPool:
                yield self._retry_after_crash(fn, item, on_crash)
                # Every other in-flight future died with the pool: run them again.
                requeue = [it for it, _ in pending]
                pending.clear()
                for it in requeue:
                    pending.append((it, self._pool().submit(fn, it)))

    def _retry_after_crash(self, fn: Callable[[T], R], item: T, on_crash: Callable[[T, str], R]) -> R:
        self._executor = None  # the broken pool is unusable; a new one starts on demand
        try:
            return self._pool().submit(fn, item).result()
        except BrokenProcessPool:
            self._executor = None
            return on_crash(item, "the worker process crashed twice on this page")
