//! Conversations and their messages.

use crate::chat::transfer::{self, ConversationFile, ConversationFormat};
use crate::chat::DEFAULT_TITLE;
use crate::error::{Error, Result};
use crate::store::branches;
use crate::store::conversations::{self, Conversation};
use crate::store::message_search::{self, SearchHit};
use crate::store::messages::{self, MessageRecord, MessageStatus};
use crate::store::{new_id, now_ms};
use crate::Core;

impl Core {
    pub async fn create_conversation(&self, title: Option<String>) -> Result<Conversation> {
        let now = now_ms();
        let conversation = Conversation {
            id: new_id(),
            title: title.filter(|t| !t.trim().is_empty()).unwrap_or_else(|| DEFAULT_TITLE.to_owned()),
            created_at: now,
            updated_at: now,
            target: None,
            compare_group: None,
        };
        let saved = conversation.clone();
        self.store.call(move |c| conversations::insert(c, &saved)).await?;
        Ok(conversation)
    }

    pub async fn list_conversations(&self) -> Result<Vec<Conversation>> {
        self.store.call(|c| conversations::list(c)).await
    }

    pub async fn rename_conversation(&self, id: &str, title: &str) -> Result<Conversation> {
        let title = title.trim().to_owned();
        if title.is_empty() {
            return Err(Error::invalid("title_required", "A conversation needs a title."));
        }
        let id = id.to_owned();
        self.store
            .call(move |c| {
                conversations::rename(c, &id, &title, now_ms())?;
                conversations::get(c, &id)
            })
            .await
    }

    pub async fn delete_conversation(&self, id: &str) -> Result<()> {
        let id = id.to_owned();
        self.store
            .call(move |c| {
                let tx = c.transaction()?;
                // A compare left with one pane is no compare.
                crate::store::compare::leave(&tx, &id)?;
                conversations::delete(&tx, &id)?;
                tx.commit()?;
                Ok(())
            })
            .await
    }

    /// The branch of the conversation shown, oldest first, each message with its siblings.
    pub async fn list_messages(&self, conversation_id: &str) -> Result<Vec<MessageRecord>> {
        let id = conversation_id.to_owned();
        self.store
            .call(move |c| {
                conversations::get(c, &id)?;
                branches::active_branch(c, &id)
            })
            .await
    }

    /// Shows the branch through `message_id` (one of a message's siblings) and returns it.
    pub async fn switch_branch(&self, message_id: &str) -> Result<Vec<MessageRecord>> {
        let id = message_id.to_owned();
        self.store
            .call(move |c| {
                let tx = c.transaction()?;
                let conversation = branches::switch_to(&tx, &id)?;
                let shown = branches::active_branch(&tx, &conversation)?;
                tx.commit()?;
                Ok(shown)
            })
            .await
    }

    /// Deletes a message and what follows it on its branch; returns the branch shown then. Refused while an answer
    /// of the conversation streams or waits in the queue (stop or cancel it first).
    pub async fn delete_message(&self, message_id: &str) -> Result<Vec<MessageRecord>> {
        let id = message_id.to_owned();
        self.store
            .call(move |c| {
                let tx = c.transaction()?;
                let message = messages::get(&tx, &id)?;
                let busy: bool = tx.query_row(
                    "SELECT EXISTS (SELECT 1 FROM outbox WHERE conversation_id = ?1)",
                    [&message.conversation_id],
                    |r| r.get(0),
                )?;
                if busy {
                    return Err(Error::invalid(
                        "conversation_busy",
                        "An answer of this conversation is streaming or queued; stop or cancel it first.",
                    ));
                }
                let conversation = branches::delete(&tx, &id)?;
                let shown = branches::active_branch(&tx, &conversation)?;
                tx.commit()?;
                Ok(shown)
            })
            .await
    }

    pub async fn conversation_cost(&self, conversation_id: &str) -> Result<crate::store::ledger::ConversationCost> {
        self.flush_ledger().await;
        let id = conversation_id.to_owned();
        self.store.call(move |c| crate::store::ledger::conversation_cost(c, &id)).await
    }
}

impl Core {
    /// The newest messages, in any conversation and branch, holding every word of `query`.
    pub async fn search_messages(&self, query: &str, limit: u32) -> Result<Vec<SearchHit>> {
        let query = query.to_owned();
        self.store.call(move |c| message_search::search(c, &query, limit.clamp(1, 200))).await
    }

    /// Writes the conversation to a new file in `dir`: Markdown (the branch shown) or JSON (every branch).
    pub async fn export_conversation(
        &self,
        id: &str,
        format: ConversationFormat,
        dir: &std::path::Path,
    ) -> Result<std::path::PathBuf> {
        let id = id.to_owned();
        let (stem, extension) = match format {
            ConversationFormat::Markdown => ("conversation", "md"),
            ConversationFormat::Json => ("conversation", "json"),
        };
        crate::api::export_file::write_export_as(&self.store, dir, stem, extension, move |c, out| {
            let conversation = conversations::get(c, &id)?;
            let text = match format {
                ConversationFormat::Markdown => {
                    transfer::markdown(&conversation.title, &branches::active_branch(c, &id)?)
                }
                ConversationFormat::Json => {
                    let file = ConversationFile::new(
                        &conversation.title,
                        conversation.created_at,
                        conversation.target,
                        branches::active_leaf(c, &id)?,
                        &messages::list(c, &id)?,
                    );
                    serde_json::to_string_pretty(&file).map_err(|e| Error::internal(e.to_string()))?
                }
            };
            out.write_all(text.as_bytes())?;
            Ok(())
        })
        .await
    }

    /// Adds the conversation a JSON export holds, as a new conversation (new ids: importing twice makes two).
    pub async fn import_conversation(&self, text: &str) -> Result<Conversation> {
        let file = ConversationFile::parse(text)?;
        self.store
            .call(move |c| {
                let tx = c.transaction()?;
                let now = now_ms();
                let conversation = Conversation {
                    id: new_id(),
                    title: file.title.clone(),
                    created_at: file.created_at,
                    updated_at: now,
                    target: file.target.clone(),
                    compare_group: None,
                };
                conversations::insert(&tx, &conversation)?;
                let mut ids = std::collections::HashMap::new();
                for m in &file.messages {
                    let id = new_id();
                    ids.insert(m.id.clone(), id.clone());
                    messages::insert(
                        &tx,
                        &MessageRecord {
                            id,
                            conversation_id: conversation.id.clone(),
                            role: m.role,
                            content: m.content.clone(),
                            // An answer that was arriving when it was exported never finished.
                            status: match m.status {
                                MessageStatus::Streaming | MessageStatus::Queued => MessageStatus::Interrupted,
                                s => s,
                            },
                            provider_id: m.provider_id.clone(),
                            model: m.model.clone(),
                            trace_id: None,
                            error: None,
                            usage: m.usage,
                            latency_ms: m.latency_ms,
                            ttft_ms: m.ttft_ms,
                            created_at: m.created_at,
                            cost: None,
                            cached: false,
                            saved_cost_usd_micros: None,
                            parent_id: m.parent_id.as_ref().map(|p| ids[p].clone()),
                            siblings: Vec::new(),
                            feedback: None,
                        },
                    )?;
                }
                if let Some(leaf) = file.active_leaf_id.as_ref().map(|l| &ids[l]) {
                    branches::set_active_leaf(&tx, &conversation.id, leaf)?;
                }
                tx.commit()?;
                Ok(conversation)
            })
            .await
    }
}
