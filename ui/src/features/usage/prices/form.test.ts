import { describe, expect, it } from "vitest";
import { emptyPriceForm, formFromPrice, priceFromForm } from "./form";

describe("price form", () => {
  it("makes an override in exact micro-units per million tokens, blank extras as null", () => {
    expect(priceFromForm({ ...emptyPriceForm("p1"), model: " deepseek-chat ", currency: "cny", input: "2", output: "8", cacheRead: "0.5" })).toEqual({
      price: {
        provider_id: "p1", model: "deepseek-chat", currency: "CNY", input_micros: 2_000_000, output_micros: 8_000_000,
        cache_read_micros: 500_000, cache_write_micros: null, reasoning_micros: null,
      },
    });
  });

  it("names every field that is wrong", () => {
    expect(priceFromForm({ ...emptyPriceForm(), currency: "dollars", input: "", output: "-1", reasoning: "x" })).toEqual({
      problems: ["providerId", "model", "currency", "input", "output", "reasoning"],
    });
  });

  it("round-trips a saved override", () => {
    const saved = {
      provider_id: "p1", model: "glm-4.6", currency: "CNY", input_micros: 4_350_000, output_micros: 16_000_000,
      cache_read_micros: null, cache_write_micros: 1, reasoning_micros: 0,
    };
    expect(priceFromForm(formFromPrice(saved))).toEqual({ price: saved });
  });
});
