//! Workflows: a versioned document of nodes and edges (document.rs), its validation, and the engine that runs it
//! node by node (executor.rs) through the one door, leaving a record per node run. The facade (api/workflows.rs)
//! keeps documents and runs in the database and gives the engine its services.

pub mod canonical;
pub mod document;
pub mod executor;
#[cfg(test)]
mod executor_tests;
pub mod fingerprint;
pub mod graph;
pub mod history;
pub mod nodes;
pub mod policy;
pub mod problem;
pub mod record;
pub mod run_context;
pub mod saved;
pub mod template;
#[cfg(test)]
mod testing;
pub mod validate;

pub use document::{Edge, Node, NodeConfig, NodePolicy, OnError, Position, RetryOn, RetryRule, VarType, WorkflowDoc};
pub use problem::{Problem, ProblemCode};
pub use record::{NodeRun, NodeStatus, RunDetail, RunEvent, RunStatus, WorkflowRun};
pub use saved::{RunWorkflow, SaveWorkflow, Workflow, WorkflowSummary};
pub use validate::validate;
