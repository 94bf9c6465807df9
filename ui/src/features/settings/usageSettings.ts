// The cost settings as typed: exchange rates (US dollars for one unit of a currency) and ledger retention.
import type { ExchangeRate } from "../../bindings";
import { microsToDecimal, parseMicros } from "../../lib/money";

export type RateRow = { currency: string; usdPerUnit: string };

export function rowsFromRates(rates: ExchangeRate[]): RateRow[] {
  return rates.map((r) => ({ currency: r.currency, usdPerUnit: microsToDecimal(r.usd_per_unit_micros) }));
}

/** The rates, or the indexes of the rows that are wrong (bad code, bad or zero rate, a currency twice). */
export function ratesFromRows(rows: RateRow[]): { rates: ExchangeRate[] } | { badRows: number[] } {
  const seen = new Set<string>();
  const badRows: number[] = [];
  const rates = rows.map((row, i) => {
    const currency = row.currency.trim().toUpperCase();
    const micros = parseMicros(row.usdPerUnit);
    if (!/^[A-Z]{3}$/.test(currency) || seen.has(currency) || micros === null || micros <= 0) badRows.push(i);
    seen.add(currency);
    return { currency, usd_per_unit_micros: micros ?? 0 };
  });
  return badRows.length ? { badRows } : { rates };
}

/** Blank keeps the ledger forever (null); otherwise a whole number of days, at least one. */
export function parseRetention(text: string): { days: number | null } | { invalid: true } {
  const trimmed = text.trim();
  if (!trimmed) return { days: null };
  if (!/^\d+$/.test(trimmed) || Number(trimmed) < 1 || Number(trimmed) > 36_500) return { invalid: true };
  return { days: Number(trimmed) };
}
