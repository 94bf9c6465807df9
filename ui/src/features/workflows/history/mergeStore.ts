// A merge of another branch into the active one, as the person works through it: the core's preview, the side
// chosen for each conflict (each choice previews again, so the result shown is the result merged), and applying it.
import { create } from "zustand";
import { historyApi, type MergePreview, type Resolution, type Side } from "../../../data/workflowHistory";
import { isConflict } from "../../../data/workflows";
import { toAppError, type AppError } from "../../../lib/api";
import { useEditor } from "../store";
import { savedDraft, useHistory } from "./store";

type MergeState = {
  from: string | null;
  preview: MergePreview | null;
  chosen: Record<string, Side>;
  loading: boolean;
  error: AppError | null;
  /** The branches or the draft changed while the merge was open: the preview shown is the new one. */
  changedElsewhere: boolean;
  start: (from: string) => Promise<void>;
  choose: (conflictId: string, side: Side) => Promise<void>;
  /** Merges as previewed; false when it did not happen (the error says why). */
  apply: (message: string, keepMessage: string) => Promise<boolean>;
  reset: () => void;
};

const EMPTY = { from: null, preview: null, chosen: {}, loading: false, error: null, changedElsewhere: false };

/** Conflicts that still need a side. */
export function remaining(preview: MergePreview | null, chosen: Record<string, Side>): number {
  return preview ? preview.conflicts.filter((c) => !c.chosen && !chosen[c.id]).length : 0;
}

const resolutionsOf = (chosen: Record<string, Side>): Resolution[] => Object.entries(chosen).map(([conflict_id, side]) => ({ conflict_id, side }));

export const useMerge = create<MergeState>((set, get) => {
  let seq = 0;

  const preview = async () => {
    const { from, chosen } = get();
    const id = useEditor.getState().openId;
    if (!from || !id) return;
    const mine = ++seq;
    set({ loading: true, error: null });
    try {
      // The preview merges the stored draft: the edits waiting to be saved are part of it.
      await useEditor.getState().flush();
      const p = await historyApi.previewMerge(id, from, resolutionsOf(chosen));
      if (mine === seq) set({ preview: p, loading: false });
    } catch (e) {
      if (mine === seq) set({ error: toAppError(e), loading: false });
    }
  };

  return {
    ...EMPTY,
    start: async (from) => {
      set({ ...EMPTY, from });
      await preview();
    },
    choose: async (conflictId, side) => {
      set((s) => ({ chosen: { ...s.chosen, [conflictId]: side } }));
      await preview();
    },
    apply: async (message, keepMessage) => {
      const { from, preview: p, chosen } = get();
      if (!from || !p) return false;
      set({ loading: true, error: null, changedElsewhere: false });
      try {
        const draft = await savedDraft();
        if (!draft) {
          set({ loading: false });
          useHistory.setState({ notice: "notSaved" });
          return false;
        }
        const w = await historyApi.merge(draft.revision, {
          workflow_id: draft.id,
          from_branch: from,
          ours_head: p.ours_head,
          theirs_head: p.theirs_head,
          resolutions: resolutionsOf(chosen),
          message,
          keep_message: keepMessage,
        });
        useEditor.getState().adopt(w);
        set({ loading: false });
        void useHistory.getState().load();
        return true;
      } catch (e) {
        if (isConflict(e)) {
          await useEditor.getState().reload();
          set({ changedElsewhere: true });
          await preview();
        } else set({ error: toAppError(e), loading: false });
        return false;
      }
    },
    reset: () => {
      seq++;
      set(EMPTY);
    },
  };
});
