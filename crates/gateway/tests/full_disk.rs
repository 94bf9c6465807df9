//! A full database under load: every call the gateway answers is recorded, or it is refused in the caller's format
//! with Retry-After — never answered and then lost. Prints the counts.

mod harness;
#[path = "../../core/tests/support/mod.rs"]
mod support;

use std::sync::Arc;

use serde_json::{json, Value};
use support::capture::Reply;

const WHOLE: &str = r#"{"id":"c1","object":"chat.completion","created":1,"model":"m1","choices":[{"index":0,"message":{"role":"assistant","content":"hi"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}}"#;

const CLIENTS: usize = 16;
const CALLS_EACH: usize = 60;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_database_under_load_records_or_refuses_every_call() {
    let gw = Arc::new(harness::Gateway::start(|_| Reply::json(WHOLE), |_| Reply::json("{}")).await);
    let mut settings = gw.core.get_settings().await.unwrap();
    settings.ledger_buffer_rows = 100;
    gw.core.update_settings(settings).await.unwrap();
    // One call before, so the access key is checked (and its last use written) while there is room.
    let body = json!({ "model": "oa/m1", "messages": [{ "role": "user", "content": "hi" }] });
    assert_eq!(gw.post("/v1/chat/completions", &body, &[]).await.status(), 200);
    assert_eq!(gw.core.flush_ledger().await, 0);
    gw.core.fault_database_full(true).await.unwrap();

    let mut clients = Vec::new();
    for _ in 0..CLIENTS {
        let (gw, body) = (gw.clone(), body.clone());
        clients.push(tokio::spawn(async move {
            let mut seen = Vec::new();
            for _ in 0..CALLS_EACH {
                let r = gw.post("/v1/chat/completions", &body, &[]).await;
                let status = r.status().as_u16();
                let retry_after = r.headers().get("retry-after").is_some();
                let answer: Value = r.json().await.unwrap();
                seen.push((status, retry_after, answer));
            }
            seen
        }));
    }
    let mut answered = 0;
    let mut refused = 0;
    for c in clients {
        for (status, retry_after, answer) in c.await.unwrap() {
            match status {
                200 => answered += 1,
                503 => {
                    assert_eq!(answer["error"]["code"], "ledger_full", "{answer}");
                    assert!(answer["error"]["trace_id"].is_string() && retry_after, "{answer}");
                    refused += 1;
                }
                other => panic!("neither recorded nor refused: {other} {answer}"),
            }
        }
    }
    let during: Value = reqwest::get(format!("http://{}/health", gw.addr)).await.unwrap().json().await.unwrap();
    assert_eq!(during["status"], "refusing", "{during}");
    assert!(gw.core.ledger_health().failing.is_some());

    gw.core.fault_database_full(false).await.unwrap();
    assert_eq!(gw.core.flush_ledger().await, 0);
    let rows = gw.core.recent_calls(10_000).await.unwrap().len() - 1;
    eprintln!(
        "full database, {CLIENTS} clients x {CALLS_EACH} calls: {answered} answered, {rows} recorded, {refused} refused"
    );
    assert_eq!(answered + refused, CLIENTS * CALLS_EACH);
    assert!(refused > 0, "the buffer never filled: the test proves nothing");
    assert_eq!(rows, answered, "answered calls without a ledger row");
    let after: Value = reqwest::get(format!("http://{}/health", gw.addr)).await.unwrap().json().await.unwrap();
    assert_eq!(after["status"], "ok", "{after}");
    assert!(gw.core.metrics_text().contains("switchyard_ledger_refused_calls"));
}
