//! IR chunks -> OpenAI `chat.completion.chunk` objects, for OpenAI clients of any upstream.
//! Reading OpenAI chunks into IR is `openai_chat::parse_stream_chunk`.

use std::collections::BTreeSet;

use serde_json::{json, Value};

use super::ids::{openai_message_id, openai_tool_id};
use super::openai_chat::{finish_reason_to_wire, usage_to_wire};
use crate::error::{Error, ErrorCategory};
use crate::ir::{StopReason, StreamChunk, Usage};

pub struct Encoder {
    id: String,
    model: String,
    created: u64,
    include_usage: bool,
    sent_role: bool,
    tools_started: BTreeSet<u32>,
    usage: Usage,
    stop: Option<StopReason>,
    done: bool,
}

impl Encoder {
    pub fn new(model: &str, created: u64, include_usage: bool) -> Self {
        Self {
            id: format!("chatcmpl-{}", uuid::Uuid::new_v4().simple()),
            model: model.to_owned(),
            created,
            include_usage,
            sent_role: false,
            tools_started: BTreeSet::new(),
            usage: Usage::default(),
            stop: None,
            done: false,
        }
    }

    fn chunk(&self, delta: Value, finish_reason: Option<&str>) -> Value {
        json!({
            "id": self.id, "object": "chat.completion.chunk", "created": self.created, "model": self.model,
            "choices": [{ "index": 0, "delta": delta, "finish_reason": finish_reason }],
        })
    }

    /// The first chunk carries the role, as OpenAI's do.
    fn with_role(&mut self, mut delta: Value) -> Value {
        if !self.sent_role {
            self.sent_role = true;
            delta["role"] = json!("assistant");
        }
        delta
    }

    pub fn encode(&mut self, chunk: StreamChunk) -> Vec<Value> {
        match chunk {
            StreamChunk::Start { id, .. } => {
                if let Some(id) = id {
                    self.id = openai_message_id(&id);
                }
                let delta = self.with_role(json!({ "content": "" }));
                vec![self.chunk(delta, None)]
            }
            StreamChunk::TextDelta(text) => {
                let delta = self.with_role(json!({ "content": text }));
                vec![self.chunk(delta, None)]
            }
            StreamChunk::ThinkingDelta(text) => {
                let delta = self.with_role(json!({ "reasoning_content": text }));
                vec![self.chunk(delta, None)]
            }
            // OpenAI has nowhere to put a thinking signature.
            StreamChunk::ThinkingSignature(_) => vec![],
            StreamChunk::ToolCallDelta { index, id, name, arguments } => {
                let mut call = json!({ "index": index, "function": { "arguments": arguments } });
                if self.tools_started.insert(index) {
                    call["id"] = json!(id
                        .map(|id| openai_tool_id(&id))
                        .unwrap_or_else(|| format!("call_{}", uuid::Uuid::new_v4().simple())));
                    call["type"] = json!("function");
                    call["function"]["name"] = json!(name.unwrap_or_default());
                }
                let delta = self.with_role(json!({ "tool_calls": [call] }));
                vec![self.chunk(delta, None)]
            }
            StreamChunk::Usage(u) => {
                self.usage = u;
                vec![]
            }
            StreamChunk::Stop(r) => {
                self.stop = Some(r);
                vec![]
            }
            StreamChunk::Raw(_) => vec![],
        }
    }

    /// The finishing chunk, then usage when the client asked for it. The caller writes `data: [DONE]` after.
    pub fn finish(&mut self) -> Vec<Value> {
        if self.done {
            return vec![];
        }
        self.done = true;
        let mut reason = self.stop.unwrap_or(StopReason::EndTurn);
        if reason == StopReason::EndTurn && !self.tools_started.is_empty() {
            reason = StopReason::ToolUse;
        }
        let delta = self.with_role(json!({}));
        let mut out = vec![self.chunk(delta, Some(finish_reason_to_wire(reason)))];
        if self.include_usage {
            out.push(json!({
                "id": self.id, "object": "chat.completion.chunk", "created": self.created, "model": self.model,
                "choices": [], "usage": usage_to_wire(&self.usage),
            }));
        }
        out
    }

    /// A failure after the stream began: an error object the OpenAI SDKs raise as an APIError.
    pub fn error(&mut self, e: &Error) -> Value {
        self.done = true;
        let kind = match e.category {
            ErrorCategory::RateLimited => "rate_limit_error",
            ErrorCategory::Auth => "authentication_error",
            ErrorCategory::InvalidRequest => "invalid_request_error",
            _ => "server_error",
        };
        json!({ "error": { "message": e.message, "type": kind, "code": e.code } })
    }
}

pub fn to_sse(chunk: &Value) -> String {
    format!("data: {chunk}\n\n")
}

pub const DONE: &str = "data: [DONE]\n\n";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::accumulate::accumulate;
    use crate::translate::openai_chat::parse_stream_chunk;

    #[test]
    fn writes_chunks_the_openai_parser_reads_back() {
        let chunks = vec![
            StreamChunk::Start { id: Some("msg_1".into()), model: Some("claude".into()) },
            StreamChunk::ThinkingDelta("hmm".into()),
            StreamChunk::TextDelta("Hi".into()),
            StreamChunk::ToolCallDelta {
                index: 0,
                id: Some("toolu_a".into()),
                name: Some("f".into()),
                arguments: "{\"a\"".into(),
            },
            StreamChunk::ToolCallDelta { index: 0, id: None, name: None, arguments: ":1}".into() },
            StreamChunk::ToolCallDelta {
                index: 1,
                id: Some("toolu_b".into()),
                name: Some("g".into()),
                arguments: "{}".into(),
            },
            StreamChunk::Stop(StopReason::ToolUse),
            StreamChunk::Usage(Usage { input_tokens: 5, output_tokens: 6, ..Default::default() }),
        ];
        let mut e = Encoder::new("asked", 1, true);
        let mut wire: Vec<Value> = chunks.iter().cloned().flat_map(|c| e.encode(c)).collect();
        wire.extend(e.finish());
        assert_eq!(wire[0]["choices"][0]["delta"]["role"], "assistant");
        assert_eq!(wire[0]["model"], "asked", "the model the client asked for");
        assert_eq!(wire[0]["id"], "chatcmpl-1", "an OpenAI completion id");
        let first_b = wire.iter().find(|c| c["choices"][0]["delta"]["tool_calls"][0]["index"] == 1).unwrap();
        assert_eq!(first_b["choices"][0]["delta"]["tool_calls"][0]["id"], "call_b", "an OpenAI tool id");
        assert_eq!(wire[wire.len() - 2]["choices"][0]["finish_reason"], "tool_calls");
        assert_eq!(wire.last().unwrap()["usage"]["completion_tokens"], 6);
        let back: Vec<StreamChunk> = wire.iter().flat_map(|c| parse_stream_chunk(&c.to_string()).unwrap()).collect();
        let (mut want, got) = (accumulate(&chunks), accumulate(&back));
        want.signature = None;
        assert_eq!(got.text, want.text);
        assert_eq!(got.thinking, want.thinking);
        for tool in want.tools.values_mut() {
            tool.0 = tool.0.as_deref().map(crate::translate::ids::openai_tool_id);
        }
        assert_eq!(got.tools, want.tools, "the same calls, with OpenAI ids");
        assert_eq!(got.stop, want.stop);
        assert_eq!(got.usage, want.usage);
    }

    #[test]
    fn usage_chunk_only_when_asked_and_errors_are_error_objects() {
        let mut e = Encoder::new("m", 1, false);
        e.encode(StreamChunk::TextDelta("x".into()));
        let end = e.finish();
        assert_eq!(end.len(), 1);
        assert_eq!(end[0]["choices"][0]["finish_reason"], "stop");
        let err =
            Encoder::new("m", 1, true).error(&Error::new(ErrorCategory::Upstream, "upstream_stream_truncated", "cut"));
        assert_eq!(err["error"]["code"], "upstream_stream_truncated");
    }
}
