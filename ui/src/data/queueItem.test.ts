import { describe, expect, it } from "vitest";
import { actionsFor, limitsUsed, nextTry, ordinal, reachOf, shorten, targetLabel } from "./queueItem";
import type { ProviderReach } from "./queue";

const reach = (over: Partial<ProviderReach>): ProviderReach => ({
  provider_id: "p1", state: "online", last_error: null, checked_at: 1, next_probe_at: null, ...over,
});

describe("what can be done to a waiting message", () => {
  it("offers send now for queued and held, resend for one that needs a decision, nothing while it is sent", () => {
    expect(actionsFor("queued")).toEqual(["sendNow", "edit", "cancel"]);
    expect(actionsFor("held")).toEqual(["sendNow", "edit", "cancel"]);
    expect(actionsFor("needs_decision")).toEqual(["resend", "edit", "cancel"]);
    expect(actionsFor("sending")).toEqual([]);
  });
});

describe("nextTry", () => {
  const now = 100_000;

  it("counts down to the item's own next attempt", () => {
    expect(nextTry({ state: "queued", next_attempt_at: now + 12_000 }, reach({}), now)).toEqual({ kind: "in", ms: 12_000 });
  });

  it("waits for the next probe of an unreachable provider when that comes later", () => {
    const offline = reach({ state: "offline", next_probe_at: now + 30_000 });
    expect(nextTry({ state: "queued", next_attempt_at: now + 5_000 }, offline, now)).toEqual({ kind: "in", ms: 30_000 });
    // A probe time of a provider that is back is not waited for.
    expect(nextTry({ state: "queued", next_attempt_at: 0 }, reach({ next_probe_at: now + 30_000 }), now)).toEqual({ kind: "due" });
  });

  it("is due when every wait has passed", () => {
    expect(nextTry({ state: "queued", next_attempt_at: now - 1 }, undefined, now)).toEqual({ kind: "due" });
    expect(nextTry({ state: "queued", next_attempt_at: now }, reach({ state: "offline", next_probe_at: now - 5 }), now)).toEqual({ kind: "due" });
  });

  it("names what a held, cut or sending message waits for instead of a time", () => {
    expect(nextTry({ state: "held", next_attempt_at: now + 1 }, undefined, now)).toEqual({ kind: "whenYouSay" });
    expect(nextTry({ state: "needs_decision", next_attempt_at: now + 1 }, undefined, now)).toEqual({ kind: "decision" });
    expect(nextTry({ state: "sending", next_attempt_at: now + 1 }, undefined, now)).toEqual({ kind: "sending" });
  });
});

describe("reachOf", () => {
  it("finds the provider of a model target, none for a route", () => {
    const providers = [reach({ provider_id: "a" }), reach({ provider_id: "b", state: "offline" })];
    expect(reachOf({ kind: "model", provider_id: "b", model: "m" }, providers)?.state).toBe("offline");
    expect(reachOf({ kind: "model", provider_id: "c", model: "m" }, providers)).toBeUndefined();
    expect(reachOf({ kind: "route", name: "smart" }, providers)).toBeUndefined();
  });
});

describe("ordinal", () => {
  it("writes English ordinals, teens included, and bare numbers in Chinese", () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111].map((n) => ordinal(n, "en"))).toEqual([
      "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st", "111th",
    ]);
    expect(ordinal(2, "zh-CN")).toBe("2");
  });
});

describe("shorten", () => {
  it("keeps a short question, folds its lines, and cuts a long one with an ellipsis", () => {
    expect(shorten("hello")).toBe("hello");
    expect(shorten("two\n\nlines  here")).toBe("two lines here");
    const cut = shorten("a".repeat(200), 10);
    expect(cut).toBe(`${"a".repeat(9)}…`);
    expect(cut.length).toBe(10);
  });
});

describe("limitsUsed", () => {
  it("counts what waits (not what is being sent) against the limits, in whole KB rounded up", () => {
    const items = [
      { state: "queued", bytes: 1024 },
      { state: "held", bytes: 1 },
      { state: "sending", bytes: 50_000 },
    ] as never[];
    expect(limitsUsed({ items, max_items: 100, max_kb: 4096 })).toEqual({ items: 2, maxItems: 100, kb: 2, maxKb: 4096 });
    expect(limitsUsed({ items: [], max_items: 5, max_kb: 1 })).toEqual({ items: 0, maxItems: 5, kb: 0, maxKb: 1 });
  });
});

describe("targetLabel", () => {
  it("names the provider of a model, falls back to its id, and names a route", () => {
    const providers = [{ id: "p1", name: "DeepSeek" }];
    expect(targetLabel({ kind: "model", provider_id: "p1", model: "deepseek-chat" }, providers)).toBe("DeepSeek/deepseek-chat");
    expect(targetLabel({ kind: "model", provider_id: "gone", model: "m" }, providers)).toBe("gone/m");
    expect(targetLabel({ kind: "route", name: "smart" }, providers)).toBe("smart");
  });
});
