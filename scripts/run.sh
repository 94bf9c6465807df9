#!/usr/bin/env bash
# Sets up whatever is missing, builds Switchyard and opens its window.
#   scripts/run.sh         the app with the built UI embedded
#   scripts/run.sh --dev   hot-reloading UI (tauri dev)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
setup_build
cd "$ROOT"
if [ "${1:-}" = "--dev" ]; then
  exec npx tauri dev
fi
build_app
exec "$CARGO_TARGET_DIR/debug/switchyard"
