//! Recorded real Anthropic streams (../shared/vectors) served as the upstream in 1-7 byte writes, read through the
//! gateway by an OpenAI client: the chunks follow OpenAI's rules and carry the recording's text and tool calls.

#[path = "../../core/tests/support/mod.rs"]
mod support;

use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Value};
use support::grammar::check_openai_grammar;
use support::raw_upstream::serve_in_pieces;
use switchyard_core::providers::registry::ProviderInput;
use switchyard_core::store::access_keys::Scope;
use switchyard_core::translate::sse::SseParser;

fn recordings() -> Vec<(String, Vec<u8>)> {
    let Some(root) = support::shared_vectors() else { return vec![] };
    let dir = root.join("anthropic-sdk-python");
    let mut out: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .filter(|p| {
            !["incomplete_partial_json_response.txt", "out_of_order_response.txt"]
                .contains(&p.file_name().unwrap().to_str().unwrap())
        })
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
        .collect();
    out.sort();
    out
}

fn events(bytes: &[u8]) -> Vec<String> {
    let mut p = SseParser::new();
    let mut all = p.feed(bytes);
    all.extend(p.finish());
    all.into_iter().map(|e| e.data).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn anthropic_recordings_reach_openai_clients_intact_through_the_gateway() {
    let recorded = recordings();
    if recorded.is_empty() {
        eprintln!("SKIP: ../shared/vectors is absent; this test replays the recorded streams kept there");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let core = Arc::new(support::open_core(dir.path()).await);
    let key = core.create_access_key("replay", vec![Scope::Chat]).await.unwrap().secret;
    let addr = switchyard_gateway::serve(core.clone(), Some(0)).await.unwrap().addr();
    let http = reqwest::Client::new();
    for (i, (name, bytes)) in recorded.iter().enumerate() {
        let served = serve_in_pieces(bytes.clone(), vec![1, 3, 7, 2, 5], Duration::ZERO);
        core.save_provider(ProviderInput {
            id: None,
            name: format!("rec{i}"),
            preset: "custom_anthropic".into(),
            base_url: served.base_url.clone(),
            api_key: None,
            extra_headers: vec![],
            default_model: None,
        })
        .await
        .unwrap();
        let body = json!({ "model": format!("rec{i}/claude"), "stream": true, "stream_options": { "include_usage": true },
                           "messages": [{ "role": "user", "content": "replay" }] });
        let r =
            http.post(format!("http://{addr}/v1/chat/completions")).bearer_auth(&key).json(&body).send().await.unwrap();
        assert_eq!(r.status(), 200, "{name}");
        let out = events(&r.bytes().await.unwrap());
        assert_eq!(out.last().map(String::as_str), Some("[DONE]"), "{name}");
        let chunks: Vec<Value> = out[..out.len() - 1].iter().map(|d| serde_json::from_str(d).unwrap()).collect();
        check_openai_grammar(name, &chunks);

        let recorded_events: Vec<Value> = events(bytes).iter().filter_map(|d| serde_json::from_str(d).ok()).collect();
        let recorded_text: String = recorded_events
            .iter()
            .filter(|v| v.pointer("/delta/type").and_then(Value::as_str) == Some("text_delta"))
            .map(|v| v["delta"]["text"].as_str().unwrap().to_owned())
            .collect();
        // Arguments of client tools only: server tools (web search) ran at Anthropic and have no OpenAI counterpart.
        let client_tool_blocks: Vec<u64> = recorded_events
            .iter()
            .filter(|v| v.pointer("/content_block/type").and_then(Value::as_str) == Some("tool_use"))
            .filter_map(|v| v["index"].as_u64())
            .collect();
        let recorded_args: String = recorded_events
            .iter()
            .filter(|v| v["index"].as_u64().is_some_and(|i| client_tool_blocks.contains(&i)))
            .filter_map(|v| v.pointer("/delta/partial_json").and_then(Value::as_str).map(str::to_owned))
            .collect();
        let text: String = chunks.iter().filter_map(|c| c["choices"][0]["delta"]["content"].as_str()).collect();
        let args: String = chunks
            .iter()
            .flat_map(|c| c["choices"][0]["delta"]["tool_calls"].as_array().cloned().unwrap_or_default())
            .filter_map(|t| t["function"]["arguments"].as_str().map(str::to_owned))
            .collect();
        assert_eq!(text, recorded_text, "{name}: text");
        assert_eq!(args, recorded_args, "{name}: tool arguments");
        // The recording's own numbers, passed through: input from message_start, output from the last message_delta.
        let recorded_output =
            recorded_events.iter().rev().find_map(|v| v.pointer("/usage/output_tokens")).and_then(Value::as_u64);
        let usage = &chunks.last().unwrap()["usage"];
        assert!(usage["prompt_tokens"].as_u64().unwrap() > 0, "{name}: usage {usage}");
        assert_eq!(usage["completion_tokens"].as_u64(), recorded_output, "{name}: usage {usage}");
    }
}
