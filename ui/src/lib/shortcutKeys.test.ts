import { describe, expect, it } from "vitest";
import { isMac, modLabel, shortcutLabel } from "./platform";
import { composing, isModKey } from "./shortcutKeys";

const press = (init: Partial<KeyboardEventInit & { keyCode: number }>) => new KeyboardEvent("keydown", init);

describe("the shortcuts' modifier", () => {
  it("is ⌘ on macOS and Ctrl elsewhere", () => {
    expect(isMac({ platform: "MacIntel", userAgent: "" })).toBe(true);
    expect(isMac({ platform: "", userAgent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit" })).toBe(true);
    expect(isMac({ platform: "Win32", userAgent: "Mozilla/5.0 (Windows NT 10.0)" })).toBe(false);
    expect(isMac({ platform: "Linux x86_64", userAgent: "Mozilla/5.0 (X11; Linux x86_64)" })).toBe(false);
    expect([modLabel(true), modLabel(false)]).toEqual(["⌘", "Ctrl"]);
    expect([shortcutLabel("K", true), shortcutLabel("K", false)]).toEqual(["⌘K", "Ctrl+K"]);
  });

  it("reads Ctrl+key off macOS and ⌘+key on it, never the other one", () => {
    const ctrlK = press({ key: "k", ctrlKey: true });
    const cmdK = press({ key: "k", metaKey: true });
    expect([isModKey(ctrlK, "k", false), isModKey(cmdK, "k", false)]).toEqual([true, false]);
    expect([isModKey(ctrlK, "k", true), isModKey(cmdK, "k", true)]).toEqual([false, true]);
    expect(isModKey(press({ key: "K", ctrlKey: true, shiftKey: true }), "k", false)).toBe(true); // caps lock, shift
    expect(isModKey(press({ key: "k", ctrlKey: true, altKey: true }), "k", false)).toBe(false);
    expect(isModKey(press({ key: "k" }), "k", false)).toBe(false);
  });

  it("never while an input method composes", () => {
    expect(composing(press({ key: "k", isComposing: true }))).toBe(true);
    expect(composing(press({ key: "Process", keyCode: 229 }))).toBe(true);
    expect(isModKey(press({ key: "k", ctrlKey: true, isComposing: true }), "k", false)).toBe(false);
    expect(isModKey(press({ key: "k", ctrlKey: true, keyCode: 229 }), "k", false)).toBe(false);
  });
});
