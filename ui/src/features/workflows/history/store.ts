// The open workflow's history (versions, branches, tags) and every change to it. A change that replaces the draft
// names the editor's revision, so the editor's waiting autosave is flushed first; the workflow the core returns
// is then loaded into the editor. A `conflict` (changed elsewhere) reloads the workflow and says so.
import { create } from "zustand";
import { historyApi, type HistoryOverview } from "../../../data/workflowHistory";
import { isConflict, type Workflow } from "../../../data/workflows";
import { toAppError, type AppError } from "../../../lib/api";
import { useEditor } from "../store";

/** What the history says besides an error (keys under `workflows.history.notice`). */
export type HistoryNotice = "changedElsewhere" | "notSaved";
export const HISTORY_NOTICES: readonly HistoryNotice[] = ["changedElsewhere", "notSaved"];

type HistoryState = {
  overview: HistoryOverview | null;
  error: AppError | null;
  notice: HistoryNotice | null;
  busy: boolean;
  load: () => Promise<void>;
  commit: (message: string) => Promise<boolean>;
  restore: (versionId: string, keepMessage: string) => Promise<boolean>;
  restoreRun: (runId: string, keepMessage: string) => Promise<boolean>;
  /** Creates the branch (from the active head when `fromVersion` is null) and switches to it. */
  createBranch: (name: string, fromVersion: string | null) => Promise<boolean>;
  switchBranch: (name: string) => Promise<boolean>;
  deleteBranch: (name: string) => Promise<boolean>;
  tag: (versionId: string, tag: string) => Promise<boolean>;
  untag: (tag: string) => Promise<boolean>;
  dismiss: () => void;
};

/** The open workflow's id and revision once nothing waits to be saved; null when the draft could not be saved. */
export async function savedDraft(): Promise<{ id: string; revision: number } | null> {
  await useEditor.getState().flush();
  const { openId, revision, save } = useEditor.getState();
  if (!openId || save !== "saved") return null;
  return { id: openId, revision };
}

export const useHistory = create<HistoryState>((set, get) => {
  let loadSeq = 0;

  /** Runs a change; false (with the error or notice shown) when it did not happen. */
  const change = async (call: (draft: { id: string; revision: number }) => Promise<Workflow | null>): Promise<boolean> => {
    set({ busy: true, error: null, notice: null });
    try {
      const draft = await savedDraft();
      if (!draft) {
        set({ notice: "notSaved" });
        return false;
      }
      const w = await call(draft);
      if (w) useEditor.getState().adopt(w);
      return true;
    } catch (e) {
      if (isConflict(e)) {
        await useEditor.getState().reload();
        set({ notice: "changedElsewhere" });
      } else set({ error: toAppError(e) });
      return false;
    } finally {
      set({ busy: false });
      await get().load();
    }
  };

  /** A change to the history alone (a tag, a branch): no revision is involved. */
  const plain = async (call: (id: string) => Promise<unknown>): Promise<boolean> => {
    const id = useEditor.getState().openId;
    if (!id) return false;
    set({ error: null, notice: null });
    try {
      await call(id);
      return true;
    } catch (e) {
      set({ error: toAppError(e) });
      return false;
    } finally {
      await get().load();
    }
  };

  return {
    overview: null,
    error: null,
    notice: null,
    busy: false,

    load: async () => {
      const seq = ++loadSeq;
      const id = useEditor.getState().openId;
      if (!id) return set({ overview: null });
      try {
        const overview = await historyApi.history(id);
        if (seq === loadSeq && useEditor.getState().openId === id) set({ overview });
      } catch (e) {
        if (seq === loadSeq) set({ error: toAppError(e) });
      }
    },

    commit: (message) =>
      change(async ({ id, revision }) => {
        await historyApi.commit(id, revision, message);
        return null;
      }),
    restore: (versionId, keepMessage) => change(({ id, revision }) => historyApi.restoreVersion(id, revision, versionId, keepMessage)),
    restoreRun: (runId, keepMessage) => change(({ revision }) => historyApi.restoreRun(runId, revision, keepMessage)),
    createBranch: async (name, fromVersion) => {
      const created = await plain((id) => historyApi.createBranch(id, name, fromVersion));
      return created && get().switchBranch(name);
    },
    switchBranch: (name) => change(({ id, revision }) => historyApi.switchBranch(id, revision, name)),
    deleteBranch: (name) => plain((id) => historyApi.deleteBranch(id, name)),
    tag: (versionId, tag) => plain((id) => historyApi.tag(id, versionId, tag)),
    untag: (tag) => plain((id) => historyApi.untag(id, tag)),
    dismiss: () => set({ error: null, notice: null }),
  };
});
