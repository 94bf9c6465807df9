// Canvas-only state: what is selected, which side panel is open, the run dialog. Never saved with the document.
import { create } from "zustand";

export type SideTab = "node" | "run" | "problems" | "history";
export const SIDE_TABS: SideTab[] = ["node", "run", "problems", "history"];

type CanvasState = {
  selectedNodes: string[];
  selectedEdges: string[];
  tab: SideTab;
  /** The run dialog, and the node "Run from here" starts at (null: the whole workflow). */
  runDialog: { fromNode: string | null } | null;
  /** Asks the canvas to select these nodes (a problem clicked in the list). */
  focus: { ids: string[]; seq: number } | null;
  setSelection: (nodes: string[], edges: string[]) => void;
  setTab: (tab: SideTab) => void;
  openRunDialog: (fromNode: string | null) => void;
  closeRunDialog: () => void;
  focusNodes: (ids: string[]) => void;
};

const same = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

export const useCanvas = create<CanvasState>((set, get) => ({
  selectedNodes: [],
  selectedEdges: [],
  tab: "node",
  runDialog: null,
  focus: null,
  setSelection: (nodes, edges) => {
    const s = get();
    if (!same(s.selectedNodes, nodes) || !same(s.selectedEdges, edges)) set({ selectedNodes: nodes, selectedEdges: edges });
  },
  setTab: (tab) => set({ tab }),
  openRunDialog: (fromNode) => set({ runDialog: { fromNode } }),
  closeRunDialog: () => set({ runDialog: null }),
  focusNodes: (ids) => set((s) => ({ focus: { ids, seq: (s.focus?.seq ?? 0) + 1 }, tab: "node" })),
}));
