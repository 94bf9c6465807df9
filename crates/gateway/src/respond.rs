//! What both dialects share: reading the body, calling the provider, timing, and writing a whole or streamed answer.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use futures::{FutureExt, StreamExt};
use serde_json::Value;
use switchyard_core::ir::{ChatRequest, ChatResponse, Original, StreamChunk, Usage, Wire};
use switchyard_core::providers::ChunkStream;
use switchyard_core::router::execute::Served;
use switchyard_core::store::access_keys::AccessKey;
use switchyard_core::translate::{anthropic_messages, openai_chat, passthrough};
use switchyard_core::{CacheDirective, CacheUse, Call, Core, Destination, Error, Origin, Result};

pub const TRACE_HEADER: &str = "x-switchyard-trace-id";
pub const OVERHEAD_HEADER: &str = "x-switchyard-overhead-us";
/// Fields of the request the answering upstream (of the other dialect) had no counterpart for, comma-separated.
pub const DROPPED_HEADER: &str = "x-switchyard-dropped-fields";
/// The provider and model that answered, as `<provider>/<model>`.
pub const SERVED_BY_HEADER: &str = "x-switchyard-served-by";

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
    /// What ends a stream forwarded from an upstream of the caller's dialect, if the upstream left it out.
    fn end_marker(&self) -> &'static str {
        ""
    }
}

/// One gateway call: its trace id, its clock, who called and what they asked for. Its ledger row is written by
/// core's meter, like every call's.
pub struct Turn {
    pub trace_id: String,
    pub started: Instant,
    core: Arc<Core>,
    origin: Option<Origin>,
    route: String,
    /// The caller's dialect.
    dialect: Wire,
    /// What the caller asked of the response cache, and in which namespace.
    cache: (CacheDirective, Option<String>),
}

impl Turn {
    pub fn new(core: Arc<Core>, dialect: Wire) -> Self {
        let trace_id = switchyard_core::store::new_id();
        let cache = (CacheDirective::Default, None);
        Self { trace_id, started: Instant::now(), core, origin: None, route: String::new(), dialect, cache }
    }

    pub fn core(&self) -> &Core {
        &self.core
    }

    /// Who called (their access key), what they asked for, and what they ask of the cache.
    pub fn caller(&mut self, key: &AccessKey, route: &str, headers: &HeaderMap) -> Result<()> {
        self.origin = Some(Origin::Gateway { key_id: key.id.clone(), key_name: key.name.clone() });
        self.route = route.to_owned();
        self.cache = crate::cache::asked(headers)?;
        Ok(())
    }

    fn call(&self, request: ChatRequest) -> Result<Call> {
        let origin = self.origin.clone().ok_or_else(|| Error::internal("a gateway call must name its caller"))?;
        let call = Call::new(Destination::Named(self.route.clone()), request, origin);
        let (cache, namespace) = self.cache.clone();
        Ok(Call { trace_id: self.trace_id.clone(), started: self.started, cache, namespace, ..call })
    }

    fn headers(
        &self,
        mut response: Response,
        upstream: Duration,
        original: Option<&Original>,
        served: &Served,
    ) -> Response {
        let overhead = self.started.elapsed().saturating_sub(upstream);
        self.core.observe_gateway_overhead(&self.route, overhead);
        let overhead = overhead.as_micros();
        let headers = response.headers_mut();
        if let Ok(v) = HeaderValue::from_str(&self.trace_id) {
            headers.insert(TRACE_HEADER, v);
        }
        headers.insert(OVERHEAD_HEADER, HeaderValue::from(overhead as u64));
        headers.insert(crate::cache::CACHE_HEADER, HeaderValue::from_static(served.cache.as_str()));
        // Clients read header values as ASCII: a provider named in another script (中转站) is given by its id.
        let provider = match served.provider.name.is_ascii() {
            true => &served.provider.name,
            false => &served.provider.id,
        };
        if let Ok(v) = HeaderValue::from_str(&format!("{provider}/{}", served.model)) {
            headers.insert(SERVED_BY_HEADER, v);
        }
        let dropped = dropped_fields(original, served);
        if !dropped.is_empty() {
            if let Ok(v) = HeaderValue::from_str(&dropped.join(", ")) {
                headers.insert(DROPPED_HEADER, v);
            }
        }
        response
    }

    /// Whether the upstream that answered speaks the caller's dialect, so its answer is forwarded as it came.
    fn forwarded(&self, served: &Served) -> bool {
        served.wire == self.dialect
    }

    pub async fn whole(
        &mut self,
        request: ChatRequest,
        write: impl FnOnce(&ChatResponse) -> Value,
    ) -> Result<Response> {
        let original = request.original.clone();
        let t0 = Instant::now();
        let (answer, served) = self.core.complete(self.call(request)?).await?;
        let upstream = t0.elapsed();
        let body = match (&answer.raw, self.forwarded(&served)) {
            (Some(raw), true) => {
                let raw = match answer.usage.estimated {
                    true => passthrough::with_usage(raw, &usage_in(self.dialect, &answer.usage))?,
                    false => raw.clone(),
                };
                let raw = match self.dialect {
                    Wire::OpenAi => passthrough::with_required_choice_fields(&raw)?.into_owned(),
                    // No client speaks Gemini to the gateway.
                    Wire::Anthropic | Wire::Gemini => raw,
                };
                ([(axum::http::header::CONTENT_TYPE, "application/json")], raw).into_response()
            }
            _ => axum::Json(write(&answer)).into_response(),
        };
        Ok(self.headers(body, upstream, original.as_deref(), &served))
    }

    /// Answers 200 only once the first chunk arrived (retries and fallback happen before that), so a failure before
    /// any content is an HTTP error the client's SDK understands; after that, failures are written into the stream.
    pub async fn streamed(&mut self, request: ChatRequest, writer: impl StreamWriter) -> Result<Response> {
        let original = request.original.clone();
        let t0 = Instant::now();
        let (upstream, served) = self.core.stream(self.call(request)?).await?;
        let waited = t0.elapsed();
        // A replayed answer holds no upstream events to forward: it is always written in the caller's dialect.
        let forward = self.forwarded(&served) && served.cache != CacheUse::Hit;
        let body = sse_body(upstream, writer, forward);
        let response = Response::builder()
            .status(StatusCode::OK)
            .header("content-type", "text/event-stream")
            .header("cache-control", "no-cache")
            .body(Body::from_stream(body))
            .map_err(|e| Error::internal(e.to_string()))?;
        Ok(self.headers(response, waited, original.as_deref(), &served))
    }
}

fn usage_in(dialect: Wire, usage: &Usage) -> Value {
    match dialect {
        Wire::OpenAi => openai_chat::usage_to_wire(usage),
        // No client speaks Gemini to the gateway.
        Wire::Anthropic | Wire::Gemini => anthropic_messages::usage_to_wire(usage),
    }
}

/// What the request lost on its way to an upstream of the other dialect.
fn dropped_fields<'a>(original: Option<&'a Original>, served: &Served) -> &'a [String] {
    match original {
        Some(original) if original.dialect != served.wire => &original.lost_crossing,
        _ => &[],
    }
}

struct BodyState<W> {
    /// Metered by core: dropping it (the client hung up) ends the call as cancelled.
    upstream: ChunkStream,
    writer: W,
    _streaming: crate::memory::Busy,
    /// The upstream speaks the caller's dialect: its events are written as they came, nothing is encoded.
    forward: bool,
    /// The last event forwarded was the dialect's end marker.
    ended: bool,
    done: bool,
}

impl<W: StreamWriter> BodyState<W> {
    /// The bytes one upstream item becomes for the caller; empty when it adds nothing.
    fn write(&mut self, chunk: StreamChunk) -> String {
        match chunk {
            StreamChunk::Raw(event) if self.forward => {
                self.ended = event == self.writer.end_marker();
                event
            }
            _ if self.forward => String::new(),
            chunk => self.writer.chunk(chunk),
        }
    }

    fn finish(&mut self) -> String {
        if !self.forward {
            return self.writer.finish();
        }
        if self.ended {
            String::new()
        } else {
            self.writer.end_marker().to_owned()
        }
    }
}

fn sse_body<W: StreamWriter>(
    upstream: ChunkStream,
    writer: W,
    forward: bool,
) -> impl futures::Stream<Item = std::result::Result<Bytes, std::io::Error>> + Send {
    let _streaming = crate::memory::Busy::start();
    let state = BodyState { upstream, writer, _streaming, forward, ended: false, done: false };
    futures::stream::unfold(state, |mut st| async move {
        let mut out = String::new();
        loop {
            if st.done {
                break;
            }
            // Everything the upstream has ready goes out in one write: one frame (and one syscall) per upstream
            // read, not one per event.
            let next = if out.is_empty() {
                st.upstream.next().await
            } else {
                match st.upstream.next().now_or_never() {
                    Some(next) => next,
                    None => break,
                }
            };
            let text = match next {
                Some(Ok(chunk)) => st.write(chunk),
                Some(Err(e)) => {
                    tracing::warn!(code = %e.code, "upstream failed mid-stream");
                    st.done = true;
                    st.writer.error(&e)
                }
                None => {
                    st.done = true;
                    st.finish()
                }
            };
            out.push_str(&text);
            if out.len() >= WRITE_BATCH {
                break;
            }
        }
        (!out.is_empty()).then(|| (Ok(Bytes::from(out)), st))
    })
}

/// The most bytes gathered into one write of a streamed answer.
const WRITE_BATCH: usize = 64 * 1024;
