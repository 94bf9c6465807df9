// Date ranges as the core reads them: [from_ms, to_ms) in UTC, with days counted in the person's local time.
// Everything takes "now" and the offset as arguments so the same input always gives the same range.

export type RangePreset = "today" | "7d" | "30d" | "month" | "custom";
export const RANGE_PRESETS: RangePreset[] = ["today", "7d", "30d", "month", "custom"];

/** `from` and `to` are local days (YYYY-MM-DD), both included; only used by "custom". */
export type RangeChoice = { preset: RangePreset; from: string; to: string };
export type TimeRange = { from_ms: number; to_ms: number; tz_offset_minutes: number };

const MINUTE = 60_000;
export const DAY_MS = 86_400_000;

/** Minutes to add to UTC to get local time (east of Greenwich is positive, unlike getTimezoneOffset). */
export function localOffsetMinutes(at: Date = new Date()): number {
  return -at.getTimezoneOffset();
}

/** The UTC instant at which the local day containing `ms` begins. */
export function localDayStart(ms: number, offsetMinutes: number): number {
  const local = ms + offsetMinutes * MINUTE;
  return local - (((local % DAY_MS) + DAY_MS) % DAY_MS) - offsetMinutes * MINUTE;
}

/** The local day containing `ms`, as YYYY-MM-DD. */
export function dayKey(ms: number, offsetMinutes: number): string {
  return new Date(ms + offsetMinutes * MINUTE).toISOString().slice(0, 10);
}

/** The UTC instant at which a local YYYY-MM-DD day begins, or null for anything else. */
export function dayStart(day: string, offsetMinutes: number): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return null;
  const utc = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  if (Number.isNaN(utc) || dayKey(utc, 0) !== day) return null;
  return utc - offsetMinutes * MINUTE;
}

/** The range a choice covers at `nowMs`; null when a custom range is incomplete or backwards. */
export function rangeFor(choice: RangeChoice, nowMs: number, offsetMinutes: number): TimeRange | null {
  const today = localDayStart(nowMs, offsetMinutes);
  const tomorrow = today + DAY_MS;
  const range = (from_ms: number, to_ms: number) => ({ from_ms, to_ms, tz_offset_minutes: offsetMinutes });
  switch (choice.preset) {
    case "today":
      return range(today, tomorrow);
    case "7d":
      return range(today - 6 * DAY_MS, tomorrow);
    case "30d":
      return range(today - 29 * DAY_MS, tomorrow);
    case "month":
      return range(dayStart(`${dayKey(nowMs, offsetMinutes).slice(0, 8)}01`, offsetMinutes)!, tomorrow);
    case "custom": {
      const from = dayStart(choice.from, offsetMinutes);
      const to = dayStart(choice.to, offsetMinutes);
      if (from === null || to === null || to < from) return null;
      return range(from, to + DAY_MS);
    }
  }
}

/** Every local day the range touches, oldest first: the x axis of the daily charts. */
export function daysIn(range: TimeRange): string[] {
  const days: string[] = [];
  for (let at = localDayStart(range.from_ms, range.tz_offset_minutes); at < range.to_ms; at += DAY_MS) {
    days.push(dayKey(at, range.tz_offset_minutes));
  }
  return days;
}
