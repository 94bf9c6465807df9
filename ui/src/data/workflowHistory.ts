// The workflow history's door to the core: versions, branches, merges, tags, files and run comparisons behind
// `historyApi`, an object tests replace (as `workflowApi` in workflows.ts). The types are the generated ones as the
// core sends them, with the editor's document and run types where a document or a run is inside.
import {
  commands,
  type ConflictKind as GeneratedConflictKind,
  type DocDiff_Serialize,
  type DocRef as GeneratedDocRef,
  type FieldChange_Serialize,
  type FileFormat as GeneratedFileFormat,
  type HistoryOverview_Serialize,
  type LineChange as GeneratedLineChange,
  type MergeConflict_Serialize,
  type MergePreview_Serialize,
  type MergeWorkflow_Serialize,
  type NodeChange_Serialize,
  type NodeComparison_Serialize,
  type NodeRef as GeneratedNodeRef,
  type Resolution as GeneratedResolution,
  type Side as GeneratedSide,
  type WorkflowBranch_Serialize,
  type WorkflowVersion as GeneratedWorkflowVersion,
} from "../bindings";
import { unwrap } from "../lib/api";
import { allOf, type NodeRun, type Workflow, type WorkflowDoc, type WorkflowEdge, type WorkflowRun } from "./workflows";

export type WorkflowVersion = GeneratedWorkflowVersion;
export type WorkflowBranch = WorkflowBranch_Serialize;
export type HistoryOverview = HistoryOverview_Serialize;
export type DocRef = GeneratedDocRef;
export type NodeRef = GeneratedNodeRef;
export type LineChange = GeneratedLineChange;
export type FieldChange = FieldChange_Serialize;
export type NodeChange = NodeChange_Serialize;
export type DocDiff = Omit<DocDiff_Serialize, "edges_added" | "edges_removed"> & { edges_added: WorkflowEdge[]; edges_removed: WorkflowEdge[] };
export type ConflictKind = GeneratedConflictKind;
export const CONFLICT_KINDS = allOf<ConflictKind>()(["both_changed", "delete_vs_edit", "both_added"]);
export type Side = GeneratedSide;
export type Resolution = GeneratedResolution;
export type MergeConflict = MergeConflict_Serialize;
export type MergePreview = Omit<MergePreview_Serialize, "merged" | "changes"> & { merged: WorkflowDoc; changes: DocDiff };
export type MergeWorkflow = MergeWorkflow_Serialize;
export type FileFormat = GeneratedFileFormat;
export type NodeComparison = Omit<NodeComparison_Serialize, "a" | "b"> & { a: NodeRun | null; b: NodeRun | null };
export type RunComparison = { a: WorkflowRun; b: WorkflowRun; doc_changes: DocDiff; nodes: NodeComparison[] };
export type VersionDetail = { version: WorkflowVersion; doc: WorkflowDoc };

export const DRAFT: DocRef = { kind: "draft" };
export const versionRef = (id: string): DocRef => ({ kind: "version", id });
/** A version's id as people see it: its first 8 hex digits. */
export const shortId = (id: string) => id.slice(0, 8);

/** Each resolves with the data or rejects with a CommandError; every change names the editor's revision. */
export type HistoryApi = {
  history: (workflowId: string) => Promise<HistoryOverview>;
  commit: (workflowId: string, baseRevision: number, message: string) => Promise<WorkflowVersion>;
  getVersion: (workflowId: string, versionId: string) => Promise<VersionDetail>;
  diff: (workflowId: string, from: DocRef, to: DocRef) => Promise<DocDiff>;
  restoreVersion: (workflowId: string, baseRevision: number, versionId: string, keepMessage: string) => Promise<Workflow>;
  restoreRun: (runId: string, baseRevision: number, keepMessage: string) => Promise<Workflow>;
  createBranch: (workflowId: string, name: string, fromVersion: string | null) => Promise<WorkflowBranch>;
  switchBranch: (workflowId: string, baseRevision: number, name: string) => Promise<Workflow>;
  deleteBranch: (workflowId: string, name: string) => Promise<null>;
  previewMerge: (workflowId: string, fromBranch: string, resolutions: Resolution[]) => Promise<MergePreview>;
  merge: (baseRevision: number, input: MergeWorkflow) => Promise<Workflow>;
  tag: (workflowId: string, versionId: string, tag: string) => Promise<null>;
  untag: (workflowId: string, tag: string) => Promise<null>;
  /** Writes the file to the Downloads folder and resolves with its path. */
  exportWorkflow: (workflowId: string, format: FileFormat, withHistory: boolean) => Promise<string>;
  importWorkflow: (text: string) => Promise<Workflow>;
  compareRuns: (runA: string, runB: string) => Promise<RunComparison>;
};

const cast = <T>(p: Promise<unknown>) => p as Promise<T>;

export const historyApi: HistoryApi = {
  history: (id) => unwrap(commands.workflowHistory(id)),
  commit: (id, rev, message) => unwrap(commands.commitWorkflow(id, rev, message)),
  getVersion: (id, vid) => cast(unwrap(commands.getWorkflowVersion(id, vid))),
  diff: (id, from, to) => cast(unwrap(commands.diffWorkflow(id, from, to))),
  restoreVersion: (id, rev, vid, keep) => cast(unwrap(commands.restoreWorkflowVersion(id, rev, vid, keep))),
  restoreRun: (runId, rev, keep) => cast(unwrap(commands.restoreWorkflowRun(runId, rev, keep))),
  createBranch: (id, name, from) => unwrap(commands.createWorkflowBranch(id, name, from)),
  switchBranch: (id, rev, name) => cast(unwrap(commands.switchWorkflowBranch(id, rev, name))),
  deleteBranch: (id, name) => unwrap(commands.deleteWorkflowBranch(id, name)),
  previewMerge: (id, from, resolutions) => cast(unwrap(commands.previewWorkflowMerge(id, from, resolutions))),
  merge: (rev, input) => cast(unwrap(commands.mergeWorkflowBranch(rev, input))),
  tag: (id, vid, tag) => unwrap(commands.tagWorkflowVersion(id, vid, tag)),
  untag: (id, tag) => unwrap(commands.untagWorkflowVersion(id, tag)),
  exportWorkflow: (id, format, withHistory) => unwrap(commands.exportWorkflow(id, format, withHistory)),
  importWorkflow: (text) => cast(unwrap(commands.importWorkflow(text))),
  compareRuns: (a, b) => cast(unwrap(commands.compareWorkflowRuns(a, b))),
};
