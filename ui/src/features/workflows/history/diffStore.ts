// The diff shown, if any: the list in the History panel and the marks on the canvas both read it.
import { create } from "zustand";
import { historyApi, type DocDiff, type DocRef } from "../../../data/workflowHistory";
import { toAppError, type AppError } from "../../../lib/api";
import { useEditor } from "../store";
import { highlightOf, NO_HIGHLIGHT, type EdgeMark, type Highlight, type NodeMark } from "./highlight";

/** A diff of one workflow's documents (`workflowId`). */
export type ShownDiff = { workflowId: string; from: DocRef; to: DocRef; diff: DocDiff };

type DiffState = {
  shown: ShownDiff | null;
  highlight: Highlight;
  error: AppError | null;
  show: (from: DocRef, to: DocRef) => Promise<void>;
  close: () => void;
};

export const useDiff = create<DiffState>((set) => {
  let seq = 0;
  return {
    shown: null,
    highlight: NO_HIGHLIGHT,
    error: null,
    show: async (from, to) => {
      const id = useEditor.getState().openId;
      if (!id) return;
      const mine = ++seq;
      set({ error: null });
      try {
        // A diff against the draft is about what is stored: the waiting edits are saved first.
        if (from.kind === "draft" || to.kind === "draft") await useEditor.getState().flush();
        const diff = await historyApi.diff(id, from, to);
        // The canvas shows the draft: it is coloured only for a diff that ends at the draft.
        if (mine === seq) set({ shown: { workflowId: id, from, to, diff }, highlight: to.kind === "draft" ? highlightOf(diff) : NO_HIGHLIGHT });
      } catch (e) {
        if (mine === seq) set({ error: toAppError(e) });
      }
    },
    close: () => {
      seq++;
      set({ shown: null, highlight: NO_HIGHLIGHT, error: null });
    },
  };
});

/** A canvas node's mark while a diff is shown: what NodeShell subscribes to. */
export const useNodeMark = (nodeId: string): NodeMark | undefined => useDiff((s) => s.highlight.nodes[nodeId]);
export const useEdgeMarks = (): Record<string, EdgeMark> => useDiff((s) => s.highlight.edges);
