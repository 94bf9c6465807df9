import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const queueStatus = vi.fn();
const sendQueuedNow = vi.fn();
const cancelQueued = vi.fn();
const editQueued = vi.fn();
vi.mock("../bindings", () => ({
  events: { coreEvent: { listen: vi.fn() } },
  commands: {
    queueStatus: () => queueStatus(),
    sendQueuedNow: (id: string) => sendQueuedNow(id),
    cancelQueued: (id: string) => cancelQueued(id),
    editQueued: (id: string, text: string) => editQueued(id, text),
  },
}));

const { dispatchCoreEvent } = await import("./coreEvents");
const { LIVE_REFRESH_MS } = await import("./liveRefresh");
const { useQueue, watchQueue } = await import("./queue");

const ok = <T,>(data: T) => Promise.resolve({ status: "ok" as const, data });
const item = (id: string, state: string) => ({ id, state, bytes: 10 });
const status = (...items: ReturnType<typeof item>[]) => ({ items, providers: [], network_up: true, max_items: 100, max_kb: 4096 });

describe("queue store", () => {
  beforeEach(() => {
    useQueue.setState({ status: null, waiting: 0 });
    vi.clearAllMocks();
  });

  it("counts what waits, not what is being sent", async () => {
    queueStatus.mockReturnValueOnce(ok(status(item("a", "sending"), item("b", "queued"), item("c", "held"))));
    await useQueue.getState().load();
    expect(useQueue.getState().waiting).toBe(2);
    expect(useQueue.getState().status?.items.map((i) => i.id)).toEqual(["a", "b", "c"]);
  });

  it("sends, cancels and edits through the core, reloading after each", async () => {
    queueStatus.mockImplementation(() => ok(status()));
    sendQueuedNow.mockReturnValue(ok({}));
    cancelQueued.mockReturnValue(ok(null));
    editQueued.mockReturnValue(ok({}));
    await useQueue.getState().sendNow("a");
    await useQueue.getState().cancel("b");
    await useQueue.getState().edit("c", "new text");
    expect(sendQueuedNow).toHaveBeenCalledWith("a");
    expect(cancelQueued).toHaveBeenCalledWith("b");
    expect(editQueued).toHaveBeenCalledWith("c", "new text");
    expect(queueStatus).toHaveBeenCalledTimes(3);
  });

  it("passes a refused action on, and still reloads (the item may have moved on)", async () => {
    const error = { code: "queue_item_sending", message: "being sent", category: "invalid_request", retriable: false, trace_id: null };
    cancelQueued.mockReturnValueOnce(Promise.resolve({ status: "error", error }));
    queueStatus.mockReturnValueOnce(ok(status(item("a", "sending"))));
    await expect(useQueue.getState().cancel("a")).rejects.toMatchObject({ detail: error });
    expect(useQueue.getState().status?.items[0].state).toBe("sending");
  });

  it("keeps the newest load when an older one answers last", async () => {
    let answerOld: (v: unknown) => void = () => {};
    queueStatus.mockImplementationOnce(() => new Promise((r) => (answerOld = r)));
    queueStatus.mockReturnValueOnce(ok(status(item("new", "queued"))));
    const old = useQueue.getState().load();
    await useQueue.getState().load();
    answerOld({ status: "ok", data: status(item("old", "queued")) });
    await old;
    expect(useQueue.getState().status?.items.map((i) => i.id)).toEqual(["new"]);
  });
});

describe("watchQueue", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    useQueue.setState({ status: null, waiting: 0 });
    vi.clearAllMocks();
    queueStatus.mockImplementation(() => ok(status(item("a", "queued"))));
  });
  afterEach(() => vi.useRealTimers());

  it("loads at once, takes the count of queue_changed at once, and reloads once per burst of queue or connectivity events", async () => {
    const stop = watchQueue();
    expect(queueStatus).toHaveBeenCalledTimes(1);
    dispatchCoreEvent({ kind: "queue_changed", waiting: 7 });
    expect(useQueue.getState().waiting).toBe(7);
    dispatchCoreEvent({ kind: "connectivity_changed" });
    dispatchCoreEvent({ kind: "usage_changed" });
    await vi.advanceTimersByTimeAsync(LIVE_REFRESH_MS);
    expect(queueStatus).toHaveBeenCalledTimes(2);
    expect(useQueue.getState().waiting).toBe(1);
    dispatchCoreEvent({ kind: "usage_changed" });
    await vi.advanceTimersByTimeAsync(LIVE_REFRESH_MS * 2);
    expect(queueStatus).toHaveBeenCalledTimes(2);
    stop();
    dispatchCoreEvent({ kind: "connectivity_changed" });
    await vi.advanceTimersByTimeAsync(LIVE_REFRESH_MS * 2);
    expect(queueStatus).toHaveBeenCalledTimes(2);
  });
});
