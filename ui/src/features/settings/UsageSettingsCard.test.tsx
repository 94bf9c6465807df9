import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import i18n from "../../i18n";
import type { Settings_Serialize } from "../../bindings";
import { UsageSettingsCard } from "./UsageSettingsCard";

const settings: Settings_Serialize = {
  language: null, theme: "system", last_provider_id: null, last_model: null, last_route: null, gateway_enabled: false, gateway_port: 8787,
  exchange_rates: [{ currency: "CNY", usd_per_unit_micros: 138_000 }], retention_days: 30, daily_report_notification: false,
  cache_policy: "deterministic", cache_memory_mb: 64, cache_disk_mb: 512, cache_ttl_days: 7, queue_max_items: 100, queue_max_kb: 4096,
  ledger_buffer_rows: 100000, ledger_when_full: "refuse",
  workflow_parallelism: 4,
};

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
