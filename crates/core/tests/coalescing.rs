//! Identical requests in flight together, streamed or whole, reach the upstream once and all get the whole answer.

mod support;

use std::sync::Arc;

use futures::StreamExt;
use support::{AiMock, AIMOCK_KEY};
use switchyard_core::ir::accumulate::Accumulator;
use switchyard_core::ir::{ChatRequest, Message, Role};
use switchyard_core::Core;

async fn upstream_chat_calls(mock: &AiMock) -> usize {
    let journal: serde_json::Value = reqwest::Client::new()
        .get(mock.base_url.replace("/v1", "/__aimock/journal"))
        .bearer_auth(AIMOCK_KEY)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let entries = journal.as_array().cloned().or_else(|| journal["entries"].as_array().cloned()).unwrap_or_default();
    entries.iter().filter(|e| e["path"].as_str().is_some_and(|p| p.ends_with("/chat/completions"))).count()
}

async fn read(core: Arc<Core>, request: ChatRequest) -> (String, u32) {
    let (mut stream, served) = core.stream(support::gateway_call("story/gpt-4o-mini", &request)).await.unwrap();
    let mut acc = Accumulator::default();
    while let Some(chunk) = stream.next().await {
        acc.push(&chunk.unwrap());
    }
    (acc.text, served.attempts)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn identical_requests_in_flight_share_one_upstream_call() {
    let mock = AiMock::start();
    let dir = tempfile::tempdir().unwrap();
    let core = Arc::new(support::open_core(dir.path()).await);
    support::aimock_provider(&core, &mock, "story", "custom").await;
    let ask = |text: &str| ChatRequest {
        model: "x".into(),
        messages: vec![Message::text(Role::User, text)],
        ..Default::default()
    };

    // The story streams slowly (60 ms a chunk), so the three calls overlap.
    let calls: Vec<_> = (0..3).map(|_| tokio::spawn(read(core.clone(), ask("tell me a long story")))).collect();
    let mut results = Vec::new();
    for c in calls {
        results.push(c.await.unwrap());
    }
    assert!(results[0].0.starts_with("Once upon a time") && results[0].0.ends_with("quiet again."));
    assert!(results.iter().all(|(text, _)| *text == results[0].0), "every caller got the whole answer");
    let mut attempts: Vec<u32> = results.iter().map(|(_, a)| *a).collect();
    attempts.sort();
    assert_eq!(attempts, [0, 0, 1], "one caller went upstream, two shared it");
    assert_eq!(upstream_chat_calls(&mock).await, 1);

    // Different requests are not shared, and a finished answer is not a cache.
    let (other, _) = read(core.clone(), ask("hello")).await;
    assert_eq!(other, "Hello from aimock! How can I help you today?");
    read(core.clone(), ask("tell me a long story")).await;
    assert_eq!(upstream_chat_calls(&mock).await, 3);
}

const WHOLE_ANSWER: &str = r#"{"id":"c1","object":"chat.completion","model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"Shared answer."},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}}"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn identical_whole_requests_in_flight_share_one_upstream_call() {
    let (base_url, upstream_calls) =
        support::raw_upstream::serve_json_slowly(WHOLE_ANSWER, std::time::Duration::from_millis(300));
    let dir = tempfile::tempdir().unwrap();
    let core = Arc::new(support::open_core(dir.path()).await);
    core.save_provider(switchyard_core::providers::registry::ProviderInput {
        id: None,
        name: "slow".into(),
        preset: "custom".into(),
        base_url,
        api_key: Some("k".into()),
        extra_headers: vec![],
        default_model: None,
    })
    .await
    .unwrap();
    let ask = |text: &str| ChatRequest {
        model: "x".into(),
        messages: vec![Message::text(Role::User, text)],
        ..Default::default()
    };
    let whole = |request: ChatRequest| {
        let core = core.clone();
        tokio::spawn(async move {
            let (answer, served) = core.complete(support::gateway_call("slow/m", &request)).await.unwrap();
            (answer.text(), served.attempts)
        })
    };
    let calls: Vec<_> = vec![whole(ask("same")), whole(ask("same")), whole(ask("same")), whole(ask("different"))];
    let mut results = Vec::new();
    for c in calls {
        results.push(c.await.unwrap());
    }
    assert!(results.iter().all(|(text, _)| text == "Shared answer."));
    let mut attempts: Vec<u32> = results.iter().map(|(_, a)| *a).collect();
    attempts.sort();
    assert_eq!(attempts, [0, 0, 1, 1], "the three identical calls made one, the different one its own");
    assert_eq!(upstream_calls.load(std::sync::atomic::Ordering::SeqCst), 2);

    whole(ask("same")).await.unwrap();
    assert_eq!(upstream_calls.load(std::sync::atomic::Ordering::SeqCst), 3, "a finished answer is not a cache");
}

/// The same request to two destinations (a route and the model it points at) is two calls, not one shared flight;
/// and of the callers that shared one flight only the one that went upstream pays.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_calls_to_the_same_destination_share_and_sharers_pay_nothing() {
    let mock = AiMock::start();
    let dir = tempfile::tempdir().unwrap();
    let core = Arc::new(support::open_core(dir.path()).await);
    let story = support::aimock_provider(&core, &mock, "story", "custom").await;
    core.save_route(switchyard_core::router::route::Route {
        name: "tales".into(),
        strategy: switchyard_core::router::route::Strategy::Priority,
        targets: vec![switchyard_core::router::route::RouteTarget {
            provider_id: story,
            model: "gpt-4o-mini".into(),
            weight: 1,
        }],
        strict: false,
        cache: None,
        cache_tool_calls: false,
    })
    .await
    .unwrap();
    let request = ChatRequest {
        model: "x".into(),
        messages: vec![Message::text(Role::User, "tell me a long story")],
        ..Default::default()
    };
    let via = |name: &'static str| {
        let (core, request) = (core.clone(), request.clone());
        tokio::spawn(async move {
            let (mut stream, served) = core.stream(support::gateway_call(name, &request)).await.unwrap();
            while stream.next().await.is_some() {}
            served.attempts
        })
    };
    let (a, b) = (via("story/gpt-4o-mini"), via("tales"));
    assert_eq!((a.await.unwrap(), b.await.unwrap()), (1, 1), "each destination made its own call");
    assert_eq!(upstream_chat_calls(&mock).await, 2);

    let shared: Vec<_> = (0..3).map(|_| tokio::spawn(read(core.clone(), request.clone()))).collect();
    for s in shared {
        s.await.unwrap();
    }
    let rows = core.recent_calls(3).await.unwrap();
    let sources: Vec<_> = rows.iter().map(|r| r.cost.as_ref().map(|c| c.source)).collect();
    let free_riders = sources.iter().filter(|s| **s == Some(switchyard_core::cost::money::PriceSource::Shared)).count();
    assert_eq!(free_riders, 2, "two of three shared the first one's call: {sources:?}");
    assert_eq!(rows.iter().filter(|r| r.attempts == 0).count(), 2);
}
