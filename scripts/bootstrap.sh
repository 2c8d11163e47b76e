#!/usr/bin/env bash
# Shared set-up for scripts/start.sh and scripts/test.sh: system packages,
# a project virtual environment in .venv, and the project installed into it.
# Idempotent: packages already present are not installed again, and apt-get
# update runs only when something is missing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
export DEBIAN_FRONTEND=noninteractive

# System packages the station needs at run time and to build its wheels.
# fonts-wqy-microhei: the CJK font embedded in printed documents; the libs
# are what Qt's xcb and offscreen platforms load. postgresql-client: pg_dump
# and pg_restore, for backups of an office's PostgreSQL database.
RUNTIME_DEBS=(python3 python3-venv python3-dev gcc ca-certificates postgresql-client
  pcscd vsmartcard-vpcd libpcsclite-dev swig iproute2 util-linux
  fonts-wqy-microhei fontconfig libgl1 libegl1 libxkbcommon0 libfontconfig1 libdbus-1-3
  libglib2.0-0 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0
  libxcb-xinerama0 libxcb-randr0 libxcb-render-util0 libxcb-image0 libnss3 libxcomposite1
  libxdamage1 libxrandr2 libxtst6 libxi6 libasound2 libcups2)
# Extra system packages the test suite needs (real parts, see docs/testing.md):
# PostgreSQL, poppler (render and read PDFs), socat (a serial pty pair for
# the thermal printer), Xvfb, openbox and xdotool (the real application driven by
# real key presses, tests/app), Xvfb also for the screenshots.
TEST_DEBS=(postgresql postgresql-client poppler-utils socat xvfb xauth xdotool openbox)

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
      || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo ">> installing system packages: ${missing[*]}"
    as_root apt-get update -qq
    as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

make_venv() {
  local extras="$1"
  if [ ! -x "$VENV/bin/python" ]; then
    echo ">> creating virtual environment .venv"
    /usr/bin/python3 -m venv "$VENV"
  fi
  # No extras ("") is the station alone: what start.sh runs.
  local stamp="$VENV/.installed-${extras:-station}" spec="$ROOT${extras:+[$extras]}"
  # Reinstall only when packaging metadata changed since the last install.
  if [ ! -f "$stamp" ] || [ "$ROOT/setup.cfg" -nt "$stamp" ] || [ "$ROOT/pyproject.toml" -nt "$stamp" ]; then
    echo ">> installing the station into .venv (${extras:-the station alone})"
    "$VENV/bin/python" -m pip install -q --upgrade pip
    "$VENV/bin/python" -m pip install -q -e "$spec"
    touch "$stamp"
  fi
  # The package data that is made at install time: the compiled translation
  # (from vending_app/resources/i18n/*.ts) and the document font.
  "$VENV/bin/python" "$ROOT/scripts/build_resources.py"
  # The operator's manual (F1 in the window) is built from docs/manual/ likewise.
  "$VENV/bin/python" "$ROOT/scripts/build_manual.py" --if-stale >/dev/null
}
