import { describe, expect, it } from "vitest";
import { isMultiline, lineDiff, valueText } from "./lines";

describe("line diff", () => {
  it("keeps the common lines and marks the removed and the added ones", () => {
    expect(lineDiff("a\nb\nc", "a\nx\nc\nd")).toEqual([
      { op: "same", text: "a" },
      { op: "removed", text: "b" },
      { op: "added", text: "x" },
      { op: "same", text: "c" },
      { op: "added", text: "d" },
    ]);
    expect(lineDiff("same", "same")).toEqual([{ op: "same", text: "same" }]);
  });

  it("shows values as text, a missing one as nothing", () => {
    expect(valueText("hi")).toBe("hi");
    expect(valueText({ a: 1 })).toBe('{"a":1}');
    expect(valueText(null)).toBeNull();
    expect(valueText(undefined)).toBeNull();
    expect(isMultiline("a\nb")).toBe(true);
    expect(isMultiline("a")).toBe(false);
  });
});
