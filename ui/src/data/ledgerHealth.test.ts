import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const ledgerHealth = vi.fn();
vi.mock("../bindings", () => ({
  events: { coreEvent: { listen: vi.fn() } },
  commands: { ledgerHealth: () => ledgerHealth() },
}));

const { dispatchCoreEvent } = await import("./coreEvents");
const { LIVE_REFRESH_MS } = await import("./liveRefresh");
const { LEDGER_POLL_MS, needsAttention, useLedgerHealth, watchLedgerHealth } = await import("./ledgerHealth");

const diskFull = { code: "storage_failed", message: "database or disk is full", category: "storage", retriable: true, trace_id: null } as const;
const healthy = { unwritten: 0, dropped: 0, refused: 0, failing: null };
const failing = (unwritten: number) => ({ unwritten, dropped: 0, refused: 0, failing: diskFull });
const settle = () => vi.advanceTimersByTimeAsync(0);

describe("ledger health store", () => {
  let stop = () => {};
  beforeEach(() => {
    vi.useFakeTimers();
    useLedgerHealth.setState({ health: null, dismissedDropped: 0 });
    ledgerHealth.mockReset();
    vi.spyOn(console, "warn").mockImplementation(() => {});
  });
  afterEach(() => {
    stop();
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it("loads once at start and again on ledger_health_changed", async () => {
    ledgerHealth.mockResolvedValueOnce(healthy).mockResolvedValueOnce(failing(3));
    stop = watchLedgerHealth();
    await settle();
    expect(useLedgerHealth.getState().health).toEqual(healthy);
    dispatchCoreEvent({ kind: "ledger_health_changed" });
    await settle();
    expect(useLedgerHealth.getState().health).toEqual(failing(3));
    expect(ledgerHealth).toHaveBeenCalledTimes(2);
  });

  it("while healthy, neither usage_changed nor time reloads", async () => {
    ledgerHealth.mockResolvedValue(healthy);
    stop = watchLedgerHealth();
    await settle();
    dispatchCoreEvent({ kind: "usage_changed" });
    await vi.advanceTimersByTimeAsync(LEDGER_POLL_MS * 3);
    expect(ledgerHealth).toHaveBeenCalledTimes(1);
  });

  it("while failing, reloads every few seconds and after usage_changed, and stops once healthy", async () => {
    ledgerHealth.mockResolvedValueOnce(failing(1)).mockResolvedValueOnce(failing(5));
    stop = watchLedgerHealth();
    await settle();
    await vi.advanceTimersByTimeAsync(LEDGER_POLL_MS);
    expect(ledgerHealth).toHaveBeenCalledTimes(2);
    expect(useLedgerHealth.getState().health?.unwritten).toBe(5);

    ledgerHealth.mockResolvedValueOnce(failing(9));
    dispatchCoreEvent({ kind: "usage_changed" });
    await vi.advanceTimersByTimeAsync(LIVE_REFRESH_MS);
    expect(ledgerHealth).toHaveBeenCalledTimes(3);
    expect(useLedgerHealth.getState().health?.unwritten).toBe(9);

    ledgerHealth.mockResolvedValue(healthy);
    dispatchCoreEvent({ kind: "ledger_health_changed" });
    await settle();
    expect(useLedgerHealth.getState().health).toEqual(healthy);
    const calls = ledgerHealth.mock.calls.length;
    await vi.advanceTimersByTimeAsync(LEDGER_POLL_MS * 3);
    expect(ledgerHealth).toHaveBeenCalledTimes(calls);
  });

  it("stops its timer and listener when stopped", async () => {
    ledgerHealth.mockResolvedValue(failing(1));
    const stopNow = watchLedgerHealth();
    await settle();
    stopNow();
    dispatchCoreEvent({ kind: "ledger_health_changed" });
    await vi.advanceTimersByTimeAsync(LEDGER_POLL_MS * 3);
    expect(ledgerHealth).toHaveBeenCalledTimes(1);
  });

  it("keeps the newest answer when an older load answers last", async () => {
    let answerOld = (_: unknown) => {};
    ledgerHealth.mockReturnValueOnce(new Promise((resolve) => (answerOld = resolve))).mockResolvedValueOnce(healthy);
    stop = watchLedgerHealth();
    dispatchCoreEvent({ kind: "ledger_health_changed" });
    await settle();
    answerOld(failing(7));
    await settle();
    expect(useLedgerHealth.getState().health).toEqual(healthy);
  });

  it("outside the Tauri window a failed load neither throws nor shows anything", async () => {
    ledgerHealth.mockImplementation(() => {
      throw new TypeError("window.__TAURI_INTERNALS__ is undefined");
    });
    expect(() => (stop = watchLedgerHealth())).not.toThrow();
    await settle();
    ledgerHealth.mockRejectedValue(new Error("no ipc"));
    dispatchCoreEvent({ kind: "ledger_health_changed" });
    await settle();
    expect(useLedgerHealth.getState().health).toBeNull();
  });

  it("needs attention while failing or when more rows were dropped than dismissed", () => {
    expect(needsAttention({ health: null, dismissedDropped: 0 })).toBe(false);
    expect(needsAttention({ health: healthy, dismissedDropped: 0 })).toBe(false);
    expect(needsAttention({ health: failing(0), dismissedDropped: 0 })).toBe(true);
    expect(needsAttention({ health: { ...healthy, dropped: 4 }, dismissedDropped: 0 })).toBe(true);
    expect(needsAttention({ health: { ...healthy, dropped: 4 }, dismissedDropped: 4 })).toBe(false);
    expect(needsAttention({ health: { ...healthy, dropped: 5 }, dismissedDropped: 4 })).toBe(true);
  });
});
