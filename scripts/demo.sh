#!/usr/bin/env bash
# The demo office on the station's embedded default, without the window:
# migrate the local SQLite database and, on the first start, seed a demo
# office (operators, keys, this station, a CPU card issued for meter
# 000000000001, an SLE4442 memory card for 000000000003 and an SLE4428 for
# 000000000004, and their virtual meters); then put the demo customer's card in
# the virtual reader. scripts/start.sh runs it before the window; the test
# of the README (tests/test_readme.py) runs it as it is, in a fresh home.
# The virtual reader is used when start.sh (or the test suite) has noted its
# network namespace in the data folder's virtual-reader.netns.
# VENDING_CLI=vending-station-cli seeds the same office for the installed bundle.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${VENV:-$ROOT/.venv}"
CLI="${VENDING_CLI:-$VENV/bin/vending-station-cli}"
DATA="${XDG_DATA_HOME:-$HOME/.local/share}/vending-station"  # platformdirs' user data folder
mkdir -p "$DATA"

export VENDING_PASSWORD=demo-pass VENDING_KEY_PASSPHRASE=demo-key-passphrase
"$CLI" db upgrade
if ! "$CLI" status --has-operators >/dev/null; then
  echo ">> first start: seeding a demo office (operators admin/clerk/seller/finance, password 'demo-pass')"
  "$CLI" demo seed --password "$VENDING_PASSWORD"
  "$CLI" --operator admin keys create
  "$CLI" --operator admin setup --name "Demo counter"   # remembers this station and its database file
  if [ -s "$DATA/virtual-reader.netns" ]; then
    "$CLI" card insert customer --blank   # a new card for the demo customer (a CPU card)
    "$CLI" --operator clerk card issue 000000000001
    "$CLI" card remove
    "$CLI" --operator admin meter-sim create 000000000001
    # one of each kind: the next two customers get SLE4442 and SLE4428 memory cards
    "$CLI" card insert customer-3 --blank --kind sle4442
    "$CLI" --operator clerk card issue 000000000003
    "$CLI" card remove
    "$CLI" --operator admin meter-sim create 000000000003
    "$CLI" card insert customer-4 --blank --kind sle4428
    "$CLI" --operator clerk card issue 000000000004
    "$CLI" card remove
    "$CLI" --operator admin meter-sim create 000000000004
  fi
fi
if [ -s "$DATA/virtual-reader.netns" ]; then
  "$CLI" card insert customer   # the demo customer's card waits in the virtual reader
fi
