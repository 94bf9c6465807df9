//! For the offline queue's tests: an upstream whose answer names the question, fast queue delays, and waiting for
//! a condition without racing sleeps (polling with a deadline).
#![allow(dead_code)]

use std::time::{Duration, Instant};

use super::capture::{Captured, Reply};
use switchyard_core::queue::QueueConfig;

/// Short delays: a test's retries come within milliseconds.
pub fn fast() -> QueueConfig {
    QueueConfig {
        parallel: 3,
        first_delay: Duration::from_millis(40),
        max_delay: Duration::from_millis(400),
        max_attempts: 4,
    }
}

/// The last user message of an OpenAI-wire request.
pub fn question(req: &Captured) -> String {
    let messages = req.body["messages"].as_array().cloned().unwrap_or_default();
    let last = messages.iter().rev().find(|m| m["role"] == "user").cloned().unwrap_or_default();
    last["content"].as_str().unwrap_or_default().to_owned()
}

/// A streamed OpenAI answer `answer: <question>`.
pub fn echo(req: &Captured) -> Reply {
    let text = serde_json::to_string(&format!("answer: {}", question(req))).unwrap();
    Reply::sse(format!(
        "data: {{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{{\"index\":0,\"delta\":{{\"role\":\"assistant\",\"content\":{text}}},\"finish_reason\":null}}]}}\n\n\
         data: {{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{{\"index\":0,\"delta\":{{}},\"finish_reason\":\"stop\"}}],\"usage\":{{\"prompt_tokens\":3,\"completion_tokens\":4,\"total_tokens\":7}}}}\n\n\
         data: [DONE]\n\n"
    ))
}

/// Polls `check` until it returns Some or `within` has passed (then panics with `what`).
pub async fn until<T, F, Fut>(within: Duration, what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = Instant::now() + within;
    loop {
        if let Some(v) = check().await {
            return v;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
