// Every change to a document is a named command with do and undo over the document. A command captures, when it is
// made, exactly what it removes and where it was (list indices), so undo puts the document back as it was — no
// whole-graph snapshots. Untouched nodes and edges keep their identity, so the canvas re-renders only what changed.
import { IN_PORT, type NodeConfig, type NodePolicy, type Position, type WorkflowDoc, type WorkflowEdge, type WorkflowNode } from "../../../data/workflows";
import { edgeId } from "./ids";
import { sourcePorts } from "./ports";
import { refusal, type Connection } from "./rules";

export type CommandName = "add_node" | "delete_nodes" | "move_nodes" | "reparent" | "connect" | "disconnect" | "edit_config" | "rename" | "paste" | "auto_layout";
export const COMMAND_NAMES: CommandName[] = ["add_node", "delete_nodes", "move_nodes", "reparent", "connect", "disconnect", "edit_config", "rename", "paste", "auto_layout"];

export type Command = {
  name: CommandName;
  do: (doc: WorkflowDoc) => WorkflowDoc;
  undo: (doc: WorkflowDoc) => WorkflowDoc;
  /** Commands with the same key made in quick succession (typing in a field) become one undo step. */
  mergeKey?: string;
  /** This command followed by `next` as one command, or null when they cannot be one. */
  merge?: (next: Command) => Command | null;
};

export type Indexed<T> = { index: number; item: T };

/** The items at the given indices (ascending) taken out. */
export function removeIndexed<T>(list: readonly T[], removed: readonly Indexed<T>[]): T[] {
  const drop = new Set(removed.map((r) => r.index));
  return list.filter((_, i) => !drop.has(i));
}

/** The items put back at their old indices (ascending), the exact inverse of removeIndexed. */
export function insertIndexed<T>(list: readonly T[], removed: readonly Indexed<T>[]): T[] {
  const out = [...list];
  for (const r of removed) out.splice(r.index, 0, r.item);
  return out;
}

export function collect<T>(list: readonly T[], pick: (item: T) => boolean): Indexed<T>[] {
  const out: Indexed<T>[] = [];
  list.forEach((item, index) => pick(item) && out.push({ index, item }));
  return out;
}

function mapNodes(doc: WorkflowDoc, ids: ReadonlySet<string>, fn: (n: WorkflowNode) => WorkflowNode): WorkflowDoc {
  return { ...doc, nodes: doc.nodes.map((n) => (ids.has(n.id) ? fn(n) : n)) };
}

/** The ids with every node inside them (an iteration's sub-graph, at any depth). */
export function withDescendants(doc: WorkflowDoc, ids: Iterable<string>): Set<string> {
  const all = new Set(ids);
  let grew = true;
  while (grew) {
    grew = false;
    for (const n of doc.nodes) {
      if (n.parent && all.has(n.parent) && !all.has(n.id)) {
        all.add(n.id);
        grew = true;
      }
    }
  }
  return all;
}

export function addNode(node: WorkflowNode): Command {
  return {
    name: "add_node",
    do: (doc) => ({ ...doc, nodes: [...doc.nodes, node] }),
    undo: (doc) => ({ ...doc, nodes: doc.nodes.filter((n) => n.id !== node.id) }),
  };
}

/** Deletes nodes (with their sub-graphs and every edge touching them) and any other edges named. */
export function deleteNodes(doc: WorkflowDoc, nodeIds: Iterable<string>, edgeIds: Iterable<string> = []): Command {
  const ids = withDescendants(doc, nodeIds);
  const extra = new Set(edgeIds);
  const nodes = collect(doc.nodes, (n) => ids.has(n.id));
  const edges = collect(doc.edges, (e) => ids.has(e.source) || ids.has(e.target) || extra.has(e.id));
  return {
    name: "delete_nodes",
    do: (d) => ({ ...d, nodes: removeIndexed(d.nodes, nodes), edges: removeIndexed(d.edges, edges) }),
    undo: (d) => ({ ...d, nodes: insertIndexed(d.nodes, nodes), edges: insertIndexed(d.edges, edges) }),
  };
}

export type Move = { id: string; from: Position; to: Position };

function moveCommand(name: "move_nodes" | "auto_layout", moves: readonly Move[]): Command {
  const to = new Map(moves.map((m) => [m.id, m.to]));
  const from = new Map(moves.map((m) => [m.id, m.from]));
  const ids = new Set(to.keys());
  return {
    name,
    do: (doc) => mapNodes(doc, ids, (n) => ({ ...n, position: { ...to.get(n.id)! } })),
    undo: (doc) => mapNodes(doc, ids, (n) => ({ ...n, position: { ...from.get(n.id)! } })),
  };
}

/** Moves nodes; moves that go nowhere are left out, and null when none is left. */
export function moveNodes(moves: readonly Move[]): Command | null {
  const real = moves.filter((m) => m.from.x !== m.to.x || m.from.y !== m.to.y);
  return real.length ? moveCommand("move_nodes", real) : null;
}

export function autoLayout(doc: WorkflowDoc, positions: ReadonlyMap<string, Position>): Command | null {
  const moves = doc.nodes
    .filter((n) => positions.has(n.id))
    .map((n) => ({ id: n.id, from: n.position, to: positions.get(n.id)! }))
    .filter((m) => m.from.x !== m.to.x || m.from.y !== m.to.y);
  return moves.length ? moveCommand("auto_layout", moves) : null;
}

/** Connects two ports, or null when the rules refuse it (see rules.ts). */
export function connect(doc: WorkflowDoc, c: Connection): Command | null {
  if (refusal(doc, c)) return null;
  const edge: WorkflowEdge = { id: edgeId(c.source, c.sourcePort, c.target), source: c.source, source_port: c.sourcePort, target: c.target, target_port: c.targetPort || IN_PORT };
  if (doc.edges.some((e) => e.id === edge.id)) return null;
  return {
    name: "connect",
    do: (d) => ({ ...d, edges: [...d.edges, edge] }),
    undo: (d) => ({ ...d, edges: d.edges.filter((e) => e.id !== edge.id) }),
  };
}

export function disconnect(doc: WorkflowDoc, edgeIds: Iterable<string>): Command | null {
  const ids = new Set(edgeIds);
  const edges = collect(doc.edges, (e) => ids.has(e.id));
  if (!edges.length) return null;
  return {
    name: "disconnect",
    do: (d) => ({ ...d, edges: removeIndexed(d.edges, edges) }),
    undo: (d) => ({ ...d, edges: insertIndexed(d.edges, edges) }),
  };
}

export type NodeSettings = { config: NodeConfig; policy: NodePolicy };

type EditInfo = { before: NodeSettings; after: NodeSettings; dropped: Indexed<WorkflowEdge>[] };
/** What an edit or rename command was made from, so a later one of the same key can merge into it. */
const edits = new WeakMap<Command, EditInfo>();
const renames = new WeakMap<Command, { from: string; to: string }>();

function editCommand(nodeId: string, info: EditInfo, field: string): Command {
  const one = new Set([nodeId]);
  const { before, after, dropped } = info;
  const command: Command = {
    name: "edit_config",
    do: (d) => ({ ...mapNodes(d, one, (n) => ({ ...n, ...after })), edges: dropped.length ? removeIndexed(d.edges, dropped) : d.edges }),
    undo: (d) => ({ ...mapNodes(d, one, (n) => ({ ...n, ...before })), edges: dropped.length ? insertIndexed(d.edges, dropped) : d.edges }),
    mergeKey: `edit:${nodeId}:${field}`,
    merge: (next) => {
      const later = edits.get(next);
      if (dropped.length || !later || later.dropped.length) return null;
      return editCommand(nodeId, { before, after: later.after, dropped: [] }, field);
    },
  };
  edits.set(command, info);
  return command;
}

/**
 * Changes a node's config and/or policy. Edges leaving a port the change removes (a deleted branch, an error port
 * no longer wanted) go with it, and come back on undo. `field` names what was edited, so typing merges.
 */
export function editConfig(doc: WorkflowDoc, nodeId: string, change: Partial<NodeSettings>, field = "config"): Command | null {
  const node = doc.nodes.find((n) => n.id === nodeId);
  if (!node) return null;
  const before = { config: node.config, policy: node.policy };
  const after = { config: change.config ?? node.config, policy: change.policy ?? node.policy };
  if (after.config.kind !== before.config.kind) return null;
  const ports = new Set(sourcePorts({ ...node, ...after }));
  const dropped = collect(doc.edges, (e) => e.source === nodeId && !ports.has(e.source_port));
  return editCommand(nodeId, { before, after, dropped }, field);
}

export function rename(doc: WorkflowDoc, nodeId: string, title: string): Command | null {
  const node = doc.nodes.find((n) => n.id === nodeId);
  if (!node || node.title === title) return null;
  return renameCommand(nodeId, node.title, title);
}

function renameCommand(nodeId: string, from: string, to: string): Command {
  const one = new Set([nodeId]);
  const command: Command = {
    name: "rename",
    do: (d) => mapNodes(d, one, (n) => ({ ...n, title: to })),
    undo: (d) => mapNodes(d, one, (n) => ({ ...n, title: from })),
    mergeKey: `rename:${nodeId}`,
    merge: (next) => {
      const later = renames.get(next);
      return later ? renameCommand(nodeId, from, later.to) : null;
    },
  };
  renames.set(command, { from, to });
  return command;
}

/** Adds nodes and edges made by a paste (their ids already fresh, see clipboard.ts). */
export function paste(nodes: readonly WorkflowNode[], edges: readonly WorkflowEdge[]): Command | null {
  if (!nodes.length) return null;
  const nodeIds = new Set(nodes.map((n) => n.id));
  const edgeIds = new Set(edges.map((e) => e.id));
  return {
    name: "paste",
    do: (d) => ({ ...d, nodes: [...d.nodes, ...nodes], edges: [...d.edges, ...edges] }),
    undo: (d) => ({ ...d, nodes: d.nodes.filter((n) => !nodeIds.has(n.id)), edges: d.edges.filter((e) => !edgeIds.has(e.id)) }),
  };
}
