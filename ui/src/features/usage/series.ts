// Report → chart rows: one row per local day of the range (missing days filled), one field per series.
// Series get ids like `s0` rather than their labels, because chart libraries read "gpt-4.1" as a nested path.
import type { ErrorCategory, LatencyPoint_Serialize, RequestPoint, SpendPoint, TokenPoint } from "../../bindings";

export type Row = { day: string } & Record<string, number | string | null>;
export type Series = { id: string; label: string; total: number };

/** Above this many providers or models the smallest are summed into one "other" series. */
export const MAX_SPEND_SERIES = 8;
export const OTHER_KEY = "__other";
/** The label of calls that never reached a provider (a model nobody offers). */
export const NONE_KEY = "__none";

export type SpendSeries = { rows: Row[]; series: Series[] };

/** Spend per day stacked by provider or model, biggest spender first (bottom of the stack). */
export function spendSeries(points: SpendPoint[], days: string[], max = MAX_SPEND_SERIES): SpendSeries {
  const totals = new Map<string, { label: string; total: number }>();
  for (const p of points) {
    const t = totals.get(p.key) ?? { label: p.label || NONE_KEY, total: 0 };
    t.total += p.cost_usd_micros;
    totals.set(p.key, t);
  }
  // Nothing spent (unpriced, free, or failed calls) draws nothing: no empty entries in the legend.
  const ranked = [...totals.entries()]
    .filter(([, t]) => t.total > 0).sort((a, b) => b[1].total - a[1].total || a[0].localeCompare(b[0]));
  const kept = ranked.length > max ? ranked.slice(0, max - 1) : ranked;
  const idOf = new Map(kept.map(([key], i) => [key, `s${i}`]));
  const series: Series[] = kept.map(([, t], i) => ({ id: `s${i}`, label: t.label, total: t.total }));
  if (kept.length < ranked.length) {
    const rest = ranked.slice(kept.length).reduce((sum, [, t]) => sum + t.total, 0);
    series.push({ id: "s_other", label: OTHER_KEY, total: rest });
  }
  const rows = days.map((day) => Object.fromEntries([["day", day], ...series.map((s) => [s.id, 0])]) as Row);
  const rowOf = new Map(rows.map((r) => [r.day, r]));
  for (const p of points) {
    const row = rowOf.get(p.day);
    if (!row) continue;
    const id = idOf.get(p.key) ?? "s_other";
    if (id in row) row[id] = (row[id] as number) + p.cost_usd_micros;
  }
  return { rows, series };
}

export const TOKEN_KINDS = ["input", "cache_read", "cache_write", "output", "reasoning"] as const;
export type TokenKind = (typeof TOKEN_KINDS)[number];

/**
 * Tokens per day by kind, stacked so nothing is counted twice: the report's input is already fresh input, and
 * reasoning tokens are part of output, so output here is output without reasoning.
 */
export function tokenSeries(points: TokenPoint[], days: string[]): Row[] {
  const byDay = new Map(points.map((p) => [p.day, p]));
  return days.map((day) => {
    const p = byDay.get(day);
    return {
      day,
      input: p?.input_tokens ?? 0,
      cache_read: p?.cache_read_tokens ?? 0,
      cache_write: p?.cache_write_tokens ?? 0,
      output: Math.max(0, (p?.output_tokens ?? 0) - (p?.reasoning_tokens ?? 0)),
      reasoning: p?.reasoning_tokens ?? 0,
    };
  });
}

/** Errors the report did not put in a category (so the stack still adds up to the error count). */
export const UNCATEGORISED = "uncategorised";
/**
 * `cached`: how many calls of the range the cache answered; the chart draws (and the legend names) that series only
 * when there are some, as it does for error categories.
 */
export type RequestSeries = { rows: Row[]; categories: (ErrorCategory | typeof UNCATEGORISED)[]; cached: number };

/** Requests per day: ok, answered from the cache, cancelled, and each error category that occurs, most frequent first. */
export function requestSeries(points: RequestPoint[], days: string[]): RequestSeries {
  const totals = new Map<ErrorCategory | typeof UNCATEGORISED, number>();
  const byDay = new Map<string, Record<string, number>>();
  let cached = 0;
  for (const p of points) {
    const counts: Record<string, number> = { ok: p.ok, cached: p.cached ?? 0, cancelled: p.cancelled };
    if (days.includes(p.day)) cached += counts.cached;
    let categorised = 0;
    for (const c of p.by_category) {
      counts[c.category] = (counts[c.category] ?? 0) + c.count;
      categorised += c.count;
      totals.set(c.category, (totals.get(c.category) ?? 0) + c.count);
    }
    if (p.errors > categorised) {
      counts[UNCATEGORISED] = p.errors - categorised;
      totals.set(UNCATEGORISED, (totals.get(UNCATEGORISED) ?? 0) + p.errors - categorised);
    }
    byDay.set(p.day, counts);
  }
  const categories = [...totals.entries()].filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]).map(([c]) => c);
  const rows = days.map((day) => {
    const counts = byDay.get(day) ?? {};
    return Object.fromEntries([
      ["day", day],
      ["ok", counts.ok ?? 0],
      ["cached", counts.cached ?? 0],
      ["cancelled", counts.cancelled ?? 0],
      ...categories.map((c) => [c, counts[c] ?? 0]),
    ]) as Row;
  });
  return { rows, categories, cached };
}

/** Latency per day; a day without calls has no latency (a gap in the line), not a latency of zero. */
export function latencySeries(points: LatencyPoint_Serialize[], days: string[]): Row[] {
  const byDay = new Map(points.map((p) => [p.day, p]));
  return days.map((day) => {
    const p = byDay.get(day);
    return {
      day,
      latency_p50: p?.latency_p50_ms ?? null,
      latency_p95: p?.latency_p95_ms ?? null,
      ttft_p50: p?.ttft_p50_ms ?? null,
      ttft_p95: p?.ttft_p95_ms ?? null,
    };
  });
}
