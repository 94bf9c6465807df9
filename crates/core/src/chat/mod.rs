//! Chat panes: sending a message, streaming the answer, stopping it.

pub mod send;
pub mod transfer;

use serde::{Deserialize, Serialize};

use crate::store::messages::MessageRecord;

#[derive(Debug, Clone, Deserialize, Serialize, specta::Type)]
pub struct SendMessage {
    /// Chosen by the caller so it can cancel before the call returns.
    pub request_id: String,
    pub conversation_id: String,
    /// The pane the turn was sent from; the ledger's origin is `chat:<pane_id>`.
    pub pane_id: String,
    pub target: ChatTarget,
    pub text: String,
    /// The response cache for this turn (None: as the policy says; `refresh` asks again and keeps the new answer).
    #[serde(default)]
    pub cache: Option<crate::cache::CacheDirective>,
    /// "Send later": keep the message in the queue until the person says "send now".
    #[serde(default)]
    pub later: bool,
    /// Where the turn goes in the conversation: next on the branch shown, or a new branch.
    #[serde(default)]
    pub place: TurnPlace,
}

/// Where a turn goes in the conversation's tree.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize, specta::Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TurnPlace {
    /// After the last message of the branch shown.
    #[default]
    Next,
    /// Another answer to this question, beside the ones it has; the question is sent again as it is (the turn's
    /// text is not used).
    Regenerate { question_id: String },
    /// This question edited: a new question beside it, with the turn's text, and its answer.
    Edit { question_id: String },
}

/// A chat event of a turn the queue sent (not the pane's own send call): the shell forwards it to the window, which
/// applies it to the conversation if it is open.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct PaneEvent {
    pub conversation_id: String,
    pub pane_id: String,
    /// The queue item's id: what `cancel` stops while the answer streams.
    pub request_id: String,
    pub event: ChatEvent,
}

/// What answers a chat turn: one provider's model, or a route with its fallback, retries and breakers.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, specta::Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ChatTarget {
    Model { provider_id: String, model: String },
    Route { name: String },
}

impl ChatTarget {
    /// What the ledger calls the route of the turn: the route's name, or the model asked for.
    pub fn label(&self) -> &str {
        match self {
            ChatTarget::Model { model, .. } => model,
            ChatTarget::Route { name } => name,
        }
    }
}

/// What a pane receives while an answer streams, in order: one `started`, any number of `delta`, one `finished`.
// Two big events per turn against many small deltas: boxing would allocate for nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ChatEvent {
    Started { request_id: String, trace_id: String, user_message: MessageRecord, assistant_message: MessageRecord },
    Delta { text: String },
    Finished { message: MessageRecord },
}

/// Title given to new conversations until the first message names them.
pub const DEFAULT_TITLE: &str = "New chat";

/// A title from the first words of the first message.
pub fn title_from(text: &str) -> String {
    let line = text.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or(DEFAULT_TITLE);
    let mut title: String = line.chars().take(40).collect();
    if line.chars().count() > 40 {
        title.push('…');
    }
    title
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_use_the_first_non_empty_line_shortened() {
        assert_eq!(title_from("\n  Hello there \nmore"), "Hello there");
        assert_eq!(title_from(&"字".repeat(50)).chars().count(), 41);
        assert_eq!(title_from("   "), DEFAULT_TITLE);
    }
}
