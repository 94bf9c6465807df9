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

/** An iteration's box as the canvas draws it: its absolute position and size, and how deeply it is nested. */
export type IterationBox = { node: WorkflowNode; at: Position; size: Size; depth: number };

export function iterationBoxes(doc: WorkflowDoc, sizeOf: SizeOf): IterationBox[] {
  const sizes = iterationSizes(doc, sizeOf);
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const boxes: IterationBox[] = [];
  for (const n of doc.nodes) {
    const size = sizes.get(n.id);
    if (!size) continue;
    let depth = 0;
    for (let p = n.parent; p && depth < doc.nodes.length; p = byId.get(p)?.parent ?? null) depth++;
    boxes.push({ node: n, at: absolutePosition(doc, n), size, depth });
  }
  return boxes;
}

/** The innermost of the boxes holding the canvas point, leaving out the iterations named in `excluded`. */
export function innermostBoxAt(boxes: readonly IterationBox[], point: Position, excluded: ReadonlySet<string> = new Set()): IterationBox | null {
  if (!Number.isFinite(point.x) || !Number.isFinite(point.y)) return null;
  let best: IterationBox | null = null;
  for (const b of boxes) {
    if (excluded.has(b.node.id)) continue;
    if (point.x < b.at.x || point.y < b.at.y || point.x > b.at.x + b.size.width || point.y > b.at.y + b.size.height) continue;
    if (!best || b.depth > best.depth) best = b;
  }
  return best;
}

/** The innermost iteration whose box holds the canvas point, for a node dropped there (never one in `excluded`). */
export function iterationAt(doc: WorkflowDoc, point: Position, sizeOf: SizeOf, excluded?: ReadonlySet<string>): WorkflowNode | null {
  return innermostBoxAt(iterationBoxes(doc, sizeOf), point, excluded)?.node ?? null;
}
