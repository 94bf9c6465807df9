import { describe, expect, it } from "vitest";
import { dateGroup, groupByDate, shortDate } from "./dateGroups";

// Local time, as the list shows it: 15 May 2026, 10:05.
const now = new Date(2026, 4, 15, 10, 5);
const at = (day: number, h = 12, m = 0, month = 4, year = 2026) => new Date(year, month, day, h, m).getTime();

describe("date groups", () => {
  it("follow the local calendar, not 24-hour spans", () => {
    expect(dateGroup(at(15, 0, 0), now)).toBe("today");
    expect(dateGroup(at(16, 9), now)).toBe("today"); // a clock set back: not lost in the future
    expect(dateGroup(at(14, 23, 59), now)).toBe("yesterday");
    expect(dateGroup(at(14, 0, 0), now)).toBe("yesterday");
    expect(dateGroup(at(13, 23, 59), now)).toBe("week");
    expect(dateGroup(at(8, 0, 0), now)).toBe("week");
    expect(dateGroup(at(7, 23, 59), now)).toBe("older");
    expect(dateGroup(at(1, 12, 0, 0), now)).toBe("older");
  });

  it("count back across a month's start", () => {
    const first = new Date(2026, 2, 1, 8, 0);
    expect(dateGroup(new Date(2026, 1, 28, 20).getTime(), first)).toBe("yesterday");
    expect(dateGroup(new Date(2026, 1, 22, 0).getTime(), first)).toBe("week");
    expect(dateGroup(new Date(2026, 1, 21, 23).getTime(), first)).toBe("older");
  });

  it("keep the list's order inside each group and leave out empty groups", () => {
    const list = [
      { id: "a", updated_at: at(15, 9) },
      { id: "b", updated_at: at(15, 8) },
      { id: "c", updated_at: at(10) },
      { id: "d", updated_at: at(1, 12, 0, 0) },
      { id: "e", updated_at: at(9) },
    ];
    expect(groupByDate(list, now).map((g) => [g.group, g.items.map((c) => c.id)])).toEqual([
      ["today", ["a", "b"]],
      ["week", ["c", "e"]],
      ["older", ["d"]],
    ]);
    expect(groupByDate([], now)).toEqual([]);
  });
});

describe("a conversation's date", () => {
  it("is a time today and yesterday, a weekday this week, a date before, with the year only when it is another", () => {
    expect(shortDate(at(15, 9, 41), now, "en")).toMatch(/09:41|9:41/);
    expect(shortDate(at(14, 18, 7), now, "en")).toMatch(/06:07|6:07|18:07/);
    expect(shortDate(at(11), now, "en")).toBe(new Date(at(11)).toLocaleDateString("en", { weekday: "short" }));
    const march = shortDate(at(3, 12, 0, 2), now, "en");
    expect(march).toMatch(/Mar/);
    expect(march).not.toMatch(/2026/);
    expect(shortDate(at(3, 12, 0, 2, 2024), now, "en")).toMatch(/2024/);
    expect(shortDate(at(3, 12, 0, 2), now, "zh-CN")).toMatch(/3月3日/);
  });
});
