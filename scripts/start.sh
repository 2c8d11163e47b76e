#!/usr/bin/env bash
# Install everything and start the station on its embedded default:
# a SQLite database in the user's data directory, demo data on first start.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"

apt_install "${RUNTIME_DEBS[@]}"
make_venv "runtime"

CLI="$VENV/bin/vending-station-cli"
"$CLI" db upgrade
if ! "$CLI" status --has-operators >/dev/null; then
  echo ">> first start: seeding demo data (operators admin/clerk/seller/finance, password 'demo-pass')"
  "$CLI" demo seed --password demo-pass
fi
exec "$VENV/bin/vending-station" "$@"
