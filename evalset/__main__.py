"""`python -m evalset OUTDIR [--seed N] [--dossiers N] [--pages N]`: make one held-out family."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from evalset.chromium import ChromiumMissing, SheetOverflow


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evalset", description=__doc__.split(":", 1)[1].strip())
    parser.add_argument("outdir", type=Path, help="folder to write the files and ground_truth.json into")
    parser.add_argument("--seed", type=int, default=16, help="same seed, same family (default 16)")
    parser.add_argument("--dossiers", type=int, default=12, help="citizens' dossiers (default 12)")
    parser.add_argument("--pages", type=int, default=100, help="pages to aim for (default 100)")
    args = parser.parse_args(argv)
    if args.dossiers < 1 or args.pages < 1:
        parser.error("--dossiers and --pages must be at least 1")
    if args.outdir.exists() and any(args.outdir.iterdir()):
        print(f"error: {args.outdir} is not empty; give a new or empty folder", file=sys.stderr)
        return 2
    from evalset.family import make_family

    started = time.monotonic()
    say = lambda line: print(line, file=sys.stderr, flush=True)  # noqa: E731
    try:
        truth = make_family(args.outdir, args.seed, args.dossiers, args.pages, progress=say)
    except ImportError as exc:  # evalset/papers or evalset/cards not there (yet)
        print(f"error: the family's templates cannot be loaded ({exc})", file=sys.stderr)
        return 1
    except (ChromiumMissing, SheetOverflow, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    say(f"{len(truth.files)} files, {truth.page_count()} pages, {len(truth.documents())} documents, "
        f"{len(truth.applicants)} dossiers in {time.monotonic() - started:.0f} s -> {args.outdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
