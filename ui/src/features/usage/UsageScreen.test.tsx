import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { report, row } from "./testRows";

const ok = <T,>(data: T) => Promise.resolve({ status: "ok" as const, data });
const usageReport = vi.fn();
const usageLog = vi.fn();
const exportUsage = vi.fn();
const usageTrace = vi.fn();
vi.mock("../../bindings", () => ({
  events: { coreEvent: { listen: vi.fn() } },
  commands: {
    usageReport: (...a: unknown[]) => usageReport(...a),
    usageLog: (...a: unknown[]) => usageLog(...a),
    usageTrace: (id: string) => usageTrace(id),
    exportUsage: (...a: unknown[]) => exportUsage(...a),
    dailyReport: () => ok({ day: "2026-03-14", lines: [], total_usd_micros: 0, unpriced: 0, month_to_date_usd_micros: 0 }),
    listBudgets: () => ok([]),
    listAccessKeys: () => ok([]),
    listPriceOverrides: () => ok([]),
  },
}));

const i18n = (await import("../../i18n")).default;
const { useProviders } = await import("../../data/providers");
const { useNavigation } = await import("../../data/navigation");
const { dispatchCoreEvent } = await import("../../data/coreEvents");
const { useUsage } = await import("./store");
const { default: UsageScreen } = await import("./UsageScreen");

const provider = { id: "p1", name: "DeepSeek", preset: "deepseek", base_url: "", has_key: true, extra_headers: [], default_model: null, models: [], created_at: 1, updated_at: 1 };

describe("usage screen", () => {
  beforeAll(async () => {
    await i18n.changeLanguage("en");
    globalThis.ResizeObserver ??= class { observe() {} unobserve() {} disconnect() {} } as never;
  });
  beforeEach(() => {
    useProviders.setState({ providers: [provider] });
    useUsage.setState({ tab: "overview", log: [], report: null, nextBefore: null });
    usageReport.mockImplementation(() => ok(report()));
    usageTrace.mockImplementation((id: string) => ok([row(7, { trace_id: id })]));
    usageLog.mockImplementation(() => ok({ rows: [row(2, { conversation_id: "c1", message_id: "m1" }), row(1)], next_before: 1 }));
  });
  afterEach(() => {
    cleanup();
    vi.clearAllMocks();
    vi.useRealTimers();
  });

  it("shows spend with unpriced calls counted apart, never as $0", async () => {
    render(<UsageScreen />);
    expect((await screen.findByTestId("total-spend")).textContent).toBe("$1.23");
    expect(screen.getByTestId("total-unpriced").textContent).toContain("2 unpriced");
    expect(screen.getByTestId("chart-spend")).toBeTruthy();
  });

  it("tells a new user to add a provider, or to make a first call", async () => {
    usageReport.mockImplementation(() => ok(report({ requests: 0, ok: 0, errors: 0, cancelled: 0, unpriced_requests: 0, cost_usd_micros: 0 })));
    useProviders.setState({ providers: [] });
    render(<UsageScreen />);
    fireEvent.click(await screen.findByText("Add a provider"));
    expect(useNavigation.getState().screen).toBe("providers");
    cleanup();
    useProviders.setState({ providers: [provider] });
    render(<UsageScreen />);
    expect(await screen.findByTestId("usage-empty-calls")).toBeTruthy();
    expect(screen.queryByTestId("chart-spend")).toBeNull();
  });

  it("pages the log, drills into a trace and opens the chat a row came from", async () => {
    render(<UsageScreen />);
    fireEvent.click(await screen.findByTestId("usage-tab-log"));
    await waitFor(() => expect(screen.getAllByTestId("log-row")).toHaveLength(2));
    usageLog.mockImplementationOnce(() => ok({ rows: [row(0)], next_before: null }));
    fireEvent.click(screen.getByTestId("load-more"));
    await waitFor(() => expect(screen.getAllByTestId("log-row")).toHaveLength(3));
    expect(usageLog.mock.calls.at(-1)?.[1]).toBe(1);

    fireEvent.click(screen.getAllByTestId("log-row")[1]);
    expect((await screen.findByTestId("trace-detail")).textContent).toContain("t-1");

    fireEvent.click(screen.getAllByText("Open chat")[0]);
    expect(useNavigation.getState()).toMatchObject({ screen: "chat", chatFocus: { conversationId: "c1", messageId: "m1" } });
  });

  it("shows where an export was written", async () => {
    exportUsage.mockImplementation(() => ok("/home/me/Downloads/switchyard-usage.csv"));
    render(<UsageScreen />);
    fireEvent.click(await screen.findByTestId("export-csv"));
    expect((await screen.findByTestId("export-notice")).textContent).toContain("/home/me/Downloads/switchyard-usage.csv");
    expect(exportUsage.mock.calls[0][1]).toBe("csv");
  });

  it("refetches once for a burst of usage_changed events", async () => {
    render(<UsageScreen />);
    await screen.findByTestId("total-spend");
    const before = usageReport.mock.calls.length;
    vi.useFakeTimers();
    for (let i = 0; i < 5; i++) dispatchCoreEvent({ kind: "usage_changed" });
    vi.advanceTimersByTime(1000);
    vi.useRealTimers();
    await waitFor(() => expect(usageReport.mock.calls.length).toBe(before + 1));
  });

  it("shows the cache's hit ratio, the calls it answered and what it saved", async () => {
    usageReport.mockImplementation(() => ok(report({ ok: 7, cached: 3, cache: { hits: 3, misses: 9, saved_cost_usd_micros: 4_500, saved_latency_ms: 12_000 } })));
    render(<UsageScreen />);
    expect((await screen.findByTestId("total-cache-ratio")).textContent).toBe("25%");
    expect(screen.getByTestId("total-cache").textContent).toContain("3 answered from the cache, of 12 lookups");
    expect(screen.getByTestId("total-cache-saved").textContent).toBe("saved $0.0045 and 12 s of waiting");
    expect(screen.getByTestId("usage-totals").textContent).toContain("7 ok · 3 cached · 1 cancelled");
  });

  it("shows no ratio, and no saving, for a range without cache lookups", async () => {
    render(<UsageScreen />);
    expect((await screen.findByTestId("total-cache-ratio")).textContent).toBe("—");
    expect(screen.getByTestId("total-cache").textContent).toContain("No cache lookups in this range");
    expect(screen.queryByTestId("total-cache-saved")).toBeNull();
    expect(screen.getByTestId("usage-totals").textContent).not.toContain("NaN");
  });

  it("marks a call answered from the cache in the log, with what it saved, and filters by it", async () => {
    usageLog.mockImplementation(() =>
      ok({ rows: [row(2, { status: "cached", cache: "hit", saved_cost_usd_micros: 1_200, saved_latency_ms: 1_750 }), row(1)], next_before: null }),
    );
    render(<UsageScreen />);
    fireEvent.click(await screen.findByTestId("usage-tab-log"));
    await waitFor(() => expect(screen.getAllByTestId("log-row")).toHaveLength(2));
    const [hit, miss] = screen.getAllByTestId("log-row");
    expect(hit.querySelector(".badge.cached")?.textContent).toBe("Cached");
    expect(hit.querySelector("[data-testid=log-cache-saving]")?.textContent).toBe("saved $0.0012 · 1750 ms faster");
    expect(miss.querySelector("[data-testid=log-cache-saving]")).toBeNull();

    usageTrace.mockImplementation((id: string) => ok([row(2, { trace_id: id, status: "cached", cache: "hit", saved_cost_usd_micros: 1_200, saved_latency_ms: 1_750 })]));
    fireEvent.click(hit);
    expect((await screen.findByTestId("trace-cache")).textContent).toBe("Answered from the cache · saved $0.0012 · 1750 ms faster");

    fireEvent.click(screen.getByRole("button", { name: "Cached" }));
    await waitFor(() => expect(usageReport.mock.calls.at(-1)?.[0]).toMatchObject({ statuses: ["cached"] }));
  });
});
