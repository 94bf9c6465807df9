//! The Anthropic Messages API (x-api-key, anthropic-version), streamed and whole.

use reqwest::header::{HeaderName, HeaderValue};

use super::http::{model_ids, read_body, send, within_total, Auth, Endpoint, Prepared};
use super::sse_stream::{chunk_stream, EventDecoder};
use super::{ChunkStream, Deadlines, Provider};
use crate::error::Error;
use crate::error::Result;
use crate::ir::{ChatRequest, ChatResponse, Original, StreamChunk, Wire};
use crate::translate::sse::SseEvent;
use crate::translate::{anthropic_messages, anthropic_stream, passthrough};

pub const API_VERSION: &str = "2023-06-01";

pub struct Anthropic {
    client: reqwest::Client,
    messages: Prepared,
    models: Prepared,
    deadlines: Deadlines,
}

fn prepare(endpoint: &Endpoint, path: &str) -> Result<Prepared> {
    let mut prepared = endpoint.prepare(path, Auth::XApiKey)?;
    prepared
        .headers
        .entry(HeaderName::from_static("anthropic-version"))
        .or_insert(HeaderValue::from_static(API_VERSION));
    Ok(prepared)
}

impl Anthropic {
    pub fn new(client: reqwest::Client, endpoint: Endpoint, deadlines: Deadlines) -> Result<Self> {
        endpoint.validate()?;
        Ok(Self { client, messages: prepare(&endpoint, "messages")?, models: prepare(&endpoint, "models")?, deadlines })
    }

    async fn post(&self, request: &ChatRequest, stream: bool) -> Result<reqwest::Response> {
        let mut headers = self.messages.headers.clone();
        let body = match own(request) {
            Some(original) => {
                if let Some(beta) = original.beta.as_deref().and_then(|b| HeaderValue::from_str(b).ok()) {
                    headers.insert(HeaderName::from_static("anthropic-beta"), beta);
                }
                passthrough::anthropic_body(original, request, stream)?
            }
            None => {
                let mut body = anthropic_messages::request_body(request);
                body["stream"] = serde_json::Value::Bool(stream);
                serde_json::to_vec(&body).map_err(|e| Error::internal(e.to_string()))?
            }
        };
        let builder = self
            .client
            .post(self.messages.url.clone())
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body);
        send(super::http::idempotent(builder, request), headers, &self.deadlines).await
    }
}

/// The caller's own request, when it is in this provider's dialect.
fn own(request: &ChatRequest) -> Option<&Original> {
    request.original.as_deref().filter(|o| o.dialect == Wire::Anthropic)
}

#[async_trait::async_trait]
impl Provider for Anthropic {
    fn wire(&self) -> Wire {
        Wire::Anthropic
    }

    async fn complete(&self, request: &ChatRequest) -> Result<ChatResponse> {
        within_total(&self.deadlines, async {
            let response = self.post(request, false).await?;
            let body = read_body(response, &self.deadlines).await?;
            let mut answer = anthropic_messages::parse_response(&body)?;
            if own(request).is_some() {
                answer.raw = Some(String::from_utf8_lossy(&body).into_owned());
            }
            Ok(answer)
        })
        .await
    }

    async fn stream(&self, request: &ChatRequest) -> Result<ChunkStream> {
        let started = std::time::Instant::now();
        let response = self.post(request, true).await?;
        let decoder = Decoder { inner: anthropic_stream::Decoder::new(), forward: own(request).is_some() };
        Ok(chunk_stream(response, &self.deadlines, started, decoder))
    }

    async fn list_models(&self) -> Result<Vec<String>> {
        let builder = self.client.get(self.models.url.clone());
        let response = send(builder, self.models.headers.clone(), &self.deadlines).await?;
        model_ids(&read_body(response, &self.deadlines).await?)
    }
}

struct Decoder {
    inner: anthropic_stream::Decoder,
    /// For a caller of this dialect every event is also passed on as it came (`StreamChunk::Raw`), pings included.
    forward: bool,
}

impl EventDecoder for Decoder {
    fn decode(&mut self, event: &SseEvent) -> Result<Vec<StreamChunk>> {
        let chunks = self.inner.decode(&event.data)?;
        if !self.forward {
            return Ok(chunks);
        }
        let framed = match &event.event {
            Some(name) => format!("event: {name}\ndata: {}\n\n", event.data),
            None => format!("data: {}\n\n", event.data),
        };
        Ok(std::iter::once(StreamChunk::Raw(framed)).chain(chunks).collect())
    }

    fn complete(&self) -> bool {
        self.inner.finished
    }

    fn done(&self) -> bool {
        self.inner.finished
    }
}
