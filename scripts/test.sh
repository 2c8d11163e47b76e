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
start_pcscd

cd "$ROOT"
export QT_QPA_PLATFORM=offscreen  # Qt without a display (print and GUI tests)
# The whole suite runs on two workers (the virtual reader has a slot for each);
# a developer's own arguments run as given.
[ $# -eq 0 ] && set -- -n "${VENDING_TEST_WORKERS:-2}" --dist loadgroup
set +e
"$VENV/bin/python" -m pytest "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: that is a failure" >&2
  exit 1
fi
exit "$status"
