// Sizes the canvas draws with, and positions: a node inside an iteration is placed relative to it (as React Flow
// places a child node), so moving the iteration moves its sub-graph.
import type { Position, WorkflowDoc, WorkflowNode } from "../../../data/workflows";

export const NODE_WIDTH = 220;
export const NODE_HEIGHT = 76;
/** Room inside an iteration around its sub-graph, and for its header above it. */
export const ITERATION_PAD = 24;
export const ITERATION_HEADER = 64;
export const ITERATION_MIN = { width: 360, height: 200 };

export type Size = { width: number; height: number };
export type SizeOf = (node: WorkflowNode) => Size;

/** A node's position on the canvas, adding up its parents' positions. */
export function absolutePosition(doc: WorkflowDoc, node: WorkflowNode): Position {
  let { x, y } = node.position;
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  let parent = node.parent ? byId.get(node.parent) : undefined;
  const seen = new Set<string>();
  while (parent && !seen.has(parent.id)) {
    seen.add(parent.id);
    x += parent.position.x;
    y += parent.position.y;
    parent = parent.parent ? byId.get(parent.parent) : undefined;
  }
  return { x, y };
}

/** Each iteration's size: its children's extent plus padding, never smaller than ITERATION_MIN (innermost first). */
export function iterationSizes(doc: WorkflowDoc, sizeOf: SizeOf): Map<string, Size> {
  const sizes = new Map<string, Size>();
  const iterations = doc.nodes.filter((n) => n.config.kind === "iteration");
  if (!iterations.length) return sizes;
  const children = new Map<string, WorkflowNode[]>();
  for (const n of doc.nodes) if (n.parent) children.set(n.parent, [...(children.get(n.parent) ?? []), n]);
  const sizeOfAny = (n: WorkflowNode): Size => (n.config.kind === "iteration" ? measure(n) : sizeOf(n));
  const visiting = new Set<string>();
  function measure(it: WorkflowNode): Size {
    const known = sizes.get(it.id);
    if (known) return known;
    if (visiting.has(it.id)) return ITERATION_MIN;
    visiting.add(it.id);
    let width = ITERATION_MIN.width;
    let height = ITERATION_MIN.height;
    for (const c of children.get(it.id) ?? []) {
      const s = sizeOfAny(c);
      width = Math.max(width, c.position.x + s.width + ITERATION_PAD);
      height = Math.max(height, c.position.y + s.height + ITERATION_PAD);
    }
    const size = { width, height };
    sizes.set(it.id, size);
    return size;
  }
  for (const it of iterations) measure(it);
  return sizes;
}

/** The innermost iteration whose box holds the canvas point, for a node dropped there. */
export function iterationAt(doc: WorkflowDoc, point: Position, sizeOf: SizeOf): WorkflowNode | null {
  if (!Number.isFinite(point.x) || !Number.isFinite(point.y)) return null;
  const sizes = iterationSizes(doc, sizeOf);
  let best: { node: WorkflowNode; depth: number } | null = null;
  for (const n of doc.nodes) {
    const size = sizes.get(n.id);
    if (!size) continue;
    const at = absolutePosition(doc, n);
    if (point.x < at.x || point.y < at.y || point.x > at.x + size.width || point.y > at.y + size.height) continue;
    let depth = 0;
    for (let p = n.parent; p; p = doc.nodes.find((x) => x.id === p)?.parent ?? null) depth++;
    if (!best || depth > best.depth) best = { node: n, depth };
  }
  return best?.node ?? null;
}
