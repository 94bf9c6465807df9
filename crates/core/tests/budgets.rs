//! Budgets hold under concurrency, alert once per threshold per window, block or only notify, and never block a
//! free local model. The upstream answers every call with the same usage, so every cost is known in advance.

mod support;

use std::sync::Arc;

use futures::StreamExt;
use support::capture::Capture;
use support::gateway_call;
use support::priced::{fixed_usage_upstream, flat_price, CALL_COST};
use switchyard_core::cost::budgets::{Budget, BudgetAction, BudgetPeriod, BudgetScope};
use switchyard_core::events::CoreEvent;
use switchyard_core::ir::{ChatRequest, Message, Role};
use switchyard_core::providers::registry::ProviderInput;
use switchyard_core::router::route::{Route, RouteTarget, Strategy};
use switchyard_core::secrets::MemorySecretStore;
use switchyard_core::store::ledger::CallStatus;
use switchyard_core::{Core, CoreConfig, ErrorCategory};

const MAX_TOKENS: u32 = 1_000;

async fn provider(core: &Core, name: &str, preset: &str, base_url: &str, model: &str) -> String {
    core.save_provider(ProviderInput {
        id: None,
        name: name.into(),
        preset: preset.into(),
        base_url: base_url.into(),
        api_key: Some("sk-test".into()),
        extra_headers: vec![],
        default_model: Some(model.into()),
    })
    .await
    .unwrap()
    .id
}

/// Keys outlive a restart of core, as they do in the keychain.
async fn open(dir: &std::path::Path, secrets: &Arc<MemorySecretStore>) -> Core {
    Core::open(CoreConfig::new(dir.to_owned(), secrets.clone())).await.unwrap()
}

/// A core with one paid provider (`paid`, model `m`, priced by an override) over `upstream`.
async fn priced_core(dir: &std::path::Path, upstream: &Capture) -> (Core, String) {
    let core = open(dir, &Arc::new(MemorySecretStore::default())).await;
    let paid = provider(&core, "paid", "custom", &upstream.base_url, "m").await;
    price(&core, &paid).await;
    (core, paid)
}

async fn price(core: &Core, paid: &str) {
    core.set_provider_models(paid, vec!["m".into()]).await.unwrap();
    core.save_price_override(flat_price(paid, "m")).await.unwrap();
}

fn ask(text: &str) -> ChatRequest {
    ChatRequest { messages: vec![Message::text(Role::User, text)], max_tokens: Some(MAX_TOKENS), ..Default::default() }
}

fn budget(limit: i64, action: BudgetAction) -> Budget {
    Budget {
        id: String::new(),
        name: "Daily".into(),
        scope: BudgetScope::Global,
        period: BudgetPeriod::Day,
        limit_usd_micros: limit,
        action,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_concurrent_calls_overshoot_a_blocking_budget_by_at_most_one_reservation() {
    let up = fixed_usage_upstream();
    let dir = tempfile::tempdir().unwrap();
    let (core, _) = priced_core(dir.path(), &up).await;
    let limit = 10 * CALL_COST - 5_000; // room for nine and a half calls
    core.save_budget(budget(limit, BudgetAction::Block)).await.unwrap();
    let core = Arc::new(core);
    let calls: Vec<_> = (0..50)
        .map(|i| {
            let core = core.clone();
            // Different texts: identical calls in flight would share one upstream call.
            tokio::spawn(async move { core.complete(gateway_call("m", &ask(&format!("hi {i}")))).await })
        })
        .collect();
    let (mut ok, mut refused) = (0, 0);
    for c in calls {
        match c.await.unwrap() {
            Ok(_) => ok += 1,
            Err(e) => {
                assert_eq!((e.code.as_str(), e.category), ("budget_exceeded", ErrorCategory::Budget), "{e:?}");
                refused += 1;
            }
        }
    }
    let status = core.list_budgets().await.unwrap().remove(0);
    // A reservation is the input estimate plus max_tokens at the same price: under 1_100 tokens.
    let one_reservation = 1_100 * 10;
    assert!(status.spent_usd_micros <= limit + one_reservation, "overshot: {status:?}");
    assert!(status.spent_usd_micros >= limit, "the budget was not used up: {status:?}");
    assert_eq!(status.reserved_usd_micros, 0, "every reservation is settled");
    assert_eq!(status.spent_usd_micros, ok * CALL_COST, "spent is what the admitted calls cost");
    assert_eq!(ok + refused, 50);
    assert_eq!(upstream_calls(&up), ok as usize, "a refused call never reaches the provider");
    let rows = core.recent_calls(100).await.unwrap();
    assert_eq!(rows.len(), 50, "refused calls are in the ledger too");
    let refused_rows = rows.iter().filter(|r| r.error_category == Some(ErrorCategory::Budget)).count();
    assert_eq!(refused_rows as i64, refused);
    assert!(rows
        .iter()
        .filter(|r| r.status == CallStatus::Ok)
        .all(|r| r.cost.as_ref().unwrap().usd_micros == CALL_COST));
}

fn upstream_calls(up: &Capture) -> usize {
    up.requests().len()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn alerts_fire_once_per_threshold_per_window_even_across_restarts() {
    let up = fixed_usage_upstream();
    let dir = tempfile::tempdir().unwrap();
    let secrets = Arc::new(MemorySecretStore::default());
    let core = open(dir.path(), &secrets).await;
    let paid = provider(&core, "paid", "custom", &up.base_url, "m").await;
    price(&core, &paid).await;
    let saved = core.save_budget(budget(4 * CALL_COST, BudgetAction::Notify)).await.unwrap();
    let mut events = core.subscribe_events();
    let mut alerts = Vec::new();
    for (i, expected) in [vec![], vec![50], vec![], vec![80, 95, 100], vec![]].into_iter().enumerate() {
        core.complete(gateway_call("m", &ask(&format!("call {i}")))).await.expect("notify never blocks");
        for _ in &expected {
            alerts.push(next_alert(&mut events).await);
        }
    }
    let thresholds: Vec<u32> = alerts.iter().map(|a| a.0).collect();
    assert_eq!(thresholds, [50, 80, 95, 100]);
    assert!(alerts.iter().all(|a| a.1 == saved.id));
    assert_eq!(alerts[0].2, 2 * CALL_COST, "the 50% alert carries what was spent");
    core.flush_ledger().await;
    drop(core);
    let core = open(dir.path(), &secrets).await;
    let mut events = core.subscribe_events();
    core.complete(gateway_call("m", &ask("after restart"))).await.unwrap();
    let status = core.list_budgets().await.unwrap().remove(0);
    assert_eq!((status.spent_usd_micros, status.percent), (6 * CALL_COST, 150));
    while let Ok(e) = events.try_recv() {
        assert!(!matches!(e, CoreEvent::BudgetAlert { .. }), "an alert repeated after a restart: {e:?}");
    }
}

async fn next_alert(events: &mut tokio::sync::broadcast::Receiver<CoreEvent>) -> (u32, String, i64) {
    loop {
        let e = tokio::time::timeout(std::time::Duration::from_secs(10), events.recv()).await;
        match e.expect("an expected alert never came").unwrap() {
            CoreEvent::BudgetAlert { threshold, budget_id, spent_usd_micros, .. } => {
                return (threshold, budget_id, spent_usd_micros)
            }
            _ => continue,
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_used_up_budget_blocks_paid_calls_but_a_route_falls_back_to_a_free_local_model() {
    let up = fixed_usage_upstream();
    let dir = tempfile::tempdir().unwrap();
    let (core, paid) = priced_core(dir.path(), &up).await;
    let local = provider(&core, "local", "ollama", &up.base_url, "llama3").await;
    core.set_provider_models(&local, vec!["llama3".into()]).await.unwrap();
    core.save_route(Route {
        name: "thrifty".into(),
        strategy: Strategy::Priority,
        targets: vec![
            RouteTarget { provider_id: paid.clone(), model: "m".into(), weight: 1 },
            RouteTarget { provider_id: local.clone(), model: "llama3".into(), weight: 1 },
        ],
        strict: false,
        cache: None,
        cache_tool_calls: false,
    })
    .await
    .unwrap();
    core.save_budget(budget(CALL_COST / 2, BudgetAction::Block)).await.unwrap();
    core.complete(gateway_call("m", &ask("first"))).await.expect("an unspent budget admits the call");
    let refused = core.complete(gateway_call("m", &ask("second"))).await.unwrap_err();
    assert_eq!(refused.code, "budget_exceeded");
    let (mut stream, served) = core.stream(gateway_call("thrifty", &ask("third"))).await.unwrap();
    while stream.next().await.is_some() {}
    drop(stream);
    assert_eq!(served.provider.id, local, "the route passed over the blocked paid target");
    let row = &core.recent_calls(1).await.unwrap()[0];
    assert_eq!(row.status, CallStatus::Ok);
    assert_eq!(row.cost.as_ref().map(|c| c.usd_micros), Some(0), "a local model costs nothing: {row:?}");
    let status = core.list_budgets().await.unwrap().remove(0);
    assert_eq!(status.spent_usd_micros, CALL_COST, "only the first call spent");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn budgets_cover_only_their_provider_or_access_key() {
    let up = fixed_usage_upstream();
    let dir = tempfile::tempdir().unwrap();
    let (core, paid) = priced_core(dir.path(), &up).await;
    let key_budget =
        Budget { scope: BudgetScope::AccessKey { key_id: "k-other".into() }, ..budget(1, BudgetAction::Block) };
    core.save_budget(key_budget).await.unwrap();
    let provider_budget = Budget {
        scope: BudgetScope::Provider { provider_id: paid.clone() },
        ..budget(CALL_COST / 2, BudgetAction::Block)
    };
    let provider_budget = core.save_budget(provider_budget).await.unwrap();
    core.complete(gateway_call("m", &ask("a"))).await.expect("another key's budget does not apply");
    let statuses = core.list_budgets().await.unwrap();
    let spent = |id: &str| statuses.iter().find(|s| s.budget.id == id).unwrap().spent_usd_micros;
    let key_budget_id = statuses.iter().find(|s| s.budget.id != provider_budget.id).unwrap().budget.id.clone();
    assert_eq!(spent(&key_budget_id), 0, "a call by key k-test does not count for k-other");
    assert_eq!(spent(&provider_budget.id), CALL_COST);
    assert_eq!(core.complete(gateway_call("m", &ask("b"))).await.unwrap_err().code, "budget_exceeded");
    core.delete_budget(&provider_budget.id).await.unwrap();
    core.complete(gateway_call("m", &ask("c"))).await.expect("a deleted budget no longer blocks");
    assert_eq!(core.delete_budget(&provider_budget.id).await.unwrap_err().code, "budget_not_found");
    let invalid = Budget { limit_usd_micros: 0, ..budget(1, BudgetAction::Block) };
    assert_eq!(core.save_budget(invalid).await.unwrap_err().code, "budget_limit_invalid");
}

/// While a call runs, its budgets hold its most possible cost: every input token (counted as core counts them) and
/// every output token it may write, at the model's price. A call that fails gives its reservation back.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_running_call_holds_its_input_and_max_output_and_a_failed_one_gives_it_back() {
    let stalled = support::raw_upstream::serve_then_stall(std::time::Duration::from_secs(60));
    let dir = tempfile::tempdir().unwrap();
    let core = support::open_core(dir.path()).await;
    let slow = provider(&core, "slow", "custom", &stalled.base_url, "m").await;
    price(&core, &slow).await;
    core.save_budget(budget(1_000_000_000, BudgetAction::Notify)).await.unwrap();
    let long = ChatRequest {
        messages: vec![Message::text(Role::User, "word ".repeat(2_000))],
        max_tokens: Some(10),
        ..Default::default()
    };
    let expected = (switchyard_core::cost::tokens::count_request(&long) as i64 + 10) * 10;
    assert!(expected > 20_000, "the prompt is what the reservation is mostly made of");
    let (stream, _) = core.stream(gateway_call("m", &long)).await.unwrap();
    // The upstream sent its first chunk and stalls: the call is running, holding its reservation.
    let status = core.list_budgets().await.unwrap().remove(0);
    assert_eq!((status.reserved_usd_micros, status.spent_usd_micros), (expected, 0));
    drop(stream);

    let refusing = Capture::start(|_| support::capture::Reply {
        status: 400,
        content_type: "application/json",
        body: r#"{"error":{"message":"no","type":"invalid_request_error"}}"#.into(),
    });
    let dir = tempfile::tempdir().unwrap();
    let core = support::open_core(dir.path()).await;
    let bad = provider(&core, "bad", "custom", &refusing.base_url, "m").await;
    price(&core, &bad).await;
    core.save_budget(budget(1_000_000_000, BudgetAction::Block)).await.unwrap();
    assert!(core.complete(gateway_call("m", &ask("x"))).await.is_err());
    let status = core.list_budgets().await.unwrap().remove(0);
    assert_eq!((status.reserved_usd_micros, status.spent_usd_micros), (0, 0), "a failed call holds nothing");
}
