//! One chat turn: accept the question into the outbox, then either stream the answer to the pane now or leave it
//! queued for the dispatcher; persist the outcome whatever it is.

use std::time::{Duration, Instant};

use futures::StreamExt;
use tokio_util::sync::CancellationToken;
use tracing::Instrument;

use super::{ChatEvent, SendMessage};
use crate::cache::CacheDirective;
use crate::error::{Error, Result};
use crate::ir::{ChatRequest, Message, Role, StreamChunk};
use crate::origin::Origin;
use crate::pipeline::{Call, Destination};
use crate::queue::outbox::{self, Accept, Claimed, NewTurn};
use crate::queue::{backoff, worth_waiting, QueueLimits};
use crate::store::messages::{self, MessageRecord, MessageStatus};
use crate::store::{new_id, now_ms};
use crate::Core;

/// How often a streaming answer is saved, so a crash loses at most this much of it.
const SAVE_EVERY: Duration = Duration::from_millis(500);

pub type Sink<'a> = &'a (dyn Fn(ChatEvent) + Send + Sync);

pub async fn send(core: &Core, input: SendMessage, sink: Sink<'_>) -> Result<MessageRecord> {
    let trace_id = new_id();
    let span = tracing::info_span!("chat", trace_id = %trace_id, request_id = %input.request_id);
    run(core, input, trace_id.clone(), sink).instrument(span).await.map_err(|e| match e.trace_id {
        Some(_) => e,
        None => e.with_trace(&trace_id),
    })
}

async fn run(core: &Core, input: SendMessage, trace_id: String, sink: Sink<'_>) -> Result<MessageRecord> {
    let regenerates = matches!(input.place, crate::chat::TurnPlace::Regenerate { .. });
    if input.text.trim().is_empty() && !regenerates {
        return Err(Error::invalid("empty_message", "Write a message before sending."));
    }
    if input.target.label().trim().is_empty() {
        return Err(Error::invalid("model_required", "Choose a model or a route before sending."));
    }
    if input.pane_id.trim().is_empty() {
        return Err(Error::invalid("pane_required", "The pane sending the message must be named."));
    }
    // Fails before anything is saved when the route or provider is unknown.
    let reachable = core.reachable_now(&input.target).await?;
    let mode = match (input.later, reachable) {
        (true, _) => Accept::Hold,
        (false, true) => Accept::SendNow,
        (false, false) => Accept::Queue,
    };
    // Another answer is asked for: the cache is not the place to find it, and keeps the new one.
    let cache = match (&input.place, input.cache) {
        (crate::chat::TurnPlace::Regenerate { .. }, None | Some(CacheDirective::Default)) => {
            Some(CacheDirective::Refresh)
        }
        (_, cache) => cache,
    };
    let token = core.register_request(&input.request_id)?;
    let turn = NewTurn {
        conversation_id: input.conversation_id.clone(),
        pane_id: input.pane_id.clone(),
        target: input.target.clone(),
        text: input.text.clone(),
        place: input.place.clone(),
        trace_id: trace_id.clone(),
        now: now_ms(),
    };
    let accepted = core
        .store()
        .call(move |c| {
            let limits = QueueLimits::from_settings(&crate::settings::load(c)?);
            outbox::accept(c, turn, mode, limits)
        })
        .await;
    let result = match accepted {
        Err(e) => Err(e),
        Ok(accepted) => {
            sink(ChatEvent::Started {
                request_id: input.request_id.clone(),
                trace_id: trace_id.clone(),
                user_message: accepted.question,
                assistant_message: accepted.answer.clone(),
            });
            match accepted.outcome {
                Ok(claimed) => deliver(core, claimed, &trace_id, cache, &token, sink).await,
                Err(waiting) => {
                    tracing::info!(item = %waiting.id, state = ?waiting.state, position = waiting.position, "queued");
                    core.queue_changed().await;
                    sink(ChatEvent::Finished { message: accepted.answer.clone() });
                    Ok(accepted.answer)
                }
            }
        }
    };
    core.unregister_request(&input.request_id);
    result
}

/// Sends a claimed turn and streams its answer into `sink`. A failure before any answer that is worth waiting out
/// sends the turn back to the queue (the answer returned is then `queued`); anything else finishes it.
pub(crate) async fn deliver(
    core: &Core,
    claimed: Claimed,
    trace_id: &str,
    cache: Option<crate::cache::CacheDirective>,
    token: &CancellationToken,
    sink: Sink<'_>,
) -> Result<MessageRecord> {
    let Claimed { item, question, mut answer, history } = claimed;
    answer.trace_id = Some(trace_id.to_owned());
    let request = ChatRequest {
        model: item.target.label().to_owned(),
        messages: context(&history, &question),
        idempotency_key: Some(item.id.clone()),
        ..Default::default()
    };
    tracing::info!(target = ?item.target, turns = request.messages.len(), attempt = item.attempts, "chat request");
    let origin = Origin::Pane {
        pane_id: item.pane_id.clone(),
        conversation_id: item.conversation_id.clone(),
        message_id: answer.id.clone(),
    };
    let call = Call {
        trace_id: trace_id.to_owned(),
        cache: cache.unwrap_or_default(),
        ..Call::new(Destination::Chat(item.target.clone()), request, origin)
    };
    let started = call.started;
    let mut served_by = None;
    let outcome = tokio::select! {
        _ = token.cancelled() => Err(Error::cancelled()),
        opened = core.stream(call) => match opened {
            Ok((mut stream, by)) => {
                answer.provider_id = Some(by.provider.id.clone());
                answer.model = Some(by.model.clone());
                served_by = Some(by.provider.id.clone());
                let mut last_save = Instant::now();
                loop {
                    let next = tokio::select! {
                        _ = token.cancelled() => break Err(Error::cancelled()),
                        next = stream.next() => next,
                    };
                    match next {
                        None => break Ok(()),
                        Some(Err(e)) => break Err(e),
                        Some(Ok(chunk)) => match chunk {
                            StreamChunk::TextDelta(text) => {
                                answer.ttft_ms.get_or_insert(started.elapsed().as_millis() as i64);
                                answer.content.push_str(&text);
                                sink(ChatEvent::Delta { text });
                                if last_save.elapsed() >= SAVE_EVERY {
                                    last_save = Instant::now();
                                    let (id, content) = (answer.id.clone(), answer.content.clone());
                                    core.store().call(move |c| messages::save_partial(c, &id, &content)).await?;
                                }
                            }
                            StreamChunk::Start { model: Some(model), .. } => answer.model = Some(model),
                            StreamChunk::Usage(usage) => answer.usage = usage,
                            _ => {}
                        },
                    }
                }
                // `stream` is dropped here: reading stops and the connection closes.
            }
            Err(e) => Err(e),
        },
    };
    answer.latency_ms = Some(started.elapsed().as_millis() as i64);
    let now = now_ms();
    match &outcome {
        Ok(()) => {
            if let Some(id) = &served_by {
                core.connectivity().succeeded(id, now);
            }
        }
        Err(e) => {
            for (id, _) in core.target_providers(&item.target).await.unwrap_or_default() {
                core.connectivity().failed(&id, e, now);
            }
        }
    }
    let config = core.queue_config();
    match outcome {
        Err(e) if answer.content.is_empty() && worth_waiting(&e, item.attempts, &config) => {
            // An unreachable provider is waited for by probing it; other failures wait out their own backoff.
            let wait = match (e.category, e.retry_after) {
                (crate::error::ErrorCategory::Connect, _) => Duration::ZERO,
                (_, Some(after)) => after.max(config.first_delay),
                _ => backoff(item.attempts, config.first_delay, config.max_delay, fastrand::f64()),
            };
            tracing::info!(code = %e.code, attempt = item.attempts, wait_ms = wait.as_millis() as u64, "queued again");
            let (id, error) = (item.id.clone(), e.clone().with_trace(trace_id));
            let next = now + wait.as_millis() as i64;
            core.store().call(move |c| outbox::requeue(c, &id, &error, next, now)).await?;
            answer = MessageRecord { status: MessageStatus::Queued, content: String::new(), ..answer };
            core.flush_ledger().await;
            core.queue_changed().await;
            sink(ChatEvent::Finished { message: answer.clone() });
            return Ok(answer);
        }
        Ok(()) => answer.status = MessageStatus::Complete,
        Err(e) if e.code == Error::cancelled().code => {
            answer.status = MessageStatus::Stopped;
            if answer.usage.output_tokens == 0 && !answer.content.is_empty() {
                // Stopped before the provider said what it wrote: what arrived is counted, as the ledger does.
                answer.usage.output_tokens = crate::cost::tokens::count_text(&answer.content);
                answer.usage.estimated = true;
            }
        }
        Err(e) => {
            tracing::warn!(code = %e.code, "chat failed");
            answer.status = MessageStatus::Error;
            answer.error = Some(e.with_trace(trace_id));
        }
    }
    tracing::info!(status = ?answer.status, latency_ms = answer.latency_ms, ttft_ms = answer.ttft_ms,
        input_tokens = answer.usage.input_tokens, output_tokens = answer.usage.output_tokens, "chat finished");
    core.store()
        .call({
            let (id, answer) = (item.id.clone(), answer.clone());
            move |c| outbox::finish(c, &id, &answer)
        })
        .await?;
    core.queue_changed().await;
    // The meter wrote the answer's ledger row when its stream ended; its cost is shown with the answer.
    core.flush_ledger().await;
    let id = answer.id.clone();
    (answer.cost, answer.cached, answer.saved_cost_usd_micros) =
        core.store().call(move |c| crate::store::ledger::message_cost(c, &id)).await?;
    sink(ChatEvent::Finished { message: answer.clone() });
    Ok(answer)
}

/// The turns sent upstream: finished or stopped answers and every question, then the new question.
fn context(history: &[MessageRecord], question: &MessageRecord) -> Vec<Message> {
    history
        .iter()
        .filter(|m| match m.role {
            Role::User => true,
            Role::Assistant => {
                matches!(m.status, MessageStatus::Complete | MessageStatus::Stopped) && !m.content.is_empty()
            }
            _ => false,
        })
        .chain(std::iter::once(question))
        .map(|m| Message::text(m.role, m.content.clone()))
        .collect()
}
