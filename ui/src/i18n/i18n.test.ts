import { describe, expect, it } from "vitest";
import en from "./en.json";
import zhCN from "./zh-CN.json";
import { pickLanguage } from "./index";

type Tree = { [key: string]: string | Tree };

function keys(tree: Tree, prefix = ""): string[] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === "string" ? [prefix + k] : keys(v, `${prefix}${k}.`)));
}

// i18next plural forms: `models_one`, `models_other`. Each language has the forms its grammar needs (Chinese only
// `_other`), so parity is between the keys with the form taken off, and every plural has its `_other`.
const PLURAL = /_(zero|one|two|few|many|other)$/;
const base = (key: string) => key.replace(PLURAL, "");
const bases = (tree: Tree) => [...new Set(keys(tree).map(base))].sort();
const plurals = (tree: Tree) => [...new Set(keys(tree).filter((k) => PLURAL.test(k)).map(base))].sort();

function placeholders(tree: Tree, key: string): string[] {
  const value = key.split(".").reduce<string | Tree>((node, part) => (node as Tree)[part], tree) as string;
  return [...value.matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort();
}

describe("translations", () => {
  it("zh-CN and en have exactly the same keys (plural forms aside)", () => {
    expect(bases(zhCN)).toEqual(bases(en));
  });

  it("a plural in one language is a plural in the other, and has its _other form in both", () => {
    expect(plurals(zhCN)).toEqual(plurals(en));
    for (const tree of [en, zhCN]) {
      const all = new Set(keys(tree));
      for (const p of plurals(tree)) {
        expect(all.has(`${p}_other`), p).toBe(true);
        expect(all.has(p), `${p} is also a plain key`).toBe(false);
      }
    }
  });

  it("every string uses the same placeholders in both languages", () => {
    for (const key of keys(en)) {
      const zhKey = PLURAL.test(key) ? `${base(key)}_other` : key;
      expect(placeholders(zhCN, zhKey), key).toEqual(placeholders(en, key));
    }
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
