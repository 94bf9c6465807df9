#!/usr/bin/env bash
# The real window, driven through tauri-driver + WebKitWebDriver under Xvfb, with a real keychain and aimock as the
# provider. Expects the app already built (scripts/test.sh does it). Screenshots land in build-output/e2e/.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ensure_tauri_driver
cd "$ROOT"

work="$(mktemp -d)"
shots="$ROOT/build-output/e2e"
rm -rf "$shots" && mkdir -p "$shots"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
key="sk-e2e-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  # The app's own log, beside the screenshots, for whoever reads a failed run.
  cp -r "$work/switchyard-data/logs" "$shots/app-logs" 2>/dev/null || true
  rm -rf "$work"
  # The update test installed the package; leave the machine as it was.
  if dpkg-query -W switchyard >/dev/null 2>&1; then as_root dpkg --purge switchyard >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT

say "Starting aimock on 127.0.0.1:$port"
AIMOCK_API_KEYS="$key" node node_modules/@copilotkit/aimock/dist/cli.js --port "$port" --host 127.0.0.1 \
  --fixtures crates/core/tests/fixtures/aimock.json --log-level warn &
pids+=($!)

cargo build --locked -p switchyard-e2e --tests --quiet

# The app as built, kept aside: the update test's own builds (next) replace the one in the target dir.
cp "$CARGO_TARGET_DIR/debug/switchyard" "$work/switchyard"
update_port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
"$ROOT/scripts/update-packages.sh" "$work/update"
export UPDATE_DIR="$work/update" UPDATE_PORT="$update_port"
export SWITCHYARD_UPDATE_ENDPOINT="http://127.0.0.1:$update_port/latest.json"

export SWITCHYARD_APP="$work/switchyard"
export SWITCHYARD_DATA_DIR="$work/switchyard-data"
export AIMOCK_URL="http://127.0.0.1:$port/v1" AIMOCK_KEY="$key" E2E_SCREENSHOTS="$shots"
export SWITCHYARD_EXPORT_DIR="$work/exports"
ensure_sdk_venv
export SDK_PYTHON="$SDK_VENV/bin/python"
export XDG_CONFIG_HOME="$work/config" XDG_CACHE_HOME="$work/cache"
# The system's "open this link" stands in as a script that notes what it was asked to open (the chat test reads it).
mkdir -p "$work/bin"
printf '#!/bin/sh\nprintf "%%s\\n" "$*" >> "%s"\n' "$work/opened.log" > "$work/bin/xdg-open"
chmod +x "$work/bin/xdg-open"
export PATH="$work/bin:$PATH" OPENED_LOG="$work/opened.log"
export LANG=C.UTF-8 LANGUAGE=en WEBKIT_DISABLE_DMABUF_RENDERER=1

say "Running the window tests"
with_keychain xvfb-run -a -s "-screen 0 1280x1040x24" bash -c '
  tauri-driver --port 4444 >"'"$work"'/tauri-driver.log" 2>&1 &
  driver=$!
  for _ in $(seq 1 100); do curl -sf http://127.0.0.1:4444/status >/dev/null && break; sleep 0.1; done
  # chat and costs run after window, over the data it left (its provider and unpriced calls); cache after both; workflows
  # over the aimock provider and its price; workflow history over the workflow the workflows test left; then the
  # tray, close and relaunch; a compare over a second provider; the update last, on the installed package, over
  # every conversation the others made.
  timeout ${E2E_TIMEOUT:-600} cargo test --locked -p switchyard-e2e --test window -- --nocapture &&
    timeout ${E2E_TIMEOUT:-600} cargo test --locked -p switchyard-e2e --test chat -- --nocapture &&
    timeout ${E2E_TIMEOUT:-600} cargo test --locked -p switchyard-e2e --test costs -- --nocapture &&
    timeout ${E2E_TIMEOUT:-600} cargo test --locked -p switchyard-e2e --test cache -- --nocapture &&
    timeout ${E2E_TIMEOUT:-600} cargo test --locked -p switchyard-e2e --test queue -- --nocapture &&
    timeout ${E2E_TIMEOUT:-600} cargo test --locked -p switchyard-e2e --test hardening -- --nocapture &&
    timeout ${E2E_TIMEOUT:-600} cargo test --locked -p switchyard-e2e --test workflows -- --nocapture &&
    timeout ${E2E_TIMEOUT:-600} cargo test --locked -p switchyard-e2e --test workflow_history -- --nocapture &&
    timeout ${E2E_TIMEOUT:-600} cargo test --locked -p switchyard-e2e --test desktop -- --nocapture &&
    timeout ${E2E_TIMEOUT:-600} cargo test --locked -p switchyard-e2e --test compare -- --nocapture &&
    SWITCHYARD_APP=/usr/bin/switchyard timeout ${E2E_TIMEOUT:-600} cargo test --locked -p switchyard-e2e --test update -- --nocapture
  rc=$?
  kill $driver 2>/dev/null
  if [ $rc -ne 0 ]; then
    tail -n 40 "'"$work"'/tauri-driver.log"
    echo "== The app log, lines about updates and start-up (last 40):"
    grep -rhiE "update|started" "'"$work"'/switchyard-data/logs" 2>/dev/null | tail -n 40
  fi
  exit $rc
'
say "Screenshots: $shots"
ls "$shots"
