//! The app itself: About (versions, folders, diagnostics), start at login, what closing the window does, and a
//! start that failed.

use serde::Serialize;
use switchyard_core::{log_dir, Error};
use tauri::{AppHandle, Manager, State};
use tauri_plugin_autostart::ManagerExt;
use tauri_plugin_opener::OpenerExt;

use crate::state::{AppState, StartupFailure};

#[derive(Serialize, specta::Type)]
pub struct AppInfo {
    pub version: String,
    pub data_dir: String,
    pub log_dir: String,
    pub tauri_version: String,
    pub webview_version: Option<String>,
    pub os: String,
}

#[tauri::command]
#[specta::specta]
pub fn app_info(app: AppHandle, state: State<'_, AppState>) -> AppInfo {
    let data_dir = state.core.data_dir();
    AppInfo {
        version: app.package_info().version.to_string(),
        data_dir: data_dir.display().to_string(),
        log_dir: log_dir(data_dir).display().to_string(),
        tauri_version: tauri::VERSION.to_owned(),
        webview_version: tauri::webview_version().ok(),
        os: crate::diagnostics::os_name(),
    }
}

/// The text "Copy diagnostics" puts on the clipboard: nothing secret in it (see diagnostics.rs).
#[tauri::command]
#[specta::specta]
pub async fn diagnostics(app: AppHandle, state: State<'_, AppState>) -> Result<String, Error> {
    let info = app_info(app.clone(), state.clone());
    let (providers, routes, settings) =
        (state.core.list_providers().await?, state.core.list_routes().await?, state.core.get_settings().await?);
    let gateway = state.gateway.status().await;
    Ok(crate::diagnostics::text(&crate::diagnostics::Facts {
        app_version: &info.version,
        tauri_version: &info.tauri_version,
        webview_version: info.webview_version.as_deref(),
        os: &info.os,
        data_dir: &info.data_dir,
        log_dir: &info.log_dir,
        gateway: &gateway,
        providers: &providers,
        routes: routes.len(),
        settings: &settings,
    }))
}

#[derive(Clone, Copy, serde::Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Folder {
    Data,
    Logs,
}

/// Opens the data or log folder in the file manager.
#[tauri::command]
#[specta::specta]
pub fn open_folder(app: AppHandle, state: State<'_, AppState>, folder: Folder) -> Result<(), Error> {
    let data_dir = state.core.data_dir();
    let path = match folder {
        Folder::Data => data_dir.to_path_buf(),
        Folder::Logs => log_dir(data_dir),
    };
    std::fs::create_dir_all(&path)?;
    app.opener()
        .open_path(path.display().to_string(), None::<&str>)
        .map_err(|e| Error::internal(format!("The file manager could not open {}: {e}", path.display())))
}

#[tauri::command]
#[specta::specta]
pub fn autostart_enabled(app: AppHandle) -> Result<bool, Error> {
    app.autolaunch().is_enabled().map_err(|e| Error::internal(format!("Start at login is unknown: {e}")))
}

/// Starts Switchyard at login (in the tray) or stops doing so; answers what is now in effect.
#[tauri::command]
#[specta::specta]
pub fn set_autostart(app: AppHandle, enabled: bool) -> Result<bool, Error> {
    let launcher = app.autolaunch();
    let done = if enabled { launcher.enable() } else { launcher.disable() };
    done.map_err(|e| Error::internal(format!("Start at login could not be changed: {e}")))?;
    autostart_enabled(app)
}

/// The person's answer to "keep running in the tray?", asked at the first close: saved, then carried out.
#[tauri::command]
#[specta::specta]
pub async fn close_main_window(app: AppHandle, keep_in_tray: bool) -> Result<(), Error> {
    let core = app.state::<AppState>().core.clone();
    let settings = core.get_settings().await?;
    core.update_settings(switchyard_core::settings::Settings { close_to_tray: Some(keep_in_tray), ..settings }).await?;
    crate::window::close(&app, keep_in_tray);
    Ok(())
}

/// Why the app could not open its data, when it could not; the window then shows only this.
#[tauri::command]
#[specta::specta]
pub fn startup_failure(failure: State<'_, StartupFailure>) -> Option<Error> {
    failure.0.clone()
}
