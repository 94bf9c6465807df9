//! Every request field of both dialects and what becomes of it. To an upstream of the caller's own dialect every
//! field is forwarded as it came (`passthrough`), known or not. Across dialects a field is either mapped to its
//! counterpart through the IR, handled by Switchyard itself, or lost; lost fields are named to the caller (the
//! `x-switchyard-dropped-fields` header), or refuse the target when the route is strict. The lists are checked
//! against the official SDKs' request types (tests/sdk/test_fields.py), so a new field cannot go unclassified.

use serde::Serialize;
use serde_json::Value;

use crate::ir::Wire;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "rule", content = "to")]
pub enum Crossing {
    /// Carried to the other dialect's counterpart (named).
    Mapped(&'static str),
    /// Switchyard's own business: routing, streaming, the ledger.
    Handled(&'static str),
    /// The other dialect has nothing that does this.
    Lost,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct Field {
    pub name: &'static str,
    #[serde(flatten)]
    pub crossing: Crossing,
}

const fn mapped(name: &'static str, to: &'static str) -> Field {
    Field { name, crossing: Crossing::Mapped(to) }
}
const fn handled(name: &'static str, how: &'static str) -> Field {
    Field { name, crossing: Crossing::Handled(how) }
}
const fn lost(name: &'static str) -> Field {
    Field { name, crossing: Crossing::Lost }
}

/// Chat Completions request fields, as an Anthropic upstream would get them.
pub const OPENAI: &[Field] = &[
    handled("model", "resolved to a route or a provider's model"),
    handled("stream", "the gateway streams when the client does"),
    handled("stream_options", "include_usage decides whether the client gets the usage chunk"),
    mapped("messages", "messages; system and developer turns become system"),
    mapped("max_completion_tokens", "max_tokens"),
    mapped("max_tokens", "max_tokens"),
    mapped("temperature", "temperature"),
    mapped("top_p", "top_p"),
    mapped("stop", "stop_sequences"),
    mapped("tools", "tools (function tools)"),
    mapped("tool_choice", "tool_choice"),
    mapped("parallel_tool_calls", "tool_choice.disable_parallel_tool_use"),
    mapped("user", "metadata.user_id"),
    mapped("safety_identifier", "metadata.user_id"),
    mapped("n", "one answer; n above 1 is refused"),
    mapped("response_format", "output_config.format (json_schema)"),
    mapped("reasoning_effort", "thinking.budget_tokens"),
    lost("audio"),
    lost("frequency_penalty"),
    lost("function_call"),
    lost("functions"),
    lost("logit_bias"),
    lost("logprobs"),
    lost("metadata"),
    lost("modalities"),
    lost("moderation"),
    lost("prediction"),
    lost("presence_penalty"),
    lost("prompt_cache_key"),
    lost("prompt_cache_options"),
    lost("prompt_cache_retention"),
    lost("seed"),
    lost("service_tier"),
    lost("store"),
    lost("top_logprobs"),
    lost("verbosity"),
    lost("web_search_options"),
];

/// Messages request fields (the SDK's base and beta params, and the sampling fields older clients still send), as
/// an OpenAI-compatible upstream would get them.
pub const ANTHROPIC: &[Field] = &[
    handled("model", "resolved to a route or a provider's model"),
    handled("stream", "the gateway streams when the client does"),
    handled("betas", "sent by the SDK as the anthropic-beta header"),
    mapped("messages", "messages; system turns become system messages"),
    mapped("system", "system messages"),
    mapped("max_tokens", "max_tokens"),
    mapped("temperature", "temperature"),
    mapped("top_p", "top_p"),
    mapped("stop_sequences", "stop"),
    mapped("tools", "tools (custom tools)"),
    mapped("tool_choice", "tool_choice and parallel_tool_calls"),
    mapped("metadata", "user (metadata.user_id)"),
    mapped("thinking", "reasoning_effort"),
    mapped("output_config", "reasoning_effort (effort) and response_format (format)"),
    lost("billing_policy"),
    lost("cache_control"),
    lost("compaction"),
    lost("container"),
    lost("context_management"),
    lost("diagnostics"),
    lost("fallback_credit_token"),
    lost("fallbacks"),
    lost("inference_geo"),
    lost("mcp_servers"),
    lost("service_tier"),
    lost("speed"),
    lost("thread"),
    lost("top_k"),
    lost("user_profile_id"),
    lost("workspace_id"),
];

pub fn table(dialect: Wire) -> &'static [Field] {
    match dialect {
        Wire::OpenAi => OPENAI,
        Wire::Anthropic => ANTHROPIC,
        // No client speaks Gemini to the gateway: nothing arrives in it.
        Wire::Gemini => &[],
    }
}

/// What a request in `dialect` would lose on an upstream of the other dialect, as dotted paths: lost and unknown
/// top-level fields, and the parts of mapped fields that have no counterpart (`tools[].defer_loading`,
/// `messages[].content[].cache_control`, `response_format.json_object`…). Sorted, each path once.
pub fn lost_crossing(dialect: Wire, body: &Value) -> Vec<String> {
    let mut lost = Vec::new();
    let Some(object) = body.as_object() else { return lost };
    for (key, value) in object {
        if value.is_null() {
            continue;
        }
        match table(dialect).iter().find(|f| f.name == key) {
            None => lost.push(key.clone()),
            Some(f) if f.crossing == Crossing::Lost => lost.push(key.clone()),
            Some(_) => match dialect {
                Wire::OpenAi => openai_parts(key, value, &mut lost),
                Wire::Anthropic => anthropic_parts(key, value, &mut lost),
                Wire::Gemini => {}
            },
        }
    }
    lost.sort();
    lost.dedup();
    lost
}

fn each(v: &Value) -> impl Iterator<Item = &Value> {
    v.as_array().into_iter().flatten()
}

fn extra_keys(path: &str, v: &Value, known: &[&str], lost: &mut Vec<String>) {
    for key in v.as_object().into_iter().flat_map(|o| o.keys()) {
        if !known.contains(&key.as_str()) {
            lost.push(format!("{path}.{key}"));
        }
    }
}

fn openai_parts(key: &str, v: &Value, lost: &mut Vec<String>) {
    match key {
        "stream_options" => extra_keys("stream_options", v, &["include_usage"], lost),
        "response_format" if v["type"] == "json_object" => lost.push("response_format.json_object".into()),
        "tools" => {
            for tool in each(v) {
                if tool["type"] != "function" {
                    lost.push(format!("tools[].type={}", tool["type"].as_str().unwrap_or("?")));
                }
                extra_keys(
                    "tools[].function",
                    &tool["function"],
                    &["name", "description", "parameters", "strict"],
                    lost,
                );
            }
        }
        "tool_choice" if v["type"] == "allowed_tools" || v["type"] == "custom" => {
            lost.push(format!("tool_choice.type={}", v["type"].as_str().unwrap_or("?")))
        }
        "messages" => {
            for m in each(v) {
                let role = m["role"].as_str().unwrap_or("?");
                if !matches!(role, "system" | "developer" | "user" | "assistant" | "tool") {
                    lost.push(format!("messages[].role={role}"));
                }
                for part in each(&m["content"]) {
                    let kind = part["type"].as_str().unwrap_or("?");
                    if !matches!(kind, "text" | "image_url") {
                        lost.push(format!("messages[].content[].type={kind}"));
                    }
                }
                for k in ["audio", "refusal", "name", "function_call"] {
                    if m.get(k).is_some_and(|x| !x.is_null()) {
                        lost.push(format!("messages[].{k}"));
                    }
                }
            }
        }
        _ => {}
    }
}

const ANTHROPIC_BLOCKS: &[&str] = &["text", "image", "tool_use", "tool_result", "thinking", "redacted_thinking"];

fn anthropic_parts(key: &str, v: &Value, lost: &mut Vec<String>) {
    match key {
        "system" if each(v).any(|b| b.get("cache_control").is_some()) => lost.push("system[].cache_control".into()),
        "messages" => {
            for block in each(v).flat_map(|m| each(&m["content"])) {
                let kind = block["type"].as_str().unwrap_or("?");
                if !ANTHROPIC_BLOCKS.contains(&kind) {
                    lost.push(format!("messages[].content[].type={kind}"));
                }
                if block.get("cache_control").is_some() {
                    lost.push("messages[].content[].cache_control".into());
                }
                if kind == "redacted_thinking" {
                    lost.push("messages[].content[].type=redacted_thinking".into());
                }
            }
        }
        "tools" => {
            for tool in each(v) {
                match tool["type"].as_str() {
                    None | Some("custom") => {}
                    Some(other) => lost.push(format!("tools[].type={other}")),
                }
                extra_keys("tools[]", tool, &["name", "description", "input_schema", "strict", "type"], lost);
            }
        }
        "thinking" => extra_keys("thinking", v, &["type", "budget_tokens"], lost),
        "output_config" => extra_keys("output_config", v, &["effort", "format"], lost),
        "metadata" => extra_keys("metadata", v, &["user_id"], lost),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn each_dialect_lists_each_field_once() {
        for dialect in [Wire::OpenAi, Wire::Anthropic] {
            let mut names: Vec<_> = table(dialect).iter().map(|f| f.name).collect();
            let count = names.len();
            names.sort();
            names.dedup();
            assert_eq!(names.len(), count, "{dialect:?} lists a field twice");
        }
    }

    #[test]
    fn openai_fields_lost_to_anthropic_are_named_and_mapped_ones_are_not() {
        let body = json!({
            "model": "m", "stream": true, "stream_options": {"include_usage": true, "include_obfuscation": true},
            "messages": [{"role": "user", "content": [{"type": "text", "text": "x"}, {"type": "input_audio"}]}],
            "seed": 1, "logprobs": true, "presence_penalty": 0.5, "temperature": 0.2, "n": 1,
            "response_format": {"type": "json_object"}, "reasoning_effort": "low", "tools": [
                {"type": "function", "function": {"name": "f", "parameters": {}, "strict": true}},
                {"type": "custom", "custom": {"name": "g"}}],
            "totally_new": 1, "user": null
        });
        assert_eq!(
            lost_crossing(Wire::OpenAi, &body),
            [
                "logprobs",
                "messages[].content[].type=input_audio",
                "presence_penalty",
                "response_format.json_object",
                "seed",
                "stream_options.include_obfuscation",
                "tools[].type=custom",
                "totally_new",
            ]
        );
    }

    #[test]
    fn nested_parts_are_named_only_when_the_other_dialect_has_no_place_for_them() {
        let openai = |extra: Value| {
            let mut body = json!({"model": "m", "messages": [{"role": "user", "content": "x"}]});
            body.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
            lost_crossing(Wire::OpenAi, &body)
        };
        let none: Vec<String> = vec![];
        assert_eq!(openai(json!({"response_format": {"type": "json_schema", "json_schema": {}}})), none);
        assert_eq!(openai(json!({"tool_choice": "auto"})), none);
        assert_eq!(openai(json!({"tool_choice": {"type": "function", "function": {"name": "f"}}})), none);
        assert_eq!(openai(json!({"tool_choice": {"type": "allowed_tools"}})), ["tool_choice.type=allowed_tools"]);
        assert_eq!(openai(json!({"tool_choice": {"type": "custom"}})), ["tool_choice.type=custom"]);
        let messages = json!({"messages": [
            {"role": "user", "content": "x", "name": "ann"},
            {"role": "assistant", "content": "y", "refusal": null, "audio": {"id": "a1"}},
            {"role": "function", "content": "z"}
        ]});
        assert_eq!(openai(messages), ["messages[].audio", "messages[].name", "messages[].role=function"]);

        let anthropic = |extra: Value| {
            let mut body = json!({"model": "m", "max_tokens": 1, "messages": [{"role": "user", "content": "x"}]});
            body.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
            lost_crossing(Wire::Anthropic, &body)
        };
        assert_eq!(anthropic(json!({"metadata": {"user_id": "u"}, "output_config": {"effort": "low"}})), none);
        assert_eq!(anthropic(json!({"metadata": {"user_id": "u", "tenant": "t"}})), ["metadata.tenant"]);
        assert_eq!(
            anthropic(json!({"output_config": {"effort": "low", "task_budget": 5}})),
            ["output_config.task_budget"]
        );
        assert_eq!(anthropic(json!({"tools": [{"name": "t", "input_schema": {}, "type": "custom"}]})), none);
    }

    #[test]
    fn what_claude_code_sends_loses_caching_and_beta_fields_on_an_openai_upstream() {
        let body = json!({
            "model": "r", "max_tokens": 32000, "stream": true,
            "system": [{"type": "text", "text": "s", "cache_control": {"type": "ephemeral"}}],
            "messages": [{"role": "user", "content": [{"type": "text", "text": "x", "cache_control": {"type": "ephemeral"}}]}],
            "tools": [{"name": "t", "input_schema": {}, "defer_loading": true, "cache_control": {"type": "ephemeral"}},
                      {"type": "web_search_20250305", "name": "web_search"}],
            "thinking": {"type": "enabled", "budget_tokens": 4000, "display": "summarized"},
            "context_management": {"edits": []}, "top_k": 5, "metadata": {"user_id": "u"}
        });
        assert_eq!(
            lost_crossing(Wire::Anthropic, &body),
            [
                "context_management",
                "messages[].content[].cache_control",
                "system[].cache_control",
                "thinking.display",
                "tools[].cache_control",
                "tools[].defer_loading",
                "tools[].type=web_search_20250305",
                "top_k",
            ]
        );
        assert!(lost_crossing(Wire::Anthropic, &json!({"model": "m", "max_tokens": 1, "messages": []})).is_empty());
    }
}
