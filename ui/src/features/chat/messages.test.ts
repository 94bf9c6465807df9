import { describe, expect, it } from "vitest";
import { applyChatEvent, awaitsQueue, mergeReloaded, preferredModel, type Message } from "./messages";

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
  saved_cost_usd_micros: null, parent_id: null, siblings: [], feedback: null,
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

describe("a turn the queue sends", () => {
  const question: Message = { ...base, id: "q1", content: "first" };
  const waiting: Message = { ...answer, id: "a2", status: "queued" };
  const later: Message = { ...base, id: "q3", content: "later" };
  const laterWaiting: Message = { ...answer, id: "a4", status: "queued" };

  it("started replaces the question and the queued placeholder already in the list, in place, instead of adding them again", () => {
    const list = [base, answer, question, waiting, later, laterWaiting].map((m) => (m.id === "a1" ? { ...m, status: "complete" as const } : m));
    const edited = { ...question, content: "first, edited" };
    const sending = { ...waiting, status: "streaming" as const };
    const next = applyChatEvent(list, { kind: "started", request_id: "item-1", trace_id: "t2", user_message: edited, assistant_message: sending });
    expect(next.map((m) => m.id)).toEqual(["u1", "a1", "q1", "a2", "q3", "a4"]);
    expect(next[2].content).toBe("first, edited");
    expect(next[3].status).toBe("streaming");
  });

  it("grows the answer it names, not the last streaming one, and finishes it in place", () => {
    const list = [question, { ...waiting, status: "streaming" as const }, later, { ...laterWaiting, status: "streaming" as const }];
    const grown = applyChatEvent(list, { kind: "delta", text: "Hi" }, "a2");
    expect(grown[1].content).toBe("Hi");
    expect(grown[3].content).toBe("");
    expect(applyChatEvent(list, { kind: "delta", text: "x" }, "gone")).toBe(list);
    const done = applyChatEvent(grown, { kind: "finished", message: { ...waiting, status: "complete", content: "Hi there" } });
    expect(done.map((m) => [m.id, m.status])).toEqual([["q1", "complete"], ["a2", "complete"], ["q3", "complete"], ["a4", "streaming"]]);
  });
});

describe("mergeReloaded", () => {
  const live: Message = { ...answer, content: "Hello wor" };

  it("keeps an answer arriving here over its saved copy until that one has ended", () => {
    expect(mergeReloaded([base, live], [base, { ...answer, content: "Hel" }])[1].content).toBe("Hello wor");
    const ended = { ...answer, content: "Hello world", status: "complete" as const };
    expect(mergeReloaded([base, live], [base, ended])[1]).toEqual(ended);
  });

  it("does not put an answer that ended here back to streaming from an older snapshot", () => {
    const done = { ...answer, content: "Hello world", status: "complete" as const };
    expect(mergeReloaded([base, done], [base, { ...answer, content: "Hel" }])[1]).toEqual(done);
  });

  it("takes everything else as saved, and drops what is gone", () => {
    const queued = { ...answer, id: "a2", status: "queued" as const };
    const merged = mergeReloaded([base, answer, queued], [base, { ...queued, status: "streaming" }]);
    expect(merged.map((m) => [m.id, m.status])).toEqual([["u1", "complete"], ["a2", "streaming"]]);
  });
});

describe("awaitsQueue", () => {
  it("is true while a placeholder waits or an answer arrives", () => {
    expect(awaitsQueue([base])).toBe(false);
    expect(awaitsQueue([base, { ...answer, status: "queued" }])).toBe(true);
    expect(awaitsQueue([base, answer])).toBe(true);
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
