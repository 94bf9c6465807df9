// The problems shown: the core's (validateWorkflow) and the editor's own field checks, one list, without repeats.
import type { Problem, WorkflowDoc } from "../../data/workflows";
import { fieldProblems } from "./nodes/registry";
import type { ClientCode } from "./nodes/types";

export type ShownProblem = Omit<Problem, "code"> & { code: Problem["code"] | ClientCode };

export function clientProblems(doc: WorkflowDoc): ShownProblem[] {
  return doc.nodes.flatMap((n) => fieldProblems(n).map((p) => ({ ...p, node_id: n.id, edge_id: null, message: "" })));
}

/** The core's problems first, then the editor's own that the core did not also report. */
export function mergeProblems(core: readonly Problem[], client: readonly ShownProblem[]): ShownProblem[] {
  const key = (p: ShownProblem) => `${p.code}|${p.node_id ?? ""}|${p.edge_id ?? ""}|${p.subject}`;
  const seen = new Set(core.map(key));
  return [...core, ...client.filter((p) => !seen.has(key(p)))];
}

/** Only those about nodes and edges that still exist (the core's answer may be about an older draft). */
export function current(problems: readonly ShownProblem[], doc: WorkflowDoc): ShownProblem[] {
  const nodes = new Set(doc.nodes.map((n) => n.id));
  const edges = new Set(doc.edges.map((e) => e.id));
  return problems.filter((p) => (!p.node_id || nodes.has(p.node_id)) && (!p.edge_id || edges.has(p.edge_id)));
}
