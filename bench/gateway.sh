#!/usr/bin/env bash
# Builds release binaries and measures what the gateway adds over calling the upstream directly.
#   bench/gateway.sh [requests]      (default 2000)
set -euo pipefail
source "$(dirname "$0")/../scripts/lib.sh"
cd "$ROOT"
cargo build --release -p switchyard-gateway -p switchyard-bench --quiet
"$CARGO_TARGET_DIR/release/gateway-overhead" "$CARGO_TARGET_DIR/release/switchyard-gateway" "${1:-2000}"
