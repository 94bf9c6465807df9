// public/theme-init.js paints the theme before the app loads; index.html gives the page the matching background.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyTheme, savedTheme } from "./theme";

// Read as files (vitest empties CSS imports, and the UI has no Node types).
const fs: { readFileSync: (path: URL, encoding: "utf8") => string } = await import(/* @vite-ignore */ `node:${"fs"}`);
const read = (path: string) => fs.readFileSync(new URL(path, import.meta.url), "utf8");
const script = read("../../public/theme-init.js");
const html = read("../../index.html");
const css = read("../styles.css");

let systemDark = false;
const runInit = () => {
  delete document.documentElement.dataset.theme;
  new Function(script)();
  return document.documentElement.dataset.theme;
};

describe("the theme at start, before the app loads", () => {
  beforeEach(() => {
    localStorage.clear();
    systemDark = false;
    window.matchMedia = ((query: string) => ({ matches: query.includes("dark") && systemDark, media: query })) as never;
  });
  afterEach(() => localStorage.clear());

  it("follows the system when nothing was saved or the choice is to follow it", () => {
    expect(runInit()).toBe("light");
    systemDark = true;
    expect(runInit()).toBe("dark");
    applyTheme("system");
    expect(runInit()).toBe("dark");
  });

  it("is the choice the app applied last, whatever the system prefers", () => {
    applyTheme("dark");
    expect(runInit()).toBe("dark");
    systemDark = true;
    applyTheme("light");
    expect(runInit()).toBe("light");
    expect(savedTheme()).toBe("light");
  });

  it("ignores a stored value it does not know", () => {
    localStorage.setItem("switchyard.theme", "sepia");
    systemDark = true;
    expect(runInit()).toBe("dark");
    expect(savedTheme()).toBe("system");
  });
});

describe("index.html", () => {
  const bg = (selector: RegExp) => css.match(selector)?.[1].match(/--bg:\s*(#[0-9a-f]+)/i)?.[1];

  it("runs the theme script in the head, before the app's module", () => {
    const head = html.slice(0, html.indexOf("</head>"));
    expect(head).toMatch(/<script src="\/theme-init.js"><\/script>/);
    expect(html.indexOf("/theme-init.js")).toBeLessThan(html.indexOf("/src/main.tsx"));
  });

  it("paints the page in each theme's background before styles.css loads", () => {
    const light = bg(/:root\s*{([^}]*)}/);
    const dark = bg(/:root\[data-theme="dark"\]\s*{([^}]*)}/);
    expect(light && dark).toBeTruthy();
    const style = html.match(/<style>([\s\S]*?)<\/style>/)?.[1] ?? "";
    expect(style.match(/html, body\s*{[^}]*background:\s*(#[0-9a-f]+)/i)?.[1]).toBe(light);
    expect(style.match(/html\[data-theme="dark"\][^{]*{[^}]*background:\s*(#[0-9a-f]+)/i)?.[1]).toBe(dark);
  });
});
