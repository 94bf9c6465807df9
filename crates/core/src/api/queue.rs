//! The offline queue: starting its dispatcher, what waits, and what the person can do to a waiting message.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::chat::{ChatTarget, PaneEvent};
use crate::error::Result;
use crate::events::CoreEvent;
use crate::pipeline::Destination;
use crate::queue::connectivity::{self, Connectivity, ProviderReach};
use crate::queue::dispatcher::{self, QueueRoom};
use crate::queue::{outbox, QueueConfig, QueueItem, QueueLimits};
use crate::store::now_ms;
use crate::Core;

/// The Queue view: every item, what each provider's reachability is, and the limits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct QueueStatus {
    pub items: Vec<QueueItem>,
    pub providers: Vec<ProviderReach>,
    /// Whether the OS has a network interface up besides loopback.
    pub network_up: bool,
    pub max_items: u32,
    pub max_kb: u32,
}

impl Core {
    /// Starts draining the outbox (once, and only in the first process to start it over this data dir: two
    /// dispatchers would send an item twice; see ownership.rs). Items a previous dispatcher left `sending` first
    /// become "needs a decision". Returns how many.
    pub async fn start_queue(self: &Arc<Self>) -> Result<usize> {
        if !self.queue.start_once() {
            return Ok(0);
        }
        let Some(lock) = crate::ownership::claim_queue(self.data_dir()) else {
            tracing::info!("another process drains this data dir's queue; not starting it here");
            return Ok(0);
        };
        let _ = self.queue_lock.set(lock);
        let cut = self.store.call(|c| outbox::recover(c, now_ms())).await?;
        if cut > 0 {
            tracing::warn!(cut, "messages a previous run was sending wait for a decision (resend or cancel)");
        }
        connectivity::watch_interfaces(self.queue.connectivity.clone());
        dispatcher::spawn(self);
        self.queue_changed().await;
        Ok(cut)
    }

    pub async fn queue_status(&self) -> Result<QueueStatus> {
        let (items, settings) = self.store.call(|c| Ok((outbox::list(c)?, crate::settings::load(c)?))).await?;
        Ok(QueueStatus {
            items,
            providers: self.queue.connectivity.providers(),
            network_up: self.queue.connectivity.network_up(),
            max_items: settings.queue_max_items,
            max_kb: settings.queue_max_kb,
        })
    }

    /// "Send now" for a queued or held message; "Resend" for one that needs a decision.
    pub async fn send_queued_now(&self, id: &str) -> Result<QueueItem> {
        let id = id.to_owned();
        let now = now_ms();
        let item = self.store.call(move |c| outbox::release(c, &id, now)).await?;
        // The person asked: an unreachable provider is probed at once rather than at its next backoff.
        self.queue.connectivity.probe_soon();
        self.queue_changed().await;
        Ok(item)
    }

    pub async fn cancel_queued(&self, id: &str) -> Result<()> {
        let id = id.to_owned();
        self.store.call(move |c| outbox::cancel(c, &id)).await?;
        self.queue_changed().await;
        Ok(())
    }

    pub async fn edit_queued(&self, id: &str, text: String) -> Result<QueueItem> {
        let id = id.to_owned();
        let now = now_ms();
        let item = self
            .store
            .call(move |c| {
                let limits = QueueLimits::from_settings(&crate::settings::load(c)?);
                outbox::edit(c, &id, &text, limits, now)
            })
            .await?;
        self.queue_changed().await;
        Ok(item)
    }

    /// Chat events of turns the queue sends, for the window to apply to the conversation it shows.
    pub fn subscribe_panes(&self) -> tokio::sync::broadcast::Receiver<PaneEvent> {
        self.queue.panes.subscribe()
    }

    pub(crate) fn queue_room(&self) -> &Arc<QueueRoom> {
        &self.queue
    }

    pub(crate) fn connectivity(&self) -> &Connectivity {
        &self.queue.connectivity
    }

    pub(crate) fn queue_config(&self) -> QueueConfig {
        self.queue.config
    }

    /// Tells the window (the sidebar's count) and wakes the dispatcher.
    pub(crate) async fn queue_changed(&self) {
        match self.store.call(|c| outbox::waiting(c)).await {
            Ok(waiting) => self.books.events.send(CoreEvent::QueueChanged { waiting }),
            Err(e) => tracing::warn!(code = %e.code, "the queue could not be counted"),
        }
        self.queue.connectivity.wake.notify_one();
    }

    /// Whether a turn to `target` is worth trying now (some provider of it may be reachable). Fails when the route or
    /// provider is unknown.
    pub(crate) async fn reachable_now(&self, target: &ChatTarget) -> Result<bool> {
        let now = now_ms();
        let providers = self.target_providers(target).await?;
        Ok(providers.iter().any(|(id, loopback)| self.queue.connectivity.may_try(id, *loopback, now)))
    }

    /// The providers that may answer `target`, each with whether it is on this machine.
    pub(crate) async fn target_providers(&self, target: &ChatTarget) -> Result<Vec<(String, bool)>> {
        let plan = self.plan(&Destination::Chat(target.clone())).await?;
        let config = self.routing_config().await?;
        Ok(plan
            .targets
            .iter()
            .map(|t| {
                let loopback = config
                    .0
                    .iter()
                    .find(|p| p.id == t.provider_id)
                    .is_some_and(|p| connectivity::is_loopback(&p.base_url));
                (t.provider_id.clone(), loopback)
            })
            .collect())
    }
}
