//! A workflow as kept: its document with a name and a revision that every save must name (a save from a stale
//! revision is refused, never silently overwriting newer edits).

use serde::{Deserialize, Serialize};

use super::WorkflowDoc;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct Workflow {
    pub id: String,
    pub name: String,
    /// Grows by one with every save.
    #[specta(type = specta_typescript::Number)]
    pub revision: i64,
    pub doc: WorkflowDoc,
    #[specta(type = specta_typescript::Number)]
    pub created_at_ms: i64,
    #[specta(type = specta_typescript::Number)]
    pub updated_at_ms: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct WorkflowSummary {
    pub id: String,
    pub name: String,
    #[specta(type = specta_typescript::Number)]
    pub revision: i64,
    pub node_count: u32,
    #[specta(type = specta_typescript::Number)]
    pub updated_at_ms: i64,
    /// The latest run's status, if it ran.
    pub last_run: Option<super::RunStatus>,
}

/// A save of the draft: refused with `conflict` unless `base_revision` is the stored one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct SaveWorkflow {
    pub id: String,
    #[specta(type = specta_typescript::Number)]
    pub base_revision: i64,
    pub doc: WorkflowDoc,
}

/// A run to start. `run_id` is chosen by the caller so it can cancel before the call returns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct RunWorkflow {
    pub run_id: String,
    pub workflow_id: String,
    /// The Start node's inputs by name.
    #[serde(default)]
    #[specta(type = specta_typescript::Unknown)]
    pub inputs: serde_json::Value,
    /// "Run from here": this node and what depends on it run again; every other node whose config and inputs are
    /// unchanged since `base_run_id` (default: the latest run) reuses its record.
    #[serde(default)]
    pub from_node: Option<String>,
    #[serde(default)]
    pub base_run_id: Option<String>,
}
