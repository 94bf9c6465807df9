#!/usr/bin/env bash
# The workflow canvas in the real window: opens a 3-node workflow (baseline) and the 500-node / 700-edge benchmark
# document, and prints time to first render and frame times (p50/p95) while panning and while dragging a node.
#   bench/workflow-canvas/run.sh [rounds]    (default 3; expects the app built: scripts/run.sh or build_app)
# Goal on this machine: opens in under 1.5 s, p95 frame under 20 ms while panning.
set -euo pipefail
source "$(dirname "$0")/../../scripts/lib.sh"
ensure_tauri_driver
cd "$ROOT"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
node bench/workflow-canvas/generate.mjs "$work/doc.json" >/dev/null
cargo build -p switchyard-e2e --bin canvas-bench --quiet
export SWITCHYARD_APP="$CARGO_TARGET_DIR/debug/switchyard" SWITCHYARD_DATA_DIR="$work/data" CANVAS_DOC="$work/doc.json"
export CANVAS_RUNS="${1:-3}" E2E_SCREENSHOTS="$work/shots"
export XDG_CONFIG_HOME="$work/config" XDG_CACHE_HOME="$work/cache" LANG=C.UTF-8 LANGUAGE=en WEBKIT_DISABLE_DMABUF_RENDERER=1
with_keychain xvfb-run -a -s "-screen 0 1280x1040x24" bash -c '
  tauri-driver --port 4444 >"'"$work"'/tauri-driver.log" 2>&1 &
  driver=$!
  for _ in $(seq 1 100); do curl -sf http://127.0.0.1:4444/status >/dev/null && break; sleep 0.1; done
  "$CARGO_TARGET_DIR/debug/canvas-bench"; rc=$?
  kill $driver 2>/dev/null
  exit $rc
'
