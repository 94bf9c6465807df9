// The node kinds. Adding one: a folder beside this file (defaults.ts, node.tsx, panel.tsx, index.ts) and one line
// in KINDS.
import type { NodeKind, NodePolicy, Position, WorkflowDoc, WorkflowNode } from "../../../data/workflows";
import { nextNodeId } from "../graph/ids";
import aggregate from "./aggregate";
import condition from "./condition";
import end from "./end";
import extract from "./extract";
import http from "./http";
import iteration from "./iteration";
import llm from "./llm";
import start from "./start";
import template from "./template";
import type { FieldProblem, KindDef } from "./types";

export const KINDS: { [K in NodeKind]: KindDef<K> } = {
  start,
  llm,
  template,
  condition,
  extract,
  http,
  iteration,
  aggregate,
  end,
};

/** In the palette's order. */
export const NODE_KINDS = Object.keys(KINDS) as NodeKind[];

export function kindDef<K extends NodeKind>(kind: K): KindDef<K> {
  return KINDS[kind] as KindDef<K>;
}

export function defaultPolicy(): NodePolicy {
  return { retry: { max_retries: 0, backoff_ms: 500, on: ["transport", "rate_limit", "server_error"] }, timeout_ms: null, on_error: "stop" };
}

/** A new node of `kind` with its default config and a fresh id. */
export function newNode(doc: WorkflowDoc, kind: NodeKind, position: Position, parent: string | null = null): WorkflowNode {
  const id = nextNodeId(new Set(doc.nodes.map((n) => n.id)), kind);
  return { id, title: "", position, parent, config: kindDef(kind).defaults(), policy: defaultPolicy() };
}

/** What `{{id.…}}` a node offers downstream; one that may fail without stopping the run also gives `error`. */
export function outputsOf(node: WorkflowNode): string[] {
  const def = KINDS[node.config.kind] as KindDef;
  const outputs = def.outputs(node.config as never);
  return node.policy.on_error === "stop" || node.config.kind === "end" ? outputs : [...outputs, "error"];
}

const checked = new WeakMap<WorkflowNode, FieldProblem[]>();

/** The node's own field problems (remembered per node object: an unchanged node is not checked again). */
export function fieldProblems(node: WorkflowNode): FieldProblem[] {
  let found = checked.get(node);
  if (!found) {
    const def = KINDS[node.config.kind] as KindDef;
    found = def.validate(node.config as never);
    checked.set(node, found);
  }
  return found;
}
