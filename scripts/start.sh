#!/usr/bin/env bash
# Install everything and start the station on its embedded default: a SQLite
# database in the user's data directory, the virtual card reader (pcscd +
# vpcd in a private network namespace) when no smart-card service is running,
# and, on the first start, a demo office with keys, a card and a virtual meter.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
source "$ROOT/scripts/services.sh"

apt_install "${RUNTIME_DEBS[@]}"
make_venv "runtime"

CLI="$VENV/bin/vending-station-cli"
DATA=$("$VENV/bin/python" -c 'import platformdirs; print(platformdirs.user_data_path("vending-station", appauthor=False))')
mkdir -p "$DATA"

if [ -n "${VENDING_VPCD_NETNS:-}" ] && pgrep -x pcscd >/dev/null; then
  # The test suite's own pcscd with the virtual reader (tests run this script as it is).
  echo ">> using the running virtual reader"
  echo "$VENDING_VPCD_NETNS" > "$DATA/virtual-reader.netns"
elif pgrep -x pcscd >/dev/null; then
  echo ">> using the running smart-card service (pcscd)"
else
  start_pcscd
  echo "$VENDING_VPCD_NETNS" > "$DATA/virtual-reader.netns"
fi

export VENDING_PASSWORD=demo-pass VENDING_KEY_PASSPHRASE=demo-key-passphrase
"$CLI" db upgrade
if ! "$CLI" status --has-operators >/dev/null; then
  echo ">> first start: seeding a demo office (operators admin/clerk/seller/finance, password 'demo-pass')"
  "$CLI" demo seed --password "$VENDING_PASSWORD"
  "$CLI" --operator admin keys create
  "$CLI" --operator admin setup --name "Demo counter"   # remembers this station and its database file
  if [ -s "$DATA/virtual-reader.netns" ]; then
    "$CLI" card insert customer --blank   # a new card for the demo customer
    "$CLI" --operator clerk card issue 000000000001
    "$CLI" card remove
    "$CLI" --operator admin meter-sim create 000000000001
  fi
fi
if [ -s "$DATA/virtual-reader.netns" ]; then
  "$CLI" card insert customer   # the demo customer's card waits in the virtual reader
fi
echo ">> sign in as seller (password demo-pass), open a shift with F7, then F2: the card is in the reader"
exec "$VENV/bin/vending-station" "$@"
