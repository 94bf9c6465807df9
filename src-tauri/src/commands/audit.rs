use switchyard_core::audit::{AuditPage, SubjectKind};
use switchyard_core::cost::report::ExportFormat;
use switchyard_core::Error;
use tauri::{AppHandle, State};

use crate::state::AppState;

/// The change history, newest first: `limit` entries before `before_id`, of one kind of subject or all.
#[tauri::command]
#[specta::specta]
pub async fn audit_log(
    state: State<'_, AppState>,
    kind: Option<SubjectKind>,
    before_id: Option<f64>,
    limit: u32,
) -> Result<AuditPage, Error> {
    // Numbers cross IPC as JavaScript numbers; row ids stay far below 2^53.
    state.core.audit_log(kind, before_id.map(|id| id as i64), limit).await
}

/// Writes the change history to the Downloads folder (or `$SWITCHYARD_EXPORT_DIR`) and returns the file's path.
#[tauri::command]
#[specta::specta]
pub async fn export_audit_log(
    app: AppHandle,
    state: State<'_, AppState>,
    kind: Option<SubjectKind>,
    format: ExportFormat,
) -> Result<String, Error> {
    let dir = super::usage::export_dir(&app, &state);
    Ok(state.core.export_audit_log(kind, format, &dir).await?.display().to_string())
}
