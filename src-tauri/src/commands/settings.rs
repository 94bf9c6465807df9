use switchyard_core::settings::Settings;
use switchyard_core::Error;
use tauri::{AppHandle, State};

use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn get_settings(state: State<'_, AppState>) -> Result<Settings, Error> {
    state.core.get_settings().await
}

#[tauri::command]
#[specta::specta]
pub async fn update_settings(
    app: AppHandle,
    state: State<'_, AppState>,
    settings: Settings,
) -> Result<Settings, Error> {
    let saved = state.core.update_settings(settings).await?;
    // The tray speaks the chosen language.
    crate::tray::refresh(&app).await;
    Ok(saved)
}
