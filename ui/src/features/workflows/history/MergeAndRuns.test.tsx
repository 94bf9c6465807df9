import { cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { historyApi, type Resolution } from "../../../data/workflowHistory";
import { workflowApi, type WorkflowRun } from "../../../data/workflows";
import { fakeBrowser, mockCore, openScreen } from "./testScreen";
import { conflict, emptyDiff, mergePreview } from "./testHistory";

vi.mock("../../../bindings", () => ({ commands: { listRoutes: () => Promise.resolve({ status: "ok", data: [] }) } }));

beforeAll(fakeBrowser);
await import("../../../i18n");
const { useEditor } = await import("../store");

beforeEach(mockCore);
afterEach(cleanup);

describe("the merge dialog", () => {
  it("shows each conflict in words with both values, previews again per choice, and merges once all are chosen", async () => {
    historyApi.previewMerge = vi.fn(async (_id: string, _from: string, resolutions: Resolution[]) =>
      mergePreview({
        conflicts: [
          conflict("node:llm_1:config.user", { base: "Hello\nworld", ours: "Hello\nthere", theirs: "Bonjour\nworld" }),
          conflict("node:template_1", { kind: "delete_vs_edit", node_id: "template_1", path: null, ours: null, theirs: { title: "T" } }),
        ].map((c) => ({ ...c, chosen: resolutions.find((r) => r.conflict_id === c.id)?.side ?? null })),
        changes: emptyDiff({ nodes_added: [{ id: "http_1", kind: "http", title: "Translate" }] }),
      }),
    );
    await openScreen();
    fireEvent.click(screen.getByTestId("wf-branch-switcher"));
    fireEvent.click(screen.getByTestId("wf-merge-from-french"));
    const dialog = await screen.findByTestId("wf-merge-dialog");
    const cards = await within(dialog).findAllByTestId("wf-conflict");
    expect(cards.map((c) => c.getAttribute("data-conflict-id"))).toEqual(["node:llm_1:config.user", "node:template_1"]);
    expect(cards[0].textContent).toContain("Changed on both branches");
    expect(cards[1].textContent).toContain("Deleted on one branch, edited on the other");
    expect(cards[1].textContent).toContain("(not there)");
    // a text value is shown line by line against the common version
    expect(within(cards[0]).getByTestId("wf-conflict-theirs-value").querySelector(".wf-line.added")?.textContent).toContain("Bonjour");
    expect(within(cards[0]).getByTestId("wf-conflict-theirs").textContent).toBe("Take the one from “french”");
    expect(within(dialog).getByTestId("wf-merge-changes").textContent).toContain("Translate");
    expect(within(dialog).getByTestId("wf-merge-remaining").textContent).toContain("2");
    const apply = within(dialog).getByTestId("wf-merge-apply") as HTMLButtonElement;
    expect(apply.disabled).toBe(true);

    fireEvent.click(within(cards[0]).getByTestId("wf-conflict-theirs"));
    await waitFor(() => expect(historyApi.previewMerge).toHaveBeenLastCalledWith("wf1", "french", [{ conflict_id: "node:llm_1:config.user", side: "theirs" }]));
    expect(within(dialog).getByTestId("wf-merge-remaining").textContent).toContain("1");
    expect(apply.disabled).toBe(true);
    fireEvent.click(within(cards[1]).getByTestId("wf-conflict-ours"));
    await waitFor(() => expect(apply.disabled).toBe(false));
    fireEvent.click(apply);
    await waitFor(() => expect(historyApi.merge).toHaveBeenCalled());
    expect(vi.mocked(historyApi.merge).mock.calls[0][0]).toBe(2);
    expect(vi.mocked(historyApi.merge).mock.calls[0][1]).toMatchObject({ from_branch: "french", message: "Merge french into main", keep_message: "Draft kept before merging french" });
    await waitFor(() => expect(screen.queryByTestId("wf-merge-dialog")).toBeNull());
    expect(useEditor.getState().revision).toBe(3);
  });

  it("offers keep both only for a node both branches added, and sends that choice", async () => {
    historyApi.previewMerge = vi.fn(async (_id: string, _from: string, resolutions: Resolution[]) =>
      mergePreview({
        conflicts: [
          conflict("node:template_2", { kind: "both_added", node_id: "template_2", path: null, base: null, ours: { title: "A" }, theirs: { title: "B" } }),
          conflict("node:llm_1:config.user", { base: "a", ours: "b", theirs: "c" }),
        ].map((c) => ({ ...c, chosen: resolutions.find((r) => r.conflict_id === c.id)?.side ?? null })),
      }),
    );
    await openScreen();
    fireEvent.click(screen.getByTestId("wf-branch-switcher"));
    fireEvent.click(screen.getByTestId("wf-merge-from-french"));
    const cards = await within(await screen.findByTestId("wf-merge-dialog")).findAllByTestId("wf-conflict");
    expect(within(cards[1]).queryByTestId("wf-conflict-both")).toBeNull();
    const both = within(cards[0]).getByTestId("wf-conflict-both");
    expect(both.getAttribute("title")).toContain("french");
    fireEvent.click(both);
    await waitFor(() => expect(historyApi.previewMerge).toHaveBeenLastCalledWith("wf1", "french", [{ conflict_id: "node:template_2", side: "both" }]));
    await waitFor(() => expect(within(screen.getAllByTestId("wf-conflict")[0]).getByTestId("wf-conflict-both").getAttribute("aria-pressed")).toBe("true"));
  });

  it("says when a merge only moves the branch forward", async () => {
    historyApi.previewMerge = vi.fn(async () => mergePreview({ fast_forward: true }));
    await openScreen();
    fireEvent.click(screen.getByTestId("wf-branch-switcher"));
    fireEvent.click(screen.getByTestId("wf-merge-from-french"));
    expect((await screen.findByTestId("wf-merge-fast-forward")).textContent).toContain("Fast-forward");
    expect((screen.getByTestId("wf-merge-apply") as HTMLButtonElement).disabled).toBe(false);
  });
});

const run = (id: string, started: number, over: Partial<WorkflowRun> = {}): WorkflowRun => ({
  id, workflow_id: "wf1", revision: 2, status: "succeeded", inputs: {}, outputs: null, error: null, from_node: null, base_run_id: null,
  started_at_ms: started, ended_at_ms: started + 100, input_tokens: 0, output_tokens: 0, cost_usd_micros: 0, doc_hash: "h", version_id: null, ...over,
});
const record = (text: string, cost: number) => ({
  node_id: "llm_1", scope: "", status: "succeeded" as const, inputs: { user: "cats" }, outputs: { text }, error: null, started_at_ms: 0, ended_at_ms: 1500, first_token_ms: 10,
  input_tokens: 100, output_tokens: 20, cached_tokens: 0, reasoning_tokens: 0, cost_usd_micros: cost, trace_id: null, attempts: 1, reused_from: null, fingerprint: "f",
});

describe("comparing two runs", () => {
  it("picks two runs, shows each node side by side with the output diff, folds the unchanged, and reopens a run's version", async () => {
    const older = run("r1", 1000, { version_id: "aaaaaaaa".padEnd(64, "0") });
    const newer = run("r2", 2000);
    workflowApi.listWorkflowRuns = vi.fn(async () => [older, newer]);
    historyApi.compareRuns = vi.fn(async () => ({
      a: older,
      b: newer,
      doc_changes: emptyDiff(),
      nodes: [
        { node_id: "llm_1", scope: "", title: "Summarise", kind: "llm", a: record("Cats", 1000), b: record("Dogs", 2000), same_inputs: true, same_outputs: false, output_lines: [{ op: "removed" as const, text: "Cats" }, { op: "added" as const, text: "Dogs" }] },
        { node_id: "start", scope: "", title: "", kind: "start", a: null, b: null, same_inputs: true, same_outputs: true, output_lines: [] },
      ],
    }));
    await openScreen();
    fireEvent.click(screen.getByTestId("wf-tab-run"));
    const picks = await screen.findAllByTestId("wf-run-compare-pick");
    expect(screen.getAllByTestId("wf-run-row")[0].textContent).toContain("uncommitted draft"); // newest first
    const compare = screen.getByTestId("wf-run-compare") as HTMLButtonElement;
    fireEvent.click(picks[0]);
    expect(compare.disabled).toBe(true);
    fireEvent.click(picks[1]);
    fireEvent.click(compare);
    await waitFor(() => expect(historyApi.compareRuns).toHaveBeenCalledWith("r1", "r2")); // the earlier run is A
    const view = await screen.findByTestId("wf-run-compare-view");
    expect(within(view).getAllByTestId("wf-compare-node")).toHaveLength(1); // the unchanged Start is folded away
    expect(within(view).getByTestId("wf-compare-node").textContent).toContain("outputs differ");
    expect(within(view).getByTestId("wf-compare-output-diff").querySelector(".wf-line.added")?.textContent).toContain("Dogs");
    expect(view.textContent).toContain("Ran version aaaaaaaa");
    expect(view.textContent).toContain("$0.0010");
    fireEvent.click(within(view).getByTestId("wf-compare-toggle-same"));
    expect(within(view).getAllByTestId("wf-compare-node")).toHaveLength(2);

    fireEvent.click(within(view).getByTestId("wf-run-open-version"));
    await waitFor(() => expect(historyApi.restoreRun).toHaveBeenCalledWith("r1", 2, expect.stringContaining("Draft kept before reopening the run")));
    await waitFor(() => expect(useEditor.getState().revision).toBe(3));
    await waitFor(() => expect(screen.queryByTestId("wf-run-compare-view")).toBeNull());
  });
});
