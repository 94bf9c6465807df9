#!/usr/bin/env bash
# Sets up whatever is missing and runs every test: Rust (core, gateway, shell, bindings drift), UI (types, vitest),
# the official Python SDKs and schemathesis against the gateway, and the end-to-end flow in the real window.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
started=$(date +%s)
setup_tests
cd "$ROOT"

say "npm locks: in step with package.json, every platform's optional packages locked"
node "$ROOT/scripts/check-lock.mjs"

say "cargo fmt --check"
cargo fmt --all -- --check

say "UI: typecheck and unit tests"
(cd ui && npx tsc -b && npx vitest run)

say "UI: production build"
npm run build --prefix ui

say "Rust tests (keychain tests run against a real gnome-keyring)"
SWITCHYARD_TEST_KEYCHAIN=1 with_keychain cargo test --locked --workspace --exclude switchyard-e2e

say "Official OpenAI and Anthropic SDKs against the gateway (aimock upstream in both formats)"
cargo build --locked -p switchyard-gateway --quiet
"$SDK_VENV/bin/pytest" tests/sdk -q

say "schemathesis: OpenAI's API description against the gateway (chat completions, models; bounded)"
"$SDK_VENV/bin/pytest" tests/schema -q -s

build_app
"$ROOT/scripts/e2e.sh"

say "All tests passed in $(( $(date +%s) - started )) s"
