//! Anthropic Messages wire format <-> IR: requests and whole responses. Streams are in `anthropic_stream`.

use serde_json::{json, Map, Value};

use super::ids::{anthropic_message_id, anthropic_tool_id};
use crate::error::{Error, ErrorCategory, Result};
use crate::ir::{
    ChatRequest, ChatResponse, ContentBlock, Effort, ImageSource, Message, Reasoning, ResponseFormat, Role, StopReason,
    SystemPart, Tool, ToolChoice, Usage,
};

/// Anthropic requires max_tokens; OpenAI clients often omit it. Used when the model catalogue does not know the
/// target model's own limit.
pub const DEFAULT_MAX_TOKENS: u32 = 4096;

/// The smallest thinking budget Anthropic accepts.
pub const MIN_THINKING_BUDGET: u32 = 1024;

fn bad(message: impl Into<String>) -> Error {
    Error::invalid("invalid_request_body", message)
}

fn str_field<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

// ---- requests: client -> IR

pub fn parse_request(body: &Value) -> Result<ChatRequest> {
    let model = str_field(body, "model").ok_or_else(|| bad("`model` is required and must be a string."))?;
    let messages = body.get("messages").and_then(Value::as_array).ok_or_else(|| bad("`messages` must be an array."))?;
    if messages.is_empty() {
        return Err(bad("`messages` must hold at least one message."));
    }
    let mut system = match body.get("system") {
        None | Some(Value::Null) => vec![],
        Some(Value::String(s)) => vec![SystemPart { text: s.clone(), cache_control: None }],
        Some(Value::Array(parts)) => parts.iter().map(system_part).collect::<Result<_>>()?,
        Some(_) => return Err(bad("`system` must be a string or an array of text blocks.")),
    };
    let mut turns = Vec::with_capacity(messages.len());
    for m in messages {
        // Claude Code sends a system turn inside `messages` to models it does not know (e.g. a route's name).
        if str_field(m, "role") == Some("system") {
            system.extend(system_message(m)?);
        } else {
            turns.push(parse_message(m)?);
        }
    }
    if turns.is_empty() {
        return Err(bad("`messages` must hold at least one user or assistant message."));
    }
    let tool_choice = body.get("tool_choice");
    Ok(ChatRequest {
        model: model.to_owned(),
        system,
        messages: turns,
        tools: body
            .get("tools")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(parse_tool)
            .collect::<Result<_>>()?,
        tool_choice: tool_choice.map(parse_tool_choice).transpose()?,
        max_tokens: body.get("max_tokens").and_then(Value::as_u64).map(|n| n.min(u32::MAX as u64) as u32),
        temperature: body.get("temperature").and_then(Value::as_f64),
        top_p: body.get("top_p").and_then(Value::as_f64),
        stop_sequences: body
            .get("stop_sequences")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|s| s.as_str().map(str::to_owned))
            .collect(),
        user: body.pointer("/metadata/user_id").and_then(Value::as_str).map(str::to_owned),
        stream: body.get("stream").and_then(Value::as_bool).unwrap_or(false),
        n: None,
        response_format: body
            .pointer("/output_config/format")
            .filter(|f| !f.is_null())
            .map(parse_format)
            .transpose()?,
        reasoning: parse_reasoning(body)?,
        parallel_tool_calls: tool_choice
            .and_then(|c| c.get("disable_parallel_tool_use"))
            .and_then(Value::as_bool)
            .map(|disabled| !disabled),
        original: None,
        idempotency_key: None,
    })
}

fn system_part(p: &Value) -> Result<SystemPart> {
    Ok(SystemPart {
        text: str_field(p, "text").ok_or_else(|| bad("Each `system` block needs `text`."))?.to_owned(),
        cache_control: p.get("cache_control").cloned(),
    })
}

fn system_message(m: &Value) -> Result<Vec<SystemPart>> {
    match m.get("content") {
        Some(Value::String(s)) => Ok(vec![SystemPart { text: s.clone(), cache_control: None }]),
        Some(Value::Array(parts)) => parts.iter().map(system_part).collect(),
        _ => Err(bad("A system message needs `content` (a string or an array of text blocks).")),
    }
}

fn parse_format(f: &Value) -> Result<ResponseFormat> {
    match str_field(f, "type") {
        Some("json_schema") => Ok(ResponseFormat::JsonSchema {
            name: None,
            schema: f.get("schema").cloned().unwrap_or_else(|| json!({})),
            strict: None,
        }),
        _ => Err(bad("`output_config.format.type` must be json_schema.")),
    }
}

/// `thinking` (disabled, a budget, or adaptive) and `output_config.effort`, as one reasoning setting.
fn parse_reasoning(body: &Value) -> Result<Option<Reasoning>> {
    let effort = match body.pointer("/output_config/effort").and_then(Value::as_str) {
        None => None,
        Some(e) => Some(
            Effort::parse(e).ok_or_else(|| bad("`output_config.effort` must be low, medium, high, xhigh or max."))?,
        ),
    };
    let Some(thinking) = body.get("thinking").filter(|t| !t.is_null()) else {
        return Ok(effort.map(Reasoning::Effort));
    };
    Ok(Some(match str_field(thinking, "type") {
        Some("disabled") => Reasoning::Off,
        Some("enabled") => {
            let budget = thinking
                .get("budget_tokens")
                .and_then(Value::as_u64)
                .ok_or_else(|| bad("`thinking.budget_tokens` is required when thinking is enabled."))?;
            match effort {
                Some(e) => Reasoning::Effort(e),
                None => Reasoning::Budget(budget.min(u32::MAX as u64) as u32),
            }
        }
        Some("adaptive") | Some("between_tools") => Reasoning::Effort(effort.unwrap_or(Effort::Medium)),
        _ => return Err(bad("`thinking.type` must be enabled, disabled or adaptive.")),
    }))
}

fn parse_message(m: &Value) -> Result<Message> {
    let role = match str_field(m, "role") {
        Some("user") => Role::User,
        Some("assistant") => Role::Assistant,
        Some(other) => return Err(bad(format!("Unsupported message role '{other}'. Use user or assistant."))),
        None => return Err(bad("Each message needs a `role`.")),
    };
    let content = match m.get("content") {
        Some(Value::String(s)) => vec![ContentBlock::Text { text: s.clone() }],
        Some(Value::Array(blocks)) => {
            blocks.iter().filter_map(|b| parse_block(b).transpose()).collect::<Result<_>>()?
        }
        _ => return Err(bad("Each message needs `content` (a string or an array of blocks).")),
    };
    Ok(Message { role, content })
}

/// None for block kinds the IR does not carry (documents, server tool results…): they reach an Anthropic upstream in
/// the forwarded body, and are reported lost on the way to any other (`fields::lost_crossing`).
fn parse_block(b: &Value) -> Result<Option<ContentBlock>> {
    Ok(Some(match str_field(b, "type") {
        Some("text") => ContentBlock::Text { text: str_field(b, "text").unwrap_or_default().to_owned() },
        Some("image") => {
            let source = b.get("source").ok_or_else(|| bad("An image block needs `source`."))?;
            match str_field(source, "type") {
                Some("base64") => ContentBlock::Image {
                    media_type: str_field(source, "media_type").map(str::to_owned),
                    source: ImageSource::Base64 { data: str_field(source, "data").unwrap_or_default().to_owned() },
                },
                Some("url") => ContentBlock::Image {
                    media_type: None,
                    source: ImageSource::Url { url: str_field(source, "url").unwrap_or_default().to_owned() },
                },
                _ => return Err(bad("Image `source.type` must be `base64` or `url`.")),
            }
        }
        Some("tool_use") => ContentBlock::ToolUse {
            id: str_field(b, "id").unwrap_or_default().to_owned(),
            name: str_field(b, "name").unwrap_or_default().to_owned(),
            input: b.get("input").cloned().unwrap_or_else(|| json!({})),
        },
        Some("tool_result") => ContentBlock::ToolResult {
            tool_use_id: str_field(b, "tool_use_id").unwrap_or_default().to_owned(),
            content: tool_result_text(b.get("content")),
            is_error: b.get("is_error").and_then(Value::as_bool).unwrap_or(false),
        },
        Some("thinking") => ContentBlock::Thinking {
            text: str_field(b, "thinking").unwrap_or_default().to_owned(),
            signature: str_field(b, "signature").map(str::to_owned),
        },
        Some(_) => return Ok(None),
        None => return Err(bad("Each content block needs a `type`.")),
    }))
}

fn tool_result_text(content: Option<&Value>) -> String {
    match content {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(parts)) => parts.iter().filter_map(|p| str_field(p, "text")).collect::<Vec<_>>().join("\n"),
        _ => String::new(),
    }
}

fn parse_tool(t: &Value) -> Result<Tool> {
    Ok(Tool {
        name: str_field(t, "name").ok_or_else(|| bad("Each tool needs a `name`."))?.to_owned(),
        description: str_field(t, "description").map(str::to_owned),
        input_schema: t.get("input_schema").cloned().unwrap_or_else(|| json!({"type": "object"})),
        strict: t.get("strict").and_then(Value::as_bool),
    })
}

fn parse_tool_choice(c: &Value) -> Result<ToolChoice> {
    Ok(match str_field(c, "type") {
        Some("auto") => ToolChoice::Auto,
        Some("any") => ToolChoice::Any,
        Some("none") => ToolChoice::None,
        Some("tool") => ToolChoice::Tool {
            name: str_field(c, "name").ok_or_else(|| bad("`tool_choice` of type tool needs a `name`."))?.to_owned(),
        },
        _ => return Err(bad("`tool_choice.type` must be auto, any, none or tool.")),
    })
}

// ---- requests: IR -> upstream

pub fn request_body(req: &ChatRequest) -> Value {
    let mut body = Map::new();
    body.insert("model".into(), json!(req.model));
    let max_tokens = req.max_tokens.unwrap_or(DEFAULT_MAX_TOKENS);
    body.insert("max_tokens".into(), json!(max_tokens));
    if !req.system.is_empty() {
        let parts: Vec<Value> = req
            .system
            .iter()
            .map(|p| {
                let mut block = json!({ "type": "text", "text": p.text });
                if let Some(cc) = &p.cache_control {
                    block["cache_control"] = cc.clone();
                }
                block
            })
            .collect();
        body.insert("system".into(), Value::Array(parts));
    }
    body.insert("messages".into(), Value::Array(merge_same_role(&req.messages).iter().map(message_to_wire).collect()));
    if !req.tools.is_empty() {
        let tools = req
            .tools
            .iter()
            .map(|t| {
                let mut v = json!({ "name": t.name, "input_schema": t.input_schema });
                if let Some(d) = &t.description {
                    v["description"] = json!(d);
                }
                if let Some(strict) = t.strict {
                    v["strict"] = json!(strict);
                }
                v
            })
            .collect();
        body.insert("tools".into(), Value::Array(tools));
    }
    let single_call = req.parallel_tool_calls == Some(false);
    if req.tool_choice.is_some() || (single_call && !req.tools.is_empty()) {
        let mut choice = match req.tool_choice.as_ref().unwrap_or(&ToolChoice::Auto) {
            ToolChoice::Auto => json!({"type": "auto"}),
            ToolChoice::Any => json!({"type": "any"}),
            ToolChoice::None => json!({"type": "none"}),
            ToolChoice::Tool { name } => json!({"type": "tool", "name": name}),
        };
        if single_call && choice["type"] != "none" {
            choice["disable_parallel_tool_use"] = json!(true);
        }
        body.insert("tool_choice".into(), choice);
    }
    if let Some(t) = req.temperature {
        body.insert("temperature".into(), json!(t));
    }
    if let Some(p) = req.top_p {
        body.insert("top_p".into(), json!(p));
    }
    if !req.stop_sequences.is_empty() {
        body.insert("stop_sequences".into(), json!(req.stop_sequences));
    }
    if let Some(user) = &req.user {
        body.insert("metadata".into(), json!({ "user_id": user }));
    }
    if let Some(thinking) = thinking_to_wire(req.reasoning, max_tokens) {
        body.insert("thinking".into(), thinking);
    }
    if let Some(ResponseFormat::JsonSchema { schema, .. }) = &req.response_format {
        body.insert("output_config".into(), json!({ "format": { "type": "json_schema", "schema": schema } }));
    }
    if req.stream {
        body.insert("stream".into(), json!(true));
    }
    Value::Object(body)
}

/// An effort as a thinking budget; every budget is kept below max_tokens, as Anthropic requires. With no room to
/// think (max_tokens at or under the smallest budget) thinking is left off.
fn thinking_to_wire(reasoning: Option<Reasoning>, max_tokens: u32) -> Option<Value> {
    let budget = match reasoning? {
        Reasoning::Off => return Some(json!({ "type": "disabled" })),
        Reasoning::Budget(tokens) => tokens,
        Reasoning::Effort(effort) => budget_for_effort(effort),
    };
    let budget = budget.max(MIN_THINKING_BUDGET).min(max_tokens.saturating_sub(1));
    (budget >= MIN_THINKING_BUDGET).then(|| json!({ "type": "enabled", "budget_tokens": budget }))
}

pub fn budget_for_effort(effort: Effort) -> u32 {
    match effort {
        Effort::Minimal => 1024,
        Effort::Low => 2048,
        Effort::Medium => 8192,
        Effort::High => 16384,
        Effort::Xhigh => 24576,
        Effort::Max => 32768,
    }
}

/// Anthropic wants user and assistant turns to alternate, and tool results inside a user turn; OpenAI sends each
/// tool result as its own `tool` message. Consecutive turns of the same role are merged.
fn merge_same_role(messages: &[Message]) -> Vec<Message> {
    let mut out: Vec<Message> = Vec::new();
    for m in messages {
        let role = if m.role == Role::Tool { Role::User } else { m.role };
        match out.last_mut() {
            Some(last) if last.role == role => last.content.extend(m.content.iter().cloned()),
            _ => out.push(Message { role, content: m.content.clone() }),
        }
    }
    out
}

fn message_to_wire(m: &Message) -> Value {
    let blocks: Vec<Value> = m.content.iter().map(block_to_wire).collect();
    json!({ "role": if m.role == Role::Assistant { "assistant" } else { "user" }, "content": blocks })
}

fn block_to_wire(b: &ContentBlock) -> Value {
    match b {
        ContentBlock::Text { text } => json!({ "type": "text", "text": text }),
        ContentBlock::Image { media_type, source } => match source {
            ImageSource::Base64 { data } => json!({ "type": "image", "source": {
                "type": "base64", "media_type": media_type.as_deref().unwrap_or("image/png"), "data": data } }),
            ImageSource::Url { url } => {
                json!({ "type": "image", "source": { "type": "url", "url": url } })
            }
        },
        ContentBlock::ToolUse { id, name, input } => {
            json!({ "type": "tool_use", "id": anthropic_tool_id(id), "name": name, "input": input })
        }
        ContentBlock::ToolResult { tool_use_id, content, is_error } => {
            let mut v =
                json!({ "type": "tool_result", "tool_use_id": anthropic_tool_id(tool_use_id), "content": content });
            if *is_error {
                v["is_error"] = json!(true);
            }
            v
        }
        ContentBlock::Thinking { text, signature } => {
            let mut v = json!({ "type": "thinking", "thinking": text });
            if let Some(s) = signature {
                v["signature"] = json!(s);
            }
            v
        }
    }
}

// ---- responses

pub fn stop_reason(s: &str) -> StopReason {
    match s {
        "max_tokens" => StopReason::MaxTokens,
        "tool_use" => StopReason::ToolUse,
        "stop_sequence" => StopReason::StopSequence,
        "refusal" => StopReason::ContentFilter,
        _ => StopReason::EndTurn,
    }
}

pub fn stop_reason_to_wire(r: StopReason) -> &'static str {
    match r {
        StopReason::EndTurn => "end_turn",
        StopReason::MaxTokens => "max_tokens",
        StopReason::ToolUse => "tool_use",
        StopReason::StopSequence => "stop_sequence",
        StopReason::ContentFilter => "refusal",
    }
}

/// Anthropic reports cache reads and writes beside input_tokens; the IR counts every prompt token in
/// input_tokens (as OpenAI does) and the cached ones again in their own fields.
pub fn usage_from_wire(u: &Value) -> Usage {
    let n = |k: &str| u.get(k).and_then(Value::as_u64).unwrap_or(0) as u32;
    let (read, write) = (n("cache_read_input_tokens"), n("cache_creation_input_tokens"));
    Usage {
        input_tokens: n("input_tokens") + read + write,
        output_tokens: n("output_tokens"),
        cache_read_tokens: read,
        cache_write_tokens: write,
        reasoning_tokens: 0,
        estimated: false,
    }
}

pub fn usage_to_wire(u: &Usage) -> Value {
    json!({
        "input_tokens": u.input_tokens.saturating_sub(u.cache_read_tokens + u.cache_write_tokens),
        "output_tokens": u.output_tokens,
        "cache_read_input_tokens": u.cache_read_tokens,
        "cache_creation_input_tokens": u.cache_write_tokens,
    })
}

pub fn parse_response(body: &[u8]) -> Result<ChatResponse> {
    let v: Value = serde_json::from_slice(body).map_err(|_| {
        Error::new(ErrorCategory::Upstream, "upstream_malformed_response", "The provider's answer is not valid JSON.")
    })?;
    let blocks = v.get("content").and_then(Value::as_array).ok_or_else(|| {
        Error::new(ErrorCategory::Upstream, "upstream_malformed_response", "The provider's answer has no content.")
    })?;
    Ok(ChatResponse {
        id: str_field(&v, "id").map(str::to_owned),
        model: str_field(&v, "model").map(str::to_owned),
        content: blocks.iter().filter_map(|b| parse_block(b).ok().flatten()).collect(),
        stop_reason: str_field(&v, "stop_reason").map(stop_reason),
        usage: v.get("usage").map(usage_from_wire).unwrap_or_default(),
        raw: None,
    })
}

/// A whole Messages response for an Anthropic client, naming the model it asked for.
pub fn response_body(r: &ChatResponse, asked: &str) -> Value {
    json!({
        "id": r.id.as_deref().map(anthropic_message_id)
            .unwrap_or_else(|| format!("msg_{}", uuid::Uuid::new_v4().simple())),
        "type": "message",
        "role": "assistant",
        "model": asked,
        "content": r.content.iter().map(block_to_wire).collect::<Vec<_>>(),
        "stop_reason": r.stop_reason.map(stop_reason_to_wire),
        "stop_sequence": Value::Null,
        "usage": usage_to_wire(&r.usage),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claude_code_like_request() -> Value {
        json!({
            "model": "claude-sonnet-4",
            "max_tokens": 1024,
            "system": [{"type": "text", "text": "You are terse.", "cache_control": {"type": "ephemeral"}}],
            "messages": [
                {"role": "user", "content": [
                    {"type": "text", "text": "Weather in Paris and Rome?"},
                    {"type": "image", "source": {"type": "base64", "media_type": "image/jpeg", "data": "AAAA"}}]},
                {"role": "assistant", "content": [
                    {"type": "thinking", "thinking": "two calls", "signature": "sig=="},
                    {"type": "tool_use", "id": "toolu_1", "name": "weather", "input": {"city": "Paris"}},
                    {"type": "tool_use", "id": "toolu_2", "name": "weather", "input": {"city": "Rome"}}]},
                {"role": "user", "content": [
                    {"type": "tool_result", "tool_use_id": "toolu_1", "content": "18C"},
                    {"type": "tool_result", "tool_use_id": "toolu_2", "content": [{"type": "text", "text": "boom"}], "is_error": true}]}
            ],
            "tools": [{"name": "weather", "description": "Get weather", "input_schema": {"type": "object", "properties": {"city": {"type": "string"}}}}],
            "tool_choice": {"type": "any"},
            "stop_sequences": ["END"],
            "temperature": 0.5,
            "top_p": 0.9,
            "metadata": {"user_id": "u-1"},
            "stream": true
        })
    }

    #[test]
    fn parses_everything_claude_code_sends_and_writes_it_back_the_same() {
        let body = claude_code_like_request();
        let ir = parse_request(&body).unwrap();
        assert_eq!(ir.system[0].cache_control, Some(json!({"type": "ephemeral"})));
        assert_eq!(ir.tool_choice, Some(ToolChoice::Any));
        assert_eq!(ir.user.as_deref(), Some("u-1"));
        assert!(ir.stream);
        assert!(
            matches!(&ir.messages[2].content[1], ContentBlock::ToolResult { is_error: true, content, .. } if content == "boom")
        );
        let back = request_body(&ir);
        assert_eq!(parse_request(&back).unwrap(), ir, "Anthropic -> IR -> Anthropic is lossless for these fields");
        assert_eq!(back["system"][0]["cache_control"], json!({"type": "ephemeral"}));
        assert_eq!(back["messages"][1]["content"][0]["signature"], "sig==");
    }

    fn reasoning_of(body: Value) -> Result<Option<Reasoning>> {
        let mut body = body;
        body["model"] = json!("m");
        body["messages"] = json!([{"role": "user", "content": "x"}]);
        parse_request(&body).map(|r| r.reasoning)
    }

    #[test]
    fn thinking_and_effort_become_one_reasoning_setting() {
        assert_eq!(reasoning_of(json!({})).unwrap(), None);
        assert_eq!(reasoning_of(json!({"thinking": {"type": "disabled"}})).unwrap(), Some(Reasoning::Off));
        assert_eq!(
            reasoning_of(json!({"thinking": {"type": "enabled", "budget_tokens": 5000}})).unwrap(),
            Some(Reasoning::Budget(5000))
        );
        assert_eq!(
            reasoning_of(
                json!({"thinking": {"type": "enabled", "budget_tokens": 5000}, "output_config": {"effort": "low"}})
            )
            .unwrap(),
            Some(Reasoning::Effort(Effort::Low)),
            "an explicit effort wins over the budget"
        );
        assert_eq!(
            reasoning_of(json!({"thinking": {"type": "adaptive"}})).unwrap(),
            Some(Reasoning::Effort(Effort::Medium))
        );
        assert_eq!(
            reasoning_of(json!({"thinking": {"type": "adaptive"}, "output_config": {"effort": "max"}})).unwrap(),
            Some(Reasoning::Effort(Effort::Max))
        );
        assert_eq!(
            reasoning_of(json!({"output_config": {"effort": "xhigh"}})).unwrap(),
            Some(Reasoning::Effort(Effort::Xhigh))
        );
        for bad in [
            json!({"thinking": {"type": "sometimes"}}),
            json!({"thinking": {"type": "enabled"}}),
            json!({"output_config": {"effort": "huge"}}),
            json!({"output_config": {"format": {"type": "xml"}}}),
        ] {
            assert_eq!(reasoning_of(bad.clone()).unwrap_err().category, ErrorCategory::InvalidRequest, "{bad}");
        }
    }

    fn writing(reasoning: Option<Reasoning>, max_tokens: u32) -> Value {
        request_body(&ChatRequest { model: "m".into(), reasoning, max_tokens: Some(max_tokens), ..Default::default() })
    }

    #[test]
    fn reasoning_is_written_as_a_thinking_budget_below_max_tokens() {
        assert_eq!(writing(Some(Reasoning::Off), 100)["thinking"], json!({"type": "disabled"}));
        assert_eq!(writing(Some(Reasoning::Effort(Effort::High)), 20_000)["thinking"]["budget_tokens"], 16_384);
        assert_eq!(writing(Some(Reasoning::Effort(Effort::Minimal)), 20_000)["thinking"]["budget_tokens"], 1_024);
        assert_eq!(writing(Some(Reasoning::Budget(50_000)), 8_000)["thinking"]["budget_tokens"], 7_999);
        assert_eq!(writing(Some(Reasoning::Budget(10)), 8_000)["thinking"]["budget_tokens"], MIN_THINKING_BUDGET);
        assert!(writing(Some(Reasoning::Effort(Effort::Max)), 1_024).get("thinking").is_none(), "no room to think");
        assert!(writing(None, 8_000).get("thinking").is_none());
        let budgets: Vec<u32> =
            [Effort::Minimal, Effort::Low, Effort::Medium, Effort::High, Effort::Xhigh, Effort::Max]
                .into_iter()
                .map(budget_for_effort)
                .collect();
        assert!(budgets.windows(2).all(|w| w[0] < w[1]), "more effort, more budget: {budgets:?}");
    }

    #[test]
    fn structured_output_and_single_tool_calls_cross_to_their_anthropic_names() {
        let parsed = parse_request(&json!({
            "model": "m", "messages": [{"role": "user", "content": "x"}],
            "output_config": {"format": {"type": "json_schema", "schema": {"type": "object"}}},
            "tool_choice": {"type": "auto", "disable_parallel_tool_use": true},
            "tools": [{"name": "f", "input_schema": {"type": "object"}, "strict": true}]
        }))
        .unwrap();
        assert_eq!(parsed.parallel_tool_calls, Some(false));
        assert_eq!(parsed.tools[0].strict, Some(true));
        let body = request_body(&parsed);
        assert_eq!(body["output_config"], json!({"format": {"type": "json_schema", "schema": {"type": "object"}}}));
        assert_eq!(body["tool_choice"], json!({"type": "auto", "disable_parallel_tool_use": true}));
        assert_eq!(body["tools"][0]["strict"], true);

        let tools = vec![Tool { name: "f".into(), description: None, input_schema: json!({}), strict: None }];
        let single = ChatRequest { parallel_tool_calls: Some(false), tools: tools.clone(), ..Default::default() };
        assert_eq!(request_body(&single)["tool_choice"], json!({"type": "auto", "disable_parallel_tool_use": true}));
        let none = ChatRequest { tool_choice: Some(ToolChoice::None), ..single.clone() };
        assert_eq!(request_body(&none)["tool_choice"], json!({"type": "none"}), "none takes no flag");
        let parallel = ChatRequest { parallel_tool_calls: Some(true), tools, ..Default::default() };
        assert!(request_body(&parallel).get("tool_choice").is_none());
        let object = ChatRequest { response_format: Some(ResponseFormat::JsonObject), ..Default::default() };
        assert!(request_body(&object).get("output_config").is_none(), "json_object has no Anthropic form");
    }

    #[test]
    fn system_as_a_string_and_missing_max_tokens() {
        let ir =
            parse_request(&json!({"model": "m", "system": "Be kind", "messages": [{"role": "user", "content": "hi"}]}))
                .unwrap();
        assert_eq!(ir.system[0].text, "Be kind");
        assert_eq!(request_body(&ir)["max_tokens"], DEFAULT_MAX_TOKENS);
    }

    #[test]
    fn tool_messages_are_folded_into_one_user_turn() {
        let ir = ChatRequest {
            model: "m".into(),
            messages: vec![
                Message::text(Role::User, "q"),
                Message {
                    role: Role::Assistant,
                    content: vec![ContentBlock::ToolUse { id: "a".into(), name: "f".into(), input: json!({}) }],
                },
                Message {
                    role: Role::Tool,
                    content: vec![ContentBlock::ToolResult {
                        tool_use_id: "a".into(),
                        content: "1".into(),
                        is_error: false,
                    }],
                },
                Message {
                    role: Role::Tool,
                    content: vec![ContentBlock::ToolResult {
                        tool_use_id: "b".into(),
                        content: "2".into(),
                        is_error: false,
                    }],
                },
            ],
            ..Default::default()
        };
        let wire = request_body(&ir);
        let roles: Vec<_> = wire["messages"].as_array().unwrap().iter().map(|m| m["role"].as_str().unwrap()).collect();
        assert_eq!(roles, ["user", "assistant", "user"]);
        assert_eq!(wire["messages"][2]["content"].as_array().unwrap().len(), 2);
    }

    #[test]
    fn malformed_requests_are_invalid_request_errors() {
        for body in [
            json!({}),
            json!({"model": 1, "messages": []}),
            json!({"model": "m", "messages": [{"role": "system", "content": "x"}]}),
            json!({"model": "m", "messages": [{"role": "wizard", "content": "x"}]}),
            json!({"model": "m", "messages": []}),
            json!({"model": "m", "messages": [{"role": "user", "content": [{"type": "image", "source": {"type": "file"}}]}]}),
            json!({"model": "m", "messages": [], "tool_choice": {"type": "tool"}}),
        ] {
            let e = parse_request(&body).unwrap_err();
            assert_eq!(e.category, ErrorCategory::InvalidRequest, "{body}");
        }
    }

    #[test]
    fn responses_round_trip_with_usage_and_stop_reason() {
        let body = br#"{"id":"msg_1","type":"message","role":"assistant","model":"claude","content":[{"type":"text","text":"hi"},{"type":"tool_use","id":"toolu_1","name":"f","input":{"a":1}}],"stop_reason":"tool_use","usage":{"input_tokens":10,"output_tokens":5,"cache_read_input_tokens":7,"cache_creation_input_tokens":3}}"#;
        let r = parse_response(body).unwrap();
        assert_eq!(r.stop_reason, Some(StopReason::ToolUse));
        assert_eq!(
            r.usage,
            Usage {
                input_tokens: 20,
                output_tokens: 5,
                cache_read_tokens: 7,
                cache_write_tokens: 3,
                reasoning_tokens: 0,
                estimated: false,
            }
        );
        let again = parse_response(response_body(&r, "claude").to_string().as_bytes()).unwrap();
        assert_eq!(again, r);
    }
}
