import { describe, expect, it } from "vitest";
import { diffEdges, syncEdges, syncNodes } from "./sync";
import { moveNodes } from "../graph/commands";
import { edge, sampleDoc } from "../testDocs";

describe("document → canvas", () => {
  it("keeps the flow object of every node the change did not touch, and the selection", () => {
    const doc = sampleDoc();
    const first = syncNodes([], doc).map((n) => (n.id === "llm_1" ? { ...n, selected: true, measured: { width: 220, height: 90 } } : n));
    const moved = moveNodes([{ id: "template_1", from: { x: 600, y: 0 }, to: { x: 650, y: 10 } }])!.do(doc);
    const next = syncNodes(first, moved);
    const byId = (list: typeof next, id: string) => list.find((n) => n.id === id)!;
    expect(byId(next, "start")).toBe(byId(first, "start"));
    expect(byId(next, "llm_1")).toBe(byId(first, "llm_1"));
    expect(byId(next, "template_1")).not.toBe(byId(first, "template_1"));
    expect(byId(next, "template_1").position).toEqual({ x: 650, y: 10 });
    // an iteration comes before the nodes inside it, with its size; a child names its parent
    const ids = next.map((n) => n.id);
    expect(ids.indexOf("iteration_1")).toBeLessThan(ids.indexOf("template_2"));
    expect(byId(next, "template_2").parentId).toBe("iteration_1");
    expect(byId(next, "iteration_1").width).toBeGreaterThan(0);
  });

  it("selects what it is told to (a paste) and nothing else", () => {
    const doc = sampleDoc();
    const first = syncNodes([], doc).map((n) => ({ ...n, selected: n.id === "start" }));
    const next = syncNodes(first, doc, new Set(["end_1"]));
    expect(next.filter((n) => n.selected).map((n) => n.id)).toEqual(["end_1"]);
  });

  it("maps edges to handles and keeps unchanged ones", () => {
    const doc = sampleDoc();
    const first = syncEdges([], doc);
    expect(first[4]).toMatchObject({ source: "condition_1", sourceHandle: "if_1", target: "iteration_1", targetHandle: "in" });
    expect(syncEdges(first, { ...doc })[0]).toBe(first[0]);
  });
});

describe("a diff on the canvas's edges", () => {
  it("colours the added edges and draws a removed one, faint and not selectable, where both its ends are", () => {
    const doc = sampleDoc();
    const edges = syncEdges([], doc);
    const nodes = syncNodes([], doc);
    expect(diffEdges(edges, {}, [], nodes)).toBe(edges); // no diff: the same edges, nothing re-rendered
    const added = doc.edges[0];
    const removed = edge("template_1", "condition_1");
    const orphan = edge("gone", "end_1");
    const shown = diffEdges(edges, { [added.id]: "added", [removed.id]: "removed" }, [removed, orphan], nodes);
    expect(shown.find((e) => e.id === added.id)!.className).toBe("wf-diff-added");
    const ghost = shown.find((e) => e.id === `removed:${removed.id}`)!;
    expect(ghost).toMatchObject({ className: "wf-diff-removed", selectable: false, source: "template_1", target: "condition_1" });
    expect(shown.some((e) => e.id.includes("gone"))).toBe(false);
    expect(shown).toHaveLength(edges.length + 1);
  });
});
