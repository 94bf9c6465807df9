import { describe, expect, it } from "vitest";
import { fieldsOfError, formFromSettings, parseQueueForm, parseWhole } from "./queueSettings";

describe("parseWhole", () => {
  it("reads whole numbers, with thousands separators, and nothing else", () => {
    expect(parseWhole(" 100 ")).toBe(100);
    expect(parseWhole("4,096")).toBe(4096);
    for (const bad of ["", "1.5", "-1", "ten", "1e3", "4,09"]) expect(parseWhole(bad), bad).toBeNull();
  });
});

describe("parseQueueForm", () => {
  it("round-trips the saved limits", () => {
    const numbers = { queue_max_items: 100, queue_max_kb: 4096 };
    expect(parseQueueForm(formFromSettings(numbers))).toEqual({ numbers });
  });

  it("accepts the edges the core accepts and names each field outside them", () => {
    expect(parseQueueForm({ maxItems: "1", maxKb: "1,048,576" })).toEqual({ numbers: { queue_max_items: 1, queue_max_kb: 1_048_576 } });
    expect(parseQueueForm({ maxItems: "100000", maxKb: "1" })).toEqual({ numbers: { queue_max_items: 100_000, queue_max_kb: 1 } });
    expect(parseQueueForm({ maxItems: "0", maxKb: "1048577" })).toEqual({ bad: ["maxItems", "maxKb"] });
    expect(parseQueueForm({ maxItems: "100001", maxKb: "64" })).toEqual({ bad: ["maxItems"] });
    expect(parseQueueForm({ maxItems: "10", maxKb: "" })).toEqual({ bad: ["maxKb"] });
  });

  it("points the core's refusal at both fields", () => {
    expect(fieldsOfError("invalid_queue_limit")).toEqual(["maxItems", "maxKb"]);
    expect(fieldsOfError("storage_failed")).toEqual([]);
  });
});
