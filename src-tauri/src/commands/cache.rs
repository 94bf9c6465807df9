use switchyard_core::{CacheClear, CacheStats, Error};
use tauri::State;

use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn cache_stats(state: State<'_, AppState>) -> Result<CacheStats, Error> {
    state.core.cache_stats().await
}

/// Returns how many kept answers were deleted.
#[tauri::command]
#[specta::specta]
pub async fn clear_cache(state: State<'_, AppState>, which: CacheClear) -> Result<u32, Error> {
    state.core.clear_cache(which).await.map(|n| n.min(u32::MAX as u64) as u32)
}
