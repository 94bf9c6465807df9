import { beforeEach, describe, expect, it, vi } from "vitest";
import { historyApi, type Resolution } from "../../../data/workflowHistory";
import { workflowApi, type Workflow } from "../../../data/workflows";
import { CommandError } from "../../../lib/api";
import { useEditor } from "../store";
import { sampleDoc } from "../testDocs";
import { remaining, useMerge } from "./mergeStore";
import { conflict, mergePreview, overview } from "./testHistory";

const wf = (revision: number): Workflow => ({ id: "wf1", name: "Flow", revision, doc: sampleDoc(), created_at_ms: 1, updated_at_ms: 2 });
let stored: Workflow;

beforeEach(async () => {
  stored = wf(3);
  Object.assign(workflowApi, {
    getWorkflow: vi.fn(async () => stored),
    saveWorkflow: vi.fn(async () => stored),
    validateWorkflow: vi.fn(async () => []),
    listWorkflowRuns: vi.fn(async () => []),
  });
  Object.assign(historyApi, {
    history: vi.fn(async () => overview()),
    // The core echoes each resolution as the conflict's chosen side.
    previewMerge: vi.fn(async (_id: string, _from: string, resolutions: Resolution[]) =>
      mergePreview({ conflicts: ["c1", "c2"].map((id) => conflict(id, { chosen: resolutions.find((r) => r.conflict_id === id)?.side ?? null })) }),
    ),
    merge: vi.fn(async (rev: number) => ({ ...stored, revision: rev + 1 })),
  });
  useEditor.setState({ openId: null, doc: null, list: [], save: "saved" });
  useMerge.getState().reset();
  await useEditor.getState().open("wf1");
});

describe("a merge", () => {
  it("previews again with every side chosen so far, and counts what remains", async () => {
    await useMerge.getState().start("french");
    expect(historyApi.previewMerge).toHaveBeenLastCalledWith("wf1", "french", []);
    expect(remaining(useMerge.getState().preview, useMerge.getState().chosen)).toBe(2);
    await useMerge.getState().choose("c1", "theirs");
    expect(historyApi.previewMerge).toHaveBeenLastCalledWith("wf1", "french", [{ conflict_id: "c1", side: "theirs" }]);
    expect(remaining(useMerge.getState().preview, useMerge.getState().chosen)).toBe(1);
    await useMerge.getState().choose("c2", "ours");
    await useMerge.getState().choose("c1", "ours"); // changing one's mind replaces the choice
    expect(historyApi.previewMerge).toHaveBeenLastCalledWith("wf1", "french", [
      { conflict_id: "c1", side: "ours" },
      { conflict_id: "c2", side: "ours" },
    ]);
    expect(remaining(useMerge.getState().preview, useMerge.getState().chosen)).toBe(0);
  });

  it("a choice counts at once, before its preview comes back", () => {
    const p = mergePreview({ conflicts: [conflict("c1"), conflict("c2")] });
    expect(remaining(p, { c1: "ours" })).toBe(1);
    expect(remaining(null, {})).toBe(0);
  });

  it("applies with the heads it previewed, the choices and the editor's revision, then loads the result", async () => {
    await useMerge.getState().start("french");
    await useMerge.getState().choose("c1", "theirs");
    await useMerge.getState().choose("c2", "ours");
    expect(await useMerge.getState().apply("Merge french", "Draft kept before merging")).toBe(true);
    expect(historyApi.merge).toHaveBeenCalledWith(3, {
      workflow_id: "wf1",
      from_branch: "french",
      ours_head: "o".repeat(64),
      theirs_head: "t".repeat(64),
      resolutions: [
        { conflict_id: "c1", side: "theirs" },
        { conflict_id: "c2", side: "ours" },
      ],
      message: "Merge french",
      keep_message: "Draft kept before merging",
    });
    expect(useEditor.getState().revision).toBe(4);
  });

  it("when the branches changed meanwhile, reloads, previews again and says so", async () => {
    await useMerge.getState().start("french");
    historyApi.merge = vi.fn(async () => {
      stored = wf(7);
      throw new CommandError({ code: "conflict", message: "changed", category: "invalid_request", retriable: false, trace_id: null });
    });
    expect(await useMerge.getState().apply("m", "k")).toBe(false);
    expect(useMerge.getState().changedElsewhere).toBe(true);
    expect(useEditor.getState().revision).toBe(7);
    expect(historyApi.previewMerge).toHaveBeenCalledTimes(2);
    expect(useMerge.getState().loading).toBe(false);
  });
});
