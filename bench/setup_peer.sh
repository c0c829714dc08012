#!/usr/bin/env bash
# OCRmyPDF, the peer the OCR benchmark compares against: installed only for the benchmark,
# in its own virtual environment, never as a dependency of hoso.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PEER="$ROOT/bench/.peer-venv"
if ! dpkg-query -W -f='${Status}' ghostscript 2>/dev/null | grep -q "install ok installed"; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq ghostscript >/dev/null
fi
[ -x "$PEER/bin/ocrmypdf" ] || { python3 -m venv "$PEER" && "$PEER/bin/pip" install -q ocrmypdf; }
"$PEER/bin/ocrmypdf" --version
