import { beforeAll, describe, expect, it } from "vitest";
import i18n from "../i18n";
import { fillPercent, formatBytes, formatDuration, formatHitRatio, formatPercent, hitRatio } from "./cache";

describe("hit ratio", () => {
  it("is hits over lookups, and nothing (not NaN, not 0) when nothing looked", () => {
    expect(hitRatio({ hits: 1, misses: 3 })).toBe(0.25);
    expect(hitRatio({ hits: 0, misses: 0 })).toBeNull();
    expect(formatHitRatio({ hits: 0, misses: 0 })).toBe("—");
    expect(formatHitRatio({ hits: 0, misses: 5 })).toBe("0%");
    expect(formatHitRatio({ hits: 5, misses: 0 })).toBe("100%");
    expect(formatHitRatio({ hits: 2, misses: 1 })).toBe("66.7%");
    expect(formatHitRatio({ hits: 1, misses: 1 })).toBe("50%");
  });

  it("never rounds a few hits to 0% or a few misses to 100%", () => {
    expect(formatPercent(1 / 5000)).toBe("<0.1%");
    expect(formatPercent(4999 / 5000)).toBe(">99.9%");
    expect(formatPercent(0.999)).toBe("99.9%");
  });
});

describe("formatBytes", () => {
  it("uses binary units, like the MB limits", () => {
    expect(formatBytes(0)).toBe("0 B");
    expect(formatBytes(900)).toBe("900 B");
    expect(formatBytes(1536)).toBe("1.5 KB");
    expect(formatBytes(64 * 1024 * 1024)).toBe("64 MB");
    expect(formatBytes(512 * 1024 * 1024)).toBe("512 MB");
    expect(formatBytes(1.25 * 1024 ** 3)).toBe("1.3 GB");
    expect(formatBytes(1024 * 1024 - 10)).toBe("1 MB"); // not "1024 KB"
  });
});

describe("fillPercent", () => {
  it("caps at 100 and copes with a zero cap", () => {
    expect(fillPercent(25, 100)).toBe(25);
    expect(fillPercent(300, 100)).toBe(100);
    expect(fillPercent(0, 0)).toBe(0);
    expect(fillPercent(1, 0)).toBe(100);
  });
});

describe("formatDuration", () => {
  beforeAll(() => i18n.changeLanguage("en"));

  it("picks the unit that reads best", () => {
    const t = i18n.getFixedT("en");
    expect(formatDuration(850, t)).toBe("850 ms");
    expect(formatDuration(12_400, t)).toBe("12.4 s");
    expect(formatDuration(210_000, t)).toBe("3.5 min");
    expect(formatDuration(2.5 * 3_600_000, t)).toBe("2.5 h");
    expect(formatDuration(3 * 86_400_000, t)).toBe("3 days");
    expect(formatDuration(-5, t)).toBe("0 ms");
  });

  it("follows the UI language", () => {
    expect(formatDuration(210_000, i18n.getFixedT("zh-CN"))).toBe("3.5 分钟");
  });
});
