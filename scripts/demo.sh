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

# The sample citizen who owns the most documents, by the ground truth (not by the results).
CITIZEN="$(python - "$DEMO/samples/ground_truth.json" <<'PY'
import collections, json, sys
truth = json.load(open(sys.argv[1], encoding="utf-8"))
owned = collections.Counter(d["owner_citizen_id"] for f in truth["files"] for d in f["documents"] if d["owner_citizen_id"])
print(owned.most_common(1)[0][0])
PY
)"
echo
echo "== hoso search --citizen-id $CITIZEN"
hoso search --citizen-id "$CITIZEN"
echo
echo "== hoso search 'giay khai sinh' (typed without diacritics)"
hoso search "giay khai sinh" --limit 5
