//! What a run leaves behind: the run itself and one record per node run (per item inside an iteration), and the
//! events a window follows while it runs.

use serde::{Deserialize, Serialize};

use crate::error::Error;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum RunStatus {
    Running,
    Succeeded,
    Failed,
    Cancelled,
    /// The app stopped while it ran.
    Interrupted,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum NodeStatus {
    Running,
    Succeeded,
    /// Failed; with `on_error: continue` or `error_edge` the run went on.
    Failed,
    /// Not on the branch that ran (a condition chose another), or after a failure that stopped the run.
    Skipped,
    /// The run was cancelled before or while it ran.
    Cancelled,
    /// Its config and inputs were unchanged since the run it was reused from: its recorded output, no call.
    Reused,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct NodeRun {
    pub node_id: String,
    /// Where inside iterations: "" at the top level, `loop[2]` for item 2 of node `loop`, `outer[0]/inner[1]`.
    pub scope: String,
    pub status: NodeStatus,
    /// The values the node read (rendered templates, the variables it named).
    #[specta(type = specta_typescript::Unknown)]
    pub inputs: serde_json::Value,
    #[specta(type = specta_typescript::Unknown)]
    pub outputs: serde_json::Value,
    pub error: Option<Error>,
    #[specta(type = specta_typescript::Number)]
    pub started_at_ms: i64,
    #[specta(type = Option<specta_typescript::Number>)]
    pub ended_at_ms: Option<i64>,
    #[specta(type = Option<specta_typescript::Number>)]
    pub first_token_ms: Option<i64>,
    pub input_tokens: u32,
    pub output_tokens: u32,
    pub cached_tokens: u32,
    pub reasoning_tokens: u32,
    #[specta(type = specta_typescript::Number)]
    pub cost_usd_micros: i64,
    /// The ledger row's trace id of the node's last call.
    pub trace_id: Option<String>,
    /// Attempts made (0 for a reused or skipped node).
    pub attempts: u32,
    /// The run whose record this one reused.
    pub reused_from: Option<String>,
    /// Hash of the node's config and inputs: what "run from here" compares.
    pub fingerprint: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct WorkflowRun {
    pub id: String,
    pub workflow_id: String,
    /// The workflow's revision the run ran.
    #[specta(type = specta_typescript::Number)]
    pub revision: i64,
    pub status: RunStatus,
    #[specta(type = specta_typescript::Unknown)]
    pub inputs: serde_json::Value,
    /// The End node's outputs.
    #[specta(type = specta_typescript::Unknown)]
    pub outputs: serde_json::Value,
    pub error: Option<Error>,
    /// "Run from here": the node it started from and the run whose records it reused.
    pub from_node: Option<String>,
    pub base_run_id: Option<String>,
    #[specta(type = specta_typescript::Number)]
    pub started_at_ms: i64,
    #[specta(type = Option<specta_typescript::Number>)]
    pub ended_at_ms: Option<i64>,
    pub input_tokens: u32,
    pub output_tokens: u32,
    #[specta(type = specta_typescript::Number)]
    pub cost_usd_micros: i64,
    /// The content address of the document it ran; None for runs older than the history.
    #[serde(default)]
    pub doc_hash: Option<String>,
    /// The committed version whose document it ran (the active branch's head if that is the one); None when the
    /// draft it ran was never committed.
    #[serde(default)]
    pub version_id: Option<String>,
}

/// A run with every node's record and the document it ran.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct RunDetail {
    pub run: WorkflowRun,
    pub nodes: Vec<NodeRun>,
    pub doc: super::WorkflowDoc,
}

/// What a window receives while a run goes: per node `node_started`, any `node_delta`, one `node_finished`; the
/// run's `finished` last.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RunEvent {
    Started { run: WorkflowRun },
    NodeStarted { node_id: String, scope: String },
    NodeDelta { node_id: String, scope: String, text: String },
    NodeFinished { node: NodeRun },
    Finished { run: WorkflowRun },
}
