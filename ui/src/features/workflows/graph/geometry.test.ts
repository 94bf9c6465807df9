import { describe, expect, it } from "vitest";
import { syncNodes } from "../canvas/sync";
import { nestedDoc } from "../testDocs";
import { withDescendants } from "./commands";
import { iterationAt, iterationBoxes, NODE_HEIGHT, NODE_WIDTH } from "./geometry";

const sizeOf = () => ({ width: NODE_WIDTH, height: NODE_HEIGHT });

describe("the iteration under a point", () => {
  it("is the innermost of nested iterations, the outer one around it, and none outside both", () => {
    const doc = nestedDoc();
    expect(iterationAt(doc, { x: 1100, y: 100 }, sizeOf)?.id).toBe("inner");
    expect(iterationAt(doc, { x: 1395, y: 280 }, sizeOf)?.id).toBe("outer");
    expect(iterationAt(doc, { x: 900, y: 100 }, sizeOf)).toBeNull();
    expect(iterationAt(doc, { x: Number.NaN, y: 0 }, sizeOf)).toBeNull();
  });

  it("is never one left out: a dragged iteration, nor one inside it", () => {
    const doc = nestedDoc();
    expect(iterationAt(doc, { x: 1100, y: 100 }, sizeOf, new Set(["inner"]))?.id).toBe("outer");
    expect(iterationAt(doc, { x: 1100, y: 100 }, sizeOf, withDescendants(doc, ["outer"]))).toBeNull();
  });

  it("is hit-tested with the box the canvas draws", () => {
    const doc = nestedDoc();
    const drawn = syncNodes([], doc);
    for (const box of iterationBoxes(doc, sizeOf)) {
      const flow = drawn.find((n) => n.id === box.node.id)!;
      expect(box.size).toEqual({ width: flow.width, height: flow.height });
    }
    expect(iterationBoxes(doc, sizeOf).map((b) => [b.node.id, b.at, b.depth])).toEqual([
      ["outer", { x: 1000, y: 0 }, 0],
      ["inner", { x: 1024, y: 64 }, 1],
    ]);
  });
});
