// The font stacks in styles.css: Latin text is drawn by a Latin font, Chinese by a CJK font, in the UI and in code.
import { describe, expect, it } from "vitest";

// Read as files (vitest empties CSS imports, and the UI has no Node types).
const fs: { readFileSync: (path: URL, encoding: "utf8") => string } = await import(/* @vite-ignore */ `node:${"fs"}`);
const read = (path: string) => fs.readFileSync(new URL(path, import.meta.url), "utf8");
const css = read("../styles.css");
const workflowsCss = read("../features/workflows/workflows.css");

const stack = (name: string) =>
  (css.match(new RegExp(`${name}:([^;]+);`))?.[1] ?? "")
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .split(",")
    .map((f) => f.trim().replace(/^"|"$/g, ""))
    .filter(Boolean);
const isCjk = (font: string) => /CJK|SC$|GB$|YaHei|Hei|PingFang|Han Sans/i.test(font);

describe("font stacks", () => {
  it("the UI's lists Latin fonts (Noto Sans, DejaVu Sans, system-ui) before every CJK font, and ends generic", () => {
    const ui = stack("--font-ui");
    const firstCjk = ui.findIndex(isCjk);
    expect(firstCjk).toBeGreaterThan(0);
    for (const latin of ["Noto Sans", "DejaVu Sans", "system-ui"]) {
      expect(ui.indexOf(latin), latin).toBeGreaterThanOrEqual(0);
      expect(ui.indexOf(latin), latin).toBeLessThan(firstCjk);
    }
    expect(ui.slice(firstCjk).every((f) => isCjk(f) || f === "sans-serif")).toBe(true);
    expect(ui.at(-1)).toBe("sans-serif");
    expect(css).toMatch(/:root\s*{[^}]*font-family:\s*var\(--font-ui\)/);
  });

  it("code's falls back to a CJK monospace after the Latin ones, and ends generic", () => {
    const mono = stack("--font-mono");
    const firstCjk = mono.findIndex(isCjk);
    expect(mono).toContain("Noto Sans Mono CJK SC");
    expect(firstCjk).toBeGreaterThan(0);
    expect(mono.slice(0, firstCjk)).toContain("DejaVu Sans Mono");
    expect(mono.at(-1)).toBe("monospace");
  });

  it("every monospace rule uses that stack, none its own", () => {
    const own = [...`${css}\n${workflowsCss}`.matchAll(/font-family:([^;]+);/g)].map((m) => m[1].trim()).filter((f) => !f.startsWith("var(--font-"));
    expect(own).toEqual([]);
    expect(css).toMatch(/code, pre[^{]*{\s*font-family:\s*var\(--font-mono\)/);
  });
});
