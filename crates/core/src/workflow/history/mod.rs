//! A workflow's history, like git for one document: immutable content-addressed versions, branches each with its
//! own draft, tags, a structural diff and a three-way structural merge, and a readable file (YAML or JSON) of a
//! workflow with or without its history. The facade (api/workflow_history.rs) keeps it in the database.

#[cfg(test)]
pub(crate) mod arbitrary;
pub mod diff;
mod fields;
pub mod file;
mod keep_both;
pub mod lines;
pub mod merge;
#[cfg(test)]
mod merge_tests;
pub mod version;

pub use diff::{diff, DocDiff, FieldChange, Move, NodeChange, NodeRef};
pub use file::{FileFormat, WorkflowFile};
pub use lines::{LineChange, LineOp};
pub use merge::{merge, ConflictKind, MergeConflict, MergeOutcome, Resolution, Side};
pub use version::{
    DocRef, HistoryOverview, MergePreview, MergeWorkflow, NodeComparison, RunComparison, VersionDetail, WorkflowBranch,
    WorkflowVersion,
};
