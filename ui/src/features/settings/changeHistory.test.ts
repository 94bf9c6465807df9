import { describe, expect, it } from "vitest";
import { changedFields, fieldLabel, showValue } from "./changeHistory";

describe("the change history's diff", () => {
  it("keeps only the fields that differ, old and new", () => {
    const entry = { old: { name: "A", strict: false, models: ["m1"] }, new: { name: "B", strict: false, models: ["m1", "m2"] } };
    expect(changedFields(entry)).toEqual([
      { field: "name", old: "A", new: "B" },
      { field: "models", old: ["m1"], new: ["m1", "m2"] },
    ]);
  });

  it("lists a created subject's fields that have a value, and a deleted one's", () => {
    expect(changedFields({ old: null, new: { name: "ci", requests_per_minute: null, scopes: [] } })).toEqual([
      { field: "name", old: undefined, new: "ci" },
    ]);
    expect(changedFields({ old: { name: "ci" }, new: null })).toEqual([{ field: "name", old: "ci", new: undefined }]);
  });

  it("shows values as text", () => {
    expect(showValue(null, "—")).toBe("—");
    expect(showValue([], "—")).toBe("—");
    expect(showValue(["chat", "models"], "—")).toBe("chat, models");
    expect(showValue(false, "—")).toBe("false");
    expect(showValue(30, "—")).toBe("30");
    expect(showValue({ kind: "global" }, "—")).toBe('{"kind":"global"}');
    expect(fieldLabel("cache_ttl_days")).toBe("cache ttl days");
    const word = (w: string) => `<${w}>`;
    expect(showValue(["chat", "models"], "—", word)).toBe("<chat>, <models>");
    expect(showValue(true, "—", word)).toBe("<true>");
    expect(showValue("http://a/v1", "—", word)).toBe("http://a/v1");
    expect(showValue("Upstream", "—", word)).toBe("Upstream");
    expect(showValue(30, "—", word)).toBe("30");
  });
});
