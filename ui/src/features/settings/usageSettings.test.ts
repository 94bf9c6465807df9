import { describe, expect, it } from "vitest";
import { parseRetention, ratesFromRows, rowsFromRates } from "./usageSettings";

describe("exchange rates", () => {
  it("reads rates exactly and uppercases codes", () => {
    expect(ratesFromRows([{ currency: "cny", usdPerUnit: "0.138" }])).toEqual({ rates: [{ currency: "CNY", usd_per_unit_micros: 138_000 }] });
  });

  it("points at rows with a bad code, a bad or zero rate, or a repeated currency", () => {
    const rows = [
      { currency: "CNY", usdPerUnit: "0.14" },
      { currency: "yuan", usdPerUnit: "0.14" },
      { currency: "EUR", usdPerUnit: "0" },
      { currency: "cny", usdPerUnit: "0.13" },
    ];
    expect(ratesFromRows(rows)).toEqual({ badRows: [1, 2, 3] });
  });

  it("round-trips saved rates", () => {
    const rates = [{ currency: "CNY", usd_per_unit_micros: 138_823 }, { currency: "EUR", usd_per_unit_micros: 1_080_000 }];
    expect(ratesFromRows(rowsFromRates(rates))).toEqual({ rates });
  });
});

describe("parseRetention", () => {
  it("treats blank as forever and accepts whole days only", () => {
    expect(parseRetention(" ")).toEqual({ days: null });
    expect(parseRetention("90")).toEqual({ days: 90 });
    for (const bad of ["0", "-3", "1.5", "ninety"]) expect(parseRetention(bad), bad).toEqual({ invalid: true });
  });
});
