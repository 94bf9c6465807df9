#!/usr/bin/env bash
# Builds release binaries and measures what the gateway adds over calling the upstream directly.
#   bench/gateway.sh [requests]   small calls (default 2000 requests per measurement), then the big-work scenarios
#   bench/gateway.sh big          only the big-work scenarios, to rerun them quickly:
#                                 "big prompt" (100 KB prompt, 2,000 streamed chunks back, 64 calls, 8 at a time) and
#                                 "long streams" (32 calls at once, 10,000 streamed chunks each), each direct, through
#                                 the bare hop, and through the gateway from an OpenAI and from an Anthropic client,
#                                 with the proxy's CPU time per request and per chunk and its RSS during and after.
set -euo pipefail
source "$(dirname "$0")/../scripts/lib.sh"
cd "$ROOT"
cargo build --release -p switchyard-gateway -p switchyard-bench --quiet
"$CARGO_TARGET_DIR/release/gateway-overhead" "$CARGO_TARGET_DIR/release/switchyard-gateway" "${1:-2000}"
