#!/usr/bin/env bash
# Build the station's wheel into dist/ (or the folder given), its package data
# inside: the compiled translation and the document font are made first
# (scripts/build_resources.py), so a wheel installed anywhere has its Chinese
# and prints CJK text. Makes .venv first on a fresh checkout (as start.sh does).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$(mkdir -p "${1:-$ROOT/dist}" && cd "${1:-$ROOT/dist}" && pwd)"
PY="$ROOT/.venv/bin/python"
if [ ! -x "$PY" ]; then
  source "$ROOT/scripts/bootstrap.sh"
  apt_install "${RUNTIME_DEBS[@]}"
  make_venv ""
fi
cd "$ROOT"
"$PY" scripts/build_resources.py >/dev/null
"$PY" scripts/build_resources.py --check
"$PY" scripts/build_manual.py --if-stale >/dev/null  # the manual F1 opens
# setuptools builds in build/lib and keeps what it finds there: start clean,
# or a module deleted from the tree would still ship.
rm -rf build/lib build/bdist.* "$OUT"/vending_station-*.whl
PIP_DISABLE_PIP_VERSION_CHECK=1 "$PY" -m pip wheel -q --no-deps -w "$OUT" .
ls "$OUT"/vending_station-*.whl
