"""How long a long ingest run (an archive of earlier results, `ingest --backlog`) still needs.

Pure: the caller gives the clock. The estimate counts pages, not files: a file already on file
(a resumed run) costs nothing and is left out of the pace, and a file of many pages weighs more.
Before any page is read there is no estimate.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Pace:
    total_files: int
    started_at: float | None = None
    pages_done: int = 0
    pages_started: int = 0  # pages of the files begun so far
    files_started: int = 0
    last_index: int = 0  # the batch position of the file in hand (skipped files included)
    _seconds: list[float] = field(default_factory=list)

    def file_started(self, index: int, pages: int, now: float) -> None:
        if self.started_at is None:
            self.started_at = now
        self.files_started += 1
        self.pages_started += pages
        self.last_index = index

    def page_done(self) -> None:
        self.pages_done += 1

    def seconds_left(self, now: float) -> float | None:
        """Pages still to read (the file in hand's, and the files not begun, at this run's pages
        per file so far) at this run's seconds per page; None before the first page is read."""
        if self.started_at is None or self.pages_done == 0:
            return None
        per_page = (now - self.started_at) / self.pages_done
        per_file = self.pages_started / self.files_started
        files_after = max(0, self.total_files - self.last_index)
        pages_left = (self.pages_started - self.pages_done) + files_after * per_file
        return max(0.0, pages_left * per_page)


def eta_text(seconds: float | None) -> str:
    if seconds is None:
        return "time left: estimating"
    minutes, secs = divmod(int(round(seconds)), 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"about {hours} h {minutes:02d} min left"
    if minutes:
        return f"about {minutes} min {secs:02d} s left"
    return f"about {secs} s left"
