"""The hot folder: ingest what the scanner writes into INBOX, then move it out of the way.

A file is taken only once it is complete: its size and modification time are the same on
two polls in a row, and a PDF ends with its `%%EOF` trailer (a scanner still writing has
not written it yet). A PDF that never gets its trailer is taken once it has not changed
for `stale_after` seconds (the scanner died; ingest then decides, usually quarantine).

INBOX/<dossier code>/... gives the files under it that dossier; a manifest (pipeline/
manifest.py) gives per-file values and wins over the folder. After ingest a file moves to
INBOX/done/<same sub-path> (ingested, or already on file), or to INBOX/quarantine/<sub-path>
with a `.reason.txt` (bad file, or a refused manifest entry). Ctrl-C stops between files.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from pydantic import BaseModel, Field

from ingest.files import expand_paths, printable
from ingest.pdf import has_trailer
from pipeline.datadir import DataDir
from pipeline.duplicates import ignored_lines
from pipeline.ingest_run import ingest_paths
from pipeline.manifest import MANIFEST_NAMES, Manifest, ManifestEntry, read_manifest, valid_code
from pipeline.models import FileOutcome, IngestOptions

DONE, QUARANTINE = "done", "quarantine"


class WatchSummary(BaseModel):
    files: int = 0
    ingested: int = 0
    duplicates: int = 0
    quarantined: int = 0
    documents: int = 0
    review: int = 0
    waiting: list[str] = Field(default_factory=list)


class Signature(BaseModel):
    size: int
    mtime_ns: int


class Stop:
    """Set by Ctrl-C: the file in hand is finished, the next one is not started."""

    def __init__(self) -> None:
        self.requested = False


@contextmanager
def stop_on_interrupt(say: Callable[[str], None]) -> Iterator[Stop]:
    stop = Stop()

    def handler(signum: int, frame: object) -> None:
        if stop.requested:
            raise KeyboardInterrupt  # a second Ctrl-C: the operator really wants out
        stop.requested = True
        say("stopping after the current file (Ctrl-C again to abort it; it would be resumed next time)")

    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield stop
    finally:
        signal.signal(signal.SIGINT, previous)


def _signature(path: Path) -> Signature | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return Signature(size=stat.st_size, mtime_ns=stat.st_mtime_ns)


def _is_pdf(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return b"%PDF-" in handle.read(1024)
    except OSError:
        return False


class HotFolder:
    def __init__(self, inbox: Path, data: DataDir, options: IngestOptions, backend_kind: str = "sqlite",
                 stale_after: float = 600.0):
        self.inbox = inbox
        self.data = data
        self.options = options
        self.backend_kind = backend_kind
        self.stale_after = stale_after
        self._seen: dict[Path, Signature] = {}

    # -- finding complete files --------------------------------------------------------

    def candidates(self) -> list[Path]:
        """Files in the inbox that may be scans (not done/, quarantine/, hidden files or sidecars)."""
        skip = {self.inbox / DONE, self.inbox / QUARANTINE}
        found = []
        for path in expand_paths([self.inbox]):
            if any(folder in path.parents for folder in skip) or path.is_symlink():
                continue
            found.append(path)
        return found

    def manifests(self) -> list[Path]:
        skip = {self.inbox / DONE, self.inbox / QUARANTINE}
        return sorted(p for name in MANIFEST_NAMES for p in self.inbox.rglob(name)
                      if p.is_file() and not any(folder in p.parents for folder in skip))

    def poll(self) -> tuple[list[Path], list[str]]:
        """(files ready now, reasons others are still waiting), remembering what was seen."""
        now_seen: dict[Path, Signature] = {}
        ready, waiting = [], []
        unsettled_manifest_dirs = set()
        for manifest in self.manifests():
            signature = _signature(manifest)
            if signature is not None:
                now_seen[manifest] = signature
                if self._seen.get(manifest) != signature:
                    unsettled_manifest_dirs.add(manifest.parent)
        for path in self.candidates():
            signature = _signature(path)
            if signature is None:
                continue
            now_seen[path] = signature
            shown = printable(path.relative_to(self.inbox))
            if self._seen.get(path) != signature:
                waiting.append(f"{shown}: still being written (size or time changed)")
            elif any(d == path.parent or d in path.parents for d in unsettled_manifest_dirs):
                waiting.append(f"{shown}: its manifest is still being written")
            elif _is_pdf(path) and not has_trailer(path) and time.time() - signature.mtime_ns / 1e9 < self.stale_after:
                waiting.append(f"{shown}: PDF not complete yet (no %%EOF trailer)")
            else:
                ready.append(path)
        self._seen = now_seen
        return ready, waiting

    # -- values for a file -------------------------------------------------------------

    def read_manifests(self) -> Manifest:
        merged = Manifest()
        for path in self.manifests():
            one = read_manifest(path, self.inbox)
            merged.entries.update(one.entries)
            merged.refusals.extend(one.refusals)
        return merged

    def options_for(self, path: Path, entry: ManifestEntry | None) -> tuple[IngestOptions | None, str | None]:
        """The file's options, or (None, reason) when its folder name cannot be a dossier code."""
        values: dict[str, str | None] = {}
        relative = path.relative_to(self.inbox)
        if len(relative.parts) > 1:
            folder = relative.parts[0]
            if not valid_code(folder):
                if entry is None or not entry.dossier:
                    return None, f"folder name {printable(Path(folder))!r} is not a valid dossier code"
            else:
                values["dossier"] = folder
        if entry is not None:
            values.update({k: v for k, v in (("citizen_id", entry.citizen_id), ("dossier", entry.dossier),
                                             ("procedure", entry.procedure)) if v})
            if entry.citizen_id:  # link reasons name the manifest, not the operator, as the ID's source
                values["citizen_id_source"] = "manifest"
        return self.options.model_copy(update=values), None

    # -- moving files out --------------------------------------------------------------

    def move_out(self, path: Path, where: str, reason: str | None = None) -> Path:
        target = _free_name(self.inbox / where / path.relative_to(self.inbox))
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(path, target)
        if reason:
            note = target.with_name(target.name + ".reason.txt")
            note.write_text(f"file: {printable(path.relative_to(self.inbox))}\nreason: {reason}\n", encoding="utf-8")
        self._remove_emptied(path.parent)
        return target

    def _remove_emptied(self, folder: Path) -> None:
        """The sub-folders a move left empty go too, up to the inbox (never the inbox itself).
        rmdir removes only an empty folder: one still holding anything (a hidden file, a
        file being written) stays."""
        while folder != self.inbox and self.inbox in folder.parents:
            try:
                folder.rmdir()
            except OSError:
                return
            folder = folder.parent

    def retire_manifests(self) -> None:
        """A manifest whose files have all left the inbox moves out too: to done/, or to
        quarantine/ with its refusals when it had any (someone should look at it)."""
        for manifest in self.manifests():
            one = read_manifest(manifest, self.inbox)
            named = list(one.entries) + [r.target for r in one.refusals if r.target is not None]
            if any(p.exists() for p in named):
                continue
            if one.refusals:
                reasons = "\n".join(f"entry {printable(Path(r.entry))!r}: {r.reason}" for r in one.refusals)
                self.move_out(manifest, QUARANTINE, f"entries refused:\n{reasons}")
            else:
                self.move_out(manifest, DONE)

    # -- one batch ---------------------------------------------------------------------

    def run_batch(self, ready: list[Path], say: Callable[[str], None], stop: Stop) -> WatchSummary:
        summary = WatchSummary()
        manifest = self.read_manifests()
        refused = {r.target: r for r in manifest.refusals if r.target is not None}
        for refusal in manifest.refusals:
            say(f"MANIFEST    {refusal.manifest}: entry {printable(Path(refusal.entry))!r} refused: {refusal.reason}")
        for path in ready:
            if stop.requested:
                break
            summary.files += 1
            shown = printable(path.relative_to(self.inbox))
            if path in refused:
                reason = f"manifest entry refused: {refused[path].reason}"
                self.move_out(path, QUARANTINE, reason)
                summary.quarantined += 1
                say(f"QUARANTINED {shown}: {reason} -> {QUARANTINE}/")
                continue
            options, problem = self.options_for(path, manifest.entries.get(path))
            if options is None:
                self.move_out(path, QUARANTINE, problem)
                summary.quarantined += 1
                say(f"QUARANTINED {shown}: {problem} -> {QUARANTINE}/")
                continue
            [outcome] = list(ingest_paths([path], self.data, options, self.backend_kind))
            say(self._settle(path, shown, outcome, summary))
        self.retire_manifests()
        return summary

    def _settle(self, path: Path, shown: str, outcome: FileOutcome, summary: WatchSummary) -> str:
        if outcome.status == "unreadable":
            return f"UNREADABLE  {shown}: {outcome.reason} (left in place)"
        if outcome.status == "quarantined":
            self.move_out(path, QUARANTINE, outcome.reason)
            summary.quarantined += 1
            return f"QUARANTINED {shown}: {outcome.reason} -> {QUARANTINE}/"
        target = self.move_out(path, DONE)
        moved = printable(target.relative_to(self.inbox))
        if outcome.status == "duplicate":
            summary.duplicates += 1
            return "\n".join([f"on file     {shown}: {outcome.reason} -> {moved}", *ignored_lines(outcome.ignored)])
        review = sum(d.link_status == "review" for d in outcome.documents)
        summary.ingested += 1
        summary.documents += len(outcome.documents)
        summary.review += review
        extra = f"; {len(outcome.page_errors)} page error(s): {'; '.join(outcome.page_errors)}" if outcome.page_errors else ""
        return (f"ok          {shown}: {outcome.pages} page(s) -> {len(outcome.documents)} document(s)"
                f" ({review} for review){extra} -> {moved}")


def _free_name(target: Path) -> Path:
    """`target`, or `name-2.ext`, `name-3.ext`... when a file of that name was moved there before."""
    if not target.exists():
        return target
    for n in range(2, 10_000):
        candidate = target.with_name(f"{target.stem}-{n}{target.suffix}")
        if not candidate.exists():
            return candidate
    raise FileExistsError(target)


def summary_line(summary: WatchSummary) -> str:
    line = (f"batch: {summary.files} file(s): {summary.ingested} ingested, {summary.duplicates} already on file, "
            f"{summary.quarantined} quarantined; {summary.documents} new document(s), {summary.review} for review")
    if summary.waiting:
        line += f"; {len(summary.waiting)} file(s) still incomplete, left for later"
    return line


def watch(inbox: Path, data: DataDir, options: IngestOptions, say: Callable[[str], None], *, once: bool = False,
          interval: float = 5.0, backend_kind: str = "sqlite", stale_after: float = 600.0) -> list[WatchSummary]:
    """Poll `inbox` until Ctrl-C (or, with `once`, until what is there now has been handled)."""
    folder = HotFolder(inbox, data, options, backend_kind, stale_after)
    batches: list[WatchSummary] = []
    with stop_on_interrupt(say) as stop:
        folder.poll()  # first sight: nothing is known to be stable yet
        while not stop.requested:
            _sleep(interval, stop)
            if stop.requested:
                break
            ready, waiting = folder.poll()
            if ready:
                summary = folder.run_batch(ready, say, stop)
                summary.waiting = waiting
                batches.append(summary)
                say(summary_line(summary))
            elif once:
                for reason in waiting:
                    say(f"waiting     {reason}")
                if waiting or not batches:  # the run's last line is its summary, after what still waits
                    say(summary_line(WatchSummary(waiting=waiting)))
            if once and not ready:
                break
            if once and not waiting:
                break
    if stop.requested:
        say("stopped by Ctrl-C; files not yet taken stay in the inbox")
    return batches


def _sleep(seconds: float, stop: Stop) -> None:
    end = time.monotonic() + seconds
    while not stop.requested and time.monotonic() < end:
        time.sleep(min(0.2, max(0.0, end - time.monotonic())))
