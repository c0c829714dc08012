#!/usr/bin/env bash
# The main job on the embedded default: set up, make sample scans, ingest them,
# find one citizen's documents by ID number. Idempotent: a second run re-ingests nothing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/setup.sh"
cd "$ROOT"

DEMO="${HOSO_DEMO_DIR:-$ROOT/demo-data}"
export HOSO_DATA_DIR="$DEMO/data"

if [ ! -f "$DEMO/samples/ground_truth.json" ]; then
  echo "== hoso samples: writing a sample batch"
  hoso samples "$DEMO/samples"
fi

echo "== hoso ingest: the whole stack at once"
status=0
hoso ingest "$DEMO/samples" --officer demo || status=$?
# Exit 3 means some file was quarantined; the sample batch is expected to ingest cleanly.
[ "$status" -eq 0 ] || { echo "ingest exited with $status" >&2; exit "$status"; }

CITIZEN="$(python - "$DEMO/samples/ground_truth.json" <<'PY'
import json, sys
truth = json.load(open(sys.argv[1], encoding="utf-8"))
print(truth["citizens"][0]["citizen_id"])
PY
)"
echo
echo "== hoso search --citizen-id $CITIZEN"
hoso search --citizen-id "$CITIZEN"
echo
echo "== hoso search 'giay khai sinh' (typed without diacritics)"
hoso search "giay khai sinh" --limit 5
