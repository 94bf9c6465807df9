//! The offline queue: a chat turn that cannot be sent now (offline, its provider unreachable, every target of its
//! route down, or the person chose "send later") waits in a durable outbox and is sent when it can be — in order per
//! conversation, once.
//!
//! Every chat turn is accepted into the outbox, in the same transaction as its question, before any network call;
//! one that can go at once is marked `sending` in that transaction and goes. An item is marked `sending` before its
//! request leaves and its row goes when the answer is finished, so an item a crash left `sending` may have been
//! billed: it is never resent silently but waits for the person's decision (`needs_decision`).
//!
//! outbox.rs is the table (below the pipeline); connectivity.rs what is reachable; dispatcher.rs drains the outbox
//! through the one door (above the pipeline).

pub mod connectivity;
pub(crate) mod dispatcher;
pub mod outbox;

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::chat::ChatTarget;
use crate::error::Error;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ItemState {
    /// Waiting to be sent when its provider is reachable and its turn has come.
    Queued,
    /// "Send later": waits until the person says "send now".
    Held,
    /// Its request has left (or is about to).
    Sending,
    /// A crash cut it while sending: the provider may have answered and billed it, so the person decides.
    NeedsDecision,
}

impl ItemState {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            ItemState::Queued => "queued",
            ItemState::Held => "held",
            ItemState::Sending => "sending",
            ItemState::NeedsDecision => "needs_decision",
        }
    }

    pub(crate) fn parse(s: &str) -> Self {
        match s {
            "held" => ItemState::Held,
            "sending" => ItemState::Sending,
            "needs_decision" => ItemState::NeedsDecision,
            _ => ItemState::Queued,
        }
    }
}

/// One waiting turn, as the Queue view and the pane show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct QueueItem {
    /// Also the idempotency key sent upstream with each attempt.
    pub id: String,
    pub conversation_id: String,
    pub conversation_title: String,
    pub pane_id: String,
    pub user_message_id: String,
    pub answer_message_id: String,
    pub text: String,
    pub target: ChatTarget,
    pub state: ItemState,
    /// 1 for the next item of the whole queue, in the order items were accepted.
    pub position: u32,
    pub attempts: u32,
    pub last_error: Option<Error>,
    /// When the next attempt may be made (ms since the epoch).
    #[specta(type = specta_typescript::Number)]
    pub next_attempt_at: i64,
    #[specta(type = specta_typescript::Number)]
    pub created_at: i64,
    #[specta(type = specta_typescript::Number)]
    pub bytes: i64,
}

/// How much may wait. When full, a new message that would wait is refused (never an old one dropped).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueueLimits {
    pub max_items: u32,
    pub max_bytes: u64,
}

impl QueueLimits {
    pub fn from_settings(s: &crate::settings::Settings) -> Self {
        Self { max_items: s.queue_max_items, max_bytes: u64::from(s.queue_max_kb) * 1024 }
    }
}

/// How the dispatcher drains: tests shorten the delays.
#[derive(Debug, Clone, Copy)]
pub struct QueueConfig {
    /// Conversations sent at the same time.
    pub parallel: usize,
    /// The first retry's delay; each further one doubles, up to `max_delay`, with jitter.
    pub first_delay: Duration,
    pub max_delay: Duration,
    /// A turn whose provider answers but keeps failing (5xx, 429, timeouts) gives up after this many attempts; an
    /// unreachable provider is waited for as long as it takes.
    pub max_attempts: u32,
}

impl Default for QueueConfig {
    fn default() -> Self {
        Self { parallel: 3, first_delay: Duration::from_secs(2), max_delay: Duration::from_secs(300), max_attempts: 6 }
    }
}

/// The delay before retry number `failures` (1 after the first failure): doubling from `first`, capped at `max`,
/// then scaled by a jitter in [0.5, 1) so many clients that failed together do not retry together.
pub fn backoff(failures: u32, first: Duration, max: Duration, jitter: f64) -> Duration {
    let doubled = first.saturating_mul(1u32 << failures.saturating_sub(1).min(20));
    doubled.min(max).mul_f64(0.5 + 0.5 * jitter.clamp(0.0, 1.0))
}

/// Whether a failed attempt sends the turn back to wait (true) or ends it with the error.
pub fn worth_waiting(e: &Error, attempts: u32, config: &QueueConfig) -> bool {
    use crate::error::ErrorCategory::*;
    match e.category {
        Connect => true,
        RateLimited | Upstream | Timeout => e.retriable && attempts < config.max_attempts,
        _ => false,
    }
}

pub fn queue_full(limits: QueueLimits) -> Error {
    Error::new(
        crate::error::ErrorCategory::InvalidRequest,
        "queue_full",
        format!(
            "The queue is full ({} messages or {} KB waiting). Nothing was dropped: send or cancel waiting messages \
             in the Queue view, or raise the limit in Settings.",
            limits.max_items,
            limits.max_bytes / 1024
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCategory;

    #[test]
    fn backoff_doubles_from_the_first_delay_up_to_the_cap_within_its_jitter() {
        let (first, max) = (Duration::from_secs(2), Duration::from_secs(60));
        assert_eq!(backoff(1, first, max, 1.0), Duration::from_secs(2));
        assert_eq!(backoff(1, first, max, 0.0), Duration::from_secs(1));
        assert_eq!(backoff(2, first, max, 1.0), Duration::from_secs(4));
        assert_eq!(backoff(3, first, max, 0.5), Duration::from_secs(6));
        assert_eq!(backoff(10, first, max, 1.0), max, "capped");
        assert_eq!(backoff(u32::MAX, first, max, 0.0), max / 2, "no overflow");
        assert_eq!(backoff(0, first, max, 1.0), first, "no failure yet counts as the first");
    }

    #[test]
    fn only_an_unreachable_provider_is_waited_for_without_end() {
        let config = QueueConfig { max_attempts: 3, ..Default::default() };
        let connect = Error::new(ErrorCategory::Connect, "provider_unreachable", "");
        let upstream = Error::new(ErrorCategory::Upstream, "provider_error", "");
        assert!(worth_waiting(&connect, 1000, &config));
        assert!(worth_waiting(&upstream, 2, &config));
        assert!(!worth_waiting(&upstream, 3, &config), "gives up after max_attempts");
        assert!(!worth_waiting(&upstream.clone().with_retriable(false), 1, &config));
        assert!(!worth_waiting(&Error::new(ErrorCategory::Auth, "provider_auth_failed", ""), 1, &config));
        assert!(!worth_waiting(&Error::cancelled(), 1, &config));
    }

    #[test]
    fn states_read_back_as_written() {
        for s in [ItemState::Queued, ItemState::Held, ItemState::Sending, ItemState::NeedsDecision] {
            assert_eq!(ItemState::parse(s.as_str()), s);
            assert_eq!(crate::store::enum_text(&s), s.as_str(), "serde and the database agree");
        }
    }
}
