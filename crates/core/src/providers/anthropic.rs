//! The Anthropic Messages API (x-api-key, anthropic-version), streamed and whole.

use reqwest::header::{HeaderName, HeaderValue};

use super::http::{model_ids, read_body, send, within_total, Auth, Endpoint, Prepared};
use super::sse_stream::{chunk_stream, EventDecoder};
use super::{ChunkStream, Deadlines, Provider};
use crate::error::Result;
use crate::ir::{ChatRequest, ChatResponse, StreamChunk};
use crate::translate::sse::SseEvent;
use crate::translate::{anthropic_messages, anthropic_stream};

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
        let mut body = anthropic_messages::request_body(request);
        body["stream"] = serde_json::Value::Bool(stream);
        let builder = self.client.post(self.messages.url.clone()).json(&body);
        send(builder, self.messages.headers.clone(), &self.deadlines).await
    }
}

#[async_trait::async_trait]
impl Provider for Anthropic {
    async fn complete(&self, request: &ChatRequest) -> Result<ChatResponse> {
        within_total(&self.deadlines, async {
            let response = self.post(request, false).await?;
            anthropic_messages::parse_response(&read_body(response, &self.deadlines).await?)
        })
        .await
    }

    async fn stream(&self, request: &ChatRequest) -> Result<ChunkStream> {
        let started = std::time::Instant::now();
        let response = self.post(request, true).await?;
        Ok(chunk_stream(response, &self.deadlines, started, Decoder(anthropic_stream::Decoder::new())))
    }

    async fn list_models(&self) -> Result<Vec<String>> {
        let builder = self.client.get(self.models.url.clone());
        let response = send(builder, self.models.headers.clone(), &self.deadlines).await?;
        model_ids(&read_body(response, &self.deadlines).await?)
    }
}

struct Decoder(anthropic_stream::Decoder);

impl EventDecoder for Decoder {
    fn decode(&mut self, event: &SseEvent) -> Result<Vec<StreamChunk>> {
        self.0.decode(&event.data)
    }

    fn complete(&self) -> bool {
        self.0.finished
    }

    fn done(&self) -> bool {
        self.0.finished
    }
}
