// What may be connected to what. The canvas asks while a connection is dragged (isValidConnection) and the connect
// command asks again, so no edge the core would refuse as `bad_edge` or `cycle` is ever drawn.
import { IN_PORT, type WorkflowDoc, type WorkflowEdge } from "../../../data/workflows";
import { sourcePorts, targetPorts } from "./ports";

export type Connection = { source: string; sourcePort: string; target: string; targetPort?: string | null };

export type Refusal =
  | "unknown_node"
  | "into_start"
  | "out_of_end"
  | "self_loop"
  | "unknown_port"
  | "duplicate"
  | "cycle"
  | "crosses_iteration";
export const REFUSALS: Refusal[] = ["unknown_node", "into_start", "out_of_end", "self_loop", "unknown_port", "duplicate", "cycle", "crosses_iteration"];

/** Whether `to` can be reached from `from` along edges. */
export function reaches(edges: readonly WorkflowEdge[], from: string, to: string): boolean {
  const next = new Map<string, string[]>();
  for (const e of edges) {
    const list = next.get(e.source);
    if (list) list.push(e.target);
    else next.set(e.source, [e.target]);
  }
  const seen = new Set<string>([from]);
  const stack = [from];
  while (stack.length) {
    const at = stack.pop()!;
    if (at === to) return true;
    for (const n of next.get(at) ?? []) {
      if (!seen.has(n)) {
        seen.add(n);
        stack.push(n);
      }
    }
  }
  return false;
}

/** Why this connection may not be made, or null when it may. */
export function refusal(doc: WorkflowDoc, c: Connection): Refusal | null {
  const source = doc.nodes.find((n) => n.id === c.source);
  const target = doc.nodes.find((n) => n.id === c.target);
  if (!source || !target) return "unknown_node";
  if (target.config.kind === "start") return "into_start";
  if (source.config.kind === "end") return "out_of_end";
  if (source.id === target.id) return "self_loop";
  const targetPort = c.targetPort || IN_PORT;
  if (!sourcePorts(source).includes(c.sourcePort) || !targetPorts(target).includes(targetPort)) return "unknown_port";
  if ((source.parent ?? null) !== (target.parent ?? null)) return "crosses_iteration";
  if (doc.edges.some((e) => e.source === c.source && e.source_port === c.sourcePort && e.target === c.target)) return "duplicate";
  if (reaches(doc.edges, target.id, source.id)) return "cycle";
  return null;
}
