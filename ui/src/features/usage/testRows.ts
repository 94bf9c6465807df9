// Builders for ledger rows in tests.
import type { LedgerEntry_Serialize, LogRow_Serialize } from "../../bindings";

export function entry(over: Partial<LedgerEntry_Serialize> = {}): LedgerEntry_Serialize {
  return {
    at: Date.UTC(2026, 2, 15, 8), origin: "chat:main", origin_kind: "pane", access_key_id: null, conversation_id: null,
    message_id: null, route: "deepseek-chat", provider_id: "p1", provider_name: "DeepSeek", model: "deepseek-chat",
    attempts: 1, status: "ok", error_category: null, streamed: true,
    usage: { input_tokens: 1200, output_tokens: 300, cache_read_tokens: 1000, cache_write_tokens: 0, reasoning_tokens: 0, estimated: false },
    latency_ms: 1800, ttft_ms: 420, trace_id: "t-1",
    cost: { micros: 850, currency: "CNY", usd_micros: 118, usd_per_unit_micros: 138_000, source: "genai_prices" },
    cache: "miss", saved_cost_usd_micros: null, saved_latency_ms: null,
    ...over,
  };
}

export function row(id: number, over: Partial<LedgerEntry_Serialize> = {}): LogRow_Serialize {
  return { id, entry: entry({ trace_id: `t-${id}`, ...over }), feedback: null };
}

import type { UsageReport_Serialize } from "../../bindings";

export function report(over: Partial<UsageReport_Serialize["totals"]> = {}): UsageReport_Serialize {
  return {
    totals: {
      requests: 12, ok: 10, errors: 1, cancelled: 1, cached: 0, cache: { hits: 0, misses: 0, saved_cost_usd_micros: 0, saved_latency_ms: 0 }, unpriced_requests: 2, cost_usd_micros: 1_234_567, input_tokens: 5000,
      output_tokens: 1500, cache_read_tokens: 2000, cache_write_tokens: 0, reasoning_tokens: 300, ...over,
    },
    spend: [{ day: "2026-03-15", key: "p1", label: "DeepSeek", cost_usd_micros: 1_234_567, requests: 12, unpriced: 2 }],
    tokens: [{ day: "2026-03-15", input_tokens: 3000, output_tokens: 1500, cache_read_tokens: 2000, cache_write_tokens: 0, reasoning_tokens: 300 }],
    requests: [{ day: "2026-03-15", requests: 12, ok: 10, errors: 1, cancelled: 1, cached: 0, by_category: [{ category: "timeout", count: 1 }] }],
    latency: [{ day: "2026-03-15", latency_p50_ms: 900, latency_p95_ms: 2500, ttft_p50_ms: 300, ttft_p95_ms: 800 }],
    options: { providers: [{ id: "p1", name: "DeepSeek" }], models: ["deepseek-chat"] },
  };
}
