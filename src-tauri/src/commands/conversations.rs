use switchyard_core::store::conversations::Conversation;
use switchyard_core::store::ledger::ConversationCost;
use switchyard_core::store::messages::MessageRecord;
use switchyard_core::Error;
use tauri::State;

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
