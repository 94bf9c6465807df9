// Runs the window follows: per workflow the live run or the last one loaded from the core. A run goes on while
// another workflow is open, and is there again when its workflow is reopened.
import { create } from "zustand";
import { workflowApi, type RunEvent, type RunWorkflow } from "../../../data/workflows";
import { toAppError } from "../../../lib/api";
import { fromRecords, newRun, reduceRunEvent, type NodeLive, type RunState } from "./reduce";

type RunStore = {
  byWorkflow: Record<string, RunState>;
  /** The open workflow, whose run the canvas and the run panel show. */
  shownId: string | null;
  show: (workflowId: string | null) => void;
  start: (input: Omit<RunWorkflow, "run_id">) => Promise<void>;
  cancel: (workflowId: string) => Promise<void>;
  /** Loads the latest run of a workflow the window has not followed, so a node's last inputs and outputs show. */
  loadLast: (workflowId: string) => Promise<void>;
};

export const useRun = create<RunStore>((set, get) => {
  const update = (workflowId: string, runId: string, fn: (s: RunState) => RunState) => {
    const cur = get().byWorkflow[workflowId];
    if (cur?.runId === runId) set((s) => ({ byWorkflow: { ...s.byWorkflow, [workflowId]: fn(cur) } }));
  };
  return {
    byWorkflow: {},
    shownId: null,
    show: (shownId) => set({ shownId }),

    start: async (input) => {
      const wid = input.workflow_id;
      if (get().byWorkflow[wid]?.status === "running") return;
      const runId = crypto.randomUUID();
      set((s) => ({ byWorkflow: { ...s.byWorkflow, [wid]: newRun(runId, wid, Date.now(), input.from_node) } }));
      const onEvent = (event: RunEvent) => update(wid, runId, (cur) => reduceRunEvent(cur, event, Date.now()));
      try {
        const run = await workflowApi.runWorkflow({ ...input, run_id: runId }, onEvent);
        update(wid, runId, (cur) => ({ ...cur, run, status: run.status, error: run.error }));
      } catch (e) {
        update(wid, runId, (cur) => ({ ...cur, status: "failed", error: toAppError(e) }));
      }
    },

    cancel: async (workflowId) => {
      const cur = get().byWorkflow[workflowId];
      if (cur?.status === "running") await workflowApi.cancelWorkflowRun(cur.runId).catch(() => false);
    },

    loadLast: async (workflowId) => {
      if (get().byWorkflow[workflowId]) return;
      try {
        const runs = await workflowApi.listWorkflowRuns(workflowId);
        const latest = [...runs].sort((a, b) => b.started_at_ms - a.started_at_ms)[0];
        if (!latest) return;
        const detail = await workflowApi.getWorkflowRun(latest.id);
        if (get().byWorkflow[workflowId]) return; // a run started meanwhile wins
        set((s) => ({ byWorkflow: { ...s.byWorkflow, [workflowId]: fromRecords(detail.run, detail.nodes) } }));
      } catch {
        // No run to show; the run panel says so.
      }
    },
  };
});

/** The run of the open workflow. */
export const useShownRun = (): RunState | null => useRun((s) => (s.shownId ? s.byWorkflow[s.shownId] ?? null : null));

/** One node's live state in the open workflow's run: what a canvas node subscribes to. */
export const useNodeLive = <T>(nodeId: string, pick: (live: NodeLive | undefined) => T): T =>
  useRun((s) => pick(s.shownId ? s.byWorkflow[s.shownId]?.nodes[nodeId] : undefined));
