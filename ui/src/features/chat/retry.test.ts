import { afterEach, describe, expect, it, vi } from "vitest";
import type { ChatTarget } from "../../bindings";

const sendMessage = vi.fn();
vi.mock("@tauri-apps/api/core", () => ({ Channel: class { onmessage: ((e: unknown) => void) | null = null; } }));
vi.mock("../../bindings", () => ({
  commands: {
    sendMessage: (input: unknown, channel: unknown) => sendMessage(input, channel),
    listConversations: () => Promise.resolve({ status: "ok", data: [] }),
    conversationCost: () => Promise.resolve({ status: "ok", data: null }),
  },
}));

const { retryOf } = await import("./retry");
const { useChat } = await import("./store");
type Message = import("./messages").Message;

const usage = { input_tokens: 0, output_tokens: 0, cache_read_tokens: 0, cache_write_tokens: 0, reasoning_tokens: 0, estimated: false };
const msg = (id: string, role: "user" | "assistant", status: Message["status"], content = "", over: Partial<Message> = {}): Message => ({
  id, conversation_id: "c1", role, content, status, provider_id: null, model: null, trace_id: null, error: null, usage,
  latency_ms: null, ttft_ms: null, created_at: 1, cost: null, cached: false, saved_cost_usd_micros: null, ...over,
});
const route: ChatTarget = { kind: "route", name: "smart" };
const current: ChatTarget = { kind: "model", provider_id: "p9", model: "other" };

describe("what a retry sends", () => {
  const list = [
    msg("q1", "user", "complete", "first question"),
    msg("a1", "assistant", "complete", "fine"),
    msg("q2", "user", "complete", "second question"),
    msg("a2", "assistant", "error", "", { provider_id: "p1", model: "m1" }),
    msg("q3", "user", "complete", "third"),
    msg("a3", "assistant", "error"),
  ];

  it("is the question the failed answer answered, to the target this window sent it to", () => {
    expect(retryOf(list, "a2", { a2: route }, current)).toEqual({ text: "second question", target: route });
  });

  it("falls back to the answer's provider and model, then to the pane's current target", () => {
    expect(retryOf(list, "a2", {}, current)).toEqual({ text: "second question", target: { kind: "model", provider_id: "p1", model: "m1" } });
    expect(retryOf(list, "a3", {}, current)).toEqual({ text: "third", target: current });
    expect(retryOf(list, "a3", {}, null)).toBeNull();
  });

  it("is nothing for an answer that did not fail, a question, or an unknown id", () => {
    expect(retryOf(list, "a1", {}, current)).toBeNull();
    expect(retryOf(list, "q2", {}, current)).toBeNull();
    expect(retryOf(list, "zz", {}, current)).toBeNull();
    expect(retryOf([msg("a0", "assistant", "error")], "a0", {}, current)).toBeNull();
  });
});

describe("retry in the store", () => {
  afterEach(() => vi.clearAllMocks());

  it("sends the same question again to the route the failed answer went to", async () => {
    const failed = msg("a7", "assistant", "error");
    const question = msg("q7", "user", "complete", "why?");
    sendMessage.mockImplementation((_input: unknown, channel: { onmessage: (e: unknown) => void }) => {
      channel.onmessage({ kind: "started", user_message: question, assistant_message: msg("a7", "assistant", "streaming") });
      channel.onmessage({ kind: "finished", message: failed });
      return Promise.resolve({ status: "ok", data: failed });
    });
    useChat.setState({ activeId: "c1", streaming: null, drained: [], messages: [], sentTo: {} });
    await useChat.getState().send("main", route, "why?");
    expect(useChat.getState().sentTo.a7).toEqual(route);

    await useChat.getState().retry("main", "a7", current);
    expect(sendMessage).toHaveBeenCalledTimes(2);
    expect(sendMessage.mock.calls[1][0]).toMatchObject({ conversation_id: "c1", pane_id: "main", text: "why?", target: route, later: false });
  });

  it("does nothing for an answer that did not fail", async () => {
    useChat.setState({ activeId: "c1", streaming: null, messages: [msg("q1", "user", "complete", "hi"), msg("a1", "assistant", "complete", "hello")] });
    await useChat.getState().retry("main", "a1", current);
    expect(sendMessage).not.toHaveBeenCalled();
  });
});
