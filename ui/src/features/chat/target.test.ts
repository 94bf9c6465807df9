import { describe, expect, it } from "vitest";
import { chatTarget, choiceOf, choiceValue, initialChoice, parseChoice, remembered } from "./target";

const deepseek = { id: "p1", default_model: "deepseek-chat", models: ["deepseek-chat", "deepseek-reasoner"] };
const ollama = { id: "p2", default_model: null, models: ["qwen3:8b"] };

describe("chat pane target", () => {
  it("round-trips picker values, including names with colons", () => {
    for (const choice of [
      { kind: "route", name: "smart:fast" },
      { kind: "provider", providerId: "p1" },
    ] as const) {
      expect(parseChoice(choiceValue(choice))).toEqual(choice);
    }
    expect(parseChoice("route:")).toBeNull();
    expect(parseChoice("other:x")).toBeNull();
  });

  it("preselects the last route while it exists, else the last provider and model", () => {
    const routes = [{ name: "smart" }];
    const last = { last_route: "smart", last_provider_id: null, last_model: null };
    expect(initialChoice(routes, [deepseek], last)).toEqual({ choice: { kind: "route", name: "smart" }, model: "" });
    expect(initialChoice([], [deepseek, ollama], last)?.choice).toEqual({ kind: "provider", providerId: "p1" });
    const usedOllama = { last_route: null, last_provider_id: "p2", last_model: "qwen3:8b" };
    expect(initialChoice(routes, [deepseek, ollama], usedOllama)).toEqual({
      choice: { kind: "provider", providerId: "p2" },
      model: "qwen3:8b",
    });
    expect(initialChoice([{ name: "only" }], [], null)?.choice).toEqual({ kind: "route", name: "only" });
    expect(initialChoice([], [], null)).toBeNull();
  });

  it("sends to a route by name, or to a provider only with a model", () => {
    expect(chatTarget({ kind: "route", name: "smart" }, "")).toEqual({ kind: "route", name: "smart" });
    expect(chatTarget({ kind: "provider", providerId: "p1" }, " deepseek-chat ")).toEqual({
      kind: "model",
      provider_id: "p1",
      model: "deepseek-chat",
    });
    expect(chatTarget({ kind: "provider", providerId: "p1" }, "  ")).toBeNull();
    expect(chatTarget(null, "m")).toBeNull();
  });

  it("remembers a route or a model, clearing the other", () => {
    expect(remembered({ kind: "route", name: "smart" })).toEqual({ last_route: "smart", last_provider_id: null, last_model: null });
    expect(remembered({ kind: "model", provider_id: "p1", model: "m" })).toEqual({
      last_route: null,
      last_provider_id: "p1",
      last_model: "m",
    });
  });
});

describe("what a conversation comes back with", () => {
  const routes = [{ name: "smart" }];
  const providers = [{ id: "p1" }];

  it("is the route or the provider and model it was last sent to, while they exist", () => {
    expect(choiceOf({ kind: "route", name: "smart" }, routes, providers)).toEqual({ choice: { kind: "route", name: "smart" }, model: "" });
    expect(choiceOf({ kind: "model", provider_id: "p1", model: "m7" }, routes, providers)).toEqual({ choice: { kind: "provider", providerId: "p1" }, model: "m7" });
  });

  it("is nothing when it was never sent or what it went to is gone", () => {
    expect(choiceOf(null, routes, providers)).toBeNull();
    expect(choiceOf({ kind: "route", name: "gone" }, routes, providers)).toBeNull();
    expect(choiceOf({ kind: "model", provider_id: "p9", model: "m" }, routes, providers)).toBeNull();
  });
});
