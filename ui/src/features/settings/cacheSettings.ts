// The cache settings as typed: the memory and disk budgets in MB (or GB/TB, converted) and the days answers are kept.
import type { CachePolicy, Settings_Serialize } from "../../bindings";

export const CACHE_POLICIES: CachePolicy[] = ["off", "deterministic", "always"];
export const DEFAULT_POLICY: CachePolicy = "deterministic";

/** The ranges the core accepts (crates/core/src/settings.rs); outside them it answers invalid_cache_size / _ttl. */
export const CACHE_LIMITS = {
  memoryMb: { min: 1, max: 16_384 },
  diskMb: { min: 1, max: 1_048_576 },
  ttlDays: { min: 1, max: 3650 },
} as const;

export type CacheField = keyof typeof CACHE_LIMITS;
export const CACHE_FIELDS = Object.keys(CACHE_LIMITS) as CacheField[];
export type CacheForm = Record<CacheField, string>;
export type CacheNumbers = Pick<Settings_Serialize, "cache_memory_mb" | "cache_disk_mb" | "cache_ttl_days">;

export function formFromSettings(s: CacheNumbers): CacheForm {
  return { memoryMb: String(s.cache_memory_mb), diskMb: String(s.cache_disk_mb), ttlDays: String(s.cache_ttl_days) };
}

const MB_PER: Record<string, number> = { "": 1, m: 1, mb: 1, mib: 1, g: 1024, gb: 1024, gib: 1024, t: 1024 * 1024, tb: 1024 * 1024, tib: 1024 * 1024 };

/**
 * A size as typed ("512", "512 MB", "2 GB", "1.5g", "1,024") in whole MB, or null when it is not one. A bare
 * number is MB; decimals are accepted only when they come to whole MB ("1.5 GB" is 1536 MB, "0.5 MB" is not).
 */
export function parseMegabytes(text: string): number | null {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text.trim().replace(/(\d),(?=\d{3}\b)/g, "$1"));
  if (!match) return null;
  const per = MB_PER[match[2].toLowerCase()];
  if (per === undefined) return null;
  const mb = Number(match[1]) * per;
  return Number.isSafeInteger(mb) ? mb : null;
}

/** Whole days, no unit. */
export function parseDays(text: string): number | null {
  const trimmed = text.trim();
  return /^\d+$/.test(trimmed) ? Number(trimmed) : null;
}

const inRange = (n: number | null, f: CacheField): n is number => n !== null && n >= CACHE_LIMITS[f].min && n <= CACHE_LIMITS[f].max;

/** The numbers to save, or the fields that are wrong (not a whole amount, or outside what the core accepts). */
export function parseCacheForm(form: CacheForm): { numbers: CacheNumbers } | { bad: CacheField[] } {
  const values: Record<CacheField, number | null> = {
    memoryMb: parseMegabytes(form.memoryMb),
    diskMb: parseMegabytes(form.diskMb),
    ttlDays: parseDays(form.ttlDays),
  };
  const bad = CACHE_FIELDS.filter((f) => !inRange(values[f], f));
  if (bad.length) return { bad };
  return { numbers: { cache_memory_mb: values.memoryMb!, cache_disk_mb: values.diskMb!, cache_ttl_days: values.ttlDays! } };
}

/** The fields a save error from the core is about, so they can be marked as well as the banner shown. */
export function fieldsOfError(code: string): CacheField[] {
  if (code === "invalid_cache_size") return ["memoryMb", "diskMb"];
  if (code === "invalid_cache_ttl") return ["ttlDays"];
  return [];
}

/** What a typed size comes to, when that is not what was typed: "2 GB" → "2048 MB", "4096" → "4 GB". */
export function sizeEcho(text: string): string | null {
  const mb = parseMegabytes(text);
  if (mb === null || mb <= 0) return null;
  const typedBare = /^[\d,]+$/.test(text.trim());
  if (!typedBare) return `${mb.toLocaleString("en")} MB`;
  if (mb >= 1024 * 1024 && mb % (1024 * 1024) === 0) return `${mb / (1024 * 1024)} TB`;
  if (mb >= 1024) return `${Number((mb / 1024).toFixed(2))} GB`;
  return null;
}
