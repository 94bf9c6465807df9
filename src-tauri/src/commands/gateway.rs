use switchyard_core::access::NewAccessKey;
use switchyard_core::rate_limit::RateLimits;
use switchyard_core::store::access_keys::{AccessKey, Scope};
use switchyard_core::Error;
use switchyard_gateway::supervisor::GatewayStatus;
use tauri::{AppHandle, Manager, State};
use tauri_specta::Event;

use crate::events::GatewayChanged;
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn gateway_status(state: State<'_, AppState>) -> Result<GatewayStatus, Error> {
    Ok(state.gateway.status().await)
}

/// Saves the choice and applies it at once; a port that cannot be bound shows in the returned status.
#[tauri::command]
#[specta::specta]
pub async fn configure_gateway(app: AppHandle, enabled: bool, port: u16) -> Result<GatewayStatus, Error> {
    apply(&app, enabled, Some(port)).await
}

/// Starts or stops the gateway on its saved port (the tray's item).
pub async fn set_gateway_enabled(app: &AppHandle, enabled: bool) -> Result<GatewayStatus, Error> {
    apply(app, enabled, None).await
}

/// Saves, applies, and tells the window and the tray, whichever of them asked.
async fn apply(app: &AppHandle, enabled: bool, port: Option<u16>) -> Result<GatewayStatus, Error> {
    let state = app.state::<AppState>();
    let settings = state.core.get_settings().await?;
    let saved = state
        .core
        .update_settings(switchyard_core::settings::Settings {
            gateway_enabled: enabled,
            gateway_port: port.unwrap_or(settings.gateway_port),
            ..settings
        })
        .await?;
    let status = state.gateway.apply(saved.gateway_enabled, saved.gateway_port).await;
    if let Err(e) = GatewayChanged(status.clone()).emit(app) {
        tracing::warn!(error = %e, "the gateway's new status could not reach the window");
    }
    crate::tray::refresh(app).await;
    Ok(status)
}

#[tauri::command]
#[specta::specta]
pub async fn list_access_keys(state: State<'_, AppState>) -> Result<Vec<AccessKey>, Error> {
    state.core.list_access_keys().await
}

/// The secret in the answer is shown once and never again.
#[tauri::command]
#[specta::specta]
pub async fn create_access_key(
    state: State<'_, AppState>,
    name: String,
    scopes: Vec<Scope>,
) -> Result<NewAccessKey, Error> {
    state.core.create_access_key(&name, scopes).await
}

/// Requests and tokens per minute for a key; None lifts a limit.
#[tauri::command]
#[specta::specta]
pub async fn set_access_key_limits(state: State<'_, AppState>, id: String, limits: RateLimits) -> Result<(), Error> {
    state.core.set_access_key_limits(&id, limits).await
}

#[tauri::command]
#[specta::specta]
pub async fn revoke_access_key(state: State<'_, AppState>, id: String) -> Result<(), Error> {
    state.core.revoke_access_key(&id).await
}
