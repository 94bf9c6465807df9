import { describe, expect, it } from "vitest";
import { formatCount, formatMs } from "./format";

describe("usage number formats", () => {
  it("groups counts and compacts axis ticks", () => {
    expect(formatCount(1_234_567)).toBe("1,234,567");
    expect(formatCount(999)).toBe("999");
    expect(formatCount(1_234_567, true)).toBe("1.2M");
    expect(formatCount(12_000, true)).toBe("12k");
    expect(formatCount(999, true)).toBe("999");
  });

  it("shows milliseconds, and seconds for long waits", () => {
    expect(formatMs(850)).toBe("850 ms");
    expect(formatMs(12_400)).toBe("12.4 s");
  });
});
