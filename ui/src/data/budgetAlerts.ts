// Budget alerts the core broadcast, until the person dismisses them. App-wide: shown above every screen.
import { create } from "zustand";
import type { CoreEvent } from "../bindings";
import { onCoreEvent } from "./coreEvents";

export type BudgetAlert = Extract<CoreEvent, { kind: "budget_alert" }>;

type BudgetAlertsState = {
  alerts: BudgetAlert[];
  push: (alert: BudgetAlert) => void;
  dismiss: (budgetId: string) => void;
};

export const useBudgetAlerts = create<BudgetAlertsState>((set) => ({
  alerts: [],
  // A budget shows one alert: its newest crossing (80 % then 100 %) replaces the older one.
  push: (alert) => set((s) => ({ alerts: [...s.alerts.filter((a) => a.budget_id !== alert.budget_id), alert] })),
  dismiss: (budgetId) => set((s) => ({ alerts: s.alerts.filter((a) => a.budget_id !== budgetId) })),
}));

export function watchBudgetAlerts(): () => void {
  return onCoreEvent((event) => {
    if (event.kind === "budget_alert") useBudgetAlerts.getState().push(event);
  });
}
