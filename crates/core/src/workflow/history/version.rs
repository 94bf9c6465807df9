//! What the history keeps and shows: versions (immutable, content-addressed), branches each with its own draft,
//! tags, and what the window asks of it (a diff between two documents, a merge, a comparison of two runs).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::diff::DocDiff;
use super::lines::LineChange;
use super::merge::{MergeConflict, Resolution};
use crate::workflow::canonical::{canonical_json, sha256_hex};
use crate::workflow::{NodeRun, WorkflowDoc, WorkflowRun};

/// The branch every workflow starts on.
pub const MAIN_BRANCH: &str = "main";

/// Bumped if what a version's id is taken over ever changes.
const VERSION_ID: &str = "wf-version-1";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct WorkflowVersion {
    /// sha256 over the document's hash, the parents, the message, the branch and the time: a version cannot be
    /// altered without its id changing.
    pub id: String,
    /// sha256 of the canonical document: the same document always has the same one.
    pub doc_hash: String,
    /// The version(s) it came from: none for the first, two for a merge.
    pub parents: Vec<String>,
    pub message: String,
    /// The branch it was committed on.
    pub branch: String,
    #[specta(type = specta_typescript::Number)]
    pub created_at_ms: i64,
    /// Tag names on this version, sorted.
    pub tags: Vec<String>,
}

impl WorkflowVersion {
    pub fn content_id(doc_hash: &str, parents: &[String], message: &str, branch: &str, created_at_ms: i64) -> String {
        sha256_hex(&canonical_json(&serde_json::json!({
            "v": VERSION_ID,
            "doc": doc_hash,
            "parents": parents,
            "message": message,
            "branch": branch,
            "created_at_ms": created_at_ms,
        })))
    }

    /// Whether the id is the one its content gives (an imported file's versions are checked with it).
    pub fn id_matches(&self) -> bool {
        self.id == Self::content_id(&self.doc_hash, &self.parents, &self.message, &self.branch, self.created_at_ms)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct VersionDetail {
    pub version: WorkflowVersion,
    pub doc: WorkflowDoc,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct WorkflowBranch {
    pub name: String,
    /// Its latest version; None until something is committed on it.
    pub head: Option<String>,
    /// The branch whose draft is the workflow's document now.
    pub active: bool,
    /// Its draft differs from its head.
    pub dirty: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct HistoryOverview {
    pub workflow_id: String,
    /// The active branch.
    pub branch: String,
    pub head: Option<String>,
    /// The draft differs from the active branch's head: there is something to commit.
    pub dirty: bool,
    /// Every version of every branch, newest first.
    pub versions: Vec<WorkflowVersion>,
    pub branches: Vec<WorkflowBranch>,
}

/// One side of a diff: the active branch's draft, or a version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DocRef {
    Draft,
    Version { id: String },
}

/// What merging `from` into the active branch would do; nothing is changed until the merge is applied.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct MergePreview {
    pub from_branch: String,
    pub into_branch: String,
    /// The common ancestor; None when the branches share none (the merge starts from an empty document).
    pub base: Option<String>,
    pub ours_head: Option<String>,
    pub theirs_head: Option<String>,
    /// The merged document, with each open conflict keeping ours.
    pub merged: WorkflowDoc,
    pub conflicts: Vec<MergeConflict>,
    /// From the active draft to the merged document: what the merge brings in.
    pub changes: DocDiff,
    /// The active branch's head is the ancestor: the merge only moves it forward to `from`'s head.
    pub fast_forward: bool,
}

/// A merge to apply: refused if either head moved since the preview, or a conflict is left without a side.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct MergeWorkflow {
    pub workflow_id: String,
    pub from_branch: String,
    pub ours_head: Option<String>,
    pub theirs_head: Option<String>,
    pub resolutions: Vec<Resolution>,
    /// The merge version's message.
    pub message: String,
    /// The message of the version that keeps an uncommitted draft first (the window words it).
    pub keep_message: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct RunComparison {
    pub a: WorkflowRun,
    pub b: WorkflowRun,
    /// From the document run `a` ran to the one run `b` ran.
    pub doc_changes: DocDiff,
    /// Every node record of either run, matched by node and scope, in the order the later document lists nodes.
    pub nodes: Vec<NodeComparison>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct NodeComparison {
    pub node_id: String,
    pub scope: String,
    pub title: String,
    pub kind: String,
    pub a: Option<NodeRun>,
    pub b: Option<NodeRun>,
    pub same_inputs: bool,
    pub same_outputs: bool,
    /// The outputs (as `readable` writes them) line by line, from `a` to `b`.
    pub output_lines: Vec<LineChange>,
}

/// A value as a person reads it in a diff: a text as it is, anything else as YAML (a text inside it as a block of
/// lines, not one escaped string).
pub fn readable(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => yaml_serde::to_string(other).unwrap_or_else(|_| other.to_string()),
    }
}
