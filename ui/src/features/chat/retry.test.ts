import { afterEach, describe, expect, it, vi } from "vitest";
import type { ChatTarget } from "../../bindings";

const sendMessage = vi.fn();
const listMessages = vi.fn((_id: string) => Promise.resolve({ status: "ok", data: [] }));
vi.mock("@tauri-apps/api/core", () => ({ Channel: class { onmessage: ((e: unknown) => void) | null = null; } }));
vi.mock("../../bindings", () => ({
  commands: {
    sendMessage: (input: unknown, channel: unknown) => sendMessage(input, channel),
    listMessages: (id: string) => listMessages(id),
    listConversations: () => Promise.resolve({ status: "ok", data: [] }),
    conversationCost: () => Promise.resolve({ status: "ok", data: null }),
  },
}));

const { askAgainOf, branchBefore } = await import("./retry");
const { useChat } = await import("./store");
type Message = import("./messages").Message;

const usage = { input_tokens: 0, output_tokens: 0, cache_read_tokens: 0, cache_write_tokens: 0, reasoning_tokens: 0, estimated: false };
const msg = (id: string, role: "user" | "assistant", status: Message["status"], content = "", over: Partial<Message> = {}): Message => ({
  id, conversation_id: "c1", role, content, status, provider_id: null, model: null, trace_id: null, error: null, usage,
  latency_ms: null, ttft_ms: null, created_at: 1, cost: null, cached: false, saved_cost_usd_micros: null, parent_id: null, siblings: [], feedback: null, ...over,
});
const route: ChatTarget = { kind: "route", name: "smart" };
const current: ChatTarget = { kind: "model", provider_id: "p9", model: "other" };

describe("what a retry or a regeneration asks again", () => {
  const list = [
    msg("q1", "user", "complete", "first question"),
    msg("a1", "assistant", "complete", "fine"),
    msg("q2", "user", "complete", "second question"),
    msg("a2", "assistant", "error", "", { provider_id: "p1", model: "m1" }),
    msg("q3", "user", "complete", "third"),
    msg("a3", "assistant", "error"),
    msg("q4", "user", "complete", "fourth"),
    msg("a4", "assistant", "streaming"),
  ];
  const remembered: ChatTarget = { kind: "model", provider_id: "p5", model: "kept" };

  it("is the question the answer answered, to the target this window sent it to", () => {
    expect(askAgainOf(list, "a2", { a2: route }, remembered, current)).toEqual({ questionId: "q2", target: route });
  });

  it("falls back to the conversation's target, the answer's provider and model, then the pane's current target", () => {
    expect(askAgainOf(list, "a2", {}, remembered, current)).toEqual({ questionId: "q2", target: remembered });
    expect(askAgainOf(list, "a2", {}, null, current)).toEqual({ questionId: "q2", target: { kind: "model", provider_id: "p1", model: "m1" } });
    expect(askAgainOf(list, "a3", {}, null, current)).toEqual({ questionId: "q3", target: current });
    expect(askAgainOf(list, "a3", {}, null, null)).toBeNull();
  });

  it("is any answer that ended, not one still arriving, a question, or an unknown id", () => {
    expect(askAgainOf(list, "a1", {}, null, current)).toEqual({ questionId: "q1", target: current });
    expect(askAgainOf(list, "a4", {}, null, current)).toBeNull();
    expect(askAgainOf(list, "q2", {}, null, current)).toBeNull();
    expect(askAgainOf(list, "zz", {}, null, current)).toBeNull();
    expect(askAgainOf([msg("a0", "assistant", "error")], "a0", {}, null, current)).toBeNull();
  });

  it("shows the branch up to the question asked again, or before the one edited", () => {
    const ids = (m: Message[]) => m.map((x) => x.id);
    expect(ids(branchBefore(list, "q2", true))).toEqual(["q1", "a1", "q2"]);
    expect(ids(branchBefore(list, "q2", false))).toEqual(["q1", "a1"]);
    expect(ids(branchBefore(list, "nope", true))).toEqual(ids(list));
  });
});

describe("regenerate and edit in the store", () => {
  afterEach(() => vi.clearAllMocks());

  it("asks the same question again, as a regeneration, to the route the answer went to", async () => {
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
    expect(sendMessage.mock.calls[0][0]).toMatchObject({ place: { kind: "next" } });

    sendMessage.mockImplementation((_input: unknown, channel: { onmessage: (e: unknown) => void }) => {
      expect(useChat.getState().messages.map((m) => m.id)).toEqual(["q7"]);
      channel.onmessage({ kind: "started", user_message: question, assistant_message: msg("a8", "assistant", "streaming") });
      return Promise.resolve({ status: "ok", data: msg("a8", "assistant", "complete") });
    });
    await useChat.getState().regenerate("main", "a7", current);
    expect(sendMessage).toHaveBeenCalledTimes(2);
    expect(sendMessage.mock.calls[1][0]).toMatchObject({
      conversation_id: "c1", pane_id: "main", text: "", target: route, later: false, place: { kind: "regenerate", question_id: "q7" },
    });
    expect(listMessages).toHaveBeenCalledWith("c1");
  });

  it("sends an edited question as a new branch to where its answer went", async () => {
    sendMessage.mockResolvedValue({ status: "ok", data: msg("a9", "assistant", "complete") });
    useChat.setState({
      activeId: "c1", streaming: null, sentTo: {}, conversations: [],
      messages: [msg("q1", "user", "complete", "hi"), msg("a1", "assistant", "complete", "hello", { provider_id: "p1", model: "m1" })],
    });
    await useChat.getState().editAndSend("main", "q1", "hi there", current);
    expect(sendMessage.mock.calls[0][0]).toMatchObject({
      text: "hi there", target: { kind: "model", provider_id: "p1", model: "m1" }, place: { kind: "edit", question_id: "q1" },
    });
  });

  it("does nothing for an answer still arriving", async () => {
    useChat.setState({ activeId: "c1", streaming: null, messages: [msg("q1", "user", "complete", "hi"), msg("a1", "assistant", "streaming", "hel")] });
    await useChat.getState().regenerate("main", "a1", current);
    expect(sendMessage).not.toHaveBeenCalled();
  });
});
