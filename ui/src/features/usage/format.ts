// Numbers as the usage screen shows them.

/** 1234567 → "1,234,567", or "1.2M" for axis ticks. */
export function formatCount(n: number, compact = false): string {
  if (compact && Math.abs(n) >= 1000) {
    const [value, unit] = Math.abs(n) >= 1_000_000 ? [n / 1_000_000, "M"] : [n / 1000, "k"];
    return `${Number(value.toFixed(1))}${unit}`;
  }
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** 850 → "850 ms", 12_400 → "12.4 s". */
export function formatMs(ms: number): string {
  return ms >= 10_000 ? `${Number((ms / 1000).toFixed(1))} s` : `${Math.round(ms)} ms`;
}

/** An epoch-ms instant in the person's locale and time zone, seconds included. */
export function formatTime(ms: number, locale: string): string {
  return new Date(ms).toLocaleString(locale, { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" });
}
