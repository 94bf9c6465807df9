// Copy and paste of nodes, within a workflow and between workflows (and app windows): the copied nodes with the
// edges between them. A paste gives every node a fresh id, points its edges and its templates (`{{llm_1.text}}`)
// at the new ids, and leaves out edges to nodes that were not copied.
import { create } from "zustand";
import { IN_PORT, OUT_PORT, type NodeKind, type Position, type WorkflowDoc, type WorkflowEdge, type WorkflowNode } from "../../../data/workflows";
import { absolutePosition } from "./geometry";
import { edgeId, nextNodeId } from "./ids";

export type Clip = { nodes: WorkflowNode[]; edges: WorkflowEdge[] };

const FORMAT = "switchyard/workflow-nodes";
const KINDS: NodeKind[] = ["start", "llm", "template", "condition", "extract", "http", "iteration", "aggregate", "end"];

/** The nodes (with their iterations' sub-graphs) and the edges between them; a node whose iteration is not copied becomes top-level. */
export function copyNodes(doc: WorkflowDoc, ids: Iterable<string>): Clip | null {
  const picked = new Set(ids);
  let grew = true;
  while (grew) {
    grew = false;
    for (const n of doc.nodes) if (n.parent && picked.has(n.parent) && !picked.has(n.id)) (picked.add(n.id), (grew = true));
  }
  const nodes = doc.nodes
    .filter((n) => picked.has(n.id))
    .map((n) => (n.parent && !picked.has(n.parent) ? { ...n, parent: null, position: absolutePosition(doc, n) } : n));
  if (!nodes.length) return null;
  const edges = doc.edges.filter((e) => picked.has(e.source) && picked.has(e.target));
  return structuredClone({ nodes, edges });
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Every string inside `value` with references to old ids (`{{old.x}}`, a variable `old.x`) pointed at the new ones. */
export function remapRefs<T>(value: T, ids: ReadonlyMap<string, string>): T {
  if (!ids.size) return value;
  const pattern = new RegExp(`(^|\\{\\{\\s*)(${[...ids.keys()].sort((a, b) => b.length - a.length).map(escape).join("|")})(?=\\.)`, "g");
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return v.replace(pattern, (_, lead: string, id: string) => lead + ids.get(id));
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}

/**
 * The clip's nodes and edges ready to add to `doc`: fresh ids, references remapped, top-level nodes moved by
 * `offset`. A Start is left out when the document has one (a workflow has exactly one).
 */
export function pasteClip(doc: WorkflowDoc, clip: Clip, offset: Position): Clip {
  const taken = new Set(doc.nodes.map((n) => n.id));
  const hasStart = doc.nodes.some((n) => n.config.kind === "start");
  const kept = clip.nodes.filter((n) => !(hasStart && n.config.kind === "start"));
  const ids = new Map<string, string>();
  for (const n of kept) ids.set(n.id, nextNodeId(taken, n.config.kind));
  const nodes = kept.map((n) => {
    const parent = n.parent && ids.has(n.parent) ? ids.get(n.parent)! : null;
    const position = parent ? n.position : { x: n.position.x + offset.x, y: n.position.y + offset.y };
    return { ...n, id: ids.get(n.id)!, parent, position, config: remapRefs(n.config, ids), policy: structuredClone(n.policy) };
  });
  const edges = clip.edges
    .filter((e) => ids.has(e.source) && ids.has(e.target))
    .map((e) => {
      const source = ids.get(e.source)!;
      const target = ids.get(e.target)!;
      return { ...e, id: edgeId(source, e.source_port, target), source, target };
    });
  return { nodes, edges };
}

export function clipToText(clip: Clip): string {
  return JSON.stringify({ format: FORMAT, version: 1, ...clip });
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);
const isPosition = (v: unknown): v is Position => isObject(v) && typeof v.x === "number" && typeof v.y === "number";

/** A clip from the system clipboard's text, or null when the text is anything else. */
export function clipFromText(text: string): Clip | null {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObject(data) || data.format !== FORMAT || !Array.isArray(data.nodes) || !Array.isArray(data.edges)) return null;
  const nodes: WorkflowNode[] = [];
  for (const n of data.nodes) {
    if (!isObject(n) || typeof n.id !== "string" || !isPosition(n.position) || !isObject(n.config) || !KINDS.includes(n.config.kind as NodeKind)) return null;
    nodes.push({
      id: n.id,
      title: typeof n.title === "string" ? n.title : "",
      position: { x: n.position.x, y: n.position.y },
      parent: typeof n.parent === "string" ? n.parent : null,
      config: n.config as WorkflowNode["config"],
      policy: (isObject(n.policy) ? n.policy : { retry: { max_retries: 0, backoff_ms: 500, on: ["transport", "rate_limit", "server_error"] }, timeout_ms: null, on_error: "stop" }) as WorkflowNode["policy"],
    });
  }
  const edges: WorkflowEdge[] = [];
  for (const e of data.edges) {
    if (!isObject(e) || typeof e.source !== "string" || typeof e.target !== "string") return null;
    const source_port = typeof e.source_port === "string" ? e.source_port : OUT_PORT;
    edges.push({ id: typeof e.id === "string" ? e.id : edgeId(e.source, source_port, e.target), source: e.source, source_port, target: e.target, target_port: typeof e.target_port === "string" ? e.target_port : IN_PORT });
  }
  return { nodes, edges };
}

type ClipboardState = { clip: Clip | null; put: (clip: Clip) => void };

/** The app's own clipboard: outlives switching workflows, and works where the system clipboard cannot be read. */
export const useClipboard = create<ClipboardState>((set) => ({ clip: null, put: (clip) => set({ clip }) }));

/** Copies to the app's clipboard and, when the webview allows it, to the system clipboard as JSON text. */
export async function writeClip(clip: Clip): Promise<void> {
  useClipboard.getState().put(clip);
  try {
    await navigator.clipboard?.writeText(clipToText(clip));
  } catch {
    // Not allowed here; the app's clipboard still has it.
  }
}

/** The system clipboard's clip (copied in another window) when it has one, else the app's own. */
export async function readClip(): Promise<Clip | null> {
  try {
    const text = await navigator.clipboard?.readText();
    const clip = text ? clipFromText(text) : null;
    if (clip) return clip;
  } catch {
    // Not allowed or empty: fall back.
  }
  return useClipboard.getState().clip;
}
