#!/usr/bin/env bash
# Render the main screens in both languages into docs/screenshots/ under Xvfb,
# with pcscd and the virtual reader (installs what it needs, like the tests).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
source "$ROOT/scripts/services.sh"
apt_install "${RUNTIME_DEBS[@]}" "${TEST_DEBS[@]}"
make_venv "test"
if [ -z "${VENDING_VPCD_NETNS:-}" ]; then
  start_pcscd
fi
xvfb-run -a -s "-screen 0 1280x800x24" "$VENV/bin/python" "$ROOT/scripts/screenshots.py"
