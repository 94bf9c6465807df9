//! POST /v1/chat/completions for OpenAI clients, whatever the upstream's dialect.

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use bytes::Bytes;
use switchyard_core::ir::{StreamChunk, Wire};
use switchyard_core::store::access_keys::Scope;
use switchyard_core::translate::{openai_chat, openai_stream};
use switchyard_core::{Core, Error, Result};

use crate::auth::presented_key;
use crate::errors::{self, Dialect};
use crate::original::original;
use crate::respond::{parse_json, StreamWriter, Turn};

struct Writer(openai_stream::Encoder);

impl StreamWriter for Writer {
    fn chunk(&mut self, chunk: StreamChunk) -> String {
        self.0.encode(chunk).iter().map(openai_stream::to_sse).collect()
    }
    fn finish(&mut self) -> String {
        let mut out: String = self.0.finish().iter().map(openai_stream::to_sse).collect();
        out.push_str(openai_stream::DONE);
        out
    }
    fn error(&mut self, e: &Error) -> String {
        openai_stream::to_sse(&self.0.error(e))
    }
    fn end_marker(&self) -> &'static str {
        openai_stream::DONE
    }
}

fn now_secs() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

pub async fn chat_completions(State(core): State<Arc<Core>>, headers: HeaderMap, body: Bytes) -> Response {
    let mut turn = Turn::new(core, Wire::OpenAi);
    match handle(&mut turn, &headers, &body).await {
        Ok(response) => response,
        Err(e) => errors::response(Dialect::OpenAi, e, &turn.trace_id),
    }
}

async fn handle(turn: &mut Turn, headers: &HeaderMap, body: &Bytes) -> Result<Response> {
    let key = turn.core().authorize(presented_key(headers), Scope::Chat).await?;
    let wire = parse_json(body)?;
    let mut request = openai_chat::parse_request(&wire)?;
    let include_usage = wire.pointer("/stream_options/include_usage").and_then(|v| v.as_bool()).unwrap_or(false);
    request.original = Some(Arc::new(original(Wire::OpenAi, body, &wire, headers, include_usage)));
    let asked = request.model.clone();
    turn.caller(&key, &asked, headers)?;
    tracing::info!(trace_id = %turn.trace_id, key = %key.name, model = %asked, stream = request.stream, "gateway chat completion");
    if request.stream {
        let writer = Writer(openai_stream::Encoder::new(&asked, now_secs(), include_usage));
        turn.streamed(request, writer).await
    } else {
        turn.whole(request, |answer| openai_chat::response_body(answer, &asked, now_secs())).await
    }
}
