#!/usr/bin/env bash
# Install what hoso needs on a Debian machine; idempotent (a second run changes nothing).
# Sourced by scripts/demo.sh and scripts/test.sh; can also be run alone.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

APT_PACKAGES=(
  tesseract-ocr tesseract-ocr-vie tesseract-ocr-osd   # OCR engine, Vietnamese model, orientation
  poppler-utils qpdf                                  # pdftoppm/pdftotext; qpdf --check in tests
  fonts-liberation2 fonts-dejavu-core fonts-noto-core fonts-freefont-ttf  # fonts with Vietnamese glyphs
  chromium                                            # headless browser for the web end-to-end tests
  postgresql                                          # the province catalogue; tests start a throw-away cluster
)
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}" >&2
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PY="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv" >&2
  "$PY" -m venv .venv
fi
stamp=".venv/.hoso-setup-stamp"
want="$(sha256sum pyproject.toml | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "setup: installing Python dependencies into .venv" >&2
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null
  .venv/bin/python -m pip install -q -e ".[test]"
  echo "$want" > "$stamp"
fi
export PATH="$ROOT/.venv/bin:$PATH"
export OMP_THREAD_LIMIT=1
# Byte-compile the project once: an editable install leaves that to the first import, and
# with PYTHONDONTWRITEBYTECODE set (as on this project's machines) every `hoso` command
# compiled it all again (70 ms at each start-up). Stale files are simply recompiled.
.venv/bin/python -m compileall -q -j 0 access bench classify cleanup dossier external index ingest ocr \
  pipeline samples vntext web catalogue evalset workers cli.py >/dev/null || true
