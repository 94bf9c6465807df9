import { describe, expect, it } from "vitest";
import type { Command } from "./commands";
import { addNode, autoLayout, connect, deleteNodes, disconnect, editConfig, moveNodes, paste, rename } from "./commands";
import { EMPTY_HISTORY, record, redoStep, undoStep } from "./history";
import { pasteClip, copyNodes } from "./clipboard";
import { edge, node, sampleDoc } from "../testDocs";
import type { WorkflowDoc } from "../../../data/workflows";
import { roundTrip } from "./testCommands";

describe("graph commands", () => {
  it("add_node appends the node and undo removes it", () => {
    const doc = sampleDoc();
    const after = roundTrip(doc, addNode(node("http_1", "http")));
    expect(after.nodes.map((n) => n.id)).toContain("http_1");
    expect(after.nodes).toHaveLength(doc.nodes.length + 1);
  });

  it("delete_nodes removes nodes, their sub-graphs and touching edges, and undo puts each back at its index", () => {
    const doc = sampleDoc();
    const command = deleteNodes(doc, ["llm_1", "iteration_1"]);
    const after = roundTrip(doc, command);
    expect(after.nodes.map((n) => n.id)).toEqual(["start", "template_1", "condition_1", "end_1"]);
    expect(after.edges.map((e) => e.id)).toEqual([edge("template_1", "end_1").id]);
  });

  it("delete_nodes also removes selected edges that touch no deleted node", () => {
    const doc = sampleDoc();
    const after = roundTrip(doc, deleteNodes(doc, ["iteration_1"], [edge("template_1", "end_1").id]));
    expect(after.edges.some((e) => e.target === "end_1")).toBe(false);
  });

  it("move_nodes changes only the moved nodes' positions, keeping the other nodes' identity", () => {
    const doc = sampleDoc();
    const after = roundTrip(doc, moveNodes([{ id: "llm_1", from: { x: 300, y: 0 }, to: { x: 320, y: 40 } }]));
    expect(after.nodes[1].position).toEqual({ x: 320, y: 40 });
    expect(after.nodes[0]).toBe(doc.nodes[0]);
    expect(moveNodes([{ id: "llm_1", from: { x: 1, y: 1 }, to: { x: 1, y: 1 } }])).toBeNull();
  });

  it("connect adds an allowed edge and refuses one the rules refuse", () => {
    const doc = sampleDoc();
    const after = roundTrip(doc, connect(doc, { source: "condition_1", sourcePort: "else", target: "end_1" }));
    expect(after.edges.at(-1)).toMatchObject({ source: "condition_1", source_port: "else", target: "end_1", target_port: "in" });
    expect(connect(doc, { source: "end_1", sourcePort: "out", target: "llm_1" })).toBeNull();
  });

  it("disconnect removes edges and undo restores them in their places", () => {
    const doc = sampleDoc();
    const after = roundTrip(doc, disconnect(doc, [doc.edges[1].id, doc.edges[3].id]));
    expect(after.edges.map((e) => e.id)).toEqual([doc.edges[0].id, doc.edges[2].id, doc.edges[4].id]);
    expect(disconnect(doc, ["nope"])).toBeNull();
  });

  it("edit_config changes config and policy; edges from a port that goes away go with it and come back on undo", () => {
    const doc = sampleDoc();
    const condition = doc.nodes.find((n) => n.id === "condition_1")!;
    const config = condition.config.kind === "condition" ? { ...condition.config, branches: [] } : condition.config;
    const after = roundTrip(doc, editConfig(doc, "condition_1", { config }));
    expect(after.edges.some((e) => e.source === "condition_1" && e.source_port === "if_1")).toBe(false);

    const withErrorPort = roundTrip(doc, editConfig(doc, "llm_1", { policy: { ...doc.nodes[1].policy, on_error: "error_edge" } }, "policy"));
    expect(withErrorPort.nodes[1].policy.on_error).toBe("error_edge");
    expect(editConfig(doc, "llm_1", { config: { kind: "template", template: "" } })).toBeNull(); // a kind never changes
  });

  it("rename changes the title only", () => {
    const doc = sampleDoc();
    const after = roundTrip(doc, rename(doc, "llm_1", "Summarise"));
    expect(after.nodes[1].title).toBe("Summarise");
    expect(after.nodes[1].config).toBe(doc.nodes[1].config);
    expect(rename(doc, "llm_1", "")).toBeNull(); // unchanged
  });

  it("paste adds nodes and edges and undo removes exactly those", () => {
    const doc = sampleDoc();
    const clip = copyNodes(doc, ["llm_1", "template_1"])!;
    const pasted = pasteClip(doc, clip, { x: 40, y: 40 });
    const after = roundTrip(doc, paste(pasted.nodes, pasted.edges));
    expect(after.nodes).toHaveLength(doc.nodes.length + 2);
    expect(after.edges).toHaveLength(doc.edges.length + 1);
  });

  it("auto_layout moves every node to its laid-out position, and undo moves them back", () => {
    const doc = sampleDoc();
    const positions = new Map(doc.nodes.map((n, i) => [n.id, { x: i * 100, y: 7 }]));
    const after = roundTrip(doc, autoLayout(doc, positions));
    expect(after.nodes.map((n) => n.position)).toEqual(doc.nodes.map((_, i) => ({ x: i * 100, y: 7 })));
    expect(autoLayout(after, positions)).toBeNull(); // already there
  });

  it("a sequence of commands undone step by step gives back every earlier document", () => {
    let doc = sampleDoc();
    const docs = [doc];
    let history = EMPTY_HISTORY;
    const steps: ((d: WorkflowDoc) => Command | null)[] = [
      () => addNode(node("http_1", "http")),
      (d) => connect(d, { source: "template_1", sourcePort: "out", target: "http_1" }),
      (d) => rename(d, "http_1", "Fetch"),
      (d) => moveNodes([{ id: "http_1", from: d.nodes.at(-1)!.position, to: { x: 5, y: 5 } }]),
      (d) => deleteNodes(d, ["template_1"]),
    ];
    let now = 0;
    for (const make of steps) {
      const c = make(doc)!;
      doc = c.do(doc);
      history = record(history, c, (now += 5000));
      docs.push(doc);
    }
    for (let i = docs.length - 1; i > 0; i--) {
      const step = undoStep(history)!;
      doc = step.command.undo(doc);
      history = step.history;
      expect(doc).toEqual(docs[i - 1]);
    }
    expect(undoStep(history)).toBeNull();
    for (let i = 1; i < docs.length; i++) {
      const step = redoStep(history)!;
      doc = step.command.do(doc);
      history = step.history;
      expect(doc).toEqual(docs[i]);
    }
  });

  it("edits of one field in quick succession are one undo step; another field or a pause is another", () => {
    let doc = sampleDoc();
    let history = EMPTY_HISTORY;
    const type = (text: string, at: number, field = "template") => {
      const c = editConfig(doc, "template_1", { config: { kind: "template", template: text } }, field)!;
      doc = c.do(doc);
      history = record(history, c, at);
    };
    type("a", 1000);
    type("ab", 1200);
    type("abc", 1400);
    expect(history.past).toHaveLength(1);
    type("abcd", 5000); // after a pause
    expect(history.past).toHaveLength(2);
    const first = history.past[0];
    expect(first.undo(first.do(sampleDoc()))).toEqual(sampleDoc());
    expect(first.do(sampleDoc()).nodes[2].config).toEqual({ kind: "template", template: "abc" });
    // redo is gone after a new command
    const undone = undoStep(history)!;
    history = record(undone.history, rename(doc, "llm_1", "x")!, 9000);
    expect(history.future).toHaveLength(0);
  });
});
