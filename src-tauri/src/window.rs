//! The main window: shown from the tray or a second launch, and what closing it does (Settings → "When the window
//! is closed": ask the first time, keep running in the tray, or quit).

use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Manager, Window, WindowEvent};
use tauri_specta::Event;

use crate::state::AppState;

/// The first close: the window asks whether to keep running in the tray.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
pub struct CloseAsked;

/// Started at login with this argument, the app stays in the tray until opened.
pub const IN_TRAY_ARG: &str = "--in-tray";

pub fn show(app: &AppHandle) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}

/// Hides the window and keeps the app (and its gateway) in the tray, or quits.
pub fn close(app: &AppHandle, keep_in_tray: bool) {
    match (keep_in_tray, app.get_webview_window("main")) {
        (true, Some(window)) => {
            if let Err(e) = window.hide() {
                tracing::warn!(error = %e, "the window could not be hidden; quitting instead");
                app.exit(0);
            }
        }
        _ => app.exit(0),
    }
}

pub fn on_event(window: &Window, event: &WindowEvent) {
    let WindowEvent::CloseRequested { api, .. } = event else { return };
    // A window without the app's data (a failed start) just closes.
    let Some(state) = window.app_handle().try_state::<AppState>() else { return };
    api.prevent_close();
    let (app, core) = (window.app_handle().clone(), state.core.clone());
    tauri::async_runtime::spawn(async move {
        match core.get_settings().await.map(|s| s.close_to_tray) {
            Ok(Some(keep_in_tray)) => close(&app, keep_in_tray),
            Ok(None) => {
                show(&app);
                if let Err(e) = CloseAsked.emit(&app) {
                    tracing::warn!(error = %e, "the close question could not reach the window; quitting");
                    app.exit(0);
                }
            }
            Err(e) => {
                tracing::warn!(code = %e.code, "settings unreadable at close; quitting");
                app.exit(0);
            }
        }
    });
}
