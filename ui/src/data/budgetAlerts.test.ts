import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("../bindings", () => ({ events: { coreEvent: { listen: vi.fn() } } }));
const { dispatchCoreEvent } = await import("./coreEvents");
const { useBudgetAlerts, watchBudgetAlerts } = await import("./budgetAlerts");

const alert = (budget_id: string, threshold: number) =>
  ({ kind: "budget_alert", budget_id, name: budget_id, threshold, spent_usd_micros: 1, limit_usd_micros: 2, action: "notify" }) as const;

describe("budget alerts", () => {
  beforeEach(() => useBudgetAlerts.setState({ alerts: [] }));

  it("keeps budget_alert events and ignores usage_changed", () => {
    const stop = watchBudgetAlerts();
    dispatchCoreEvent({ kind: "usage_changed" });
    dispatchCoreEvent(alert("b1", 80));
    stop();
    dispatchCoreEvent(alert("b2", 80));
    expect(useBudgetAlerts.getState().alerts.map((a) => a.budget_id)).toEqual(["b1"]);
  });

  it("shows one alert per budget, the newest, until dismissed", () => {
    const { push, dismiss } = useBudgetAlerts.getState();
    push(alert("b1", 80));
    push(alert("b2", 80));
    push(alert("b1", 100));
    expect(useBudgetAlerts.getState().alerts.map((a) => [a.budget_id, a.threshold])).toEqual([["b2", 80], ["b1", 100]]);
    dismiss("b1");
    expect(useBudgetAlerts.getState().alerts.map((a) => a.budget_id)).toEqual(["b2"]);
  });
});
