//! Every provider that speaks OpenAI Chat Completions: OpenAI, DeepSeek, Qwen, GLM, SiliconFlow, Moonshot,
//! OpenRouter, Ollama, LM Studio and custom endpoints.

use std::collections::VecDeque;
use std::time::Duration;

use futures::StreamExt;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, AUTHORIZATION};

use super::http_error::{from_status, from_transport, timeout};
use super::{ChunkStream, Deadlines, Provider};
use crate::error::{Error, ErrorCategory, Result};
use crate::ir::{ChatRequest, ChatResponse, StreamChunk};
use crate::secrets::Secret;
use crate::translate::openai_chat;
use crate::translate::sse::{SseEvent, SseParser};

#[derive(Debug, Clone)]
pub struct Endpoint {
    pub base_url: String,
    pub api_key: Option<Secret<String>>,
    pub extra_headers: Vec<(String, String)>,
}

pub struct OpenAiCompat {
    client: reqwest::Client,
    endpoint: Endpoint,
    deadlines: Deadlines,
}

impl OpenAiCompat {
    pub fn new(client: reqwest::Client, endpoint: Endpoint, deadlines: Deadlines) -> Result<Self> {
        let url = reqwest::Url::parse(&endpoint.base_url).map_err(|_| {
            Error::invalid(
                "invalid_base_url",
                format!("'{}' is not a valid URL.", endpoint.base_url),
            )
        })?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(Error::invalid(
                "invalid_base_url",
                "The base URL must start with http:// or https://.",
            ));
        }
        Ok(Self {
            client,
            endpoint,
            deadlines,
        })
    }

    /// Fails with a clear error if a configured header cannot be sent.
    pub fn check_headers(&self) -> Result<()> {
        self.headers().map(|_| ())
    }

    fn url(&self, path: &str) -> String {
        format!("{}/{path}", self.endpoint.base_url.trim_end_matches('/'))
    }

    fn headers(&self) -> Result<HeaderMap> {
        let mut headers = HeaderMap::new();
        for (name, value) in &self.endpoint.extra_headers {
            let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                Error::invalid(
                    "invalid_header",
                    format!("'{name}' is not a valid header name."),
                )
            })?;
            let value = HeaderValue::from_str(value).map_err(|_| {
                Error::invalid(
                    "invalid_header",
                    format!("The value of header '{name}' is not valid."),
                )
            })?;
            headers.insert(name, value);
        }
        if let Some(key) = &self.endpoint.api_key {
            let mut value =
                HeaderValue::from_str(&format!("Bearer {}", key.expose())).map_err(|_| {
                    Error::invalid(
                        "invalid_api_key",
                        "The API key contains characters that cannot be sent.",
                    )
                })?;
            value.set_sensitive(true);
            headers.insert(AUTHORIZATION, value);
        }
        Ok(headers)
    }

    /// Sends and waits for the status line; a non-success status becomes an error with the body logged.
    async fn send(&self, builder: reqwest::RequestBuilder) -> Result<reqwest::Response> {
        let response = tokio::time::timeout(
            self.deadlines.first_byte,
            builder.headers(self.headers()?).send(),
        )
        .await
        .map_err(|_| timeout("waiting for the first byte"))?
        .map_err(|e| from_transport(&e))?;
        let status = response.status();
        if status.is_success() {
            return Ok(response);
        }
        let body = tokio::time::timeout(self.deadlines.idle, response.text())
            .await
            .ok()
            .and_then(|r| r.ok());
        Err(from_status(status.as_u16(), body.as_deref().unwrap_or("")))
    }
}

#[async_trait::async_trait]
impl Provider for OpenAiCompat {
    async fn complete(&self, request: &ChatRequest) -> Result<ChatResponse> {
        let body = openai_chat::request_body(request, false);
        let response = self
            .send(self.client.post(self.url("chat/completions")).json(&body))
            .await?;
        let bytes = tokio::time::timeout(self.deadlines.idle, response.bytes())
            .await
            .map_err(|_| timeout("reading the answer"))?
            .map_err(|e| from_transport(&e))?;
        openai_chat::parse_response(&bytes)
    }

    async fn stream(&self, request: &ChatRequest) -> Result<ChunkStream> {
        let body = openai_chat::request_body(request, true);
        let response = self
            .send(self.client.post(self.url("chat/completions")).json(&body))
            .await?;
        Ok(chunk_stream(response, self.deadlines.idle))
    }

    async fn list_models(&self) -> Result<Vec<String>> {
        let response = self.send(self.client.get(self.url("models"))).await?;
        let body: serde_json::Value = tokio::time::timeout(self.deadlines.idle, response.json())
            .await
            .map_err(|_| timeout("reading the model list"))?
            .map_err(|_| {
                Error::new(
                    ErrorCategory::Upstream,
                    "upstream_malformed_response",
                    "The model list is not valid JSON.",
                )
            })?;
        let mut models: Vec<String> = body
            .get("data")
            .and_then(|d| d.as_array())
            .ok_or_else(|| {
                Error::new(
                    ErrorCategory::Upstream,
                    "upstream_malformed_response",
                    "The model list has no `data` array.",
                )
            })?
            .iter()
            .filter_map(|m| m.get("id").and_then(|id| id.as_str()).map(str::to_owned))
            .collect();
        models.sort();
        models.dedup();
        Ok(models)
    }
}

struct StreamState {
    bytes: futures::stream::BoxStream<'static, reqwest::Result<bytes::Bytes>>,
    parser: SseParser,
    pending: VecDeque<Result<StreamChunk>>,
    started: bool,
    finished_cleanly: bool,
    done: bool,
}

impl StreamState {
    fn handle(&mut self, event: SseEvent) {
        if self.done {
            return;
        }
        let data = event.data.trim();
        if data == "[DONE]" {
            self.finished_cleanly = true;
            self.done = true;
            return;
        }
        if data.is_empty() {
            return;
        }
        if !self.started {
            self.started = true;
            let (id, model) = openai_chat::chunk_meta(data).unwrap_or_default();
            self.pending.push_back(Ok(StreamChunk::Start { id, model }));
        }
        match openai_chat::parse_stream_chunk(data) {
            Ok(chunks) => {
                for chunk in chunks {
                    if matches!(chunk, StreamChunk::Stop(_)) {
                        self.finished_cleanly = true;
                    }
                    self.pending.push_back(Ok(chunk));
                }
            }
            Err(e) => self.fail(e),
        }
    }

    fn fail(&mut self, e: Error) {
        self.pending.push_back(Err(e));
        self.done = true;
    }
}

/// Turns the response body into IR chunks. The connection is closed as soon as the stream is dropped.
fn chunk_stream(response: reqwest::Response, idle: Duration) -> ChunkStream {
    let state = StreamState {
        bytes: response.bytes_stream().boxed(),
        parser: SseParser::new(),
        pending: VecDeque::new(),
        started: false,
        finished_cleanly: false,
        done: false,
    };
    futures::stream::unfold(state, move |mut st| async move {
        loop {
            if let Some(item) = st.pending.pop_front() {
                return Some((item, st));
            }
            if st.done {
                return None;
            }
            match tokio::time::timeout(idle, st.bytes.next()).await {
                Err(_) => st.fail(timeout("the stream went silent")),
                Ok(Some(Err(e))) => st.fail(from_transport(&e)),
                Ok(Some(Ok(bytes))) => {
                    for event in st.parser.feed(&bytes) {
                        st.handle(event);
                    }
                }
                Ok(None) => {
                    if let Some(event) = st.parser.finish() {
                        st.handle(event);
                    }
                    if !st.finished_cleanly && !st.done {
                        st.fail(Error::new(
                            ErrorCategory::Upstream,
                            "upstream_stream_truncated",
                            "The provider closed the connection before the answer was complete.",
                        ));
                    }
                    st.done = true;
                }
            }
        }
    })
    .boxed()
}
