import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { queueItem, queueStatus } from "./data/testQueue";

const ok = <T,>(data: T) => Promise.resolve({ status: "ok" as const, data });
const settings = {
  language: "en", theme: "light", last_provider_id: null, last_model: null, last_route: null, gateway_enabled: false, gateway_port: 8787,
  exchange_rates: [], retention_days: null, daily_report_notification: false,
  cache_policy: "deterministic", cache_memory_mb: 64, cache_disk_mb: 512, cache_ttl_days: 7, queue_max_items: 100, queue_max_kb: 4096,
};
const healthy = { unwritten: 0, dropped: 0, refused: 0, failing: null };
const ledgerHealth = vi.fn((): Promise<unknown> => Promise.resolve(healthy));
const queued = [queueItem(), queueItem({ id: "item-2", position: 2 }), queueItem({ id: "item-3", position: 3, state: "sending" })];
vi.mock("./bindings", () => ({
  events: { coreEvent: { listen: () => Promise.resolve(() => {}) }, queuedChat: { listen: () => Promise.resolve(() => {}) } },
  commands: {
    getSettings: () => ok(settings),
    appInfo: () => Promise.resolve({ version: "0", data_dir: "/tmp" }),
    listPresets: () => Promise.resolve([]),
    listProviders: () => ok([]),
    queueStatus: () => ok(queueStatus(queued)),
    ledgerHealth: () => ledgerHealth(),
  },
}));

await import("./i18n");
const { dispatchCoreEvent } = await import("./data/coreEvents");
const { App } = await import("./App");

describe("the sidebar", () => {
  afterEach(cleanup);

  it("counts the messages waiting in the queue, hides the count at 0, and opens the Queue screen", async () => {
    render(<App />);
    expect((await screen.findByTestId("queue-badge")).textContent).toBe("2"); // the one being sent is not waiting
    act(() => dispatchCoreEvent({ kind: "queue_changed", waiting: 0 }));
    expect(screen.queryByTestId("queue-badge")).toBeNull();
    expect(screen.getByTestId("nav-queue").textContent?.trim()).toBe("Queue");
    fireEvent.click(screen.getByTestId("nav-queue"));
    expect(await screen.findByTestId("queue-screen")).toBeTruthy();
  });
});

describe("the ledger health banner", () => {
  afterEach(cleanup);

  it("is mounted above every screen and appears when the core says records stopped being saved", async () => {
    render(<App />);
    await screen.findByTestId("queue-badge");
    expect(screen.queryByTestId("ledger-health-banner")).toBeNull();
    const failing = { code: "storage_failed", message: "disk is full", category: "storage", retriable: true, trace_id: null };
    ledgerHealth.mockImplementation(() => Promise.resolve({ ...healthy, unwritten: 3, failing }));
    act(() => dispatchCoreEvent({ kind: "ledger_health_changed" }));
    expect((await screen.findByTestId("ledger-health-banner")).textContent).toContain("disk is full");
  });
});
