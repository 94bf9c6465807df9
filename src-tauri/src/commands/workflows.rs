use switchyard_core::workflow::{
    Problem, RunDetail, RunEvent, RunWorkflow, SaveWorkflow, Workflow, WorkflowDoc, WorkflowRun, WorkflowSummary,
};
use switchyard_core::Error;
use tauri::ipc::Channel;
use tauri::State;

use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn list_workflows(state: State<'_, AppState>) -> Result<Vec<WorkflowSummary>, Error> {
    state.core.list_workflows().await
}

#[tauri::command]
#[specta::specta]
pub async fn create_workflow(state: State<'_, AppState>, name: String) -> Result<Workflow, Error> {
    state.core.create_workflow(&name).await
}

#[tauri::command]
#[specta::specta]
pub async fn get_workflow(state: State<'_, AppState>, id: String) -> Result<Workflow, Error> {
    state.core.get_workflow(&id).await
}

/// Refused with code `conflict` when the workflow was saved since `base_revision`.
#[tauri::command]
#[specta::specta]
pub async fn save_workflow(state: State<'_, AppState>, input: SaveWorkflow) -> Result<Workflow, Error> {
    state.core.save_workflow(input).await
}

#[tauri::command]
#[specta::specta]
pub async fn rename_workflow(state: State<'_, AppState>, id: String, name: String) -> Result<Workflow, Error> {
    state.core.rename_workflow(&id, &name).await
}

#[tauri::command]
#[specta::specta]
pub async fn duplicate_workflow(state: State<'_, AppState>, id: String, name: String) -> Result<Workflow, Error> {
    state.core.duplicate_workflow(&id, &name).await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_workflow(state: State<'_, AppState>, id: String) -> Result<(), Error> {
    state.core.delete_workflow(&id).await
}

#[tauri::command]
#[specta::specta]
pub async fn validate_workflow(state: State<'_, AppState>, doc: WorkflowDoc) -> Result<Vec<Problem>, Error> {
    state.core.validate_workflow(&doc).await
}

/// Streams the run's events over `on_event` and resolves with the finished run.
#[tauri::command]
#[specta::specta]
pub async fn run_workflow(
    state: State<'_, AppState>,
    input: RunWorkflow,
    on_event: Channel<RunEvent>,
) -> Result<WorkflowRun, Error> {
    let sink = move |event: RunEvent| {
        if let Err(e) = on_event.send(event) {
            tracing::warn!(error = %e, "workflow event could not reach the window");
        }
    };
    state.core.run_workflow(input, &sink).await
}

#[tauri::command]
#[specta::specta]
pub fn cancel_workflow_run(state: State<'_, AppState>, run_id: String) -> bool {
    state.core.cancel_workflow_run(&run_id)
}

#[tauri::command]
#[specta::specta]
pub async fn list_workflow_runs(state: State<'_, AppState>, workflow_id: String) -> Result<Vec<WorkflowRun>, Error> {
    state.core.list_workflow_runs(&workflow_id).await
}

#[tauri::command]
#[specta::specta]
pub async fn get_workflow_run(state: State<'_, AppState>, run_id: String) -> Result<RunDetail, Error> {
    state.core.get_workflow_run(&run_id).await
}

#[tauri::command]
#[specta::specta]
pub async fn list_workflow_secrets(state: State<'_, AppState>) -> Result<Vec<String>, Error> {
    state.core.list_workflow_secrets().await
}

#[tauri::command]
#[specta::specta]
pub async fn set_workflow_secret(state: State<'_, AppState>, name: String, value: String) -> Result<(), Error> {
    state.core.set_workflow_secret(&name, &value).await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_workflow_secret(state: State<'_, AppState>, name: String) -> Result<(), Error> {
    state.core.delete_workflow_secret(&name).await
}
