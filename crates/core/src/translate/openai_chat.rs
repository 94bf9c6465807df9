//! OpenAI Chat Completions wire format <-> IR (the format every OpenAI-compatible provider speaks).

use serde_json::{json, Map, Value};

use super::ids::{openai_message_id, openai_tool_id};
pub use super::openai_stream::{parse_stream_chunk, parse_stream_event, StreamEvent};
use crate::error::{Error, ErrorCategory, Result};
use crate::ir::{
    ChatRequest, ChatResponse, ContentBlock, Effort, ImageSource, Message, Reasoning, ResponseFormat, Role, StopReason,
    SystemPart, Tool, ToolChoice, Usage,
};

/// Builds the upstream request body. `stream` also asks for usage in the final chunk.
pub fn request_body(req: &ChatRequest, stream: bool) -> Value {
    let mut body = Map::new();
    body.insert("model".into(), json!(req.model));
    let mut messages: Vec<Value> = req.system.iter().map(|p| json!({ "role": "system", "content": p.text })).collect();
    for m in &req.messages {
        messages.extend(message_to_wire(m));
    }
    body.insert("messages".into(), Value::Array(messages));
    if !req.tools.is_empty() {
        let tools = req
            .tools
            .iter()
            .map(|t| {
                let mut f = json!({ "name": t.name, "parameters": t.input_schema });
                if let Some(d) = &t.description {
                    f["description"] = json!(d);
                }
                if let Some(strict) = t.strict {
                    f["strict"] = json!(strict);
                }
                json!({ "type": "function", "function": f })
            })
            .collect();
        body.insert("tools".into(), Value::Array(tools));
    }
    if let Some(choice) = &req.tool_choice {
        let wire = match choice {
            ToolChoice::Auto => json!("auto"),
            ToolChoice::Any => json!("required"),
            ToolChoice::None => json!("none"),
            ToolChoice::Tool { name } => {
                json!({ "type": "function", "function": { "name": name } })
            }
        };
        body.insert("tool_choice".into(), wire);
    }
    if let Some(parallel) = req.parallel_tool_calls {
        body.insert("parallel_tool_calls".into(), json!(parallel));
    }
    if let Some(max) = req.max_tokens {
        body.insert("max_tokens".into(), json!(max));
    }
    if let Some(t) = req.temperature {
        body.insert("temperature".into(), json!(t));
    }
    if let Some(p) = req.top_p {
        body.insert("top_p".into(), json!(p));
    }
    if !req.stop_sequences.is_empty() {
        body.insert("stop".into(), json!(req.stop_sequences));
    }
    if let Some(user) = &req.user {
        body.insert("user".into(), json!(user));
    }
    if let Some(n) = req.n {
        body.insert("n".into(), json!(n));
    }
    if let Some(format) = &req.response_format {
        body.insert("response_format".into(), response_format_to_wire(format));
    }
    match req.reasoning {
        Some(Reasoning::Effort(e)) => {
            body.insert("reasoning_effort".into(), json!(e.as_str()));
        }
        Some(Reasoning::Budget(tokens)) => {
            body.insert("reasoning_effort".into(), json!(effort_for_budget(tokens).as_str()));
        }
        // "none" is refused by models before gpt-5.1; leaving it out is the default everywhere else.
        Some(Reasoning::Off) | None => {}
    }
    if stream {
        body.insert("stream".into(), json!(true));
        body.insert("stream_options".into(), json!({ "include_usage": true }));
    }
    Value::Object(body)
}

/// An Anthropic thinking budget as the nearest OpenAI effort.
pub fn effort_for_budget(tokens: u32) -> Effort {
    match tokens {
        0..=2047 => Effort::Minimal,
        2048..=4095 => Effort::Low,
        4096..=16383 => Effort::Medium,
        _ => Effort::High,
    }
}

fn response_format_to_wire(format: &ResponseFormat) -> Value {
    match format {
        ResponseFormat::Text => json!({ "type": "text" }),
        ResponseFormat::JsonObject => json!({ "type": "json_object" }),
        ResponseFormat::JsonSchema { name, schema, strict } => {
            let mut spec = json!({ "name": name.as_deref().unwrap_or("response"), "schema": schema });
            if let Some(strict) = strict {
                spec["strict"] = json!(strict);
            }
            json!({ "type": "json_schema", "json_schema": spec })
        }
    }
}

fn response_format_from_wire(v: &Value) -> Result<Option<ResponseFormat>> {
    Ok(match v.get("type").and_then(Value::as_str) {
        None if v.is_null() => None,
        Some("text") => Some(ResponseFormat::Text),
        Some("json_object") => Some(ResponseFormat::JsonObject),
        Some("json_schema") => {
            let spec = v.get("json_schema").ok_or_else(|| bad("`response_format.json_schema` is required."))?;
            Some(ResponseFormat::JsonSchema {
                name: spec.get("name").and_then(Value::as_str).map(str::to_owned),
                schema: spec.get("schema").cloned().unwrap_or_else(|| json!({})),
                strict: spec.get("strict").and_then(Value::as_bool),
            })
        }
        _ => return Err(bad("`response_format.type` must be text, json_object or json_schema.")),
    })
}

/// One IR message may become several OpenAI messages: each tool result is a `tool` message of its own.
fn message_to_wire(m: &Message) -> Vec<Value> {
    let mut out = Vec::new();
    let mut parts = Vec::new();
    let mut tool_calls = Vec::new();
    for block in &m.content {
        match block {
            ContentBlock::Text { text } => parts.push(json!({ "type": "text", "text": text })),
            ContentBlock::Image { media_type, source } => {
                let url = match source {
                    ImageSource::Url { url } => url.clone(),
                    ImageSource::Base64 { data } => {
                        format!("data:{};base64,{data}", media_type.as_deref().unwrap_or("image/png"))
                    }
                };
                parts.push(json!({ "type": "image_url", "image_url": { "url": url } }));
            }
            ContentBlock::ToolUse { id, name, input } => tool_calls.push(json!({
                "id": openai_tool_id(id), "type": "function",
                "function": { "name": name, "arguments": match input { Value::String(s) => s.clone(), v => v.to_string() } }
            })),
            ContentBlock::ToolResult { tool_use_id, content, is_error } => {
                // OpenAI has no error flag on tool results; say it in the content so the model still learns it.
                let content = if *is_error { format!("Error: {content}") } else { content.clone() };
                out.push(json!({ "role": "tool", "tool_call_id": openai_tool_id(tool_use_id), "content": content }));
            }
            // Sending reasoning back upstream is refused by some providers (DeepSeek); it is dropped.
            ContentBlock::Thinking { .. } => {}
        }
    }
    let role = if m.role == Role::Tool { "user" } else { m.role.as_str() };
    let only_text = parts.iter().all(|p| p["type"] == "text");
    let content = if only_text {
        let text: String = parts.iter().filter_map(|p| p["text"].as_str()).collect();
        if text.is_empty() && !tool_calls.is_empty() {
            Value::Null
        } else {
            json!(text)
        }
    } else {
        Value::Array(parts.clone())
    };
    if !parts.is_empty() || !tool_calls.is_empty() {
        let mut msg = json!({ "role": role, "content": content });
        if !tool_calls.is_empty() {
            msg["tool_calls"] = Value::Array(tool_calls);
        }
        // Tool results answer the assistant turn before them, so they come first.
        out.push(msg);
    }
    out
}

// ---- requests from OpenAI clients -> IR

fn bad(message: impl Into<String>) -> Error {
    Error::invalid("invalid_request_body", message)
}

/// The shapes OpenAI accepts for a message's `content`: text, or a list of typed parts (a text part with its text).
/// Anything else is refused here rather than passed to an upstream that may fail on it.
fn check_content(content: Option<&Value>) -> Result<()> {
    match content {
        None | Some(Value::Null) | Some(Value::String(_)) => Ok(()),
        Some(Value::Array(parts)) => {
            for p in parts {
                match p.get("type").and_then(Value::as_str) {
                    None => return Err(bad("Each content part needs a `type`.")),
                    Some("text") if !p.get("text").is_some_and(Value::is_string) => {
                        return Err(bad("A text part needs `text`, a string."))
                    }
                    Some(_) => {}
                }
            }
            Ok(())
        }
        Some(_) => Err(bad("A message's `content` must be a string or an array of content parts.")),
    }
}

fn text_of(content: Option<&Value>) -> String {
    match content {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(parts)) => parts.iter().filter_map(|p| p.get("text").and_then(Value::as_str)).collect(),
        _ => String::new(),
    }
}

pub fn parse_request(body: &Value) -> Result<ChatRequest> {
    let model =
        body.get("model").and_then(Value::as_str).ok_or_else(|| bad("`model` is required and must be a string."))?;
    let wire_messages =
        body.get("messages").and_then(Value::as_array).ok_or_else(|| bad("`messages` must be an array."))?;
    if wire_messages.is_empty() {
        return Err(bad("`messages` must hold at least one message."));
    }
    let mut system = Vec::new();
    let mut messages = Vec::new();
    for m in wire_messages {
        check_content(m.get("content"))?;
        match m.get("role").and_then(Value::as_str) {
            Some("system") | Some("developer") => {
                system.push(SystemPart { text: text_of(m.get("content")), cache_control: None })
            }
            Some("user") => messages.push(Message { role: Role::User, content: user_content(m.get("content"))? }),
            Some("assistant") => messages.push(assistant_message(m)?),
            Some("tool") => messages.push(Message {
                role: Role::Tool,
                content: vec![ContentBlock::ToolResult {
                    tool_use_id: m.get("tool_call_id").and_then(Value::as_str).unwrap_or_default().to_owned(),
                    content: text_of(m.get("content")),
                    is_error: false,
                }],
            }),
            Some(other) => {
                return Err(bad(format!(
                    "Unsupported message role '{other}'. Use system, developer, user, assistant or tool."
                )))
            }
            None => return Err(bad("Each message needs a `role`.")),
        }
    }
    let tools = body
        .get("tools")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|t| {
            let f = t.get("function").ok_or_else(|| bad("Each tool needs a `function`."))?;
            Ok(Tool {
                name: f
                    .get("name")
                    .and_then(Value::as_str)
                    .ok_or_else(|| bad("Each function needs a `name`."))?
                    .to_owned(),
                description: f.get("description").and_then(Value::as_str).map(str::to_owned),
                input_schema: f
                    .get("parameters")
                    .cloned()
                    .unwrap_or_else(|| json!({ "type": "object", "properties": {} })),
                strict: f.get("strict").and_then(Value::as_bool),
            })
        })
        .collect::<Result<_>>()?;
    let tool_choice = match body.get("tool_choice") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(match s.as_str() {
            "auto" => ToolChoice::Auto,
            "required" => ToolChoice::Any,
            "none" => ToolChoice::None,
            _ => return Err(bad("`tool_choice` must be auto, required, none or a named function.")),
        }),
        Some(v) => Some(ToolChoice::Tool {
            name: v
                .pointer("/function/name")
                .and_then(Value::as_str)
                .ok_or_else(|| bad("A named `tool_choice` needs `function.name`."))?
                .to_owned(),
        }),
    };
    let stop_sequences = match body.get("stop") {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(a)) => a.iter().filter_map(|s| s.as_str().map(str::to_owned)).collect(),
        _ => vec![],
    };
    let number = |k: &str| body.get(k).and_then(Value::as_f64);
    let count = |k: &str| body.get(k).and_then(Value::as_u64).map(|n| n.min(u32::MAX as u64) as u32);
    let reasoning = match body.get("reasoning_effort").and_then(Value::as_str) {
        None => None,
        Some("none") => Some(Reasoning::Off),
        Some(e) => Some(Reasoning::Effort(
            Effort::parse(e)
                .ok_or_else(|| bad("`reasoning_effort` must be none, minimal, low, medium, high, xhigh or max."))?,
        )),
    };
    Ok(ChatRequest {
        model: model.to_owned(),
        system,
        messages,
        tools,
        tool_choice,
        max_tokens: count("max_completion_tokens").or_else(|| count("max_tokens")),
        temperature: number("temperature"),
        top_p: number("top_p"),
        stop_sequences,
        // `safety_identifier` is the newer name for what `user` was used for.
        user: ["user", "safety_identifier"]
            .iter()
            .find_map(|k| body.get(*k).and_then(Value::as_str))
            .map(str::to_owned),
        stream: body.get("stream").and_then(Value::as_bool).unwrap_or(false),
        n: count("n"),
        response_format: body.get("response_format").map(response_format_from_wire).transpose()?.flatten(),
        reasoning,
        parallel_tool_calls: body.get("parallel_tool_calls").and_then(Value::as_bool),
        original: None,
        idempotency_key: None,
    })
}

/// Parts other than text and images (audio, files) have no place in the IR: they reach an OpenAI upstream in the
/// forwarded body, and are reported lost on the way to any other (`fields::lost_crossing`).
fn user_content(content: Option<&Value>) -> Result<Vec<ContentBlock>> {
    match content {
        Some(Value::String(s)) => Ok(vec![ContentBlock::Text { text: s.clone() }]),
        Some(Value::Array(parts)) => {
            let mut blocks = Vec::with_capacity(parts.len());
            for p in parts {
                match p.get("type").and_then(Value::as_str) {
                    Some("text") => blocks.push(ContentBlock::Text { text: text_of(Some(&p["text"])) }),
                    Some("image_url") => {
                        let url = p
                            .pointer("/image_url/url")
                            .and_then(Value::as_str)
                            .ok_or_else(|| bad("`image_url.url` is required."))?;
                        blocks.push(image_from_url(url));
                    }
                    Some(_) => {}
                    None => return Err(bad("Each content part needs a `type`.")),
                }
            }
            Ok(blocks)
        }
        _ => Err(bad("Each user message needs `content`.")),
    }
}

/// `data:` URLs carry the image itself; other URLs are passed as links.
fn image_from_url(url: &str) -> ContentBlock {
    if let Some(rest) = url.strip_prefix("data:") {
        if let Some((media_type, data)) = rest.split_once(";base64,") {
            return ContentBlock::Image {
                media_type: Some(media_type.to_owned()),
                source: ImageSource::Base64 { data: data.to_owned() },
            };
        }
    }
    ContentBlock::Image { media_type: None, source: ImageSource::Url { url: url.to_owned() } }
}

fn assistant_message(m: &Value) -> Result<Message> {
    let mut content = Vec::new();
    if let Some(r) = m.get("reasoning_content").and_then(Value::as_str).filter(|r| !r.is_empty()) {
        content.push(ContentBlock::Thinking { text: r.to_owned(), signature: None });
    }
    let text = text_of(m.get("content"));
    if !text.is_empty() {
        content.push(ContentBlock::Text { text });
    }
    for call in m.get("tool_calls").and_then(Value::as_array).into_iter().flatten() {
        let args = call.pointer("/function/arguments").and_then(Value::as_str).unwrap_or("{}");
        content.push(ContentBlock::ToolUse {
            id: call.get("id").and_then(Value::as_str).unwrap_or_default().to_owned(),
            name: call.pointer("/function/name").and_then(Value::as_str).unwrap_or_default().to_owned(),
            input: serde_json::from_str(args).unwrap_or_else(|_| Value::String(args.to_owned())),
        });
    }
    Ok(Message { role: Role::Assistant, content })
}

pub fn finish_reason_to_wire(r: StopReason) -> &'static str {
    match r {
        StopReason::EndTurn | StopReason::StopSequence => "stop",
        StopReason::MaxTokens => "length",
        StopReason::ToolUse => "tool_calls",
        StopReason::ContentFilter => "content_filter",
    }
}

/// Usage as OpenAI reports it: prompt_tokens includes cached tokens.
pub fn usage_to_wire(u: &Usage) -> Value {
    json!({
        "prompt_tokens": u.input_tokens,
        "completion_tokens": u.output_tokens,
        "total_tokens": u.input_tokens + u.output_tokens,
        "prompt_tokens_details": { "cached_tokens": u.cache_read_tokens },
        "completion_tokens_details": { "reasoning_tokens": u.reasoning_tokens },
    })
}

/// A whole Chat Completions response for an OpenAI client, naming the model it asked for.
pub fn response_body(r: &ChatResponse, asked: &str, created: u64) -> Value {
    // `refusal` (here and in `logprobs`) is required by the spec even when null; strict clients check for it.
    let mut message = json!({ "role": "assistant", "content": Value::Null, "refusal": Value::Null });
    let text = r.text();
    if !text.is_empty() {
        message["content"] = json!(text);
    }
    let thinking: String = r
        .content
        .iter()
        .filter_map(|b| if let ContentBlock::Thinking { text, .. } = b { Some(text.as_str()) } else { None })
        .collect();
    if !thinking.is_empty() {
        message["reasoning_content"] = json!(thinking);
    }
    let calls: Vec<Value> = r
        .content
        .iter()
        .filter_map(|b| match b {
            ContentBlock::ToolUse { id, name, input } => Some(json!({
                "id": openai_tool_id(id), "type": "function",
                "function": { "name": name, "arguments": input.to_string() } })),
            _ => None,
        })
        .collect();
    let mut reason = r.stop_reason.unwrap_or(StopReason::EndTurn);
    if !calls.is_empty() {
        message["tool_calls"] = Value::Array(calls);
        if reason == StopReason::EndTurn {
            reason = StopReason::ToolUse;
        }
    }
    json!({
        "id": r.id.as_deref().map(openai_message_id)
            .unwrap_or_else(|| format!("chatcmpl-{}", uuid::Uuid::new_v4().simple())),
        "object": "chat.completion",
        "created": created,
        "model": asked,
        "choices": [{ "index": 0, "message": message, "logprobs": Value::Null,
                      "finish_reason": finish_reason_to_wire(reason) }],
        "usage": usage_to_wire(&r.usage),
    })
}

pub fn stop_reason(finish_reason: &str) -> StopReason {
    match finish_reason {
        "length" => StopReason::MaxTokens,
        "tool_calls" | "function_call" => StopReason::ToolUse,
        "content_filter" => StopReason::ContentFilter,
        _ => StopReason::EndTurn,
    }
}

/// Reads usage wherever OpenAI-compatible providers put their numbers (the table in cost/pricing.rs):
/// OpenAI `prompt_tokens_details.cached_tokens`, DeepSeek `prompt_cache_hit_tokens`, Moonshot `cached_tokens`
/// at the top level, DashScope's explicit cache writes in `prompt_tokens_details.cache_creation_input_tokens`;
/// reasoning in `completion_tokens_details.reasoning_tokens`.
pub fn usage_from_wire(u: &Value) -> Option<Usage> {
    let obj = u.as_object()?;
    let num = |v: Option<&Value>| v.and_then(Value::as_u64).unwrap_or(0) as u32;
    let cached = num(u.pointer("/prompt_tokens_details/cached_tokens"))
        .max(num(obj.get("prompt_cache_hit_tokens")))
        .max(num(obj.get("cached_tokens")));
    Some(Usage {
        input_tokens: num(obj.get("prompt_tokens")),
        output_tokens: num(obj.get("completion_tokens")),
        cache_read_tokens: cached,
        cache_write_tokens: num(u.pointer("/prompt_tokens_details/cache_creation_input_tokens")),
        reasoning_tokens: num(u.pointer("/completion_tokens_details/reasoning_tokens")),
        estimated: false,
    })
}

/// Parses a whole (non-streamed) Chat Completions response.
pub fn parse_response(body: &[u8]) -> Result<ChatResponse> {
    let v: Value = serde_json::from_slice(body).map_err(|_| {
        Error::new(ErrorCategory::Upstream, "upstream_malformed_response", "The provider's answer is not valid JSON.")
    })?;
    let choice = v.pointer("/choices/0").ok_or_else(|| {
        Error::new(ErrorCategory::Upstream, "upstream_malformed_response", "The provider's answer has no choices.")
    })?;
    let mut content = Vec::new();
    if let Some(r) = choice.pointer("/message/reasoning_content").and_then(Value::as_str).filter(|s| !s.is_empty()) {
        content.push(ContentBlock::Thinking { text: r.to_owned(), signature: None });
    }
    let text = choice.pointer("/message/content").and_then(Value::as_str);
    let refusal = choice.pointer("/message/refusal").and_then(Value::as_str).filter(|s| !s.is_empty());
    if let Some(t) = text.or(refusal) {
        content.push(ContentBlock::Text { text: t.to_owned() });
    }
    for call in choice.pointer("/message/tool_calls").and_then(Value::as_array).into_iter().flatten() {
        let args = call.pointer("/function/arguments").and_then(Value::as_str).unwrap_or("{}");
        content.push(ContentBlock::ToolUse {
            id: call.get("id").and_then(Value::as_str).unwrap_or_default().to_owned(),
            name: call.pointer("/function/name").and_then(Value::as_str).unwrap_or_default().to_owned(),
            input: serde_json::from_str(args).unwrap_or(Value::String(args.to_owned())),
        });
    }
    Ok(ChatResponse {
        id: v.get("id").and_then(Value::as_str).map(str::to_owned),
        model: v.get("model").and_then(Value::as_str).map(str::to_owned),
        content,
        stop_reason: choice.get("finish_reason").and_then(Value::as_str).map(stop_reason),
        usage: v.get("usage").and_then(usage_from_wire).unwrap_or_default(),
        raw: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_that_is_not_text_or_typed_parts_is_refused_for_every_role() {
        for role in ["system", "developer", "user", "assistant", "tool"] {
            for content in [json!([null]), json!([true, 3]), json!([{ "text": "no type" }]), json!(7), json!({})] {
                let body =
                    json!({ "model": "m", "messages": [{ "role": role, "content": content, "tool_call_id": "c" }] });
                let e = parse_request(&body).unwrap_err();
                assert_eq!(e.code, "invalid_request_body", "{role}: {content}");
            }
            let body =
                json!({ "model": "m", "messages": [{ "role": role, "content": [{ "type": "text", "text": null }] }] });
            assert!(parse_request(&body).is_err(), "{role}: a text part without text");
        }
        let ok = json!({ "model": "m", "messages": [{ "role": "assistant", "content": null, "tool_calls": [] },
            { "role": "user", "content": [{ "type": "text", "text": "hi" }, { "type": "input_audio", "input_audio": {} }] }] });
        assert!(parse_request(&ok).is_ok());
    }
    use crate::ir::StreamChunk;

    #[test]
    fn stream_request_asks_for_usage() {
        let req =
            ChatRequest { model: "m".into(), messages: vec![Message::text(Role::User, "hi")], ..Default::default() };
        let body = request_body(&req, true);
        assert_eq!(body["stream_options"]["include_usage"], true);
        assert_eq!(body["messages"][0], json!({"role": "user", "content": "hi"}));
        assert!(request_body(&req, false).get("stream").is_none());
    }

    #[test]
    fn images_become_content_parts() {
        let m = Message {
            role: Role::User,
            content: vec![
                ContentBlock::Text { text: "what is this".into() },
                ContentBlock::Image {
                    media_type: Some("image/jpeg".into()),
                    source: ImageSource::Base64 { data: "AAA".into() },
                },
            ],
        };
        let wire = message_to_wire(&m);
        assert_eq!(wire[0]["content"][1]["image_url"]["url"], "data:image/jpeg;base64,AAA");
    }

    #[test]
    fn parses_text_reasoning_tool_calls_finish_and_usage() {
        let chunks = parse_stream_chunk(
            r#"{"choices":[{"index":0,"delta":{"reasoning_content":"hmm","content":"Hi","tool_calls":[{"index":1,"id":"c1","function":{"name":"f","arguments":"{\"a"}}]},"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":5,"completion_tokens":7,"prompt_tokens_details":{"cached_tokens":2},"completion_tokens_details":{"reasoning_tokens":3}}}"#,
        )
        .unwrap();
        assert_eq!(chunks[0], StreamChunk::ThinkingDelta("hmm".into()));
        assert_eq!(chunks[1], StreamChunk::TextDelta("Hi".into()));
        assert!(matches!(&chunks[2], StreamChunk::ToolCallDelta { index: 1, arguments, .. } if arguments == "{\"a"));
        assert_eq!(chunks[3], StreamChunk::Stop(StopReason::ToolUse));
        assert_eq!(
            chunks[4],
            StreamChunk::Usage(Usage {
                input_tokens: 5,
                output_tokens: 7,
                cache_read_tokens: 2,
                cache_write_tokens: 0,
                reasoning_tokens: 3,
                estimated: false,
            })
        );
    }

    #[test]
    fn reads_moonshot_top_level_cache_hits_and_dashscope_explicit_cache_writes() {
        // Moonshot: `cached_tokens` beside prompt_tokens, with no prompt_tokens_details.
        let kimi = usage_from_wire(&json!({"prompt_tokens":1336,"completion_tokens":31,"cached_tokens":1280})).unwrap();
        assert_eq!((kimi.input_tokens, kimi.cache_read_tokens, kimi.cache_write_tokens), (1336, 1280, 0));
        // DashScope explicit cache: the first call writes, the next one reads.
        let write = usage_from_wire(&json!({"prompt_tokens":18628,"completion_tokens":344,"prompt_tokens_details":
            {"cache_creation_input_tokens":18613,"cache_type":"ephemeral","cached_tokens":0}}))
        .unwrap();
        assert_eq!((write.input_tokens, write.cache_read_tokens, write.cache_write_tokens), (18628, 0, 18613));
        let read = usage_from_wire(&json!({"prompt_tokens":18628,"completion_tokens":445,"prompt_tokens_details":
            {"cache_creation_input_tokens":0,"cache_type":"ephemeral","cached_tokens":18613}}))
        .unwrap();
        assert_eq!((read.cache_read_tokens, read.cache_write_tokens), (18613, 0));
    }

    #[test]
    fn reads_deepseek_cache_hits_and_moonshot_usage_in_choice() {
        let u =
            usage_from_wire(&json!({"prompt_tokens":10,"completion_tokens":1,"prompt_cache_hit_tokens":8})).unwrap();
        assert_eq!(u.cache_read_tokens, 8);
        let chunks = parse_stream_chunk(r#"{"choices":[{"index":0,"delta":{},"finish_reason":"stop","usage":{"prompt_tokens":3,"completion_tokens":4}}]}"#).unwrap();
        assert!(chunks.contains(&StreamChunk::Usage(Usage {
            input_tokens: 3,
            output_tokens: 4,
            ..Default::default()
        })));
    }

    #[test]
    fn openai_client_requests_round_trip_through_the_ir() {
        let body = json!({
            "model": "gpt-4o",
            "messages": [
                {"role": "system", "content": "Be terse."},
                {"role": "user", "content": [{"type": "text", "text": "What is this?"},
                    {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBOR"}}]},
                {"role": "assistant", "content": null, "tool_calls": [
                    {"id": "call_1", "type": "function", "function": {"name": "look", "arguments": "{\"q\":1}"}},
                    {"id": "call_2", "type": "function", "function": {"name": "look", "arguments": "{\"q\":2}"}}]},
                {"role": "tool", "tool_call_id": "call_1", "content": "a cat"},
                {"role": "tool", "tool_call_id": "call_2", "content": "a hat"}
            ],
            "tools": [{"type": "function", "function": {"name": "look", "description": "Look", "parameters": {"type": "object"}}}],
            "tool_choice": {"type": "function", "function": {"name": "look"}},
            "max_completion_tokens": 50, "temperature": 0.2, "top_p": 0.5, "stop": "END", "user": "u", "stream": true
        });
        let ir = parse_request(&body).unwrap();
        assert_eq!(ir.system[0].text, "Be terse.");
        assert_eq!(ir.tool_choice, Some(ToolChoice::Tool { name: "look".into() }));
        assert_eq!(ir.stop_sequences, ["END"]);
        assert!(
            matches!(&ir.messages[0].content[1], ContentBlock::Image { source: ImageSource::Base64 { data }, .. } if data == "iVBOR")
        );
        let wire = request_body(&ir, true);
        assert_eq!(parse_request(&wire).unwrap(), ir, "OpenAI -> IR -> OpenAI keeps every field");
        assert_eq!(wire["messages"][3]["role"], "tool");
    }

    #[test]
    fn choices_formats_reasoning_and_tool_rules_are_written_and_read_back() {
        let schema = ResponseFormat::JsonSchema {
            name: Some("a".into()),
            schema: json!({"type": "object"}),
            strict: Some(true),
        };
        for (format, wire) in [
            (ResponseFormat::Text, json!({"type": "text"})),
            (ResponseFormat::JsonObject, json!({"type": "json_object"})),
            (
                schema.clone(),
                json!({"type": "json_schema", "json_schema": {"name": "a", "schema": {"type": "object"}, "strict": true}}),
            ),
        ] {
            let req = ChatRequest {
                model: "m".into(),
                messages: vec![Message::text(Role::User, "x")],
                response_format: Some(format.clone()),
                n: Some(2),
                parallel_tool_calls: Some(false),
                reasoning: Some(Reasoning::Effort(Effort::Xhigh)),
                tools: vec![Tool { name: "f".into(), description: None, input_schema: json!({}), strict: Some(true) }],
                ..Default::default()
            };
            let body = request_body(&req, false);
            assert_eq!(body["response_format"], wire);
            assert_eq!((body["n"].as_u64(), body["parallel_tool_calls"].as_bool()), (Some(2), Some(false)));
            assert_eq!(
                (body["reasoning_effort"].as_str(), body["tools"][0]["function"]["strict"].as_bool()),
                (Some("xhigh"), Some(true))
            );
            assert_eq!(parse_request(&body).unwrap(), req, "read back the same");
        }
        let unnamed = ChatRequest {
            response_format: Some(ResponseFormat::JsonSchema { name: None, schema: json!({}), strict: None }),
            ..Default::default()
        };
        assert_eq!(
            request_body(&unnamed, false)["response_format"]["json_schema"],
            json!({"name": "response", "schema": {}})
        );
        let budget = ChatRequest { reasoning: Some(Reasoning::Budget(10_000)), ..Default::default() };
        assert_eq!(request_body(&budget, false)["reasoning_effort"], "medium");
        let off = ChatRequest { reasoning: Some(Reasoning::Off), ..Default::default() };
        assert!(request_body(&off, false).get("reasoning_effort").is_none(), "'none' is refused by older models");
        let none = json!({"model": "m", "messages": [{"role": "user", "content": "x"}], "reasoning_effort": "none"});
        assert_eq!(parse_request(&none).unwrap().reasoning, Some(Reasoning::Off));
        for bad in [
            json!({"reasoning_effort": "extreme"}),
            json!({"response_format": {"type": "yaml"}}),
            json!({"response_format": {"type": "json_schema"}}),
        ] {
            let mut body = bad.clone();
            body["model"] = json!("m");
            body["messages"] = json!([{"role": "user", "content": "x"}]);
            assert_eq!(parse_request(&body).unwrap_err().category, ErrorCategory::InvalidRequest, "{bad}");
        }
    }

    #[test]
    fn thinking_budgets_map_to_the_nearest_effort() {
        assert_eq!(effort_for_budget(1_024), Effort::Minimal);
        assert_eq!(effort_for_budget(2_047), Effort::Minimal);
        assert_eq!(effort_for_budget(2_048), Effort::Low);
        assert_eq!(effort_for_budget(4_095), Effort::Low);
        assert_eq!(effort_for_budget(4_096), Effort::Medium);
        assert_eq!(effort_for_budget(16_383), Effort::Medium);
        assert_eq!(effort_for_budget(16_384), Effort::High);
        for e in [Effort::Minimal, Effort::Low, Effort::Medium, Effort::High, Effort::Xhigh, Effort::Max] {
            assert_eq!(Effort::parse(e.as_str()), Some(e));
        }
        assert_eq!(Effort::parse("none"), None);
    }

    #[test]
    fn the_newer_safety_identifier_is_the_end_user_id_when_user_is_absent() {
        let both = json!({"model": "m", "messages": [{"role": "user", "content": "x"}], "user": "u", "safety_identifier": "s"});
        assert_eq!(parse_request(&both).unwrap().user.as_deref(), Some("u"));
        let newer = json!({"model": "m", "messages": [{"role": "user", "content": "x"}], "safety_identifier": "s"});
        assert_eq!(parse_request(&newer).unwrap().user.as_deref(), Some("s"));
    }

    #[test]
    fn anthropic_tool_results_become_tool_messages_before_the_text() {
        let m = Message {
            role: Role::User,
            content: vec![
                ContentBlock::ToolResult { tool_use_id: "toolu_t1".into(), content: "boom".into(), is_error: true },
                ContentBlock::Text { text: "go on".into() },
            ],
        };
        let wire = message_to_wire(&m);
        assert_eq!(wire[0], json!({"role": "tool", "tool_call_id": "call_t1", "content": "Error: boom"}));
        assert_eq!(wire[1], json!({"role": "user", "content": "go on"}));
    }

    #[test]
    fn whole_responses_for_openai_clients() {
        let r = ChatResponse {
            id: Some("msg_1".into()),
            model: Some("claude".into()),
            content: vec![ContentBlock::ToolUse { id: "toolu_1".into(), name: "f".into(), input: json!({"a": 1}) }],
            stop_reason: Some(StopReason::EndTurn),
            usage: Usage { input_tokens: 10, output_tokens: 2, cache_read_tokens: 4, ..Default::default() },
            raw: None,
        };
        let body = response_body(&r, "x", 1);
        assert_eq!(body["choices"][0]["finish_reason"], "tool_calls");
        assert_eq!(body["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"], "{\"a\":1}");
        assert_eq!(body["usage"]["total_tokens"], 12);
        assert_eq!(parse_response(body.to_string().as_bytes()).unwrap().usage, r.usage);
    }

    #[test]
    fn malformed_client_requests_are_invalid_request_errors() {
        for body in [
            json!({"messages": []}),
            json!({"model": "m"}),
            json!({"model": "m", "messages": [{"role": "wizard"}]}),
            json!({"model": "m", "messages": []}),
            json!({"model": "m", "messages": [{"role": "user", "content": "x"}], "tool_choice": "sometimes"}),
            json!({"model": "m", "messages": [{"role": "user", "content": [{"text": "no type"}]}]}),
        ] {
            assert_eq!(parse_request(&body).unwrap_err().category, ErrorCategory::InvalidRequest, "{body}");
        }
    }

    #[test]
    fn refusals_arrive_as_text() {
        let chunks =
            parse_stream_chunk(r#"{"choices":[{"index":0,"delta":{"content":null,"refusal":"I'm sorry"}}]}"#).unwrap();
        assert_eq!(chunks, vec![StreamChunk::TextDelta("I'm sorry".into())]);
        let r = parse_response(br#"{"choices":[{"message":{"content":null,"refusal":"No."},"finish_reason":"stop"}]}"#)
            .unwrap();
        assert_eq!(r.text(), "No.");
    }

    #[test]
    fn azure_preamble_and_null_usage_yield_nothing() {
        assert!(parse_stream_chunk(r#"{"object":"","choices":[],"prompt_filter_results":[]}"#).unwrap().is_empty());
        assert!(parse_stream_chunk(r#"{"choices":[{"delta":{"content":""}}],"usage":null}"#).unwrap().is_empty());
    }

    #[test]
    fn error_objects_and_bad_json_are_structured_errors() {
        let e = parse_stream_chunk(r#"{"error":{"message":"overloaded"}}"#).unwrap_err();
        assert_eq!(e.code, "upstream_stream_error");
        assert_eq!(parse_stream_chunk("{nope").unwrap_err().code, "upstream_malformed_chunk");
    }

    #[test]
    fn parses_whole_response() {
        let r = parse_response(br#"{"id":"x","model":"m","choices":[{"message":{"role":"assistant","content":"hello"},"finish_reason":"length"}],"usage":{"prompt_tokens":1,"completion_tokens":2}}"#).unwrap();
        assert_eq!(r.text(), "hello");
        assert_eq!(r.stop_reason, Some(StopReason::MaxTokens));
        assert_eq!(r.usage.output_tokens, 2);
        assert_eq!(parse_response(b"{}").unwrap_err().code, "upstream_malformed_response");
    }
}
