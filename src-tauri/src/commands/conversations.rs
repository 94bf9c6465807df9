use switchyard_core::chat::transfer::ConversationFormat;
use switchyard_core::store::conversations::Conversation;
use switchyard_core::store::ledger::ConversationCost;
use switchyard_core::store::message_search::SearchHit;
use switchyard_core::store::messages::MessageRecord;
use switchyard_core::Error;
use tauri::{AppHandle, State};

use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn list_conversations(state: State<'_, AppState>) -> Result<Vec<Conversation>, Error> {
    state.core.list_conversations().await
}

#[tauri::command]
#[specta::specta]
pub async fn create_conversation(state: State<'_, AppState>, title: Option<String>) -> Result<Conversation, Error> {
    state.core.create_conversation(title).await
}

#[tauri::command]
#[specta::specta]
pub async fn rename_conversation(state: State<'_, AppState>, id: String, title: String) -> Result<Conversation, Error> {
    state.core.rename_conversation(&id, &title).await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_conversation(state: State<'_, AppState>, id: String) -> Result<(), Error> {
    state.core.delete_conversation(&id).await
}

#[tauri::command]
#[specta::specta]
pub async fn list_messages(state: State<'_, AppState>, conversation_id: String) -> Result<Vec<MessageRecord>, Error> {
    state.core.list_messages(&conversation_id).await
}

/// Shows the branch through one of a message's siblings; returns the branch shown.
#[tauri::command]
#[specta::specta]
pub async fn switch_branch(state: State<'_, AppState>, message_id: String) -> Result<Vec<MessageRecord>, Error> {
    state.core.switch_branch(&message_id).await
}

/// Deletes a message and what follows it; returns the branch shown then.
#[tauri::command]
#[specta::specta]
pub async fn delete_message(state: State<'_, AppState>, message_id: String) -> Result<Vec<MessageRecord>, Error> {
    state.core.delete_message(&message_id).await
}

/// What the conversation's answers cost so far, in US dollars.
#[tauri::command]
#[specta::specta]
pub async fn conversation_cost(state: State<'_, AppState>, conversation_id: String) -> Result<ConversationCost, Error> {
    state.core.conversation_cost(&conversation_id).await
}

/// The newest messages of any conversation holding every word of `query`.
#[tauri::command]
#[specta::specta]
pub async fn search_messages(state: State<'_, AppState>, query: String, limit: u32) -> Result<Vec<SearchHit>, Error> {
    state.core.search_messages(&query, limit).await
}

/// Writes the conversation to the Downloads folder (or `$SWITCHYARD_EXPORT_DIR`) and returns the file's path.
#[tauri::command]
#[specta::specta]
pub async fn export_conversation(
    app: AppHandle,
    state: State<'_, AppState>,
    conversation_id: String,
    format: ConversationFormat,
) -> Result<String, Error> {
    let dir = super::usage::export_dir(&app, &state);
    Ok(state.core.export_conversation(&conversation_id, format, &dir).await?.display().to_string())
}

/// Adds the conversation of an exported JSON file (its text) as a new conversation.
#[tauri::command]
#[specta::specta]
pub async fn import_conversation(state: State<'_, AppState>, text: String) -> Result<Conversation, Error> {
    state.core.import_conversation(&text).await
}

/// Thumbs up or down on an answer, with an optional note (None forgets it); returns what is kept.
#[tauri::command]
#[specta::specta]
pub async fn set_feedback(
    state: State<'_, AppState>,
    message_id: String,
    feedback: Option<switchyard_core::store::feedback::Feedback>,
) -> Result<Option<switchyard_core::store::feedback::Feedback>, Error> {
    state.core.set_feedback(&message_id, feedback).await
}
