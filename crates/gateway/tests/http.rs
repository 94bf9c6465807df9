//! The gateway over HTTP, with aimock as the upstream in both dialects: every client x upstream combination,
//! whole and streamed, and every way a request is refused.

#[path = "../../core/tests/support/mod.rs"]
mod support;

use std::net::SocketAddr;
use std::sync::Arc;

use serde_json::{json, Value};
use support::AiMock;
use switchyard_core::store::access_keys::Scope;
use switchyard_core::translate::sse::SseParser;
use switchyard_core::Core;

const ANSWER: &str = "Hello from aimock! How can I help you today?";

struct Gateway {
    _mock: AiMock,
    _dir: tempfile::TempDir,
    core: Arc<Core>,
    addr: SocketAddr,
    key: String,
    http: reqwest::Client,
}

impl Gateway {
    async fn start() -> Self {
        let mock = AiMock::start();
        let dir = tempfile::tempdir().unwrap();
        let core = Arc::new(support::open_core(dir.path()).await);
        for (name, preset) in [("oa", "custom"), ("an", "custom_anthropic")] {
            let id = support::aimock_provider(&core, &mock, name, preset).await;
            core.refresh_models(&id).await.unwrap();
        }
        let key = core.create_access_key("tests", vec![Scope::Chat, Scope::Models]).await.unwrap().secret;
        let addr = switchyard_gateway::serve(core.clone(), Some(0)).await.unwrap().addr();
        Gateway { _mock: mock, _dir: dir, core, addr, key, http: reqwest::Client::new() }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    async fn post(&self, path: &str, body: &Value) -> reqwest::Response {
        self.http.post(self.url(path)).bearer_auth(&self.key).json(body).send().await.unwrap()
    }
}

fn sse_events(body: &str) -> Vec<(Option<String>, String)> {
    let mut p = SseParser::new();
    let mut events = p.feed(body.as_bytes());
    events.extend(p.finish());
    events.into_iter().map(|e| (e.event, e.data)).collect()
}

fn openai_body(model: &str, stream: bool) -> Value {
    json!({ "model": model, "stream": stream, "stream_options": { "include_usage": true },
            "messages": [{ "role": "system", "content": "Be brief." }, { "role": "user", "content": "hello" }] })
}

fn anthropic_body(model: &str, stream: bool) -> Value {
    json!({ "model": model, "max_tokens": 256, "stream": stream, "system": "Be brief.",
            "messages": [{ "role": "user", "content": "hello" }] })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn openai_clients_reach_both_upstream_dialects() {
    let gw = Gateway::start().await;
    for model in ["oa/gpt-4o-mini", "an/claude-sonnet-4-5"] {
        let whole = gw.post("/v1/chat/completions", &openai_body(model, false)).await;
        assert_eq!(whole.status(), 200, "{model}");
        assert!(whole.headers().get("x-switchyard-trace-id").is_some());
        assert!(whole.headers().get("x-switchyard-overhead-us").is_some());
        let v: Value = whole.json().await.unwrap();
        assert_eq!(v["object"], "chat.completion");
        assert_eq!(v["choices"][0]["message"]["content"], ANSWER, "{model}");
        assert_eq!(v["choices"][0]["finish_reason"], "stop");
        assert!(v["model"].as_str().is_some_and(|m| !m.is_empty()), "the model that answered is reported");

        let streamed = gw.post("/v1/chat/completions", &openai_body(model, true)).await;
        assert_eq!(streamed.status(), 200);
        assert_eq!(streamed.headers()["content-type"], "text/event-stream");
        let events = sse_events(&streamed.text().await.unwrap());
        assert_eq!(events.last().unwrap().1, "[DONE]", "{model}");
        let chunks: Vec<Value> =
            events[..events.len() - 1].iter().map(|(_, d)| serde_json::from_str(d).unwrap()).collect();
        assert_eq!(chunks[0]["choices"][0]["delta"]["role"], "assistant");
        let text: String = chunks.iter().filter_map(|c| c["choices"][0]["delta"]["content"].as_str()).collect();
        assert_eq!(text, ANSWER, "{model}");
        assert!(chunks.last().unwrap()["usage"].is_object(), "include_usage asked: {model}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn anthropic_clients_reach_both_upstream_dialects() {
    let gw = Gateway::start().await;
    for model in ["oa/gpt-4o-mini", "an/claude-sonnet-4-5"] {
        let whole = gw.post("/v1/messages", &anthropic_body(model, false)).await;
        assert_eq!(whole.status(), 200, "{model}");
        let v: Value = whole.json().await.unwrap();
        assert_eq!(v["type"], "message");
        assert_eq!(v["content"][0]["text"], ANSWER, "{model}");
        assert_eq!(v["stop_reason"], "end_turn");

        let streamed = gw.post("/v1/messages", &anthropic_body(model, true)).await;
        assert_eq!(streamed.status(), 200);
        let events = sse_events(&streamed.text().await.unwrap());
        let names: Vec<&str> = events.iter().map(|(e, _)| e.as_deref().unwrap_or("")).collect();
        assert_eq!(names.first(), Some(&"message_start"), "{model}");
        assert_eq!(names.last(), Some(&"message_stop"), "{model}");
        assert_eq!(names.iter().filter(|n| **n == "message_delta").count(), 1);
        let text: String = events
            .iter()
            .filter_map(|(_, d)| serde_json::from_str::<Value>(d).ok())
            .filter_map(|v| v.pointer("/delta/text").and_then(Value::as_str).map(str::to_owned))
            .collect();
        assert_eq!(text, ANSWER, "{model}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn upstream_failures_come_back_in_the_callers_format_with_the_right_status() {
    let gw = Gateway::start().await;
    let mut body = openai_body("oa/gpt-4o-mini", true);
    body["messages"][1]["content"] = json!("trigger 429");
    let r = gw.post("/v1/chat/completions", &body).await;
    assert_eq!(r.status(), 429);
    let trace = r.headers()["x-switchyard-trace-id"].to_str().unwrap().to_owned();
    let v: Value = r.json().await.unwrap();
    assert_eq!(
        (v["error"]["type"].as_str(), v["error"]["trace_id"].as_str()),
        (Some("rate_limit_error"), Some(trace.as_str()))
    );

    let mut body = anthropic_body("an/claude-sonnet-4-5", false);
    body["messages"][0]["content"] = json!("trigger 500");
    let r = gw.post("/v1/messages", &body).await;
    assert_eq!(r.status(), 502);
    let v: Value = r.json().await.unwrap();
    assert_eq!((v["type"].as_str(), v["error"]["type"].as_str()), (Some("error"), Some("overloaded_error")));

    let r = gw.post("/v1/chat/completions", &openai_body("nobody/has-this", false)).await;
    assert_eq!(r.status(), 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn when_every_target_is_unreachable_callers_get_a_retriable_503_in_their_own_format() {
    let gw = Gateway::start().await;
    let dead = gw
        .core
        .save_provider(switchyard_core::providers::registry::ProviderInput {
            id: None,
            name: "away".into(),
            preset: "custom".into(),
            base_url: format!("http://127.0.0.1:{}/v1", support::free_port()),
            api_key: Some(support::AIMOCK_KEY.into()),
            extra_headers: vec![],
            default_model: None,
        })
        .await
        .unwrap();
    gw.core.set_provider_models(&dead.id, vec!["far-model".into()]).await.unwrap();
    for (path, body) in [
        ("/v1/chat/completions", openai_body("away/far-model", false)),
        ("/v1/messages", anthropic_body("away/far-model", true)),
    ] {
        let r = gw.post(path, &body).await;
        assert_eq!(r.status(), 503, "{path}");
        assert_eq!(r.headers()["retry-after"], "5", "{path}: when to try again");
        let trace = r.headers()["x-switchyard-trace-id"].to_str().unwrap().to_owned();
        let v: Value = r.json().await.unwrap();
        match path {
            "/v1/messages" => {
                assert_eq!(
                    (v["type"].as_str(), v["error"]["type"].as_str()),
                    (Some("error"), Some("overloaded_error"))
                );
                assert_eq!(v["trace_id"].as_str(), Some(trace.as_str()));
            }
            _ => {
                assert_eq!(v["error"]["type"].as_str(), Some("server_error"));
                assert_eq!(v["error"]["trace_id"].as_str(), Some(trace.as_str()));
            }
        }
    }
    assert!(gw.core.queue_status().await.unwrap().items.is_empty(), "the gateway does not queue for its callers");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refuses_missing_revoked_and_unscoped_keys_foreign_origins_and_malformed_bodies() {
    let gw = Gateway::start().await;
    let body = openai_body("oa/gpt-4o-mini", false);
    let no_key = gw.http.post(gw.url("/v1/chat/completions")).json(&body).send().await.unwrap();
    assert_eq!(no_key.status(), 401);
    let v: Value = no_key.json().await.unwrap();
    assert_eq!(v["error"]["code"], "access_key_missing");

    let via_x_api_key =
        gw.http.post(gw.url("/v1/messages")).header("x-api-key", &gw.key).json(&anthropic_body("oa/x", false));
    assert_eq!(via_x_api_key.send().await.unwrap().status(), 200);

    let models_only = gw.core.create_access_key("models", vec![Scope::Models]).await.unwrap();
    let r = gw
        .http
        .post(gw.url("/v1/messages"))
        .header("x-api-key", &models_only.secret)
        .json(&anthropic_body("oa/x", false));
    let r = r.send().await.unwrap();
    assert_eq!(r.status(), 403);
    assert_eq!(r.json::<Value>().await.unwrap()["error"]["type"], "permission_error");
    let listed = gw.http.get(gw.url("/v1/models")).bearer_auth(&models_only.secret).send().await.unwrap();
    assert_eq!(listed.status(), 200);
    let ids: Vec<String> = listed.json::<Value>().await.unwrap()["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap().to_owned())
        .collect();
    assert!(!ids.is_empty() && ids.iter().all(|id| id.starts_with("oa/") || id.starts_with("an/")), "{ids:?}");

    let revoked = gw.core.create_access_key("old", vec![Scope::Chat]).await.unwrap();
    gw.core.revoke_access_key(&revoked.key.id).await.unwrap();
    let r = gw.http.post(gw.url("/v1/chat/completions")).bearer_auth(&revoked.secret).json(&body).send().await.unwrap();
    assert_eq!(r.status(), 401);

    for (header, value) in [("origin", "https://evil.example"), ("host", "evil.example:8765")] {
        let r = gw.http.post(gw.url("/v1/chat/completions")).bearer_auth(&gw.key).header(header, value).json(&body);
        let r = r.send().await.unwrap();
        assert_eq!(r.status(), 403, "{header}: {value}");
        assert_eq!(r.json::<Value>().await.unwrap()["error"]["code"], "foreign_origin");
    }

    let r = gw.http.post(gw.url("/v1/messages")).bearer_auth(&gw.key).body("{not json").send().await.unwrap();
    assert_eq!(r.status(), 400);
    let v: Value = r.json().await.unwrap();
    assert_eq!((v["type"].as_str(), v["error"]["type"].as_str()), (Some("error"), Some("invalid_request_error")));
    let r = gw.post("/v1/chat/completions", &json!({ "model": "oa/x", "messages": "nope" })).await;
    assert_eq!(r.status(), 400);

    let health = gw.http.get(gw.url("/health")).send().await.unwrap();
    assert_eq!(health.status(), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_call_writes_one_ledger_row() {
    let gw = Gateway::start().await;
    let whole = gw.post("/v1/chat/completions", &openai_body("an/claude-sonnet-4-5", false)).await;
    let whole_trace = whole.headers()["x-switchyard-trace-id"].to_str().unwrap().to_owned();
    whole.bytes().await.unwrap();
    let streamed = gw.post("/v1/messages", &anthropic_body("oa/gpt-4o-mini", true)).await;
    let streamed_trace = streamed.headers()["x-switchyard-trace-id"].to_str().unwrap().to_owned();
    streamed.bytes().await.unwrap();
    let mut failing = openai_body("oa/gpt-4o-mini", false);
    failing["messages"][1]["content"] = json!("trigger 429");
    gw.post("/v1/chat/completions", &failing).await.bytes().await.unwrap();
    // Refused before a provider was chosen: not a call.
    gw.http.post(gw.url("/v1/chat/completions")).json(&failing).send().await.unwrap();

    // The streamed row is written when the body ends, just after the client has read it.
    let mut calls = vec![];
    for _ in 0..50 {
        calls = gw.core.recent_calls(10).await.unwrap();
        if calls.len() >= 3 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(calls.len(), 3, "{calls:#?}");
    let by_trace = |t: &str| calls.iter().find(|c| c.trace_id == t).unwrap_or_else(|| panic!("no row for {t}"));
    let w = by_trace(&whole_trace);
    assert_eq!((w.origin.as_str(), w.route.as_str(), w.streamed), ("gateway:tests", "an/claude-sonnet-4-5", false));
    assert_eq!((w.provider_name.as_deref(), w.model.as_deref()), (Some("an"), Some("claude-sonnet-4-5")));
    assert_eq!(w.status, switchyard_core::store::ledger::CallStatus::Ok);
    assert!(w.usage.output_tokens > 0);
    let s = by_trace(&streamed_trace);
    assert!(s.streamed && s.ttft_ms.is_some() && s.usage.output_tokens > 0, "{s:?}");
    let f = calls.iter().find(|c| c.status == switchyard_core::store::ledger::CallStatus::Error).unwrap();
    assert_eq!(f.error_category, Some(switchyard_core::ErrorCategory::RateLimited));
    let retries = switchyard_core::router::backoff::RetryPolicy::default().max_retries;
    assert_eq!(f.attempts, 1 + retries, "a failed call counts every try");
    assert_eq!((w.attempts, s.attempts), (1, 1));
}
