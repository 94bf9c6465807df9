use serde::Serialize;
use switchyard_core::settings::Settings;
use switchyard_core::Error;
use tauri::State;

use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn get_settings(state: State<'_, AppState>) -> Result<Settings, Error> {
    state.core.get_settings().await
}

#[tauri::command]
#[specta::specta]
pub async fn update_settings(state: State<'_, AppState>, settings: Settings) -> Result<Settings, Error> {
    state.core.update_settings(settings).await
}

#[derive(Serialize, specta::Type)]
pub struct AppInfo {
    pub version: String,
    pub data_dir: String,
}

#[tauri::command]
#[specta::specta]
pub fn app_info(state: State<'_, AppState>) -> AppInfo {
    AppInfo { version: env!("CARGO_PKG_VERSION").to_owned(), data_dir: state.core.data_dir().display().to_string() }
}
