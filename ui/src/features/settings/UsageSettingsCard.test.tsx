import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import i18n from "../../i18n";
import { UsageSettingsCard } from "./UsageSettingsCard";
import { testSettings } from "../../data/testSettings";

const settings = testSettings({ exchange_rates: [{ currency: "CNY", usd_per_unit_micros: 138_000 }], retention_days: 30 });

describe("cost settings", () => {
  beforeAll(() => i18n.changeLanguage("en"));
  afterEach(cleanup);

  it("refuses a bad retention, and saves blank as keep forever with exact rates", async () => {
    const onSave = vi.fn(async () => {});
    render(<UsageSettingsCard settings={settings} onSave={onSave} />);
    fireEvent.change(screen.getByTestId("retention-days"), { target: { value: "1.5" } });
    fireEvent.click(screen.getByTestId("save-usage-settings"));
    expect(screen.getByText(/whole number of days/)).toBeTruthy();
    expect(onSave).not.toHaveBeenCalled();

    fireEvent.change(screen.getByTestId("retention-days"), { target: { value: "" } });
    fireEvent.change(screen.getByDisplayValue("0.138"), { target: { value: "0.1385" } });
    fireEvent.click(screen.getByTestId("save-usage-settings"));
    await waitFor(() => expect(onSave).toHaveBeenCalledWith({ exchange_rates: [{ currency: "CNY", usd_per_unit_micros: 138_500 }], retention_days: null }));
  });

  it("turns the daily report notification on by itself", () => {
    const onSave = vi.fn(async () => {});
    render(<UsageSettingsCard settings={settings} onSave={onSave} />);
    fireEvent.click(screen.getByTestId("daily-report-toggle"));
    expect(onSave).toHaveBeenCalledWith({ daily_report_notification: true });
  });
});
