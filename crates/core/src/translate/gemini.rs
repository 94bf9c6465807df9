//! Google's Gemini API (`generateContent`, `streamGenerateContent?alt=sse`): the pivot request as its body, and its
//! answers, whole or streamed, back to the pivot. Gemini has no tool-call ids: they are made up here (`call_<n>`)
//! and a tool's result is matched back to its call by name.

use std::collections::HashMap;

use serde_json::{json, Map, Value};

use crate::error::{Error, ErrorCategory, Result};
use crate::ir::{
    ChatRequest, ChatResponse, ContentBlock, ImageSource, Reasoning, ResponseFormat, Role, StopReason, StreamChunk,
    ToolChoice, Usage,
};

pub fn request_body(req: &ChatRequest) -> Value {
    let mut tool_names: HashMap<&str, &str> = HashMap::new();
    let mut system: Vec<String> = req.system.iter().map(|p| p.text.clone()).collect();
    let mut contents = Vec::new();
    for m in &req.messages {
        if m.role == Role::System {
            system.extend(m.content.iter().filter_map(|b| match b {
                ContentBlock::Text { text } => Some(text.clone()),
                _ => None,
            }));
            continue;
        }
        let mut parts = Vec::new();
        for block in &m.content {
            if let ContentBlock::ToolUse { id, name, .. } = block {
                tool_names.insert(id, name);
            }
            if let Some(part) = part(block, &tool_names) {
                parts.push(part);
            }
        }
        if parts.is_empty() {
            continue;
        }
        let role = if m.role == Role::Assistant { "model" } else { "user" };
        contents.push(json!({ "role": role, "parts": parts }));
    }
    let mut body = json!({ "contents": contents });
    if !system.is_empty() {
        body["systemInstruction"] = json!({ "parts": [{ "text": system.join("\n\n") }] });
    }
    let config = generation_config(req);
    if !config.is_empty() {
        body["generationConfig"] = Value::Object(config);
    }
    if !req.tools.is_empty() {
        let declarations: Vec<Value> = req
            .tools
            .iter()
            .map(|t| {
                let mut d = json!({ "name": t.name, "parameters": t.input_schema });
                if let Some(description) = &t.description {
                    d["description"] = description.clone().into();
                }
                d
            })
            .collect();
        body["tools"] = json!([{ "functionDeclarations": declarations }]);
    }
    if let Some(choice) = &req.tool_choice {
        body["toolConfig"] = json!({ "functionCallingConfig": match choice {
            ToolChoice::Auto => json!({ "mode": "AUTO" }),
            ToolChoice::Any => json!({ "mode": "ANY" }),
            ToolChoice::None => json!({ "mode": "NONE" }),
            ToolChoice::Tool { name } => json!({ "mode": "ANY", "allowedFunctionNames": [name] }),
        }});
    }
    body
}

fn part(block: &ContentBlock, tool_names: &HashMap<&str, &str>) -> Option<Value> {
    Some(match block {
        ContentBlock::Text { text } => json!({ "text": text }),
        ContentBlock::Image { media_type, source } => {
            let mime = media_type.clone().unwrap_or_else(|| "image/png".into());
            match source {
                ImageSource::Base64 { data } => json!({ "inlineData": { "mimeType": mime, "data": data } }),
                ImageSource::Url { url } => json!({ "fileData": { "mimeType": mime, "fileUri": url } }),
            }
        }
        ContentBlock::ToolUse { name, input, .. } => json!({ "functionCall": { "name": name, "args": input } }),
        ContentBlock::ToolResult { tool_use_id, content, is_error } => {
            let name = tool_names.get(tool_use_id.as_str()).copied().unwrap_or(tool_use_id);
            let key = if *is_error { "error" } else { "content" };
            json!({ "functionResponse": { "name": name, "response": { key: content } } })
        }
        // Gemini's thoughts are not sent back.
        ContentBlock::Thinking { .. } => return None,
    })
}

fn generation_config(req: &ChatRequest) -> Map<String, Value> {
    let mut c = Map::new();
    if let Some(t) = req.temperature {
        c.insert("temperature".into(), t.into());
    }
    if let Some(p) = req.top_p {
        c.insert("topP".into(), p.into());
    }
    if let Some(m) = req.max_tokens {
        c.insert("maxOutputTokens".into(), m.into());
    }
    if !req.stop_sequences.is_empty() {
        c.insert("stopSequences".into(), json!(req.stop_sequences));
    }
    if let Some(n) = req.n {
        c.insert("candidateCount".into(), n.into());
    }
    match &req.response_format {
        Some(ResponseFormat::JsonObject) => {
            c.insert("responseMimeType".into(), "application/json".into());
        }
        Some(ResponseFormat::JsonSchema { schema, .. }) => {
            c.insert("responseMimeType".into(), "application/json".into());
            c.insert("responseJsonSchema".into(), schema.clone());
        }
        Some(ResponseFormat::Text) | None => {}
    }
    match req.reasoning {
        Some(Reasoning::Off) => {
            c.insert("thinkingConfig".into(), json!({ "thinkingBudget": 0 }));
        }
        Some(Reasoning::Budget(tokens)) => {
            c.insert("thinkingConfig".into(), json!({ "thinkingBudget": tokens, "includeThoughts": true }));
        }
        Some(Reasoning::Effort(effort)) => {
            c.insert("thinkingConfig".into(), json!({ "thinkingLevel": effort.as_str(), "includeThoughts": true }));
        }
        None => {}
    }
    c
}

fn malformed(what: &str) -> Error {
    Error::new(ErrorCategory::Upstream, "upstream_malformed_response", format!("Gemini's answer {what}."))
}

fn stop_reason(reason: &str) -> Option<StopReason> {
    Some(match reason {
        "STOP" => StopReason::EndTurn,
        "MAX_TOKENS" => StopReason::MaxTokens,
        "SAFETY" | "RECITATION" | "BLOCKLIST" | "PROHIBITED_CONTENT" | "SPII" | "IMAGE_SAFETY" => {
            StopReason::ContentFilter
        }
        "FINISH_REASON_UNSPECIFIED" | "" => return None,
        _ => StopReason::EndTurn,
    })
}

/// Gemini counts thoughts apart from the answer; both are output the model is paid for.
fn usage(meta: &Value) -> Usage {
    let n = |k: &str| meta.get(k).and_then(Value::as_u64).unwrap_or(0) as u32;
    Usage {
        input_tokens: n("promptTokenCount"),
        output_tokens: n("candidatesTokenCount") + n("thoughtsTokenCount"),
        cache_read_tokens: n("cachedContentTokenCount"),
        cache_write_tokens: 0,
        reasoning_tokens: n("thoughtsTokenCount"),
        estimated: false,
    }
}

/// The first candidate's parts, in order.
fn parts(v: &Value) -> &[Value] {
    v.pointer("/candidates/0/content/parts").and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[])
}

fn finish(v: &Value) -> Option<&str> {
    v.pointer("/candidates/0/finishReason").and_then(Value::as_str)
}

pub fn parse_response(body: &[u8]) -> Result<ChatResponse> {
    let v: Value = serde_json::from_slice(body).map_err(|_| malformed("is not valid JSON"))?;
    if v.get("candidates").and_then(Value::as_array).is_none_or(|c| c.is_empty()) {
        let blocked = v.pointer("/promptFeedback/blockReason").and_then(Value::as_str);
        return match blocked {
            Some(reason) => Err(Error::new(
                ErrorCategory::Upstream,
                "provider_blocked_prompt",
                format!("Gemini refused the prompt ({reason})."),
            )
            .with_retriable(false)),
            None => Err(malformed("has no candidates")),
        };
    }
    let mut content = Vec::new();
    let mut calls = 0;
    for p in parts(&v) {
        if let Some(call) = p.get("functionCall") {
            content.push(ContentBlock::ToolUse {
                id: format!("call_{calls}"),
                name: call.get("name").and_then(Value::as_str).unwrap_or_default().to_owned(),
                input: call.get("args").cloned().unwrap_or_else(|| json!({})),
            });
            calls += 1;
        } else if let Some(text) = p.get("text").and_then(Value::as_str) {
            content.push(match p.get("thought").and_then(Value::as_bool) {
                Some(true) => ContentBlock::Thinking { text: text.to_owned(), signature: None },
                _ => ContentBlock::Text { text: text.to_owned() },
            });
        }
    }
    Ok(ChatResponse {
        id: v.get("responseId").and_then(Value::as_str).map(str::to_owned),
        model: v.get("modelVersion").and_then(Value::as_str).map(str::to_owned),
        stop_reason: if calls > 0 { Some(StopReason::ToolUse) } else { finish(&v).and_then(stop_reason) },
        usage: v.get("usageMetadata").map(usage).unwrap_or_default(),
        content,
        raw: None,
    })
}

/// Each streamed event is a whole `GenerateContentResponse` holding the next pieces; the last has the finish
/// reason and the usage.
#[derive(Default)]
pub struct Decoder {
    started: bool,
    calls: u32,
    pub finished: bool,
}

impl Decoder {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn decode(&mut self, data: &str) -> Result<Vec<StreamChunk>> {
        let v: Value = serde_json::from_str(data).map_err(|_| malformed("sent a piece that is not valid JSON"))?;
        let mut out = Vec::new();
        if !self.started {
            self.started = true;
            out.push(StreamChunk::Start {
                id: v.get("responseId").and_then(Value::as_str).map(str::to_owned),
                model: v.get("modelVersion").and_then(Value::as_str).map(str::to_owned),
            });
        }
        for p in parts(&v) {
            if let Some(call) = p.get("functionCall") {
                out.push(StreamChunk::ToolCallDelta {
                    index: self.calls,
                    id: Some(format!("call_{}", self.calls)),
                    name: call.get("name").and_then(Value::as_str).map(str::to_owned),
                    arguments: call.get("args").map(Value::to_string).unwrap_or_else(|| "{}".into()),
                });
                self.calls += 1;
            } else if let Some(text) = p.get("text").and_then(Value::as_str).filter(|t| !t.is_empty()) {
                out.push(match p.get("thought").and_then(Value::as_bool) {
                    Some(true) => StreamChunk::ThinkingDelta(text.to_owned()),
                    _ => StreamChunk::TextDelta(text.to_owned()),
                });
            }
        }
        if let Some(meta) = v.get("usageMetadata") {
            out.push(StreamChunk::Usage(usage(meta)));
        }
        if let Some(reason) = finish(&v) {
            self.finished = true;
            let reason = if self.calls > 0 { Some(StopReason::ToolUse) } else { stop_reason(reason) };
            out.extend(reason.map(StreamChunk::Stop));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Effort, Message};

    #[test]
    fn a_whole_answer_becomes_text_thoughts_and_tool_calls_with_its_usage() {
        let body = br#"{"responseId":"r","modelVersion":"gemini-x","candidates":[{"content":{"parts":[
            {"text":"thinking","thought":true},{"text":"Hi"},{"functionCall":{"name":"f","args":{"a":1}}}]},
            "finishReason":"STOP"}],"usageMetadata":{"promptTokenCount":3,"candidatesTokenCount":4,"thoughtsTokenCount":2}}"#;
        let a = parse_response(body).unwrap();
        assert_eq!((a.id.as_deref(), a.model.as_deref()), (Some("r"), Some("gemini-x")));
        assert_eq!(
            a.content,
            [
                ContentBlock::Thinking { text: "thinking".into(), signature: None },
                ContentBlock::Text { text: "Hi".into() },
                ContentBlock::ToolUse { id: "call_0".into(), name: "f".into(), input: json!({ "a": 1 }) },
            ]
        );
        assert_eq!(a.stop_reason, Some(StopReason::ToolUse), "a call ends the turn for the tool");
        assert_eq!((a.usage.input_tokens, a.usage.output_tokens, a.usage.reasoning_tokens), (3, 6, 2));
    }

    #[test]
    fn finish_reasons_map_and_a_refused_prompt_or_a_bad_body_is_an_error() {
        let with = |reason: &str| {
            let body =
                format!(r#"{{"candidates":[{{"content":{{"parts":[{{"text":"x"}}]}},"finishReason":"{reason}"}}]}}"#);
            parse_response(body.as_bytes()).unwrap().stop_reason
        };
        assert_eq!(with("STOP"), Some(StopReason::EndTurn));
        assert_eq!(with("MAX_TOKENS"), Some(StopReason::MaxTokens));
        assert_eq!(with("SAFETY"), Some(StopReason::ContentFilter));
        assert_eq!(with("RECITATION"), Some(StopReason::ContentFilter));
        assert_eq!(with("FINISH_REASON_UNSPECIFIED"), None);
        assert_eq!(with("OTHER"), Some(StopReason::EndTurn));
        let blocked = parse_response(br#"{"promptFeedback":{"blockReason":"SAFETY"}}"#).unwrap_err();
        assert_eq!((blocked.code.as_str(), blocked.retriable), ("provider_blocked_prompt", false));
        assert!(blocked.message.contains("SAFETY"));
        assert_eq!(parse_response(br#"{"candidates":[]}"#).unwrap_err().code, "upstream_malformed_response");
        assert_eq!(parse_response(b"<html>").unwrap_err().code, "upstream_malformed_response");
    }

    #[test]
    fn a_stream_starts_once_numbers_its_calls_and_ends_at_its_finish_reason() {
        let mut d = Decoder::new();
        let first = d.decode(r#"{"responseId":"r","modelVersion":"m","candidates":[{"content":{"parts":[{"text":"A"},{"text":""}]}}]}"#).unwrap();
        assert_eq!(
            first,
            [StreamChunk::Start { id: Some("r".into()), model: Some("m".into()) }, StreamChunk::TextDelta("A".into())]
        );
        assert!(!d.finished);
        let next = d
            .decode(r#"{"candidates":[{"content":{"parts":[{"text":"hm","thought":true},{"functionCall":{"name":"f"}},{"functionCall":{"name":"g","args":{"b":2}}}]},"finishReason":"STOP"}],"usageMetadata":{"promptTokenCount":1,"candidatesTokenCount":2}}"#)
            .unwrap();
        assert_eq!(
            next,
            [
                StreamChunk::ThinkingDelta("hm".into()),
                StreamChunk::ToolCallDelta {
                    index: 0,
                    id: Some("call_0".into()),
                    name: Some("f".into()),
                    arguments: "{}".into()
                },
                StreamChunk::ToolCallDelta {
                    index: 1,
                    id: Some("call_1".into()),
                    name: Some("g".into()),
                    arguments: r#"{"b":2}"#.into()
                },
                StreamChunk::Usage(Usage { input_tokens: 1, output_tokens: 2, ..Default::default() }),
                StreamChunk::Stop(StopReason::ToolUse),
            ]
        );
        assert!(d.finished);
        assert_eq!(d.decode("not json").unwrap_err().code, "upstream_malformed_response");
    }

    #[test]
    fn settings_go_in_generation_config_and_system_messages_join_the_instruction() {
        let req = ChatRequest {
            messages: vec![
                Message::text(Role::System, "Rule two."),
                Message::text(Role::User, "hi"),
                Message { role: Role::User, content: vec![] },
            ],
            system: vec![crate::ir::SystemPart { text: "Rule one.".into(), cache_control: None }],
            top_p: Some(0.5),
            stop_sequences: vec!["END".into()],
            n: Some(2),
            response_format: Some(ResponseFormat::JsonSchema {
                name: None,
                schema: json!({ "type": "object" }),
                strict: None,
            }),
            reasoning: Some(Reasoning::Budget(128)),
            tool_choice: Some(ToolChoice::Tool { name: "f".into() }),
            ..Default::default()
        };
        let body = request_body(&req);
        assert_eq!(body["systemInstruction"]["parts"][0]["text"], "Rule one.\n\nRule two.");
        assert_eq!(body["contents"].as_array().unwrap().len(), 1, "empty turns are left out");
        assert_eq!(
            body["generationConfig"],
            json!({ "topP": 0.5, "stopSequences": ["END"], "candidateCount": 2, "responseMimeType": "application/json",
                    "responseJsonSchema": { "type": "object" }, "thinkingConfig": { "thinkingBudget": 128, "includeThoughts": true } })
        );
        assert_eq!(
            body["toolConfig"],
            json!({ "functionCallingConfig": { "mode": "ANY", "allowedFunctionNames": ["f"] } })
        );
        let plain =
            request_body(&ChatRequest { messages: vec![Message::text(Role::User, "hi")], ..Default::default() });
        assert!(
            plain.get("generationConfig").is_none()
                && plain.get("systemInstruction").is_none()
                && plain.get("tools").is_none()
        );
        for (choice, mode) in [(ToolChoice::Auto, "AUTO"), (ToolChoice::Any, "ANY"), (ToolChoice::None, "NONE")] {
            let body = request_body(&ChatRequest { tool_choice: Some(choice), ..Default::default() });
            assert_eq!(body["toolConfig"]["functionCallingConfig"]["mode"], mode);
        }
        let off = request_body(&ChatRequest {
            reasoning: Some(Reasoning::Off),
            response_format: Some(ResponseFormat::JsonObject),
            ..Default::default()
        });
        assert_eq!(
            off["generationConfig"],
            json!({ "responseMimeType": "application/json", "thinkingConfig": { "thinkingBudget": 0 } })
        );
        let effort =
            request_body(&ChatRequest { reasoning: Some(Reasoning::Effort(Effort::High)), ..Default::default() });
        assert_eq!(
            effort["generationConfig"]["thinkingConfig"],
            json!({ "thinkingLevel": "high", "includeThoughts": true })
        );
    }

    #[test]
    fn an_image_by_address_and_a_failed_tool_result_have_their_own_parts() {
        let tool_names = HashMap::new();
        let url = ContentBlock::Image { media_type: None, source: ImageSource::Url { url: "gs://b/cat.png".into() } };
        assert_eq!(
            part(&url, &tool_names).unwrap(),
            json!({ "fileData": { "mimeType": "image/png", "fileUri": "gs://b/cat.png" } })
        );
        let failed = ContentBlock::ToolResult { tool_use_id: "unknown".into(), content: "boom".into(), is_error: true };
        assert_eq!(
            part(&failed, &tool_names).unwrap(),
            json!({ "functionResponse": { "name": "unknown", "response": { "error": "boom" } } })
        );
        assert!(part(&ContentBlock::Thinking { text: "t".into(), signature: None }, &tool_names).is_none());
    }
}
