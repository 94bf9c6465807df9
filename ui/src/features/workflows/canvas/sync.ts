// The document as React Flow nodes and edges. A node or edge whose document object is unchanged keeps its flow
// object (and so is not re-rendered); selection and measured size, canvas-only, carry over from the last ones.
import type { Edge } from "@xyflow/react";
import { ERROR_PORT, type WorkflowDoc, type WorkflowEdge, type WorkflowNode } from "../../../data/workflows";
import type { EdgeMark } from "../history/highlight";
import { iterationSizes, NODE_HEIGHT, NODE_WIDTH, type Size } from "../graph/geometry";
import type { FlowNode } from "../nodes/types";

export type FlowEdge = Edge<{ edge: WorkflowEdge }>;

function depthOf(node: WorkflowNode, byId: Map<string, WorkflowNode>): number {
  let d = 0;
  for (let p = node.parent; p && d < 64; p = byId.get(p)?.parent ?? null) d++;
  return d;
}

/** The flow nodes for `doc`, reusing `prev`'s objects where nothing changed. `select`: ids to select instead. */
export function syncNodes(prev: readonly FlowNode[], doc: WorkflowDoc, select?: ReadonlySet<string>): FlowNode[] {
  const old = new Map(prev.map((n) => [n.id, n]));
  const sizeOf = (n: WorkflowNode): Size => {
    const m = old.get(n.id)?.measured;
    return { width: m?.width ?? NODE_WIDTH, height: m?.height ?? NODE_HEIGHT };
  };
  const sizes = iterationSizes(doc, sizeOf);
  let nodes = doc.nodes;
  if (nodes.some((n) => n.parent)) {
    // React Flow wants an iteration before the nodes inside it.
    const byId = new Map(nodes.map((n) => [n.id, n]));
    nodes = [...nodes].sort((a, b) => depthOf(a, byId) - depthOf(b, byId));
  }
  return nodes.map((n) => {
    const p = old.get(n.id);
    const size = sizes.get(n.id);
    const selected = select ? select.has(n.id) : p?.selected ?? false;
    if (p && p.data.node === n && p.selected === selected && p.width === size?.width && p.height === size?.height) return p;
    const flow: FlowNode = {
      id: n.id,
      type: n.config.kind,
      position: n.position,
      data: { node: n },
      selected,
      ...(n.parent ? { parentId: n.parent } : {}),
      ...(size ? { width: size.width, height: size.height, style: { width: size.width, height: size.height } } : {}),
      // Until React Flow has measured a node (one not rendered yet), fitting the view and the minimap use this.
      ...(size ? {} : { initialWidth: NODE_WIDTH, initialHeight: NODE_HEIGHT }),
      ...(p?.measured ? { measured: p.measured } : {}),
    };
    return flow;
  });
}

export function syncEdges(prev: readonly FlowEdge[], doc: WorkflowDoc, select?: ReadonlySet<string>): FlowEdge[] {
  const old = new Map(prev.map((e) => [e.id, e]));
  return doc.edges.map((e) => {
    const p = old.get(e.id);
    const selected = select ? select.has(e.id) : p?.selected ?? false;
    if (p && p.data?.edge === e && p.selected === selected) return p;
    return {
      id: e.id,
      source: e.source,
      target: e.target,
      sourceHandle: e.source_port,
      targetHandle: e.target_port,
      data: { edge: e },
      selected,
      ...(e.source_port === ERROR_PORT ? { className: "wf-edge-error" } : {}),
    };
  });
}

/** The edges with a diff's marks as classes, and its removed edges, faint and not selectable, where both ends are. */
export function diffEdges(edges: FlowEdge[], marks: Record<string, EdgeMark>, removed: readonly WorkflowEdge[], nodes: readonly { id: string }[]): FlowEdge[] {
  if (!Object.keys(marks).length && !removed.length) return edges;
  const marked = edges.map((e) => (marks[e.id] === "added" ? { ...e, className: `${e.className ?? ""} wf-diff-added`.trim() } : e));
  const here = new Set(nodes.map((n) => n.id));
  const present = new Set(edges.map((e) => e.id));
  const ghosts: FlowEdge[] = removed
    .filter((e) => !present.has(e.id) && here.has(e.source) && here.has(e.target))
    .map((e) => ({ id: `removed:${e.id}`, source: e.source, target: e.target, sourceHandle: e.source_port, targetHandle: e.target_port, data: { edge: e }, className: "wf-diff-removed", selectable: false, deletable: false, focusable: false }));
  return [...marked, ...ghosts];
}
