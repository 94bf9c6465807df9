import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { LedgerHealth_Serialize, Settings_Serialize, WhenLedgerFull } from "../../bindings";

vi.mock("../../bindings", () => ({ events: { coreEvent: { listen: vi.fn() } }, commands: {} }));
const i18n = (await import("../../i18n")).default;
const { useLedgerHealth } = await import("../../data/ledgerHealth");
const { useNavigation } = await import("../../data/navigation");
const { useSettings } = await import("../../data/settings");
const { LedgerHealthBanner } = await import("./LedgerHealthBanner");

const diskFull = { code: "storage_failed", message: "database or disk is full", category: "storage", retriable: true, trace_id: "t-1" } as const;
const health = (h: Partial<LedgerHealth_Serialize>): LedgerHealth_Serialize => ({ unwritten: 0, dropped: 0, refused: 0, failing: null, ...h });
const withSettings = (ledger_buffer_rows: number, ledger_when_full: WhenLedgerFull) =>
  useSettings.setState({ settings: { ledger_buffer_rows, ledger_when_full } as Settings_Serialize });

const banner = () => screen.queryByTestId("ledger-health-banner");
const show = (h: LedgerHealth_Serialize) => {
  useLedgerHealth.setState({ health: h });
  render(<LedgerHealthBanner />);
};

describe("ledger health banner", () => {
  beforeAll(() => i18n.changeLanguage("en"));
  beforeEach(() => {
    useLedgerHealth.setState({ health: null, dismissedDropped: 0 });
    withSettings(1000, "refuse");
  });
  afterEach(cleanup);

  it("is hidden before the first load and while records are saved", () => {
    render(<LedgerHealthBanner />);
    expect(banner()).toBeNull();
    cleanup();
    show(health({ refused: 2 }));
    expect(banner()).toBeNull();
  });

  it("says records can't be saved, why, and how many wait in memory", () => {
    withSettings(100_000, "refuse");
    show(health({ unwritten: 1234, failing: diskFull }));
    const el = banner()!;
    expect(el.getAttribute("role")).toBe("alert");
    expect(el.className).toContain("over");
    expect(screen.getByTestId("ledger-failing").textContent).toBe("Usage records can't be saved right now: database or disk is full");
    expect(screen.getByTestId("ledger-kept").textContent).toContain("Records kept in memory: 1,234.");
    expect(screen.getByTestId("ledger-kept").textContent).toContain("saved as soon as there is space");
    expect(screen.queryByTestId("ledger-paused")).toBeNull();
    expect(screen.queryByTestId("ledger-dropped")).toBeNull();
    expect(screen.queryByTestId("dismiss-ledger-health")).toBeNull();
  });

  it("says new requests are paused only when refusing and the memory limit is reached", () => {
    show(health({ unwritten: 1000, failing: diskFull }));
    expect(screen.getByTestId("ledger-paused").textContent).toBe(
      "The memory limit (1,000 records) is reached: new requests are paused until these records are saved.",
    );
    cleanup();
    show(health({ unwritten: 999, failing: diskFull }));
    expect(screen.queryByTestId("ledger-paused")).toBeNull();
    cleanup();
    withSettings(1000, "drop");
    show(health({ unwritten: 1000, failing: diskFull }));
    expect(screen.queryByTestId("ledger-paused")).toBeNull();
  });

  it("counts dropped records, even after writing works again, until dismissed", () => {
    withSettings(1000, "drop");
    show(health({ dropped: 42 }));
    expect(banner()!.className).not.toContain("over");
    expect(screen.getByTestId("ledger-dropped").textContent).toContain("Records dropped because the memory limit was reached: 42.");
    expect(screen.queryByTestId("ledger-failing")).toBeNull();
    fireEvent.click(screen.getByTestId("dismiss-ledger-health"));
    expect(banner()).toBeNull();
    cleanup();
    show(health({ dropped: 43 }));
    expect(screen.getByTestId("ledger-dropped").textContent).toContain(": 43.");
  });

  it("opens Settings", () => {
    useNavigation.setState({ screen: "chat" });
    show(health({ failing: diskFull }));
    fireEvent.click(screen.getByTestId("ledger-open-settings"));
    expect(useNavigation.getState().screen).toBe("settings");
  });
});
