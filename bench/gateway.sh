#!/usr/bin/env bash
# Builds release binaries and measures what the gateway adds over calling the upstream directly.
#   bench/gateway.sh [requests]   small calls (default 2000 requests per measurement), then the big-work scenarios
#   bench/gateway.sh big          only the big-work scenarios, to rerun them quickly:
#                                 "big prompt" (100 KB prompt, 2,000 streamed chunks back, 64 calls, 8 at a time) and
#                                 "long streams" (32 calls at once, 10,000 streamed chunks each), each direct, through
#                                 the bare hop, and through the gateway from an OpenAI and from an Anthropic client,
#                                 with the proxy's CPU time per request and per chunk and its RSS during and after.
#   bench/gateway.sh cache [requests] [entries]
#                                 only the response cache (policy "always"): a cached answer beside a live call
#                                 (x-switchyard-cache: bypass) to the mock upstream, whole and streamed, from an OpenAI
#                                 and from an Anthropic client, one at a time (default 5000 calls per row): p50/p99/mean
#                                 latency and the gateway's CPU time per call, and cached/live. Then a fresh gateway
#                                 keeps `entries` distinct answers (default 100,000, 32 in flight): its RSS beside
#                                 memory_mb and cache.sqlite beside disk_mb. Exits 1 if a cached call did not say hit.
#   bench/gateway.sh connections  RSS idle, peak during 1,000 connections open at once (5 small calls each), and 1, 5,
#                                 15 and 30 s after they close (goal: back within 1.5x of idle).
set -euo pipefail
source "$(dirname "$0")/../scripts/lib.sh"
cd "$ROOT"
cargo build --release -p switchyard-gateway -p switchyard-bench --quiet
if [ "${1:-}" = connections ]; then
  "$CARGO_TARGET_DIR/release/gateway-overhead" "$CARGO_TARGET_DIR/release/switchyard-gateway" connections
elif [ "${1:-}" = cache ]; then
  "$CARGO_TARGET_DIR/release/gateway-overhead" "$CARGO_TARGET_DIR/release/switchyard-gateway" cache "${2:-5000}" "${3:-100000}"
else
  "$CARGO_TARGET_DIR/release/gateway-overhead" "$CARGO_TARGET_DIR/release/switchyard-gateway" "${1:-2000}"
fi
