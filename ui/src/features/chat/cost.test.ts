import { describe, expect, it } from "vitest";
import { conversationTotal } from "./cost";

describe("conversationTotal", () => {
  it("shows nothing before the first answer", () => {
    expect(conversationTotal(null)).toBeNull();
    expect(conversationTotal({ usd_micros: 0, priced_answers: 0, unpriced_answers: 0 })).toBeNull();
  });

  it("sums priced answers and counts unpriced ones apart", () => {
    expect(conversationTotal({ usd_micros: 12_345, priced_answers: 3, unpriced_answers: 1 })).toEqual({ total: "$0.0123", unpriced: 1 });
    expect(conversationTotal({ usd_micros: 0, priced_answers: 0, unpriced_answers: 2 })).toEqual({ total: "$0.00", unpriced: 2 });
  });
});
