//! A caller's own request, for an upstream of the same dialect: the body is forwarded as it came, with only what
//! Switchyard must change (the target's model, streaming and usage options, a clamped `max_tokens`, and, for
//! Anthropic, system turns found inside `messages`). The body is edited at its top level only: every other value is
//! copied through as raw JSON text, never parsed into a tree, so fields Switchyard does not know survive untouched.

use std::collections::BTreeMap;

use serde_json::value::RawValue;
use serde_json::{json, Value};

use crate::error::{Error, Result};
use crate::ir::{ChatRequest, Original};

type Body = BTreeMap<String, Box<RawValue>>;

fn unreadable() -> Error {
    Error::invalid("malformed_json", "The request body is not a JSON object.")
}

fn raw(v: &impl serde::Serialize) -> Box<RawValue> {
    serde_json::value::to_raw_value(v).expect("plain JSON values always serialise")
}

fn read(original: &Original) -> Result<Body> {
    serde_json::from_slice(&original.body).map_err(|_| unreadable())
}

/// Writes `max_tokens` as the target gets it (clamped to the model's limit, or filled in), under the key the client
/// used.
fn set_max_tokens(body: &mut Body, keys: &[&str], max_tokens: Option<u32>) {
    let Some(max) = max_tokens else { return };
    let key = keys.iter().copied().find(|k| body.contains_key(*k)).unwrap_or(keys[0]);
    body.insert(key.to_owned(), raw(&max));
}

/// The body for an OpenAI-compatible upstream. A stream always asks for usage (the ledger needs it); whether the
/// client sees that chunk is decided when the stream is read.
pub fn openai_body(original: &Original, request: &ChatRequest, stream: bool) -> Result<Vec<u8>> {
    let mut body = read(original)?;
    body.insert("model".into(), raw(&request.model));
    if stream {
        body.insert("stream".into(), raw(&true));
        let mut options: serde_json::Map<String, Value> =
            body.get("stream_options").and_then(|v| serde_json::from_str(v.get()).ok()).unwrap_or_default();
        options.insert("include_usage".into(), json!(true));
        body.insert("stream_options".into(), raw(&options));
    } else {
        body.remove("stream");
        body.remove("stream_options");
    }
    set_max_tokens(&mut body, &["max_completion_tokens", "max_tokens"], request.max_tokens);
    serde_json::to_vec(&body).map_err(|e| Error::internal(e.to_string()))
}

/// The body for an Anthropic upstream.
pub fn anthropic_body(original: &Original, request: &ChatRequest, stream: bool) -> Result<Vec<u8>> {
    let mut body = read(original)?;
    body.insert("model".into(), raw(&request.model));
    if stream {
        body.insert("stream".into(), raw(&true));
    } else {
        body.remove("stream");
    }
    set_max_tokens(&mut body, &["max_tokens"], request.max_tokens);
    move_system_turns(&mut body)?;
    serde_json::to_vec(&body).map_err(|e| Error::internal(e.to_string()))
}

/// A forwarded whole answer with `usage` replaced: Switchyard's estimate when the upstream reported none, so a caller
/// never reads zero tokens for an answer that had some. Anything else in the body is left as it came.
pub fn with_usage(answer: &str, usage: &Value) -> Result<String> {
    let mut body: Body = serde_json::from_str(answer).map_err(|_| unreadable())?;
    body.insert("usage".into(), raw(usage));
    serde_json::to_string(&body).map_err(|e| Error::internal(e.to_string()))
}

/// A forwarded whole OpenAI answer with what the spec requires of each choice and an upstream may leave out
/// (`logprobs` and `message.refusal`, both null when there are none; `index`) filled in. An answer that has them
/// all is returned as it came.
pub fn with_required_choice_fields(answer: &str) -> Result<std::borrow::Cow<'_, str>> {
    let mut body: Body = serde_json::from_str(answer).map_err(|_| unreadable())?;
    let Some(choices) = body.get("choices") else { return Ok(answer.into()) };
    let Ok(mut choices) = serde_json::from_str::<Vec<Value>>(choices.get()) else { return Ok(answer.into()) };
    let mut filled = false;
    for (i, choice) in choices.iter_mut().enumerate() {
        let Some(choice) = choice.as_object_mut() else { continue };
        for (key, value) in [("index", json!(i)), ("logprobs", Value::Null)] {
            if !choice.contains_key(key) {
                choice.insert(key.into(), value);
                filled = true;
            }
        }
        if let Some(message) = choice.get_mut("message").and_then(Value::as_object_mut) {
            for key in ["content", "refusal"] {
                if !message.contains_key(key) {
                    message.insert(key.into(), Value::Null);
                    filled = true;
                }
            }
        }
    }
    if !filled {
        return Ok(answer.into());
    }
    body.insert("choices".into(), raw(&choices));
    serde_json::to_string(&body).map(Into::into).map_err(|e| Error::internal(e.to_string()))
}

#[derive(serde::Deserialize)]
struct Turn<'a> {
    #[serde(borrow)]
    role: Option<&'a str>,
}

/// Anthropic refuses `role: system` inside `messages` (Claude Code sends one to models it does not know): such
/// turns become blocks of the top-level `system`, cache_control and all, after the ones already there.
fn move_system_turns(body: &mut Body) -> Result<()> {
    let Some(messages) = body.get("messages") else { return Ok(()) };
    if !messages.get().contains("\"system\"") {
        return Ok(());
    }
    let turns: Vec<Box<RawValue>> = serde_json::from_str(messages.get()).map_err(|_| unreadable())?;
    let is_system = |t: &RawValue| serde_json::from_str::<Turn>(t.get()).is_ok_and(|t| t.role == Some("system"));
    if !turns.iter().any(|t| is_system(t)) {
        return Ok(());
    }
    let mut system: Vec<Value> = match body.get("system").map(|s| serde_json::from_str::<Value>(s.get())) {
        None => vec![],
        Some(Ok(Value::String(text))) => vec![json!({ "type": "text", "text": text })],
        Some(Ok(Value::Array(blocks))) => blocks,
        Some(Ok(Value::Null)) => vec![],
        Some(_) => return Err(Error::invalid("invalid_request_body", "`system` must be a string or an array.")),
    };
    let mut kept = Vec::with_capacity(turns.len());
    for turn in turns {
        if !is_system(&turn) {
            kept.push(turn);
            continue;
        }
        let turn: Value = serde_json::from_str(turn.get()).map_err(|_| unreadable())?;
        match turn.get("content") {
            Some(Value::String(text)) => system.push(json!({ "type": "text", "text": text })),
            Some(Value::Array(blocks)) => system.extend(blocks.iter().cloned()),
            _ => {}
        }
    }
    body.insert("system".into(), raw(&system));
    body.insert("messages".into(), raw(&kept));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::Wire;

    #[test]
    fn a_forwarded_answer_gets_the_choice_fields_the_spec_requires() {
        let bare = r#"{"id":"c1","object":"chat.completion","created":1,"model":"m","choices":[{"message":{"role":"assistant","content":"hi"},"finish_reason":"stop"}]}"#;
        let filled: Value = serde_json::from_str(&with_required_choice_fields(bare).unwrap()).unwrap();
        let choice = &filled["choices"][0];
        assert_eq!(
            (&choice["index"], &choice["logprobs"], &choice["message"]["refusal"]),
            (&json!(0), &Value::Null, &Value::Null)
        );
        assert_eq!((&choice["message"]["content"], &filled["id"]), (&json!("hi"), &json!("c1")), "the rest is kept");
        let complete = r#"{"choices":[{"index":0,"logprobs":null,"message":{"role":"assistant","content":"hi","refusal":null},"finish_reason":"stop"}]}"#;
        assert!(
            matches!(with_required_choice_fields(complete).unwrap(), std::borrow::Cow::Borrowed(_)),
            "left as it came"
        );
    }

    fn original(dialect: Wire, body: Value) -> Original {
        Original {
            dialect,
            body: serde_json::to_vec(&body).unwrap().into(),
            beta: None,
            include_usage: false,
            lost_crossing: vec![],
            strict: false,
            seeded: false,
        }
    }

    fn request(model: &str, max_tokens: Option<u32>) -> ChatRequest {
        ChatRequest { model: model.into(), max_tokens, ..Default::default() }
    }

    #[test]
    fn openai_bodies_keep_every_field_and_change_only_model_stream_and_limits() {
        let sent = json!({
            "model": "smart", "messages": [{"role": "developer", "content": "x"}], "n": 3, "seed": 7,
            "temperature": 0.2, "logprobs": true, "top_logprobs": 2, "max_completion_tokens": 90000,
            "response_format": {"type": "json_schema", "json_schema": {"name": "a", "schema": {}, "strict": true}},
            "future_field": {"nested": [1, 2.50, "x"]}, "stream_options": {"include_obfuscation": false}
        });
        let body: Value = serde_json::from_slice(
            &openai_body(&original(Wire::OpenAi, sent.clone()), &request("gpt-4o", Some(16384)), true).unwrap(),
        )
        .unwrap();
        assert_eq!(body["model"], "gpt-4o");
        assert_eq!(body["max_completion_tokens"], 16384, "clamped under the client's own key");
        assert!(body.get("max_tokens").is_none());
        assert_eq!(body["stream"], true);
        assert_eq!(body["stream_options"], json!({"include_obfuscation": false, "include_usage": true}));
        for key in ["messages", "n", "seed", "logprobs", "top_logprobs", "response_format", "future_field"] {
            assert_eq!(body[key], sent[key], "{key}");
        }
        let exact = Original {
            body: bytes::Bytes::from_static(
                br#"{"model":"a","temperature":0.2,"future_field":{"nested":[1,2.50,"x"]}}"#,
            ),
            ..original(Wire::OpenAi, sent)
        };
        let text = String::from_utf8(openai_body(&exact, &request("m", None), false).unwrap()).unwrap();
        assert!(text.contains(r#""temperature":0.2"#), "numbers keep their exact text: {text}");
        assert!(text.contains(r#"[1,2.50,"x"]"#), "unknown values are copied as they came: {text}");
        assert!(!text.contains("stream"), "{text}");
    }

    #[test]
    fn an_unchanged_limit_is_left_as_the_client_wrote_it() {
        let sent = json!({"model": "a", "messages": [], "max_tokens": 100});
        let body: Value = serde_json::from_slice(
            &openai_body(&original(Wire::OpenAi, sent), &request("b", Some(100)), false).unwrap(),
        )
        .unwrap();
        assert_eq!(body["max_tokens"], 100);
        assert!(body.get("max_completion_tokens").is_none());
    }

    #[test]
    fn anthropic_system_turns_move_into_system_with_their_cache_control() {
        let sent = json!({
            "model": "my-route", "max_tokens": 32000, "stream": true,
            "system": [{"type": "text", "text": "You are Claude Code.", "cache_control": {"type": "ephemeral"}}],
            "messages": [
                {"role": "system", "content": [{"type": "text", "text": "Extra rules", "cache_control": {"type": "ephemeral"}}]},
                {"role": "user", "content": [{"type": "text", "text": "hi", "cache_control": {"type": "ephemeral"}}]},
                {"role": "system", "content": "More"}
            ],
            "thinking": {"type": "enabled", "budget_tokens": 4000}, "context_management": {"edits": []},
            "tools": [{"name": "t", "input_schema": {"type": "object"}, "defer_loading": true, "cache_control": {"type": "ephemeral"}}]
        });
        let out =
            anthropic_body(&original(Wire::Anthropic, sent.clone()), &request("claude-sonnet-4-5", Some(32000)), true)
                .unwrap();
        let body: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(body["model"], "claude-sonnet-4-5");
        assert_eq!(body["system"].as_array().unwrap().len(), 3);
        assert_eq!(
            body["system"][1],
            json!({"type": "text", "text": "Extra rules", "cache_control": {"type": "ephemeral"}})
        );
        assert_eq!(body["system"][2], json!({"type": "text", "text": "More"}));
        assert_eq!(body["messages"], json!([sent["messages"][1]]));
        for key in ["thinking", "context_management", "tools", "max_tokens"] {
            assert_eq!(body[key], sent[key], "{key}");
        }
        let plain =
            json!({"model": "m", "max_tokens": 5, "system": "s", "messages": [{"role": "user", "content": "system"}]});
        let body: Value = serde_json::from_slice(
            &anthropic_body(&original(Wire::Anthropic, plain.clone()), &request("m", Some(5)), false).unwrap(),
        )
        .unwrap();
        assert_eq!(body, plain, "a user turn that says 'system' is not a system turn");
    }

    #[test]
    fn an_estimate_replaces_only_the_usage_of_a_forwarded_answer() {
        let answer = r#"{"id":"x","usage":{"input_tokens":0},"content":[{"type":"text","text":"hi"}],"extra":1.50}"#;
        let out = with_usage(answer, &json!({"input_tokens": 9})).unwrap();
        let v: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["usage"], json!({"input_tokens": 9}));
        assert_eq!(v["content"][0]["text"], "hi");
        assert!(out.contains(r#""extra":1.50"#), "{out}");
        assert!(with_usage("not json", &json!({})).is_err());
    }

    #[test]
    fn a_body_that_is_not_an_object_is_refused() {
        let o = Original { body: bytes::Bytes::from_static(b"[1]"), ..original(Wire::OpenAi, json!({})) };
        assert_eq!(openai_body(&o, &request("m", None), false).unwrap_err().code, "malformed_json");
    }
}
