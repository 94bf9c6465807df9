//! Runs a workflow: each level (the top, or one item of an iteration) node by node as their inputs settle,
//! independent branches at once (within the parallelism limit), a condition's other branches skipped, each node
//! under its policy. Every node run leaves a record; "run from here" reuses the records of unchanged nodes.

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

use futures::future::BoxFuture;
use futures::stream::{FuturesUnordered, StreamExt};
use serde_json::Value;
use tokio::sync::Semaphore;
use tokio_util::sync::CancellationToken;

use super::document::{Node, NodeConfig, OnError, WorkflowDoc, ELSE_PORT, ERROR_PORT, OUT_PORT};
use super::fingerprint::fingerprint;
use super::graph::Graph;
use super::policy;
use super::record::{NodeRun, NodeStatus, RunEvent, RunStatus};
use super::run_context::{LlmAnswer, NodeCtx, Ran, Services};
use super::template::{lookup, Reference, Scope};
use crate::error::{Error, Result};
use crate::origin::Origin;
use crate::store::now_ms;

/// What to run.
pub struct RunSpec {
    pub workflow_id: String,
    pub run_id: String,
    pub doc: WorkflowDoc,
    pub inputs: Value,
    /// Nodes that run whatever their records say; None runs every node (a plain run, nothing reused).
    pub forced: Option<HashSet<String>>,
    /// The records a "run from here" may reuse, by (node, scope).
    pub base: HashMap<(String, String), NodeRun>,
    pub base_run_id: Option<String>,
    /// How many nodes may run at once, across the whole run.
    pub parallelism: usize,
}

pub struct RunOutcome {
    pub status: RunStatus,
    pub outputs: Value,
    pub error: Option<Error>,
    pub nodes: Vec<NodeRun>,
}

pub type Sink<'a> = &'a (dyn Fn(RunEvent) + Send + Sync);

pub async fn execute(spec: &RunSpec, services: &dyn Services, sink: Sink<'_>, cancel: CancellationToken) -> RunOutcome {
    let graph = Graph::new(&spec.doc);
    let run = Run {
        spec,
        graph,
        services,
        sink,
        cancel: cancel.clone(),
        permits: Semaphore::new(spec.parallelism.max(1)),
        records: Mutex::default(),
    };
    let level = run.level(None, Scope::new(), String::new(), cancel.child_token()).await;
    let nodes = run.records.into_inner().unwrap_or_else(|p| p.into_inner());
    let end = spec.doc.nodes.iter().find(|n| matches!(n.config, NodeConfig::End(_)));
    let outputs = end.and_then(|e| level.scope.get(&e.id).cloned()).unwrap_or(Value::Null);
    let (status, error) = if cancel.is_cancelled() {
        (RunStatus::Cancelled, Some(Error::cancelled()))
    } else if let Some(e) = level.failure {
        (RunStatus::Failed, Some(e))
    } else {
        (RunStatus::Succeeded, None)
    };
    RunOutcome { status, outputs, error, nodes }
}

struct Run<'a> {
    spec: &'a RunSpec,
    graph: Graph<'a>,
    services: &'a dyn Services,
    sink: Sink<'a>,
    /// The person's cancel.
    cancel: CancellationToken,
    permits: Semaphore,
    records: Mutex<Vec<NodeRun>>,
}

struct Level {
    scope: Scope,
    /// The failure that stopped this level (a node with `on_error: stop`).
    failure: Option<Error>,
}

#[derive(Clone, PartialEq)]
enum State {
    Waiting,
    Running,
    /// Ran (or was reused) and left by these ports.
    Left(Vec<String>),
    /// Skipped, cancelled or stopped: nothing leaves it.
    Dead,
}

struct Finished {
    id: String,
    outputs: Value,
    ports: Vec<String>,
    failure: Option<Error>,
}

impl<'a> Run<'a> {
    fn level<'s>(
        &'s self,
        parent: Option<&'s str>,
        mut scope: Scope,
        label: String,
        stop: CancellationToken,
    ) -> BoxFuture<'s, Level> {
        Box::pin(async move {
            let nodes = self.graph.level(parent);
            let mut state: HashMap<&str, State> = nodes.iter().map(|n| (n.id.as_str(), State::Waiting)).collect();
            let mut running = FuturesUnordered::new();
            let mut failure = None;
            loop {
                for node in &nodes {
                    if state[node.id.as_str()] != State::Waiting {
                        continue;
                    }
                    let incoming = self.graph.incoming(&node.id);
                    let settled = incoming
                        .iter()
                        .all(|e| matches!(state.get(e.source.as_str()), Some(State::Left(_) | State::Dead) | None));
                    if !settled {
                        continue;
                    }
                    let live = incoming.is_empty()
                        || incoming.iter().any(|e| match state.get(e.source.as_str()) {
                            Some(State::Left(ports)) => ports.contains(&e.source_port),
                            _ => false,
                        });
                    if stop.is_cancelled() || !live {
                        let status =
                            if self.cancel.is_cancelled() { NodeStatus::Cancelled } else { NodeStatus::Skipped };
                        self.record(self.not_run(node, &label, status));
                        state.insert(&node.id, State::Dead);
                        continue;
                    }
                    state.insert(&node.id, State::Running);
                    running.push(self.node(node, scope.clone(), label.clone(), stop.clone()));
                }
                let Some(done) = running.next().await else { break };
                let Finished { id, outputs, ports, failure: stopped } = done;
                scope.insert(id.clone(), outputs);
                let id = nodes.iter().find(|n| n.id == id).map(|n| n.id.as_str()).unwrap_or_default();
                state.insert(id, if ports.is_empty() { State::Dead } else { State::Left(ports) });
                if let Some(e) = stopped {
                    failure.get_or_insert(e);
                    stop.cancel();
                }
            }
            Level { scope, failure }
        })
    }

    fn record(&self, record: NodeRun) {
        (self.sink)(RunEvent::NodeFinished { node: record.clone() });
        self.records.lock().unwrap_or_else(|p| p.into_inner()).push(record);
    }

    fn not_run(&self, node: &Node, scope: &str, status: NodeStatus) -> NodeRun {
        NodeRun {
            node_id: node.id.clone(),
            scope: scope.to_owned(),
            status,
            inputs: Value::Null,
            outputs: Value::Null,
            error: None,
            started_at_ms: now_ms(),
            ended_at_ms: Some(now_ms()),
            first_token_ms: None,
            input_tokens: 0,
            output_tokens: 0,
            cached_tokens: 0,
            reasoning_tokens: 0,
            cost_usd_micros: 0,
            trace_id: None,
            attempts: 0,
            reused_from: None,
            fingerprint: String::new(),
        }
    }

    fn reusable(&self, node: &Node, scope: &str, fingerprint: &str) -> Option<NodeRun> {
        let forced = self.spec.forced.as_ref()?;
        if forced.contains(&node.id) {
            return None;
        }
        let base = self.spec.base.get(&(node.id.clone(), scope.to_owned()))?;
        let ok = matches!(base.status, NodeStatus::Succeeded | NodeStatus::Reused) && base.fingerprint == fingerprint;
        ok.then(|| base.clone())
    }

    async fn node(&self, node: &'a Node, scope: Scope, label: String, stop: CancellationToken) -> Finished {
        let print = fingerprint(&self.graph, node, &scope, &self.spec.inputs);
        if let Some(base) = self.reusable(node, &label, &print) {
            let from = base.reused_from.clone().or_else(|| self.spec.base_run_id.clone());
            let reused = NodeRun {
                reused_from: from,
                inputs: base.inputs,
                outputs: base.outputs,
                fingerprint: base.fingerprint,
                ..self.not_run(node, &label, NodeStatus::Reused)
            };
            let ports = vec![leaves_by(node, &reused.outputs)];
            let outputs = reused.outputs.clone();
            self.record(reused);
            return Finished { id: node.id.clone(), outputs, ports, failure: None };
        }
        (self.sink)(RunEvent::NodeStarted { node_id: node.id.clone(), scope: label.clone() });
        let started = now_ms();
        let calls = Mutex::new(Vec::new());
        let attempt = || self.attempt(node, &scope, &label, &stop, &calls);
        let (outcome, attempts) = policy::attempts(&node.policy, &stop, attempt).await;
        let calls = calls.into_inner().unwrap_or_else(|p| p.into_inner());
        let mut record = self.not_run(node, &label, NodeStatus::Succeeded);
        record.started_at_ms = started;
        record.attempts = attempts;
        record.fingerprint = print;
        add_calls(&mut record, &calls);
        let finished = match outcome {
            Ok(ran) => {
                record.inputs = ran.inputs;
                record.outputs = ran.outputs.clone();
                let port = ran.port.unwrap_or_else(|| OUT_PORT.to_owned());
                Finished { id: node.id.clone(), outputs: ran.outputs, ports: vec![port], failure: None }
            }
            Err(e) if stop.is_cancelled() && !self.cancel.is_cancelled() && e.code == Error::cancelled().code => {
                // Stopped because another node of the level failed.
                record.status = NodeStatus::Skipped;
                Finished { id: node.id.clone(), outputs: Value::Null, ports: vec![], failure: None }
            }
            Err(e) if self.cancel.is_cancelled() => {
                record.status = NodeStatus::Cancelled;
                record.error = Some(e);
                Finished { id: node.id.clone(), outputs: Value::Null, ports: vec![], failure: None }
            }
            Err(e) => {
                let e = match &record.trace_id {
                    Some(trace) if e.trace_id.is_none() => e.with_trace(trace),
                    _ => e,
                };
                record.status = NodeStatus::Failed;
                record.error = Some(e.clone());
                let as_value = serde_json::json!({ "error": { "code": e.code, "message": e.message } });
                match node.policy.on_error {
                    OnError::Stop => {
                        Finished { id: node.id.clone(), outputs: Value::Null, ports: vec![], failure: Some(e) }
                    }
                    OnError::Continue => {
                        record.outputs = as_value.clone();
                        Finished {
                            id: node.id.clone(),
                            outputs: as_value,
                            ports: vec![OUT_PORT.to_owned()],
                            failure: None,
                        }
                    }
                    OnError::ErrorEdge => {
                        record.outputs = as_value.clone();
                        Finished {
                            id: node.id.clone(),
                            outputs: as_value,
                            ports: vec![ERROR_PORT.to_owned()],
                            failure: None,
                        }
                    }
                }
            }
        };
        record.ended_at_ms = Some(now_ms());
        self.record(record);
        finished
    }

    async fn attempt(
        &self,
        node: &'a Node,
        scope: &Scope,
        label: &str,
        stop: &CancellationToken,
        calls: &Mutex<Vec<LlmAnswer>>,
    ) -> Result<Ran> {
        if let NodeConfig::Iteration(config) = &node.config {
            return self.iterate(node, config, scope, label, stop).await;
        }
        let _permit = tokio::select! {
            _ = stop.cancelled() => return Err(Error::cancelled()),
            permit = self.permits.acquire() => permit.map_err(|_| Error::cancelled())?,
        };
        let on_delta = |text: String| {
            (self.sink)(RunEvent::NodeDelta { node_id: node.id.clone(), scope: label.to_owned(), text });
        };
        let ctx = NodeCtx {
            node_id: &node.id,
            scope,
            run_inputs: &self.spec.inputs,
            services: self.services,
            origin: Origin::Workflow {
                workflow_id: self.spec.workflow_id.clone(),
                run_id: self.spec.run_id.clone(),
                node_id: node.id.clone(),
            },
            cancel: stop,
            on_delta: &on_delta,
            calls,
        };
        tokio::select! {
            _ = stop.cancelled() => Err(Error::cancelled()),
            ran = node.config.run(&ctx) => ran,
        }
    }

    /// Each item's run of the sub-graph, `parallelism` at a time, in the list's order; the first item that fails
    /// fails the iteration.
    async fn iterate(
        &self,
        node: &'a Node,
        config: &super::nodes::iteration::IterationConfig,
        scope: &Scope,
        label: &str,
        stop: &CancellationToken,
    ) -> Result<Ran> {
        let items = match Reference::parse(&config.items).and_then(|r| lookup(scope, &r)) {
            Some(Value::Array(items)) => items.clone(),
            Some(Value::Null) | None => Vec::new(),
            Some(_) => return Err(Error::invalid("iteration_not_a_list", format!("{} is not a list", config.items))),
        };
        let output = Reference::parse(&config.output);
        let prefix = if label.is_empty() { String::new() } else { format!("{label}/") };
        let mut each: Vec<BoxFuture<'_, Level>> = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let mut inner = scope.clone();
            inner.insert(node.id.clone(), serde_json::json!({ "item": item, "index": i }));
            let label = format!("{prefix}{}[{i}]", node.id);
            each.push(self.level(Some(&node.id), inner, label, stop.child_token()));
        }
        let runs =
            futures::stream::iter(each).buffered(config.parallelism.max(1) as usize).collect::<Vec<Level>>().await;
        let mut results = Vec::with_capacity(runs.len());
        for level in runs {
            if let Some(e) = level.failure {
                return Err(e);
            }
            if stop.is_cancelled() {
                return Err(Error::cancelled());
            }
            results.push(output.as_ref().and_then(|r| lookup(&level.scope, r).cloned()).unwrap_or(Value::Null));
        }
        Ok(Ran::new(serde_json::json!({ "items": items.len() }), serde_json::json!({ "results": results })))
    }
}

/// The port a reused record left by: a condition's branch, else `out`.
fn leaves_by(node: &Node, outputs: &Value) -> String {
    match &node.config {
        NodeConfig::Condition(_) => outputs.get("branch").and_then(Value::as_str).unwrap_or(ELSE_PORT).to_owned(),
        _ => OUT_PORT.to_owned(),
    }
}

fn add_calls(record: &mut NodeRun, calls: &[LlmAnswer]) {
    for call in calls {
        record.input_tokens += call.usage.input_tokens;
        record.output_tokens += call.usage.output_tokens;
        record.cached_tokens += call.usage.cache_read_tokens;
        record.reasoning_tokens += call.usage.reasoning_tokens;
        record.cost_usd_micros += call.cost_usd_micros;
        record.trace_id = Some(call.trace_id.clone());
    }
    record.first_token_ms = calls.last().and_then(|c| c.first_token_ms);
}

/// Which nodes "run from `from`" runs again: it, what depends on it, and the iterations it sits in with what
/// depends on them.
pub fn forced_from(doc: &WorkflowDoc, from: &str) -> HashSet<String> {
    let graph = Graph::new(doc);
    let mut forced: HashSet<String> = HashSet::new();
    for id in std::iter::once(from).chain(graph.enclosing(from)) {
        forced.insert(id.to_owned());
        forced.extend(graph.downstream(id).into_iter().map(str::to_owned));
    }
    forced
}
