#!/usr/bin/env bash
# Build the station as an office installs it:
#   bash scripts/build_bundle.sh [OUT] [--wheel FILE] [--venv DIR]
# writes into OUT (default dist/):
#   vending_station-VERSION-py3-none-any.whl   the wheel, its package data inside
#   vending-station/                           one folder: the window and the CLI,
#                                              with their own Python and Qt
#   vending-station_VERSION_ARCH.deb           that folder under /opt, a desktop
#                                              entry and icon; depends on pcscd
# The bundle is made by PyInstaller (one folder) from the station installed
# out of its own wheel into a build environment (build/bundle/venv), so what
# is bundled is exactly what the wheel carries. --wheel takes a wheel already
# built, --venv an environment it is already installed in (the install tests
# share theirs). On a fresh checkout it first makes .venv, as start.sh does.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/dist" WHEEL="" BUILD_VENV="$ROOT/build/bundle/venv"
while [ $# -gt 0 ]; do
  case "$1" in
    --wheel) WHEEL="$2"; shift 2 ;;
    --venv) BUILD_VENV="$2"; shift 2 ;;
    *) OUT="$1"; shift ;;
  esac
done
mkdir -p "$OUT" && OUT="$(cd "$OUT" && pwd)"
WORK="$ROOT/build/bundle/work"
PY="$ROOT/.venv/bin/python"
cd "$ROOT"
export PIP_DISABLE_PIP_VERSION_CHECK=1
step() { echo ">> $* (at ${SECONDS} s)"; }

if [ -z "$WHEEL" ]; then
  step "wheel"
  WHEEL=$(bash scripts/build_wheel.sh "$OUT" | tail -n 1)
fi
VERSION=$(basename "$WHEEL" | cut -d- -f2)

step "build environment"
[ -x "$BUILD_VENV/bin/python" ] || "$PY" -m venv "$BUILD_VENV"
"$BUILD_VENV/bin/python" -m pip install -q "$WHEEL[bundle]"
"$BUILD_VENV/bin/python" -m pip install -q --force-reinstall --no-deps "$WHEEL"

step "bundle (PyInstaller)"
rm -rf "$OUT/vending-station"
mkdir -p "$WORK"  # a fresh checkout has no build/ yet
(cd "$(dirname "$WORK")" && "$BUILD_VENV/bin/pyinstaller" --noconfirm --log-level WARN \
  --distpath "$OUT" --workpath "$WORK" "$ROOT/scripts/bundle/vending-station.spec")

step "Debian package"
rm -f "$OUT"/vending-station_*.deb
"$PY" scripts/bundle/make_deb.py "$OUT/vending-station" "$VERSION" "$OUT"
step "done: bundle $(du -sh "$OUT/vending-station" | cut -f1), package $(du -h "$OUT"/vending-station_*.deb | cut -f1)"
