//! Thumbs up or down on an answer, with an optional note.

use crate::error::{Error, Result};
use crate::ir::Role;
use crate::store::feedback::{self, Feedback};
use crate::store::messages::{self, MessageStatus};
use crate::store::now_ms;
use crate::Core;

/// A note longer than this is refused (it is a remark on an answer, not a document).
pub const MAX_NOTE_CHARS: usize = 2000;

impl Core {
    /// Keeps the person's feedback on an ended answer (None forgets it); returns what is kept.
    pub async fn set_feedback(&self, message_id: &str, feedback: Option<Feedback>) -> Result<Option<Feedback>> {
        let feedback =
            feedback.map(|f| Feedback { note: f.note.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty()), ..f });
        if let Some(note) = feedback.as_ref().and_then(|f| f.note.as_ref()) {
            if note.chars().count() > MAX_NOTE_CHARS {
                return Err(Error::invalid(
                    "feedback_note_too_long",
                    format!("A note on an answer holds at most {MAX_NOTE_CHARS} characters."),
                ));
            }
        }
        let id = message_id.to_owned();
        self.store
            .call(move |c| {
                let message = messages::get(c, &id)?;
                if message.role != Role::Assistant {
                    return Err(Error::invalid("feedback_on_answers_only", "Only an answer can be rated."));
                }
                if matches!(message.status, MessageStatus::Streaming | MessageStatus::Queued) {
                    return Err(Error::invalid(
                        "answer_not_ended",
                        "This answer is still arriving; rate it once it has ended.",
                    ));
                }
                feedback::set(c, &id, message.trace_id.as_deref(), feedback.as_ref(), now_ms())?;
                Ok(feedback)
            })
            .await
    }
}
