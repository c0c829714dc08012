#!/usr/bin/env bash
# The main job on the embedded default: set up, make sample scans, ingest them,
# find one citizen's documents by ID number. Idempotent: a second run re-ingests nothing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/setup.sh"
cd "$ROOT"

DEMO="${HOSO_DEMO_DIR:-$ROOT/demo-data}"
export HOSO_DATA_DIR="$DEMO/data"
# Looking at citizens' papers needs a registered officer (recorded in the audit log); the
# demo's supervisor may also see statistics and the audit log. Password for `hoso serve`.
export HOSO_OFFICER=demo
if ! hoso officers list | grep -q '^demo '; then
  echo "== hoso officers add demo --role supervisor (web password: demo-mat-khau)"
  echo "demo-mat-khau" | hoso officers add demo --role supervisor --password-stdin
fi

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

# The officer's side: a new dossier for the same citizen reuses the ID card on file, its
# result (the confirmation the centre issues) is handed back scanned, then the month's figures
# the centre reports: reuse, and beside it the digitisation of dossiers and results.
DOSSIER="DEMO-$CITIZEN"
if ! hoso dossier show "$DOSSIER" >/dev/null 2>&1; then
  echo
  echo "== hoso dossier open $DOSSIER (cấp giấy xác nhận tình trạng hôn nhân)"
  hoso dossier open --dossier "$DOSSIER" --citizen-id "$CITIZEN" --procedure cap_xac_nhan_tinh_trang_hon_nhan --officer demo
  CARD="$(hoso search --citizen-id "$CITIZEN" --type cccd --json | python -c 'import json,sys; d=json.load(sys.stdin)["documents"]; print(d[0]["id"] if d else "")')"
  if [ -n "$CARD" ]; then
    echo "== hoso dossier reuse $DOSSIER --document $CARD"
    hoso dossier reuse --dossier "$DOSSIER" --document "$CARD" --officer demo
  fi
  # The result the centre issues today, printed for this citizen and scanned at the counter.
  RESULT="$DEMO/results/KET_QUA-$DOSSIER.tif"
  python - "$DEMO/samples/ground_truth.json" "$CITIZEN" "$RESULT" <<'PY'
import json, sys
from datetime import datetime
from pathlib import Path
from index.models import centre_timezone
from samples.models import Citizen
from samples.results import write_result
truth = json.load(open(sys.argv[1], encoding="utf-8"))
citizen = Citizen.model_validate(next(c for c in truth["citizens"] if c["citizen_id"] == sys.argv[2]))
Path(sys.argv[3]).parent.mkdir(parents=True, exist_ok=True)
write_result(citizen, datetime.now(centre_timezone()).date(), Path(sys.argv[3]), seed=1)
PY
  echo "== hoso dossier result $DOSSIER (trả kết quả: bản kết quả được quét)"
  hoso dossier result "$DOSSIER" "$RESULT" --officer demo
fi
echo
echo "== hoso audit --citizen-id $CITIZEN (who looked at this person's papers)"
hoso audit --citizen-id "$CITIZEN" | tail -n 5

MONTH="$(TZ=Asia/Ho_Chi_Minh date +%Y-%m)"
hoso stats --period "$MONTH" --format xlsx --out "$DEMO/stats-$MONTH.xlsx"
hoso stats --period "$MONTH" --format png --out "$DEMO/stats-$MONTH.png"
echo
echo "== hoso stats --period $MONTH (tái sử dụng; số hóa hồ sơ, kết quả)"
hoso stats --period "$MONTH"
