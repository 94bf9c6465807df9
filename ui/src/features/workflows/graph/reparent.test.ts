import { describe, expect, it } from "vitest";
import type { Position, WorkflowDoc } from "../../../data/workflows";
import { edge, nestedDoc, node, sampleDoc } from "../testDocs";
import { NODE_HEIGHT, NODE_WIDTH } from "./geometry";
import { EMPTY_HISTORY, record, undoStep } from "./history";
import { dropNodes, dropTargets, reparent, type Dropped } from "./reparent";
import { roundTrip } from "./testCommands";

const sizeOf = () => ({ width: NODE_WIDTH, height: NODE_HEIGHT });

/**
 * sampleDoc, with a second node in iteration_1 (template_2 → http_in; its box is 900–1260 × 200–420) and a second,
 * wider iteration below (its box 0–844 × 600–1000).
 */
function twoIterations(): WorkflowDoc {
  const d = sampleDoc();
  return {
    ...d,
    nodes: [
      ...d.nodes,
      node("http_in", "http", { position: { x: 24, y: 120 }, parent: "iteration_1" }),
      node("iteration_2", "iteration", { position: { x: 0, y: 600 } }),
      node("wide", "template", { position: { x: 600, y: 300 }, parent: "iteration_2" }),
    ],
    edges: [...d.edges, edge("template_2", "http_in")],
  };
}

/** Where a drag left a node: `to` is relative to the parent it had. */
const at = (id: string, to: Position): Dropped => ({ id, position: to });
/** The dragged nodes moved by the same amount, as a drag moves a selection. */
const draggedBy = (doc: WorkflowDoc, ids: string[], dx: number, dy: number): Dropped[] =>
  ids.map((id) => {
    const n = doc.nodes.find((x) => x.id === id)!;
    return at(id, { x: n.position.x + dx, y: n.position.y + dy });
  });
const find = (doc: WorkflowDoc, id: string) => doc.nodes.find((n) => n.id === id)!;
const edgeIds = (doc: WorkflowDoc) => doc.edges.map((e) => e.id);

describe("dropping dragged nodes", () => {
  it("into an iteration: the node becomes its child, placed relative to it, and its edges outside go", () => {
    const doc = twoIterations();
    const drop = dropNodes(doc, [at("llm_1", { x: 1000, y: 280 })], sizeOf)!;
    expect(drop.command.name).toBe("reparent");
    const after = roundTrip(doc, drop.command);
    expect(find(after, "llm_1")).toMatchObject({ parent: "iteration_1", position: { x: 100, y: 80 } });
    expect(drop.edgesRemoved).toBe(3);
    expect(edgeIds(after)).toEqual([edge("template_1", "end_1").id, edge("condition_1", "iteration_1", "if_1").id, edge("template_2", "http_in").id]);
    expect(after.nodes.map((n) => n.id)).toEqual(doc.nodes.map((n) => n.id)); // the order is kept
  });

  it("out of an iteration onto the top level: the position becomes absolute", () => {
    const doc = twoIterations();
    // template_2 sits at (40, 80) in iteration_1 at (900, 200); dragged 540 left, it is at (400, 280) on the canvas
    const drop = dropNodes(doc, [at("template_2", { x: -500, y: 80 })], sizeOf)!;
    const after = roundTrip(doc, drop.command);
    expect(find(after, "template_2")).toMatchObject({ parent: null, position: { x: 400, y: 280 } });
    expect(drop.edgesRemoved).toBe(1);
    expect(edgeIds(after)).not.toContain(edge("template_2", "http_in").id);
  });

  it("from one iteration into another", () => {
    const doc = twoIterations();
    // to (50, 700) on the canvas: inside iteration_2 at (0, 600)
    const drop = dropNodes(doc, [at("template_2", { x: -850, y: 500 })], sizeOf)!;
    const after = roundTrip(doc, drop.command);
    expect(find(after, "template_2")).toMatchObject({ parent: "iteration_2", position: { x: 50, y: 100 } });
    expect(drop.edgesRemoved).toBe(1);
  });

  it("an iteration dropped into another takes its sub-graph and the edges inside it along", () => {
    const doc = twoIterations();
    const drop = dropNodes(doc, [at("iteration_1", { x: 100, y: 700 })], sizeOf)!;
    const after = roundTrip(doc, drop.command);
    expect(find(after, "iteration_1")).toMatchObject({ parent: "iteration_2", position: { x: 100, y: 100 } });
    expect(find(after, "template_2")).toEqual(find(doc, "template_2"));
    expect(edgeIds(after)).toContain(edge("template_2", "http_in").id);
    expect(edgeIds(after)).not.toContain(edge("condition_1", "iteration_1", "if_1").id);
  });

  it("a selection dropped into an iteration keeps its shape and the edges among its nodes, shifted clear of the header", () => {
    const doc = twoIterations();
    // llm_1 (300, 0) and template_1 (600, 0) to (10, 610) and (310, 610): 10 px into iteration_2, over its header
    const drop = dropNodes(doc, draggedBy(doc, ["llm_1", "template_1"], -290, 610), sizeOf)!;
    const after = roundTrip(doc, drop.command);
    expect(find(after, "llm_1")).toMatchObject({ parent: "iteration_2", position: { x: 24, y: 64 } });
    expect(find(after, "template_1")).toMatchObject({ parent: "iteration_2", position: { x: 324, y: 64 } });
    expect(edgeIds(after)).toContain(edge("llm_1", "template_1").id);
    expect(drop.edgesRemoved).toBe(3); // start → llm_1, template_1 → end_1, llm_1 → condition_1
  });

  it("each node of a selection lands where its centre is, and the whole drop is one undo step", () => {
    const doc = twoIterations();
    // llm_1's centre lands in iteration_1, template_1's to the right of it
    const drop = dropNodes(doc, draggedBy(doc, ["llm_1", "template_1"], 620, 250), sizeOf)!;
    const after = roundTrip(doc, drop.command);
    expect(find(after, "llm_1")).toMatchObject({ parent: "iteration_1", position: { x: 24, y: 64 } });
    expect(find(after, "template_1")).toMatchObject({ parent: null, position: { x: 1220, y: 250 } });
    expect(edgeIds(after)).not.toContain(edge("llm_1", "template_1").id);
    const step = undoStep(record(EMPTY_HISTORY, drop.command, 1))!;
    expect(step.command.undo(after)).toEqual(doc);
    expect(step.history.past).toEqual([]);
  });

  it("within the node's own iteration is a plain move, kept clear of the header", () => {
    const doc = twoIterations();
    const drop = dropNodes(doc, [at("template_2", { x: 60, y: 10 })], sizeOf)!;
    expect(drop).toMatchObject({ command: { name: "move_nodes" }, edgesRemoved: 0 });
    expect(find(roundTrip(doc, drop.command), "template_2")).toMatchObject({ parent: "iteration_1", position: { x: 60, y: 64 } });
    expect(dropNodes(doc, [at("llm_1", { x: 300, y: 0 })], sizeOf)).toBeNull(); // back where it was
  });

  it("a node carried along with its iteration keeps its parent", () => {
    const doc = twoIterations();
    // iteration_1 dragged onto empty canvas; template_2, dragged with it, keeps its place inside it
    const drop = dropNodes(doc, [at("iteration_1", { x: 300, y: 200 }), at("template_2", { x: 40, y: 80 })], sizeOf)!;
    expect(drop.command.name).toBe("move_nodes");
    const after = drop.command.do(doc);
    expect(find(after, "template_2")).toEqual(find(doc, "template_2"));
    expect(find(after, "iteration_1")).toMatchObject({ parent: null, position: { x: 300, y: 200 } });
  });

  it("never puts an iteration inside itself or one of its own", () => {
    const doc = nestedDoc();
    // outer moved so its centre is where inner was drawn: inner moves with it, so outer stays on the top level
    const drop = dropNodes(doc, [at("outer", { x: 1100, y: 100 })], sizeOf)!;
    expect(drop.command.name).toBe("move_nodes");
    expect(find(drop.command.do(doc), "outer").parent).toBeNull();
  });

  it("keeps Start and End on the top level", () => {
    const doc = twoIterations();
    const drop = dropNodes(doc, [at("end_1", { x: 1000, y: 280 })], sizeOf)!;
    expect(drop.command.name).toBe("move_nodes");
    expect(find(drop.command.do(doc), "end_1").parent).toBeNull();
  });
});

describe("the iterations shown as drop targets while dragging", () => {
  it("are those a node would go into, not the one it is already in", () => {
    const doc = twoIterations();
    expect(dropTargets(doc, [at("llm_1", { x: 1000, y: 280 })], sizeOf)).toEqual(["iteration_1"]);
    expect(dropTargets(doc, [at("template_2", { x: 60, y: 90 })], sizeOf)).toEqual([]);
    expect(dropTargets(doc, draggedBy(doc, ["llm_1", "template_1", "template_2"], -290, 610), sizeOf)).toEqual(["iteration_2"]);
  });
});

describe("the reparent command", () => {
  it("is null when no parent changes", () => {
    const doc = sampleDoc();
    expect(reparent(doc, [{ id: "llm_1", parent: null, position: { x: 5, y: 5 } }])).toBeNull();
  });

  it("moves several nodes between levels at once and undo gives back the exact document", () => {
    const doc = twoIterations();
    const drop = reparent(doc, [
      { id: "template_2", parent: null, position: { x: 940, y: 280 } },
      { id: "http_in", parent: "iteration_2", position: { x: 24, y: 64 } },
      { id: "condition_1", parent: "iteration_1", position: { x: 24, y: 64 } },
    ])!;
    const after = roundTrip(doc, drop.command);
    expect([find(after, "template_2").parent, find(after, "http_in").parent, find(after, "condition_1").parent]).toEqual([null, "iteration_2", "iteration_1"]);
    // llm_1 → condition_1 and condition_1 → iteration_1 now cross a border, and so does template_2 → http_in
    expect(drop.edgesRemoved).toBe(3);
    expect(edgeIds(after)).toEqual([edge("start", "llm_1").id, edge("llm_1", "template_1").id, edge("template_1", "end_1").id]);
  });
});
