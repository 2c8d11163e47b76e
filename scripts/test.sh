#!/usr/bin/env bash
# Install everything and run the whole test suite: unit tests, and the
# database tests on SQLite and on a real PostgreSQL server started here.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"

apt_install "${RUNTIME_DEBS[@]}" "${TEST_DEBS[@]}"
make_venv "test,dev"

source "$ROOT/scripts/services.sh"
trap 'stop_postgres; stop_pcscd' EXIT
start_postgres
# Two virtual readers, four slots: one for each of the suite's workers.
export VENDING_VPCD_READERS=2
start_pcscd

cd "$ROOT"
export QT_QPA_PLATFORM=offscreen  # Qt without a display (print and GUI tests)
# The whole suite runs on four workers, one per slot of the virtual readers:
# most card and window tests wait (on the card, the reader's settle time, a
# process), so four keep two cores busy. A developer's own arguments run as given.
[ $# -eq 0 ] && set -- -n "${VENDING_TEST_WORKERS:-4}" --dist loadgroup
set +e
"$VENV/bin/python" -m pytest "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: that is a failure" >&2
  exit 1
fi
exit "$status"
