#!/usr/bin/env bash
# The whole test suite. `.ci/run` calls exactly this.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/setup.sh"
cd "$ROOT"
exec python -m pytest -q --durations=25 "$@"  # the slowest tests, to keep the suite under 15 min
