import { describe, expect, it } from "vitest";
import { LIMIT_MAX, parseLimit, parseLimits } from "./rateLimits";

describe("rate limits as typed", () => {
  it("takes whole numbers from 1, with separators, and empty for no limit", () => {
    expect(parseLimit("")).toBeNull();
    expect(parseLimit("  ")).toBeNull();
    expect(parseLimit("1")).toBe(1);
    expect(parseLimit("100,000")).toBe(100_000);
    expect(parseLimit(String(LIMIT_MAX))).toBe(LIMIT_MAX);
  });

  it("refuses what the core would refuse", () => {
    for (const bad of ["0", "-5", "1.5", "ten", "1e3", String(LIMIT_MAX + 1)]) expect(parseLimit(bad), bad).toBeUndefined();
  });

  it("names each field that is not valid", () => {
    expect(parseLimits("60", "")).toEqual({ limits: { requests_per_minute: 60, tokens_per_minute: null } });
    expect(parseLimits("0", "x")).toEqual({ bad: ["rpm", "tpm"] });
    expect(parseLimits("10", "0")).toEqual({ bad: ["tpm"] });
  });
});
