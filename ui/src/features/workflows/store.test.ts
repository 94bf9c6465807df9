import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { workflowApi, type SaveWorkflow, type Workflow, type WorkflowDoc } from "../../data/workflows";
import { CommandError } from "../../lib/api";
import { addNode, rename } from "./graph/commands";
import { SAVE_DELAY_MS, seedDoc, useEditor } from "./store";
import { useProblems } from "./problemsStore";
import { node, sampleDoc } from "./testDocs";

const wf = (revision: number, doc: WorkflowDoc = sampleDoc(), id = "wf1"): Workflow => ({ id, name: "Flow", revision, doc, created_at_ms: 1, updated_at_ms: 2 });
const conflict = () => new CommandError({ code: "conflict", message: "changed elsewhere", category: "invalid_request", retriable: false, trace_id: null });

let stored: Workflow;
const save = vi.fn<(input: SaveWorkflow) => Promise<Workflow>>();

beforeEach(async () => {
  vi.useFakeTimers();
  stored = wf(3);
  save.mockReset().mockImplementation(async (input) => {
    if (input.base_revision !== stored.revision) throw conflict();
    stored = { ...stored, revision: stored.revision + 1, doc: input.doc };
    return stored;
  });
  Object.assign(workflowApi, {
    listWorkflows: vi.fn(async () => [{ id: "wf1", name: "Flow", revision: stored.revision, node_count: 7, updated_at_ms: 2, last_run: null }]),
    getWorkflow: vi.fn(async () => stored),
    saveWorkflow: save,
    validateWorkflow: vi.fn(async () => []),
    listWorkflowRuns: vi.fn(async () => []),
    createWorkflow: vi.fn(async (name: string) => ({ ...wf(1, { version: 1, nodes: [], edges: [] }, "wf2"), name })),
  });
  useEditor.setState({ openId: null, doc: null, list: [], save: "saved" });
  await useEditor.getState().open("wf1");
});

afterEach(() => vi.useRealTimers());

const edit = (title: string) => useEditor.getState().apply(rename(useEditor.getState().doc!, "llm_1", title));

describe("autosave", () => {
  it("saves ~400 ms after the last edit, with the revision it was based on, and takes the new revision", async () => {
    edit("A");
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS - 50);
    edit("AB");
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS - 50);
    expect(save).not.toHaveBeenCalled();
    expect(useEditor.getState().save).toBe("pending");
    await vi.advanceTimersByTimeAsync(100);
    expect(save).toHaveBeenCalledTimes(1);
    expect(save.mock.calls[0][0]).toMatchObject({ id: "wf1", base_revision: 3 });
    expect(save.mock.calls[0][0].doc.nodes[1].title).toBe("AB");
    expect(useEditor.getState().revision).toBe(4);
    expect(useEditor.getState().save).toBe("saved");

    edit("ABC");
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS);
    expect(save.mock.calls[1][0].base_revision).toBe(4);
    expect(useEditor.getState().revision).toBe(5);
  });

  it("an edit made while a save is on its way is saved after it, on the revision that save gave", async () => {
    let release: () => void = () => {};
    save.mockImplementationOnce(async (input) => {
      await new Promise<void>((r) => (release = r));
      stored = { ...stored, revision: stored.revision + 1, doc: input.doc };
      return stored;
    });
    edit("A");
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS);
    expect(useEditor.getState().save).toBe("saving");
    edit("AB");
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS * 3);
    expect(save).toHaveBeenCalledTimes(1); // waits for the first
    release();
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS);
    expect(save).toHaveBeenCalledTimes(2);
    expect(save.mock.calls[1][0].base_revision).toBe(4);
    expect(stored.doc.nodes[1].title).toBe("AB");
    expect(useEditor.getState().save).toBe("saved");
  });

  it("on a conflict says so, stops saving and changing the draft, and overwrites nothing", async () => {
    stored = { ...stored, revision: 9, doc: seedDoc() }; // saved elsewhere meanwhile
    const theirs = stored;
    edit("mine");
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS);
    expect(useEditor.getState().save).toBe("conflict");
    expect(stored).toBe(theirs);
    expect(edit("more")).toBe(false);
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS * 5);
    expect(save).toHaveBeenCalledTimes(1);

    await useEditor.getState().reload();
    expect(useEditor.getState().save).toBe("saved");
    expect(useEditor.getState().revision).toBe(9);
    expect(useEditor.getState().doc).toEqual(theirs.doc);
    expect(useEditor.getState().history.past).toHaveLength(0);
  });

  it("after a conflict the draft can be kept as a new workflow, leaving the stored one as it is", async () => {
    stored = { ...stored, revision: 9 };
    edit("mine");
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS);
    const theirs = stored;
    save.mockImplementationOnce(async (input) => ({ ...wf(2, input.doc, "wf2"), name: "Flow (mine)" }));
    await useEditor.getState().saveAsCopy("Flow (mine)");
    expect(save.mock.calls.at(-1)![0]).toMatchObject({ id: "wf2", base_revision: 1 });
    expect(save.mock.calls.at(-1)![0].doc.nodes[1].title).toBe("mine");
    expect(useEditor.getState().openId).toBe("wf2");
    expect(stored).toBe(theirs);
  });

  it("another failure keeps the draft and tries again on the next edit", async () => {
    save.mockImplementationOnce(async () => {
      throw new CommandError({ code: "storage_failed", message: "disk full", category: "storage", retriable: true, trace_id: "t1" });
    });
    edit("A");
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS);
    expect(useEditor.getState().save).toBe("error");
    expect(useEditor.getState().saveError?.code).toBe("storage_failed");
    edit("AB");
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS);
    expect(useEditor.getState().save).toBe("saved");
    expect(stored.doc.nodes[1].title).toBe("AB");
  });

  it("flushes a waiting edit before another workflow opens", async () => {
    edit("A");
    await useEditor.getState().open(null);
    expect(save).toHaveBeenCalledTimes(1);
    expect(stored.doc.nodes[1].title).toBe("A");
  });

  it("undo and redo change the draft and are saved like any edit", async () => {
    useEditor.getState().apply(addNode(node("http_1", "http")));
    useEditor.getState().undo();
    expect(useEditor.getState().doc).toEqual(sampleDoc());
    useEditor.getState().redo();
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS);
    expect(stored.doc.nodes.at(-1)!.id).toBe("http_1");
  });

  it("shows the core's problems by node, and the editor's own at once for a node the core has not seen", async () => {
    workflowApi.validateWorkflow = vi.fn(async () => [{ code: "not_connected" as const, node_id: "end_1", edge_id: null, subject: "in", message: "" }]);
    await useEditor.getState().reload();
    await vi.advanceTimersByTimeAsync(0);
    expect(useProblems.getState().byNode["end_1"]?.map((p) => p.code)).toEqual(["not_connected"]);
    useEditor.getState().apply(addNode(node("http_1", "http")));
    expect(useProblems.getState().byNode["http_1"]?.map((p) => [p.code, p.subject])).toEqual([["missing_field", "url"]]);
    expect(useProblems.getState().byNode["end_1"]?.map((p) => p.code)).toEqual(["not_connected"]);
  });

  it("a new workflow starts with a Start and an End, saved", async () => {
    save.mockImplementationOnce(async (input) => ({ ...wf(2, input.doc, "wf2"), name: "Mine" }));
    await useEditor.getState().create("Mine");
    expect(useEditor.getState().doc!.nodes.map((n) => n.id)).toEqual(["start", "end_1"]);
    expect(useEditor.getState().list[0]).toMatchObject({ id: "wf2", name: "Mine" });
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS);
    expect(save.mock.calls.at(-1)![0]).toMatchObject({ id: "wf2", base_revision: 1 });
    expect(save.mock.calls.at(-1)![0].doc.nodes.map((n) => n.config.kind)).toEqual(["start", "end"]);
    expect(useEditor.getState()).toMatchObject({ revision: 2, save: "saved" });
  });
});

describe("duplicate", () => {
  it("names the copy after the original with the suffix in the person's language, and opens it", async () => {
    await useEditor.getState().loadList();
    const duplicate = vi.fn(async (_id: string, name: string) => ({ ...wf(1, sampleDoc(), "wf3"), name }));
    workflowApi.duplicateWorkflow = duplicate;
    await useEditor.getState().duplicate("wf1", "（副本）");
    expect(duplicate).toHaveBeenCalledWith("wf1", "Flow （副本）");
    expect(useEditor.getState().openId).toBe("wf3");
    expect(useEditor.getState().name).toBe("Flow （副本）");
  });
});
