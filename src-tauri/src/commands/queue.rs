use switchyard_core::queue::QueueItem;
use switchyard_core::{Error, QueueStatus};
use tauri::State;

use crate::state::AppState;

/// Every waiting message, each provider's reachability and the queue's limits.
#[tauri::command]
#[specta::specta]
pub async fn queue_status(state: State<'_, AppState>) -> Result<QueueStatus, Error> {
    state.core.queue_status().await
}

/// "Send now" for a queued or held message, "Resend" for one that needs a decision.
#[tauri::command]
#[specta::specta]
pub async fn send_queued_now(state: State<'_, AppState>, id: String) -> Result<QueueItem, Error> {
    state.core.send_queued_now(&id).await
}

#[tauri::command]
#[specta::specta]
pub async fn cancel_queued(state: State<'_, AppState>, id: String) -> Result<(), Error> {
    state.core.cancel_queued(&id).await
}

#[tauri::command]
#[specta::specta]
pub async fn edit_queued(state: State<'_, AppState>, id: String, text: String) -> Result<QueueItem, Error> {
    state.core.edit_queued(&id, text).await
}
