//! Rate limits per access key: past them, 429 with Retry-After in the caller's own format, a ledger row and a
//! metric for each refusal.

mod harness;
#[path = "../../core/tests/support/mod.rs"]
mod support;

use serde_json::{json, Value};
use support::capture::Reply;
use switchyard_core::rate_limit::RateLimits;

const WHOLE: &str = r#"{"id":"c1","object":"chat.completion","created":1,"model":"m1","choices":[{"index":0,"message":{"role":"assistant","content":"hi"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}}"#;

async fn limited(limits: RateLimits) -> harness::Gateway {
    let gw = harness::Gateway::start(|_| Reply::json(WHOLE), |_| Reply::json("{}")).await;
    let key = gw.core.list_access_keys().await.unwrap().remove(0);
    gw.core.set_access_key_limits(&key.id, limits).await.unwrap();
    gw
}

fn openai_call() -> Value {
    json!({ "model": "oa/m1", "messages": [{ "role": "user", "content": "hi" }] })
}

#[tokio::test]
async fn past_its_requests_per_minute_a_key_gets_429_with_retry_after_in_its_own_format() {
    let gw = limited(RateLimits { requests_per_minute: Some(2), tokens_per_minute: None }).await;
    for _ in 0..2 {
        assert_eq!(gw.post("/v1/chat/completions", &openai_call(), &[]).await.status(), 200);
    }
    let refused = gw.post("/v1/chat/completions", &openai_call(), &[]).await;
    assert_eq!(refused.status(), 429);
    let wait: u64 = refused.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait), "Retry-After {wait}");
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["error"]["type"], "rate_limit_error");
    assert_eq!(body["error"]["code"], "access_key_rate_limited");
    assert!(body["error"]["trace_id"].is_string());

    let anthropic = json!({ "model": "oa/m1", "max_tokens": 10, "messages": [{ "role": "user", "content": "hi" }] });
    let refused = gw.post("/v1/messages", &anthropic, &[]).await;
    assert_eq!(refused.status(), 429);
    let body: Value = refused.json().await.unwrap();
    assert_eq!((body["type"].as_str(), body["error"]["type"].as_str()), (Some("error"), Some("rate_limit_error")));

    let rows = gw.core.recent_calls(10).await.unwrap();
    let refusals = rows.iter().filter(|r| r.error_category == Some(switchyard_core::ErrorCategory::RateLimited));
    assert_eq!(refusals.count(), 2, "each refusal has its ledger row");
    let metrics = gw.core.metrics_text();
    assert!(
        metrics.lines().any(|l| l.starts_with("switchyard_errors_total") && l.contains("rate_limited")),
        "{metrics}"
    );
    let upstream_calls = gw.oa.requests().len();
    assert_eq!(upstream_calls, 2, "a refused call never reached the provider");
}

#[tokio::test]
async fn past_its_tokens_per_minute_a_key_waits_for_them_to_age_out() {
    // Each answer is 4 tokens (3 in, 1 out): the second call starts under 5, the third over.
    let gw = limited(RateLimits { requests_per_minute: None, tokens_per_minute: Some(5) }).await;
    assert_eq!(gw.post("/v1/chat/completions", &openai_call(), &[]).await.status(), 200);
    assert_eq!(gw.post("/v1/chat/completions", &openai_call(), &[]).await.status(), 200);
    let refused = gw.post("/v1/chat/completions", &openai_call(), &[]).await;
    assert_eq!(refused.status(), 429);
    let body: Value = refused.json().await.unwrap();
    assert!(body["error"]["message"].as_str().unwrap().contains("5 tokens per minute"), "{body}");
}

#[tokio::test]
async fn a_key_without_limits_and_lifted_limits_are_never_refused() {
    let gw = limited(RateLimits { requests_per_minute: Some(1), tokens_per_minute: None }).await;
    assert_eq!(gw.post("/v1/chat/completions", &openai_call(), &[]).await.status(), 200);
    assert_eq!(gw.post("/v1/chat/completions", &openai_call(), &[]).await.status(), 429);
    let key = gw.core.list_access_keys().await.unwrap().remove(0);
    assert_eq!(key.limits.requests_per_minute, Some(1), "limits are kept with the key");
    gw.core.set_access_key_limits(&key.id, RateLimits::default()).await.unwrap();
    for _ in 0..5 {
        assert_eq!(gw.post("/v1/chat/completions", &openai_call(), &[]).await.status(), 200);
    }
    let zero = RateLimits { requests_per_minute: Some(0), tokens_per_minute: None };
    assert_eq!(gw.core.set_access_key_limits(&key.id, zero).await.unwrap_err().code, "invalid_rate_limit");
}
