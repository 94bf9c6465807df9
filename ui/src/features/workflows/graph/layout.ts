// Auto-layout with ELK's layered algorithm, left to right. Each iteration's sub-graph is laid out first, inside the
// iteration, so the iteration's size is known when the level around it is laid out. elkjs is fetched on first use.
import type { Position, WorkflowDoc, WorkflowNode } from "../../../data/workflows";
import { ITERATION_HEADER, ITERATION_MIN, ITERATION_PAD, type Size, type SizeOf } from "./geometry";

type ElkNode = { id: string; width?: number; height?: number; x?: number; y?: number; children?: ElkNode[]; edges?: { id: string; sources: string[]; targets: string[] }[]; layoutOptions?: Record<string, string> };
type Elk = { layout: (graph: ElkNode) => Promise<ElkNode> };

let elk: Promise<Elk> | null = null;
function loadElk(): Promise<Elk> {
  elk ??= import("elkjs/lib/elk.bundled.js").then((m) => new m.default() as unknown as Elk);
  return elk;
}

const OPTIONS = {
  "elk.algorithm": "layered",
  "elk.direction": "RIGHT",
  "elk.spacing.nodeNode": "36",
  "elk.layered.spacing.nodeNodeBetweenLayers": "72",
  "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF",
  "elk.edgeRouting": "SPLINES",
};

/** New positions for every node (relative to its iteration inside one), leaving the document untouched. */
export async function layoutPositions(doc: WorkflowDoc, sizeOf: SizeOf): Promise<Map<string, Position>> {
  const engine = await loadElk();
  const positions = new Map<string, Position>();
  const sizes = new Map<string, Size>();
  const byParent = new Map<string | null, WorkflowNode[]>();
  for (const n of doc.nodes) byParent.set(n.parent ?? null, [...(byParent.get(n.parent ?? null) ?? []), n]);

  const depth = (n: WorkflowNode): number => {
    let d = 0;
    for (let p = n.parent, guard = 0; p && guard < 64; p = doc.nodes.find((x) => x.id === p)?.parent ?? null, guard++) d++;
    return d;
  };
  const scopes: (string | null)[] = doc.nodes.filter((n) => n.config.kind === "iteration").sort((a, b) => depth(b) - depth(a)).map((n) => n.id);
  scopes.push(null);

  for (const scope of scopes) {
    const members = byParent.get(scope) ?? [];
    if (!members.length) {
      if (scope) sizes.set(scope, ITERATION_MIN);
      continue;
    }
    const ids = new Set(members.map((n) => n.id));
    const graph: ElkNode = {
      id: scope ?? "__root",
      layoutOptions: OPTIONS,
      children: members.map((n) => ({ id: n.id, ...(sizes.get(n.id) ?? sizeOf(n)) })),
      edges: doc.edges.filter((e) => ids.has(e.source) && ids.has(e.target)).map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
    };
    const laid = await engine.layout(graph);
    const offset = scope ? { x: ITERATION_PAD, y: ITERATION_HEADER } : { x: 0, y: 0 };
    let width = 0;
    let height = 0;
    for (const c of laid.children ?? []) {
      const at = { x: Math.round((c.x ?? 0) + offset.x), y: Math.round((c.y ?? 0) + offset.y) };
      positions.set(c.id, at);
      width = Math.max(width, at.x + (c.width ?? 0) + ITERATION_PAD);
      height = Math.max(height, at.y + (c.height ?? 0) + ITERATION_PAD);
    }
    if (scope) sizes.set(scope, { width: Math.max(width, ITERATION_MIN.width), height: Math.max(height, ITERATION_MIN.height) });
  }
  return positions;
}
