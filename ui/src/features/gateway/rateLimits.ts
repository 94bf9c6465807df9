// Requests and tokens per minute for an access key, as typed: empty for no limit, else a whole number from 1.
import type { RateLimits_Serialize } from "../../bindings";

/** The core keeps limits as u32 and refuses 0 (invalid_rate_limit). */
export const LIMIT_MAX = 4_294_967_295;

export type LimitField = "rpm" | "tpm";

/** null: no limit; undefined: not a limit the core would take. Thousands separators are allowed. */
export function parseLimit(text: string): number | null | undefined {
  const digits = text.trim().replace(/[,\s_]/g, "");
  if (digits === "") return null;
  if (!/^\d+$/.test(digits)) return undefined;
  const n = Number(digits);
  return n >= 1 && n <= LIMIT_MAX ? n : undefined;
}

/** The limits to save, or the fields that are not valid. */
export function parseLimits(rpm: string, tpm: string): { limits: RateLimits_Serialize } | { bad: LimitField[] } {
  const [r, t] = [parseLimit(rpm), parseLimit(tpm)];
  const bad: LimitField[] = [...(r === undefined ? ["rpm" as const] : []), ...(t === undefined ? ["tpm" as const] : [])];
  if (bad.length > 0 || r === undefined || t === undefined) return { bad };
  return { limits: { requests_per_minute: r, tokens_per_minute: t } };
}

export const limitInput = (n: number | null | undefined) => (n == null ? "" : String(n));
