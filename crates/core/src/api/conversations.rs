//! Conversations and their messages.

use crate::chat::DEFAULT_TITLE;
use crate::error::{Error, Result};
use crate::store::branches;
use crate::store::conversations::{self, Conversation};
use crate::store::messages::{self, MessageRecord};
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
        self.store.call(move |c| conversations::delete(c, &id)).await
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
