//! What both dialects share: reading the body, calling the provider, timing, and writing a whole or streamed answer.

use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use futures::StreamExt;
use serde_json::Value;
use switchyard_core::ir::{ChatRequest, ChatResponse, StreamChunk};
use switchyard_core::providers::{ChunkStream, Provider};
use switchyard_core::{Error, Result};

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

pub struct Turn {
    pub trace_id: String,
    pub started: Instant,
}

impl Turn {
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
        &self,
        provider: &dyn Provider,
        request: &ChatRequest,
        write: impl FnOnce(&ChatResponse) -> Value,
    ) -> Result<Response> {
        let t0 = Instant::now();
        let answer = provider.complete(request).await?;
        let upstream = t0.elapsed();
        Ok(self.headers(axum::Json(write(&answer)).into_response(), upstream))
    }

    /// Waits for the first chunk before answering 200, so a failure before any content is an HTTP error the
    /// client's SDK understands; after that, failures are written into the stream.
    pub async fn streamed(
        &self,
        provider: &dyn Provider,
        request: &ChatRequest,
        writer: impl StreamWriter,
    ) -> Result<Response> {
        let t0 = Instant::now();
        let mut upstream = provider.stream(request).await?;
        let first = upstream.next().await;
        let waited = t0.elapsed();
        let first = match first {
            Some(Err(e)) => return Err(e),
            other => other,
        };
        let body = sse_body(first, upstream, writer);
        let response = Response::builder()
            .status(StatusCode::OK)
            .header("content-type", "text/event-stream")
            .header("cache-control", "no-cache")
            .body(Body::from_stream(body))
            .map_err(|e| Error::internal(e.to_string()))?;
        Ok(self.headers(response, waited))
    }
}

struct BodyState<W> {
    first: Option<Option<Result<StreamChunk>>>,
    upstream: ChunkStream,
    writer: W,
    done: bool,
}

fn sse_body<W: StreamWriter>(
    first: Option<Result<StreamChunk>>,
    upstream: ChunkStream,
    writer: W,
) -> impl futures::Stream<Item = std::result::Result<Bytes, std::io::Error>> + Send {
    let state = BodyState { first: Some(first), upstream, writer, done: false };
    futures::stream::unfold(state, |mut st| async move {
        if st.done {
            return None;
        }
        let next = match st.first.take() {
            Some(first) => first,
            None => st.upstream.next().await,
        };
        let text = match next {
            Some(Ok(chunk)) => st.writer.chunk(chunk),
            Some(Err(e)) => {
                tracing::warn!(code = %e.code, "upstream failed mid-stream");
                st.done = true;
                st.writer.error(&e)
            }
            None => {
                st.done = true;
                st.writer.finish()
            }
        };
        Some((Ok(Bytes::from(text)), st))
    })
}
