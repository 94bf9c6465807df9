//! POST /v1/messages for Anthropic clients (the SDKs, Claude Code), whatever the upstream's dialect.

use std::sync::Arc;

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use switchyard_core::ir::{StreamChunk, Wire};
use switchyard_core::store::access_keys::Scope;
use switchyard_core::translate::{anthropic_messages, anthropic_stream};
use switchyard_core::{Core, Error, Result};

use crate::auth::presented_key;
use crate::errors::{self, Dialect};
use crate::original::original;
use crate::respond::{parse_json, StreamWriter, Turn};

struct Writer(anthropic_stream::Encoder);

impl StreamWriter for Writer {
    fn chunk(&mut self, chunk: StreamChunk) -> String {
        self.0.encode(chunk).iter().map(anthropic_stream::to_sse).collect()
    }
    fn finish(&mut self) -> String {
        self.0.finish().iter().map(anthropic_stream::to_sse).collect()
    }
    fn error(&mut self, e: &Error) -> String {
        self.0.error(e).iter().map(anthropic_stream::to_sse).collect()
    }
}

pub async fn messages(State(core): State<Arc<Core>>, headers: HeaderMap, body: Bytes) -> Response {
    let mut turn = Turn::new(core, Wire::Anthropic);
    match handle(&mut turn, &headers, &body).await {
        Ok(response) => response,
        Err(e) => errors::response(Dialect::Anthropic, e, &turn.trace_id),
    }
}

async fn handle(turn: &mut Turn, headers: &HeaderMap, body: &Bytes) -> Result<Response> {
    let key = turn.core().authorize(presented_key(headers), Scope::Chat).await?;
    let wire = parse_json(body)?;
    let mut request = anthropic_messages::parse_request(&wire)?;
    if request.max_tokens.is_none() {
        return Err(Error::invalid("max_tokens_required", "`max_tokens` is required: the most tokens to write."));
    }
    request.original = Some(Arc::new(original(Wire::Anthropic, body, &wire, headers, false)));
    let asked = request.model.clone();
    turn.caller(&key, &asked, headers)?;
    tracing::info!(trace_id = %turn.trace_id, key = %key.name, model = %asked, stream = request.stream, "gateway messages");
    if request.stream {
        turn.streamed(request, Writer(anthropic_stream::Encoder::new(&asked))).await
    } else {
        turn.whole(request, |answer| anthropic_messages::response_body(answer, &asked)).await
    }
}

/// POST /v1/messages/count_tokens. Counted with tiktoken (o200k_base): exact for OpenAI models, an estimate for
/// Claude, whose tokenizer is not public.
pub async fn count_tokens(State(core): State<Arc<Core>>, headers: HeaderMap, body: Bytes) -> Response {
    let trace_id = switchyard_core::store::new_id();
    let result = async {
        core.authorize(presented_key(&headers), Scope::Chat).await?;
        let request = anthropic_messages::parse_request(&parse_json(&body)?)?;
        core.knows_model(&request.model).await?;
        let counted = tokio::task::spawn_blocking(move || switchyard_core::cost::tokens::count_request(&request))
            .await
            .map_err(|e| Error::internal(e.to_string()))?;
        Ok::<_, Error>(counted)
    }
    .await;
    match result {
        Ok(n) => axum::Json(serde_json::json!({ "input_tokens": n })).into_response(),
        Err(e) => errors::response(Dialect::Anthropic, e, &trace_id),
    }
}
