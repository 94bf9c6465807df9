//! Side-by-side compare: each pane is a conversation; these open, list and close the panes of one compare.

use switchyard_core::chat::ChatTarget;
use switchyard_core::store::conversations::Conversation;
use switchyard_core::Error;
use tauri::State;

use crate::state::AppState;

/// A pane beside `conversation_id`, starting from a copy of the branch it shows, sent to `target`.
#[tauri::command]
#[specta::specta]
pub async fn add_compare_pane(
    state: State<'_, AppState>,
    conversation_id: String,
    target: Option<ChatTarget>,
) -> Result<Conversation, Error> {
    state.core.add_compare_pane(&conversation_id, target).await
}

/// The panes of the compare `conversation_id` is in, in order (just it when it is on its own).
#[tauri::command]
#[specta::specta]
pub async fn compare_panes(state: State<'_, AppState>, conversation_id: String) -> Result<Vec<Conversation>, Error> {
    state.core.compare_panes(&conversation_id).await
}

/// Closes a pane; its conversation stays.
#[tauri::command]
#[specta::specta]
pub async fn leave_compare(state: State<'_, AppState>, conversation_id: String) -> Result<(), Error> {
    state.core.leave_compare(&conversation_id).await
}

/// "Continue alone": the compare ends, every pane's conversation stays.
#[tauri::command]
#[specta::specta]
pub async fn end_compare(state: State<'_, AppState>, conversation_id: String) -> Result<(), Error> {
    state.core.end_compare(&conversation_id).await
}
