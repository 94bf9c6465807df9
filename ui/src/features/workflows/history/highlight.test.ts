import { describe, expect, it } from "vitest";
import { edge } from "../testDocs";
import { highlightOf, isEmptyDiff } from "./highlight";
import { historyShortcutFor } from "./shortcuts";
import { emptyDiff } from "./testHistory";

const ref = (id: string) => ({ id, kind: "llm", title: id });

describe("a diff on the canvas", () => {
  it("marks added, changed and moved nodes, and added and removed edges", () => {
    const h = highlightOf(
      emptyDiff({
        nodes_added: [ref("new")],
        nodes_removed: [ref("gone")],
        nodes_changed: [
          { node: ref("edited"), moved: null, fields: [{ path: "title", old: "a", new: "b", lines: [] }] },
          { node: ref("dragged"), moved: { from: { x: 0, y: 0 }, to: { x: 5, y: 5 } }, fields: [] },
          { node: ref("both"), moved: { from: { x: 0, y: 0 }, to: { x: 5, y: 5 } }, fields: [{ path: "title", old: "a", new: "b", lines: [] }] },
        ],
        edges_added: [edge("new", "edited")],
        edges_removed: [edge("gone", "edited")],
      }),
    );
    expect(h.nodes).toEqual({ new: "added", edited: "changed", dragged: "moved", both: "changed" });
    expect(h.edges).toEqual({ [edge("new", "edited").id]: "added", [edge("gone", "edited").id]: "removed" });
    expect(isEmptyDiff(emptyDiff())).toBe(true);
    expect(isEmptyDiff(emptyDiff({ nodes_removed: [ref("gone")] }))).toBe(false);
  });
});

describe("history shortcuts", () => {
  const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }> = {}, target: EventTarget | null = document.body) => ({
    key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, target, ...mods,
  });

  it("Ctrl+Shift+S commits and Ctrl+Shift+B opens the branches, Cmd on a Mac", () => {
    expect(historyShortcutFor(key("S", { ctrlKey: true, shiftKey: true }))).toBe("commit");
    expect(historyShortcutFor(key("s", { metaKey: true, shiftKey: true }))).toBe("commit");
    expect(historyShortcutFor(key("B", { ctrlKey: true, shiftKey: true }))).toBe("branches");
    expect(historyShortcutFor(key("s", { ctrlKey: true }))).toBeNull();
    expect(historyShortcutFor(key("S", { shiftKey: true }))).toBeNull();
    expect(historyShortcutFor(key("S", { ctrlKey: true, shiftKey: true, altKey: true }))).toBeNull();
  });

  it("never fires while typing in a field", () => {
    for (const tag of ["input", "textarea", "select"]) {
      expect(historyShortcutFor(key("S", { ctrlKey: true, shiftKey: true }, document.createElement(tag)))).toBeNull();
      expect(historyShortcutFor(key("B", { ctrlKey: true, shiftKey: true }, document.createElement(tag)))).toBeNull();
    }
  });
});
