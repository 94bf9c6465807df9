import { act, cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { queueItem, queueStatus } from "./data/testQueue";
import { available } from "./data/testUpdates";

const ok = <T,>(data: T) => Promise.resolve({ status: "ok" as const, data });
const settings = {
  language: "en", theme: "light", last_provider_id: null, last_model: null, last_route: null, gateway_enabled: false, gateway_port: 8787,
  exchange_rates: [], retention_days: null, daily_report_notification: false,
  cache_policy: "deterministic", cache_memory_mb: 64, cache_disk_mb: 512, cache_ttl_days: 7, queue_max_items: 100, queue_max_kb: 4096,
  updates: "notify", close_to_tray: null,
};
const info = { version: "0", data_dir: "/tmp", log_dir: "/tmp/logs", tauri_version: "2", webview_version: null, os: "Linux" };
const healthy = { unwritten: 0, dropped: 0, refused: 0, failing: null };
const ledgerHealth = vi.fn((): Promise<unknown> => Promise.resolve(healthy));
const queued = [queueItem(), queueItem({ id: "item-2", position: 2 }), queueItem({ id: "item-3", position: 3, state: "sending" })];
const startupFailure = vi.fn((): Promise<unknown> => Promise.resolve(null));
const getSettings = vi.fn(() => ok(settings));
// The listeners the app registers on the shell's events, by event.
const listeners = new Map<string, (e: { payload: unknown }) => void>();
const event = (name: string) => ({
  listen: (cb: (e: { payload: unknown }) => void) => {
    listeners.set(name, cb);
    return Promise.resolve(() => void listeners.delete(name));
  },
});
const shell = (name: string, payload: unknown) => act(() => listeners.get(name)!({ payload }));
vi.mock("./bindings", () => ({
  events: { coreEvent: event("core"), queuedChat: event("queuedChat"), updateChanged: event("update"), closeAsked: event("close"), gatewayChanged: event("gateway") },
  commands: {
    startupFailure: () => startupFailure(),
    getSettings: () => getSettings(),
    appInfo: () => Promise.resolve(info),
    updateStatus: () => Promise.resolve({ state: "idle" }),
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

describe("the app-wide dialogs", () => {
  afterEach(cleanup);

  it("shows the update dialog on any screen when a new version is found", async () => {
    render(<App />);
    await screen.findByTestId("queue-badge");
    await waitFor(() => expect(listeners.has("update")).toBe(true));
    shell("update", available());
    expect((await screen.findByTestId("update-dialog")).textContent).toContain("Switchyard 1.2.0 is available (you have 1.1.0).");
    fireEvent.click(screen.getByTestId("update-later"));
  });

  it("opens search with Ctrl+K on any screen, also from a text box, and Esc closes it", async () => {
    render(<App />);
    fireEvent.click(await screen.findByTestId("nav-queue"));
    await screen.findByTestId("queue-screen");
    const box = document.body.appendChild(document.createElement("textarea"));
    box.focus();
    fireEvent.keyDown(box, { key: "k", ctrlKey: true, isComposing: true });
    expect(screen.queryByTestId("search-dialog")).toBeNull();
    fireEvent.keyDown(box, { key: "k", ctrlKey: true });
    expect(await screen.findByTestId("search-dialog")).toBeTruthy();
    expect(screen.getByTestId("queue-screen")).toBeTruthy();
    fireEvent.keyDown(screen.getByTestId("search-input"), { key: "Escape" });
    expect(screen.queryByTestId("search-dialog")).toBeNull();
    box.remove();
  });

  it("opens the keyboard shortcuts from the ? button in the sidebar", async () => {
    render(<App />);
    fireEvent.click(await screen.findByTestId("open-shortcuts"));
    expect((await screen.findByTestId("shortcuts-sheet")).textContent).toContain("Search every conversation");
    fireEvent.keyDown(screen.getByTestId("shortcuts-sheet"), { key: "Escape" });
    expect(screen.queryByTestId("shortcuts-sheet")).toBeNull();
  });

  it("asks what closing does when the shell says the window is being closed", async () => {
    render(<App />);
    await screen.findByTestId("queue-badge");
    await waitFor(() => expect(listeners.has("close")).toBe(true));
    shell("close", null);
    expect(await screen.findByTestId("close-dialog")).toBeTruthy();
  });
});

describe("a start that could not open the data", () => {
  afterEach(cleanup);

  it("shows only the failure, with its message and code, and asks the core for nothing else", async () => {
    getSettings.mockClear();
    const restored = "Switchyard 0.2.0 could not upgrade your database (no such column). Your data was restored from the copy taken before the update.";
    startupFailure.mockImplementation(() => Promise.resolve({ code: "update_migration_failed", message: restored, category: "storage", retriable: false, trace_id: null }));
    render(<App />);
    const page = await screen.findByTestId("startup-failure");
    expect(page.textContent).toContain("Switchyard could not open your data");
    expect(page.textContent).toContain(restored);
    expect(page.textContent).toContain("update_migration_failed");
    expect(screen.queryByTestId("nav-chat")).toBeNull();
    expect(document.querySelector(".sidebar")).toBeNull();
    expect(getSettings).not.toHaveBeenCalled();
    startupFailure.mockImplementation(() => Promise.resolve(null));
  });
});
