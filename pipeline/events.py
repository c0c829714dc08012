"""Progress events the pipeline reports while it works; the CLI decides how to show them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class FileStarted:
    path: str
    index: int  # 1-based position in the batch
    pages: int


@dataclass(frozen=True)
class PageDone:
    path: str
    number: int
    pages: int
    error: str | None
    is_blank: bool


EventSink = Callable[[object], None]


def ignore(_event: object) -> None:
    return None
