import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const sendMessage = vi.fn();
const cancelMessage = vi.fn();
const listMessages = vi.fn();
const switchBranch = vi.fn();
const deleteMessage = vi.fn();
const setFeedback = vi.fn();
vi.mock("@tauri-apps/api/core", () => ({ Channel: class { onmessage: unknown = null; } }));
vi.mock("../../bindings", () => ({
  events: { coreEvent: { listen: vi.fn() }, queuedChat: { listen: vi.fn() } },
  commands: {
    sendMessage: (input: unknown, channel: unknown) => sendMessage(input, channel),
    cancelMessage: (id: string) => cancelMessage(id),
    switchBranch: (id: string) => switchBranch(id),
    deleteMessage: (id: string) => deleteMessage(id),
    setFeedback: (id: string, feedback: unknown) => setFeedback(id, feedback),
    listMessages: (id: string) => listMessages(id),
    listConversations: () => Promise.resolve({ status: "ok", data: [] }),
    conversationCost: () => Promise.resolve({ status: "ok", data: null }),
  },
}));

const { useChat } = await import("./store");
const { watchQueuedChat } = await import("./queuedChat");
const { dispatchQueuedChat } = await import("../../data/queuedChatEvents");
const { dispatchCoreEvent } = await import("../../data/coreEvents");
const { LIVE_REFRESH_MS } = await import("../../data/liveRefresh");
type Message = import("./messages").Message;

const usage = { input_tokens: 0, output_tokens: 0, cache_read_tokens: 0, cache_write_tokens: 0, reasoning_tokens: 0, estimated: false };
const msg = (id: string, role: "user" | "assistant", status: Message["status"], content = ""): Message => ({
  id, conversation_id: "c1", role, content, status, provider_id: null, model: null, trace_id: null, error: null, usage,
  latency_ms: null, ttft_ms: null, created_at: 1, cost: null, cached: false, saved_cost_usd_micros: null, parent_id: null, siblings: [], feedback: null,
});
const question = msg("q1", "user", "complete", "hello");
const placeholder = msg("a1", "assistant", "queued");
const queued = (event: unknown, conversation_id = "c1") => ({ conversation_id, pane_id: "main", request_id: "item-1", event }) as never;

describe("sending a chat turn", () => {
  beforeEach(() => {
    useChat.setState({ activeId: "c1", streaming: null, drained: [], messages: [] });
    vi.clearAllMocks();
  });

  it("leaves the cache to the policy (cache: null) and sends at once unless asked to send later", async () => {
    sendMessage.mockResolvedValue({ status: "ok", data: {} });
    await useChat.getState().send("main", { kind: "route", name: "smart" } as never, "hello");
    expect(sendMessage).toHaveBeenCalledTimes(1);
    expect(sendMessage.mock.calls[0][0]).toMatchObject({ conversation_id: "c1", pane_id: "main", text: "hello", cache: null, later: false });
    await useChat.getState().send("main", { kind: "route", name: "smart" } as never, "tomorrow", true);
    expect(sendMessage.mock.calls[1][0]).toMatchObject({ text: "tomorrow", later: true });
  });

  it("shows a refused send (a full queue) as the pane's error", async () => {
    const error = { code: "queue_full", message: "The queue is full. Nothing was dropped.", category: "invalid_request", retriable: false, trace_id: "t" };
    sendMessage.mockResolvedValue({ status: "error", error });
    await useChat.getState().send("main", { kind: "route", name: "smart" } as never, "one more");
    expect(useChat.getState().error).toEqual(error);
    expect(useChat.getState().streaming).toBeNull();
  });
});

describe("a turn the queue sends", () => {
  beforeEach(() => {
    useChat.setState({ activeId: "c1", streaming: null, drained: [], messages: [question, placeholder] });
    vi.clearAllMocks();
  });

  it("streams into the open conversation over its queued placeholder, and stop cancels its queue item", async () => {
    useChat.getState().applyQueued(queued({ kind: "started", request_id: "item-1", trace_id: "t", user_message: question, assistant_message: { ...placeholder, status: "streaming" } }));
    useChat.getState().applyQueued(queued({ kind: "delta", text: "Hi" }));
    expect(useChat.getState().messages.map((m) => [m.id, m.status, m.content])).toEqual([["q1", "complete", "hello"], ["a1", "streaming", "Hi"]]);
    expect(useChat.getState().drained).toEqual([{ requestId: "item-1", conversationId: "c1", answerId: "a1" }]);

    await useChat.getState().stop();
    expect(cancelMessage).toHaveBeenCalledWith("item-1");

    useChat.getState().applyQueued(queued({ kind: "finished", message: { ...placeholder, status: "stopped", content: "Hi" } }));
    expect(useChat.getState().messages[1].status).toBe("stopped");
    expect(useChat.getState().drained).toEqual([]);
  });

  it("leaves another conversation's list alone, and stop does not reach its answer", async () => {
    useChat.getState().applyQueued(queued({ kind: "started", request_id: "item-1", trace_id: "t", user_message: msg("q9", "user", "complete"), assistant_message: msg("a9", "assistant", "streaming") }, "c2"));
    expect(useChat.getState().messages).toEqual([question, placeholder]);
    await useChat.getState().stop();
    expect(cancelMessage).not.toHaveBeenCalled();
  });

  it("is applied whatever screen is open, and a queue change reloads the open conversation while something in it waits", async () => {
    vi.useFakeTimers();
    const stop = watchQueuedChat();
    try {
      dispatchQueuedChat(queued({ kind: "started", request_id: "item-1", trace_id: "t", user_message: question, assistant_message: { ...placeholder, status: "streaming" } }));
      expect(useChat.getState().messages[1].status).toBe("streaming");
      // Its end was missed: the reload finds it complete, and stop no longer points at it.
      listMessages.mockResolvedValue({ status: "ok", data: [question, { ...placeholder, status: "complete", content: "Hello!" }] });
      dispatchCoreEvent({ kind: "queue_changed", waiting: 0 });
      await vi.advanceTimersByTimeAsync(LIVE_REFRESH_MS);
      expect(listMessages).toHaveBeenCalledWith("c1");
      expect(useChat.getState().messages[1]).toMatchObject({ status: "complete", content: "Hello!" });
      expect(useChat.getState().drained).toEqual([]);
      // Nothing waits any more: the next change does not reload.
      dispatchCoreEvent({ kind: "queue_changed", waiting: 0 });
      await vi.advanceTimersByTimeAsync(LIVE_REFRESH_MS);
      expect(listMessages).toHaveBeenCalledTimes(1);
    } finally {
      stop();
      vi.useRealTimers();
    }
  });

  it("does not reload over this pane's own streaming answer", async () => {
    useChat.setState({ streaming: { requestId: "r", conversationId: "c1" } });
    await useChat.getState().reloadIfWaiting();
    expect(listMessages).not.toHaveBeenCalled();
  });
});

afterEach(() => vi.useRealTimers());

describe("branches of the open conversation", () => {
  it("shows the branch the core answers with after a switch or a delete, and keeps an error", async () => {
    const branch = [question, msg("a2", "assistant", "complete", "another")];
    switchBranch.mockResolvedValue({ status: "ok", data: branch });
    useChat.setState({ activeId: "c1", messages: [question, msg("a1", "assistant", "complete", "first")], error: null });
    await useChat.getState().switchBranch("a2");
    expect(switchBranch).toHaveBeenCalledWith("a2");
    expect(useChat.getState().messages).toEqual(branch);

    deleteMessage.mockResolvedValue({ status: "ok", data: [question] });
    await useChat.getState().deleteMessage("a2");
    expect(useChat.getState().messages).toEqual([question]);

    const busy = { code: "conversation_busy", message: "stop it first", category: "invalid", retriable: false, trace_id: null };
    deleteMessage.mockResolvedValue({ status: "error", error: busy });
    await useChat.getState().deleteMessage("q1");
    expect(useChat.getState().messages, "nothing changes").toEqual([question]);
    expect(useChat.getState().error?.code).toBe("conversation_busy");
  });

  it("does not show a branch of a conversation no longer open", async () => {
    let answer: (v: unknown) => void = () => {};
    switchBranch.mockReturnValue(new Promise((r) => (answer = r)));
    useChat.setState({ activeId: "c1", messages: [question] });
    const switching = useChat.getState().switchBranch("a2");
    useChat.setState({ activeId: "c2", messages: [] });
    answer({ status: "ok", data: [question, msg("a2", "assistant", "complete")] });
    await switching;
    expect(useChat.getState().messages).toEqual([]);
  });
});

describe("feedback on an answer", () => {
  it("shows what the core kept, and keeps the answer as it was when the core refuses", async () => {
    const answer = msg("a1", "assistant", "complete", "four");
    useChat.setState({ activeId: "c1", messages: [msg("q1", "user", "complete", "2+2?"), answer], error: null });
    setFeedback.mockResolvedValue({ status: "ok", data: { rating: "up", note: "right" } });
    await useChat.getState().setFeedback("a1", { rating: "up", note: "  right " });
    expect(setFeedback).toHaveBeenCalledWith("a1", { rating: "up", note: "  right " });
    expect(useChat.getState().messages[1].feedback).toEqual({ rating: "up", note: "right" });
    expect(useChat.getState().messages[0].feedback).toBeNull();

    const tooLong = { code: "feedback_note_too_long", message: "at most 2000", category: "invalid_request", retriable: false, trace_id: null };
    setFeedback.mockResolvedValue({ status: "error", error: tooLong });
    await useChat.getState().setFeedback("a1", { rating: "down", note: "x".repeat(3000) });
    expect(useChat.getState().messages[1].feedback, "unchanged").toEqual({ rating: "up", note: "right" });
    expect(useChat.getState().error?.code).toBe("feedback_note_too_long");
  });
});
