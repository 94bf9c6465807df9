import { describe, expect, it } from "vitest";
import { shortcutFor } from "./shortcuts";

const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }> = {}, target: EventTarget | null = document.body) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  target,
  ...mods,
});

describe("keyboard shortcuts", () => {
  it("maps the editor's keys", () => {
    expect(shortcutFor(key("Delete"))).toBe("delete");
    expect(shortcutFor(key("Backspace"))).toBe("delete");
    expect(shortcutFor(key("z", { ctrlKey: true }))).toBe("undo");
    expect(shortcutFor(key("z", { metaKey: true }))).toBe("undo");
    expect(shortcutFor(key("Z", { metaKey: true, shiftKey: true }))).toBe("redo");
    expect(shortcutFor(key("Z", { ctrlKey: true, shiftKey: true }))).toBe("redo");
    expect(shortcutFor(key("y", { ctrlKey: true }))).toBe("redo");
    expect(shortcutFor(key("c", { ctrlKey: true }))).toBe("copy");
    expect(shortcutFor(key("v", { metaKey: true }))).toBe("paste");
    expect(shortcutFor(key("a", { ctrlKey: true }))).toBe("select_all");
    expect(shortcutFor(key("a"))).toBeNull();
    expect(shortcutFor(key("c", { ctrlKey: true, altKey: true }))).toBeNull();
  });

  it("does nothing while typing in a field", () => {
    for (const tag of ["input", "textarea", "select"]) {
      const el = document.createElement(tag);
      expect(shortcutFor(key("Backspace", {}, el))).toBeNull();
      expect(shortcutFor(key("z", { ctrlKey: true }, el))).toBeNull();
      expect(shortcutFor(key("a", { ctrlKey: true }, el))).toBeNull();
    }
  });
});
