import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { historyApi } from "../../../data/workflowHistory";
import { workflowApi } from "../../../data/workflows";
import { CommandError } from "../../../lib/api";
import { sampleDoc } from "../testDocs";
import { fakeBrowser, mockCore, openScreen, stored } from "./testScreen";
import { emptyDiff, overview, version } from "./testHistory";

vi.mock("../../../bindings", () => ({ commands: { listRoutes: () => Promise.resolve({ status: "ok", data: [] }) } }));

beforeAll(fakeBrowser);
await import("../../../i18n");
const { useEditor } = await import("../store");

beforeEach(mockCore);
afterEach(cleanup);

const refused = (code: string, message = `refused: ${code}`) => new CommandError({ code, message, category: "invalid_request", retriable: false, trace_id: null });
const ctrlShift = (key: string) => fireEvent.keyDown(document.body, { key, ctrlKey: true, shiftKey: true });

describe("committing", () => {
  it("Ctrl+Shift+S opens Commit; Enter commits the message on the editor's revision", async () => {
    historyApi.history = vi.fn(async () => overview({ dirty: true }));
    await openScreen();
    expect(screen.getByTestId("wf-branch-switcher").textContent).toBe("main");
    expect(screen.getByTestId("wf-branch-dirty")).toBeTruthy();
    ctrlShift("S");
    const input = await screen.findByTestId("wf-commit-message");
    // typing in the field does not open anything again
    fireEvent.keyDown(input, { key: "B", ctrlKey: true, shiftKey: true });
    expect(screen.queryByRole("menu")).toBeNull();
    fireEvent.change(input, { target: { value: "Shorter prompt" } });
    fireEvent.keyDown(input, { key: "Enter" });
    await waitFor(() => expect(historyApi.commit).toHaveBeenCalledWith("wf1", 2, "Shorter prompt"));
    await waitFor(() => expect(screen.queryByTestId("wf-commit-dialog")).toBeNull());
  });

  it("says so in the dialog when nothing changed since the last version", async () => {
    historyApi.commit = vi.fn(async () => {
      throw refused("workflow_nothing_to_commit", "Nothing changed since the last version on this branch.");
    });
    await openScreen();
    fireEvent.click(screen.getByTestId("wf-commit-open"));
    fireEvent.change(screen.getByTestId("wf-commit-message"), { target: { value: "Again" } });
    fireEvent.click(screen.getByTestId("wf-commit-submit"));
    const dialog = screen.getByTestId("wf-commit-dialog");
    expect((await within(dialog).findByTestId("error-banner")).textContent).toContain("Nothing changed since the last version");
  });
});

describe("branches", () => {
  it("Ctrl+Shift+B opens the switcher; a branch switches, New branch creates from the head and switches", async () => {
    await openScreen();
    ctrlShift("b");
    fireEvent.click(await screen.findByTestId("wf-branch-option-french"));
    await waitFor(() => expect(historyApi.switchBranch).toHaveBeenCalledWith("wf1", 2, "french"));
    await waitFor(() => expect(useEditor.getState().revision).toBe(3)); // the returned workflow is loaded

    fireEvent.click(screen.getByTestId("wf-branch-switcher"));
    fireEvent.click(screen.getByTestId("wf-branch-new"));
    fireEvent.change(screen.getByTestId("wf-branch-name"), { target: { value: "experiment" } });
    fireEvent.click(screen.getByTestId("wf-branch-create"));
    await waitFor(() => expect(historyApi.switchBranch).toHaveBeenLastCalledWith("wf1", 3, "experiment"));
    expect(historyApi.createBranch).toHaveBeenCalledWith("wf1", "experiment", null);
  });

  it("Delete asks first: Cancel keeps the branch, Delete deletes it", async () => {
    await openScreen();
    fireEvent.click(screen.getByTestId("wf-branch-switcher"));
    fireEvent.click(screen.getByTestId("wf-branch-delete-french"));
    const dialog = screen.getByTestId("wf-branch-delete-dialog");
    expect(dialog.textContent).toContain("french");
    fireEvent.click(within(dialog).getByText("Cancel"));
    expect(screen.queryByTestId("wf-branch-delete-dialog")).toBeNull();
    expect(historyApi.deleteBranch).not.toHaveBeenCalled();

    fireEvent.click(screen.getByTestId("wf-branch-delete-french"));
    fireEvent.click(within(screen.getByTestId("wf-branch-delete-dialog")).getByRole("button", { name: "Delete branch" }));
    await waitFor(() => expect(historyApi.deleteBranch).toHaveBeenCalledWith("wf1", "french"));
    await waitFor(() => expect(historyApi.history).toHaveBeenCalledTimes(2));
  });

  it("a switch refused as changed elsewhere reloads the workflow and says it changed elsewhere", async () => {
    historyApi.switchBranch = vi.fn(async () => {
      throw refused("conflict");
    });
    await openScreen();
    workflowApi.getWorkflow = vi.fn(async () => stored({ revision: 7 }));
    fireEvent.click(screen.getByTestId("wf-branch-switcher"));
    fireEvent.click(screen.getByTestId("wf-branch-option-french"));
    expect((await screen.findByTestId("wf-history-notice")).textContent).toContain("changed elsewhere");
    expect(useEditor.getState().revision).toBe(7);
  });
});

describe("the History tab", () => {
  it("lists versions newest first and shows a diff in the list and on the canvas until closed", async () => {
    historyApi.diff = vi.fn(async () =>
      emptyDiff({
        nodes_added: [{ id: "template_2", kind: "template", title: "" }],
        nodes_removed: [{ id: "http_9", kind: "http", title: "Old call" }],
        nodes_changed: [{ node: { id: "llm_1", kind: "llm", title: "" }, moved: null, fields: [{ path: "config.user", old: "a\nb", new: "a\nc", lines: [{ op: "same", text: "a" }, { op: "removed", text: "b" }, { op: "added", text: "c" }] }] }],
      }),
    );
    await openScreen();
    fireEvent.click(screen.getByTestId("wf-history-tab"));
    const rows = await screen.findAllByTestId("wf-version");
    expect(rows.map((r) => r.textContent)).toEqual([expect.stringContaining("Second"), expect.stringContaining("First")]);
    expect(rows[0].getAttribute("data-version-id")).toBe(overview().versions[0].id);
    expect(rows[0].textContent).toContain("bbbbbbbb");
    expect(rows[0].textContent).toContain("latest on this branch");

    fireEvent.click(within(rows[1]).getByTestId("wf-version-diff"));
    const list = await screen.findByTestId("wf-diff-list");
    expect(historyApi.diff).toHaveBeenCalledWith("wf1", { kind: "version", id: overview().versions[1].id }, { kind: "draft" });
    expect(list.textContent).toContain("Old call");
    expect(list.textContent).toContain("config.user");
    expect(list.querySelector(".wf-line.removed")?.textContent).toContain("b");
    expect(list.querySelector(".wf-line.added")?.textContent).toContain("c");
    expect(screen.getByTestId("wf-node-template_2").getAttribute("data-diff")).toBe("added");
    expect(screen.getByTestId("wf-node-llm_1").getAttribute("data-diff")).toBe("changed");
    expect(screen.getByTestId("wf-node-start").getAttribute("data-diff")).toBeNull();

    fireEvent.click(screen.getByTestId("wf-diff-close"));
    await waitFor(() => expect(screen.queryByTestId("wf-diff-list")).toBeNull());
    expect(screen.getByTestId("wf-node-llm_1").getAttribute("data-diff")).toBeNull();
  });

  it("keeps a diff while the screen mounts again, and closes it when another workflow opens", async () => {
    historyApi.diff = vi.fn(async () => emptyDiff({ nodes_added: [{ id: "template_2", kind: "template", title: "" }] }));
    await openScreen();
    fireEvent.click(screen.getByTestId("wf-history-tab"));
    fireEvent.click(within((await screen.findAllByTestId("wf-version"))[1]).getByTestId("wf-version-diff"));
    await screen.findByTestId("wf-diff-bar");
    cleanup();
    const { default: WorkflowsScreen } = await import("../WorkflowsScreen");
    render(<WorkflowsScreen />);
    await screen.findByTestId("wf-node-llm_1");
    expect(screen.getByTestId("wf-diff-bar")).toBeTruthy();
    const { useDiff } = await import("./diffStore");
    act(() => useEditor.setState({ openId: "wf2" }));
    expect(useDiff.getState().shown).toBeNull();
  });

  it("compares two picked versions, the older one first, in the list only (the canvas is the draft)", async () => {
    historyApi.diff = vi.fn(async () => emptyDiff());
    await openScreen();
    fireEvent.click(screen.getByTestId("wf-history-tab"));
    const rows = await screen.findAllByTestId("wf-version");
    const compare = screen.getByTestId("wf-versions-compare") as HTMLButtonElement;
    fireEvent.click(within(rows[0]).getByTestId("wf-version-pick"));
    expect(compare.disabled).toBe(true);
    fireEvent.click(within(rows[1]).getByTestId("wf-version-pick"));
    fireEvent.click(compare);
    await waitFor(() => expect(historyApi.diff).toHaveBeenCalledWith("wf1", { kind: "version", id: overview().versions[1].id }, { kind: "version", id: overview().versions[0].id }));
    expect((await screen.findByTestId("wf-diff-list")).textContent).toBe("No differences.");
    expect(screen.getByTestId("wf-diff-list-only").textContent).toContain("list only");

    historyApi.diff = vi.fn(async () =>
      emptyDiff({ nodes_changed: [{ node: { id: "llm_1", kind: "llm", title: "" }, moved: null, fields: [{ path: "config.user", old: "a", new: "b", lines: [] }] }] }),
    );
    fireEvent.click(compare);
    await waitFor(() => expect(screen.getByTestId("wf-diff-list").textContent).toContain("config.user"));
    expect(screen.getByTestId("wf-node-llm_1").getAttribute("data-diff")).toBeNull();
  });

  it("restores after asking, keeping a draft with changes under a message that names the version", async () => {
    historyApi.history = vi.fn(async () => overview({ dirty: true }));
    await openScreen();
    fireEvent.click(screen.getByTestId("wf-history-tab"));
    const rows = await screen.findAllByTestId("wf-version");
    fireEvent.click(within(rows[1]).getByTestId("wf-version-restore"));
    expect(screen.getByTestId("wf-restore").textContent).toContain("Draft kept before restoring aaaaaaaa");
    expect(historyApi.restoreVersion).not.toHaveBeenCalled();
    fireEvent.click(screen.getByTestId("wf-restore-confirm"));
    await waitFor(() => expect(historyApi.restoreVersion).toHaveBeenCalledWith("wf1", 2, overview().versions[1].id, "Draft kept before restoring aaaaaaaa"));
    await waitFor(() => expect(useEditor.getState().revision).toBe(3));
  });

  it("tags a version and takes a tag off", async () => {
    historyApi.history = vi.fn(async () => overview({ versions: [version("bbbbbbbb", { tags: ["prod"] }), version("aaaaaaaa")] }));
    await openScreen();
    fireEvent.click(screen.getByTestId("wf-history-tab"));
    const rows = await screen.findAllByTestId("wf-version");
    expect(rows[0].textContent).toContain("prod");
    fireEvent.click(within(rows[0]).getByTestId("wf-version-tag"));
    fireEvent.change(screen.getByTestId("wf-tag-name"), { target: { value: "v2" } });
    fireEvent.click(screen.getByTestId("wf-tag-add"));
    await waitFor(() => expect(historyApi.tag).toHaveBeenCalledWith("wf1", "bbbbbbbb".padEnd(64, "0"), "v2"));
    fireEvent.click(screen.getByTestId("wf-tag-remove-prod"));
    await waitFor(() => expect(historyApi.untag).toHaveBeenCalledWith("wf1", "prod"));
  });
});

describe("files", () => {
  it("exports with history and shows where the file was written", async () => {
    await openScreen();
    fireEvent.click(screen.getByTestId("wf-export-open"));
    fireEvent.click(screen.getByTestId("wf-export-history")); // off
    fireEvent.click(screen.getByTestId("wf-export-json"));
    await waitFor(() => expect(historyApi.exportWorkflow).toHaveBeenCalledWith("wf1", "json", false));
    expect((await screen.findByTestId("wf-export-path")).textContent).toBe("/home/me/Downloads/Digest-history.yaml");
  });

  it("imports pasted or picked text, opens the new workflow, and shows why a file is refused", async () => {
    historyApi.importWorkflow = vi
      .fn()
      .mockRejectedValueOnce(refused("workflow_file_newer", "This file was written by a newer Switchyard."))
      .mockResolvedValueOnce(stored({ id: "wf2", name: "Imported", revision: 1, doc: { ...sampleDoc(), nodes: sampleDoc().nodes.slice(0, 2) } }));
    await openScreen();
    fireEvent.click(screen.getByTestId("wf-import-open"));
    const file = new File(["name: Imported\n"], "flow.yaml", { type: "text/yaml" });
    fireEvent.change(screen.getByTestId("wf-import-file"), { target: { files: [file] } });
    await waitFor(() => expect((screen.getByTestId("wf-import-text") as HTMLTextAreaElement).value).toBe("name: Imported\n"));
    fireEvent.click(screen.getByTestId("wf-import-submit"));
    const dialog = screen.getByTestId("wf-import-dialog");
    expect((await within(dialog).findByTestId("error-banner")).textContent).toContain("newer Switchyard");
    fireEvent.change(screen.getByTestId("wf-import-text"), { target: { value: "{}" } });
    await act(async () => fireEvent.click(screen.getByTestId("wf-import-submit")));
    await waitFor(() => expect(useEditor.getState().openId).toBe("wf2"));
    expect(historyApi.importWorkflow).toHaveBeenLastCalledWith("{}");
    expect(screen.queryByTestId("wf-import-dialog")).toBeNull();
    await waitFor(() => expect(screen.queryByTestId("wf-node-template_1")).toBeNull()); // the imported document is on the canvas
  });
});
