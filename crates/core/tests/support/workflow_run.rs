//! Runs a workflow through `Core` with the inputs the workflow tests use, keeping the events it sent.

use std::sync::Mutex;

use serde_json::json;
use switchyard_core::workflow::{RunEvent, RunWorkflow, WorkflowRun};
use switchyard_core::Core;

/// Runs `workflow_id` (from `from_node` when given) with `topic = "tea"`; the run and every event it sent.
pub async fn run_workflow(core: &Core, workflow_id: &str, from_node: Option<&str>) -> (WorkflowRun, Vec<RunEvent>) {
    let events = Mutex::new(Vec::new());
    let sink = |e: RunEvent| events.lock().unwrap().push(e);
    let input = RunWorkflow {
        run_id: switchyard_core::store::new_id(),
        workflow_id: workflow_id.into(),
        inputs: json!({"topic": "tea"}),
        from_node: from_node.map(str::to_owned),
        base_run_id: None,
    };
    let run = core.run_workflow(input, &sink).await.unwrap();
    (run, events.into_inner().unwrap())
}
