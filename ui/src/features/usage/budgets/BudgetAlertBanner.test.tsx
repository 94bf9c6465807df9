import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";

vi.mock("../../../bindings", () => ({ events: { coreEvent: { listen: vi.fn() } } }));
const i18n = (await import("../../../i18n")).default;
const { useBudgetAlerts } = await import("../../../data/budgetAlerts");
const { BudgetAlertBanner } = await import("./BudgetAlertBanner");

describe("budget alert banner", () => {
  afterEach(cleanup);

  it("names the budget, threshold and amounts, and goes away when dismissed", async () => {
    await i18n.changeLanguage("en");
    useBudgetAlerts.setState({
      alerts: [{ kind: "budget_alert", budget_id: "b1", name: "Monthly", threshold: 80, spent_usd_micros: 16_000_000, limit_usd_micros: 20_000_000, action: "notify" }],
    });
    render(<BudgetAlertBanner />);
    const text = screen.getByTestId("budget-alert").textContent ?? "";
    expect(text).toContain("Monthly");
    expect(text).toContain("80%");
    expect(text).toContain("$16.00");
    expect(text).toContain("$20.00");
    fireEvent.click(screen.getByTestId("dismiss-budget-alert"));
    expect(screen.queryByTestId("budget-alert")).toBeNull();
  });
});
