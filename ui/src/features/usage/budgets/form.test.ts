import { describe, expect, it } from "vitest";
import type { Budget } from "../../../bindings";
import { budgetFromForm, emptyBudgetForm, formFromBudget } from "./form";

describe("budget form", () => {
  it("makes a budget with the limit in exact micro-dollars", () => {
    const result = budgetFromForm({ ...emptyBudgetForm(), name: " Monthly ", limit: "19.99" });
    expect(result).toEqual({
      budget: { id: "", name: "Monthly", scope: { kind: "global" }, period: "month", limit_usd_micros: 19_990_000, action: "notify" },
    });
  });

  it("names every problem at once", () => {
    expect(budgetFromForm({ ...emptyBudgetForm(), scopeKind: "provider", limit: "abc" })).toEqual({ problems: ["name", "provider", "limit"] });
    expect(budgetFromForm({ ...emptyBudgetForm(), name: "k", scopeKind: "access_key", limit: "0" })).toEqual({ problems: ["key", "limit"] });
    expect(budgetFromForm({ ...emptyBudgetForm(), name: "k", limit: "1.0000001" })).toEqual({ problems: ["limit"] });
  });

  it("round-trips a saved budget through the form unchanged", () => {
    const budgets: Budget[] = [
      { id: "b1", name: "DeepSeek daily", scope: { kind: "provider", provider_id: "p1" }, period: "day", limit_usd_micros: 4_350_000, action: "block" },
      { id: "b2", name: "Claude Code", scope: { kind: "access_key", key_id: "k1" }, period: "week", limit_usd_micros: 1, action: "notify" },
    ];
    for (const b of budgets) expect(budgetFromForm(formFromBudget(b))).toEqual({ budget: b });
    expect(formFromBudget(budgets[0]).limit).toBe("4.35");
  });
});
