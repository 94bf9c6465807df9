//! OpenAI `chat.completion.chunk` streams <-> IR chunks: `parse_stream_event` reads an upstream's events (the hot
//! path of every OpenAI-compatible stream); `Encoder` writes them for OpenAI clients of any upstream.

use std::collections::BTreeSet;

use serde_json::{json, Value};

use super::ids::{openai_message_id, openai_tool_id};
use super::openai_chat::{finish_reason_to_wire, stop_reason, usage_to_wire};
use crate::error::{Error, ErrorCategory, Result};
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
        json!({ "error": { "message": crate::scrub::scrub(&e.message), "type": kind, "code": e.code } })
    }
}

pub fn to_sse(chunk: &Value) -> String {
    format!("data: {chunk}\n\n")
}

pub const DONE: &str = "data: [DONE]\n\n";

// ---- reading an upstream's stream

/// Parses one `data:` payload of a streamed answer into IR chunks.
pub fn parse_stream_chunk(data: &str) -> Result<Vec<StreamChunk>> {
    parse_stream_event(data).map(|event| event.chunks)
}

/// One streamed event read: its chunks, and the id and model it names (for the `Start` chunk).
pub struct StreamEvent {
    pub id: Option<String>,
    pub model: Option<String>,
    pub chunks: Vec<StreamChunk>,
    /// Only usage, no choices: the chunk `stream_options.include_usage` asks for.
    pub usage_only: bool,
}

/// The hot path of every OpenAI-compatible stream: read into borrowed, typed structs (no JSON tree), skipping
/// every field Switchyard does not use.
pub fn parse_stream_event(data: &str) -> Result<StreamEvent> {
    let v: wire::Chunk = serde_json::from_str(data).map_err(|e| {
        tracing::warn!(error = %e, "unreadable stream chunk");
        Error::new(
            ErrorCategory::Upstream,
            "upstream_malformed_chunk",
            "The provider sent a stream chunk that is not valid JSON.",
        )
    })?;
    if let Some(err) = v.error.filter(|e| e.get() != "null") {
        let err: Value = serde_json::from_str(err.get()).unwrap_or(Value::Null);
        return Err(upstream_error_in_stream(&err));
    }
    let mut out = Vec::new();
    let choices = v.choices.unwrap_or_default();
    let usage_only = choices.is_empty() && v.usage.is_some();
    // One answer in the IR: further choices (n > 1) reach only callers of this dialect, as forwarded events.
    for choice in choices.into_iter().filter(|c| c.index.unwrap_or(0) == 0) {
        if let Some(delta) = choice.delta {
            let text = |t: Option<std::borrow::Cow<str>>| t.filter(|t| !t.is_empty()).map(|t| t.into_owned());
            if let Some(r) = text(delta.reasoning_content) {
                out.push(StreamChunk::ThinkingDelta(r));
            }
            if let Some(t) = text(delta.content) {
                out.push(StreamChunk::TextDelta(t));
            }
            // A refusal (structured outputs) is what the model said instead of an answer: show it as text.
            if let Some(t) = text(delta.refusal) {
                out.push(StreamChunk::TextDelta(t));
            }
            for call in delta.tool_calls.into_iter().flatten() {
                let function = call.function.unwrap_or_default();
                out.push(StreamChunk::ToolCallDelta {
                    index: call.index.unwrap_or(0) as u32,
                    id: call.id.map(|s| s.into_owned()),
                    name: function.name.map(|s| s.into_owned()),
                    arguments: function.arguments.map(|s| s.into_owned()).unwrap_or_default(),
                });
            }
        }
        // Moonshot puts usage inside the finishing choice.
        if let Some(u) = choice.usage {
            out.push(StreamChunk::Usage(u.into()));
        }
        if let Some(reason) = choice.finish_reason {
            out.push(StreamChunk::Stop(stop_reason(&reason)));
        }
    }
    if let Some(u) = v.usage {
        out.push(StreamChunk::Usage(u.into()));
    }
    let owned = |s: Option<std::borrow::Cow<str>>| s.filter(|s| !s.is_empty()).map(|s| s.into_owned());
    Ok(StreamEvent { id: owned(v.id), model: owned(v.model), chunks: out, usage_only })
}

/// The parts of a `chat.completion.chunk` that are read; strings borrow from the event where they can.
mod wire {
    use std::borrow::Cow;

    use serde::Deserialize;
    use serde_json::value::RawValue;

    use crate::ir::Usage;

    #[derive(Deserialize)]
    pub struct Chunk<'a> {
        #[serde(borrow)]
        pub id: Option<Cow<'a, str>>,
        #[serde(borrow)]
        pub model: Option<Cow<'a, str>>,
        #[serde(borrow)]
        pub choices: Option<Vec<Choice<'a>>>,
        pub usage: Option<WireUsage>,
        #[serde(borrow)]
        pub error: Option<&'a RawValue>,
    }

    #[derive(Deserialize)]
    pub struct Choice<'a> {
        pub index: Option<u64>,
        #[serde(borrow)]
        pub delta: Option<Delta<'a>>,
        #[serde(borrow)]
        pub finish_reason: Option<Cow<'a, str>>,
        pub usage: Option<WireUsage>,
    }

    #[derive(Deserialize)]
    pub struct Delta<'a> {
        #[serde(borrow)]
        pub content: Option<Cow<'a, str>>,
        #[serde(borrow)]
        pub reasoning_content: Option<Cow<'a, str>>,
        #[serde(borrow)]
        pub refusal: Option<Cow<'a, str>>,
        #[serde(borrow)]
        pub tool_calls: Option<Vec<ToolCall<'a>>>,
    }

    #[derive(Deserialize)]
    pub struct ToolCall<'a> {
        pub index: Option<u64>,
        #[serde(borrow)]
        pub id: Option<Cow<'a, str>>,
        #[serde(borrow)]
        pub function: Option<Function<'a>>,
    }

    #[derive(Deserialize, Default)]
    pub struct Function<'a> {
        #[serde(borrow)]
        pub name: Option<Cow<'a, str>>,
        #[serde(borrow)]
        pub arguments: Option<Cow<'a, str>>,
    }

    #[derive(Deserialize)]
    pub struct Details {
        pub cached_tokens: Option<u64>,
        pub reasoning_tokens: Option<u64>,
    }

    /// Usage wherever OpenAI-compatible providers put their numbers (see `usage_from_wire`).
    #[derive(Deserialize)]
    pub struct WireUsage {
        pub prompt_tokens: Option<u64>,
        pub completion_tokens: Option<u64>,
        pub prompt_tokens_details: Option<Details>,
        pub completion_tokens_details: Option<Details>,
        pub prompt_cache_hit_tokens: Option<u64>,
    }

    impl From<WireUsage> for Usage {
        fn from(u: WireUsage) -> Self {
            let n = |v: Option<u64>| v.unwrap_or(0) as u32;
            let cached =
                n(u.prompt_tokens_details.as_ref().and_then(|d| d.cached_tokens)).max(n(u.prompt_cache_hit_tokens));
            Usage {
                input_tokens: n(u.prompt_tokens),
                output_tokens: n(u.completion_tokens),
                cache_read_tokens: cached,
                cache_write_tokens: 0,
                reasoning_tokens: n(u.completion_tokens_details.and_then(|d| d.reasoning_tokens)),
                estimated: false,
            }
        }
    }
}

fn upstream_error_in_stream(err: &Value) -> Error {
    tracing::warn!(upstream_error = %crate::scrub::scrub(&err.to_string()), "error inside stream");
    Error::new(
        ErrorCategory::Upstream,
        "upstream_stream_error",
        "The provider reported an error in the middle of the answer.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::accumulate::accumulate;
    use crate::translate::openai_chat::parse_stream_chunk;

    #[test]
    fn an_error_written_into_the_stream_carries_no_held_key() {
        let key = "streamerrorheldkeywithoutdigits";
        crate::scrub::hold(key);
        let err = Error::new(ErrorCategory::InvalidRequest, "provider_rejected_request", format!("Bad key {key}."));
        let mut e = Encoder::new("m", 0, false);
        assert_eq!(e.error(&err)["error"]["message"], "Bad key [REDACTED].");
    }

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
