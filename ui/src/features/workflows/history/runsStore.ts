// The open workflow's past runs, two of them picked, and their comparison.
import { create } from "zustand";
import { historyApi, type RunComparison } from "../../../data/workflowHistory";
import { workflowApi, type WorkflowRun } from "../../../data/workflows";
import { toAppError, type AppError } from "../../../lib/api";

type RunsState = {
  workflowId: string | null;
  runs: WorkflowRun[];
  /** At most two run ids; picking a third lets go of the first picked. */
  picked: string[];
  comparison: RunComparison | null;
  error: AppError | null;
  load: (workflowId: string) => Promise<void>;
  pick: (runId: string, on: boolean) => void;
  compare: () => Promise<void>;
  closeComparison: () => void;
};

export const useRuns = create<RunsState>((set, get) => ({
  workflowId: null,
  runs: [],
  picked: [],
  comparison: null,
  error: null,
  load: async (workflowId) => {
    if (get().workflowId !== workflowId) set({ workflowId, runs: [], picked: [], comparison: null, error: null });
    try {
      const runs = await workflowApi.listWorkflowRuns(workflowId);
      if (get().workflowId === workflowId) set({ runs: [...runs].sort((a, b) => b.started_at_ms - a.started_at_ms) });
    } catch (e) {
      set({ error: toAppError(e) });
    }
  },
  pick: (runId, on) => set((s) => ({ picked: on ? [...s.picked.filter((x) => x !== runId), runId].slice(-2) : s.picked.filter((x) => x !== runId) })),
  compare: async () => {
    const { picked, runs } = get();
    if (picked.length !== 2) return;
    // The earlier run is "A", so what changed reads forward in time.
    const [a, b] = [...picked].sort((x, y) => (runs.find((r) => r.id === x)?.started_at_ms ?? 0) - (runs.find((r) => r.id === y)?.started_at_ms ?? 0));
    set({ error: null });
    try {
      set({ comparison: await historyApi.compareRuns(a, b) });
    } catch (e) {
      set({ error: toAppError(e) });
    }
  },
  closeComparison: () => set({ comparison: null }),
}));
