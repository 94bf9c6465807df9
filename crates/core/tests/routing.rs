//! Routes end to end through `Core`: fallback, retries, circuit breakers, no switch after the first byte.

mod support;

use std::sync::Arc;
use std::time::Duration;

use futures::StreamExt;
use support::raw_upstream::serve_in_pieces;
use support::{AiMock, AIMOCK_KEY};
use switchyard_core::ir::accumulate::Accumulator;
use switchyard_core::ir::{ChatRequest, Message, Role};
use switchyard_core::providers::registry::ProviderInput;
use switchyard_core::providers::Deadlines;
use switchyard_core::router::backoff::RetryPolicy;
use switchyard_core::router::breaker::BreakerPolicy;
use switchyard_core::router::execute::RouterState;
use switchyard_core::router::route::{Route, RouteTarget, Strategy};
use switchyard_core::secrets::MemorySecretStore;
use switchyard_core::{Core, CoreConfig, ErrorCategory};

async fn core(dir: &std::path::Path, breaker: BreakerPolicy) -> Core {
    let retry = RetryPolicy { max_retries: 1, base: Duration::from_millis(5), cap: Duration::from_millis(20) };
    Core::open(CoreConfig {
        data_dir: dir.to_owned(),
        secrets: Arc::new(MemorySecretStore::default()),
        deadlines: Deadlines::default(),
        router: RouterState::new(retry, breaker),
        clock: std::sync::Arc::new(switchyard_core::cost::budget_book::SystemClock),
        queue: Default::default(),
        change_source: Default::default(),
    })
    .await
    .unwrap()
}

async fn provider(core: &Core, name: &str, base_url: &str, key: &str) -> String {
    core.save_provider(ProviderInput {
        id: None,
        name: name.into(),
        preset: "custom".into(),
        base_url: base_url.into(),
        api_key: Some(key.into()),
        extra_headers: vec![],
        default_model: None,
    })
    .await
    .unwrap()
    .id
}

fn target(provider_id: &str, model: &str) -> RouteTarget {
    RouteTarget { provider_id: provider_id.into(), model: model.into(), weight: 1 }
}

fn ask(text: &str) -> ChatRequest {
    ChatRequest { model: "ignored".into(), messages: vec![Message::text(Role::User, text)], ..Default::default() }
}

async fn text_of(core: &Core, route: &str, text: &str) -> (String, u32, String) {
    let (mut stream, served) = core.stream(support::gateway_call(route, &ask(text))).await.unwrap();
    let mut acc = Accumulator::default();
    while let Some(chunk) = stream.next().await {
        acc.push(&chunk.unwrap());
    }
    (acc.text, served.attempts, served.provider.name)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn falls_back_past_a_rejected_key_without_retrying_it() {
    let mock = AiMock::start();
    let dir = tempfile::tempdir().unwrap();
    let core = core(dir.path(), BreakerPolicy::default()).await;
    let bad = provider(&core, "bad-key", &mock.base_url, "sk-wrong-0000000000").await;
    let good = provider(&core, "good", &mock.base_url, AIMOCK_KEY).await;
    let route = Route {
        name: "smart".into(),
        strategy: Strategy::Priority,
        targets: vec![target(&bad, "m"), target(&good, "m")],
        strict: false,
        cache: None,
        cache_tool_calls: false,
    };
    core.save_route(route).await.unwrap();
    let (text, attempts, served_by) = text_of(&core, "smart", "hello").await;
    assert_eq!(text, "Hello from aimock! How can I help you today?");
    assert_eq!((attempts, served_by.as_str()), (2, "good"), "one try at the bad key, then the next target");
    let (whole, served) = core.complete(support::gateway_call("smart", &ask("hello"))).await.unwrap();
    assert_eq!((whole.text().as_str(), served.attempts), ("Hello from aimock! How can I help you today?", 2));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retries_a_transient_failure_then_succeeds() {
    let mock = AiMock::start();
    let dir = tempfile::tempdir().unwrap();
    let core = core(dir.path(), BreakerPolicy::default()).await;
    let only = provider(&core, "only", &mock.base_url, AIMOCK_KEY).await;
    core.save_route(Route {
        name: "r".into(),
        strategy: Strategy::Priority,
        targets: vec![target(&only, "m")],
        strict: false,
        cache: None,
        cache_tool_calls: false,
    })
    .await
    .unwrap();
    let (text, attempts, _) = text_of(&core, "r", "flaky").await;
    assert_eq!((text.as_str(), attempts), ("Recovered.", 2));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_request_is_not_retried_or_sent_elsewhere() {
    let mock = AiMock::start();
    let dir = tempfile::tempdir().unwrap();
    let core = core(dir.path(), BreakerPolicy::default()).await;
    let a = provider(&core, "a", &mock.base_url, AIMOCK_KEY).await;
    core.save_route(Route {
        name: "r".into(),
        strategy: Strategy::Priority,
        targets: vec![target(&a, "m"), target(&a, "n")],
        strict: false,
        cache: None,
        cache_tool_calls: false,
    })
    .await
    .unwrap();
    let err = core.stream(support::gateway_call("r", &ask("trigger 400"))).await.err().expect("400 must fail");
    assert_eq!(err.category, ErrorCategory::InvalidRequest);
    let missing = core.stream(support::gateway_call("nobody-offers-this", &ask("hello"))).await.err().unwrap();
    assert_eq!(missing.code, "model_not_found");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_breaker_opens_skips_the_failing_target_and_probes_after_the_cooldown() {
    let mock = AiMock::start();
    let dir = tempfile::tempdir().unwrap();
    let policy = BreakerPolicy {
        window: Duration::from_secs(60),
        min_calls: 2,
        failure_ratio: 0.5,
        cooldown: Duration::from_millis(300),
    };
    let core = core(dir.path(), policy).await;
    let p = provider(&core, "p", &mock.base_url, AIMOCK_KEY).await;
    let route = Route {
        name: "r".into(),
        strategy: Strategy::Priority,
        targets: vec![target(&p, "broken-model"), target(&p, "gpt-4o-mini")],
        strict: false,
        cache: None,
        cache_tool_calls: false,
    };
    core.save_route(route).await.unwrap();
    // Each call: the broken target twice (one retry), then the fallback.
    assert_eq!(text_of(&core, "r", "breaker").await.1, 3);
    // The two failures opened the circuit: the broken target is skipped.
    let (text, attempts, _) = text_of(&core, "r", "breaker").await;
    assert_eq!((text.as_str(), attempts), ("Fallback answered.", 1));
    tokio::time::sleep(Duration::from_millis(350)).await;
    // After the cooldown one probe goes through, fails, and the circuit opens again.
    assert_eq!(text_of(&core, "r", "breaker").await.1, 2);
    assert_eq!(text_of(&core, "r", "breaker").await.1, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn never_switches_target_after_the_answer_started() {
    let mock = AiMock::start();
    let dir = tempfile::tempdir().unwrap();
    let core = core(dir.path(), BreakerPolicy::default()).await;
    let half = b"data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Half\"}}]}\n\ndata: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\" an\"}}]}\n\n";
    let served = serve_in_pieces(half.to_vec(), vec![64], Duration::ZERO);
    let cut = provider(&core, "cut", &served.base_url, "k").await;
    let good = provider(&core, "good", &mock.base_url, AIMOCK_KEY).await;
    core.save_route(Route {
        name: "r".into(),
        strategy: Strategy::Priority,
        targets: vec![target(&cut, "m"), target(&good, "m")],
        strict: false,
        cache: None,
        cache_tool_calls: false,
    })
    .await
    .unwrap();
    let (mut stream, served_by) = core.stream(support::gateway_call("r", &ask("hello"))).await.unwrap();
    assert_eq!((served_by.provider.name.as_str(), served_by.attempts), ("cut", 1));
    let mut text = String::new();
    let mut error = None;
    while let Some(item) = stream.next().await {
        match item {
            Ok(switchyard_core::ir::StreamChunk::TextDelta(t)) => text.push_str(&t),
            Ok(_) => {}
            Err(e) => error = Some(e),
        }
    }
    assert_eq!(text, "Half an", "nothing from the other target was mixed in");
    assert_eq!(error.expect("the cut surfaces as a stream error").code, "upstream_stream_truncated");
}

#[tokio::test]
async fn routes_are_validated_and_stored() {
    let dir = tempfile::tempdir().unwrap();
    let core = core(dir.path(), BreakerPolicy::default()).await;
    let empty = Route {
        name: "x".into(),
        strategy: Strategy::Weighted,
        targets: vec![],
        strict: false,
        cache: None,
        cache_tool_calls: false,
    };
    assert_eq!(core.save_route(empty).await.unwrap_err().code, "route_targets_required");
    let ghost = Route {
        name: "x".into(),
        strategy: Strategy::Weighted,
        targets: vec![target("ghost", "m")],
        strict: false,
        cache: None,
        cache_tool_calls: false,
    };
    assert_eq!(core.save_route(ghost).await.unwrap_err().category, ErrorCategory::NotFound);
    let p = provider(&core, "p", "http://127.0.0.1:9/v1", "k").await;
    let r = Route {
        name: "x".into(),
        strategy: Strategy::Latency,
        targets: vec![target(&p, "m")],
        strict: false,
        cache: None,
        cache_tool_calls: false,
    };
    core.save_route(r.clone()).await.unwrap();
    assert_eq!(core.list_routes().await.unwrap(), vec![r]);
    core.delete_route("x").await.unwrap();
    assert!(core.list_routes().await.unwrap().is_empty());
}
