import { beforeEach, describe, expect, it, vi } from "vitest";

const cacheStats = vi.fn();
const clearCache = vi.fn();
vi.mock("../bindings", () => ({ commands: { cacheStats: () => cacheStats(), clearCache: (w: unknown) => clearCache(w) } }));

const { useCache } = await import("./cache");

const stats = (entries: number) => ({ entries }) as never;

describe("cache store", () => {
  beforeEach(() => {
    useCache.setState({ stats: null });
    vi.clearAllMocks();
  });

  it("reloads the stats after a clear and passes on how many answers went", async () => {
    clearCache.mockResolvedValueOnce({ status: "ok", data: 7 });
    cacheStats.mockResolvedValueOnce({ status: "ok", data: stats(0) });
    await expect(useCache.getState().clear({ kind: "all" })).resolves.toBe(7);
    expect(clearCache).toHaveBeenCalledWith({ kind: "all" });
    expect(useCache.getState().stats).toEqual({ entries: 0 });
  });

  it("keeps the newest load when an older one answers last", async () => {
    let answerOld: (v: unknown) => void = () => {};
    cacheStats.mockImplementationOnce(() => new Promise((r) => (answerOld = r)));
    cacheStats.mockResolvedValueOnce({ status: "ok", data: stats(2) });
    const old = useCache.getState().load();
    await useCache.getState().load();
    answerOld({ status: "ok", data: stats(1) });
    await old;
    expect(useCache.getState().stats).toEqual({ entries: 2 });
  });

  it("passes a failed clear on and keeps the stats it had", async () => {
    useCache.setState({ stats: stats(5) });
    const error = { code: "storage_failed", message: "disk", category: "storage", retriable: false, trace_id: null };
    clearCache.mockResolvedValueOnce({ status: "error", error });
    await expect(useCache.getState().clear({ kind: "namespace", namespace: "ci" })).rejects.toMatchObject({ detail: error });
    expect(useCache.getState().stats).toEqual({ entries: 5 });
    expect(cacheStats).not.toHaveBeenCalled();
  });
});
