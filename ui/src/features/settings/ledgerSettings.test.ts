import { describe, expect, it } from "vitest";
import { parseLedgerForm } from "./ledgerSettings";

describe("parseLedgerForm", () => {
  it("accepts the edges the core accepts, with thousands separators", () => {
    expect(parseLedgerForm("100", "refuse")).toEqual({ ledger_buffer_rows: 100, ledger_when_full: "refuse" });
    expect(parseLedgerForm("10,000,000", "drop")).toEqual({ ledger_buffer_rows: 10_000_000, ledger_when_full: "drop" });
  });

  it("refuses anything else", () => {
    for (const bad of ["99", "10000001", "", "1.5", "-100", "many"]) expect(parseLedgerForm(bad, "refuse"), bad).toBeNull();
  });
});
