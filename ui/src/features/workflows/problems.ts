// The problems shown: the core's (validateWorkflow) and the editor's own field checks. The core's answer is about
// the draft it was sent; for a node changed since then, the editor's own checks stand in until the next answer.
import type { Problem, WorkflowDoc } from "../../data/workflows";
import { fieldProblems } from "./nodes/registry";
import { CLIENT_CODES, type ClientCode } from "./nodes/types";

export type ShownProblem = Omit<Problem, "code"> & { code: Problem["code"] | ClientCode };

export function clientProblems(doc: WorkflowDoc): ShownProblem[] {
  return doc.nodes.flatMap((n) => fieldProblems(n).map((p) => ({ ...p, node_id: n.id, edge_id: null, message: "" })));
}

const key = (p: ShownProblem) => `${p.code}|${p.node_id ?? ""}|${p.edge_id ?? ""}|${p.subject}`;
const clientOnly = new Set<string>(CLIENT_CODES);

/**
 * What to show for `doc`, given the core's problems for `validated` (an earlier or the same draft): per node the
 * core's problems while the node is as it was validated (plus checks only the editor makes), else the editor's own;
 * the document's and edges' problems from the core, for edges that still exist.
 */
export function shownProblems(core: readonly Problem[], validated: WorkflowDoc | null, doc: WorkflowDoc): ShownProblem[] {
  const then = new Map((validated?.nodes ?? []).map((n) => [n.id, n]));
  const edges = new Set(doc.edges.map((e) => e.id));
  const nodes = new Set(doc.nodes.map((n) => n.id));
  const unchanged = new Set(doc.nodes.filter((n) => then.get(n.id) === n).map((n) => n.id));
  const out: ShownProblem[] = [];
  const seen = new Set<string>();
  const push = (p: ShownProblem) => {
    const k = key(p);
    if (!seen.has(k)) (seen.add(k), out.push(p));
  };
  for (const p of core) {
    if (p.node_id) {
      if (unchanged.has(p.node_id)) push(p);
    } else if (!p.edge_id || edges.has(p.edge_id)) push(p);
  }
  for (const p of clientProblems(doc)) {
    if (!nodes.has(p.node_id!)) continue;
    if (!unchanged.has(p.node_id!) || clientOnly.has(p.code)) push(p);
  }
  return out;
}
