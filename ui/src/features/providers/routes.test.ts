import { describe, expect, it } from "vitest";
import { CACHE_CHOICES, cacheChoice, effectivePolicy, emptyRoute, moveTarget, validateRoute, withCacheChoice } from "./routes";

describe("route editor rules", () => {
  it("starts from the first provider and needs a name, targets and models", () => {
    const r = emptyRoute({ id: "p", default_model: "deepseek-chat", models: [] });
    expect(r.targets).toEqual([{ provider_id: "p", model: "deepseek-chat", weight: 1 }]);
    expect(r.strict).toBe(false);
    expect(validateRoute(r)).toEqual(["name"]);
    expect(validateRoute({ ...r, name: "smart", targets: [] })).toEqual(["targets"]);
    expect(validateRoute({ ...r, name: "smart", targets: [{ provider_id: "p", model: " ", weight: 1 }] })).toEqual(["model"]);
    expect(emptyRoute(undefined).targets).toEqual([]);
  });

  it("reorders targets and ignores moves past either end", () => {
    const t = (id: string) => ({ provider_id: id, model: "m", weight: 1 });
    const list = [t("a"), t("b"), t("c")];
    expect(moveTarget(list, 2, 0).map((x) => x.provider_id)).toEqual(["c", "a", "b"]);
    expect(moveTarget(list, 0, -1)).toBe(list);
  });
});

const provider = { id: "p1", default_model: "m", models: [] };

describe("a route's cache choice", () => {
  it("starts new routes following Settings, without caching tool calls", () => {
    expect(emptyRoute(provider)).toMatchObject({ cache: null, cache_tool_calls: false });
    expect(cacheChoice(emptyRoute(provider))).toBe("settings");
  });

  it("round-trips every choice through what is saved", () => {
    const route = emptyRoute(provider);
    for (const choice of CACHE_CHOICES) expect(cacheChoice(withCacheChoice(route, choice)), choice).toBe(choice);
    expect(withCacheChoice(route, "settings").cache).toBeNull();
    expect(withCacheChoice(route, "always").cache).toBe("always");
    expect(withCacheChoice({ ...route, cache: "off" }, "settings").cache).toBeNull();
  });

  it("reads a route listed without the field as following Settings", () => {
    expect(cacheChoice({} as { cache: null })).toBe("settings");
  });

  it("takes the route's own policy over the one in Settings", () => {
    expect(effectivePolicy({ cache: null }, "deterministic")).toBe("deterministic");
    expect(effectivePolicy({ cache: "off" }, "always")).toBe("off");
  });
});
