// The conversation list in date groups, by when each was last used, on the person's local calendar.
export const DATE_GROUPS = ["today", "yesterday", "week", "older"] as const;
export type DateGroup = (typeof DATE_GROUPS)[number];

const dayStart = (now: Date, daysBack: number) => new Date(now.getFullYear(), now.getMonth(), now.getDate() - daysBack).getTime();

/** Today, yesterday, the 7 days before today (yesterday not counted twice), or older. A time ahead of now is today. */
export function dateGroup(ms: number, now: Date): DateGroup {
  if (ms >= dayStart(now, 0)) return "today";
  if (ms >= dayStart(now, 1)) return "yesterday";
  if (ms >= dayStart(now, 7)) return "week";
  return "older";
}

/** The groups that have conversations, in DATE_GROUPS order, each keeping the list's own order (newest first). */
export function groupByDate<T extends { updated_at: number }>(items: T[], now: Date): { group: DateGroup; items: T[] }[] {
  return DATE_GROUPS.map((group) => ({ group, items: items.filter((c) => dateGroup(c.updated_at, now) === group) })).filter((g) => g.items.length > 0);
}

/** When a conversation was last used, as short as its group allows: a time today or yesterday, a weekday this
 * week, a date before (with the year when it is not this one). */
export function shortDate(ms: number, now: Date, locale: string): string {
  const at = new Date(ms);
  const group = dateGroup(ms, now);
  const options: Intl.DateTimeFormatOptions =
    group === "today" || group === "yesterday"
      ? { hour: "2-digit", minute: "2-digit" }
      : group === "week"
        ? { weekday: "short" }
        : at.getFullYear() === now.getFullYear()
          ? { month: "short", day: "numeric" }
          : { year: "numeric", month: "short", day: "numeric" };
  return new Intl.DateTimeFormat(locale, options).format(at);
}
