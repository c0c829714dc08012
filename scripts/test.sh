#!/usr/bin/env bash
# The whole test suite. `.ci/run` calls exactly this.
# Two pytest-xdist workers (HOSO_TEST_WORKERS, 0 = serial in this process), one test file at a
# time each (--dist loadfile: a module's fixtures render and OCR once, as in a serial run), in
# collection order (--no-loadscope-reorder: tests/conftest.py hands out the slow files first).
# Extra arguments go to pytest; `-p no:xdist` among them runs the suite serially.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/setup.sh"
cd "$ROOT"
workers="${HOSO_TEST_WORKERS:-2}"
parallel=(-n "$workers" --dist loadfile --no-loadscope-reorder)
for arg in "$@"; do
  [[ "$arg" == "no:xdist" || "$arg" == "-pno:xdist" ]] && parallel=()
done
exec python -m pytest -q --durations=25 "${parallel[@]}" "$@"  # the slowest tests, to keep the suite under 15 min
