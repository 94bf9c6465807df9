// The variables a node may name: the outputs of every node upstream of it in its own sub-graph, and, inside an
// iteration, the iteration's item and index and whatever is upstream of the iteration itself.
import type { WorkflowDoc, WorkflowNode } from "../../../data/workflows";
import { ITEM_OUTPUTS } from "../nodes/iteration/defaults";
import { outputsOf } from "../nodes/registry";
import type { Var } from "../panels/fields";

/** Node ids with a path of edges to `id` (not counting itself). */
export function ancestors(doc: WorkflowDoc, id: string): Set<string> {
  const into = new Map<string, string[]>();
  for (const e of doc.edges) into.set(e.target, [...(into.get(e.target) ?? []), e.source]);
  const seen = new Set<string>();
  const stack = [id];
  while (stack.length) {
    for (const s of into.get(stack.pop()!) ?? []) {
      if (!seen.has(s) && s !== id) {
        seen.add(s);
        stack.push(s);
      }
    }
  }
  return seen;
}

function varsOf(node: WorkflowNode, outputs: string[]): Var[] {
  const name = node.title || node.id;
  return outputs.map((output) => ({ ref: `${node.id}.${output}`, nodeId: node.id, output, label: `${name} · ${output}` }));
}

export function upstreamVars(doc: WorkflowDoc, nodeId: string): Var[] {
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const out: Var[] = [];
  const seenScopes = new Set<string>();
  let at = byId.get(nodeId);
  while (at && !seenScopes.has(at.id)) {
    seenScopes.add(at.id);
    const up = ancestors(doc, at.id);
    for (const n of doc.nodes) if (up.has(n.id)) out.push(...varsOf(n, outputsOf(n)));
    const parent = at.parent ? byId.get(at.parent) : undefined;
    if (parent) out.unshift(...varsOf(parent, ITEM_OUTPUTS));
    at = parent;
  }
  return out;
}

/** The outputs of the nodes inside an iteration's sub-graph (direct children). */
export function innerVars(doc: WorkflowDoc, iterationId: string): Var[] {
  return doc.nodes.filter((n) => n.parent === iterationId).flatMap((n) => varsOf(n, outputsOf(n)));
}
