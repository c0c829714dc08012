"""A file's pages through the pool, skipping those a previous (killed) run already finished.

Each page's result is saved in the catalogue (catalogue/page_jobs.py) as soon as it arrives, so
a run killed at any moment loses at most the pages that were in flight.
"""

from __future__ import annotations

from collections.abc import Iterator

from cleanup import ScannerProfile
from catalogue.page_jobs import PageJobs
from ingest import PageTask
from pipeline.events import EventSink, PageDone
from pipeline.faults import fault_point
from pipeline.models import IngestOptions, PageOutcome
from pipeline.page_worker import PageJob, failed_page, process_page
from pipeline.pool import PagePool
from pipeline.storage import StorageFailure, stop_message


def run_pages(sha: str, shown: str, stored: str, tasks: list[PageTask], pages_dir: str, profile: ScannerProfile,
              options: IngestOptions, pool: PagePool, jobs: PageJobs, on_event: EventSink) -> Iterator[PageOutcome]:
    """Every page's outcome in page order, each as soon as it is saved; pages finished by an
    earlier run are read back, not redone."""
    jobs.queue(sha, len(tasks))
    kept = {n: PageOutcome.model_validate_json(text) for n, text in jobs.finished(sha).items()}
    todo = [t for t in tasks if t.number not in kept]

    def submitted() -> Iterator[PageJob]:
        for task in todo:
            jobs.started(sha, task.number)
            yield PageJob(task=task.model_copy(update={"path": stored}), profile=profile, ocr=options.ocr,
                          pages_dir=pages_dir, full_qr=bool(options.citizen_id))

    for number in sorted(kept):
        _report(on_event, shown, kept[number], len(tasks))
    fresh = pool.map_ordered(process_page, submitted(), failed_page)
    for task in tasks:
        if task.number in kept:
            yield kept[task.number]
            continue
        outcome = next(fresh)
        if outcome.storage_error:
            # Disk full or read-only: not the page's fault, so it is neither failed nor kept.
            raise StorageFailure(stop_message(outcome.storage_error))
        jobs.finish(sha, outcome.number, outcome.model_dump_json(), outcome.error)
        fault_point("page-saved")
        _report(on_event, shown, outcome, len(tasks))
        yield outcome


def _report(on_event: EventSink, shown: str, outcome: PageOutcome, pages: int) -> None:
    on_event(PageDone(path=shown, number=outcome.number, pages=pages, error=outcome.error, is_blank=outcome.is_blank))
