//! What real clients need from the gateway, checked on what the upstream received and what the client got back:
//! every stream ends, every field is forwarded or mapped or reported, choices stay apart, requests the real APIs
//! refuse are refused, ids and model names in the caller's dialect.

mod harness;
#[path = "../../core/tests/support/mod.rs"]
mod support;

use harness::{events, json_events, Gateway};
use serde_json::{json, Value};
use support::capture::{Captured, Reply};
use switchyard_core::providers::registry::ProviderInput;

const OPENAI_TEXT: &str = "data: {\"id\":\"chatcmpl-u1\",\"model\":\"gpt-4o-2024\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hi\"}}]}\n\n\
data: {\"id\":\"chatcmpl-u1\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n\
data: {\"id\":\"chatcmpl-u1\",\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1}}\n\ndata: [DONE]\n\n";

const ANTHROPIC_TEXT: &str = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_u1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-2025\",\"content\":[],\"usage\":{\"input_tokens\":5,\"output_tokens\":0}}}\n\n\
event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n\
event: ping\ndata: {\"type\":\"ping\"}\n\n\
event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}\n\n\
event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n\
event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":1}}\n\n\
event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";

fn openai_text(r: &Captured) -> Reply {
    if r.body["stream"] == true {
        Reply::sse(OPENAI_TEXT)
    } else {
        Reply::json(
            r#"{"id":"chatcmpl-u1","object":"chat.completion","model":"gpt-4o-2024","choices":[{"index":0,"message":{"role":"assistant","content":"Hi"},"finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":1},"system_fingerprint":"fp_1"}"#,
        )
    }
}

fn anthropic_text(r: &Captured) -> Reply {
    if r.body["stream"] == true {
        Reply::sse(ANTHROPIC_TEXT)
    } else {
        Reply::json(
            r#"{"id":"msg_u1","type":"message","role":"assistant","model":"claude-2025","content":[{"type":"text","text":"Hi"}],"stop_reason":"end_turn","usage":{"input_tokens":5,"output_tokens":1}}"#,
        )
    }
}

fn openai_ask(model: &str, stream: bool) -> Value {
    json!({"model": model, "stream": stream, "messages": [{"role": "user", "content": "hello"}]})
}

fn anthropic_ask(model: &str, stream: bool) -> Value {
    json!({"model": model, "stream": stream, "max_tokens": 100, "messages": [{"role": "user", "content": "hello"}]})
}

// ---- 1. every stream ends

const EMPTY_SHAPES: &[(&str, &str, &str)] = &[
    ("oa", "role then [DONE]", "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"}}]}\n\ndata: [DONE]\n\n"),
    (
        "oa",
        "role, usage, [DONE]",
        "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"}}]}\n\n\
         data: {\"id\":\"c\",\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":0}}\n\ndata: [DONE]\n\n",
    ),
    (
        "an",
        "message_start then message_stop",
        "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"model\":\"m\",\"usage\":{\"input_tokens\":3,\"output_tokens\":0}}}\n\n\
         event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n",
    ),
    (
        "an",
        "one empty block at index 1",
        "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"model\":\"m\",\"usage\":{\"input_tokens\":3,\"output_tokens\":0}}}\n\n\
         event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n\
         event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":1}\n\n\
         event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":0}}\n\n\
         event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n",
    ),
];

fn empty_shape(r: &Captured) -> Reply {
    let shape =
        r.body["messages"][0]["content"].as_str().or_else(|| r.body["messages"][0]["content"][0]["text"].as_str());
    let body = EMPTY_SHAPES.iter().find(|(_, name, _)| Some(*name) == shape).map(|(_, _, b)| *b).unwrap_or("");
    Reply::sse(body)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn streams_with_no_content_end_as_complete_empty_answers_in_both_dialects_even_when_shared() {
    let gw = Gateway::start(empty_shape, empty_shape).await;
    for (provider, shape, upstream_body) in EMPTY_SHAPES {
        let model = format!("{provider}/m");
        let mut openai = openai_ask(&model, true);
        openai["messages"][0]["content"] = json!(shape);
        let mut anthropic = anthropic_ask(&model, true);
        anthropic["messages"][0]["content"] = json!(shape);
        // Two identical requests at once share one upstream call (the coalescer's pump): both must end.
        let (a, b, c) = tokio::join!(
            gw.post("/v1/chat/completions", &openai, &[]),
            gw.post("/v1/chat/completions", &openai, &[]),
            gw.post("/v1/messages", &anthropic, &[]),
        );
        for r in [a, b] {
            assert_eq!(r.status(), 200, "{shape}");
            let text = r.text().await.unwrap();
            let evs = events(&text);
            assert_eq!(evs.last().map(|e| e.1.as_str()), Some("[DONE]"), "{shape}: an OpenAI stream ends with [DONE]");
            let chunks: Vec<Value> = evs.iter().filter_map(|(_, d)| serde_json::from_str(d).ok()).collect();
            assert!(chunks.iter().all(|c| c.get("error").is_none()), "{shape}: no error");
            if *provider == "oa" {
                // The client asked for no usage chunk, so only that one is held back.
                let shown: String = upstream_body
                    .split("\n\n")
                    .filter(|e| !e.contains(r#""choices":[]"#))
                    .map(|e| format!("{e}\n\n"))
                    .collect();
                assert_eq!(text.trim_end(), shown.trim_end(), "{shape}: the upstream's own stream");
            } else {
                assert!(
                    chunks.iter().any(|c| c["choices"][0]["finish_reason"].is_string()),
                    "{shape}: a finish reason"
                );
            }
        }
        assert_eq!(c.status(), 200, "{shape}");
        let text = c.text().await.unwrap();
        if *provider == "an" {
            assert_eq!(text, *upstream_body, "{shape}: the upstream's own stream");
        }
        let evs = events(&text);
        let names: Vec<&str> = evs.iter().filter_map(|(n, _)| n.as_deref()).filter(|n| *n != "ping").collect();
        assert_eq!(names.first(), Some(&"message_start"), "{shape}");
        assert_eq!(names.last(), Some(&"message_stop"), "{shape}: an Anthropic stream ends with message_stop");
        assert!(!names.contains(&"error"), "{shape}");
    }
}

// ---- 2. Claude Code's real request shape, to both upstream kinds

fn claude_code_request(model: &str) -> Value {
    json!({
        "model": model, "max_tokens": 32000, "stream": true,
        "system": [{"type": "text", "text": "You are Claude Code.", "cache_control": {"type": "ephemeral"}}],
        "messages": [
            {"role": "system", "content": [{"type": "text", "text": "Project rules", "cache_control": {"type": "ephemeral"}}]},
            {"role": "user", "content": [{"type": "text", "text": "fix the bug", "cache_control": {"type": "ephemeral"}}]}
        ],
        "thinking": {"type": "enabled", "budget_tokens": 10000},
        "tools": [{"name": "Read", "description": "Read a file", "input_schema": {"type": "object", "properties": {"path": {"type": "string"}}},
                   "defer_loading": true, "cache_control": {"type": "ephemeral"}}],
        "context_management": {"edits": [{"type": "clear_tool_uses_20250919"}]},
        "metadata": {"user_id": "user_abc"}
    })
}

const BETA: &str = "claude-code-20250219,interleaved-thinking-2025-05-14,context-management-2025-06-27";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn claude_code_through_a_route_keeps_thinking_caching_and_betas_on_anthropic() {
    let gw = Gateway::start(openai_text, anthropic_text).await;
    let providers = gw.core.list_providers().await.unwrap();
    let an = providers.iter().find(|p| p.name == "an").unwrap().id.clone();
    let target = |model: &str| switchyard_core::router::route::RouteTarget {
        provider_id: an.clone(),
        model: model.into(),
        weight: 1,
    };
    let route = switchyard_core::router::route::Route {
        name: "my big brain".into(),
        strategy: switchyard_core::router::route::Strategy::Priority,
        targets: vec![target("claude-opus-4-1")],
        strict: false,
        cache: None,
        cache_tool_calls: false,
    };
    gw.core.save_route(route).await.unwrap();

    let sent = claude_code_request("my big brain");
    let r = gw.post("/v1/messages", &sent, &[("anthropic-beta", BETA), ("anthropic-version", "2023-06-01")]).await;
    assert_eq!(r.status(), 200);
    assert!(r.headers().get("x-switchyard-dropped-fields").is_none(), "nothing is lost within a dialect");
    let body = r.text().await.unwrap();
    assert_eq!(body, ANTHROPIC_TEXT, "the upstream's stream, event by event, pings included");

    let got = gw.an.last();
    assert_eq!(got.header("anthropic-beta"), Some(BETA));
    assert_eq!(got.body["model"], "claude-opus-4-1");
    assert_eq!(got.body["max_tokens"], 32000, "claude-opus-4-1 can write 32000");
    for key in ["thinking", "tools", "context_management", "metadata"] {
        assert_eq!(got.body[key], sent[key], "{key} forwarded as sent");
    }
    assert_eq!(got.body["messages"], json!([sent["messages"][1]]), "the system turn left messages");
    assert_eq!(
        got.body["system"],
        json!([sent["system"][0], {"type": "text", "text": "Project rules", "cache_control": {"type": "ephemeral"}}]),
        "and joined system, cache_control kept"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn claude_code_on_an_openai_model_gets_an_anthropic_stream_and_is_told_what_was_lost() {
    let gw = Gateway::start(openai_text, anthropic_text).await;
    let r = gw.post("/v1/messages", &claude_code_request("oa/deepseek-chat"), &[("anthropic-beta", BETA)]).await;
    assert_eq!(r.status(), 200);
    let dropped = r.headers()["x-switchyard-dropped-fields"].to_str().unwrap().to_owned();
    for field in ["context_management", "system[].cache_control", "tools[].defer_loading", "anthropic-beta (header)"] {
        assert!(dropped.contains(field), "{field} missing from {dropped}");
    }
    assert_eq!(r.headers()["x-switchyard-served-by"], "oa/deepseek-chat");
    let evs = json_events(&r.text().await.unwrap());
    assert_eq!(evs[0]["message"]["id"], "msg_u1", "an Anthropic message id");
    assert_eq!(evs[0]["message"]["model"], "oa/deepseek-chat", "the model the client asked for");

    let got = gw.oa.last();
    assert_eq!(got.body["model"], "deepseek-chat");
    assert_eq!(got.body["max_tokens"], 8192, "32000 clamped to deepseek-chat's limit");
    assert_eq!(got.body["reasoning_effort"], "medium", "a 10000-token thinking budget");
    assert_eq!(got.body["user"], "user_abc");
    let messages = got.body["messages"].as_array().unwrap();
    assert_eq!(messages[0], json!({"role": "system", "content": "You are Claude Code."}));
    assert_eq!(messages[1], json!({"role": "system", "content": "Project rules"}));
    assert_eq!(messages[2]["role"], "user");
    assert!(got.header("anthropic-beta").is_none());
    for lost in ["context_management", "thinking", "metadata"] {
        assert!(got.body.get(lost).is_none(), "{lost} has no OpenAI form");
    }
}

// ---- 3. several choices

const THREE_CHOICES: &str = "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"A\"}},{\"index\":1,\"delta\":{\"role\":\"assistant\",\"content\":\"B\"}}]}\n\n\
data: {\"id\":\"c\",\"choices\":[{\"index\":2,\"delta\":{\"content\":\"C\"}},{\"index\":0,\"delta\":{\"content\":\"a\"}}]}\n\n\
data: {\"id\":\"c\",\"choices\":[{\"index\":1,\"delta\":{\"content\":\"b\"},\"finish_reason\":\"stop\"},{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"},{\"index\":2,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n\
data: [DONE]\n\n";

fn choices(r: &Captured) -> Reply {
    if r.body["stream"] == true {
        Reply::sse(THREE_CHOICES)
    } else {
        Reply::json(
            r#"{"id":"c","object":"chat.completion","model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"one"},"finish_reason":"stop"},{"index":1,"message":{"role":"assistant","content":"two"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":2}}"#,
        )
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn several_choices_stay_apart_for_openai_clients_and_are_refused_where_they_cannot_be() {
    let gw = Gateway::start(choices, anthropic_text).await;
    let mut ask = openai_ask("oa/gpt-4o", true);
    ask["n"] = json!(3);
    let r = gw.post("/v1/chat/completions", &ask, &[]).await;
    let mut texts = [String::new(), String::new(), String::new()];
    for chunk in json_events(&r.text().await.unwrap()) {
        for c in chunk["choices"].as_array().unwrap() {
            texts[c["index"].as_u64().unwrap() as usize].push_str(c["delta"]["content"].as_str().unwrap_or(""));
        }
    }
    assert_eq!(texts, ["Aa", "Bb", "C"]);
    assert_eq!(gw.oa.last().body["n"], 3);

    let mut whole = openai_ask("oa/gpt-4o", false);
    whole["n"] = json!(2);
    let v: Value = gw.post("/v1/chat/completions", &whole, &[]).await.json().await.unwrap();
    assert_eq!(v["choices"].as_array().unwrap().len(), 2);
    assert_eq!(gw.oa.last().body["n"], 2);

    let mut to_anthropic = openai_ask("an/claude-sonnet-4-5", false);
    to_anthropic["n"] = json!(2);
    let r = gw.post("/v1/chat/completions", &to_anthropic, &[]).await;
    assert_eq!(r.status(), 400);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["error"]["code"], "n_not_supported");
    assert!(gw.an.requests().is_empty(), "nothing was sent");

    // An Anthropic client answered by an OpenAI upstream that writes several choices gets the first one.
    let r = gw.post("/v1/messages", &anthropic_ask("oa/gpt-4o", true), &[]).await;
    let text: String = json_events(&r.text().await.unwrap())
        .iter()
        .filter_map(|e| e.pointer("/delta/text").and_then(Value::as_str).map(str::to_owned))
        .collect();
    assert_eq!(text, "Aa");
}

// ---- 4. every field of a dialect reaches an upstream of the same dialect

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn openai_to_openai_forwards_every_field_with_exact_numbers() {
    let gw = Gateway::start(openai_text, anthropic_text).await;
    let sent = r#"{"model":"oa/gpt-4o","messages":[{"role":"developer","content":"Be terse."},{"role":"user","content":"hi"}],
        "n":1,"seed":42,"temperature":0.2,"top_p":0.9,"presence_penalty":0.5,"frequency_penalty":0.25,"logprobs":true,
        "top_logprobs":3,"parallel_tool_calls":false,"reasoning_effort":"low","max_completion_tokens":500,
        "response_format":{"type":"json_schema","json_schema":{"name":"answer","schema":{"type":"object"},"strict":true}},
        "tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object"},"strict":true}}],
        "logit_bias":{"50256":-100},"store":false,"metadata":{"k":"v"},"service_tier":"flex","verbosity":"low",
        "prompt_cache_key":"pk","safety_identifier":"sid","some_future_field":{"x":[1,2.50]}}"#;
    let r = gw
        .http
        .post(format!("http://{}/v1/chat/completions", gw.addr))
        .bearer_auth(&gw.key)
        .header("content-type", "application/json")
        .body(sent)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.headers().get("x-switchyard-dropped-fields").is_none());
    let answer: Value = r.json().await.unwrap();
    assert_eq!(answer["system_fingerprint"], "fp_1", "the upstream's answer as it came");
    let got = gw.oa.last();
    let sent: Value = serde_json::from_str(sent).unwrap();
    for (key, value) in sent.as_object().unwrap() {
        if key != "model" {
            assert_eq!(&got.body[key], value, "{key}");
        }
    }
    assert_eq!(got.body["model"], "gpt-4o");
    assert!(got.raw.contains(r#""temperature":0.2"#) && got.raw.contains("2.50"), "numbers as written: {}", got.raw);
    assert!(got.body.get("max_tokens").is_none(), "max_completion_tokens is not rewritten");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_strict_request_refuses_a_target_that_would_lose_fields() {
    let gw = Gateway::start(openai_text, anthropic_text).await;
    let mut ask = openai_ask("an/claude-sonnet-4-5", false);
    ask["seed"] = json!(1);
    ask["logprobs"] = json!(true);
    let lenient = gw.post("/v1/chat/completions", &ask, &[]).await;
    assert_eq!(lenient.status(), 200);
    assert_eq!(lenient.headers()["x-switchyard-dropped-fields"], "logprobs, seed");
    assert!(gw.an.last().body.get("seed").is_none());

    let strict = gw.post("/v1/chat/completions", &ask, &[("x-switchyard-strict", "true")]).await;
    assert_eq!(strict.status(), 400);
    let v: Value = strict.json().await.unwrap();
    assert_eq!(v["error"]["code"], "fields_not_representable");
    assert!(v["error"]["message"].as_str().unwrap().contains("logprobs, seed"), "{v}");
    assert_eq!(gw.an.requests().len(), 1, "the strict request was not sent");
}

// ---- 5. what the real APIs refuse

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_the_real_apis_refuse_are_refused_in_the_callers_shape() {
    let gw = Gateway::start(openai_text, anthropic_text).await;
    let r = gw.post("/v1/chat/completions", &json!({"model": "oa/m", "messages": []}), &[]).await;
    assert_eq!(r.status(), 400);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["error"]["type"], "invalid_request_error");
    assert!(v["error"]["trace_id"].is_string());

    let r = gw.post("/v1/messages", &json!({"model": "an/m", "max_tokens": 5, "messages": []}), &[]).await;
    assert_eq!(r.status(), 400);
    let r =
        gw.post("/v1/messages", &json!({"model": "an/m", "messages": [{"role": "user", "content": "x"}]}), &[]).await;
    assert_eq!(r.status(), 400);
    let v: Value = r.json().await.unwrap();
    assert_eq!((v["type"].as_str(), v["code"].as_str()), (Some("error"), Some("max_tokens_required")));

    let r = gw
        .post(
            "/v1/messages",
            &json!({"model": "an/m", "max_tokens": 5, "messages": [{"role": "wizard", "content": "x"}]}),
            &[],
        )
        .await;
    let message = r.json::<Value>().await.unwrap()["error"]["message"].as_str().unwrap().to_owned();
    assert!(message.contains("'wizard'") && !message.contains("Some("), "no Debug text: {message}");

    let count = |model: &str| json!({"model": model, "messages": [{"role": "user", "content": "count me"}]});
    let r = gw.post("/v1/messages/count_tokens", &count("nobody-has-this"), &[]).await;
    assert_eq!(r.status(), 404);
    assert_eq!(r.json::<Value>().await.unwrap()["error"]["type"], "not_found_error");
    let r = gw.post("/v1/messages/count_tokens", &count("an/claude-sonnet-4-5"), &[]).await;
    assert_eq!(r.status(), 200);
    assert!(r.json::<Value>().await.unwrap()["input_tokens"].as_u64().unwrap() > 0);
    assert!(gw.an.requests().is_empty() && gw.oa.requests().is_empty(), "nothing refused reached an upstream");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn max_tokens_above_the_models_limit_is_clamped_by_default() {
    let gw = Gateway::start(openai_text, anthropic_text).await;
    let mut ask = anthropic_ask("an/claude-3-5-haiku-20241022", false);
    ask["max_tokens"] = json!(32000);
    assert_eq!(gw.post("/v1/messages", &ask, &[]).await.status(), 200);
    assert_eq!(gw.an.last().body["max_tokens"], 8192);
    let mut ask = openai_ask("oa/gpt-4o-mini", false);
    ask["max_tokens"] = json!(100000);
    assert_eq!(gw.post("/v1/chat/completions", &ask, &[]).await.status(), 200);
    assert_eq!(gw.oa.last().body["max_tokens"], 16384, "under the key the client used");
}

// ---- 8. ids and model in the caller's dialect, mapped back on the next turn

fn openai_tool_call(r: &Captured) -> Reply {
    if r.body["stream"] == true {
        Reply::sse("data: {\"id\":\"chatcmpl-9\",\"model\":\"gpt-4o-2024\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"tool_calls\":[{\"index\":0,\"id\":\"call_abc\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]}}]}\n\n\
            data: {\"id\":\"chatcmpl-9\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}\n\ndata: [DONE]\n\n")
    } else {
        Reply::json(
            r#"{"id":"chatcmpl-9","object":"chat.completion","model":"gpt-4o-2024","choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_abc","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]},"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":5,"completion_tokens":3}}"#,
        )
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn anthropic_clients_of_openai_upstreams_see_anthropic_ids_and_their_own_model_name() {
    let gw = Gateway::start(openai_tool_call, anthropic_text).await;
    let mut ask = anthropic_ask("oa/gpt-4o", false);
    ask["tools"] = json!([{"name": "get_weather", "input_schema": {"type": "object"}}]);
    let v: Value = gw.post("/v1/messages", &ask, &[]).await.json().await.unwrap();
    assert_eq!(v["id"], "msg_9");
    assert_eq!(v["model"], "oa/gpt-4o");
    assert_eq!(v["content"][0]["id"], "toolu_abc");

    let streamed = json_events(
        &gw.post(
            "/v1/messages",
            &{
                let mut s = ask.clone();
                s["stream"] = json!(true);
                s
            },
            &[],
        )
        .await
        .text()
        .await
        .unwrap(),
    );
    assert_eq!(streamed[0]["message"]["model"], "oa/gpt-4o");
    let block = streamed.iter().find(|e| e["type"] == "content_block_start").unwrap();
    assert_eq!(block["content_block"]["id"], "toolu_abc");

    ask["messages"] = json!([
        {"role": "user", "content": "weather?"},
        {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_abc", "name": "get_weather", "input": {"city": "Paris"}}]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_abc", "content": "18C"}]}
    ]);
    gw.post("/v1/messages", &ask, &[]).await.bytes().await.unwrap();
    let messages = gw.oa.last().body["messages"].clone();
    assert_eq!(messages[1]["tool_calls"][0]["id"], "call_abc", "the upstream's own id again");
    assert_eq!(messages[2], json!({"role": "tool", "tool_call_id": "call_abc", "content": "18C"}));
}

// ---- 7. /v1/models in each dialect's shape, routes first

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn models_are_listed_and_found_in_the_callers_shape_with_routes_and_errors_are_json() {
    let gw = Gateway::start(openai_text, anthropic_text).await;
    let oa = gw.core.list_providers().await.unwrap().into_iter().find(|p| p.name == "oa").unwrap();
    gw.core.set_provider_models(&oa.id, vec!["gpt-4o".into(), "gpt-4o-mini".into()]).await.unwrap();
    let target =
        switchyard_core::router::route::RouteTarget { provider_id: oa.id.clone(), model: "gpt-4o".into(), weight: 1 };
    let route = switchyard_core::router::route::Route {
        name: "smart".into(),
        strategy: switchyard_core::router::route::Strategy::Priority,
        targets: vec![target],
        strict: false,
        cache: None,
        cache_tool_calls: false,
    };
    gw.core.save_route(route).await.unwrap();
    let get = |path: &str, anthropic: bool| {
        let mut r = gw.http.get(format!("http://{}{path}", gw.addr)).bearer_auth(&gw.key);
        if anthropic {
            r = r.header("anthropic-version", "2023-06-01");
        }
        r.send()
    };

    let openai: Value = get("/v1/models", false).await.unwrap().json().await.unwrap();
    assert_eq!(openai["object"], "list");
    let ids: Vec<&str> = openai["data"].as_array().unwrap().iter().map(|m| m["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["smart", "oa/gpt-4o", "oa/gpt-4o-mini"]);
    assert_eq!(
        (openai["data"][1]["object"].as_str(), openai["data"][1]["owned_by"].as_str()),
        (Some("model"), Some("oa"))
    );

    let anthropic: Value = get("/v1/models?limit=2", true).await.unwrap().json().await.unwrap();
    assert_eq!(anthropic["data"][0]["type"], "model");
    assert!(anthropic["data"][0]["created_at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(
        (anthropic["has_more"].as_bool(), anthropic["first_id"].as_str(), anthropic["last_id"].as_str()),
        (Some(true), Some("smart"), Some("oa/gpt-4o"))
    );
    let rest: Value = get("/v1/models?limit=2&after_id=oa/gpt-4o", true).await.unwrap().json().await.unwrap();
    assert_eq!((rest["data"][0]["id"].as_str(), rest["has_more"].as_bool()), (Some("oa/gpt-4o-mini"), Some(false)));

    let one: Value = get("/v1/models/oa/gpt-4o-mini", true).await.unwrap().json().await.unwrap();
    assert_eq!(
        (one["type"].as_str(), one["id"].as_str(), one["display_name"].as_str()),
        (Some("model"), Some("oa/gpt-4o-mini"), Some("gpt-4o-mini"))
    );
    let route: Value = get("/v1/models/smart", false).await.unwrap().json().await.unwrap();
    assert_eq!((route["object"].as_str(), route["id"].as_str()), (Some("model"), Some("smart")));

    let missing = get("/v1/models/nope", true).await.unwrap();
    assert_eq!(missing.status(), 404);
    let trace = missing.headers()["x-switchyard-trace-id"].to_str().unwrap().to_owned();
    let v: Value = missing.json().await.unwrap();
    assert_eq!(
        (v["type"].as_str(), v["error"]["type"].as_str(), v["trace_id"].as_str()),
        (Some("error"), Some("not_found_error"), Some(trace.as_str()))
    );
    let missing: Value = get("/v1/models/nope", false).await.unwrap().json().await.unwrap();
    assert_eq!(missing["error"]["code"], "model_not_found");

    let nowhere = get("/v2/chat", false).await.unwrap();
    assert_eq!(nowhere.status(), 404);
    assert_eq!(nowhere.json::<Value>().await.unwrap()["error"]["code"], "no_such_endpoint");
    let wrong = gw.http.get(format!("http://{}/v1/messages", gw.addr)).send().await.unwrap();
    assert_eq!(wrong.status(), 405);
    let v: Value = wrong.json().await.unwrap();
    assert_eq!((v["type"].as_str(), v["code"].as_str()), (Some("error"), Some("method_not_allowed")));
    assert!(v["trace_id"].is_string());
}

// ---- 9. base URLs

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_base_url_without_v1_is_completed_and_a_404_says_which_address_was_called() {
    fn not_found_unless_v1(r: &Captured) -> Reply {
        match r.path.as_str() {
            "/v1/messages" => anthropic_text(r),
            _ => Reply {
                status: 404,
                content_type: "application/json",
                body: r#"{"error":{"message":"Not Found"}}"#.into(),
            },
        }
    }
    let gw = Gateway::start(openai_text, not_found_unless_v1).await;
    let host = gw.an.base_url.trim_end_matches("/v1").to_owned();
    let saved = gw
        .core
        .save_provider(ProviderInput {
            id: None,
            name: "bare".into(),
            preset: "custom_anthropic".into(),
            base_url: format!("{host}/"),
            api_key: Some("sk-x-0123456789".into()),
            extra_headers: vec![],
            default_model: None,
        })
        .await
        .unwrap();
    assert_eq!(saved.base_url, format!("{host}/v1"));
    assert_eq!(gw.post("/v1/messages", &anthropic_ask("bare/claude-haiku-4-5", false), &[]).await.status(), 200);
    assert_eq!(gw.an.last().path, "/v1/messages");

    let an = gw.core.list_providers().await.unwrap().into_iter().find(|p| p.name == "an").unwrap();
    let input = ProviderInput {
        id: Some(an.id.clone()),
        name: "an".into(),
        preset: "custom_anthropic".into(),
        base_url: format!("{host}/wrong"),
        api_key: None,
        extra_headers: vec![],
        default_model: None,
    };
    gw.core.save_provider(input).await.unwrap();
    let r = gw.post("/v1/messages", &anthropic_ask("an/claude-haiku-4-5", false), &[]).await;
    assert_eq!(r.status(), 404);
    let message = r.json::<Value>().await.unwrap()["error"]["message"].as_str().unwrap().to_owned();
    assert!(message.contains(&format!("{host}/wrong/messages")) && message.contains("/v1"), "{message}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_provider_named_in_chinese_is_named_by_its_id_in_headers() {
    let gw = Gateway::start(openai_text, anthropic_text).await;
    let saved = gw
        .core
        .save_provider(ProviderInput {
            id: None,
            name: "中转站".into(),
            preset: "custom".into(),
            base_url: gw.oa.base_url.clone(),
            api_key: Some("sk-x-0123456789".into()),
            extra_headers: vec![],
            default_model: None,
        })
        .await
        .unwrap();
    let r = gw.post("/v1/chat/completions", &openai_ask("中转站/gpt-4o", false), &[]).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["x-switchyard-served-by"], format!("{}/gpt-4o", saved.id).as_str());
}
