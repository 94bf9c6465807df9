// Money is integer micro-units (1 unit = 1_000_000). Every conversion here is integer arithmetic on exact values,
// so no amount ever picks up float drift on its way to or from the screen.
import type { Cost } from "../bindings";

export const MICROS = 1_000_000;
const DECIMALS = 6;

const SYMBOLS: Record<string, string> = { USD: "$", CNY: "¥", EUR: "€", GBP: "£" };

/**
 * A decimal amount typed by a person ("12", "0.5", "1,000.25", " $3.10 ") as micro-units, or null when it is not
 * a non-negative amount with at most six decimals that fits exactly.
 */
export function parseMicros(text: string): number | null {
  const cleaned = text.trim().replace(/^[$¥€£]/, "").replace(/,/g, "").trim();
  const match = /^(\d+)(?:\.(\d*))?$/.exec(cleaned) ?? /^()\.(\d+)$/.exec(cleaned);
  if (!match) return null;
  const [, whole, fraction = ""] = match;
  if (fraction.length > DECIMALS) return null;
  const micros = BigInt(whole || "0") * BigInt(MICROS) + BigInt(fraction.padEnd(DECIMALS, "0"));
  return micros <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(micros) : null;
}

/** The exact decimal for a form field: 12_500_000 → "12.5", 1_000_000 → "1". */
export function microsToDecimal(micros: number): string {
  const sign = micros < 0 ? "-" : "";
  const abs = Math.abs(micros);
  const fraction = String(abs % MICROS).padStart(DECIMALS, "0").replace(/0+$/, "");
  const whole = (abs - (abs % MICROS)) / MICROS;
  return `${sign}${whole}${fraction ? `.${fraction}` : ""}`;
}

/** How many decimals an amount is shown with: cents from one unit up, four below, all six for specks. */
function decimalsFor(absMicros: number): number {
  if (absMicros === 0 || absMicros >= MICROS) return 2;
  if (absMicros >= 100) return 4;
  return 6;
}

/** Rounds half away from zero to `decimals` and renders with thousands separators. */
function render(absMicros: number, decimals: number): string {
  const scale = 10 ** (DECIMALS - decimals);
  const remainder = absMicros % scale;
  const scaled = (absMicros - remainder) / scale + (remainder * 2 >= scale ? 1 : 0);
  const unit = 10 ** decimals;
  const whole = String((scaled - (scaled % unit)) / unit).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return decimals === 0 ? whole : `${whole}.${String(scaled % unit).padStart(decimals, "0")}`;
}

export function currencySymbol(currency: string): string {
  return SYMBOLS[currency.toUpperCase()] ?? `${currency.toUpperCase()} `;
}

/** `$0.0123`, `¥1,204.50`, `$0.000012`. */
export function formatMoney(micros: number, currency = "USD"): string {
  const abs = Math.abs(micros);
  return `${micros < 0 ? "-" : ""}${currencySymbol(currency)}${render(abs, decimalsFor(abs))}`;
}

export function formatUsd(micros: number): string {
  return formatMoney(micros, "USD");
}

/** Short dollar amounts for chart axes: "$1.2k", "$0.35", and the full form only below a cent. */
export function formatUsdTick(micros: number): string {
  const abs = Math.abs(micros);
  const sign = micros < 0 ? "-" : "";
  if (abs >= 1000 * MICROS) return `${sign}$${Number((abs / (1000 * MICROS)).toFixed(1))}k`;
  if (abs >= 10_000) return `${sign}$${render(abs, 2)}`;
  return formatUsd(micros);
}

/** A call's price in its own currency, with the dollar amount beside it when that differs: `¥0.0850 (~$0.0118)`. */
export function formatCost(cost: Cost): string {
  const own = formatMoney(cost.micros, cost.currency);
  return cost.currency.toUpperCase() === "USD" ? own : `${own} (~${formatUsd(cost.usd_micros)})`;
}

export type CostLabel = { kind: "unpriced" } | { kind: "free" } | { kind: "priced"; text: string };

/** What to show for one answer's cost: unpriced is never shown as $0, and a local model is free. */
export function describeCost(cost: Cost | null | undefined): CostLabel {
  if (!cost) return { kind: "unpriced" };
  if (cost.source === "local" && cost.micros === 0) return { kind: "free" };
  return { kind: "priced", text: formatCost(cost) };
}
