//! Drains the outbox through the one door: the first item of each conversation, when it is due and one of its
//! providers may be reachable; several conversations at once (`QueueConfig::parallel`), one item at a time in each.
//! A provider known to be unreachable is probed before anything is sent to it.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

use tokio::sync::broadcast;
use tokio::task::JoinSet;

use super::connectivity::{Connectivity, Reachability};
use super::outbox::{self, Claimed};
use super::{ItemState, QueueConfig, QueueItem};
use crate::chat::{ChatEvent, PaneEvent};
use crate::error::{Error, ErrorCategory};
use crate::store::messages::{self, MessageStatus};
use crate::store::{new_id, now_ms};
use crate::Core;

/// With nothing due, the dispatcher still looks again this often (an item's time may be set by another process).
const IDLE_LOOK: Duration = Duration::from_secs(30);

/// The longest wait between two probes of an unreachable provider.
const MAX_PROBE_DELAY: Duration = Duration::from_secs(60);

/// The queue's parts that live as long as `Core`.
pub(crate) struct QueueRoom {
    pub config: QueueConfig,
    pub connectivity: Arc<Connectivity>,
    pub panes: broadcast::Sender<PaneEvent>,
    started: AtomicBool,
    probing: Mutex<HashSet<String>>,
}

impl QueueRoom {
    pub fn new(config: QueueConfig, events: crate::events::Events) -> Self {
        Self {
            config,
            // Probes are cheap (a model list): an unreachable provider is looked at again within a minute at most.
            connectivity: Arc::new(Connectivity::new(
                config.first_delay,
                config.max_delay.min(MAX_PROBE_DELAY),
                Some(events),
            )),
            panes: broadcast::channel(1024).0,
            started: AtomicBool::new(false),
            probing: Mutex::default(),
        }
    }

    /// True the first time only.
    pub fn start_once(&self) -> bool {
        !self.started.swap(true, Ordering::AcqRel)
    }
}

/// Runs until `Core` is dropped.
pub(crate) fn spawn(core: &Arc<Core>) {
    let weak = Arc::downgrade(core);
    tokio::spawn(async move { run(weak).await });
}

async fn run(weak: Weak<Core>) {
    let mut sending: JoinSet<()> = JoinSet::new();
    // Conversation -> the task sending its item; a task that panicked frees its conversation too.
    let mut busy: HashMap<String, tokio::task::Id> = HashMap::new();
    loop {
        let Some(core) = weak.upgrade() else { return };
        let wake_at = match look(&core, &mut sending, &mut busy).await {
            Ok(at) => at,
            Err(e) => {
                tracing::warn!(code = %e.code, "the queue could not be read; trying again shortly");
                Some(now_ms() + 1_000)
            }
        };
        let room = core.queue_room().clone();
        drop(core);
        let sleep = wake_at.map_or(IDLE_LOOK, |at| Duration::from_millis((at - now_ms()).clamp(0, 30_000) as u64));
        tokio::select! {
            _ = room.connectivity.wake.notified() => {}
            Some(done) = sending.join_next_with_id() => {
                let task = match done {
                    Ok((task, ())) => task,
                    Err(e) => {
                        tracing::error!(error = %e, "sending a queued message failed");
                        e.id()
                    }
                };
                busy.retain(|_, t| *t != task);
            }
            _ = tokio::time::sleep(sleep) => {}
        }
    }
}

/// Starts what can start; returns when to look again for the rest.
async fn look(
    core: &Arc<Core>,
    sending: &mut JoinSet<()>,
    busy: &mut HashMap<String, tokio::task::Id>,
) -> crate::Result<Option<i64>> {
    let room = core.queue_room().clone();
    let heads = core.store().call(|c| outbox::heads(c)).await?;
    let mut wake_at: Option<i64> = None;
    let mut soon = |at: i64| wake_at = Some(wake_at.map_or(at, |w: i64| w.min(at)));
    for item in heads {
        if item.state != ItemState::Queued || busy.contains_key(&item.conversation_id) {
            continue;
        }
        if busy.len() >= room.config.parallel {
            break;
        }
        let now = now_ms();
        if item.next_attempt_at > now {
            soon(item.next_attempt_at);
            continue;
        }
        let providers = match core.target_providers(&item.target).await {
            Ok(p) => p,
            Err(e) => {
                give_up(core, &item, e).await?;
                continue;
            }
        };
        let conn = &room.connectivity;
        let tryable: Vec<&(String, bool)> = providers.iter().filter(|(id, lb)| conn.may_try(id, *lb, now)).collect();
        if tryable.is_empty() {
            for (id, _) in &providers {
                if let Some(at) = conn.next_probe_at(id) {
                    soon(at);
                }
            }
            continue;
        }
        // Known unreachable and due for a probe: probe first; the probe's result wakes the dispatcher.
        if tryable.iter().all(|(id, _)| conn.state(id) == Reachability::Offline) {
            for (id, _) in tryable {
                probe(core, id);
            }
            continue;
        }
        let id = item.id.clone();
        if let Some(claimed) = core.store().call(move |c| outbox::claim(c, &id, now)).await? {
            let core = core.clone();
            let task = sending.spawn(async move { send(&core, claimed).await });
            busy.insert(item.conversation_id.clone(), task.id());
        }
    }
    Ok(wake_at)
}

/// Sends one claimed item, its events going to whichever window shows the conversation.
async fn send(core: &Arc<Core>, claimed: Claimed) {
    let item = claimed.item.clone();
    let Ok(token) = core.register_request(&item.id) else { return };
    let trace_id = new_id();
    let panes = core.queue_room().panes.clone();
    let sink = |event: ChatEvent| {
        let _ = panes.send(PaneEvent {
            conversation_id: item.conversation_id.clone(),
            pane_id: item.pane_id.clone(),
            request_id: item.id.clone(),
            event,
        });
    };
    sink(ChatEvent::Started {
        request_id: item.id.clone(),
        trace_id: trace_id.clone(),
        user_message: claimed.question.clone(),
        assistant_message: claimed.answer.clone(),
    });
    core.queue_changed().await;
    tracing::info!(item = %item.id, attempt = item.attempts, "sending a queued message");
    if let Err(e) = crate::chat::send::deliver(core, claimed, &trace_id, None, &token, &sink).await {
        tracing::warn!(item = %item.id, code = %e.code, "a queued message could not be finished");
    }
    core.unregister_request(&item.id);
}

/// Probes a provider in the background (a model list: cheap, never billed). Any answer, even a refusal, shows it can
/// be reached; only a failure to connect or to answer in time keeps it unreachable.
fn probe(core: &Arc<Core>, provider_id: &str) {
    let room = core.queue_room().clone();
    if !room.probing.lock().unwrap().insert(provider_id.to_owned()) {
        return;
    }
    let (core, id) = (core.clone(), provider_id.to_owned());
    tokio::spawn(async move {
        let result = match core.provider_client(&id).await {
            Ok((_, provider)) => provider.list_models().await.map(|_| ()),
            Err(e) => Err(e),
        };
        let now = now_ms();
        match result {
            Err(e) if matches!(e.category, ErrorCategory::Connect | ErrorCategory::Timeout) => {
                tracing::info!(provider = %id, code = %e.code, "still unreachable");
                room.connectivity.failed(&id, &Error { category: ErrorCategory::Connect, ..e }, now);
            }
            _ => {
                tracing::info!(provider = %id, "reachable again");
                room.connectivity.succeeded(&id, now);
            }
        }
        room.probing.lock().unwrap().remove(&id);
        room.connectivity.wake.notify_one();
    });
}

/// An item that can no longer be sent (its route or provider was deleted) ends with the error on its answer.
async fn give_up(core: &Core, item: &QueueItem, error: Error) -> crate::Result<()> {
    tracing::warn!(item = %item.id, code = %error.code, "a queued message cannot be sent");
    let (id, answer_id) = (item.id.clone(), item.answer_message_id.clone());
    core.store()
        .call(move |c| {
            let answer = messages::MessageRecord {
                status: MessageStatus::Error,
                error: Some(error),
                ..messages::get(c, &answer_id)?
            };
            outbox::finish(c, &id, &answer)
        })
        .await?;
    core.queue_changed().await;
    Ok(())
}
