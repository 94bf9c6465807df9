import { describe, expect, it, vi } from "vitest";
import type { CoreEvent } from "../bindings";

vi.mock("../bindings", () => ({ events: { coreEvent: { listen: vi.fn() } } }));
const { dispatchCoreEvent, onCoreEvent, startCoreEvents } = await import("./coreEvents");

describe("core events", () => {
  it("hands every event to each subscriber until it unsubscribes", () => {
    const a = vi.fn();
    const b = vi.fn();
    const offA = onCoreEvent(a);
    const offB = onCoreEvent(b);
    dispatchCoreEvent({ kind: "usage_changed" });
    offA();
    dispatchCoreEvent({ kind: "usage_changed" });
    expect(a).toHaveBeenCalledTimes(1);
    expect(b).toHaveBeenCalledTimes(2);
    offB();
  });

  it("forwards the payloads of the source it listens to", async () => {
    let emit: (e: { payload: CoreEvent }) => void = () => {};
    const unlisten = vi.fn();
    const stop = await startCoreEvents({ listen: async (cb) => ((emit = cb), unlisten) });
    const seen = vi.fn();
    const off = onCoreEvent(seen);
    emit({ payload: { kind: "usage_changed" } });
    expect(seen).toHaveBeenCalledWith({ kind: "usage_changed" });
    stop();
    expect(unlisten).toHaveBeenCalled();
    off();
  });

  it("does not fail when there is no Tauri to listen to", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const stop = await startCoreEvents({ listen: () => Promise.reject(new Error("no ipc")) });
    expect(stop).toBeTypeOf("function");
  });
});
