// Small documents for tests.
import type { NodeConfig, WorkflowDoc, WorkflowEdge, WorkflowNode } from "../../data/workflows";
import { edgeId } from "./graph/ids";
import { defaultPolicy, kindDef } from "./nodes/registry";

export function node(id: string, kind: NodeConfig["kind"], extra: Partial<WorkflowNode> = {}): WorkflowNode {
  return { id, title: "", position: { x: 0, y: 0 }, parent: null, config: kindDef(kind).defaults(), policy: defaultPolicy(), ...extra };
}

export function edge(source: string, target: string, port = "out"): WorkflowEdge {
  return { id: edgeId(source, port, target), source, source_port: port, target, target_port: "in" };
}

/** start → llm_1 → template_1 → end_1, plus a condition and an iteration with one child. */
export function sampleDoc(): WorkflowDoc {
  return {
    version: 1,
    nodes: [
      node("start", "start", { position: { x: 0, y: 0 } }),
      node("llm_1", "llm", { position: { x: 300, y: 0 }, config: { ...kindDef("llm").defaults(), user: "{{start.input}}" } }),
      node("template_1", "template", { position: { x: 600, y: 0 }, config: { kind: "template", template: "{{llm_1.text}}!" } }),
      node("condition_1", "condition", { position: { x: 600, y: 200 } }),
      node("iteration_1", "iteration", { position: { x: 900, y: 200 } }),
      node("template_2", "template", { position: { x: 40, y: 80 }, parent: "iteration_1", config: { kind: "template", template: "{{iteration_1.item}}" } }),
      node("end_1", "end", { position: { x: 900, y: 0 } }),
    ],
    edges: [edge("start", "llm_1"), edge("llm_1", "template_1"), edge("template_1", "end_1"), edge("llm_1", "condition_1"), edge("condition_1", "iteration_1", "if_1")],
  };
}

/** outer at (1000, 0) holds inner at (24, 64), which holds a template: outer's box is 1000–1408 × 0–288, inner's 1024–1384 × 64–264. */
export function nestedDoc(): WorkflowDoc {
  return {
    version: 1,
    nodes: [
      node("outer", "iteration", { position: { x: 1000, y: 0 } }),
      node("inner", "iteration", { position: { x: 24, y: 64 }, parent: "outer" }),
      node("deep", "template", { position: { x: 24, y: 64 }, parent: "inner" }),
    ],
    edges: [],
  };
}
