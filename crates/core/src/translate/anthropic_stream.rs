//! Anthropic Messages streams <-> IR chunks.
//! `Decoder` reads an upstream's events; `Encoder` writes the event grammar an Anthropic client expects:
//! message_start, then each content block started, delta'd and stopped in order, message_delta, message_stop.

use std::collections::HashMap;

use serde_json::{json, Value};

use super::anthropic_messages::{stop_reason, stop_reason_to_wire, usage_from_wire, usage_to_wire};
use super::ids::{anthropic_message_id, anthropic_tool_id};
use crate::error::{Error, ErrorCategory, Result};
use crate::ir::{StopReason, StreamChunk, Usage};

#[derive(Default)]
pub struct Decoder {
    /// Anthropic block index -> tool call index (counting tool_use blocks only), as OpenAI numbers tool calls.
    tool_index: HashMap<u64, u32>,
    usage: Usage,
    pub finished: bool,
}

impl Decoder {
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads one event's `data`.
    pub fn decode(&mut self, data: &str) -> Result<Vec<StreamChunk>> {
        let v: Value = serde_json::from_str(data).map_err(|_| {
            Error::new(
                ErrorCategory::Upstream,
                "upstream_malformed_chunk",
                "The provider sent a stream event that is not valid JSON.",
            )
        })?;
        let mut out = Vec::new();
        match v.get("type").and_then(Value::as_str) {
            Some("message_start") => {
                let m = &v["message"];
                let s = |k: &str| m.get(k).and_then(Value::as_str).map(str::to_owned);
                out.push(StreamChunk::Start { id: s("id"), model: s("model") });
                if let Some(u) = m.get("usage") {
                    self.usage = usage_from_wire(u);
                    out.push(StreamChunk::Usage(self.usage));
                }
            }
            Some("content_block_start") => {
                let index = v["index"].as_u64().unwrap_or(0);
                let block = &v["content_block"];
                match block.get("type").and_then(Value::as_str) {
                    Some("text") => {
                        if let Some(t) = block["text"].as_str().filter(|t| !t.is_empty()) {
                            out.push(StreamChunk::TextDelta(t.to_owned()));
                        }
                    }
                    Some("tool_use") => {
                        let tool = self.tool_index.len() as u32;
                        self.tool_index.insert(index, tool);
                        let input = &block["input"];
                        let has_input = input.as_object().is_some_and(|o| !o.is_empty());
                        out.push(StreamChunk::ToolCallDelta {
                            index: tool,
                            id: block["id"].as_str().map(str::to_owned),
                            name: block["name"].as_str().map(str::to_owned),
                            arguments: if has_input { input.to_string() } else { String::new() },
                        });
                    }
                    Some("thinking") => {
                        if let Some(t) = block["thinking"].as_str().filter(|t| !t.is_empty()) {
                            out.push(StreamChunk::ThinkingDelta(t.to_owned()));
                        }
                    }
                    // redacted_thinking, server tools and their results have no counterpart in other formats.
                    _ => {}
                }
            }
            Some("content_block_delta") => {
                let index = v["index"].as_u64().unwrap_or(0);
                let d = &v["delta"];
                match d.get("type").and_then(Value::as_str) {
                    Some("text_delta") => {
                        out.push(StreamChunk::TextDelta(d["text"].as_str().unwrap_or_default().to_owned()))
                    }
                    Some("thinking_delta") => {
                        out.push(StreamChunk::ThinkingDelta(d["thinking"].as_str().unwrap_or_default().to_owned()))
                    }
                    Some("signature_delta") => {
                        out.push(StreamChunk::ThinkingSignature(d["signature"].as_str().unwrap_or_default().to_owned()))
                    }
                    Some("input_json_delta") => {
                        if let Some(&tool) = self.tool_index.get(&index) {
                            let partial = d["partial_json"].as_str().unwrap_or_default();
                            if !partial.is_empty() {
                                out.push(StreamChunk::ToolCallDelta {
                                    index: tool,
                                    id: None,
                                    name: None,
                                    arguments: partial.to_owned(),
                                });
                            }
                        }
                    }
                    _ => {}
                }
            }
            Some("message_delta") => {
                if let Some(reason) = v.pointer("/delta/stop_reason").and_then(Value::as_str) {
                    out.push(StreamChunk::Stop(stop_reason(reason)));
                }
                if let Some(u) = v.get("usage").and_then(Value::as_object) {
                    // Cumulative: every number present replaces the one from message_start.
                    let n = |k: &str| u.get(k).and_then(Value::as_u64).map(|x| x as u32);
                    let old = self.usage;
                    let read = n("cache_read_input_tokens").unwrap_or(old.cache_read_tokens);
                    let write = n("cache_creation_input_tokens").unwrap_or(old.cache_write_tokens);
                    let uncached =
                        n("input_tokens").unwrap_or(old.input_tokens - old.cache_read_tokens - old.cache_write_tokens);
                    self.usage = Usage {
                        input_tokens: uncached + read + write,
                        output_tokens: n("output_tokens").unwrap_or(old.output_tokens),
                        cache_read_tokens: read,
                        cache_write_tokens: write,
                        reasoning_tokens: 0,
                        estimated: false,
                    };
                    out.push(StreamChunk::Usage(self.usage));
                }
            }
            Some("message_stop") => self.finished = true,
            Some("error") => {
                let kind = v.pointer("/error/type").and_then(Value::as_str).unwrap_or("api_error");
                tracing::warn!(kind, "error event inside an Anthropic stream");
                let category = match kind {
                    "rate_limit_error" => ErrorCategory::RateLimited,
                    "authentication_error" | "permission_error" => ErrorCategory::Auth,
                    "invalid_request_error" => ErrorCategory::InvalidRequest,
                    _ => ErrorCategory::Upstream,
                };
                return Err(Error::new(
                    category,
                    "upstream_stream_error",
                    "The provider reported an error in the middle of the answer.",
                ));
            }
            _ => {} // ping and future event types
        }
        Ok(out)
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Open {
    Text,
    Thinking,
    Tool(u32),
}

/// One SSE event to write: `event: {name}` and `data: {data}`.
pub type Event = (&'static str, Value);

pub struct Encoder {
    model: String,
    started: bool,
    next_block: u32,
    open: Option<(Open, u32)>,
    tools_seen: HashMap<u32, u32>,
    id: Option<String>,
    usage: Usage,
    stop: Option<StopReason>,
    done: bool,
    /// Text or thinking that arrived while a tool call's arguments were still streaming (OpenAI may send both in
    /// one chunk). A block cannot be reopened once stopped, so it waits until the tool block is done.
    held: Vec<StreamChunk>,
}

impl Encoder {
    /// `model` is what the client asked for, and what it is told answered.
    pub fn new(model: &str) -> Self {
        Self {
            model: model.to_owned(),
            started: false,
            next_block: 0,
            open: None,
            tools_seen: HashMap::new(),
            id: None,
            usage: Usage::default(),
            stop: None,
            done: false,
            held: Vec::new(),
        }
    }

    pub fn encode(&mut self, chunk: StreamChunk) -> Vec<Event> {
        let mut out = Vec::new();
        // message_start waits for the first content, so usage known by then (input tokens) goes into it.
        match chunk {
            StreamChunk::Start { id, .. } => {
                self.id = self.id.take().or(id.as_deref().map(anthropic_message_id));
                return out;
            }
            StreamChunk::Raw(_) => return out,
            StreamChunk::Usage(u) => {
                self.usage = u;
                return out;
            }
            StreamChunk::Stop(r) => {
                self.stop = Some(r);
                return out;
            }
            _ => {}
        }
        self.start(&mut out);
        let text_like = matches!(
            chunk,
            StreamChunk::TextDelta(_) | StreamChunk::ThinkingDelta(_) | StreamChunk::ThinkingSignature(_)
        );
        if text_like && matches!(self.open, Some((Open::Tool(_), _))) {
            self.held.push(chunk);
            return out;
        }
        match chunk {
            StreamChunk::Start { .. } | StreamChunk::Usage(_) | StreamChunk::Stop(_) | StreamChunk::Raw(_) => {}
            StreamChunk::TextDelta(text) => {
                self.ensure_open(&mut out, Open::Text, || json!({"type": "text", "text": ""}));
                out.push(delta(self.open_index(), json!({"type": "text_delta", "text": text})));
            }
            StreamChunk::ThinkingDelta(text) => {
                self.ensure_open(&mut out, Open::Thinking, || json!({"type": "thinking", "thinking": ""}));
                out.push(delta(self.open_index(), json!({"type": "thinking_delta", "thinking": text})));
            }
            StreamChunk::ThinkingSignature(sig) => {
                self.ensure_open(&mut out, Open::Thinking, || json!({"type": "thinking", "thinking": ""}));
                out.push(delta(self.open_index(), json!({"type": "signature_delta", "signature": sig})));
            }
            StreamChunk::ToolCallDelta { index, id, name, arguments } => {
                let block = match self.tools_seen.get(&index) {
                    Some(&block) => block,
                    None => {
                        let id = id
                            .map(|id| anthropic_tool_id(&id))
                            .unwrap_or_else(|| format!("toolu_{}", uuid::Uuid::new_v4().simple()));
                        let name = name.unwrap_or_default();
                        self.ensure_open(
                            &mut out,
                            Open::Tool(index),
                            || json!({"type": "tool_use", "id": id, "name": name, "input": {}}),
                        );
                        let block = self.open_index();
                        self.tools_seen.insert(index, block);
                        block
                    }
                };
                if !arguments.is_empty() {
                    out.push(delta(block, json!({"type": "input_json_delta", "partial_json": arguments})));
                }
            }
        }
        out
    }

    /// Closes the message: the last block, message_delta with the stop reason and cumulative usage, message_stop.
    pub fn finish(&mut self) -> Vec<Event> {
        let mut out = Vec::new();
        if self.done {
            return out;
        }
        self.start(&mut out);
        self.close(&mut out);
        self.release_held(&mut out);
        self.close(&mut out);
        let mut reason = self.stop.unwrap_or(StopReason::EndTurn);
        // A forced tool call arrives from OpenAI-compatible upstreams with finish_reason "stop"; an Anthropic client
        // (Claude Code) would end its turn on end_turn, so a turn that called tools reports tool_use.
        if reason == StopReason::EndTurn && !self.tools_seen.is_empty() {
            reason = StopReason::ToolUse;
        }
        out.push((
            "message_delta",
            json!({"type": "message_delta", "delta": {"stop_reason": stop_reason_to_wire(reason), "stop_sequence": null},
                   "usage": usage_to_wire(&self.usage)}),
        ));
        out.push(("message_stop", json!({"type": "message_stop"})));
        self.done = true;
        out
    }

    /// A failure after the stream began: an `error` event, never a truncated message that looks complete.
    pub fn error(&mut self, e: &Error) -> Vec<Event> {
        self.done = true;
        let kind = match e.category {
            ErrorCategory::RateLimited => "rate_limit_error",
            ErrorCategory::Auth => "authentication_error",
            ErrorCategory::InvalidRequest => "invalid_request_error",
            ErrorCategory::Upstream | ErrorCategory::Timeout | ErrorCategory::Connect => "overloaded_error",
            _ => "api_error",
        };
        let message = crate::scrub::scrub(&e.message);
        vec![("error", json!({"type": "error", "error": {"type": kind, "message": message}}))]
    }

    fn release_held(&mut self, out: &mut Vec<Event>) {
        for chunk in std::mem::take(&mut self.held) {
            out.extend(self.encode(chunk));
        }
    }

    fn start(&mut self, out: &mut Vec<Event>) {
        if self.started {
            return;
        }
        self.started = true;
        let id = self.id.take().unwrap_or_else(|| format!("msg_{}", uuid::Uuid::new_v4().simple()));
        out.push((
            "message_start",
            json!({"type": "message_start", "message": {"id": id, "type": "message", "role": "assistant", "model": self.model,
                   "content": [], "stop_reason": null, "stop_sequence": null, "usage": usage_to_wire(&self.usage)}}),
        ));
    }

    fn open_index(&self) -> u32 {
        self.open.map(|(_, i)| i).unwrap_or(0)
    }

    fn ensure_open(&mut self, out: &mut Vec<Event>, kind: Open, block: impl FnOnce() -> Value) {
        if matches!(self.open, Some((k, _)) if k == kind) {
            return;
        }
        self.close(out);
        let index = self.next_block;
        self.next_block += 1;
        self.open = Some((kind, index));
        out.push((
            "content_block_start",
            json!({"type": "content_block_start", "index": index, "content_block": block()}),
        ));
    }

    fn close(&mut self, out: &mut Vec<Event>) {
        if let Some((_, index)) = self.open.take() {
            out.push(("content_block_stop", json!({"type": "content_block_stop", "index": index})));
        }
    }
}

fn delta(index: u32, delta: Value) -> Event {
    ("content_block_delta", json!({"type": "content_block_delta", "index": index, "delta": delta}))
}

/// Writes an event as SSE bytes.
pub fn to_sse((name, data): &Event) -> String {
    format!("event: {name}\ndata: {data}\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::accumulate::accumulate;

    #[test]
    fn an_error_written_into_the_stream_carries_no_held_key() {
        let key = "streamerrorheldkeywithoutdigits";
        crate::scrub::hold(key);
        let err = Error::new(ErrorCategory::InvalidRequest, "provider_rejected_request", format!("Bad key {key}."));
        let mut e = Encoder::new("m");
        assert_eq!(e.error(&err)[0].1["error"]["message"], "Bad key [REDACTED].");
    }

    fn names(events: &[Event]) -> Vec<&'static str> {
        events.iter().map(|(n, _)| *n).collect()
    }

    #[test]
    fn encodes_text_then_parallel_tools_in_grammar_order() {
        let mut e = Encoder::new("gpt-4o");
        let mut events = Vec::new();
        for chunk in [
            StreamChunk::Start { id: Some("chatcmpl-1".into()), model: Some("gpt-4o-2024".into()) },
            StreamChunk::TextDelta("Checking".into()),
            StreamChunk::ToolCallDelta {
                index: 0,
                id: Some("call_a".into()),
                name: Some("weather".into()),
                arguments: "{\"ci".into(),
            },
            StreamChunk::ToolCallDelta { index: 0, id: None, name: None, arguments: "ty\":\"Paris\"}".into() },
            StreamChunk::ToolCallDelta {
                index: 1,
                id: Some("call_b".into()),
                name: Some("weather".into()),
                arguments: "{}".into(),
            },
            StreamChunk::Stop(StopReason::EndTurn),
            StreamChunk::Usage(Usage { input_tokens: 9, output_tokens: 4, ..Default::default() }),
        ] {
            events.extend(e.encode(chunk));
        }
        events.extend(e.finish());
        assert_eq!(
            names(&events),
            [
                "message_start",
                "content_block_start",
                "content_block_delta",
                "content_block_stop",
                "content_block_start",
                "content_block_delta",
                "content_block_delta",
                "content_block_stop",
                "content_block_start",
                "content_block_delta",
                "content_block_stop",
                "message_delta",
                "message_stop"
            ]
        );
        assert_eq!(events[0].1["message"]["model"], "gpt-4o", "the model the client asked for");
        assert_eq!(events[0].1["message"]["id"], "msg_1", "an Anthropic message id");
        assert_eq!(events[4].1["content_block"]["id"], "toolu_a", "an Anthropic tool id");
        assert_eq!(events[8].1["index"], 2);
        assert_eq!(
            events[11].1["delta"]["stop_reason"], "tool_use",
            "finish_reason stop with tool calls becomes tool_use"
        );
        assert_eq!(events[11].1["usage"]["output_tokens"], 4);
        assert!(e.finish().is_empty(), "finishing twice writes nothing more");
    }

    #[test]
    fn decoder_reads_back_what_the_encoder_wrote() {
        let chunks = vec![
            StreamChunk::Start { id: Some("msg_1".into()), model: Some("claude".into()) },
            StreamChunk::ThinkingDelta("hmm".into()),
            StreamChunk::ThinkingSignature("sig".into()),
            StreamChunk::TextDelta("Hi".into()),
            StreamChunk::ToolCallDelta {
                index: 0,
                id: Some("toolu_1".into()),
                name: Some("f".into()),
                arguments: "{\"a\":1}".into(),
            },
            StreamChunk::Stop(StopReason::ToolUse),
            StreamChunk::Usage(Usage {
                input_tokens: 13,
                output_tokens: 8,
                cache_read_tokens: 2,
                cache_write_tokens: 1,
                reasoning_tokens: 0,
                estimated: false,
            }),
        ];
        let mut e = Encoder::new("claude");
        let mut events = Vec::new();
        for c in chunks.clone() {
            events.extend(e.encode(c));
        }
        events.extend(e.finish());
        let mut d = Decoder::new();
        let decoded: Vec<StreamChunk> =
            events.iter().flat_map(|(_, data)| d.decode(&data.to_string()).unwrap()).collect();
        assert!(d.finished);
        assert_eq!(decoded[0], chunks[0]);
        assert_eq!(accumulate(&decoded), accumulate(&chunks));
        assert_eq!(decoded.last(), Some(&chunks[6]), "cumulative usage arrives last");
    }

    #[test]
    fn text_arriving_while_a_tool_streams_waits_for_the_tool_block() {
        let mut e = Encoder::new("m");
        let mut events = Vec::new();
        for chunk in [
            StreamChunk::ToolCallDelta {
                index: 0,
                id: Some("c".into()),
                name: Some("f".into()),
                arguments: "{\"a\"".into(),
            },
            StreamChunk::TextDelta("meanwhile".into()),
            StreamChunk::ToolCallDelta { index: 0, id: None, name: None, arguments: ":1}".into() },
        ] {
            events.extend(e.encode(chunk));
        }
        events.extend(e.finish());
        assert_eq!(
            names(&events),
            [
                "message_start",
                "content_block_start",
                "content_block_delta",
                "content_block_delta",
                "content_block_stop",
                "content_block_start",
                "content_block_delta",
                "content_block_stop",
                "message_delta",
                "message_stop"
            ]
        );
        assert_eq!(events[6].1["delta"]["text"], "meanwhile");
    }

    #[test]
    fn errors_become_error_events_and_malformed_events_are_errors() {
        let mut e = Encoder::new("m");
        let ev = e.error(&Error::new(ErrorCategory::Upstream, "x", "cut"));
        assert_eq!(ev[0].0, "error");
        assert_eq!(ev[0].1["error"]["type"], "overloaded_error");
        assert!(e.finish().is_empty());
        let mut d = Decoder::new();
        assert_eq!(d.decode("{not json").unwrap_err().code, "upstream_malformed_chunk");
        let err = d.decode(r#"{"type":"error","error":{"type":"overloaded_error","message":"busy"}}"#).unwrap_err();
        assert!(err.retriable);
    }
}
