use switchyard_core::chat::{ChatEvent, SendMessage};
use switchyard_core::store::messages::MessageRecord;
use switchyard_core::Error;
use tauri::ipc::Channel;
use tauri::State;

use crate::state::AppState;

/// Streams the answer over `on_event` and resolves with the saved answer (complete, stopped or failed).
#[tauri::command]
#[specta::specta]
pub async fn send_message(
    state: State<'_, AppState>,
    input: SendMessage,
    on_event: Channel<ChatEvent>,
) -> Result<MessageRecord, Error> {
    let sink = move |event: ChatEvent| {
        if let Err(e) = on_event.send(event) {
            tracing::warn!(error = %e, "chat event could not reach the window");
        }
    };
    state.core.send_message(input, &sink).await
}

#[tauri::command]
#[specta::specta]
pub fn cancel_message(state: State<'_, AppState>, request_id: String) -> bool {
    state.core.cancel(&request_id)
}
