//! The response cache over HTTP: the headers that drive it and say what it did, replays that keep each dialect's
//! stream grammar, whole hits equal in content to the live answer, and clear errors.

mod harness;
#[path = "../../core/tests/support/mod.rs"]
mod support;

use harness::{events, json_events, Gateway};
use serde_json::{json, Value};
use support::capture::{Captured, Reply};
use support::grammar::{check_anthropic_grammar, check_openai_grammar};
use switchyard_core::translate::anthropic_stream;

const OPENAI_STREAM: &str = "data: {\"id\":\"chatcmpl-u1\",\"model\":\"gpt-4o-2024\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hello\"}}]}\n\n\
data: {\"id\":\"chatcmpl-u1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" there\"}}]}\n\n\
data: {\"id\":\"chatcmpl-u1\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n\
data: {\"id\":\"chatcmpl-u1\",\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2}}\n\ndata: [DONE]\n\n";

const OPENAI_WHOLE: &str = r#"{"id":"chatcmpl-u1","object":"chat.completion","created":1,"model":"gpt-4o-2024","choices":[{"index":0,"message":{"role":"assistant","content":"Hello there"},"finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":2},"system_fingerprint":"fp_1"}"#;

fn openai(r: &Captured) -> Reply {
    match r.body["stream"] == true {
        true => Reply::sse(OPENAI_STREAM),
        false => Reply::json(OPENAI_WHOLE),
    }
}

fn anthropic(r: &Captured) -> Reply {
    match r.body["stream"] == true {
        true => Reply::sse(
            "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_u1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-2025\",\"content\":[],\"usage\":{\"input_tokens\":5,\"output_tokens\":0}}}\n\n\
event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n\
event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hello there\"}}\n\n\
event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n\
event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":2}}\n\n\
event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n",
        ),
        false => Reply::json(
            r#"{"id":"msg_u1","type":"message","role":"assistant","model":"claude-2025","content":[{"type":"text","text":"Hello there"}],"stop_reason":"end_turn","usage":{"input_tokens":5,"output_tokens":2}}"#,
        ),
    }
}

fn openai_ask(model: &str, stream: bool) -> Value {
    json!({"model": model, "stream": stream, "temperature": 0, "messages": [{"role": "user", "content": "hello"}]})
}

fn anthropic_ask(model: &str, stream: bool) -> Value {
    json!({"model": model, "stream": stream, "temperature": 0, "max_tokens": 100,
           "messages": [{"role": "user", "content": "hello"}]})
}

fn cache_header(r: &reqwest::Response) -> String {
    r.headers()["x-switchyard-cache"].to_str().unwrap().to_owned()
}

fn anthropic_events(body: &str) -> Vec<anthropic_stream::Event> {
    events(body)
        .into_iter()
        .map(|(name, data)| {
            let name: &'static str = Box::leak(name.unwrap_or_default().into_boxed_str());
            (name, serde_json::from_str(&data).unwrap())
        })
        .collect()
}

fn openai_text(body: &str) -> String {
    json_events(body).iter().filter_map(|c| c["choices"][0]["delta"]["content"].as_str().map(str::to_owned)).collect()
}

fn anthropic_text(body: &str) -> String {
    anthropic_events(body).iter().filter_map(|(_, d)| d["delta"]["text"].as_str().map(str::to_owned)).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cached_answer_replays_in_each_dialect_with_its_grammar_and_usage() {
    let gw = Gateway::start(openai, anthropic).await;
    for model in ["oa/gpt-4o", "an/claude-sonnet-4-5"] {
        // The first call is live, streamed; then every dialect and mode is answered from that one entry.
        let live = gw.post("/v1/chat/completions", &openai_ask(model, true), &[]).await;
        assert_eq!(cache_header(&live), "miss", "{model}");
        let live_text = openai_text(&live.text().await.unwrap());
        assert_eq!(live_text, "Hello there");

        let hit = gw.post("/v1/chat/completions", &openai_ask(model, true), &[]).await;
        assert_eq!((hit.status().as_u16(), cache_header(&hit)), (200, "hit".into()), "{model}");
        let body = hit.text().await.unwrap();
        assert!(body.ends_with("data: [DONE]\n\n"), "{model}: {body}");
        let chunks = json_events(&body);
        check_openai_grammar(model, &chunks);
        assert_eq!(openai_text(&body), live_text, "{model}");
        assert!(chunks.iter().all(|c| c.get("usage").is_none_or(Value::is_null)), "{model}: usage only if asked");

        let asked_usage = json!({"stream_options": {"include_usage": true}});
        let mut ask = openai_ask(model, true);
        ask.as_object_mut().unwrap().extend(asked_usage.as_object().unwrap().clone());
        let with_usage = gw.post("/v1/chat/completions", &ask, &[]).await;
        assert_eq!(cache_header(&with_usage), "hit");
        let usage = json_events(&with_usage.text().await.unwrap()).into_iter().find(|c| c["usage"].is_object());
        assert_eq!(usage.unwrap()["usage"]["completion_tokens"], 2, "{model}: the first call's usage, replayed");

        // A caller of the other dialect sends another body (its own fields and limits): its own entry, replayed in
        // its dialect whatever the upstream's.
        let live = gw.post("/v1/messages", &anthropic_ask(model, false), &[]).await;
        assert_eq!(cache_header(&live), "miss", "{model}");
        let hit = gw.post("/v1/messages", &anthropic_ask(model, true), &[]).await;
        assert_eq!(cache_header(&hit), "hit", "{model}");
        let body = hit.text().await.unwrap();
        let evs = anthropic_events(&body);
        check_anthropic_grammar(model, &evs);
        assert_eq!(anthropic_text(&body), live_text, "{model}");
        let delta = evs.iter().find(|(n, _)| *n == "message_delta").unwrap();
        assert_eq!(delta.1["usage"]["output_tokens"], 2, "{model}");

        let whole = gw.post("/v1/messages", &anthropic_ask(model, false), &[]).await;
        assert_eq!(cache_header(&whole), "hit");
        let v: Value = whole.json().await.unwrap();
        assert_eq!(
            (v["content"][0]["text"].as_str(), v["stop_reason"].as_str()),
            (Some("Hello there"), Some("end_turn"))
        );
    }
    assert_eq!((gw.oa.requests().len(), gw.an.requests().len()), (2, 2), "one live call per dialect and upstream");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cached_whole_answer_is_the_live_answer() {
    let gw = Gateway::start(openai, anthropic).await;
    let live = gw.post("/v1/chat/completions", &openai_ask("oa/gpt-4o", false), &[]).await;
    assert_eq!(cache_header(&live), "miss");
    let live: Value = live.json().await.unwrap();
    let hit = gw.post("/v1/chat/completions", &openai_ask("oa/gpt-4o", false), &[]).await;
    assert_eq!(cache_header(&hit), "hit");
    assert!(hit.headers()["x-switchyard-served-by"].to_str().unwrap().starts_with("oa/"));
    let hit: Value = hit.json().await.unwrap();
    assert_eq!(hit, live, "an OpenAI caller of an OpenAI upstream gets the body as it first came");
    assert_eq!(hit["system_fingerprint"], "fp_1");
    assert_eq!(gw.oa.requests().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cache_header_drives_one_request_and_unknown_values_are_refused() {
    let gw = Gateway::start(openai, anthropic).await;
    let ask = openai_ask("oa/gpt-4o", false);
    let only = gw.post("/v1/chat/completions", &ask, &[("x-switchyard-cache", "only")]).await;
    assert_eq!(only.status(), 404);
    let v: Value = only.json().await.unwrap();
    assert_eq!(v["error"]["code"], "cache_miss");
    assert!(v["error"]["message"].as_str().unwrap().contains("not sent to a provider"), "{v}");
    let only = gw.post("/v1/messages", &anthropic_ask("oa/gpt-4o", true), &[("x-switchyard-cache", "only")]).await;
    assert_eq!(only.status(), 404);
    let v: Value = only.json().await.unwrap();
    assert_eq!((v["type"].as_str(), v["error"]["type"].as_str()), (Some("error"), Some("not_found_error")));
    assert_eq!(gw.oa.requests().len(), 0, "only never calls the provider");

    let bypass = gw.post("/v1/chat/completions", &ask, &[("x-switchyard-cache", "bypass")]).await;
    assert_eq!(cache_header(&bypass), "bypass");
    assert_eq!(cache_header(&gw.post("/v1/chat/completions", &ask, &[]).await), "miss", "bypass kept nothing");
    assert_eq!(cache_header(&gw.post("/v1/chat/completions", &ask, &[]).await), "hit");
    let refresh = gw.post("/v1/chat/completions", &ask, &[("x-switchyard-cache", "refresh")]).await;
    assert_eq!(cache_header(&refresh), "miss");
    assert_eq!(gw.oa.requests().len(), 3);

    let other = gw.post("/v1/chat/completions", &ask, &[("x-switchyard-cache-namespace", "team-b")]).await;
    assert_eq!(cache_header(&other), "miss", "another namespace has its own answers");

    let sampled = json!({"model": "oa/gpt-4o", "messages": [{"role": "user", "content": "hello"}]});
    assert_eq!(cache_header(&gw.post("/v1/chat/completions", &sampled, &[]).await), "bypass");

    let bad = gw.post("/v1/chat/completions", &ask, &[("x-switchyard-cache", "sometimes")]).await;
    assert_eq!(bad.status(), 400);
    let v: Value = bad.json().await.unwrap();
    assert_eq!(v["error"]["code"], "invalid_cache_header");
    assert_eq!(gw.oa.requests().len(), 5, "the refused request was not sent");

    let metrics = gw.http.get(format!("http://{}/metrics", gw.addr)).send().await.unwrap().text().await.unwrap();
    let line = |result: &str| {
        metrics
            .lines()
            .find(|l| l.starts_with("switchyard_cache_lookups_total") && l.contains(&format!("result=\"{result}\"")))
            .map(|l| l.rsplit(' ').next().unwrap().to_owned())
    };
    assert_eq!(line("hit").as_deref(), Some("1"), "{metrics}");
    assert_eq!(line("miss").as_deref(), Some("3"), "the two misses and the refresh (the misses of `only` are errors)");
}
