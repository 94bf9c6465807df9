//! Side-by-side compare: panes are conversations in one group (see `store::compare`).

use crate::chat::ChatTarget;
use crate::error::Result;
use crate::store::compare;
use crate::store::conversations::{self, Conversation};
use crate::store::{new_id, now_ms};
use crate::Core;

impl Core {
    /// Opens a pane beside `conversation_id`: a new conversation with a copy of the branch it shows, sent to
    /// `target` from now on; both join one compare group. Refused past four panes and while an answer streams.
    pub async fn add_compare_pane(&self, conversation_id: &str, target: Option<ChatTarget>) -> Result<Conversation> {
        let id = conversation_id.to_owned();
        self.store
            .call(move |c| {
                let tx = c.transaction()?;
                let source = conversations::get(&tx, &id)?;
                let pane = Conversation { id: new_id(), target, ..source.clone() };
                let pane = compare::add_pane(&tx, &source, pane, now_ms())?;
                tx.commit()?;
                Ok(pane)
            })
            .await
    }

    /// The conversations of the compare `conversation_id` is a pane of, in pane order (just it when it has none).
    pub async fn compare_panes(&self, conversation_id: &str) -> Result<Vec<Conversation>> {
        let id = conversation_id.to_owned();
        self.store
            .call(move |c| {
                let conversation = conversations::get(c, &id)?;
                let Some(group) = &conversation.compare_group else { return Ok(vec![conversation]) };
                compare::members(c, group)?.iter().map(|m| conversations::get(c, m)).collect()
            })
            .await
    }

    /// Closes a pane: its conversation stays, on its own.
    pub async fn leave_compare(&self, conversation_id: &str) -> Result<()> {
        let id = conversation_id.to_owned();
        self.store.call(move |c| compare::leave(c, &id)).await
    }

    /// "Continue alone" on a pane: the compare ends; every pane's conversation stays, on its own.
    pub async fn end_compare(&self, conversation_id: &str) -> Result<()> {
        let id = conversation_id.to_owned();
        self.store.call(move |c| compare::dissolve(c, &id)).await
    }
}
