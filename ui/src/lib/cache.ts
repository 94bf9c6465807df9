// The response cache's numbers as every screen shows them (Settings, Usage, Chat).
import type { CacheSavings } from "../bindings";

/** Hits over lookups (hits + misses), or null when nothing looked in the cache: a ratio of nothing is not 0. */
export function hitRatio(s: Pick<CacheSavings, "hits" | "misses">): number | null {
  const lookups = s.hits + s.misses;
  return lookups > 0 ? s.hits / lookups : null;
}

/**
 * 0.5 → "50%", 2/3 → "66.7%". Never rounds a few hits down to "0%" or a few misses up to "100%": those read as
 * "none" and "all", so they show as "<0.1%" and ">99.9%".
 */
export function formatPercent(ratio: number): string {
  const percent = ratio * 100;
  if (percent > 0 && percent < 0.05) return "<0.1%";
  if (percent < 100 && percent >= 99.95) return ">99.9%";
  return `${Number(percent.toFixed(1))}%`;
}

/** The hit ratio of `s`, or "—" when there were no lookups. */
export function formatHitRatio(s: Pick<CacheSavings, "hits" | "misses">): string {
  const ratio = hitRatio(s);
  return ratio === null ? "—" : formatPercent(ratio);
}

const BYTE_UNITS = ["B", "KB", "MB", "GB", "TB"];

/** Sizes in binary units, as the cache's limits are set (1 MB = 1024 × 1024 bytes): "512 KB", "1.5 MB", "64 MB". */
export function formatBytes(bytes: number): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  if (unit === 0) return `${Math.round(value)} B`;
  // 1023.96 KB would print as "1024 KB": show it as the next unit up instead.
  const shown = Number(value.toFixed(value < 10 ? 1 : 0));
  if (shown >= 1024 && unit < BYTE_UNITS.length - 1) return `1 ${BYTE_UNITS[unit + 1]}`;
  return `${shown} ${BYTE_UNITS[unit]}`;
}

/** How full a tier is, 0–100, for a bar; a zero cap counts as full when anything is in it. */
export function fillPercent(used: number, cap: number): number {
  if (cap <= 0) return used > 0 ? 100 : 0;
  return Math.min(100, Math.max(0, (used * 100) / cap));
}

type Translate = (key: string, options: { value: number }) => string;

/**
 * A length of time saved or waited, in the unit that reads best: "850 ms", "12.4 s", "3.5 min", "2.1 h", "3.2 d".
 * The words come from `t` (keys `duration.*`), so they follow the UI language.
 */
export function formatDuration(ms: number, t: Translate): string {
  const abs = Math.max(0, ms);
  const one = (n: number) => Number(n.toFixed(1));
  if (abs < 1000) return t("duration.ms", { value: Math.round(abs) });
  if (abs < 60_000) return t("duration.s", { value: one(abs / 1000) });
  if (abs < 3_600_000) return t("duration.min", { value: one(abs / 60_000) });
  if (abs < 48 * 3_600_000) return t("duration.h", { value: one(abs / 3_600_000) });
  return t("duration.d", { value: one(abs / 86_400_000) });
}

/** A count with thousands separators, the same in every language (as the dashboard writes them). */
export const formatCount = (n: number) => n.toLocaleString("en");
