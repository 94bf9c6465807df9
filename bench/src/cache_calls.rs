//! One call as a cache client makes it: OpenAI or Anthropic dialect, whole or streamed, with or without an
//! `x-switchyard-cache` directive. The body is built once and sent as is every time, so repeated calls are
//! byte-identical (one cache key) and the client spends nothing on encoding. An answer is timed to its last byte and
//! checked whole: the mock's text, and for a stream the dialect's end marker.

use std::time::{Duration, Instant};

use bytes::Bytes;

use crate::launch::KEY;
use crate::streams::Dialect;

const ANSWER_TEXT: &str = "Hello from the bench upstream.";

pub struct Request {
    url: String,
    dialect: Dialect,
    stream: bool,
    directive: Option<&'static str>,
    body: Bytes,
}

impl Request {
    /// `base` is `http://127.0.0.1:<port>`; the path follows from the dialect.
    pub fn new(
        base: &str,
        model: &str,
        dialect: Dialect,
        stream: bool,
        prompt: &str,
        directive: Option<&'static str>,
    ) -> Self {
        let messages = serde_json::json!([{ "role": "user", "content": prompt }]);
        let (path, body) = match dialect {
            Dialect::OpenAi => {
                ("/v1/chat/completions", serde_json::json!({ "model": model, "stream": stream, "messages": messages }))
            }
            Dialect::Anthropic => (
                "/v1/messages",
                serde_json::json!({ "model": model, "max_tokens": 64, "stream": stream, "messages": messages }),
            ),
        };
        let body = Bytes::from(serde_json::to_vec(&body).unwrap());
        Self { url: format!("{base}{path}"), dialect, stream, directive, body }
    }
}

pub struct Answer {
    pub elapsed: Duration,
    /// What the gateway says the cache did: `hit`, `miss`, `bypass`, or empty when it says nothing (the mock).
    pub cache: String,
    pub complete: bool,
}

/// The call's status, what the gateway says the cache did, its body, and the time to its last byte.
async fn call(client: &reqwest::Client, r: &Request) -> (reqwest::StatusCode, String, Bytes, Duration) {
    let started = Instant::now();
    let request = client.post(&r.url).header("content-type", "application/json").body(r.body.clone());
    let request = match r.dialect {
        Dialect::OpenAi => request.bearer_auth(KEY),
        Dialect::Anthropic => request.header("x-api-key", KEY).header("anthropic-version", "2023-06-01"),
    };
    let request = match r.directive {
        Some(directive) => request.header("x-switchyard-cache", directive),
        None => request,
    };
    let response = request.send().await.expect("the call reaches its server");
    let status = response.status();
    let cache = response.headers().get("x-switchyard-cache").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    let body = response.bytes().await.expect("the answer's body arrives");
    (status, cache, body, started.elapsed())
}

/// A call that must succeed.
pub async fn send(client: &reqwest::Client, r: &Request) -> Answer {
    let (status, cache, body, elapsed) = call(client, r).await;
    assert!(status.is_success(), "HTTP {status}: {}", String::from_utf8_lossy(&body));
    Answer { elapsed, cache, complete: complete(r, &body) }
}

/// Whether the cache answered (a miss under `x-switchyard-cache: only` is an error status, not a failure here).
pub async fn answered_from_cache(client: &reqwest::Client, r: &Request) -> bool {
    let (status, cache, body, _) = call(client, r).await;
    status.is_success() && cache == "hit" && complete(r, &body)
}

fn complete(r: &Request, body: &[u8]) -> bool {
    let text = String::from_utf8_lossy(body);
    match (r.stream, r.dialect) {
        (false, _) => text.contains(ANSWER_TEXT),
        (true, Dialect::OpenAi) => text.trim_end().ends_with("data: [DONE]"),
        (true, Dialect::Anthropic) => {
            let last = text.trim_end().rsplit("\n\n").next().unwrap_or("");
            last.starts_with("event: message_stop")
        }
    }
}
