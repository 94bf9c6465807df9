import { describe, expect, it } from "vitest";
import { fieldsOfError, formFromSettings, parseCacheForm, parseDays, parseMegabytes, sizeEcho } from "./cacheSettings";

describe("parseMegabytes", () => {
  it("reads MB, and converts GB and TB to whole MB", () => {
    expect(parseMegabytes("64")).toBe(64);
    expect(parseMegabytes(" 512 MB ")).toBe(512);
    expect(parseMegabytes("2 GB")).toBe(2048);
    expect(parseMegabytes("1.5g")).toBe(1536);
    expect(parseMegabytes("1 TB")).toBe(1_048_576);
    expect(parseMegabytes("1,024")).toBe(1024);
  });

  it("refuses what is not a whole number of MB", () => {
    for (const bad of ["", "0.5", "0.5 MB", "1.0001 GB", "-1", "ten", "5 PB", "1e3", "12 MB extra"]) expect(parseMegabytes(bad), bad).toBeNull();
  });
});

describe("parseDays", () => {
  it("takes whole days only", () => {
    expect(parseDays(" 7 ")).toBe(7);
    for (const bad of ["", "1.5", "-2", "a week"]) expect(parseDays(bad), bad).toBeNull();
  });
});

describe("parseCacheForm", () => {
  const form = { memoryMb: "64", diskMb: "512", ttlDays: "7" };

  it("round-trips the saved numbers", () => {
    const numbers = { cache_memory_mb: 64, cache_disk_mb: 512, cache_ttl_days: 7 };
    expect(formFromSettings(numbers)).toEqual(form);
    expect(parseCacheForm(formFromSettings(numbers))).toEqual({ numbers });
  });

  it("converts a size typed in GB", () => {
    expect(parseCacheForm({ ...form, diskMb: "4 GB" })).toEqual({ numbers: { cache_memory_mb: 64, cache_disk_mb: 4096, cache_ttl_days: 7 } });
  });

  it("names every field outside what the core accepts", () => {
    expect(parseCacheForm({ memoryMb: "0", diskMb: "2 TB", ttlDays: "3651" })).toEqual({ bad: ["memoryMb", "diskMb", "ttlDays"] });
    expect(parseCacheForm({ ...form, memoryMb: "16 GB" })).toEqual({ numbers: { cache_memory_mb: 16_384, cache_disk_mb: 512, cache_ttl_days: 7 } });
    expect(parseCacheForm({ ...form, memoryMb: "16385" })).toEqual({ bad: ["memoryMb"] });
    expect(parseCacheForm({ ...form, ttlDays: "" })).toEqual({ bad: ["ttlDays"] });
  });
});

describe("fieldsOfError", () => {
  it("points a size or ttl error from the core at its fields", () => {
    expect(fieldsOfError("invalid_cache_size")).toEqual(["memoryMb", "diskMb"]);
    expect(fieldsOfError("invalid_cache_ttl")).toEqual(["ttlDays"]);
    expect(fieldsOfError("storage_failed")).toEqual([]);
  });
});

describe("sizeEcho", () => {
  it("says what a size comes to when that is not what was typed", () => {
    expect(sizeEcho("2 GB")).toBe("2,048 MB");
    expect(sizeEcho("1536")).toBe("1.5 GB");
    expect(sizeEcho("1048576")).toBe("1 TB");
    expect(sizeEcho("512")).toBeNull();
    expect(sizeEcho("nonsense")).toBeNull();
  });
});
