import { describe, expect, it } from "vitest";
import { layoutPositions } from "./layout";
import { autoLayout } from "./commands";
import { ITERATION_HEADER, ITERATION_PAD } from "./geometry";
import { sampleDoc } from "../testDocs";

describe("auto-layout", () => {
  it("lays the graph out left to right, the sub-graph inside its iteration, and is one undoable command", async () => {
    const doc = sampleDoc();
    const positions = await layoutPositions(doc, () => ({ width: 220, height: 80 }));
    expect(positions.size).toBe(doc.nodes.length);
    const x = (id: string) => positions.get(id)!.x;
    for (const e of doc.edges) expect(x(e.target), `${e.source} → ${e.target}`).toBeGreaterThan(x(e.source));
    const child = positions.get("template_2")!;
    expect(child.x).toBeGreaterThanOrEqual(ITERATION_PAD);
    expect(child.y).toBeGreaterThanOrEqual(ITERATION_HEADER);
    const command = autoLayout(doc, positions)!;
    expect(command.name).toBe("auto_layout");
    expect(command.undo(command.do(doc))).toEqual(doc);
  });
});
