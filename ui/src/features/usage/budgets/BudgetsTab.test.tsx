import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Budget } from "../../../bindings";

const ok = <T,>(data: T) => Promise.resolve({ status: "ok" as const, data });
const saveBudget = vi.fn((b: Budget) => ok({ ...b, id: "b-new" }));
const listBudgets = vi.fn((): Promise<unknown> => ok([]));
const deleteBudget = vi.fn((_id: string) => ok(null));
vi.mock("../../../bindings", () => ({
  commands: {
    listBudgets: () => listBudgets(),
    saveBudget: (b: Budget) => saveBudget(b),
    deleteBudget: (id: string) => deleteBudget(id),
    listAccessKeys: () => ok([{ id: "k1", name: "Claude Code", prefix: "sy-1a", scopes: ["chat"], created_at: 1, revoked_at: null }, { id: "k0", name: "old", prefix: "sy-0", scopes: [], created_at: 1, revoked_at: 5 }]),
  },
}));

const i18n = (await import("../../../i18n")).default;
const { BudgetsTab } = await import("./BudgetsTab");
const { useUsage } = await import("../store");

describe("budgets tab", () => {
  beforeAll(() => i18n.changeLanguage("en"));
  afterEach(cleanup);

  it("refuses an invalid budget, then saves one scoped to an access key in exact micro-dollars", async () => {
    render(<BudgetsTab />);
    fireEvent.click(screen.getByTestId("add-budget"));
    fireEvent.click(screen.getByTestId("budget-save"));
    expect(screen.getByText("Give the budget a name")).toBeTruthy();
    expect(screen.getByText(/Enter an amount above zero/)).toBeTruthy();
    expect(saveBudget).not.toHaveBeenCalled();

    fireEvent.change(screen.getByTestId("budget-name"), { target: { value: "Claude Code weekly" } });
    fireEvent.change(screen.getByTestId("budget-scope"), { target: { value: "access_key" } });
    await waitFor(() => expect(screen.getByRole("option", { name: /Claude Code/ })).toBeTruthy());
    expect(screen.queryByRole("option", { name: /old/ })).toBeNull();
    fireEvent.change(screen.getByRole("option", { name: /Claude Code/ }).closest("select")!, { target: { value: "k1" } });
    fireEvent.change(screen.getByTestId("budget-limit"), { target: { value: "4.35" } });
    fireEvent.click(screen.getByText("Block calls"));
    fireEvent.click(screen.getByTestId("budget-save"));
    await waitFor(() => expect(saveBudget).toHaveBeenCalled());
    expect(saveBudget.mock.calls[0][0]).toEqual({
      id: "", name: "Claude Code weekly", scope: { kind: "access_key", key_id: "k1" }, period: "month", limit_usd_micros: 4_350_000, action: "block",
    });
    await waitFor(() => expect(screen.queryByTestId("budget-editor")).toBeNull());
    expect(listBudgets.mock.calls.length).toBeGreaterThanOrEqual(2);
  });

  it("deletes a budget only after it is confirmed in the app", async () => {
    const status = { budget: { id: "b1", name: "Monthly", scope: { kind: "global" }, period: "month", limit_usd_micros: 5_000_000, action: "notify" }, window_start_ms: 0, window_end_ms: 1, spent_usd_micros: 0, reserved_usd_micros: 0, percent: 0 };
    listBudgets.mockImplementation(() => ok([status]));
    useUsage.setState({ budgets: [status] as never });
    render(<BudgetsTab />);
    fireEvent.click(await screen.findByTestId("budget-delete"));
    expect(screen.getByTestId("confirm-dialog").textContent).toContain("Delete budget “Monthly”?");
    fireEvent.click(screen.getByTestId("confirm-dialog-cancel"));
    expect(deleteBudget).not.toHaveBeenCalled();
    fireEvent.click(screen.getByTestId("budget-delete"));
    fireEvent.click(screen.getByTestId("confirm-dialog-confirm"));
    await waitFor(() => expect(deleteBudget).toHaveBeenCalledWith("b1"));
  });
});
