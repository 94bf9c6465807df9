import { describe, expect, it } from "vitest";
import { applyChatEvent, preferredModel, type Message } from "./messages";

const base: Message = {
  id: "u1",
  conversation_id: "c",
  role: "user",
  content: "hi",
  status: "complete",
  provider_id: null,
  model: null,
  trace_id: "t",
  error: null,
  usage: { input_tokens: 0, output_tokens: 0, cache_read_tokens: 0, cache_write_tokens: 0, reasoning_tokens: 0, estimated: false },
  latency_ms: null,
  cost: null,
  ttft_ms: null,
  created_at: 1,
  cached: false,
  saved_cost_usd_micros: null,
};
const answer: Message = { ...base, id: "a1", role: "assistant", content: "", status: "streaming" };

describe("applyChatEvent", () => {
  it("adds both turns, grows the streaming answer, then replaces it with the saved one", () => {
    let list: Message[] = [];
    list = applyChatEvent(list, { kind: "started", request_id: "r", trace_id: "t", user_message: base, assistant_message: answer });
    expect(list.map((m) => m.id)).toEqual(["u1", "a1"]);
    list = applyChatEvent(list, { kind: "delta", text: "Hel" });
    list = applyChatEvent(list, { kind: "delta", text: "lo" });
    expect(list[1].content).toBe("Hello");
    expect(list[0].content).toBe("hi");
    const saved = { ...answer, content: "Hello", status: "complete" as const };
    list = applyChatEvent(list, { kind: "finished", message: saved });
    expect(list[1]).toEqual(saved);
    expect(applyChatEvent(list, { kind: "delta", text: "late" })).toBe(list);
  });

  it("keeps a stopped partial answer as saved", () => {
    const list = applyChatEvent([base, answer], { kind: "finished", message: { ...answer, content: "Half", status: "stopped" } });
    expect(list[1]).toMatchObject({ content: "Half", status: "stopped" });
  });
});

describe("preferredModel", () => {
  const provider = { id: "p", default_model: "deepseek-chat", models: ["a", "b"] };
  it("prefers the last model used with the same provider, then the default, then the first listed", () => {
    expect(preferredModel(provider, { providerId: "p", model: "x" })).toBe("x");
    expect(preferredModel(provider, { providerId: "other", model: "x" })).toBe("deepseek-chat");
    expect(preferredModel({ ...provider, default_model: null }, { providerId: null, model: null })).toBe("a");
    expect(preferredModel(undefined, { providerId: null, model: null })).toBe("");
  });
});
