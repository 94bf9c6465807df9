import { describe, expect, it } from "vitest";
import { dayKey, dayStart, daysIn, localDayStart, rangeFor, type RangeChoice } from "./range";

const choice = (preset: RangeChoice["preset"], from = "", to = ""): RangeChoice => ({ preset, from, to });
// 2026-03-15 01:30 UTC: already the 15th in Shanghai (+8), still the 14th in New York (-5).
const NOW = Date.UTC(2026, 2, 15, 1, 30);
const SHANGHAI = 480;
const NEW_YORK = -300;

describe("local days", () => {
  it("start at local midnight, not UTC midnight", () => {
    expect(localDayStart(NOW, SHANGHAI)).toBe(Date.UTC(2026, 2, 14, 16));
    expect(localDayStart(NOW, NEW_YORK)).toBe(Date.UTC(2026, 2, 14, 5));
    expect(dayKey(NOW, SHANGHAI)).toBe("2026-03-15");
    expect(dayKey(NOW, NEW_YORK)).toBe("2026-03-14");
    expect(dayKey(NOW, 0)).toBe("2026-03-15");
  });

  it("parse only real calendar days", () => {
    expect(dayStart("2026-03-01", SHANGHAI)).toBe(Date.UTC(2026, 1, 28, 16));
    expect(dayStart("2026-02-30", 0)).toBeNull();
    expect(dayStart("15/03/2026", 0)).toBeNull();
    expect(dayStart("", 0)).toBeNull();
  });
});

describe("rangeFor", () => {
  it("today is the local day, to tomorrow's midnight exclusive", () => {
    expect(rangeFor(choice("today"), NOW, SHANGHAI)).toEqual({
      from_ms: Date.UTC(2026, 2, 14, 16),
      to_ms: Date.UTC(2026, 2, 15, 16),
      tz_offset_minutes: SHANGHAI,
    });
  });

  it("7 and 30 days include today", () => {
    const week = rangeFor(choice("7d"), NOW, NEW_YORK)!;
    expect(daysIn(week)).toEqual(["2026-03-08", "2026-03-09", "2026-03-10", "2026-03-11", "2026-03-12", "2026-03-13", "2026-03-14"]);
    expect(daysIn(rangeFor(choice("30d"), NOW, SHANGHAI)!)).toHaveLength(30);
  });

  it("this month starts on the local first of the month", () => {
    const month = rangeFor(choice("month"), Date.UTC(2026, 3, 30, 20), SHANGHAI)!; // already May 1st in Shanghai
    expect(month.from_ms).toBe(Date.UTC(2026, 3, 30, 16));
    expect(daysIn(month)).toEqual(["2026-05-01"]);
  });

  it("a custom range includes both days and refuses a backwards or incomplete one", () => {
    const custom = rangeFor(choice("custom", "2026-02-27", "2026-03-01"), NOW, 0)!;
    expect(custom).toEqual({ from_ms: Date.UTC(2026, 1, 27), to_ms: Date.UTC(2026, 2, 2), tz_offset_minutes: 0 });
    expect(daysIn(custom)).toEqual(["2026-02-27", "2026-02-28", "2026-03-01"]);
    expect(rangeFor(choice("custom", "2026-03-02", "2026-03-01"), NOW, 0)).toBeNull();
    expect(rangeFor(choice("custom", "2026-03-02", ""), NOW, 0)).toBeNull();
  });
});
