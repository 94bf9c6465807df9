//! The engine against scripted services: branches, conditions, iterations, retries, errors, cancel, reuse.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tokio_util::sync::CancellationToken;

use super::document::{Node, NodePolicy, OnError, RetryOn, RetryRule, WorkflowDoc};
use super::executor::{execute, forced_from, RunOutcome, RunSpec};
use super::record::{NodeStatus, RunEvent, RunStatus};
use super::run_context::{LlmAnswer, LlmCall, Services};
use super::testing::{doc, edge, from_port, with};
use crate::error::{Error, ErrorCategory, Result};
use crate::origin::Origin;

#[derive(Clone)]
enum Script {
    /// Answers with the user prompt, prefixed.
    Echo,
    /// Fails this many times with a 5xx, then echoes.
    FailFirst(u32),
    /// Empty answers this many times, then echoes.
    EmptyFirst(u32),
    /// Waits at the barrier, then echoes: passes only if every party is in flight at once.
    Together(Arc<tokio::sync::Barrier>),
    /// Never answers.
    Hang,
    Fail,
}

#[derive(Default)]
struct Fake {
    scripts: HashMap<String, Script>,
    calls: Mutex<HashMap<String, u32>>,
    in_flight: AtomicU32,
    most_in_flight: AtomicU32,
    origins: Mutex<Vec<String>>,
}

impl Fake {
    fn with(scripts: &[(&str, Script)]) -> Self {
        Self { scripts: scripts.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect(), ..Default::default() }
    }

    fn calls(&self, node: &str) -> u32 {
        self.calls.lock().unwrap().get(node).copied().unwrap_or(0)
    }

    fn total_calls(&self) -> u32 {
        self.calls.lock().unwrap().values().sum()
    }
}

struct InFlight<'a>(&'a AtomicU32);
impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

#[async_trait::async_trait]
impl Services for Fake {
    async fn llm(
        &self,
        call: LlmCall,
        on_delta: &(dyn Fn(String) + Send + Sync),
        _cancel: &CancellationToken,
    ) -> Result<LlmAnswer> {
        let Origin::Workflow { node_id, .. } = &call.origin else { panic!("a workflow origin") };
        self.origins.lock().unwrap().push(call.origin.label());
        let n = {
            let mut calls = self.calls.lock().unwrap();
            let n = calls.entry(node_id.clone()).or_default();
            *n += 1;
            *n
        };
        let now = self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        self.most_in_flight.fetch_max(now, Ordering::SeqCst);
        let _guard = InFlight(&self.in_flight);
        let user: String = call.request.messages[0]
            .content
            .iter()
            .filter_map(|b| match b {
                crate::ir::ContentBlock::Text { text } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        let reply = format!("re: {user}");
        let answer = |text: String| {
            on_delta(text.clone());
            let usage = crate::ir::Usage {
                input_tokens: 5,
                output_tokens: 9,
                cache_read_tokens: 2,
                reasoning_tokens: 1,
                ..Default::default()
            };
            Ok(LlmAnswer {
                text,
                usage,
                cost_usd_micros: 7,
                first_token_ms: Some(3),
                trace_id: format!("t-{node_id}-{n}"),
            })
        };
        match self.scripts.get(node_id).cloned().unwrap_or(Script::Echo) {
            Script::Echo => answer(reply),
            Script::FailFirst(k) if n <= k => Err(Error::new(ErrorCategory::Upstream, "upstream_error", "503")),
            Script::FailFirst(_) => answer(reply),
            Script::EmptyFirst(k) if n <= k => answer(String::new()),
            Script::EmptyFirst(_) => answer(reply),
            Script::Together(barrier) => {
                tokio::time::timeout(Duration::from_secs(10), barrier.wait())
                    .await
                    .expect("both branches in flight together");
                answer(reply)
            }
            Script::Hang => std::future::pending().await,
            Script::Fail => Err(Error::new(ErrorCategory::Auth, "provider_auth_failed", "401")),
        }
    }

    fn http(&self) -> reqwest::Client {
        reqwest::Client::new()
    }

    async fn secret(&self, name: &str) -> Result<String> {
        Err(Error::not_found("workflow_secret", name))
    }
}

fn llm(id: &str, user: &str) -> Node {
    with(id, json!({"kind": "llm", "target": {"kind": "model", "provider_id": "p", "model": "m"}, "user": user}))
}

fn start(fields: Value) -> Node {
    with("start", json!({"kind": "start", "inputs": fields}))
}

fn end(value: &str) -> Node {
    with("end", json!({"kind": "end", "outputs": [{"name": "out", "value": value}]}))
}

fn spec(d: WorkflowDoc, inputs: Value) -> RunSpec {
    let problems = super::validate(&d);
    assert!(problems.is_empty(), "a valid test workflow: {problems:?}");
    RunSpec {
        workflow_id: "w".into(),
        run_id: "r".into(),
        doc: d,
        inputs,
        forced: None,
        base: HashMap::new(),
        base_run_id: None,
        parallelism: 4,
    }
}

struct Seen(Mutex<Vec<RunEvent>>);

async fn run_with(spec: &RunSpec, fake: &Fake, cancel: CancellationToken) -> (RunOutcome, Vec<RunEvent>) {
    let seen = Seen(Mutex::new(Vec::new()));
    let sink = |e: RunEvent| seen.0.lock().unwrap().push(e);
    let outcome = execute(spec, fake, &sink, cancel).await;
    (outcome, seen.0.into_inner().unwrap())
}

async fn run(spec: &RunSpec, fake: &Fake) -> RunOutcome {
    run_with(spec, fake, CancellationToken::new()).await.0
}

fn status(outcome: &RunOutcome, node: &str) -> NodeStatus {
    outcome
        .nodes
        .iter()
        .find(|n| n.node_id == node && n.scope.is_empty())
        .unwrap_or_else(|| panic!("{node} has a record"))
        .status
}

fn policy(max_retries: u32, on: Vec<RetryOn>, on_error: OnError) -> NodePolicy {
    NodePolicy { retry: RetryRule { max_retries, backoff_ms: 1, on }, timeout_ms: None, on_error }
}

#[tokio::test]
async fn a_line_of_nodes_passes_values_and_records_every_node() {
    let d = doc(
        vec![
            start(json!([{"name": "topic", "type": "string", "required": true}])),
            with("t", json!({"kind": "template", "template": "about {{start.topic}}"})),
            llm("llm_1", "{{t.text}}!"),
            end("{{llm_1.text}}"),
        ],
        vec![edge("start", "t"), edge("t", "llm_1"), edge("llm_1", "end")],
    );
    let fake = Fake::default();
    let (outcome, events) = run_with(&spec(d, json!({"topic": "tea"})), &fake, CancellationToken::new()).await;
    assert_eq!(outcome.status, RunStatus::Succeeded, "{:?}", outcome.error);
    assert_eq!(outcome.outputs, json!({"out": "re: about tea!"}));
    let llm = outcome.nodes.iter().find(|n| n.node_id == "llm_1").unwrap();
    assert_eq!((llm.attempts, llm.cost_usd_micros, llm.first_token_ms), (1, 7, Some(3)));
    assert_eq!(llm.trace_id.as_deref(), Some("t-llm_1-1"));
    assert_eq!(llm.inputs["user"], "about tea!");
    assert_eq!(llm.fingerprint.len(), 64);
    assert_eq!(*fake.origins.lock().unwrap(), ["workflow:w:llm_1"]);
    let order: Vec<&str> = outcome.nodes.iter().map(|n| n.node_id.as_str()).collect();
    assert_eq!(order, ["start", "t", "llm_1", "end"]);
    assert!(events.contains(&RunEvent::NodeDelta {
        node_id: "llm_1".into(),
        scope: String::new(),
        text: "re: about tea!".into()
    }));
    let started = events.iter().filter(|e| matches!(e, RunEvent::NodeStarted { .. })).count();
    assert_eq!(started, 4);
}

#[tokio::test]
async fn a_missing_required_input_fails_the_run_at_start() {
    let d = doc(
        vec![start(json!([{"name": "n", "type": "number", "required": true}])), end("{{start.n}}")],
        vec![edge("start", "end")],
    );
    let missing = run(&spec(d.clone(), json!({})), &Fake::default()).await;
    assert_eq!(missing.status, RunStatus::Failed);
    assert_eq!(missing.error.as_ref().unwrap().code, "workflow_input_missing");
    assert_eq!(status(&missing, "end"), NodeStatus::Skipped);
    let wrong = run(&spec(d.clone(), json!({"n": "three"})), &Fake::default()).await;
    assert_eq!(wrong.error.unwrap().code, "workflow_input_type");
    let ok = run(&spec(d, json!({"n": 3})), &Fake::default()).await;
    assert_eq!(ok.outputs, json!({"out": 3}), "a lone variable keeps its type");
}

#[tokio::test]
async fn independent_branches_run_at_the_same_time() {
    let barrier = Arc::new(tokio::sync::Barrier::new(2));
    let d = doc(
        vec![start(json!([])), llm("a", "a"), llm("b", "b"), end("{{a.text}} {{b.text}}")],
        vec![edge("start", "a"), edge("start", "b"), edge("a", "end"), edge("b", "end")],
    );
    let fake = Fake::with(&[("a", Script::Together(barrier.clone())), ("b", Script::Together(barrier))]);
    let outcome = run(&spec(d, json!({})), &fake).await;
    assert_eq!(outcome.outputs, json!({"out": "re: a re: b"}));
    assert_eq!(fake.most_in_flight.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn the_parallelism_limit_holds_across_the_run() {
    let nodes: Vec<Node> = (0..6).map(|i| llm(&format!("l{i}"), "x")).collect();
    let mut all = vec![start(json!([])), end("")];
    all.extend(nodes);
    let mut edges: Vec<_> = (0..6).map(|i| edge("start", &format!("l{i}"))).collect();
    edges.extend((0..6).map(|i| edge(&format!("l{i}"), "end")));
    let fake = Fake::default();
    let mut s = spec(doc(all, edges), json!({}));
    s.parallelism = 1;
    let outcome = run(&s, &fake).await;
    assert_eq!((outcome.status, fake.total_calls()), (RunStatus::Succeeded, 6));
    assert_eq!(fake.most_in_flight.load(Ordering::SeqCst), 1);
}

fn branching(n: &str) -> WorkflowDoc {
    doc(
        vec![
            start(json!([{"name": "n", "type": "number", "default": 0}])),
            with(
                "c",
                json!({"kind": "condition", "branches": [
                    {"id": "big", "when": [{"left": "start.n", "op": "greater", "right": "10"}]},
                    {"id": "mid", "when": [{"left": "start.n", "op": "greater", "right": "5"}, {"left": "start.n", "op": "equals", "right": "7"}], "all": false}
                ]}),
            ),
            with("big", json!({"kind": "template", "template": "big {{start.n}}"})),
            with("mid", json!({"kind": "template", "template": "mid"})),
            with("small", json!({"kind": "template", "template": "small"})),
            with("join", json!({"kind": "aggregate", "variables": ["big.text", "mid.text", "small.text"]})),
            end(n),
        ],
        vec![
            edge("start", "c"),
            from_port("c", "big", "big"),
            from_port("c", "mid", "mid"),
            from_port("c", "else", "small"),
            edge("big", "join"),
            edge("mid", "join"),
            edge("small", "join"),
            edge("join", "end"),
        ],
    )
}

#[tokio::test]
async fn a_condition_takes_the_first_branch_that_holds_and_skips_the_others() {
    for (n, taken) in [(11, "big"), (6, "mid"), (3, "small")] {
        let outcome = run(&spec(branching("{{join.result}}"), json!({"n": n})), &Fake::default()).await;
        assert_eq!(outcome.status, RunStatus::Succeeded);
        for branch in ["big", "mid", "small"] {
            let expected = if branch == taken { NodeStatus::Succeeded } else { NodeStatus::Skipped };
            assert_eq!(status(&outcome, branch), expected, "n={n} {branch}");
        }
        let expected = if taken == "big" { format!("big {n}") } else { taken.to_owned() };
        assert_eq!(outcome.outputs["out"], json!(expected));
        assert_eq!(status(&outcome, "join"), NodeStatus::Succeeded, "the join runs when one branch ran");
    }
    let all = run(&spec(branching("{{join.all}}"), json!({"n": 11})), &Fake::default()).await;
    assert_eq!(all.outputs["out"], json!(["big 11"]));
}

fn looping(items: &str) -> WorkflowDoc {
    let mut outer =
        with("outer", json!({"kind": "iteration", "items": "start.rows", "output": "inner.results", "parallelism": 2}));
    outer.title = "rows".into();
    let mut inner =
        with("inner", json!({"kind": "iteration", "items": "outer.item", "output": "cell.text", "parallelism": 3}));
    inner.parent = Some("outer".into());
    let mut cell =
        with("cell", json!({"kind": "template", "template": "{{outer.index}}.{{inner.index}}={{inner.item}}"}));
    cell.parent = Some("inner".into());
    let _ = items;
    doc(
        vec![
            start(json!([{"name": "rows", "type": "array", "required": true}])),
            outer,
            inner,
            cell,
            end("{{outer.results}}"),
        ],
        vec![edge("start", "outer"), edge("outer", "end")],
    )
}

#[tokio::test]
async fn nested_iterations_run_each_item_in_order_and_an_empty_list_runs_nothing() {
    let outcome = run(&spec(looping(""), json!({"rows": [["a", "b"], [], ["c"]]})), &Fake::default()).await;
    assert_eq!(outcome.status, RunStatus::Succeeded, "{:?}", outcome.error);
    assert_eq!(outcome.outputs["out"], json!([["0.0=a", "0.1=b"], [], ["2.0=c"]]));
    let mut cells: Vec<&str> = outcome.nodes.iter().filter(|n| n.node_id == "cell").map(|n| n.scope.as_str()).collect();
    cells.sort();
    assert_eq!(cells, ["outer[0]/inner[0]", "outer[0]/inner[1]", "outer[2]/inner[0]"]);
    let empty = run(&spec(looping(""), json!({"rows": []})), &Fake::default()).await;
    assert_eq!(empty.outputs["out"], json!([]));
    assert!(empty.nodes.iter().all(|n| n.node_id != "cell" && n.node_id != "inner"));
}

fn one_llm(policy: NodePolicy) -> WorkflowDoc {
    let mut node = llm("l", "hi");
    node.policy = policy;
    doc(vec![start(json!([])), node, end("{{l.text}}")], vec![edge("start", "l"), edge("l", "end")])
}

#[tokio::test]
async fn a_node_failing_n_times_with_n_retries_is_called_exactly_n_plus_one_times() {
    for retries in [0, 1, 3, 5] {
        let fake = Fake::with(&[("l", Script::FailFirst(retries))]);
        let outcome =
            run(&spec(one_llm(policy(retries, vec![RetryOn::ServerError], OnError::Stop)), json!({})), &fake).await;
        assert_eq!((outcome.status, fake.calls("l")), (RunStatus::Succeeded, retries + 1), "{retries} retries");
        let record = outcome.nodes.iter().find(|n| n.node_id == "l").unwrap();
        assert_eq!(record.attempts, retries + 1);
    }
    let fake = Fake::with(&[("l", Script::FailFirst(3))]);
    let outcome = run(&spec(one_llm(policy(2, vec![RetryOn::ServerError], OnError::Stop)), json!({})), &fake).await;
    assert_eq!((outcome.status, fake.calls("l")), (RunStatus::Failed, 3));
    let fake = Fake::with(&[("l", Script::FailFirst(1))]);
    let outcome = run(&spec(one_llm(policy(4, vec![RetryOn::RateLimit], OnError::Stop)), json!({})), &fake).await;
    assert_eq!(
        (outcome.status, fake.calls("l")),
        (RunStatus::Failed, 1),
        "a 5xx is not retried under a rate-limit rule"
    );
}

#[tokio::test]
async fn an_empty_answer_is_a_failure_and_retried_only_when_the_rule_says_so() {
    let fake = Fake::with(&[("l", Script::EmptyFirst(2))]);
    let outcome = run(&spec(one_llm(policy(2, vec![RetryOn::EmptyOutput], OnError::Stop)), json!({})), &fake).await;
    assert_eq!((outcome.status, fake.calls("l")), (RunStatus::Succeeded, 3));
    let record = outcome.nodes.iter().find(|n| n.node_id == "l").unwrap();
    assert_eq!(record.cost_usd_micros, 21, "every billed attempt counts");
    let tokens = (record.input_tokens, record.output_tokens, record.cached_tokens, record.reasoning_tokens);
    assert_eq!(tokens, (15, 27, 6, 3), "and every attempt's tokens");
    assert_eq!((record.trace_id.as_deref(), record.first_token_ms), (Some("t-l-3"), Some(3)), "the last call's");
    let fake = Fake::with(&[("l", Script::EmptyFirst(9))]);
    let failed = run(&spec(one_llm(policy(0, vec![], OnError::Stop)), json!({})), &fake).await;
    let e = failed.error.unwrap();
    assert_eq!(
        (e.code.as_str(), e.trace_id.as_deref()),
        ("empty_output", Some("t-l-1")),
        "a failure after a call names its trace"
    );
    let fake = Fake::with(&[("l", Script::EmptyFirst(1))]);
    let outcome = run(&spec(one_llm(policy(2, vec![RetryOn::ServerError], OnError::Stop)), json!({})), &fake).await;
    assert_eq!((outcome.status, fake.calls("l")), (RunStatus::Failed, 1));
    assert_eq!(outcome.error.unwrap().code, "empty_output");
}

fn failing_with(on_error: OnError) -> WorkflowDoc {
    let mut bad = llm("bad", "x");
    bad.policy = policy(0, vec![], on_error);
    let mut edges = vec![
        edge("start", "bad"),
        edge("bad", "after"),
        edge("start", "side"),
        edge("after", "end"),
        edge("side", "end"),
    ];
    if on_error == OnError::ErrorEdge {
        edges.push(from_port("bad", "error", "rescue"));
        edges.push(edge("rescue", "end"));
    }
    let mut nodes = vec![
        start(json!([])),
        bad,
        with(
            "after",
            json!({"kind": "template", "template": if on_error == OnError::Stop { "after: {{bad.text}}" } else { "after: {{bad.error.code}}" }}),
        ),
        with("side", json!({"kind": "template", "template": "side"})),
        end(if on_error == OnError::ErrorEdge { "{{after.text}}|{{rescue.text}}" } else { "{{after.text}}|" }),
    ];
    if on_error == OnError::ErrorEdge {
        nodes.push(with("rescue", json!({"kind": "template", "template": "rescued {{bad.error.code}}"})));
    }
    doc(nodes, edges)
}

#[tokio::test]
async fn a_failing_node_stops_the_run_continues_with_an_error_value_or_follows_its_error_edge() {
    let fake = Fake::with(&[("bad", Script::Fail)]);
    let stop = run(&spec(failing_with(OnError::Stop), json!({})), &fake).await;
    assert_eq!(stop.status, RunStatus::Failed);
    assert_eq!(stop.error.as_ref().unwrap().code, "provider_auth_failed");
    assert_eq!(
        stop.error.as_ref().unwrap().trace_id.as_deref(),
        None,
        "a failed call before any answer has no trace of its own"
    );
    assert_eq!(
        (status(&stop, "bad"), status(&stop, "after"), status(&stop, "end")),
        (NodeStatus::Failed, NodeStatus::Skipped, NodeStatus::Skipped)
    );

    let cont = run(&spec(failing_with(OnError::Continue), json!({})), &fake).await;
    assert_eq!(cont.status, RunStatus::Succeeded);
    assert_eq!(status(&cont, "bad"), NodeStatus::Failed);
    assert_eq!(cont.outputs["out"], "after: provider_auth_failed|");

    let edge = run(&spec(failing_with(OnError::ErrorEdge), json!({})), &fake).await;
    assert_eq!(edge.status, RunStatus::Succeeded);
    assert_eq!((status(&edge, "after"), status(&edge, "rescue")), (NodeStatus::Skipped, NodeStatus::Succeeded));
    assert_eq!(edge.outputs["out"], "|rescued provider_auth_failed");
}

#[tokio::test]
async fn cancel_stops_a_node_in_flight_within_200_ms_and_marks_the_rest_cancelled() {
    let d = doc(
        vec![start(json!([])), llm("slow", "x"), with("next", json!({"kind": "template", "template": "n"})), end("")],
        vec![edge("start", "slow"), edge("slow", "next"), edge("next", "end")],
    );
    let fake = Fake::with(&[("slow", Script::Hang)]);
    let s = spec(d, json!({}));
    let cancel = CancellationToken::new();
    let seen = Seen(Mutex::new(Vec::new()));
    let trigger = cancel.clone();
    let sink = |e: RunEvent| {
        if matches!(&e, RunEvent::NodeStarted { node_id, .. } if node_id == "slow") {
            trigger.cancel();
        }
        seen.0.lock().unwrap().push(e);
    };
    let began = Instant::now();
    let outcome = execute(&s, &fake, &sink, cancel).await;
    assert!(began.elapsed() < Duration::from_millis(200), "took {:?}", began.elapsed());
    assert_eq!(outcome.status, RunStatus::Cancelled);
    assert_eq!(status(&outcome, "slow"), NodeStatus::Cancelled);
    assert_eq!((status(&outcome, "next"), status(&outcome, "end")), (NodeStatus::Cancelled, NodeStatus::Cancelled));
    assert_eq!(status(&outcome, "start"), NodeStatus::Succeeded);
}

#[tokio::test]
async fn running_from_a_node_reuses_every_unchanged_upstream_node_and_calls_nothing_for_them() {
    let d = doc(
        vec![
            start(json!([{"name": "q", "type": "string"}])),
            llm("a", "{{start.q}}"),
            llm("b", "{{a.text}} more"),
            end("{{b.text}}"),
        ],
        vec![edge("start", "a"), edge("a", "b"), edge("b", "end")],
    );
    let fake = Fake::default();
    let first = run(&spec(d.clone(), json!({"q": "x"})), &fake).await;
    assert_eq!(fake.total_calls(), 2);
    let base: HashMap<_, _> = first.nodes.iter().map(|n| ((n.node_id.clone(), n.scope.clone()), n.clone())).collect();

    let mut changed = d.clone();
    changed.nodes[3] = end("final: {{b.text}}");
    let mut from_end = spec(changed.clone(), json!({"q": "x"}));
    from_end.forced = Some(forced_from(&changed, "end"));
    from_end.base = base.clone();
    from_end.base_run_id = Some("r0".into());
    let again = run(&from_end, &fake).await;
    assert_eq!(fake.total_calls(), 2, "no upstream call for unchanged nodes");
    assert_eq!(again.outputs["out"], "final: re: re: x more");
    for id in ["start", "a", "b"] {
        let r = again.nodes.iter().find(|n| n.node_id == id).unwrap();
        assert_eq!(
            (r.status, r.reused_from.as_deref(), r.cost_usd_micros),
            (NodeStatus::Reused, Some("r0"), 0),
            "{id}"
        );
        let nothing_spent = (r.attempts, r.input_tokens, r.output_tokens, r.cached_tokens, r.reasoning_tokens);
        assert_eq!((nothing_spent, r.first_token_ms, r.trace_id.as_deref()), ((0, 0, 0, 0, 0), None, None), "{id}");
        let base = &base[&(id.to_owned(), String::new())];
        assert_eq!(
            (&r.inputs, &r.outputs, &r.fingerprint),
            (&base.inputs, &base.outputs, &base.fingerprint),
            "{id} keeps what it read and gave"
        );
        assert!(r.started_at_ms >= base.ended_at_ms.unwrap() && r.ended_at_ms.is_some(), "{id} is timed in this run");
    }
    let b = first.nodes.iter().find(|n| n.node_id == "b").unwrap();
    assert_eq!(
        (b.input_tokens, b.output_tokens, b.cached_tokens, b.reasoning_tokens),
        (5, 9, 2, 1),
        "the first run spent"
    );

    let mut from_b = spec(d.clone(), json!({"q": "x"}));
    from_b.forced = Some(forced_from(&d, "b"));
    from_b.base = base.clone();
    run(&from_b, &fake).await;
    assert_eq!((fake.calls("a"), fake.calls("b")), (1, 2), "the node itself runs again");

    let mut new_input = spec(d.clone(), json!({"q": "y"}));
    new_input.forced = Some(forced_from(&d, "end"));
    new_input.base = base;
    run(&new_input, &fake).await;
    assert_eq!((fake.calls("a"), fake.calls("b")), (2, 3), "a changed input runs everything it reaches");
}

#[test]
fn run_from_a_node_inside_an_iteration_runs_its_iterations_and_what_follows() {
    let d = looping("");
    let forced = forced_from(&d, "cell");
    assert_eq!(forced, ["cell", "inner", "outer", "end"].into_iter().map(String::from).collect());
}

#[tokio::test]
async fn a_node_in_flight_when_a_sibling_stops_the_run_is_skipped_not_failed() {
    let d = doc(
        vec![start(json!([])), llm("bad", "x"), llm("slow", "y"), end("{{bad.text}} {{slow.text}}")],
        vec![edge("start", "bad"), edge("start", "slow"), edge("bad", "end"), edge("slow", "end")],
    );
    let fake = Fake::with(&[("bad", Script::Fail), ("slow", Script::Hang)]);
    let outcome = run(&spec(d, json!({})), &fake).await;
    assert_eq!(
        (outcome.status, outcome.error.as_ref().unwrap().code.as_str()),
        (RunStatus::Failed, "provider_auth_failed")
    );
    assert_eq!((status(&outcome, "bad"), status(&outcome, "slow")), (NodeStatus::Failed, NodeStatus::Skipped));
    assert_eq!(status(&outcome, "end"), NodeStatus::Skipped);
}

#[tokio::test]
async fn a_reused_condition_leaves_by_the_branch_it_took() {
    for (n, expected) in [(11, "big 11"), (3, "small")] {
        let d = branching("{{join.result}}");
        let first = run(&spec(d.clone(), json!({"n": n})), &Fake::default()).await;
        let mut again = spec(d.clone(), json!({"n": n}));
        again.forced = Some(forced_from(&d, "end"));
        again.base = first.nodes.iter().map(|r| ((r.node_id.clone(), r.scope.clone()), r.clone())).collect();
        let rerun = run(&again, &Fake::default()).await;
        assert_eq!(status(&rerun, "c"), NodeStatus::Reused);
        assert_eq!(rerun.outputs["out"], json!(expected), "n={n}");
    }
}
