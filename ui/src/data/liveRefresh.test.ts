import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { coalesce, LIVE_REFRESH_MS } from "./liveRefresh";

describe("coalesce", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("waits at least 500 ms", () => {
    expect(LIVE_REFRESH_MS).toBeGreaterThanOrEqual(500);
  });

  it("folds a burst into one run after the wait", () => {
    const run = vi.fn();
    const c = coalesce(run, LIVE_REFRESH_MS);
    for (let i = 0; i < 20; i++) {
      c.trigger();
      vi.advanceTimersByTime(10);
    }
    expect(run).not.toHaveBeenCalled();
    vi.advanceTimersByTime(LIVE_REFRESH_MS);
    expect(run).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(10 * LIVE_REFRESH_MS);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it("keeps refreshing during a steady stream instead of waiting for it to stop", () => {
    const run = vi.fn();
    const c = coalesce(run, 750);
    for (let t = 0; t < 6000; t += 500) {
      c.trigger();
      vi.advanceTimersByTime(500);
    }
    expect(run.mock.calls.length).toBeGreaterThanOrEqual(5);
    expect(run.mock.calls.length).toBeLessThanOrEqual(8);
  });

  it("runs nothing after cancel", () => {
    const run = vi.fn();
    const c = coalesce(run, 750);
    c.trigger();
    c.cancel();
    vi.advanceTimersByTime(2000);
    expect(run).not.toHaveBeenCalled();
  });
});
