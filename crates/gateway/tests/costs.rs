//! What calls through the gateway cost: each one priced by core's meter (the same one a chat turn goes through),
//! and a used-up budget answered 402 in the caller's own dialect.

#[path = "../../core/tests/support/mod.rs"]
mod support;

use std::sync::Arc;

use serde_json::{json, Value};
use support::capture::Capture;
use support::priced::{fixed_usage_upstream, priced_provider, CALL_COST};
use switchyard_core::chat::{ChatTarget, SendMessage};
use switchyard_core::cost::budgets::{Budget, BudgetAction, BudgetPeriod, BudgetScope};
use switchyard_core::store::access_keys::Scope;
use switchyard_core::{Core, OriginKind};

struct Setup {
    _dir: tempfile::TempDir,
    _up: Capture,
    core: Arc<Core>,
    provider_id: String,
    url: String,
    key: String,
    http: reqwest::Client,
}

async fn setup() -> Setup {
    let up = fixed_usage_upstream();
    let dir = tempfile::tempdir().unwrap();
    let core = Arc::new(support::open_core(dir.path()).await);
    let provider_id = priced_provider(&core, &up, "paid", "m").await;
    let key = core.create_access_key("tests", vec![Scope::Chat]).await.unwrap().secret;
    let addr = switchyard_gateway::serve(core.clone(), Some(0)).await.unwrap().addr();
    Setup { _dir: dir, _up: up, core, provider_id, url: format!("http://{addr}"), key, http: reqwest::Client::new() }
}

impl Setup {
    async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        let r = self.http.post(format!("{}{path}", self.url)).bearer_auth(&self.key).json(&body).send().await.unwrap();
        let status = r.status().as_u16();
        let text = r.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
    }
}

/// A chat turn and a gateway call get their ledger rows from the same meter: the same price for the same usage,
/// the meter's origin fields, and a first-token time. A door that built its own row would have none of them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chat_turn_and_a_gateway_call_are_metered_by_the_same_door() {
    let s = setup().await;
    let (status, _) = s
        .post(
            "/v1/chat/completions",
            json!({"model": "m", "stream": true,
        "messages": [{"role": "user", "content": "hi"}]}),
        )
        .await;
    assert_eq!(status, 200);
    let conversation = s.core.create_conversation(None).await.unwrap();
    let answer = s
        .core
        .send_message(
            SendMessage {
                request_id: "r1".into(),
                conversation_id: conversation.id.clone(),
                pane_id: "pane-1".into(),
                target: ChatTarget::Model { provider_id: s.provider_id.clone(), model: "m".into() },
                text: "hi".into(),
                cache: None,
                later: false,
                place: Default::default(),
            },
            &|_| {},
        )
        .await
        .unwrap();
    assert_eq!(answer.cost.as_ref().map(|c| c.usd_micros), Some(CALL_COST), "the answer shows its cost");
    let rows = s.core.recent_calls(2).await.unwrap();
    let (chat, gateway) = (&rows[0], &rows[1]);
    assert_eq!((chat.origin_kind, gateway.origin_kind), (OriginKind::Pane, OriginKind::Gateway));
    assert_eq!(chat.cost, gateway.cost, "one meter prices both the same");
    assert_eq!(gateway.cost.as_ref().unwrap().usd_micros, CALL_COST);
    assert_eq!((chat.origin.as_str(), gateway.origin.as_str()), ("chat:pane-1", "gateway:tests"));
    assert_eq!(chat.message_id.as_deref(), Some(answer.id.as_str()));
    assert_eq!(chat.conversation_id.as_deref(), Some(conversation.id.as_str()));
    assert!(gateway.access_key_id.is_some() && chat.access_key_id.is_none());
    assert!(chat.ttft_ms.is_some() && gateway.ttft_ms.is_some());
    let total = s.core.conversation_cost(&conversation.id).await.unwrap();
    assert_eq!((total.usd_micros, total.priced_answers, total.unpriced_answers), (CALL_COST, 1, 0));
    let listed = s.core.list_messages(&conversation.id).await.unwrap();
    assert_eq!(listed[1].cost.as_ref().map(|c| c.usd_micros), Some(CALL_COST), "a reloaded answer keeps its cost");
    assert_eq!(listed[0].cost, None, "a question costs nothing by itself");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_used_up_budget_is_a_402_in_both_dialects() {
    let s = setup().await;
    let budget = Budget {
        id: String::new(),
        name: "Daily".into(),
        scope: BudgetScope::Global,
        period: BudgetPeriod::Day,
        limit_usd_micros: CALL_COST / 2,
        action: BudgetAction::Block,
    };
    s.core.save_budget(budget).await.unwrap();
    let ask = |text: &str| json!({"model": "m", "max_tokens": 1000, "messages": [{"role": "user", "content": text}]});
    let (first, _) = s.post("/v1/chat/completions", ask("one")).await;
    assert_eq!(first, 200);
    let (status, body) = s.post("/v1/chat/completions", ask("two")).await;
    assert_eq!(status, 402, "{body}");
    assert_eq!(body["error"]["code"], "budget_exceeded");
    assert_eq!(body["error"]["type"], "insufficient_quota");
    assert!(body["error"]["message"].as_str().unwrap().contains("Daily"));
    let mut streamed = ask("three");
    streamed["stream"] = json!(true);
    let (status, body) = s.post("/v1/chat/completions", streamed).await;
    assert_eq!(
        (status, &body["error"]["code"]),
        (402, &json!("budget_exceeded")),
        "a stream is refused before its 200"
    );
    let (status, body) = s.post("/v1/messages", ask("four")).await;
    assert_eq!(status, 402, "{body}");
    assert_eq!((&body["type"], &body["error"]["type"]), (&json!("error"), &json!("billing_error")));
    assert_eq!(body["code"], "budget_exceeded");
}

fn samples(text: &str) -> Vec<prometheus_parse::Sample> {
    let lines = text.lines().map(|l| Ok(l.to_owned()));
    prometheus_parse::Scrape::parse(lines).expect("/metrics parses as Prometheus text").samples
}

fn counter(samples: &[prometheus_parse::Sample], name: &str, labels: &[(&str, &str)]) -> f64 {
    samples
        .iter()
        .filter(|s| s.metric == name && labels.iter().all(|(k, v)| s.labels.get(k) == Some(*v)))
        .map(|s| match s.value {
            prometheus_parse::Value::Counter(v) | prometheus_parse::Value::Untyped(v) => v,
            _ => 0.0,
        })
        .sum()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_parse_as_prometheus_text_and_move_with_calls() {
    let s = setup().await;
    let scrape = || async {
        let r = s.http.get(format!("{}/metrics", s.url)).send().await.unwrap();
        assert_eq!(r.status(), 200, "no access key is needed on loopback");
        samples(&r.text().await.unwrap())
    };
    let before = scrape().await;
    let ok = [("route", "m"), ("provider", "paid"), ("model", "m"), ("status", "ok")];
    assert_eq!(counter(&before, "switchyard_requests_total", &ok), 0.0);
    for text in ["one", "two"] {
        let (status, _) = s
            .post(
                "/v1/chat/completions",
                json!({"model": "m",
            "messages": [{"role": "user", "content": text}]}),
            )
            .await;
        assert_eq!(status, 200);
    }
    let (status, _) = s
        .post(
            "/v1/chat/completions",
            json!({"model": "nobody-has-this",
        "messages": [{"role": "user", "content": "x"}]}),
        )
        .await;
    assert_eq!(status, 404);
    s.core.flush_ledger().await;
    let after = scrape().await;
    assert_eq!(counter(&after, "switchyard_requests_total", &ok), 2.0);
    assert_eq!(counter(&after, "switchyard_cost_usd_micros_total", &ok), 2.0 * CALL_COST as f64);
    let output = [("provider", "paid"), ("kind", "output")];
    assert_eq!(counter(&after, "switchyard_tokens_total", &output), 2000.0);
    let latency_count = after
        .iter()
        .find(|x| x.metric == "switchyard_request_duration_seconds" && x.labels.get("route") == Some("m"))
        .map(|x| match &x.value {
            prometheus_parse::Value::Histogram(buckets) => buckets.last().map(|b| b.count).unwrap_or(0.0),
            _ => 0.0,
        });
    assert_eq!(latency_count, Some(2.0), "both calls are in the latency histogram");
    assert!(after.iter().any(|x| x.metric == "switchyard_gateway_overhead_seconds"), "the overhead is measured");
    let refused = after.iter().filter(|x| x.labels.get("route") == Some("nobody-has-this")).count();
    assert_eq!(refused, 0, "a model nobody offers adds no series of its own");
}
