import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { workflowApi, type RunEvent, type RunWorkflow, type Workflow, type WorkflowRun } from "../../data/workflows";
import { CommandError } from "../../lib/api";
import { sampleDoc } from "./testDocs";
import { dragNode, fakeBrowser, pressNode } from "./testBrowser";

vi.mock("../../bindings", () => ({ commands: { listRoutes: () => Promise.resolve({ status: "ok", data: [] }) } }));

beforeAll(fakeBrowser);

await import("../../i18n");
const { default: WorkflowsScreen } = await import("./WorkflowsScreen");
const { useEditor } = await import("./store");
const { useRun } = await import("./run/store");
const { useCanvas } = await import("./canvasStore");

const stored = (): Workflow => ({ id: "wf1", name: "Digest", revision: 2, doc: sampleDoc(), created_at_ms: 1, updated_at_ms: 2 });
const run = (over: Partial<WorkflowRun> = {}): WorkflowRun => ({
  id: "r1", workflow_id: "wf1", revision: 2, status: "running", inputs: {}, outputs: null, error: null, from_node: null, base_run_id: null,
  started_at_ms: 1000, ended_at_ms: null, input_tokens: 0, output_tokens: 0, cost_usd_micros: 0, doc_hash: null, version_id: null, ...over,
});

beforeEach(() => {
  useEditor.setState({ openId: null, doc: null, list: [], listLoaded: false, save: "saved", error: null });
  useRun.setState({ byWorkflow: {}, shownId: null });
  useCanvas.setState({ selectedNodes: [], selectedEdges: [], tab: "node", runDialog: null });
  Object.assign(workflowApi, {
    listWorkflows: vi.fn(async () => [{ id: "wf1", name: "Digest", revision: 2, node_count: 7, updated_at_ms: 2, last_run: "succeeded" }]),
    getWorkflow: vi.fn(async () => stored()),
    saveWorkflow: vi.fn(async (input: { doc: Workflow["doc"] }) => ({ ...stored(), revision: 3, doc: input.doc })),
    validateWorkflow: vi.fn(async () => []),
    listWorkflowRuns: vi.fn(async () => []),
    deleteWorkflow: vi.fn(async () => null),
    listWorkflowSecrets: vi.fn(async () => []),
  });
});
afterEach(cleanup);

async function openScreen() {
  render(<WorkflowsScreen />);
  await screen.findByTestId("wf-node-llm_1");
}

describe("the Workflows screen", () => {
  it("lists the workflows, opens the first on the canvas with every node", async () => {
    await openScreen();
    expect(screen.getByTestId("wf-item").textContent).toContain("Digest");
    for (const id of ["start", "llm_1", "template_1", "condition_1", "iteration_1", "template_2", "end_1"]) expect(screen.getByTestId(`wf-node-${id}`)).toBeTruthy();
    // a condition's node shows its branch and else ports
    expect(screen.getByTestId("wf-node-condition_1").textContent).toContain("if_1");
  });

  it("asks in the app (never window.confirm) before deleting a workflow", async () => {
    const confirm = vi.spyOn(window, "confirm");
    await openScreen();
    fireEvent.click(screen.getByTestId("wf-delete"));
    const dialog = screen.getByTestId("wf-confirm-delete");
    expect(dialog.textContent).toContain("Digest");
    fireEvent.click(within(dialog).getByTestId("wf-confirm-delete-cancel"));
    expect(workflowApi.deleteWorkflow).not.toHaveBeenCalled();
    fireEvent.click(screen.getByTestId("wf-delete"));
    fireEvent.click(screen.getByTestId("wf-confirm-delete-confirm"));
    await waitFor(() => expect(workflowApi.deleteWorkflow).toHaveBeenCalledWith("wf1"));
    expect(confirm).not.toHaveBeenCalled();
  });

  it("adds a node from the palette, selects it for its panel, and Ctrl+Z takes it away", async () => {
    await openScreen();
    fireEvent.click(screen.getByTestId("wf-palette-http"));
    expect(await screen.findByTestId("wf-node-http_1")).toBeTruthy();
    await waitFor(() => expect(useCanvas.getState().selectedNodes).toEqual(["http_1"]));
    expect(await screen.findByTestId("wf-http-url")).toBeTruthy();
    expect(screen.getByTestId("wf-undo").getAttribute("title")).toBe("Undo: add node");
    fireEvent.keyDown(document.body, { key: "z", ctrlKey: true });
    await waitFor(() => expect(screen.queryByTestId("wf-node-http_1")).toBeNull());
    fireEvent.keyDown(document.body, { key: "z", ctrlKey: true, shiftKey: true });
    fireEvent.click(await screen.findByTestId("wf-node-http_1"));
    // Backspace in a field edits the field, not the canvas; on the canvas it deletes the selected node
    fireEvent.keyDown(await screen.findByTestId("wf-http-url"), { key: "Backspace" });
    expect(screen.getByTestId("wf-node-http_1")).toBeTruthy();
    fireEvent.keyDown(screen.getByTestId("wf-node-http_1"), { key: "Delete" });
    await waitFor(() => expect(screen.queryByTestId("wf-node-http_1")).toBeNull());
    expect(screen.getByTestId("wf-undo").getAttribute("title")).toBe("Undo: delete");
  });

  it("adds the node kind dragged from the palette where it is dropped on the canvas", async () => {
    await openScreen();
    const data = new Map<string, string>();
    const dataTransfer = { setData: (k: string, v: string) => data.set(k, v), getData: (k: string) => data.get(k) ?? "", get types() { return [...data.keys()]; }, effectAllowed: "", dropEffect: "" };
    fireEvent.dragStart(screen.getByTestId("wf-palette-extract"), { dataTransfer });
    const canvas = screen.getByTestId("wf-canvas");
    fireEvent.dragOver(canvas, { dataTransfer });
    fireEvent.drop(canvas, { dataTransfer, clientX: 40, clientY: 30 });
    expect(await screen.findByTestId("wf-node-extract_1")).toBeTruthy();
    // jsdom has no layout, so where it lands is not checked here, only that it is a real place on the canvas
    const added = useEditor.getState().doc!.nodes.at(-1)!;
    expect(added).toMatchObject({ id: "extract_1", parent: null, config: { kind: "extract" } });
    expect(Number.isFinite(added.position.x) && Number.isFinite(added.position.y)).toBe(true);
    expect(useEditor.getState().history.past.at(-1)!.name).toBe("add_node");
  });

  it("drags a node into an iteration and out again, each one undo step, saying which connections went", async () => {
    await openScreen();
    // llm_1 at (300, 0) to (1000, 280): inside iteration_1, drawn at (900, 200), which is outlined while it is there
    const iteration = screen.getByTestId("wf-node-iteration_1").closest(".react-flow__node")!;
    const drag = pressNode(screen.getByTestId("wf-node-llm_1"));
    act(() => drag.moveBy(700, 280));
    expect(iteration.classList.contains("wf-drop-target")).toBe(true);
    act(() => drag.release());
    expect(iteration.classList.contains("wf-drop-target")).toBe(false);
    await waitFor(() => expect(useEditor.getState().doc!.nodes.find((n) => n.id === "llm_1")).toMatchObject({ parent: "iteration_1", position: { x: 100, y: 80 } }));
    expect(useEditor.getState().history.past.map((c) => c.name)).toEqual(["reparent"]);
    expect(useEditor.getState().doc!.edges.some((e) => e.source === "llm_1" || e.target === "llm_1")).toBe(false);
    expect(screen.getByTestId("wf-canvas-note").textContent).toBe("Removed connections that would cross an iteration's border: 3");
    expect(screen.getByTestId("wf-undo").getAttribute("title")).toBe("Undo: move into or out of an iteration");
    fireEvent.keyDown(document.body, { key: "z", ctrlKey: true });
    await waitFor(() => expect(useEditor.getState().doc).toEqual(sampleDoc()));

    // template_2 at (40, 80) in iteration_1, 540 px to the left: on the top level at (400, 280)
    act(() => dragNode(screen.getByTestId("wf-node-template_2"), -540, 0));
    await waitFor(() => expect(useEditor.getState().doc!.nodes.find((n) => n.id === "template_2")).toMatchObject({ parent: null, position: { x: 400, y: 280 } }));
    expect(screen.getByTestId("wf-node-template_2")).toBeTruthy();
  });

  it("selects all, copies and pastes with the keyboard: fresh ids, one paste step to undo", async () => {
    await openScreen();
    fireEvent.keyDown(document.body, { key: "a", ctrlKey: true });
    await waitFor(() => expect(useCanvas.getState().selectedNodes).toHaveLength(7));
    fireEvent.keyDown(document.body, { key: "c", ctrlKey: true });
    fireEvent.keyDown(document.body, { key: "v", ctrlKey: true });
    await waitFor(() => expect(useEditor.getState().doc!.nodes).toHaveLength(13)); // the Start is not pasted twice
    expect(screen.getByTestId("wf-node-llm_2")).toBeTruthy();
    expect(useEditor.getState().doc!.edges).toHaveLength(5 + 4); // the edges among the copies that do not touch Start
    await waitFor(() => expect(useCanvas.getState().selectedNodes).toHaveLength(6)); // the pasted nodes are selected
    expect(screen.getByTestId("wf-undo").getAttribute("title")).toBe("Undo: paste");
    fireEvent.keyDown(document.body, { key: "z", metaKey: true });
    await waitFor(() => expect(useEditor.getState().doc).toEqual(sampleDoc()));
  });

  it("runs with the inputs form, then shows live status, streamed text, tokens and cost", async () => {
    let emit: (e: RunEvent) => void = () => {};
    let finish: (r: WorkflowRun) => void = () => {};
    workflowApi.runWorkflow = vi.fn((_input: RunWorkflow, onEvent: (e: RunEvent) => void) => {
      emit = onEvent;
      return new Promise<WorkflowRun>((resolve) => (finish = resolve));
    });
    await openScreen();
    fireEvent.click(screen.getByTestId("wf-run"));
    const dialog = screen.getByTestId("wf-inputs-dialog");
    fireEvent.click(within(dialog).getByTestId("wf-inputs-run"));
    expect(within(dialog).getByText("Required")).toBeTruthy(); // the Start input is required
    fireEvent.change(within(dialog).getByTestId("wf-input-input"), { target: { value: "cats" } });
    fireEvent.click(within(dialog).getByTestId("wf-inputs-run"));
    await waitFor(() => expect(workflowApi.runWorkflow).toHaveBeenCalled());
    expect(vi.mocked(workflowApi.runWorkflow).mock.calls[0][0]).toMatchObject({ workflow_id: "wf1", inputs: { input: "cats" }, from_node: null });

    act(() => {
      emit({ kind: "started", run: run() });
      emit({ kind: "node_started", node_id: "llm_1", scope: "" });
      emit({ kind: "node_delta", node_id: "llm_1", scope: "", text: "Cats are " });
      emit({ kind: "node_delta", node_id: "llm_1", scope: "", text: "great" });
    });
    expect(screen.getByTestId("wf-run-status").textContent).toBe("Running");
    expect(screen.getByTestId("wf-run-node-llm_1").textContent).toContain("Cats are great");
    expect(screen.getByTestId("wf-node-status-llm_1").getAttribute("title")).toBe("Running");
    const record = {
      node_id: "llm_1", scope: "", status: "succeeded" as const, inputs: { user: "cats" }, outputs: { text: "Cats are great" }, error: null, started_at_ms: 1000, ended_at_ms: 2500, first_token_ms: 1200,
      input_tokens: 1200, output_tokens: 30, cached_tokens: 0, reasoning_tokens: 0, cost_usd_micros: 1234, trace_id: null, attempts: 1, reused_from: null, fingerprint: "x",
    };
    const done = run({ inputs: { input: "cats" }, status: "succeeded", ended_at_ms: 3000, input_tokens: 1200, output_tokens: 30, cost_usd_micros: 1234, outputs: { result: "Cats are great!" } });
    await act(async () => {
      emit({ kind: "node_finished", node: record });
      emit({ kind: "finished", run: done });
      finish(done);
    });
    expect(screen.getByTestId("wf-run-status").textContent).toBe("Succeeded");
    expect(screen.getByTestId("wf-run-totals").textContent).toContain("1,200 in · 30 out");
    expect(screen.getByTestId("wf-run-totals").textContent).toContain("$0.0012");
    expect(screen.getByTestId("wf-run-outputs").textContent).toContain("Cats are great!");

    // the node's inputs and outputs of that run, and Run from here
    fireEvent.click(within(screen.getByTestId("wf-run-node-llm_1")).getByRole("button"));
    await waitFor(() => expect(useCanvas.getState().selectedNodes).toEqual(["llm_1"]));
    expect((await screen.findByTestId("wf-node-outputs")).textContent).toContain("Cats are great");
    fireEvent.click(screen.getByTestId("wf-run-from-here"));
    const again = screen.getByTestId("wf-inputs-dialog");
    expect((within(again).getByTestId("wf-input-input") as HTMLTextAreaElement).value).toBe("cats"); // the last run's inputs
    fireEvent.click(within(again).getByTestId("wf-inputs-run"));
    await waitFor(() => expect(vi.mocked(workflowApi.runWorkflow).mock.calls).toHaveLength(2));
    expect(vi.mocked(workflowApi.runWorkflow).mock.calls[1][0]).toMatchObject({ from_node: "llm_1", base_run_id: "r1" });
  });

  it("says clearly when the workflow was changed elsewhere, and saves nothing over it", async () => {
    workflowApi.saveWorkflow = vi.fn(async () => {
      throw new CommandError({ code: "conflict", message: "stale", category: "invalid_request", retriable: false, trace_id: null });
    });
    await openScreen();
    fireEvent.click(screen.getByTestId("wf-palette-template"));
    await act(() => useEditor.getState().flush());
    const banner = await screen.findByTestId("wf-conflict");
    expect(banner.textContent).toContain("changed elsewhere");
    expect(screen.getByTestId("wf-save-state").textContent).toBe("Not saved: changed elsewhere");
    expect((screen.getByTestId("wf-run") as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(within(banner).getByTestId("wf-conflict-reload"));
    await waitFor(() => expect(screen.queryByTestId("wf-conflict")).toBeNull());
    expect(screen.queryByTestId("wf-node-template_3")).toBeNull();
  });
});
