import { describe, expect, it } from "vitest";
import type { Cost } from "../bindings";
import { describeCost, formatCost, formatMoney, formatUsd, formatUsdTick, microsToDecimal, parseMicros } from "./money";

const cost = (over: Partial<Cost>): Cost => ({ micros: 0, currency: "USD", usd_micros: 0, usd_per_unit_micros: 1_000_000, source: "genai_prices", ...over });

describe("parseMicros", () => {
  it("reads decimals exactly, without float drift", () => {
    expect(parseMicros("0.1")).toBe(100_000);
    expect(parseMicros("0.3")).toBe(300_000); // 0.1 + 0.2 style drift would give 300000.00000000006
    expect(parseMicros("12")).toBe(12_000_000);
    expect(parseMicros("1.000001")).toBe(1_000_001);
    expect(parseMicros("4.35")).toBe(4_350_000); // 4.35 * 1e6 = 4349999.999999999 in floats
    expect(parseMicros(".5")).toBe(500_000);
    expect(parseMicros("3.")).toBe(3_000_000);
  });

  it("accepts what people type around a number", () => {
    expect(parseMicros(" $1,000.25 ")).toBe(1_000_250_000);
    expect(parseMicros("¥7")).toBe(7_000_000);
  });

  it("refuses what is not an exact non-negative amount", () => {
    for (const bad of ["", " ", "abc", "-1", "1.2.3", "1.0000001", "1e3", "9007199254740992"]) expect(parseMicros(bad), bad).toBeNull();
  });
});

describe("microsToDecimal", () => {
  it("gives the shortest exact decimal and parses back to the same micros", () => {
    expect(microsToDecimal(12_500_000)).toBe("12.5");
    expect(microsToDecimal(1_000_000)).toBe("1");
    expect(microsToDecimal(1)).toBe("0.000001");
    expect(microsToDecimal(0)).toBe("0");
    for (const m of [0, 1, 99, 4_350_000, 123_456_789, 9_007_199_254_740_991]) expect(parseMicros(microsToDecimal(m))).toBe(m);
  });
});

describe("formatMoney", () => {
  it("shows cents from one unit up, with separators", () => {
    expect(formatUsd(12_345_678)).toBe("$12.35");
    expect(formatUsd(1_234_567_890)).toBe("$1,234.57");
    expect(formatUsd(1_000_000)).toBe("$1.00");
    expect(formatUsd(0)).toBe("$0.00");
  });

  it("keeps four decimals below one unit and all six for tiny amounts, so a cheap call is not $0.00", () => {
    expect(formatUsd(12_345)).toBe("$0.0123");
    expect(formatUsd(12_355)).toBe("$0.0124");
    expect(formatUsd(85_000)).toBe("$0.0850");
    expect(formatUsd(12)).toBe("$0.000012");
    expect(formatUsd(999_999)).toBe("$1.0000");
  });

  it("uses the currency's symbol, or its code", () => {
    expect(formatMoney(85_000, "CNY")).toBe("¥0.0850");
    expect(formatMoney(2_000_000, "EUR")).toBe("€2.00");
    expect(formatMoney(2_000_000, "JPY")).toBe("JPY 2.00");
    expect(formatMoney(-1_500_000, "USD")).toBe("-$1.50");
  });
});

describe("formatCost and describeCost", () => {
  it("shows a foreign price with its dollar amount", () => {
    expect(formatCost(cost({ micros: 85_000, currency: "CNY", usd_micros: 11_800, usd_per_unit_micros: 138_823 }))).toBe("¥0.0850 (~$0.0118)");
    expect(formatCost(cost({ micros: 12_300, usd_micros: 12_300 }))).toBe("$0.0123");
  });

  it("never shows an unpriced answer as $0 and calls a local model free", () => {
    expect(describeCost(null)).toEqual({ kind: "unpriced" });
    expect(describeCost(undefined)).toEqual({ kind: "unpriced" });
    expect(describeCost(cost({ source: "local" }))).toEqual({ kind: "free" });
    expect(describeCost(cost({ micros: 0, source: "override" }))).toEqual({ kind: "priced", text: "$0.00" });
  });
});

describe("formatUsdTick", () => {
  it("keeps axis labels short", () => {
    expect(formatUsdTick(350_000)).toBe("$0.35");
    expect(formatUsdTick(1_050_000)).toBe("$1.05");
    expect(formatUsdTick(1_234_000_000)).toBe("$1.2k");
    expect(formatUsdTick(5_000)).toBe("$0.0050");
    expect(formatUsdTick(0)).toBe("$0.00");
  });
});
