// The workflow list and the open workflow's draft: its document, the undo/redo history of named commands, and the
// autosave. Every edit is saved ~400 ms after it with the revision it was based on; a save the core refuses with
// `conflict` (saved elsewhere meanwhile) stops saving and says so, and nothing is overwritten. Canvas-only state
// (selection, viewport, open panel) is not here: see canvasStore.ts.
import { create } from "zustand";
import { isConflict, workflowApi, type Problem, type Workflow, type WorkflowDoc, type WorkflowSummary } from "../../data/workflows";
import { toAppError, type AppError } from "../../lib/api";
import type { Command } from "./graph/commands";
import { EMPTY_HISTORY, record, redoStep, undoStep, type History } from "./graph/history";
import { newNode } from "./nodes/registry";
import { shownProblems } from "./problems";
import { useProblems } from "./problemsStore";
import { useRun } from "./run/store";

export const SAVE_DELAY_MS = 400;

export type SaveState = "saved" | "pending" | "saving" | "conflict" | "error";

type EditorState = {
  list: WorkflowSummary[];
  listLoaded: boolean;
  openId: string | null;
  name: string;
  /** The stored revision the draft is based on: what the next save names. */
  revision: number;
  doc: WorkflowDoc | null;
  history: History;
  save: SaveState;
  saveError: AppError | null;
  error: AppError | null;
  coreProblems: Problem[];
  /** The draft the core's problems are about. */
  validated: WorkflowDoc | null;

  loadList: () => Promise<void>;
  open: (id: string | null) => Promise<void>;
  create: (name: string) => Promise<void>;
  rename: (id: string, name: string) => Promise<void>;
  duplicate: (id: string, copySuffix: string) => Promise<void>;
  remove: (id: string) => Promise<void>;
  /** Runs a command on the draft (null: nothing to do) and records it for undo. */
  apply: (command: Command | null) => boolean;
  undo: () => void;
  redo: () => void;
  /** Saves now whatever is waiting (before switching workflows, leaving the screen, running). */
  flush: () => Promise<void>;
  /** After a conflict: drops the draft and loads the stored workflow. */
  reload: () => Promise<void>;
  /** After a conflict: keeps the draft as a new workflow, leaving the stored one as it is. */
  saveAsCopy: (name: string) => Promise<void>;
  /** Shows a workflow the core returned from a history change (restore, switch, merge, import): its new revision
   * and document, with nothing left to save. */
  adopt: (w: Workflow) => void;
  dismissError: () => void;
};

/** A new, empty workflow starts with a Start and an End. */
export function seedDoc(): WorkflowDoc {
  const empty: WorkflowDoc = { version: 1, nodes: [], edges: [] };
  const start = newNode(empty, "start", { x: 0, y: 0 });
  const end = newNode({ ...empty, nodes: [start] }, "end", { x: 480, y: 0 });
  return { version: 1, nodes: [start, end], edges: [] };
}

function summaryOf(w: Workflow, lastRun: WorkflowSummary["last_run"] = null): WorkflowSummary {
  return { id: w.id, name: w.name, revision: w.revision, node_count: w.doc.nodes.length, updated_at_ms: w.updated_at_ms, last_run: lastRun };
}

export const useEditor = create<EditorState>((set, get) => {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let inFlight: Promise<void> | null = null;
  /** The document as last stored (identity): a draft that is this one has nothing to save. */
  let stored: WorkflowDoc | null = null;
  let validateSeq = 0;
  let openSeq = 0;

  const fail = (e: unknown) => set({ error: toAppError(e) });

  const showProblems = () => {
    const { doc, coreProblems, validated } = get();
    useProblems.getState().set(doc ? shownProblems(coreProblems, validated, doc) : []);
  };

  const validate = async (doc: WorkflowDoc) => {
    const seq = ++validateSeq;
    try {
      const problems = await workflowApi.validateWorkflow(doc);
      if (seq !== validateSeq) return;
      set({ coreProblems: problems, validated: doc });
      showProblems();
    } catch {
      // The editor's own checks still show; the core's come with the next save.
    }
  };

  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void get().flush(), SAVE_DELAY_MS);
  };

  const changed = (doc: WorkflowDoc, history: History) => {
    const { save } = get();
    set({ doc, history, save: save === "conflict" ? "conflict" : "pending" });
    showProblems();
    if (get().save !== "conflict") schedule();
  };

  const upsertSummary = (w: Workflow) =>
    set((s) => {
      const old = s.list.find((x) => x.id === w.id);
      const next = summaryOf(w, old?.last_run ?? null);
      return { list: old ? s.list.map((x) => (x.id === w.id ? next : x)) : [next, ...s.list] };
    });

  const load = (w: Workflow, doc: WorkflowDoc = w.doc) => {
    stored = w.doc;
    set({ openId: w.id, name: w.name, revision: w.revision, doc, history: EMPTY_HISTORY, save: doc === w.doc ? "saved" : "pending", saveError: null, coreProblems: [], validated: null });
    useRun.getState().show(w.id);
    showProblems();
    void validate(doc);
    void useRun.getState().loadLast(w.id);
    if (doc !== w.doc) schedule();
  };

  return {
    list: [],
    listLoaded: false,
    openId: null,
    name: "",
    revision: 0,
    doc: null,
    history: EMPTY_HISTORY,
    save: "saved",
    saveError: null,
    error: null,
    coreProblems: [],
    validated: null,

    loadList: async () => {
      try {
        const list = await workflowApi.listWorkflows();
        set({ list: [...list].sort((a, b) => b.updated_at_ms - a.updated_at_ms), listLoaded: true });
      } catch (e) {
        set({ listLoaded: true });
        fail(e);
      }
    },

    open: async (id) => {
      const seq = ++openSeq;
      await get().flush();
      if (!id) {
        stored = null;
        set({ openId: null, doc: null, name: "", revision: 0, history: EMPTY_HISTORY, save: "saved", coreProblems: [] });
        useRun.getState().show(null);
        showProblems();
        return;
      }
      try {
        const w = await workflowApi.getWorkflow(id);
        if (seq !== openSeq) return;
        load(w);
      } catch (e) {
        fail(e);
      }
    },

    create: async (name) => {
      try {
        await get().flush();
        const w = await workflowApi.createWorkflow(name);
        upsertSummary(w);
        openSeq++;
        // The core makes an empty document; a new workflow is more useful with its two ends on it.
        load(w, w.doc.nodes.length ? w.doc : seedDoc());
      } catch (e) {
        fail(e);
      }
    },

    rename: async (id, name) => {
      try {
        const w = await workflowApi.renameWorkflow(id, name);
        set((s) => ({ list: s.list.map((x) => (x.id === id ? { ...x, name: w.name } : x)), name: s.openId === id ? w.name : s.name }));
      } catch (e) {
        fail(e);
        throw e;
      }
    },

    duplicate: async (id, copySuffix) => {
      try {
        await get().flush();
        const original = get().list.find((x) => x.id === id)?.name ?? get().name;
        const w = await workflowApi.duplicateWorkflow(id, `${original} ${copySuffix}`);
        upsertSummary(w);
        openSeq++;
        load(w);
      } catch (e) {
        fail(e);
      }
    },

    remove: async (id) => {
      try {
        if (get().openId === id) {
          if (timer) clearTimeout(timer);
          timer = null;
          await inFlight;
        }
        await workflowApi.deleteWorkflow(id);
        const list = get().list.filter((x) => x.id !== id);
        set({ list });
        if (get().openId === id) {
          stored = null;
          set({ openId: null, doc: null, save: "saved" });
          await get().open(list[0]?.id ?? null);
        }
      } catch (e) {
        fail(e);
      }
    },

    apply: (command) => {
      const { doc, history, save } = get();
      if (!doc || !command || save === "conflict") return false;
      changed(command.do(doc), record(history, command, Date.now()));
      return true;
    },

    undo: () => {
      const { doc, history, save } = get();
      const step = doc && save !== "conflict" ? undoStep(history) : null;
      if (doc && step) changed(step.command.undo(doc), step.history);
    },

    redo: () => {
      const { doc, history, save } = get();
      const step = doc && save !== "conflict" ? redoStep(history) : null;
      if (doc && step) changed(step.command.do(doc), step.history);
    },

    flush: async () => {
      if (timer) clearTimeout(timer);
      timer = null;
      while (inFlight) await inFlight;
      const { openId: id, doc, revision, save } = get();
      if (!id || !doc || save === "conflict") return;
      if (doc === stored) {
        if (save !== "saved") set({ save: "saved" });
        return;
      }
      set({ save: "saving" });
      inFlight = (async () => {
        try {
          const w = await workflowApi.saveWorkflow({ id, base_revision: revision, doc });
          if (get().openId !== id) return;
          stored = doc;
          const still = get().doc === doc;
          set({ revision: w.revision, save: still ? "saved" : "pending", saveError: null });
          upsertSummary({ ...w, doc });
          void validate(doc);
          if (!still) schedule();
        } catch (e) {
          if (get().openId !== id) return;
          if (isConflict(e)) set({ save: "conflict", saveError: toAppError(e) });
          else set({ save: "error", saveError: toAppError(e) });
        } finally {
          inFlight = null;
        }
      })();
      await inFlight;
    },

    reload: async () => {
      const id = get().openId;
      if (!id) return;
      if (timer) clearTimeout(timer);
      timer = null;
      try {
        const w = await workflowApi.getWorkflow(id);
        upsertSummary(w);
        load(w);
      } catch (e) {
        fail(e);
      }
    },

    saveAsCopy: async (name) => {
      const doc = get().doc;
      if (!doc) return;
      try {
        const created = await workflowApi.createWorkflow(name);
        const w = await workflowApi.saveWorkflow({ id: created.id, base_revision: created.revision, doc });
        upsertSummary(w);
        openSeq++;
        load(w);
      } catch (e) {
        fail(e);
      }
    },

    adopt: (w) => {
      if (timer) clearTimeout(timer);
      timer = null;
      openSeq++;
      upsertSummary(w);
      load(w);
    },

    dismissError: () => set({ error: null }),
  };
});
