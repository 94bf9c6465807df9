// Dropping dragged nodes: each lands in the innermost iteration under its centre, or on the top level. A node whose
// container changes is re-parented — placed relative to its new parent, so it stays where it was dropped — and its
// edges that would now cross an iteration's border (rules.ts: crosses_iteration) go with it. The whole drop is one
// command, so one undo puts back positions, parents and edges.
import type { NodeKind, Position, WorkflowDoc, WorkflowNode } from "../../../data/workflows";
import { collect, insertIndexed, moveNodes, removeIndexed, withDescendants, type Command } from "./commands";
import { absolutePosition, innermostBoxAt, iterationBoxes, ITERATION_HEADER, ITERATION_PAD, type IterationBox, type SizeOf } from "./geometry";

/** A dragged node where the drag left it: its position relative to the parent it had. */
export type Dropped = { id: string; position: Position };
/** Where a node is to be: its parent (null: the top level) and its position relative to that parent. */
export type Placement = { id: string; parent: string | null; position: Position };
export type Drop = { command: Command; edgesRemoved: number };

/** The core refuses a Start or End inside an iteration (bad_parent), so they stay on the top level. */
const TOP_LEVEL_ONLY: ReadonlySet<NodeKind> = new Set(["start", "end"]);

function hasAncestorIn(node: WorkflowNode, ids: ReadonlySet<string>, byId: ReadonlyMap<string, WorkflowNode>): boolean {
  const seen = new Set<string>();
  for (let p = node.parent; p && !seen.has(p); p = byId.get(p)?.parent ?? null) {
    if (ids.has(p)) return true;
    seen.add(p);
  }
  return false;
}

const rounded = (p: Position): Position => ({ x: Math.round(p.x), y: Math.round(p.y) });

// A drag asks where its nodes would land on every pointer move, over a document that does not change until it
// ends: the iterations' boxes are measured once per document.
const boxesOfDoc = new WeakMap<WorkflowDoc, { sizeOf: SizeOf; boxes: IterationBox[] }>();
function boxesOf(doc: WorkflowDoc, sizeOf: SizeOf): IterationBox[] {
  const known = boxesOfDoc.get(doc);
  if (known?.sizeOf === sizeOf) return known.boxes;
  const boxes = iterationBoxes(doc, sizeOf);
  boxesOfDoc.set(doc, { sizeOf, boxes });
  return boxes;
}

/** Where each dropped node ends up. Iterations are hit-tested where the canvas drew them while the drag was on. */
function placeDropped(doc: WorkflowDoc, dropped: readonly Dropped[], sizeOf: SizeOf): Placement[] {
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const draggedIds = new Set(dropped.map((d) => d.id));
  // The dragged nodes and what is inside them move together: none is dropped into another, nor into itself.
  const moving = withDescendants(doc, draggedIds);
  const boxes = boxesOf(doc, sizeOf);
  const boxOf = new Map(boxes.map((b) => [b.node.id, b]));
  const placements: Placement[] = [];
  const inIteration = new Map<string, Placement[]>();
  for (const d of dropped) {
    const node = byId.get(d.id);
    if (!node) continue;
    if (hasAncestorIn(node, draggedIds, byId)) {
      // Carried along by its iteration: it keeps its parent and its place in it.
      placements.push({ id: node.id, parent: node.parent, position: rounded(d.position) });
      continue;
    }
    const from = node.parent ? byId.get(node.parent) : undefined;
    const origin = from ? (boxOf.get(from.id)?.at ?? absolutePosition(doc, from)) : { x: 0, y: 0 };
    const at = { x: origin.x + d.position.x, y: origin.y + d.position.y };
    const size = boxOf.get(node.id)?.size ?? sizeOf(node);
    const centre = { x: at.x + size.width / 2, y: at.y + size.height / 2 };
    const into = TOP_LEVEL_ONLY.has(node.config.kind) ? null : innermostBoxAt(boxes, centre, moving);
    const placement = { id: node.id, parent: into?.node.id ?? null, position: rounded(into ? { x: at.x - into.at.x, y: at.y - into.at.y } : at) };
    placements.push(placement);
    if (placement.parent) {
      const group = inIteration.get(placement.parent);
      if (group) group.push(placement);
      else inIteration.set(placement.parent, [placement]);
    }
  }
  // Inside an iteration nodes stay clear of its header and left edge; a selection is shifted as one, keeping its shape.
  for (const group of inIteration.values()) {
    const dx = Math.max(0, ITERATION_PAD - Math.min(...group.map((p) => p.position.x)));
    const dy = Math.max(0, ITERATION_HEADER - Math.min(...group.map((p) => p.position.y)));
    for (const p of group) p.position = { x: p.position.x + dx, y: p.position.y + dy };
  }
  return placements;
}

/**
 * Puts nodes where the placements say, re-parenting those whose parent changes; an edge of a re-parented node that
 * would now cross an iteration's border is removed. Null when no parent changes (that is a move, see moveNodes).
 */
export function reparent(doc: WorkflowDoc, placements: readonly Placement[]): Drop | null {
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const changes = new Map<string, { from: Placement; to: Placement }>();
  for (const to of placements) {
    const n = byId.get(to.id);
    if (!n || (n.parent === to.parent && n.position.x === to.position.x && n.position.y === to.position.y)) continue;
    changes.set(n.id, { from: { id: n.id, parent: n.parent, position: n.position }, to });
  }
  const reparented = new Set([...changes.values()].filter((c) => c.from.parent !== c.to.parent).map((c) => c.to.id));
  if (!reparented.size) return null;
  const parentAfter = (id: string) => (changes.has(id) ? changes.get(id)!.to.parent : byId.get(id)?.parent ?? null);
  const cut = collect(doc.edges, (e) => (reparented.has(e.source) || reparented.has(e.target)) && parentAfter(e.source) !== parentAfter(e.target));
  const place = (d: WorkflowDoc, side: "from" | "to"): WorkflowNode[] =>
    d.nodes.map((n) => {
      const c = changes.get(n.id)?.[side];
      return c ? { ...n, parent: c.parent, position: { ...c.position } } : n;
    });
  const command: Command = {
    name: "reparent",
    do: (d) => ({ ...d, nodes: place(d, "to"), edges: cut.length ? removeIndexed(d.edges, cut) : d.edges }),
    undo: (d) => ({ ...d, nodes: place(d, "from"), edges: cut.length ? insertIndexed(d.edges, cut) : d.edges }),
  };
  return { command, edgesRemoved: cut.length };
}

/** The iterations a drag going on would drop nodes into that are not in them yet, to show them while it lasts. */
export function dropTargets(doc: WorkflowDoc, dragged: readonly Dropped[], sizeOf: SizeOf): string[] {
  const parents = new Map(doc.nodes.map((n) => [n.id, n.parent]));
  const targets = placeDropped(doc, dragged, sizeOf).flatMap((p) => (p.parent && p.parent !== parents.get(p.id) ? [p.parent] : []));
  return [...new Set(targets)];
}

/** The command for a drag that ended: a re-parent when some node changes container, else a plain move; null when nothing changes. */
export function dropNodes(doc: WorkflowDoc, dropped: readonly Dropped[], sizeOf: SizeOf): Drop | null {
  const placements = placeDropped(doc, dropped, sizeOf);
  const moved = reparent(doc, placements);
  if (moved) return moved;
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const command = moveNodes(placements.map((p) => ({ id: p.id, from: byId.get(p.id)!.position, to: p.position })));
  return command && { command, edgesRemoved: 0 };
}
