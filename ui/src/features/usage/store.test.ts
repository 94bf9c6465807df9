import { beforeEach, describe, expect, it, vi } from "vitest";
import { row } from "./testRows";

const usageReport = vi.fn();
const usageLog = vi.fn();
const ok = <T,>(data: T) => Promise.resolve({ status: "ok" as const, data });
vi.mock("../../bindings", () => ({
  commands: {
    usageReport: (...a: unknown[]) => usageReport(...a),
    usageLog: (...a: unknown[]) => usageLog(...a),
    dailyReport: () => ok({ day: "2026-03-14", lines: [], total_usd_micros: 0, unpriced: 0, month_to_date_usd_micros: 0 }),
    listBudgets: () => ok([]),
  },
}));
const { useUsage } = await import("./store");

const report = (requests: number) => ({
  totals: { requests }, spend: [], tokens: [], requests: [], latency: [], options: { providers: [], models: [] },
});

describe("usage store", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    useUsage.setState({ log: [], nextBefore: null, report: null, error: null });
    usageReport.mockImplementation(() => ok(report(1)));
    usageLog.mockImplementation(() => ok({ rows: [row(5), row(4)], next_before: 4 }));
  });

  it("drops the answer to an older request when a newer one was made", async () => {
    let answerFirst: (v: unknown) => void = () => {};
    usageReport.mockImplementationOnce(() => new Promise((resolve) => (answerFirst = resolve)));
    usageReport.mockImplementationOnce(() => ok(report(2)));
    const first = useUsage.getState().refresh();
    await useUsage.getState().refresh();
    answerFirst({ status: "ok", data: report(1) });
    await first;
    expect(useUsage.getState().report?.totals.requests).toBe(2);
  });

  it("pages the log with before_id and keeps loaded pages on a live refresh", async () => {
    await useUsage.getState().refresh();
    usageLog.mockImplementationOnce(() => ok({ rows: [row(3)], next_before: null }));
    await useUsage.getState().loadMore();
    expect(usageLog.mock.calls[1][1]).toBe(4);
    expect(useUsage.getState().log.map((r) => r.id)).toEqual([5, 4, 3]);

    usageLog.mockImplementationOnce(() => ok({ rows: [row(6), row(5)], next_before: 5 }));
    await useUsage.getState().refresh("live");
    expect(useUsage.getState().log.map((r) => r.id)).toEqual([6, 5, 4, 3]);
    expect(useUsage.getState().nextBefore).toBeNull();

    await useUsage.getState().refresh("full");
    expect(useUsage.getState().log.map((r) => r.id)).toEqual([5, 4]);
  });

  it("sends the filter built from the picks", async () => {
    useUsage.setState({ choice: { preset: "today", from: "", to: "" }, selection: { providerId: "p1", model: "", origins: ["gateway"], statuses: [] }, group: "model" });
    await useUsage.getState().refresh();
    const [filter, group] = usageReport.mock.calls[0];
    expect(group).toBe("model");
    expect(filter).toMatchObject({ provider_ids: ["p1"], models: [], origin_kinds: ["gateway"], statuses: [] });
    expect(filter.to_ms - filter.from_ms).toBe(86_400_000);
  });
});
