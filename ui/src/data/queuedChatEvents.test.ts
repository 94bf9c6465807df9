import { describe, expect, it, vi } from "vitest";
import type { PaneEvent_Serialize } from "../bindings";

vi.mock("../bindings", () => ({ events: { queuedChat: { listen: vi.fn() } } }));
const { onQueuedChat, startQueuedChat } = await import("./queuedChatEvents");

const event: PaneEvent_Serialize = { conversation_id: "c", pane_id: "main", request_id: "q1", event: { kind: "delta", text: "hi" } };

describe("queued chat events", () => {
  it("forwards the payloads of the source to each subscriber until it unsubscribes", async () => {
    let emit: (e: { payload: PaneEvent_Serialize }) => void = () => {};
    const unlisten = vi.fn();
    const stop = await startQueuedChat({ listen: async (cb) => ((emit = cb), unlisten) });
    const seen = vi.fn();
    const off = onQueuedChat(seen);
    emit({ payload: event });
    off();
    emit({ payload: event });
    expect(seen).toHaveBeenCalledTimes(1);
    expect(seen).toHaveBeenCalledWith(event);
    stop();
    expect(unlisten).toHaveBeenCalled();
  });

  it("does not fail when there is no Tauri to listen to", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const stop = await startQueuedChat({ listen: () => Promise.reject(new Error("no ipc")) });
    expect(stop).toBeTypeOf("function");
  });
});
