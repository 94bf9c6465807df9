// The React Flow canvas over the open document. The document changes only through commands (store.apply); React
// Flow's own state here holds what is canvas-only: selection, measured sizes and positions while a drag is on.
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type DragEvent, type PointerEvent as ReactPointerEvent } from "react";
import {
  applyEdgeChanges,
  applyNodeChanges,
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  useStore,
  type Connection as FlowConnection,
  type EdgeChange,
  type FinalConnectionState,
  type NodeChange,
  type OnSelectionChangeParams,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useTranslation } from "react-i18next";
import type { NodeKind, Position, WorkflowDoc, WorkflowNode } from "../../../data/workflows";
import { useCanvas } from "../canvasStore";
import { useDiff, useEdgeMarks } from "../history/diffStore";
import { copyNodes, pasteClip, readClip, writeClip } from "../graph/clipboard";
import { addNode, connect, deleteNodes, disconnect, paste } from "../graph/commands";
import { absolutePosition, iterationAt, ITERATION_HEADER, ITERATION_PAD, NODE_HEIGHT, NODE_WIDTH, type SizeOf } from "../graph/geometry";
import { dropNodes, dropTargets, type Dropped } from "../graph/reparent";
import { refusal } from "../graph/rules";
import { KINDS, NODE_KINDS, newNode } from "../nodes/registry";
import type { FlowNode } from "../nodes/types";
import { useEditor } from "../store";
import { DRAG_TYPE } from "./Palette";
import { shortcutFor } from "./shortcuts";
import { diffEdges, syncEdges, syncNodes, type FlowEdge } from "./sync";
import { useNote } from "./useNote";

const nodeTypes = Object.fromEntries(NODE_KINDS.map((k) => [k, KINDS[k].View]));
/** Past this many nodes, only those in view are rendered while zoomed in (see `zoomedOut`). */
const VISIBLE_ONLY_FROM = 200;
/** Below this zoom the nodes' text is too small to read and is not painted (CSS `.compact`). */
const COMPACT_ZOOM = 0.35;
const KIND_COLORS: Record<NodeKind, string> = {
  start: "#16a34a",
  llm: "#7c3aed",
  template: "#0891b2",
  condition: "#d97706",
  extract: "#db2777",
  http: "#2563eb",
  iteration: "#64748b",
  aggregate: "#0d9488",
  end: "#dc2626",
};
const minimapColor = (n: FlowNode) => KIND_COLORS[n.data.node.config.kind];
const zoomedOutOf = (s: { transform: [number, number, number] }) => s.transform[2] < COMPACT_ZOOM;

const toDropped = (dragged: FlowNode[]): Dropped[] => dragged.map((f) => ({ id: f.id, position: f.position }));
const sameIds = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

const toConnection = (c: FlowConnection | FlowEdge) => ({ source: c.source, sourcePort: c.sourceHandle ?? "out", target: c.target, targetPort: c.targetHandle });

/** What the toolbar and the palette ask of the canvas. */
export type CanvasApi = { addAt: (kind: NodeKind, where?: Position) => void; fit: () => void; sizeOf: SizeOf };

export function Canvas({ doc, readOnly, onReady }: { doc: WorkflowDoc; readOnly: boolean; onReady: (api: CanvasApi) => void }) {
  const { t } = useTranslation();
  const apply = useEditor((s) => s.apply);
  const rf = useReactFlow<FlowNode, FlowEdge>();
  const docRef = useRef(doc);
  docRef.current = doc;
  /** Nodes to select once the next document is on the canvas (what was just added or pasted). */
  const selectNext = useRef<Set<string> | null>(null);
  const wrapper = useRef<HTMLDivElement>(null);
  /** The pointer's place on the screen while it is over the canvas (where a paste goes). */
  const pointer = useRef<Position | null>(null);
  const pasteCount = useRef(0);
  const [nodes, setNodes] = useState<FlowNode[]>(() => syncNodes([], doc));
  const [edges, setEdges] = useState<FlowEdge[]>(() => syncEdges([], doc));
  const nodesRef = useRef(nodes);
  nodesRef.current = nodes;
  const edgesRef = useRef(edges);
  edgesRef.current = edges;

  useLayoutEffect(() => {
    const select = selectNext.current ?? undefined;
    selectNext.current = null;
    setNodes((prev) => syncNodes(prev, doc, select));
    setEdges((prev) => syncEdges(prev, doc, select ? new Set() : undefined));
  }, [doc]);

  const focus = useCanvas((s) => s.focus);
  useEffect(() => {
    if (!focus) return;
    const ids = new Set(focus.ids);
    setNodes((prev) => prev.map((n) => (n.selected === ids.has(n.id) ? n : { ...n, selected: ids.has(n.id) })));
    const target = nodesRef.current.filter((n) => ids.has(n.id));
    if (target.length) void rf.fitView({ nodes: target, padding: 0.6, duration: 250, maxZoom: 1.2 });
  }, [focus, rf]);

  const sizeOf = useCallback<SizeOf>(
    (n: WorkflowNode) => {
      const m = rf.getNode(n.id)?.measured;
      return { width: m?.width ?? NODE_WIDTH, height: m?.height ?? NODE_HEIGHT };
    },
    [rf],
  );

  const addAt = useCallback(
    (kind: NodeKind, where?: Position) => {
      const d = docRef.current;
      let at = where && Number.isFinite(where.x) && Number.isFinite(where.y) ? where : undefined;
      if (!at) {
        const box = wrapper.current?.getBoundingClientRect();
        at = rf.screenToFlowPosition({ x: (box?.left ?? 0) + (box?.width ?? 800) / 2, y: (box?.top ?? 0) + (box?.height ?? 600) / 2 });
        // Before the canvas has a size (it has none in tests) there is no middle to speak of.
        if (!Number.isFinite(at.x) || !Number.isFinite(at.y)) at = { x: 0, y: 0 };
      }
      const parent = kind === "start" || kind === "end" ? null : iterationAt(d, at, sizeOf);
      let position = { x: Math.round(at.x - NODE_WIDTH / 2), y: Math.round(at.y - NODE_HEIGHT / 2) };
      if (parent) {
        const origin = absolutePosition(d, parent);
        position = { x: Math.max(ITERATION_PAD, position.x - origin.x), y: Math.max(ITERATION_HEADER, position.y - origin.y) };
      }
      const node = newNode(d, kind, position, parent?.id ?? null);
      selectNext.current = new Set([node.id]);
      if (!apply(addNode(node))) selectNext.current = null;
    },
    [apply, rf, sizeOf],
  );

  const fit = useCallback(() => void rf.fitView({ padding: 0.12, duration: 200 }), [rf]);

  useEffect(() => {
    onReady({ addAt, fit, sizeOf });
  }, [onReady, addAt, fit, sizeOf]);

  const onNodesChange = useCallback((changes: NodeChange<FlowNode>[]) => {
    const kept = changes.filter((c) => c.type !== "remove" && c.type !== "add" && c.type !== "replace");
    if (kept.length) setNodes((nds) => applyNodeChanges(kept, nds));
  }, []);
  const onEdgesChange = useCallback((changes: EdgeChange<FlowEdge>[]) => {
    const kept = changes.filter((c) => c.type === "select");
    if (kept.length) setEdges((eds) => applyEdgeChanges(kept, eds));
  }, []);

  const [note, showNote] = useNote();
  /** The iterations the drag going on would drop nodes into, outlined. */
  const [dropInto, setDropInto] = useState<string[]>([]);

  // React Flow calls these when a selection's box is dragged, too.
  const onNodeDrag = useCallback(
    (_: unknown, __: FlowNode, dragged: FlowNode[]) => {
      const next = dropTargets(docRef.current, toDropped(dragged), sizeOf);
      setDropInto((prev) => (sameIds(prev, next) ? prev : next));
    },
    [sizeOf],
  );
  const onNodeDragStop = useCallback(
    (_: unknown, __: FlowNode, dragged: FlowNode[]) => {
      setDropInto([]);
      const d = docRef.current;
      const drop = dropNodes(d, toDropped(dragged), sizeOf);
      if (drop && apply(drop.command)) {
        if (drop.edgesRemoved) showNote(t("workflows.canvas.edgesRemoved", { count: drop.edgesRemoved }));
        return;
      }
      // Nothing moved (or the draft cannot change): the dragged nodes go back to where the document has them.
      const byId = new Map(d.nodes.map((n) => [n.id, n]));
      setNodes((prev) => prev.map((p) => (byId.has(p.id) && dragged.some((f) => f.id === p.id) ? { ...p, position: byId.get(p.id)!.position } : p)));
    },
    [apply, sizeOf, showNote, t],
  );

  const onConnect = useCallback((c: FlowConnection) => void apply(connect(docRef.current, toConnection(c))), [apply]);
  /** A connection dropped on a handle that refused it says why, for a moment. */
  const onConnectEnd = useCallback((_: unknown, state: FinalConnectionState) => {
    if (state.isValid !== false || !state.fromHandle || !state.toHandle) return;
    const [from, to] = state.fromHandle.type === "source" ? [state.fromHandle, state.toHandle] : [state.toHandle, state.fromHandle];
    const why = refusal(docRef.current, { source: from.nodeId, sourcePort: from.id ?? "out", target: to.nodeId, targetPort: to.id });
    if (why) showNote(t(`workflows.refusal.${why}`));
  }, [showNote, t]);
  const isValidConnection = useCallback((c: FlowConnection | FlowEdge) => refusal(docRef.current, toConnection(c)) === null, []);

  const setSelection = useCanvas((s) => s.setSelection);
  const setTab = useCanvas((s) => s.setTab);
  const onNodeClick = useCallback(() => setTab("node"), [setTab]);
  const onSelectionChange = useCallback(
    ({ nodes: n, edges: e }: OnSelectionChangeParams<FlowNode, FlowEdge>) => setSelection(n.map((x) => x.id), e.map((x) => x.id)),
    [setSelection],
  );

  const onDragOver = useCallback((e: DragEvent) => {
    if (!e.dataTransfer.types.includes(DRAG_TYPE)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = "move";
  }, []);
  const onDrop = useCallback(
    (e: DragEvent) => {
      const kind = e.dataTransfer.getData(DRAG_TYPE) as NodeKind;
      if (!NODE_KINDS.includes(kind) || readOnly) return;
      e.preventDefault();
      addAt(kind, rf.screenToFlowPosition({ x: e.clientX, y: e.clientY }));
    },
    [addAt, readOnly, rf],
  );

  const selectedNodeIds = () => nodesRef.current.filter((n) => n.selected).map((n) => n.id);

  const pasteNow = useCallback(async () => {
    const clip = await readClip();
    if (!clip) return;
    const d = docRef.current;
    const top = clip.nodes.filter((n) => !n.parent);
    const minX = Math.min(...top.map((n) => n.position.x));
    const minY = Math.min(...top.map((n) => n.position.y));
    // At the pointer when it is over the canvas, else a step down and right of the copied nodes each time.
    const at = pointer.current ? rf.screenToFlowPosition(pointer.current) : null;
    const offset = at ? { x: Math.round(at.x - minX), y: Math.round(at.y - minY) } : { x: 40 * ++pasteCount.current, y: 40 * pasteCount.current };
    const pasted = pasteClip(d, clip, offset);
    selectNext.current = new Set(pasted.nodes.map((n) => n.id));
    if (!apply(paste(pasted.nodes, pasted.edges))) selectNext.current = null;
  }, [apply, rf]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const inside = wrapper.current?.contains(e.target as Node) || e.target === document.body;
      if (!inside) return;
      const action = shortcutFor(e);
      if (!action) return;
      const store = useEditor.getState();
      const d = docRef.current;
      if (action === "undo" || action === "redo") {
        e.preventDefault();
        if (action === "undo") store.undo();
        else store.redo();
        return;
      }
      if (action === "select_all") {
        e.preventDefault();
        setNodes((prev) => prev.map((n) => (n.selected ? n : { ...n, selected: true })));
        setEdges((prev) => prev.map((x) => (x.selected ? x : { ...x, selected: true })));
        return;
      }
      if (action === "deselect") {
        setNodes((prev) => prev.map((n) => (n.selected ? { ...n, selected: false } : n)));
        setEdges((prev) => prev.map((x) => (x.selected ? { ...x, selected: false } : x)));
        return;
      }
      const ids = selectedNodeIds();
      if (action === "copy" || action === "cut") {
        const clip = copyNodes(d, ids);
        if (!clip) return;
        e.preventDefault();
        void writeClip(clip);
        pasteCount.current = 0;
        if (action === "cut") apply(deleteNodes(d, ids));
        return;
      }
      if (action === "paste") {
        e.preventDefault();
        void pasteNow();
        return;
      }
      if (action === "delete") {
        const edgeIds = edgesRef.current.filter((x) => x.selected).map((x) => x.id);
        if (!ids.length && !edgeIds.length) return;
        e.preventDefault();
        apply(ids.length ? deleteNodes(d, ids, edgeIds) : disconnect(d, edgeIds));
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [apply, pasteNow]);

  const onPointerMove = useCallback((e: ReactPointerEvent) => {
    pointer.current = { x: e.clientX, y: e.clientY };
  }, []);
  const onPointerLeave = useCallback(() => {
    pointer.current = null;
  }, []);

  // Zoomed out, most nodes are in view anyway, and mounting and unmounting them as the view pans costs more than
  // keeping them: every node stays, its text unpainted. Zoomed in, only the few in view are rendered.
  const zoomedOut = useStore(zoomedOutOf);
  const many = nodes.length >= VISIBLE_ONLY_FROM;
  const proOptions = useMemo(() => ({ hideAttribution: true }), []);

  // While a diff is shown its edges are coloured; a removed one is drawn, faint, where both its ends still are.
  const edgeMarks = useEdgeMarks();
  const removedEdges = useDiff((s) => s.shown?.diff.edges_removed);
  const shownNodes = useMemo(() => (dropInto.length ? nodes.map((n) => (dropInto.includes(n.id) ? { ...n, className: "wf-drop-target" } : n)) : nodes), [nodes, dropInto]);
  const shownEdges = useMemo(() => diffEdges(edges, edgeMarks, removedEdges ?? [], nodes), [edges, edgeMarks, removedEdges, nodes]);

  return (
    <div className={`wf-canvas ${zoomedOut ? "compact" : ""}`} ref={wrapper} tabIndex={-1} onDragOver={onDragOver} onDrop={onDrop} onPointerMove={onPointerMove} onPointerLeave={onPointerLeave} data-testid="wf-canvas">
      <ReactFlow<FlowNode, FlowEdge>
        nodes={shownNodes}
        edges={shownEdges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onNodeDrag={onNodeDrag}
        onNodeDragStop={onNodeDragStop}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        isValidConnection={isValidConnection}
        onSelectionChange={onSelectionChange}
        onNodeClick={onNodeClick}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        deleteKeyCode={null}
        disableKeyboardA11y
        onlyRenderVisibleElements={many && !zoomedOut}
        minZoom={0.02}
        maxZoom={2}
        fitView
        fitViewOptions={{ padding: 0.12 }}
        proOptions={proOptions}
      >
        <Background gap={20} size={1} />
        <Controls showInteractive={false} aria-label={t("workflows.canvas.controls")} />
        <MiniMap<FlowNode> pannable zoomable nodeColor={minimapColor} ariaLabel={t("workflows.canvas.minimap")} />
      </ReactFlow>
      {note && (
        <div className="wf-canvas-note" role="status" data-testid="wf-canvas-note">
          {note}
        </div>
      )}
    </div>
  );
}
