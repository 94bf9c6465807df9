//! Every provider that speaks OpenAI Chat Completions: OpenAI, DeepSeek, Qwen, GLM, SiliconFlow, Moonshot,
//! OpenRouter, Ollama, LM Studio and custom endpoints.

use super::http::{model_ids, read_body, send, within_total, Auth, Endpoint, Prepared};
use super::sse_stream::{chunk_stream, EventDecoder};
use super::{ChunkStream, Deadlines, Provider};
use crate::error::Result;
use crate::ir::{ChatRequest, ChatResponse, StreamChunk};
use crate::translate::openai_chat;
use crate::translate::sse::SseEvent;

pub struct OpenAiCompat {
    client: reqwest::Client,
    chat: Prepared,
    models: Prepared,
    deadlines: Deadlines,
}

impl OpenAiCompat {
    pub fn new(client: reqwest::Client, endpoint: Endpoint, deadlines: Deadlines) -> Result<Self> {
        endpoint.validate()?;
        let chat = endpoint.prepare("chat/completions", Auth::Bearer)?;
        let models = endpoint.prepare("models", Auth::Bearer)?;
        Ok(Self { client, chat, models, deadlines })
    }

    async fn post(&self, body: &serde_json::Value) -> Result<reqwest::Response> {
        let builder = self.client.post(self.chat.url.clone()).json(body);
        send(builder, self.chat.headers.clone(), &self.deadlines).await
    }
}

#[async_trait::async_trait]
impl Provider for OpenAiCompat {
    async fn complete(&self, request: &ChatRequest) -> Result<ChatResponse> {
        within_total(&self.deadlines, async {
            let response = self.post(&openai_chat::request_body(request, false)).await?;
            openai_chat::parse_response(&read_body(response, &self.deadlines).await?)
        })
        .await
    }

    async fn stream(&self, request: &ChatRequest) -> Result<ChunkStream> {
        let started = std::time::Instant::now();
        let response = self.post(&openai_chat::request_body(request, true)).await?;
        Ok(chunk_stream(response, &self.deadlines, started, OpenAiDecoder::default()))
    }

    async fn list_models(&self) -> Result<Vec<String>> {
        let builder = self.client.get(self.models.url.clone());
        let response = send(builder, self.models.headers.clone(), &self.deadlines).await?;
        model_ids(&read_body(response, &self.deadlines).await?)
    }
}

#[derive(Default)]
struct OpenAiDecoder {
    started: bool,
    finished: bool,
    saw_done: bool,
}

impl EventDecoder for OpenAiDecoder {
    fn decode(&mut self, event: &SseEvent) -> Result<Vec<StreamChunk>> {
        let data = event.data.trim();
        if data == "[DONE]" {
            self.saw_done = true;
            return Ok(vec![]);
        }
        if data.is_empty() {
            return Ok(vec![]);
        }
        let mut out = Vec::new();
        if !self.started {
            self.started = true;
            let (id, model) = openai_chat::chunk_meta(data).unwrap_or_default();
            out.push(StreamChunk::Start { id, model });
        }
        for chunk in openai_chat::parse_stream_chunk(data)? {
            if matches!(chunk, StreamChunk::Stop(_)) {
                self.finished = true;
            }
            out.push(chunk);
        }
        Ok(out)
    }

    fn complete(&self) -> bool {
        self.finished || self.saw_done
    }

    fn done(&self) -> bool {
        self.saw_done
    }
}
