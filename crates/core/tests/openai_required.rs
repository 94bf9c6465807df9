//! What the gateway writes for OpenAI clients carries every field OpenAI's API description marks required, checked
//! against the description itself (tests/schema/openai-chat-models.json, trimmed from OpenAI's openapi.yaml).

use serde_json::{json, Value};
use switchyard_core::ir::{ChatResponse, ContentBlock, StopReason, StreamChunk, Usage};
use switchyard_core::translate::{openai_chat, openai_stream, passthrough};

fn spec() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/schema/openai-chat-models.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("the trimmed spec is in the repo")).unwrap()
}

fn resolve<'a>(spec: &'a Value, schema: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(r) => resolve(spec, spec.pointer(r.trim_start_matches('#')).unwrap_or_else(|| panic!("no {r}"))),
        None => schema,
    }
}

/// Every required field missing from `value` under `schema`, with its path; follows properties, items, allOf,
/// and the anyOf/oneOf branch that fits best (null fits a null branch).
fn missing(spec: &Value, schema: &Value, value: &Value, at: &str) -> Vec<String> {
    let schema = resolve(spec, schema);
    if let Some(branches) = schema.get("anyOf").or_else(|| schema.get("oneOf")).and_then(Value::as_array) {
        if value.is_null() && branches.iter().any(|b| resolve(spec, b)["type"] == "null") {
            return vec![];
        }
        return branches
            .iter()
            .filter(|b| resolve(spec, b)["type"] != "null")
            .map(|b| missing(spec, b, value, at))
            .min_by_key(Vec::len)
            .unwrap_or_default();
    }
    let mut out: Vec<String> = schema
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .flat_map(|b| missing(spec, b, value, at))
        .collect();
    if let Some(obj) = value.as_object() {
        for key in schema.get("required").and_then(Value::as_array).into_iter().flatten() {
            let key = key.as_str().unwrap();
            if !obj.contains_key(key) {
                out.push(format!("{at}.{key}"));
            }
        }
        for (key, sub) in schema.get("properties").and_then(Value::as_object).into_iter().flatten() {
            if let Some(v) = obj.get(key) {
                out.extend(missing(spec, sub, v, &format!("{at}.{key}")));
            }
        }
    }
    if let (Some(items), Some(values)) = (schema.get("items"), value.as_array()) {
        for (i, v) in values.iter().enumerate() {
            out.extend(missing(spec, items, v, &format!("{at}[{i}]")));
        }
    }
    out
}

fn schema(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

fn answers() -> Vec<ChatResponse> {
    let usage = Usage { input_tokens: 5, output_tokens: 2, ..Default::default() };
    let answer = |content: Vec<ContentBlock>, stop| ChatResponse {
        id: Some("chatcmpl-1".into()),
        model: Some("m".into()),
        content,
        stop_reason: Some(stop),
        usage,
        raw: None,
    };
    vec![
        answer(vec![ContentBlock::Text { text: "Hello".into() }], StopReason::EndTurn),
        answer(vec![], StopReason::MaxTokens),
        answer(
            vec![
                ContentBlock::Thinking { text: "hmm".into(), signature: None },
                ContentBlock::ToolUse { id: "call_1".into(), name: "f".into(), input: json!({ "a": 1 }) },
            ],
            StopReason::ToolUse,
        ),
    ]
}

#[test]
fn a_whole_answer_has_every_required_field() {
    let spec = spec();
    let required = resolve(&spec, &schema("CreateChatCompletionResponse"))["required"].clone();
    assert!(required.as_array().is_some_and(|r| r.len() >= 5), "the spec lists what is required: {required}");
    for answer in answers() {
        let body = openai_chat::response_body(&answer, "oa/m", 1);
        let gaps = missing(&spec, &schema("CreateChatCompletionResponse"), &body, "$");
        assert!(gaps.is_empty(), "missing {gaps:?} in {body}");
    }
}

#[test]
fn a_forwarded_answer_that_left_fields_out_has_them_once_completed() {
    let spec = spec();
    let bare = r#"{"id":"c1","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"hi"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}"#;
    let before = missing(&spec, &schema("CreateChatCompletionResponse"), &serde_json::from_str(bare).unwrap(), "$");
    assert_eq!(before, ["$.choices[0].logprobs", "$.choices[0].message.refusal"]);
    let completed: Value = serde_json::from_str(&passthrough::with_required_choice_fields(bare).unwrap()).unwrap();
    assert_eq!(missing(&spec, &schema("CreateChatCompletionResponse"), &completed, "$"), Vec::<String>::new());
}

#[test]
fn every_stream_chunk_has_every_required_field() {
    let spec = spec();
    let mut e = openai_stream::Encoder::new("oa/m", 1, true);
    let mut chunks = vec![];
    for chunk in [
        StreamChunk::Start { id: Some("chatcmpl-1".into()), model: Some("m".into()) },
        StreamChunk::ThinkingDelta("hmm".into()),
        StreamChunk::TextDelta("Hel".into()),
        StreamChunk::TextDelta("lo".into()),
        StreamChunk::ToolCallDelta {
            index: 0,
            id: Some("call_1".into()),
            name: Some("f".into()),
            arguments: "{}".into(),
        },
        StreamChunk::Usage(Usage { input_tokens: 5, output_tokens: 2, ..Default::default() }),
        StreamChunk::Stop(StopReason::ToolUse),
    ] {
        chunks.extend(e.encode(chunk));
    }
    chunks.extend(e.finish());
    assert!(chunks.len() >= 5 && chunks.last().unwrap()["usage"].is_object(), "{chunks:?}");
    for chunk in chunks {
        let gaps = missing(&spec, &schema("CreateChatCompletionStreamResponse"), &chunk, "$");
        assert!(gaps.is_empty(), "missing {gaps:?} in {chunk}");
    }
}
