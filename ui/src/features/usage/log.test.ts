import { describe, expect, it } from "vitest";
import { barPercent, monthBudget, withSpent } from "./daily";
import { cacheSaving, chatLink, mergeNewest } from "./log";
import { entry, row } from "./testRows";
import type { BudgetStatus } from "../../bindings";

describe("mergeNewest", () => {
  it("puts only newer rows on top and keeps the pages already loaded", () => {
    const shown = [row(10), row(9), row(3), row(2)];
    expect(mergeNewest(shown, [row(12), row(11), row(10), row(9)]).map((r) => r.id)).toEqual([12, 11, 10, 9, 3, 2]);
    expect(mergeNewest([], [row(1)]).map((r) => r.id)).toEqual([1]);
  });
});

describe("chatLink", () => {
  it("links a pane's row to its conversation and answer, and nothing else", () => {
    expect(chatLink(row(1, { conversation_id: "c1", message_id: "m1" }))).toEqual({ conversationId: "c1", messageId: "m1" });
    expect(chatLink(row(2, { origin_kind: "gateway" }))).toBeNull();
  });
});

const status = (period: "day" | "month", kind: "global" | "provider"): BudgetStatus => ({
  budget: { id: `${period}-${kind}`, name: "b", scope: kind === "global" ? { kind } : { kind, provider_id: "p" }, period, limit_usd_micros: 1, action: "notify" },
  window_start_ms: 0, window_end_ms: 1, spent_usd_micros: 0, reserved_usd_micros: 0, percent: 0,
});

describe("daily report helpers", () => {
  it("measures the month against the global monthly budget only", () => {
    expect(monthBudget([status("day", "global"), status("month", "provider")])).toBeNull();
    expect(monthBudget([status("month", "provider"), status("month", "global")])?.budget.id).toBe("month-global");
  });

  it("caps the bar at 100 % and copes with a zero limit", () => {
    expect(barPercent(50, 200)).toBe(25);
    expect(barPercent(300, 200)).toBe(100);
    expect(barPercent(1, 0)).toBe(100);
    expect(barPercent(0, 0)).toBe(0);
  });
});

describe("withSpent", () => {
  it("measures the month budget with the report's month to date", () => {
    const s = withSpent({ ...status("month", "global"), budget: { ...status("month", "global").budget, limit_usd_micros: 20_000_000 } }, 16_500_000);
    expect([s.spent_usd_micros, s.percent]).toEqual([16_500_000, 82]);
  });
});

describe("cacheSaving", () => {
  it("shows a hit's saving in dollars and milliseconds, and nothing it does not know or that is zero", () => {
    const hit = entry({ status: "cached", cache: "hit", saved_cost_usd_micros: 1_200, saved_latency_ms: 1_750 });
    expect(cacheSaving(hit)).toEqual({ cost: "$0.0012", latencyMs: 1_750 });
    expect(cacheSaving({ ...hit, saved_cost_usd_micros: null })).toEqual({ cost: null, latencyMs: 1_750 });
    expect(cacheSaving({ ...hit, saved_cost_usd_micros: 0, saved_latency_ms: 0 })).toEqual({ cost: null, latencyMs: null });
    expect(cacheSaving(entry({ cache: "miss", saved_cost_usd_micros: 5 }))).toEqual({ cost: null, latencyMs: null });
  });
});
