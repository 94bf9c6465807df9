import { describe, expect, it } from "vitest";
import type { RequestPoint, SpendPoint, TokenPoint } from "../../bindings";
import { latencySeries, NONE_KEY, OTHER_KEY, requestSeries, spendSeries, tokenSeries, UNCATEGORISED } from "./series";

const days = ["2026-03-01", "2026-03-02", "2026-03-03"];
const spend = (day: string, key: string, cost: number, label = key): SpendPoint => ({ day, key, label, cost_usd_micros: cost, requests: 1, unpriced: 0 });

describe("spendSeries", () => {
  it("stacks by key, biggest first, filling missing days and keys with zero", () => {
    const { rows, series } = spendSeries(
      [spend("2026-03-01", "p-ds", 100, "DeepSeek"), spend("2026-03-03", "p-oa", 5_000, "OpenAI"), spend("2026-03-03", "p-ds", 200, "DeepSeek")],
      days,
    );
    expect(series).toEqual([
      { id: "s0", label: "OpenAI", total: 5_000 },
      { id: "s1", label: "DeepSeek", total: 300 },
    ]);
    expect(rows).toEqual([
      { day: "2026-03-01", s0: 0, s1: 100 },
      { day: "2026-03-02", s0: 0, s1: 0 },
      { day: "2026-03-03", s0: 5_000, s1: 200 },
    ]);
  });

  it("never uses a model name as a field name (dots would read as a path)", () => {
    const { rows, series } = spendSeries([spend("2026-03-01", "gpt-4.1", 7)], days);
    expect(series[0]).toMatchObject({ id: "s0", label: "gpt-4.1" });
    expect(Object.keys(rows[0])).toEqual(["day", "s0"]);
  });

  it("sums the smallest into one other series beyond the maximum", () => {
    const points = ["a", "b", "c", "d"].map((k, i) => spend("2026-03-02", k, (4 - i) * 10));
    const { rows, series } = spendSeries(points, days, 3);
    expect(series.map((s) => [s.label, s.total])).toEqual([["a", 40], ["b", 30], [OTHER_KEY, 30]]);
    expect(rows[1]).toEqual({ day: "2026-03-02", s0: 40, s1: 30, s_other: 30 });
  });

  it("leaves out what spent nothing and names calls that reached no provider", () => {
    const { rows, series } = spendSeries([spend("2026-03-01", "p-free", 0, "Ollama"), spend("2026-03-01", "", 9, "")], days);
    expect(series).toEqual([{ id: "s0", label: NONE_KEY, total: 9 }]);
    expect(rows[0]).toEqual({ day: "2026-03-01", s0: 9 });
  });

  it("ignores points outside the days asked for", () => {
    expect(spendSeries([spend("2026-02-28", "a", 9)], days).rows.every((r) => r.s0 === 0)).toBe(true);
  });
});

describe("tokenSeries", () => {
  it("gives each kind once: output without its reasoning, zeros on empty days", () => {
    const point: TokenPoint = { day: "2026-03-02", input_tokens: 1000, output_tokens: 300, cache_read_tokens: 4000, cache_write_tokens: 50, reasoning_tokens: 120 };
    expect(tokenSeries([point], days)).toEqual([
      { day: "2026-03-01", input: 0, cache_read: 0, cache_write: 0, output: 0, reasoning: 0 },
      { day: "2026-03-02", input: 1000, cache_read: 4000, cache_write: 50, output: 180, reasoning: 120 },
      { day: "2026-03-03", input: 0, cache_read: 0, cache_write: 0, output: 0, reasoning: 0 },
    ]);
  });
});

describe("requestSeries", () => {
  it("splits errors by category, most frequent first, and keeps uncategorised ones so the stack adds up", () => {
    const points: RequestPoint[] = [
      { day: "2026-03-01", requests: 10, ok: 6, errors: 3, cancelled: 1, cached: 0, by_category: [{ category: "timeout", count: 1 }, { category: "rate_limited", count: 2 }] },
      { day: "2026-03-03", requests: 5, ok: 3, errors: 2, cancelled: 0, cached: 0, by_category: [{ category: "rate_limited", count: 1 }] },
    ];
    const { rows, categories } = requestSeries(points, days);
    expect(categories).toEqual(["rate_limited", "timeout", UNCATEGORISED]);
    expect(rows).toEqual([
      { day: "2026-03-01", ok: 6, cached: 0, cancelled: 1, rate_limited: 2, timeout: 1, [UNCATEGORISED]: 0 },
      { day: "2026-03-02", ok: 0, cached: 0, cancelled: 0, rate_limited: 0, timeout: 0, [UNCATEGORISED]: 0 },
      { day: "2026-03-03", ok: 3, cached: 0, cancelled: 0, rate_limited: 1, timeout: 0, [UNCATEGORISED]: 1 },
    ]);
  });

  it("counts calls answered from the cache as their own series, and says when there are none", () => {
    const points: RequestPoint[] = [
      { day: "2026-03-01", requests: 5, ok: 2, errors: 0, cancelled: 0, cached: 3, by_category: [] },
      { day: "2026-03-03", requests: 4, ok: 3, errors: 0, cancelled: 0, cached: 1, by_category: [] },
      { day: "2026-02-27", requests: 9, ok: 0, errors: 0, cancelled: 0, cached: 9, by_category: [] },
    ];
    const { rows, cached } = requestSeries(points, days);
    expect(rows.map((r) => [r.ok, r.cached])).toEqual([[2, 3], [0, 0], [3, 1]]);
    expect(cached).toBe(4); // the day outside the range is not counted
    expect(requestSeries([{ ...points[0], cached: 0 }], days).cached).toBe(0);
  });
});

describe("latencySeries", () => {
  it("leaves days without calls empty instead of zero", () => {
    const rows = latencySeries([{ day: "2026-03-02", latency_p50_ms: 800, latency_p95_ms: 2400, ttft_p50_ms: 300, ttft_p95_ms: null }], days);
    expect(rows[0]).toEqual({ day: "2026-03-01", latency_p50: null, latency_p95: null, ttft_p50: null, ttft_p95: null });
    expect(rows[1]).toEqual({ day: "2026-03-02", latency_p50: 800, latency_p95: 2400, ttft_p50: 300, ttft_p95: null });
  });
});
