// What a diff marks on the canvas: each node added, changed or moved (a removed node is not on the canvas; the
// list says it), and each edge added or removed.
import type { DocDiff } from "../../../data/workflowHistory";

export type NodeMark = "added" | "changed" | "moved";
export type EdgeMark = "added" | "removed";
export type Highlight = { nodes: Record<string, NodeMark>; edges: Record<string, EdgeMark> };

export const NO_HIGHLIGHT: Highlight = { nodes: {}, edges: {} };

export function highlightOf(diff: DocDiff): Highlight {
  const nodes: Record<string, NodeMark> = {};
  for (const n of diff.nodes_added) nodes[n.id] = "added";
  // A node that moved and was edited shows as changed: the edit is what the person needs to look at.
  for (const c of diff.nodes_changed) nodes[c.node.id] = c.fields.length ? "changed" : "moved";
  const edges: Record<string, EdgeMark> = {};
  for (const e of diff.edges_added) edges[e.id] = "added";
  for (const e of diff.edges_removed) edges[e.id] = "removed";
  return { nodes, edges };
}

export const isEmptyDiff = (d: DocDiff) =>
  !d.nodes_added.length && !d.nodes_removed.length && !d.nodes_changed.length && !d.edges_added.length && !d.edges_removed.length;
