// The budget editor's fields as typed, and the Budget they make once valid. Limits are dollars typed as decimals,
// stored as integer micro-dollars.
import type { Budget, BudgetAction, BudgetPeriod, BudgetScope } from "../../../bindings";
import { microsToDecimal, parseMicros } from "../../../lib/money";

export type ScopeKind = BudgetScope["kind"];
export const SCOPE_KINDS: ScopeKind[] = ["global", "provider", "access_key"];
export const PERIODS: BudgetPeriod[] = ["day", "week", "month"];
export const ACTIONS: BudgetAction[] = ["notify", "block"];

export type BudgetForm = {
  id: string;
  name: string;
  scopeKind: ScopeKind;
  providerId: string;
  keyId: string;
  period: BudgetPeriod;
  limit: string;
  action: BudgetAction;
};

export type BudgetProblem = "name" | "provider" | "key" | "limit";

export function emptyBudgetForm(): BudgetForm {
  return { id: "", name: "", scopeKind: "global", providerId: "", keyId: "", period: "month", limit: "", action: "notify" };
}

export function formFromBudget(b: Budget): BudgetForm {
  return {
    ...emptyBudgetForm(),
    id: b.id,
    name: b.name,
    scopeKind: b.scope.kind,
    providerId: b.scope.kind === "provider" ? b.scope.provider_id : "",
    keyId: b.scope.kind === "access_key" ? b.scope.key_id : "",
    period: b.period,
    limit: microsToDecimal(b.limit_usd_micros),
    action: b.action,
  };
}

function scopeOf(f: BudgetForm): BudgetScope {
  switch (f.scopeKind) {
    case "global":
      return { kind: "global" };
    case "provider":
      return { kind: "provider", provider_id: f.providerId };
    case "access_key":
      return { kind: "access_key", key_id: f.keyId };
  }
}

export function budgetFromForm(f: BudgetForm): { budget: Budget } | { problems: BudgetProblem[] } {
  const problems: BudgetProblem[] = [];
  if (!f.name.trim()) problems.push("name");
  if (f.scopeKind === "provider" && !f.providerId) problems.push("provider");
  if (f.scopeKind === "access_key" && !f.keyId) problems.push("key");
  const limit = parseMicros(f.limit);
  if (limit === null || limit <= 0) problems.push("limit");
  if (problems.length) return { problems };
  return {
    budget: { id: f.id, name: f.name.trim(), scope: scopeOf(f), period: f.period, limit_usd_micros: limit!, action: f.action },
  };
}
