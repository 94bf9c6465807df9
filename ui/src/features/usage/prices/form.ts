// The price editor's fields as typed (per million tokens, in the price's currency) and the PriceOverride they make.
import type { PriceOverride_Deserialize, PriceOverride_Serialize } from "../../../bindings";
import { microsToDecimal, parseMicros } from "../../../lib/money";

export type PriceForm = {
  providerId: string;
  model: string;
  currency: string;
  input: string;
  output: string;
  /** Blank: the provider's catalogue rule applies (usually the input price). */
  cacheRead: string;
  cacheWrite: string;
  reasoning: string;
};

export type PriceField = keyof PriceForm;
export const OPTIONAL_PRICES = ["cacheRead", "cacheWrite", "reasoning"] as const;

export function emptyPriceForm(providerId = "", currency = "USD"): PriceForm {
  return { providerId, model: "", currency, input: "", output: "", cacheRead: "", cacheWrite: "", reasoning: "" };
}

const optional = (micros: number | null | undefined) => (micros == null ? "" : microsToDecimal(micros));

export function formFromPrice(p: PriceOverride_Serialize): PriceForm {
  return {
    providerId: p.provider_id,
    model: p.model,
    currency: p.currency,
    input: microsToDecimal(p.input_micros),
    output: microsToDecimal(p.output_micros),
    cacheRead: optional(p.cache_read_micros),
    cacheWrite: optional(p.cache_write_micros),
    reasoning: optional(p.reasoning_micros),
  };
}

export function priceFromForm(f: PriceForm): { price: PriceOverride_Deserialize } | { problems: PriceField[] } {
  const problems: PriceField[] = [];
  if (!f.providerId) problems.push("providerId");
  if (!f.model.trim()) problems.push("model");
  const currency = f.currency.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency)) problems.push("currency");
  const input = parseMicros(f.input);
  if (input === null) problems.push("input");
  const output = parseMicros(f.output);
  if (output === null) problems.push("output");
  const extras = OPTIONAL_PRICES.map((field) => {
    if (!f[field].trim()) return null;
    const micros = parseMicros(f[field]);
    if (micros === null) problems.push(field);
    return micros;
  });
  if (problems.length) return { problems };
  return {
    price: {
      provider_id: f.providerId,
      model: f.model.trim(),
      currency,
      input_micros: input!,
      output_micros: output!,
      cache_read_micros: extras[0],
      cache_write_micros: extras[1],
      reasoning_micros: extras[2],
    },
  };
}
