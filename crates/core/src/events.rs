//! Typed broadcasts from core to whoever listens (the desktop shell forwards them to the UI). A burst of calls
//! becomes one `UsageChanged` per `USAGE_DEBOUNCE`, so a dashboard refreshes at most that often.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tokio::sync::{broadcast, Notify};

use crate::cost::budgets::BudgetAction;

pub const USAGE_DEBOUNCE: Duration = Duration::from_millis(500);

/// Named `CoreEventKind` for the UI: the shell wraps it in its `CoreEvent` broadcast.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "kind", rename_all = "snake_case", rename = "CoreEventKind")]
pub enum CoreEvent {
    /// New ledger rows were written.
    UsageChanged,
    /// The offline queue changed: an item was accepted, sent, cancelled or edited. `waiting` is what the sidebar
    /// counts (every item not being sent).
    QueueChanged { waiting: u32 },
    /// Ledger rows started or stopped failing to be written (see `Core::ledger_health`).
    LedgerHealthChanged,
    /// The network or a provider's reachability changed.
    ConnectivityChanged,
    /// A budget crossed one of its thresholds (50, 80, 95, 100 percent), once per threshold per budget window.
    BudgetAlert {
        budget_id: String,
        name: String,
        threshold: u32,
        #[specta(type = specta_typescript::Number)]
        spent_usd_micros: i64,
        #[specta(type = specta_typescript::Number)]
        limit_usd_micros: i64,
        action: BudgetAction,
    },
}

#[derive(Clone)]
pub struct Events {
    tx: broadcast::Sender<CoreEvent>,
    usage_dirty: Arc<AtomicBool>,
    usage_wake: Arc<Notify>,
}

impl Events {
    /// Starts the debouncer on the current runtime.
    pub fn start() -> Self {
        let (tx, _) = broadcast::channel(64);
        let events = Events { tx, usage_dirty: Arc::default(), usage_wake: Arc::default() };
        let debouncer = events.clone();
        tokio::spawn(async move {
            loop {
                debouncer.usage_wake.notified().await;
                tokio::time::sleep(USAGE_DEBOUNCE).await;
                if debouncer.usage_dirty.swap(false, Ordering::AcqRel) {
                    let _ = debouncer.tx.send(CoreEvent::UsageChanged);
                }
            }
        });
        events
    }

    pub fn subscribe(&self) -> broadcast::Receiver<CoreEvent> {
        self.tx.subscribe()
    }

    pub fn send(&self, event: CoreEvent) {
        let _ = self.tx.send(event);
    }

    /// Announces new usage soon, together with any other usage of the same moment.
    pub fn usage_changed(&self) {
        if !self.usage_dirty.swap(true, Ordering::AcqRel) {
            self.usage_wake.notify_one();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The next event, or None if none comes within a few debounce windows (paused time moves on by itself while
    /// every task waits, so a missing event fails the test at once).
    async fn next(rx: &mut broadcast::Receiver<CoreEvent>) -> Option<CoreEvent> {
        tokio::time::timeout(USAGE_DEBOUNCE * 4, rx.recv()).await.ok().and_then(|r| r.ok())
    }

    #[tokio::test(start_paused = true)]
    async fn a_burst_of_usage_becomes_one_event_per_debounce_window() {
        let events = Events::start();
        let mut rx = events.subscribe();
        for _ in 0..100 {
            events.usage_changed();
        }
        assert_eq!(next(&mut rx).await, Some(CoreEvent::UsageChanged));
        assert_eq!(next(&mut rx).await, None, "a burst must announce itself once");
        events.usage_changed();
        assert_eq!(next(&mut rx).await, Some(CoreEvent::UsageChanged), "later usage is announced again");
    }
}
