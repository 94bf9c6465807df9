import type { BudgetStatus } from "../../bindings";

/** The budget the daily report's month-so-far is measured against: the app-wide monthly one, if any. */
export function monthBudget(budgets: BudgetStatus[]): BudgetStatus | null {
  return budgets.find((b) => b.budget.period === "month" && b.budget.scope.kind === "global") ?? null;
}

/** Percent of a limit, whole and capped at 100 for the bar's width (the label shows the real figure). */
export function barPercent(spent: number, limit: number): number {
  if (limit <= 0) return spent > 0 ? 100 : 0;
  return Math.min(100, Math.floor((spent * 100) / limit));
}

/** A budget's status measured with another spent figure (the daily report's month to date). */
export function withSpent(status: BudgetStatus, spent: number): BudgetStatus {
  const limit = status.budget.limit_usd_micros;
  return { ...status, spent_usd_micros: spent, percent: limit > 0 ? Math.floor((spent * 100) / limit) : 0 };
}
