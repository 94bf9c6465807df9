import { describe, expect, it } from "vitest";
import en from "./en.json";
import zhCN from "./zh-CN.json";
import { pickLanguage } from "./index";

type Tree = { [key: string]: string | Tree };

function keys(tree: Tree, prefix = ""): string[] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === "string" ? [prefix + k] : keys(v, `${prefix}${k}.`)));
}

function placeholders(tree: Tree, key: string): string[] {
  const value = key.split(".").reduce<string | Tree>((node, part) => (node as Tree)[part], tree) as string;
  return [...value.matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort();
}

describe("translations", () => {
  it("zh-CN and en have exactly the same keys", () => {
    expect(keys(zhCN).sort()).toEqual(keys(en).sort());
  });

  it("every string uses the same placeholders in both languages", () => {
    for (const key of keys(en)) expect(placeholders(zhCN, key), key).toEqual(placeholders(en, key));
  });

  it("no translation is left empty", () => {
    const value = (tree: Tree, key: string) => key.split(".").reduce<string | Tree>((n, p) => (n as Tree)[p], tree) as string;
    const empty = [...keys(en).map((k) => value(en, k)), ...keys(zhCN).map((k) => value(zhCN, k))].filter((v) => v.trim() === "");
    expect(empty).toEqual([]);
  });
});

describe("pickLanguage", () => {
  it("maps any Chinese variant to zh-CN and falls back to English", () => {
    expect(pickLanguage(["zh-TW", "en"])).toBe("zh-CN");
    expect(pickLanguage(["fr-FR", "en-GB"])).toBe("en");
    expect(pickLanguage(["de"])).toBe("en");
  });
});
