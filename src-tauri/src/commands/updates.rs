//! Settings → Updates and the update dialog: each step answers the new status; progress comes as UpdateChanged.

use switchyard_core::Error;
use tauri::{AppHandle, State};

use crate::updates::{self, UpdateStatus, Updates};

#[tauri::command]
#[specta::specta]
pub fn update_status(updates: State<'_, Updates>) -> UpdateStatus {
    updates.status()
}

#[tauri::command]
#[specta::specta]
pub async fn check_for_update(app: AppHandle) -> Result<UpdateStatus, Error> {
    Ok(updates::check(&app).await)
}

#[tauri::command]
#[specta::specta]
pub async fn download_update(app: AppHandle) -> Result<UpdateStatus, Error> {
    Ok(updates::download(&app).await)
}

/// Copies the database, installs the downloaded update and restarts into it; returns only when that failed.
#[tauri::command]
#[specta::specta]
pub async fn install_update(app: AppHandle) -> Result<(), Error> {
    updates::install(&app, true).await
}
