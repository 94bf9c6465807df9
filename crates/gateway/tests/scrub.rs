//! Keys an upstream echoes back in its error (a Zhipu GLM key, a key of a shape no pattern knows) reach neither the
//! caller nor the log file. Its own binary: the log is the process-wide subscriber.

mod harness;
#[path = "../../core/tests/support/mod.rs"]
mod support;

use harness::Gateway;
use serde_json::{json, Value};
use support::capture::{Capture, Captured, Reply};
use switchyard_core::providers::registry::ProviderInput;

/// Answers 400 quoting the key it was sent, as OpenAI-compatible providers do for a wrong key.
fn echo_key(r: &Captured) -> Reply {
    let key = r.header("authorization").unwrap_or("").trim_start_matches("Bearer ").to_owned();
    let body = json!({ "error": { "message": format!("Incorrect API key provided: {key}."), "type": "invalid_request_error" } });
    Reply { status: 400, content_type: "application/json", body: body.to_string() }
}

fn never(_: &Captured) -> Reply {
    Reply::json("{}")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upstream_400_echoing_the_key_is_scrubbed_for_the_caller_and_in_the_log() {
    let logs = tempfile::tempdir().unwrap();
    let guard = switchyard_core::logging::init(logs.path()).unwrap();
    let gw = Gateway::start(never, never).await;
    let upstream = Capture::start(echo_key);
    let zhipu = "0f1e2d3c4b5a69788796a5b4c3d2e1f0.Xy7QwErTyUiOp123";
    let unshaped = "a-passphrase-of-plain-words-only";
    for (name, preset, key) in [("glm", "zhipu", zhipu), ("relay", "custom", unshaped)] {
        gw.core
            .save_provider(ProviderInput {
                id: None,
                name: name.into(),
                preset: preset.into(),
                base_url: upstream.base_url.clone(),
                api_key: Some(key.into()),
                extra_headers: vec![],
                default_model: None,
            })
            .await
            .unwrap();
    }
    let mut answers = String::new();
    for (name, key) in [("glm", zhipu), ("relay", unshaped)] {
        let model = format!("{name}/some-model");
        let openai = json!({ "model": model, "messages": [{ "role": "user", "content": "hi" }] });
        let anthropic = json!({ "model": model, "max_tokens": 8, "messages": [{ "role": "user", "content": "hi" }] });
        for (path, body) in [("/v1/chat/completions", openai), ("/v1/messages", anthropic)] {
            let r = gw.post(path, &body, &[]).await;
            assert_eq!(r.status(), 400, "{path} via {name}");
            let v: Value = r.json().await.unwrap();
            let message = v["error"]["message"].as_str().unwrap().to_owned();
            assert!(message.contains("Incorrect API key provided: [REDACTED]"), "{path} via {name}: {message}");
            answers.push_str(&message);
        }
        // The upstream did get the key: what is removed is its echo.
        assert!(upstream.requests().iter().any(|c| c.header("authorization") == Some(&format!("Bearer {key}"))));
    }
    drop(guard);
    let mut log = String::new();
    for entry in std::fs::read_dir(logs.path()).unwrap() {
        log.push_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap());
    }
    assert!(log.contains("upstream returned an error status"), "the upstream body is logged: {log}");
    for secret in ["Xy7QwErTyUiOp123", "0f1e2d3c4b5a6978", "a-passphrase-of-plain-words-only"] {
        assert!(!answers.contains(secret), "{secret} reached the caller: {answers}");
        assert!(!log.contains(secret), "{secret} reached the log");
    }
}
