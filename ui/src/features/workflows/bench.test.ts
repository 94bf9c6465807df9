// The benchmark's 500-node document (bench/workflow-canvas/generate.mjs) is one the editor takes as valid, and one
// edit of it re-renders one node.
import { describe, expect, it } from "vitest";
import type { WorkflowDoc } from "../../data/workflows";
import { syncEdges, syncNodes } from "./canvas/sync";
import { moveNodes } from "./graph/commands";
import { refusal } from "./graph/rules";
import { upstreamVars } from "./graph/vars";
import { clientProblems } from "./problems";
import { makeDoc } from "../../../../bench/workflow-canvas/doc.mjs";

describe("the canvas benchmark's document", () => {
  const doc: WorkflowDoc = makeDoc().doc;

  it("has 500 nodes and 700 edges, each edge one the editor would draw", () => {
    expect(doc.nodes).toHaveLength(500);
    expect(doc.edges).toHaveLength(700);
    let built: WorkflowDoc = { ...doc, edges: [] };
    for (const e of doc.edges) {
      expect(refusal(built, { source: e.source, sourcePort: e.source_port, target: e.target, targetPort: e.target_port }), e.id).toBeNull();
      built = { ...built, edges: [...built.edges, e] };
    }
    const reached = new Set(doc.edges.map((e) => e.target));
    expect(doc.nodes.filter((n) => n.config.kind !== "start" && !reached.has(n.id))).toEqual([]);
  });

  it("has no field problems and names only variables upstream of each node", () => {
    expect(clientProblems(doc)).toEqual([]);
    for (const n of doc.nodes) {
      const text = JSON.stringify(n.config);
      const named = [...text.matchAll(/\{\{([\w-]+\.[\w-]+)\}\}/g)].map((m) => m[1]);
      const visible = new Set(upstreamVars(doc, n.id).map((v) => v.ref));
      for (const ref of named) expect(visible.has(ref), `${n.id} names ${ref}`).toBe(true);
    }
  });

  it("moving one node gives React Flow one new node object; the other 499 and every edge stay the same objects", () => {
    const nodes = syncNodes([], doc);
    const edges = syncEdges([], doc);
    const target = doc.nodes[250];
    const moved = moveNodes([{ id: target.id, from: target.position, to: { x: target.position.x + 10, y: target.position.y } }])!.do(doc);
    const next = syncNodes(nodes, moved);
    expect(next.filter((n, i) => n !== nodes[i]).map((n) => n.id)).toEqual([target.id]);
    expect(syncEdges(edges, moved).every((e, i) => e === edges[i])).toBe(true);
  });
});
