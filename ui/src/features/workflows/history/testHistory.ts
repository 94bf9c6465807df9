// Small history values for tests.
import type { DocDiff, HistoryOverview, MergeConflict, MergePreview, WorkflowVersion } from "../../../data/workflowHistory";
import { sampleDoc } from "../testDocs";

export const emptyDiff = (over: Partial<DocDiff> = {}): DocDiff => ({ nodes_added: [], nodes_removed: [], nodes_changed: [], edges_added: [], edges_removed: [], ...over });

export const version = (id: string, over: Partial<WorkflowVersion> = {}): WorkflowVersion => ({
  id: id.padEnd(64, "0"),
  doc_hash: "h".repeat(64),
  parents: [],
  message: `Version ${id}`,
  branch: "main",
  created_at_ms: 1_700_000_000_000,
  tags: [],
  ...over,
});

export const overview = (over: Partial<HistoryOverview> = {}): HistoryOverview => {
  const versions = over.versions ?? [version("bbbbbbbb", { parents: ["aaaaaaaa".padEnd(64, "0")], message: "Second" }), version("aaaaaaaa", { message: "First" })];
  return {
    workflow_id: "wf1",
    branch: "main",
    head: versions[0]?.id ?? null,
    dirty: false,
    versions,
    branches: [
      { name: "main", head: versions[0]?.id ?? null, active: true, dirty: false },
      { name: "french", head: versions[1]?.id ?? null, active: false, dirty: false },
    ],
    ...over,
  };
};

export const conflict = (id: string, over: Partial<MergeConflict> = {}): MergeConflict => ({
  id,
  kind: "both_changed",
  node_id: "llm_1",
  edge_id: null,
  path: "config.user",
  base: "Hello",
  ours: "Hello there",
  theirs: "Bonjour",
  chosen: null,
  ...over,
});

export const mergePreview = (over: Partial<MergePreview> = {}): MergePreview => ({
  from_branch: "french",
  into_branch: "main",
  base: "a".repeat(64),
  ours_head: "o".repeat(64),
  theirs_head: "t".repeat(64),
  merged: sampleDoc(),
  conflicts: [],
  changes: emptyDiff(),
  fast_forward: false,
  ...over,
});
