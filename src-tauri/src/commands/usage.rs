use switchyard_core::cost::budgets::{Budget, BudgetStatus};
use switchyard_core::cost::pricing::PriceOverride;
use switchyard_core::cost::report::{DailyReport, ExportFormat, LogPage, LogRow, SpendGroup, UsageFilter, UsageReport};
use switchyard_core::ledger_writer::LedgerHealth;
use switchyard_core::Error;
use tauri::{AppHandle, Manager, State};

use crate::state::AppState;

/// Whether usage records are being saved; what waits, was dropped or refused while they are not (a full disk).
#[tauri::command]
#[specta::specta]
pub fn ledger_health(state: State<'_, AppState>) -> LedgerHealth {
    state.core.ledger_health()
}

#[tauri::command]
#[specta::specta]
pub async fn list_budgets(state: State<'_, AppState>) -> Result<Vec<BudgetStatus>, Error> {
    state.core.list_budgets().await
}

/// A budget with an empty id is created; otherwise the one with that id is replaced.
#[tauri::command]
#[specta::specta]
pub async fn save_budget(state: State<'_, AppState>, budget: Budget) -> Result<Budget, Error> {
    state.core.save_budget(budget).await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_budget(state: State<'_, AppState>, id: String) -> Result<(), Error> {
    state.core.delete_budget(&id).await
}

#[tauri::command]
#[specta::specta]
pub async fn list_price_overrides(state: State<'_, AppState>) -> Result<Vec<PriceOverride>, Error> {
    state.core.list_price_overrides().await
}

#[tauri::command]
#[specta::specta]
pub async fn save_price_override(state: State<'_, AppState>, price: PriceOverride) -> Result<PriceOverride, Error> {
    state.core.save_price_override(price).await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_price_override(
    state: State<'_, AppState>,
    provider_id: String,
    model: String,
) -> Result<(), Error> {
    state.core.delete_price_override(&provider_id, &model).await
}

#[tauri::command]
#[specta::specta]
pub async fn usage_report(
    state: State<'_, AppState>,
    filter: UsageFilter,
    group: SpendGroup,
) -> Result<UsageReport, Error> {
    state.core.usage_report(filter, group).await
}

#[tauri::command]
#[specta::specta]
pub async fn usage_log(
    state: State<'_, AppState>,
    filter: UsageFilter,
    before_id: Option<f64>,
    limit: u32,
) -> Result<LogPage, Error> {
    // Numbers cross IPC as JavaScript numbers; row ids stay far below 2^53.
    state.core.usage_log(filter, before_id.map(|id| id as i64), limit).await
}

#[tauri::command]
#[specta::specta]
pub async fn usage_trace(state: State<'_, AppState>, trace_id: String) -> Result<Vec<LogRow>, Error> {
    state.core.usage_trace(&trace_id).await
}

/// Writes the filtered calls to the Downloads folder (or `$SWITCHYARD_EXPORT_DIR`) and returns the file's path.
#[tauri::command]
#[specta::specta]
pub async fn export_usage(
    app: AppHandle,
    state: State<'_, AppState>,
    filter: UsageFilter,
    format: ExportFormat,
) -> Result<String, Error> {
    let dir = export_dir(&app, &state);
    Ok(state.core.export_usage(filter, format, &dir).await?.display().to_string())
}

/// The Downloads folder, or `$SWITCHYARD_EXPORT_DIR`.
pub(super) fn export_dir(app: &AppHandle, state: &AppState) -> std::path::PathBuf {
    match std::env::var_os(EXPORT_DIR_ENV).filter(|v| !v.is_empty()) {
        Some(dir) => dir.into(),
        None => app.path().download_dir().unwrap_or_else(|_| state.core.data_dir().join("exports")),
    }
}

/// Where exports go instead of the Downloads folder, e.g. for tests.
pub const EXPORT_DIR_ENV: &str = "SWITCHYARD_EXPORT_DIR";

#[tauri::command]
#[specta::specta]
pub async fn daily_report(state: State<'_, AppState>) -> Result<DailyReport, Error> {
    state.core.daily_report().await
}

/// Deletes every call recorded before `before_ms` (epoch ms) from the usage history; returns how many went.
#[tauri::command]
#[specta::specta]
pub async fn delete_usage_before(state: State<'_, AppState>, before_ms: f64) -> Result<u32, Error> {
    let deleted = state.core.delete_usage_before(before_ms as i64).await?;
    Ok(deleted.min(u32::MAX as u64) as u32)
}
