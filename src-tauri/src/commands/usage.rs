use switchyard_core::cost::budgets::{Budget, BudgetStatus};
use switchyard_core::cost::pricing::PriceOverride;
use switchyard_core::Error;
use tauri::State;

use crate::state::AppState;

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
