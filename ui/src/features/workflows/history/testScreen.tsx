// Renders the Workflows screen for the history's component tests, with the core replaced by mocks.
import { render, screen } from "@testing-library/react";
import { vi } from "vitest";
import { historyApi } from "../../../data/workflowHistory";
import { workflowApi, type Workflow } from "../../../data/workflows";
import { sampleDoc } from "../testDocs";
import { overview } from "./testHistory";

export { fakeBrowser } from "../testBrowser";

export const stored = (over: Partial<Workflow> = {}): Workflow => ({ id: "wf1", name: "Digest", revision: 2, doc: sampleDoc(), created_at_ms: 1, updated_at_ms: 2, ...over });

export async function mockCore() {
  const { useEditor } = await import("../store");
  const { useRun } = await import("../run/store");
  const { useCanvas } = await import("../canvasStore");
  const { useHistory } = await import("./store");
  const { useDiff } = await import("./diffStore");
  const { useHistoryDialogs } = await import("./dialogs");
  const { useRuns } = await import("./runsStore");
  useEditor.setState({ openId: null, doc: null, list: [], listLoaded: false, save: "saved", error: null });
  useRun.setState({ byWorkflow: {}, shownId: null });
  useCanvas.setState({ selectedNodes: [], selectedEdges: [], tab: "node", runDialog: null });
  useHistory.setState({ overview: null, error: null, notice: null, busy: false });
  useDiff.getState().close();
  useHistoryDialogs.setState({ dialog: null, branchMenu: false });
  useRuns.setState({ workflowId: null, runs: [], picked: [], comparison: null, error: null });
  Object.assign(workflowApi, {
    listWorkflows: vi.fn(async () => [{ id: "wf1", name: "Digest", revision: 2, node_count: 7, updated_at_ms: 2, last_run: null }]),
    getWorkflow: vi.fn(async () => stored()),
    saveWorkflow: vi.fn(async (input: { doc: Workflow["doc"] }) => stored({ revision: 3, doc: input.doc })),
    validateWorkflow: vi.fn(async () => []),
    listWorkflowRuns: vi.fn(async () => []),
    getWorkflowRun: vi.fn(async () => {
      throw new Error("no run");
    }),
    listWorkflowSecrets: vi.fn(async () => []),
  });
  Object.assign(historyApi, {
    history: vi.fn(async () => overview()),
    commit: vi.fn(async () => overview().versions[0]),
    diff: vi.fn(),
    restoreVersion: vi.fn(async () => stored({ revision: 3 })),
    restoreRun: vi.fn(async () => stored({ revision: 3 })),
    createBranch: vi.fn(async (_id: string, name: string) => ({ name, head: null, active: false, dirty: false })),
    switchBranch: vi.fn(async () => stored({ revision: 3 })),
    deleteBranch: vi.fn(async () => null),
    previewMerge: vi.fn(),
    merge: vi.fn(async () => stored({ revision: 3 })),
    tag: vi.fn(async () => null),
    untag: vi.fn(async () => null),
    exportWorkflow: vi.fn(async () => "/home/me/Downloads/Digest-history.yaml"),
    importWorkflow: vi.fn(),
    compareRuns: vi.fn(),
  });
}

export async function openScreen() {
  const { default: WorkflowsScreen } = await import("../WorkflowsScreen");
  render(<WorkflowsScreen />);
  await screen.findByTestId("wf-node-llm_1");
  await screen.findByText("main");
}
