//! One chat turn: persist the question, stream the answer to the pane, persist the outcome whatever it is.

use std::time::{Duration, Instant};

use futures::StreamExt;
use tokio_util::sync::CancellationToken;
use tracing::Instrument;

use super::{title_from, ChatEvent, ChatTarget, SendMessage, DEFAULT_TITLE};
use crate::error::{Error, Result};
use crate::ir::{ChatRequest, Message, Role, StreamChunk, Usage};
use crate::origin::Origin;
use crate::pipeline::{Call, Destination};
use crate::store::messages::{self, MessageRecord, MessageStatus};
use crate::store::{conversations, new_id, now_ms};
use crate::Core;

/// How often a streaming answer is saved, so a crash loses at most this much of it.
const SAVE_EVERY: Duration = Duration::from_millis(500);

pub async fn send(core: &Core, input: SendMessage, sink: &(dyn Fn(ChatEvent) + Send + Sync)) -> Result<MessageRecord> {
    let trace_id = new_id();
    let span = tracing::info_span!("chat", trace_id = %trace_id, request_id = %input.request_id);
    run(core, input, trace_id.clone(), sink).instrument(span).await.map_err(|e| match e.trace_id {
        Some(_) => e,
        None => e.with_trace(&trace_id),
    })
}

async fn run(
    core: &Core,
    input: SendMessage,
    trace_id: String,
    sink: &(dyn Fn(ChatEvent) + Send + Sync),
) -> Result<MessageRecord> {
    if input.text.trim().is_empty() {
        return Err(Error::invalid("empty_message", "Write a message before sending."));
    }
    if input.target.label().trim().is_empty() {
        return Err(Error::invalid("model_required", "Choose a model or a route before sending."));
    }
    if input.pane_id.trim().is_empty() {
        return Err(Error::invalid("pane_required", "The pane sending the message must be named."));
    }
    let token = core.register_request(&input.request_id)?;
    let result = stream_turn(core, &input, &trace_id, &token, sink).await;
    core.unregister_request(&input.request_id);
    result
}

async fn stream_turn(
    core: &Core,
    input: &SendMessage,
    trace_id: &str,
    token: &CancellationToken,
    sink: &(dyn Fn(ChatEvent) + Send + Sync),
) -> Result<MessageRecord> {
    // Fails before anything is saved when the route or provider is unknown.
    core.plan(&Destination::Chat(input.target.clone())).await?;
    let now = now_ms();
    let user = MessageRecord {
        id: new_id(),
        conversation_id: input.conversation_id.clone(),
        role: Role::User,
        content: input.text.clone(),
        status: MessageStatus::Complete,
        provider_id: None,
        model: None,
        trace_id: Some(trace_id.to_owned()),
        error: None,
        usage: Usage::default(),
        latency_ms: None,
        ttft_ms: None,
        created_at: now,
        cost: None,
        cached: false,
        saved_cost_usd_micros: None,
    };
    let mut answer = MessageRecord {
        id: new_id(),
        role: Role::Assistant,
        content: String::new(),
        status: MessageStatus::Streaming,
        // Known once a target answers; for a single model, known now.
        provider_id: match &input.target {
            ChatTarget::Model { provider_id, .. } => Some(provider_id.clone()),
            ChatTarget::Route { .. } => None,
        },
        model: match &input.target {
            ChatTarget::Model { model, .. } => Some(model.clone()),
            ChatTarget::Route { .. } => None,
        },
        created_at: now + 1,
        ..user.clone()
    };
    let history = core
        .store()
        .call({
            let (user, answer) = (user.clone(), answer.clone());
            move |c| {
                let tx = c.transaction()?;
                let conversation = conversations::get(&tx, &user.conversation_id)?;
                let history = messages::list(&tx, &user.conversation_id)?;
                messages::insert(&tx, &user)?;
                messages::insert(&tx, &answer)?;
                if conversation.title == DEFAULT_TITLE && history.is_empty() {
                    conversations::rename(&tx, &conversation.id, &title_from(&user.content), now)?;
                } else {
                    conversations::touch(&tx, &conversation.id, now)?;
                }
                tx.commit()?;
                Ok(history)
            }
        })
        .await?;
    sink(ChatEvent::Started {
        request_id: input.request_id.clone(),
        trace_id: trace_id.to_owned(),
        user_message: user.clone(),
        assistant_message: answer.clone(),
    });

    let request = ChatRequest {
        model: input.target.label().to_owned(),
        messages: context(&history, &user),
        ..Default::default()
    };
    tracing::info!(target = ?input.target, turns = request.messages.len(), "chat request");
    let origin = Origin::Pane {
        pane_id: input.pane_id.clone(),
        conversation_id: input.conversation_id.clone(),
        message_id: answer.id.clone(),
    };
    let call = Call {
        trace_id: trace_id.to_owned(),
        cache: input.cache.unwrap_or_default(),
        ..Call::new(Destination::Chat(input.target.clone()), request, origin)
    };
    let started = call.started;
    let outcome = tokio::select! {
        _ = token.cancelled() => Err(Error::cancelled()),
        opened = core.stream(call) => match opened {
            Ok((mut stream, by)) => {
                answer.provider_id = Some(by.provider.id.clone());
                answer.model = Some(by.model.clone());
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
    match outcome {
        Ok(()) => answer.status = MessageStatus::Complete,
        Err(e) if e.code == Error::cancelled().code => answer.status = MessageStatus::Stopped,
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
            let answer = answer.clone();
            move |c| messages::finish(c, &answer)
        })
        .await?;
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
