//! Workflow history: thin commands over the core's facade (api/workflow_history.rs). A revision crosses as an f64
//! (a JavaScript number), as the usage commands' ids do.

use switchyard_core::workflow::history::{
    DocDiff, DocRef, FileFormat, HistoryOverview, MergePreview, MergeWorkflow, Resolution, RunComparison,
    VersionDetail, WorkflowBranch, WorkflowVersion,
};
use switchyard_core::workflow::Workflow;
use switchyard_core::Error;
use tauri::{AppHandle, State};

use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn workflow_history(state: State<'_, AppState>, workflow_id: String) -> Result<HistoryOverview, Error> {
    state.core.workflow_history(&workflow_id).await
}

/// Refused with `workflow_nothing_to_commit` when the draft is its branch's head, `conflict` when stale.
#[tauri::command]
#[specta::specta]
pub async fn commit_workflow(
    state: State<'_, AppState>,
    workflow_id: String,
    base_revision: f64,
    message: String,
) -> Result<WorkflowVersion, Error> {
    state.core.commit_workflow(&workflow_id, base_revision as i64, &message).await
}

#[tauri::command]
#[specta::specta]
pub async fn get_workflow_version(
    state: State<'_, AppState>,
    workflow_id: String,
    version_id: String,
) -> Result<VersionDetail, Error> {
    state.core.get_workflow_version(&workflow_id, &version_id).await
}

#[tauri::command]
#[specta::specta]
pub async fn diff_workflow(
    state: State<'_, AppState>,
    workflow_id: String,
    from: DocRef,
    to: DocRef,
) -> Result<DocDiff, Error> {
    state.core.diff_workflow(&workflow_id, from, to).await
}

#[tauri::command]
#[specta::specta]
pub async fn restore_workflow_version(
    state: State<'_, AppState>,
    workflow_id: String,
    base_revision: f64,
    version_id: String,
    keep_message: String,
) -> Result<Workflow, Error> {
    state.core.restore_workflow_version(&workflow_id, base_revision as i64, &version_id, &keep_message).await
}

#[tauri::command]
#[specta::specta]
pub async fn restore_workflow_run(
    state: State<'_, AppState>,
    run_id: String,
    base_revision: f64,
    keep_message: String,
) -> Result<Workflow, Error> {
    state.core.restore_workflow_run(&run_id, base_revision as i64, &keep_message).await
}

#[tauri::command]
#[specta::specta]
pub async fn create_workflow_branch(
    state: State<'_, AppState>,
    workflow_id: String,
    name: String,
    from_version: Option<String>,
) -> Result<WorkflowBranch, Error> {
    state.core.create_workflow_branch(&workflow_id, &name, from_version).await
}

#[tauri::command]
#[specta::specta]
pub async fn switch_workflow_branch(
    state: State<'_, AppState>,
    workflow_id: String,
    base_revision: f64,
    name: String,
) -> Result<Workflow, Error> {
    state.core.switch_workflow_branch(&workflow_id, base_revision as i64, &name).await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_workflow_branch(
    state: State<'_, AppState>,
    workflow_id: String,
    name: String,
) -> Result<(), Error> {
    state.core.delete_workflow_branch(&workflow_id, &name).await
}

#[tauri::command]
#[specta::specta]
pub async fn preview_workflow_merge(
    state: State<'_, AppState>,
    workflow_id: String,
    from_branch: String,
    resolutions: Vec<Resolution>,
) -> Result<MergePreview, Error> {
    state.core.preview_workflow_merge(&workflow_id, &from_branch, resolutions).await
}

#[tauri::command]
#[specta::specta]
pub async fn merge_workflow_branch(
    state: State<'_, AppState>,
    base_revision: f64,
    input: MergeWorkflow,
) -> Result<Workflow, Error> {
    state.core.merge_workflow_branch(base_revision as i64, input).await
}

#[tauri::command]
#[specta::specta]
pub async fn tag_workflow_version(
    state: State<'_, AppState>,
    workflow_id: String,
    version_id: String,
    tag: String,
) -> Result<(), Error> {
    state.core.tag_workflow_version(&workflow_id, &version_id, &tag).await
}

#[tauri::command]
#[specta::specta]
pub async fn untag_workflow_version(state: State<'_, AppState>, workflow_id: String, tag: String) -> Result<(), Error> {
    state.core.untag_workflow_version(&workflow_id, &tag).await
}

/// Writes the workflow (with its history if asked) to the Downloads folder (or `$SWITCHYARD_EXPORT_DIR`) and
/// returns the file's path.
#[tauri::command]
#[specta::specta]
pub async fn export_workflow(
    app: AppHandle,
    state: State<'_, AppState>,
    workflow_id: String,
    format: FileFormat,
    with_history: bool,
) -> Result<String, Error> {
    let dir = super::usage::export_dir(&app, &state);
    Ok(state.core.export_workflow_file(&workflow_id, format, with_history, &dir).await?.display().to_string())
}

/// A new workflow from a file's text (YAML or JSON).
#[tauri::command]
#[specta::specta]
pub async fn import_workflow(state: State<'_, AppState>, text: String) -> Result<Workflow, Error> {
    state.core.import_workflow(&text).await
}

#[tauri::command]
#[specta::specta]
pub async fn compare_workflow_runs(
    state: State<'_, AppState>,
    run_a: String,
    run_b: String,
) -> Result<RunComparison, Error> {
    state.core.compare_workflow_runs(&run_a, &run_b).await
}
