use switchyard_core::access::NewAccessKey;
use switchyard_core::rate_limit::RateLimits;
use switchyard_core::store::access_keys::{AccessKey, Scope};
use switchyard_core::Error;
use switchyard_gateway::supervisor::GatewayStatus;
use tauri::State;

use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn gateway_status(state: State<'_, AppState>) -> Result<GatewayStatus, Error> {
    Ok(state.gateway.status().await)
}

/// Saves the choice and applies it at once; a port that cannot be bound shows in the returned status.
#[tauri::command]
#[specta::specta]
pub async fn configure_gateway(state: State<'_, AppState>, enabled: bool, port: u16) -> Result<GatewayStatus, Error> {
    let settings = state.core.get_settings().await?;
    let saved = state
        .core
        .update_settings(switchyard_core::settings::Settings {
            gateway_enabled: enabled,
            gateway_port: port,
            ..settings
        })
        .await?;
    Ok(state.gateway.apply(saved.gateway_enabled, saved.gateway_port).await)
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
