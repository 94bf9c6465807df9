// Which handles a node has: the document's ports, derived from its kind, branches and error policy.
import { ELSE_PORT, ERROR_PORT, IN_PORT, OUT_PORT, type WorkflowNode } from "../../../data/workflows";

/** Every node but Start has the one target handle `in`. */
export function hasInPort(node: WorkflowNode): boolean {
  return node.config.kind !== "start";
}

/** `out` (End: none), a Condition's branch ids then `else`, and `error` when the node's failures take an edge. */
export function sourcePorts(node: WorkflowNode): string[] {
  const { config } = node;
  if (config.kind === "end") return [];
  const ports = config.kind === "condition" ? [...config.branches.map((b) => b.id), ELSE_PORT] : [OUT_PORT];
  if (node.policy.on_error === "error_edge") ports.push(ERROR_PORT);
  return ports;
}

export function targetPorts(node: WorkflowNode): string[] {
  return hasInPort(node) ? [IN_PORT] : [];
}
