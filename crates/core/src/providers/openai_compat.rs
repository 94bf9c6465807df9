//! Every provider that speaks OpenAI Chat Completions: OpenAI, DeepSeek, Qwen, GLM, SiliconFlow, Moonshot,
//! OpenRouter, Ollama, LM Studio and custom endpoints.

use super::http::{model_ids, read_body, send, within_total, Auth, Endpoint, Prepared};
use super::sse_stream::{chunk_stream, EventDecoder};
use super::{ChunkStream, Deadlines, Provider};
use crate::error::Result;
use crate::ir::{ChatRequest, ChatResponse, Original, StreamChunk, Wire};
use crate::translate::sse::SseEvent;
use crate::translate::{openai_chat, passthrough};

pub struct OpenAiCompat {
    client: reqwest::Client,
    chat: Prepared,
    models: Prepared,
    deadlines: Deadlines,
}

/// The caller's own request, when it is in this provider's dialect.
fn own(request: &ChatRequest) -> Option<&Original> {
    request.original.as_deref().filter(|o| o.dialect == Wire::OpenAi)
}

impl OpenAiCompat {
    pub fn new(client: reqwest::Client, endpoint: Endpoint, deadlines: Deadlines) -> Result<Self> {
        endpoint.validate()?;
        let chat = endpoint.prepare("chat/completions", Auth::Bearer)?;
        let models = endpoint.prepare("models", Auth::Bearer)?;
        Ok(Self { client, chat, models, deadlines })
    }

    async fn post(&self, request: &ChatRequest, stream: bool) -> Result<reqwest::Response> {
        let body = match own(request) {
            Some(original) => passthrough::openai_body(original, request, stream)?,
            None => serde_json::to_vec(&openai_chat::request_body(request, stream))
                .map_err(|e| crate::error::Error::internal(e.to_string()))?,
        };
        let builder = self
            .client
            .post(self.chat.url.clone())
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body);
        send(super::http::idempotent(builder, request), self.chat.headers.clone(), &self.deadlines).await
    }
}

#[async_trait::async_trait]
impl Provider for OpenAiCompat {
    fn wire(&self) -> Wire {
        Wire::OpenAi
    }

    async fn complete(&self, request: &ChatRequest) -> Result<ChatResponse> {
        within_total(&self.deadlines, async {
            let response = self.post(request, false).await?;
            let body = read_body(response, &self.deadlines).await?;
            let mut answer = openai_chat::parse_response(&body)?;
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
        let decoder = OpenAiDecoder { forward: own(request).map(|o| o.include_usage), ..Default::default() };
        Ok(chunk_stream(response, &self.deadlines, started, decoder))
    }

    async fn list_models(&self) -> Result<Vec<String>> {
        let builder = self.client.get(self.models.url.clone());
        let response = send(builder, self.models.headers.clone(), &self.deadlines).await?;
        model_ids(&read_body(response, &self.deadlines).await?)
    }
}

#[derive(Default)]
struct OpenAiDecoder {
    /// Set for a caller of this dialect: each event is passed on as it came (`StreamChunk::Raw`), and the value says
    /// whether the caller asked for the usage chunk (Switchyard always asks the upstream for it).
    forward: Option<bool>,
    started: bool,
    finished: bool,
    saw_done: bool,
}

impl EventDecoder for OpenAiDecoder {
    fn decode(&mut self, event: &SseEvent) -> Result<Vec<StreamChunk>> {
        let data = event.data.trim();
        if data == "[DONE]" {
            self.saw_done = true;
            return Ok(self.forward.map(|_| StreamChunk::Raw("data: [DONE]\n\n".into())).into_iter().collect());
        }
        if data.is_empty() {
            return Ok(vec![]);
        }
        let event = openai_chat::parse_stream_event(data)?;
        let mut out = Vec::with_capacity(event.chunks.len() + 2);
        if let Some(client_wants_usage) = self.forward {
            if client_wants_usage || !event.usage_only {
                out.push(StreamChunk::Raw(format!("data: {data}\n\n")));
            }
        }
        if !self.started {
            self.started = true;
            out.push(StreamChunk::Start { id: event.id, model: event.model });
        }
        for chunk in event.chunks {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn event(data: &str) -> SseEvent {
        SseEvent { event: None, data: data.into(), id: None }
    }

    #[test]
    fn forwarded_events_come_first_and_the_usage_chunk_only_when_the_client_asked() {
        let usage = r#"{"choices":[],"usage":{"prompt_tokens":1,"completion_tokens":2}}"#;
        let text = r#"{"id":"c","choices":[{"index":0,"delta":{"content":"Hi"}}]}"#;
        let mut quiet = OpenAiDecoder { forward: Some(false), ..Default::default() };
        let out = quiet.decode(&event(text)).unwrap();
        assert_eq!(out[0], StreamChunk::Raw(format!("data: {text}\n\n")));
        assert!(matches!(out[1], StreamChunk::Start { .. }));
        assert_eq!(out[2], StreamChunk::TextDelta("Hi".into()));
        let out = quiet.decode(&event(usage)).unwrap();
        assert!(matches!(out.as_slice(), [StreamChunk::Usage(_)]), "usage read for the ledger, not forwarded: {out:?}");
        assert_eq!(quiet.decode(&event("[DONE]")).unwrap(), [StreamChunk::Raw("data: [DONE]\n\n".into())]);

        let mut asked = OpenAiDecoder { forward: Some(true), ..Default::default() };
        assert!(matches!(asked.decode(&event(usage)).unwrap()[0], StreamChunk::Raw(_)));

        let mut translated = OpenAiDecoder::default();
        let out = translated.decode(&event(text)).unwrap();
        assert!(!out.iter().any(|c| matches!(c, StreamChunk::Raw(_))), "nothing forwarded for another dialect");
        assert!(translated.decode(&event("[DONE]")).unwrap().is_empty());
    }
}
