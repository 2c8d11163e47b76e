#!/usr/bin/env bash
# Install everything and start the station on its embedded default: a SQLite
# database in the user's data directory, the virtual card reader (pcscd +
# vpcd in a private network namespace) when no smart-card service is running,
# and, on the first start, a demo office with keys, a card and a virtual meter.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
source "$ROOT/scripts/services.sh"

apt_install "${RUNTIME_DEBS[@]}"
make_venv ""

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

bash "$ROOT/scripts/demo.sh"   # the demo office on the first start; the card in the reader
export VENDING_PASSWORD=demo-pass VENDING_KEY_PASSPHRASE=demo-key-passphrase
echo ">> sign in as seller (password demo-pass), open a shift with F7, then F2: the card is in the reader"
exec "$VENV/bin/vending-station" "$@"
