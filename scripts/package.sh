#!/usr/bin/env bash
# Builds the .deb and checks what is in it: the binary, the desktop file, the icons and the declared dependencies
# (WebKitGTK, the tray library, a CJK font, a keyring service).
#   scripts/package.sh            a release .deb (what a person installs), in $CARGO_TARGET_DIR/release/bundle/deb
#   scripts/package.sh --debug    the same from a debug build (faster; what the tests install)
# Extra arguments after the first go to `tauri build` (e.g. --config '{"version":"0.2.0"}').
set -euo pipefail
source "$(dirname "$0")/lib.sh"
setup_build
cd "$ROOT"
profile=release flags=()
if [ "${1:-}" = "--debug" ]; then profile=debug flags=(--debug); shift; fi
say "Building the $profile .deb"
npx tauri build "${flags[@]}" --bundles deb "$@" -- --locked
deb="$(ls -t "$CARGO_TARGET_DIR/$profile/bundle/deb/"*.deb | head -n1)"
check_deb "$deb"
echo "$deb"
