//! OpenAI Chat Completions wire format <-> IR (the format every OpenAI-compatible provider speaks).

use serde_json::{json, Map, Value};

use crate::error::{Error, ErrorCategory, Result};
use crate::ir::{
    ChatRequest, ChatResponse, ContentBlock, ImageSource, Message, StopReason, StreamChunk, Usage,
};

/// Builds the request body. `stream` also asks for usage in the final chunk.
pub fn request_body(req: &ChatRequest, stream: bool) -> Value {
    let mut body = Map::new();
    body.insert("model".into(), json!(req.model));
    body.insert(
        "messages".into(),
        Value::Array(req.messages.iter().map(message_to_wire).collect()),
    );
    if let Some(max) = req.max_tokens {
        body.insert("max_tokens".into(), json!(max));
    }
    if let Some(t) = req.temperature {
        body.insert("temperature".into(), json!(t));
    }
    if stream {
        body.insert("stream".into(), json!(true));
        body.insert("stream_options".into(), json!({ "include_usage": true }));
    }
    Value::Object(body)
}

fn message_to_wire(m: &Message) -> Value {
    let only_text = m
        .content
        .iter()
        .all(|b| matches!(b, ContentBlock::Text { .. }));
    if only_text {
        let text: String = m
            .content
            .iter()
            .filter_map(|b| {
                if let ContentBlock::Text { text } = b {
                    Some(text.as_str())
                } else {
                    None
                }
            })
            .collect();
        return json!({ "role": m.role.as_str(), "content": text });
    }
    let parts: Vec<Value> = m
        .content
        .iter()
        .filter_map(|b| match b {
            ContentBlock::Text { text } => Some(json!({ "type": "text", "text": text })),
            ContentBlock::Image { media_type, source } => {
                let url = match source {
                    ImageSource::Url { url } => url.clone(),
                    ImageSource::Base64 { data } => {
                        format!(
                            "data:{};base64,{data}",
                            media_type.as_deref().unwrap_or("image/png")
                        )
                    }
                };
                Some(json!({ "type": "image_url", "image_url": { "url": url } }))
            }
            // Tool and thinking blocks are carried by the gateway translators; chat panes send text and images.
            _ => None,
        })
        .collect();
    json!({ "role": m.role.as_str(), "content": parts })
}

pub fn stop_reason(finish_reason: &str) -> StopReason {
    match finish_reason {
        "length" => StopReason::MaxTokens,
        "tool_calls" | "function_call" => StopReason::ToolUse,
        "content_filter" => StopReason::ContentFilter,
        _ => StopReason::EndTurn,
    }
}

/// Reads usage wherever OpenAI-compatible providers put their numbers:
/// OpenAI `prompt_tokens_details.cached_tokens`, DeepSeek `prompt_cache_hit_tokens`,
/// reasoning in `completion_tokens_details.reasoning_tokens`.
pub fn usage_from_wire(u: &Value) -> Option<Usage> {
    let obj = u.as_object()?;
    let num = |v: Option<&Value>| v.and_then(Value::as_u64).unwrap_or(0) as u32;
    let cached = num(u.pointer("/prompt_tokens_details/cached_tokens"))
        .max(num(obj.get("prompt_cache_hit_tokens")));
    Some(Usage {
        input_tokens: num(obj.get("prompt_tokens")),
        output_tokens: num(obj.get("completion_tokens")),
        cache_read_tokens: cached,
        cache_write_tokens: 0,
        reasoning_tokens: num(u.pointer("/completion_tokens_details/reasoning_tokens")),
    })
}

/// Parses one `data:` payload of a streamed answer into IR chunks.
pub fn parse_stream_chunk(data: &str) -> Result<Vec<StreamChunk>> {
    let v: Value = serde_json::from_str(data).map_err(|e| {
        tracing::warn!(error = %e, "unreadable stream chunk");
        Error::new(
            ErrorCategory::Upstream,
            "upstream_malformed_chunk",
            "The provider sent a stream chunk that is not valid JSON.",
        )
    })?;
    if let Some(err) = v.get("error") {
        return Err(upstream_error_in_stream(err));
    }
    let mut out = Vec::new();
    for choice in v
        .get("choices")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let Some(delta) = choice.get("delta") {
            if let Some(r) = delta
                .get("reasoning_content")
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
            {
                out.push(StreamChunk::ThinkingDelta(r.to_owned()));
            }
            if let Some(t) = delta
                .get("content")
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
            {
                out.push(StreamChunk::TextDelta(t.to_owned()));
            }
            // A refusal (structured outputs) is what the model said instead of an answer: show it as text.
            if let Some(t) = delta
                .get("refusal")
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
            {
                out.push(StreamChunk::TextDelta(t.to_owned()));
            }
            for call in delta
                .get("tool_calls")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                out.push(StreamChunk::ToolCallDelta {
                    index: call.get("index").and_then(Value::as_u64).unwrap_or(0) as u32,
                    id: call.get("id").and_then(Value::as_str).map(str::to_owned),
                    name: call
                        .pointer("/function/name")
                        .and_then(Value::as_str)
                        .map(str::to_owned),
                    arguments: call
                        .pointer("/function/arguments")
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_owned(),
                });
            }
        }
        // Moonshot puts usage inside the finishing choice.
        if let Some(u) = choice.get("usage").and_then(usage_from_wire) {
            out.push(StreamChunk::Usage(u));
        }
        if let Some(reason) = choice.get("finish_reason").and_then(Value::as_str) {
            out.push(StreamChunk::Stop(stop_reason(reason)));
        }
    }
    if let Some(u) = v.get("usage").and_then(usage_from_wire) {
        out.push(StreamChunk::Usage(u));
    }
    Ok(out)
}

fn upstream_error_in_stream(err: &Value) -> Error {
    tracing::warn!(upstream_error = %crate::scrub::scrub(&err.to_string()), "error inside stream");
    Error::new(
        ErrorCategory::Upstream,
        "upstream_stream_error",
        "The provider reported an error in the middle of the answer.",
    )
}

/// Parses a whole (non-streamed) Chat Completions response.
pub fn parse_response(body: &[u8]) -> Result<ChatResponse> {
    let v: Value = serde_json::from_slice(body).map_err(|_| {
        Error::new(
            ErrorCategory::Upstream,
            "upstream_malformed_response",
            "The provider's answer is not valid JSON.",
        )
    })?;
    let choice = v.pointer("/choices/0").ok_or_else(|| {
        Error::new(
            ErrorCategory::Upstream,
            "upstream_malformed_response",
            "The provider's answer has no choices.",
        )
    })?;
    let mut content = Vec::new();
    if let Some(r) = choice
        .pointer("/message/reasoning_content")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
    {
        content.push(ContentBlock::Thinking {
            text: r.to_owned(),
            signature: None,
        });
    }
    let text = choice.pointer("/message/content").and_then(Value::as_str);
    let refusal = choice
        .pointer("/message/refusal")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty());
    if let Some(t) = text.or(refusal) {
        content.push(ContentBlock::Text { text: t.to_owned() });
    }
    for call in choice
        .pointer("/message/tool_calls")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let args = call
            .pointer("/function/arguments")
            .and_then(Value::as_str)
            .unwrap_or("{}");
        content.push(ContentBlock::ToolUse {
            id: call
                .get("id")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
            name: call
                .pointer("/function/name")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
            input: serde_json::from_str(args).unwrap_or(Value::String(args.to_owned())),
        });
    }
    Ok(ChatResponse {
        id: v.get("id").and_then(Value::as_str).map(str::to_owned),
        model: v.get("model").and_then(Value::as_str).map(str::to_owned),
        content,
        stop_reason: choice
            .get("finish_reason")
            .and_then(Value::as_str)
            .map(stop_reason),
        usage: v.get("usage").and_then(usage_from_wire).unwrap_or_default(),
    })
}

/// Stream metadata (id, model) from a chunk, for the `Start` chunk.
pub fn chunk_meta(data: &str) -> Option<(Option<String>, Option<String>)> {
    let v: Value = serde_json::from_str(data).ok()?;
    let s = |k: &str| {
        v.get(k)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    Some((s("id"), s("model")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::Role;

    #[test]
    fn stream_request_asks_for_usage() {
        let req = ChatRequest {
            model: "m".into(),
            messages: vec![Message::text(Role::User, "hi")],
            ..Default::default()
        };
        let body = request_body(&req, true);
        assert_eq!(body["stream_options"]["include_usage"], true);
        assert_eq!(
            body["messages"][0],
            json!({"role": "user", "content": "hi"})
        );
        assert!(request_body(&req, false).get("stream").is_none());
    }

    #[test]
    fn images_become_content_parts() {
        let m = Message {
            role: Role::User,
            content: vec![
                ContentBlock::Text {
                    text: "what is this".into(),
                },
                ContentBlock::Image {
                    media_type: Some("image/jpeg".into()),
                    source: ImageSource::Base64 { data: "AAA".into() },
                },
            ],
        };
        let wire = message_to_wire(&m);
        assert_eq!(
            wire["content"][1]["image_url"]["url"],
            "data:image/jpeg;base64,AAA"
        );
    }

    #[test]
    fn parses_text_reasoning_tool_calls_finish_and_usage() {
        let chunks = parse_stream_chunk(
            r#"{"choices":[{"index":0,"delta":{"reasoning_content":"hmm","content":"Hi","tool_calls":[{"index":1,"id":"c1","function":{"name":"f","arguments":"{\"a"}}]},"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":5,"completion_tokens":7,"prompt_tokens_details":{"cached_tokens":2},"completion_tokens_details":{"reasoning_tokens":3}}}"#,
        )
        .unwrap();
        assert_eq!(chunks[0], StreamChunk::ThinkingDelta("hmm".into()));
        assert_eq!(chunks[1], StreamChunk::TextDelta("Hi".into()));
        assert!(
            matches!(&chunks[2], StreamChunk::ToolCallDelta { index: 1, arguments, .. } if arguments == "{\"a")
        );
        assert_eq!(chunks[3], StreamChunk::Stop(StopReason::ToolUse));
        assert_eq!(
            chunks[4],
            StreamChunk::Usage(Usage {
                input_tokens: 5,
                output_tokens: 7,
                cache_read_tokens: 2,
                cache_write_tokens: 0,
                reasoning_tokens: 3
            })
        );
    }

    #[test]
    fn reads_deepseek_cache_hits_and_moonshot_usage_in_choice() {
        let u = usage_from_wire(
            &json!({"prompt_tokens":10,"completion_tokens":1,"prompt_cache_hit_tokens":8}),
        )
        .unwrap();
        assert_eq!(u.cache_read_tokens, 8);
        let chunks = parse_stream_chunk(r#"{"choices":[{"index":0,"delta":{},"finish_reason":"stop","usage":{"prompt_tokens":3,"completion_tokens":4}}]}"#).unwrap();
        assert!(chunks.contains(&StreamChunk::Usage(Usage {
            input_tokens: 3,
            output_tokens: 4,
            ..Default::default()
        })));
    }

    #[test]
    fn refusals_arrive_as_text() {
        let chunks = parse_stream_chunk(
            r#"{"choices":[{"index":0,"delta":{"content":null,"refusal":"I'm sorry"}}]}"#,
        )
        .unwrap();
        assert_eq!(chunks, vec![StreamChunk::TextDelta("I'm sorry".into())]);
        let r = parse_response(
            br#"{"choices":[{"message":{"content":null,"refusal":"No."},"finish_reason":"stop"}]}"#,
        )
        .unwrap();
        assert_eq!(r.text(), "No.");
    }

    #[test]
    fn azure_preamble_and_null_usage_yield_nothing() {
        assert!(
            parse_stream_chunk(r#"{"object":"","choices":[],"prompt_filter_results":[]}"#)
                .unwrap()
                .is_empty()
        );
        assert!(
            parse_stream_chunk(r#"{"choices":[{"delta":{"content":""}}],"usage":null}"#)
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn error_objects_and_bad_json_are_structured_errors() {
        let e = parse_stream_chunk(r#"{"error":{"message":"overloaded"}}"#).unwrap_err();
        assert_eq!(e.code, "upstream_stream_error");
        assert_eq!(
            parse_stream_chunk("{nope").unwrap_err().code,
            "upstream_malformed_chunk"
        );
    }

    #[test]
    fn parses_whole_response() {
        let r = parse_response(br#"{"id":"x","model":"m","choices":[{"message":{"role":"assistant","content":"hello"},"finish_reason":"length"}],"usage":{"prompt_tokens":1,"completion_tokens":2}}"#).unwrap();
        assert_eq!(r.text(), "hello");
        assert_eq!(r.stop_reason, Some(StopReason::MaxTokens));
        assert_eq!(r.usage.output_tokens, 2);
        assert_eq!(
            parse_response(b"{}").unwrap_err().code,
            "upstream_malformed_response"
        );
    }
}
