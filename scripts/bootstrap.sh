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
RUNTIME_DEBS=(python3 python3-venv python3-dev gcc ca-certificates
  pcscd vsmartcard-vpcd libpcsclite-dev swig iproute2 util-linux)
# Extra system packages the test suite needs (real parts, see docs/testing.md).
TEST_DEBS=(postgresql postgresql-client)

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
  local stamp="$VENV/.installed-$extras"
  # Reinstall only when packaging metadata changed since the last install.
  if [ ! -f "$stamp" ] || [ "$ROOT/setup.cfg" -nt "$stamp" ] || [ "$ROOT/pyproject.toml" -nt "$stamp" ]; then
    echo ">> installing the station into .venv ($extras)"
    "$VENV/bin/python" -m pip install -q --upgrade pip
    "$VENV/bin/python" -m pip install -q -e "$ROOT[$extras]"
    touch "$stamp"
  fi
}
