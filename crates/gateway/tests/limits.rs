//! The HTTP layer's refusals — a body or headers over their limit, a body cut short, bad JSON, a bad query — in the
//! caller's own error format with a trace id, and a photo-sized body let through.

mod harness;
mod raw;
#[path = "../../core/tests/support/mod.rs"]
mod support;

use std::net::SocketAddr;
use std::sync::Arc;

use harness::Gateway;
use serde_json::{json, Value};
use support::capture::{Captured, Reply};
use switchyard_gateway::HttpLimits;

const OPENAI_WHOLE: &str = r#"{"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"Seen."},"finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}}"#;
const ANTHROPIC_WHOLE: &str = r#"{"id":"msg_1","type":"message","role":"assistant","model":"m","content":[{"type":"text","text":"Seen."}],"stop_reason":"end_turn","usage":{"input_tokens":5,"output_tokens":2}}"#;

fn openai(_: &Captured) -> Reply {
    Reply::json(OPENAI_WHOLE)
}

fn anthropic(_: &Captured) -> Reply {
    Reply::json(ANTHROPIC_WHOLE)
}

/// A picture of `bytes` bytes as base64, in each dialect's request.
fn with_image(path: &str, model: &str, bytes: usize) -> Value {
    let data = "A".repeat(bytes);
    match path {
        "/v1/messages" => json!({ "model": model, "max_tokens": 16, "messages": [{ "role": "user", "content": [
            { "type": "image", "source": { "type": "base64", "media_type": "image/png", "data": data } },
            { "type": "text", "text": "What is this?" } ] }] }),
        _ => json!({ "model": model, "messages": [{ "role": "user", "content": [
            { "type": "image_url", "image_url": { "url": format!("data:image/png;base64,{data}") } },
            { "type": "text", "text": "What is this?" } ] }] }),
    }
}

/// Checks a refusal: status, the dialect's error shape, the code, and the trace id in header and body alike.
async fn refused(r: reqwest::Response, path: &str, status: u16, code: &str) {
    assert_eq!(r.status(), status, "{path}");
    assert_eq!(r.headers()["content-type"], "application/json", "{path}");
    let trace = r.headers()["x-switchyard-trace-id"].to_str().unwrap().to_owned();
    let v: Value = r.json().await.unwrap();
    check_shape(&v, path, code, &trace);
}

fn check_shape(v: &Value, path: &str, code: &str, trace: &str) {
    if path.starts_with("/v1/messages") {
        assert_eq!(v["type"], "error", "{path}: {v}");
        assert_eq!(v["error"]["type"], "invalid_request_error", "{path}: {v}");
        assert!(v["error"]["message"].as_str().is_some_and(|m| !m.is_empty()), "{v}");
        assert_eq!((v["code"].as_str(), v["trace_id"].as_str()), (Some(code), Some(trace)), "{path}: {v}");
    } else {
        assert_eq!(v["error"]["type"], "invalid_request_error", "{path}: {v}");
        assert!(v["error"]["message"].as_str().is_some_and(|m| !m.is_empty()), "{v}");
        assert_eq!((v["error"]["code"].as_str(), v["error"]["trace_id"].as_str()), (Some(code), Some(trace)), "{v}");
    }
}

const PATHS: [(&str, &str); 2] = [("/v1/chat/completions", "oa/m"), ("/v1/messages", "an/m")];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_photo_sized_body_is_accepted_and_forwarded_whole() {
    let gw = Gateway::start(openai, anthropic).await;
    for (path, model) in PATHS {
        let r = gw.post(path, &with_image(path, model, 3_000_000), &[]).await;
        assert_eq!(r.status(), 200, "{path}: {}", r.text().await.unwrap());
    }
    for upstream in [&gw.oa, &gw.an] {
        let sent = upstream.last();
        assert!(sent.raw.len() > 3_000_000 && sent.raw.contains(&"A".repeat(3_000_000)), "{}", sent.path);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_over_32_mib_is_refused_413_in_the_callers_format() {
    let gw = Gateway::start(openai, anthropic).await;
    for (path, model) in PATHS {
        let r = gw.post(path, &with_image(path, model, 33 * 1024 * 1024), &[]).await;
        refused(r, path, 413, "request_too_large").await;
    }
    assert!(gw.oa.requests().is_empty() && gw.an.requests().is_empty(), "nothing was sent upstream");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn headers_over_64_kib_are_refused_431_in_the_callers_format() {
    let gw = Gateway::start(openai, anthropic).await;
    let big = "b".repeat(100 * 1024);
    for (path, model) in PATHS {
        let r = gw.post(path, &with_image(path, model, 10), &[("x-big", &big)]).await;
        refused(r, path, 431, "headers_too_large").await;
    }
    // Many headers, none large, over the limit together.
    let many: Vec<(String, String)> = (0..60).map(|i| (format!("x-h{i}"), "v".repeat(1200))).collect();
    let mut r = gw.http.post(format!("http://{}/v1/messages", gw.addr)).bearer_auth(&gw.key).body("{}");
    for (n, v) in &many {
        r = r.header(n, v);
    }
    refused(r.send().await.unwrap(), "/v1/messages", 431, "headers_too_large").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn truncated_or_mistyped_json_is_refused_400_in_the_callers_format() {
    let gw = Gateway::start(openai, anthropic).await;
    for (path, model) in PATHS {
        let url = format!("http://{}{path}", gw.addr);
        let cut = format!(r#"{{"model":"{model}","messages":[{{"role":"user","content":"hi"#);
        let r = gw.http.post(&url).bearer_auth(&gw.key).header("content-type", "application/json").body(cut);
        refused(r.send().await.unwrap(), path, 400, "malformed_json").await;
        // No content type at all, and an empty body.
        refused(gw.http.post(&url).bearer_auth(&gw.key).send().await.unwrap(), path, 400, "malformed_json").await;
        let mistyped = json!({ "model": model, "messages": [{ "role": "user", "content": 7 }], "max_tokens": "x" });
        let r = gw.post(path, &mistyped, &[]).await;
        let trace = r.headers()["x-switchyard-trace-id"].to_str().unwrap().to_owned();
        assert_eq!(r.status(), 400, "{path}");
        let v: Value = r.json().await.unwrap();
        let code = if path == "/v1/messages" { &v["code"] } else { &v["error"]["code"] };
        check_shape(&v, path, code.as_str().unwrap(), &trace);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_model_list_query_or_id_is_refused_in_the_callers_format() {
    let gw = Gateway::start(openai, anthropic).await;
    let r = gw.http.get(format!("http://{}/v1/models?limit=many", gw.addr)).bearer_auth(&gw.key);
    refused(r.header("anthropic-version", "2023-06-01").send().await.unwrap(), "/v1/messages", 400, "invalid_query")
        .await;
    // OpenAI's list takes no parameters: it ignores them, as OpenAI does.
    let r = gw.http.get(format!("http://{}/v1/models?limit=many", gw.addr)).bearer_auth(&gw.key);
    assert_eq!(r.send().await.unwrap().status(), 200);
    let r = gw.http.get(format!("http://{}/v1/models/%FF%FE", gw.addr)).bearer_auth(&gw.key);
    refused(r.send().await.unwrap(), "/v1/models", 400, "invalid_model_id").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_shorter_than_its_content_length_is_refused_400_in_the_callers_format() {
    let gw = Gateway::start(openai, anthropic).await;
    for (path, _) in PATHS {
        let request = format!(
            "POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {}\r\nContent-Type: application/json\r\n\
             Content-Length: 500\r\n\r\n{{\"model\":\"oa/m\"",
            gw.key
        );
        let (status, v, trace) = raw::json_of(&raw::send(gw.addr, request.as_bytes(), true).await);
        assert_eq!(status, 400, "{path}: {v}");
        check_shape(&v, path, "body_incomplete", &trace);
    }
}

/// A gateway with limits of its own, served as `serve` does.
async fn with_limits(core: Arc<switchyard_core::Core>, limits: HttpLimits) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = switchyard_gateway::router_with(core, &limits);
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_limits_are_settings_exact_to_the_byte() {
    let gw = Gateway::start(openai, anthropic).await;
    let limits = HttpLimits { max_body_bytes: 4096, max_header_bytes: 2048, ..HttpLimits::default() };
    let addr = with_limits(gw.core.clone(), limits).await;
    let url = format!("http://{addr}/v1/chat/completions");
    let body = |len: usize| {
        let mut v = serde_json::to_string(&with_image("/v1/chat/completions", "oa/m", 10)).unwrap();
        v.pop();
        let pad = len - v.len() - r#","pad":""}"#.len();
        format!(r#"{v},"pad":"{}"}}"#, " ".repeat(pad))
    };
    let post = |b: String| gw.http.post(&url).bearer_auth(&gw.key).body(b).send();
    assert_eq!(post(body(4096)).await.unwrap().status(), 200, "exactly the limit");
    refused(post(body(4097)).await.unwrap(), "/v1/chat/completions", 413, "request_too_large").await;

    // Every header line written by hand: `name: value\r\n` each, 2048 bytes in all, then one more.
    let get = |total: usize| {
        let auth = format!("Bearer {}", gw.key);
        let fixed = ("host".len() + "127.0.0.1".len() + 4)
            + ("authorization".len() + auth.len() + 4)
            + ("x-fill".len() + 4)
            + ("connection".len() + "close".len() + 4);
        let fill = "h".repeat(total - fixed);
        let request = format!("GET /v1/models HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: {auth}\r\nx-fill: {fill}\r\nconnection: close\r\n\r\n");
        async move { raw::send(addr, request.as_bytes(), false).await }
    };
    let at = get(2048).await;
    assert!(at.starts_with("HTTP/1.1 200"), "exactly the limit: {at}");
    let (status, v, trace) = raw::json_of(&get(2049).await);
    assert_eq!(status, 431);
    check_shape(&v, "/v1/models", "headers_too_large", &trace);
}
