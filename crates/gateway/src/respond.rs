//! What both dialects share: reading the body, calling the provider, timing, and writing a whole or streamed answer.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use futures::StreamExt;
use serde_json::Value;
use switchyard_core::ir::accumulate::Accumulator;
use switchyard_core::ir::{ChatRequest, ChatResponse, StreamChunk, Usage};
use switchyard_core::providers::ChunkStream;
use switchyard_core::router::execute::Served;
use switchyard_core::store::ledger::{CallStatus, LedgerEntry};
use switchyard_core::{Core, Error, Result};

pub const TRACE_HEADER: &str = "x-switchyard-trace-id";
pub const OVERHEAD_HEADER: &str = "x-switchyard-overhead-us";

pub fn parse_json(body: &Bytes) -> Result<Value> {
    let v: Value = serde_json::from_slice(body)
        .map_err(|e| Error::invalid("malformed_json", format!("The request body is not valid JSON: {e}.")))?;
    if !v.is_object() {
        return Err(Error::invalid("malformed_json", "The request body must be a JSON object."));
    }
    Ok(v)
}

/// Writes IR chunks in one dialect's streaming format.
pub trait StreamWriter: Send + 'static {
    fn chunk(&mut self, chunk: StreamChunk) -> String;
    fn finish(&mut self) -> String;
    fn error(&mut self, e: &Error) -> String;
}

/// One gateway call: its trace id, its clock, and the ledger row it will write.
pub struct Turn {
    pub trace_id: String,
    pub started: Instant,
    core: Arc<Core>,
    entry: LedgerEntry,
    routed: bool,
}

impl Turn {
    pub fn new(core: Arc<Core>) -> Self {
        let trace_id = switchyard_core::store::new_id();
        let entry = LedgerEntry {
            at: switchyard_core::store::now_ms(),
            origin: "gateway".into(),
            route: String::new(),
            provider_id: None,
            provider_name: None,
            model: None,
            attempts: 1,
            status: CallStatus::Error,
            error_category: None,
            streamed: false,
            usage: Usage::default(),
            latency_ms: 0,
            ttft_ms: None,
            trace_id: trace_id.clone(),
        };
        Self { trace_id, started: Instant::now(), core, entry, routed: false }
    }

    pub fn core(&self) -> &Core {
        &self.core
    }

    /// Who called (the access key's name) and what they asked for.
    pub fn caller(&mut self, key_name: &str, route: &str) {
        self.entry.origin = format!("gateway:{key_name}");
        self.entry.route = route.to_owned();
    }

    fn served(&mut self, served: &Served, streamed: bool) {
        self.entry.provider_id = Some(served.provider.id.clone());
        self.entry.provider_name = Some(served.provider.name.clone());
        self.entry.model = Some(served.model.clone());
        self.entry.attempts = served.attempts;
        self.entry.streamed = streamed;
    }

    /// Records a call that failed before any answer. Requests refused before routing (bad key, bad body) are not
    /// calls and are only logged.
    pub async fn record_failure(&self, e: &Error) {
        if !self.routed {
            return;
        }
        let mut entry = self.entry.clone();
        entry.error_category = Some(e.category);
        entry.attempts = e.attempts.unwrap_or(0);
        entry.latency_ms = self.started.elapsed().as_millis() as i64;
        self.core.record_call(entry).await;
    }

    fn headers(&self, mut response: Response, upstream: Duration) -> Response {
        let overhead = self.started.elapsed().saturating_sub(upstream).as_micros();
        let headers = response.headers_mut();
        if let Ok(v) = HeaderValue::from_str(&self.trace_id) {
            headers.insert(TRACE_HEADER, v);
        }
        headers.insert(OVERHEAD_HEADER, HeaderValue::from(overhead as u64));
        response
    }

    pub async fn whole(
        &mut self,
        request: &ChatRequest,
        write: impl FnOnce(&ChatResponse) -> Value,
    ) -> Result<Response> {
        self.routed = true;
        let t0 = Instant::now();
        let (answer, served) = self.core.clone().route_complete(&self.entry.route, request).await?;
        let upstream = t0.elapsed();
        self.served(&served, false);
        let mut entry = self.entry.clone();
        entry.status = CallStatus::Ok;
        entry.usage = answer.usage;
        entry.latency_ms = self.started.elapsed().as_millis() as i64;
        let core = self.core.clone();
        tokio::spawn(async move { core.record_call(entry).await });
        Ok(self.headers(axum::Json(write(&answer)).into_response(), upstream))
    }

    /// Answers 200 only once the first chunk arrived (retries and fallback happen before that), so a failure before
    /// any content is an HTTP error the client's SDK understands; after that, failures are written into the stream.
    pub async fn streamed(&mut self, request: &ChatRequest, writer: impl StreamWriter) -> Result<Response> {
        self.routed = true;
        let t0 = Instant::now();
        let (upstream, served) = self.core.clone().route_stream(&self.entry.route, request).await?;
        let waited = t0.elapsed();
        self.served(&served, true);
        let ledger = Ledger {
            core: self.core.clone(),
            entry: self.entry.clone(),
            started: self.started,
            answer: Accumulator::default(),
            first_content: None,
            written: false,
        };
        let body = sse_body(upstream, writer, ledger);
        let response = Response::builder()
            .status(StatusCode::OK)
            .header("content-type", "text/event-stream")
            .header("cache-control", "no-cache")
            .body(Body::from_stream(body))
            .map_err(|e| Error::internal(e.to_string()))?;
        Ok(self.headers(response, waited))
    }
}

/// Writes the ledger row of a streamed call when the stream ends, fails, or the client goes away.
struct Ledger {
    core: Arc<Core>,
    entry: LedgerEntry,
    started: Instant,
    answer: Accumulator,
    first_content: Option<Instant>,
    written: bool,
}

impl Ledger {
    fn see(&mut self, chunk: &StreamChunk) {
        if self.first_content.is_none()
            && matches!(
                chunk,
                StreamChunk::TextDelta(_) | StreamChunk::ThinkingDelta(_) | StreamChunk::ToolCallDelta { .. }
            )
        {
            self.first_content = Some(Instant::now());
        }
        self.answer.push(chunk);
    }

    fn write(&mut self, status: CallStatus, error: Option<&Error>) {
        if self.written {
            return;
        }
        self.written = true;
        let mut entry = self.entry.clone();
        entry.status = status;
        entry.error_category = error.map(|e| e.category);
        entry.usage = self.answer.usage;
        entry.latency_ms = self.started.elapsed().as_millis() as i64;
        entry.ttft_ms = self.first_content.map(|t| t.duration_since(self.started).as_millis() as i64);
        let core = self.core.clone();
        tokio::spawn(async move { core.record_call(entry).await });
    }
}

impl Drop for Ledger {
    fn drop(&mut self) {
        // The client hung up before the end: the upstream stream is dropped with us, and the call is cancelled.
        self.write(CallStatus::Cancelled, None);
    }
}

struct BodyState<W> {
    upstream: ChunkStream,
    writer: W,
    ledger: Ledger,
    done: bool,
}

fn sse_body<W: StreamWriter>(
    upstream: ChunkStream,
    writer: W,
    ledger: Ledger,
) -> impl futures::Stream<Item = std::result::Result<Bytes, std::io::Error>> + Send {
    let state = BodyState { upstream, writer, ledger, done: false };
    futures::stream::unfold(state, |mut st| async move {
        if st.done {
            return None;
        }
        let text = match st.upstream.next().await {
            Some(Ok(chunk)) => {
                st.ledger.see(&chunk);
                st.writer.chunk(chunk)
            }
            Some(Err(e)) => {
                tracing::warn!(code = %e.code, "upstream failed mid-stream");
                st.done = true;
                st.ledger.write(CallStatus::Error, Some(&e));
                st.writer.error(&e)
            }
            None => {
                st.done = true;
                st.ledger.write(CallStatus::Ok, None);
                st.writer.finish()
            }
        };
        Some((Ok(Bytes::from(text)), st))
    })
}
