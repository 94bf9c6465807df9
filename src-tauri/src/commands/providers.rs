use switchyard_core::providers::presets::Preset;
use switchyard_core::providers::registry::ProviderInput;
use switchyard_core::store::providers::ProviderRecord;
use switchyard_core::{ConnectionTest, Error};
use tauri::State;

use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub fn list_presets(state: State<'_, AppState>) -> Vec<Preset> {
    state.core.provider_presets()
}

#[tauri::command]
#[specta::specta]
pub async fn list_providers(state: State<'_, AppState>) -> Result<Vec<ProviderRecord>, Error> {
    state.core.list_providers().await
}

/// The key in `input` goes to the keychain; the answer never contains it.
#[tauri::command]
#[specta::specta]
pub async fn save_provider(state: State<'_, AppState>, input: ProviderInput) -> Result<ProviderRecord, Error> {
    state.core.save_provider(input).await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_provider(state: State<'_, AppState>, id: String) -> Result<(), Error> {
    state.core.delete_provider(&id).await
}

#[tauri::command]
#[specta::specta]
pub async fn test_provider(state: State<'_, AppState>, id: String) -> Result<ConnectionTest, Error> {
    state.core.test_provider(&id).await
}

#[tauri::command]
#[specta::specta]
pub async fn refresh_models(state: State<'_, AppState>, id: String) -> Result<Vec<String>, Error> {
    state.core.refresh_models(&id).await
}
