import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { historyApi } from "../../../data/workflowHistory";
import { workflowApi, type SaveWorkflow, type Workflow, type WorkflowDoc } from "../../../data/workflows";
import { CommandError } from "../../../lib/api";
import { rename } from "../graph/commands";
import { useEditor } from "../store";
import { sampleDoc } from "../testDocs";
import { useHistory } from "./store";
import { overview } from "./testHistory";

const wf = (revision: number, doc: WorkflowDoc = sampleDoc()): Workflow => ({ id: "wf1", name: "Flow", revision, doc, created_at_ms: 1, updated_at_ms: 2 });
const refused = (code: string) => new CommandError({ code, message: `refused: ${code}`, category: "invalid_request", retriable: false, trace_id: null });

let stored: Workflow;
const calls: string[] = [];

beforeEach(async () => {
  calls.length = 0;
  stored = wf(3);
  Object.assign(workflowApi, {
    getWorkflow: vi.fn(async () => stored),
    saveWorkflow: vi.fn(async (input: SaveWorkflow) => {
      calls.push(`save@${input.base_revision}`);
      if (input.base_revision !== stored.revision) throw refused("conflict");
      stored = { ...stored, revision: stored.revision + 1, doc: input.doc };
      return stored;
    }),
    validateWorkflow: vi.fn(async () => []),
    listWorkflowRuns: vi.fn(async () => []),
  });
  Object.assign(historyApi, {
    history: vi.fn(async () => overview()),
    commit: vi.fn(async (_id: string, rev: number) => {
      calls.push(`commit@${rev}`);
      return overview().versions[0];
    }),
    restoreVersion: vi.fn(async (_id: string, rev: number) => {
      calls.push(`restore@${rev}`);
      if (rev !== stored.revision) throw refused("conflict");
      stored = { ...stored, revision: rev + 1, doc: { ...sampleDoc(), nodes: sampleDoc().nodes.slice(0, 2) } };
      return stored;
    }),
    createBranch: vi.fn(async (_id: string, name: string) => {
      calls.push(`create:${name}`);
      return { name, head: null, active: false, dirty: false };
    }),
    switchBranch: vi.fn(async (_id: string, rev: number, name: string) => {
      calls.push(`switch:${name}@${rev}`);
      stored = { ...stored, revision: rev + 1 };
      return stored;
    }),
    tag: vi.fn(async () => null),
  });
  useEditor.setState({ openId: null, doc: null, list: [], save: "saved" });
  useHistory.setState({ overview: null, error: null, notice: null, busy: false });
  await useEditor.getState().open("wf1");
});

afterEach(() => vi.useRealTimers());

const edit = (title: string) => useEditor.getState().apply(rename(useEditor.getState().doc!, "llm_1", title));

describe("history changes", () => {
  it("save the waiting edit first, then commit on the revision that save gave", async () => {
    edit("waiting");
    expect(await useHistory.getState().commit("First")).toBe(true);
    expect(calls).toEqual(["save@3", "commit@4"]);
    expect(stored.doc.nodes[1].title).toBe("waiting");
    expect(historyApi.commit).toHaveBeenCalledWith("wf1", 4, "First");
    expect(useHistory.getState().overview?.branch).toBe("main"); // the history is loaded again after
  });

  it("a restore loads the workflow the core returns into the editor, with its new revision", async () => {
    expect(await useHistory.getState().restore("v1", "Draft kept before restoring v1")).toBe(true);
    expect(historyApi.restoreVersion).toHaveBeenCalledWith("wf1", 3, "v1", "Draft kept before restoring v1");
    expect(useEditor.getState().revision).toBe(4);
    expect(useEditor.getState().doc!.nodes).toHaveLength(2);
    expect(useEditor.getState().save).toBe("saved");
  });

  it("a change refused as changed elsewhere reloads the workflow and says so", async () => {
    historyApi.restoreVersion = vi.fn(async () => {
      stored = wf(8);
      throw refused("conflict");
    });
    expect(await useHistory.getState().restore("v1", "kept")).toBe(false);
    expect(useHistory.getState().notice).toBe("changedElsewhere");
    expect(useEditor.getState().revision).toBe(8);
  });

  it("another refusal is shown as the error, and the draft stays", async () => {
    historyApi.commit = vi.fn(async () => {
      throw refused("workflow_nothing_to_commit");
    });
    expect(await useHistory.getState().commit("Again")).toBe(false);
    expect(useHistory.getState().error?.code).toBe("workflow_nothing_to_commit");
    expect(useEditor.getState().revision).toBe(3);
  });

  it("does nothing while the draft cannot be saved, and says why", async () => {
    stored = wf(9); // saved elsewhere: the editor's save is refused
    edit("mine");
    expect(await useHistory.getState().commit("First")).toBe(false);
    expect(historyApi.commit).not.toHaveBeenCalled();
    expect(useHistory.getState().notice).toBe("notSaved");
  });

  it("a new branch is created from the active head and then switched to", async () => {
    expect(await useHistory.getState().createBranch("french", null)).toBe(true);
    expect(historyApi.createBranch).toHaveBeenCalledWith("wf1", "french", null);
    expect(calls).toEqual(["create:french", "switch:french@3"]);
    expect(useEditor.getState().revision).toBe(4);
  });

  it("a branch that cannot be created is not switched to", async () => {
    historyApi.createBranch = vi.fn(async () => {
      throw refused("workflow_branch_needs_version");
    });
    expect(await useHistory.getState().createBranch("french", null)).toBe(false);
    expect(historyApi.switchBranch).not.toHaveBeenCalled();
    expect(useHistory.getState().error?.code).toBe("workflow_branch_needs_version");
  });
});
