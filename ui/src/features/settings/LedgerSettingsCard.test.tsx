import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import i18n from "../../i18n";
import { CommandError } from "../../lib/api";
import { LedgerSettingsCard } from "./LedgerSettingsCard";
import { testSettings } from "../../data/testSettings";

const settings = testSettings();
const rowsInput = () => screen.getByTestId<HTMLInputElement>("ledger-buffer-rows");

describe("the usage records card", () => {
  beforeAll(() => i18n.changeLanguage("en"));
  afterEach(cleanup);

  it("shows the saved values and explains both choices", () => {
    render(<LedgerSettingsCard settings={settings} onSave={vi.fn()} />);
    expect(rowsInput().value).toBe("100000");
    expect(screen.getByTestId<HTMLInputElement>("ledger-when-full-refuse").checked).toBe(true);
    expect(screen.getByTestId<HTMLInputElement>("ledger-when-full-drop").checked).toBe(false);
    const choices = screen.getByTestId("ledger-when-full").textContent;
    expect(choices).toContain("New requests are refused");
    expect(choices).toContain("records past the limit are dropped and counted");
  });

  it("refuses a size the core would refuse, then saves the size and the choice", async () => {
    const onSave = vi.fn(async () => {});
    render(<LedgerSettingsCard settings={settings} onSave={onSave} />);
    for (const bad of ["99", "10,000,001", "1.5", ""]) {
      fireEvent.change(rowsInput(), { target: { value: bad } });
      fireEvent.click(screen.getByTestId("save-ledger-settings"));
      expect(screen.getByText("Enter a whole number from 100 to 10,000,000"), bad).toBeTruthy();
      expect(rowsInput().getAttribute("aria-invalid")).toBe("true");
    }
    expect(onSave).not.toHaveBeenCalled();

    fireEvent.change(rowsInput(), { target: { value: "250,000" } });
    fireEvent.click(screen.getByTestId("ledger-when-full-drop"));
    fireEvent.click(screen.getByTestId("save-ledger-settings"));
    await waitFor(() => expect(onSave).toHaveBeenCalledWith({ ledger_buffer_rows: 250_000, ledger_when_full: "drop" }));
    expect(await screen.findByText("Saved")).toBeTruthy();
    expect(rowsInput().getAttribute("aria-invalid")).toBe("false");
  });

  it("shows the core's refusal and marks the size", async () => {
    const error = { code: "invalid_ledger_buffer", message: "Keep from 100 to 10,000,000", category: "invalid_request", retriable: false, trace_id: null } as const;
    const onSave = vi.fn(async () => {
      throw new CommandError(error);
    });
    render(<LedgerSettingsCard settings={settings} onSave={onSave} />);
    fireEvent.click(screen.getByTestId("save-ledger-settings"));
    expect((await screen.findByTestId("error-banner")).textContent).toContain("invalid_ledger_buffer");
    expect(rowsInput().getAttribute("aria-invalid")).toBe("true");
  });

  it("follows a newly saved value", () => {
    const { rerender } = render(<LedgerSettingsCard settings={settings} onSave={vi.fn()} />);
    rerender(<LedgerSettingsCard settings={{ ...settings, ledger_buffer_rows: 500, ledger_when_full: "drop" }} onSave={vi.fn()} />);
    expect(rowsInput().value).toBe("500");
    expect(screen.getByTestId<HTMLInputElement>("ledger-when-full-drop").checked).toBe(true);
  });
});
