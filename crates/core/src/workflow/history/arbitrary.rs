//! Generated workflows for the property tests: every node kind with its fields, text that YAML could misread
//! (`null`, `yes`, `1.0`, `#`, `: `, leading spaces, line breaks, Chinese), nodes inside iterations, edges between
//! the document's own nodes. Ids come from a small pool so two generated documents share nodes.

use proptest::prelude::*;
use serde_json::{json, Value};

use crate::workflow::{Edge, Node, NodeConfig, NodePolicy, OnError, Position, RetryOn, RetryRule, WorkflowDoc};

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 {}._:#'\"-]{0,16}",
        "[a-z {}.\n]{0,24}",
        Just("null".to_owned()),
        Just("yes".to_owned()),
        Just("1.0".to_owned()),
        Just("  leading and trailing  ".to_owned()),
        Just("请总结 {{start.text}}\n用三句话。".to_owned()),
        Just("key: value # not a comment\n- not a list".to_owned()),
        Just("".to_owned()),
    ]
}

fn var_type() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec!["string", "number", "boolean", "object", "array", "any"])
}

fn config(kind: &'static str) -> BoxedStrategy<Value> {
    match kind {
        "start" => prop::collection::vec(
            ("[a-z]{1,6}", var_type(), any::<bool>(), prop::option::of(prop_oneof![
                text().prop_map(Value::String),
                (-1000i64..1000).prop_map(|n| json!(n)),
                Just(json!({"nested": [1, "two", null]})),
            ])),
            0..3,
        )
        .prop_map(|fields| {
            let inputs: Vec<Value> = fields
                .into_iter()
                .map(|(name, t, required, default)| json!({"name": name, "type": t, "required": required, "default": default}))
                .collect();
            json!({"kind": "start", "inputs": inputs})
        })
        .boxed(),
        "llm" => (
            prop::option::of(prop_oneof![
                ("[a-z0-9-]{1,8}", "[a-z0-9.-]{1,12}").prop_map(|(p, m)| json!({"kind": "model", "provider_id": p, "model": m})),
                "[a-z-]{1,8}".prop_map(|n| json!({"kind": "route", "name": n})),
            ]),
            text(),
            text(),
            prop::option::of((0u32..200).prop_map(|t| f64::from(t) / 100.0)),
            prop::option::of(1u32..8192),
            any::<bool>(),
            text(),
        )
            .prop_map(|(target, system, user, temperature, max_tokens, json_output, json_schema)| {
                json!({"kind": "llm", "target": target, "system": system, "user": user, "temperature": temperature,
                       "max_tokens": max_tokens, "json_output": json_output, "json_schema": json_schema})
            })
            .boxed(),
        "template" => text().prop_map(|t| json!({"kind": "template", "template": t})).boxed(),
        "condition" => prop::collection::vec(
            (
                "[a-z]{1,4}",
                prop::collection::vec(
                    (text(), prop::sample::select(vec!["equals", "contains", "is_empty", "greater", "less_or_equal"]), text()),
                    0..3,
                ),
                any::<bool>(),
            ),
            0..3,
        )
        .prop_map(|branches| {
            let branches: Vec<Value> = branches
                .into_iter()
                .map(|(id, when, all)| {
                    let when: Vec<Value> = when.into_iter().map(|(l, op, r)| json!({"left": l, "op": op, "right": r})).collect();
                    json!({"id": id, "when": when, "all": all})
                })
                .collect();
            json!({"kind": "condition", "branches": branches})
        })
        .boxed(),
        "extract" => (text(), prop::sample::select(vec!["json_path", "regex"]), text())
            .prop_map(|(source, mode, pattern)| json!({"kind": "extract", "source": source, "mode": mode, "pattern": pattern}))
            .boxed(),
        "http" => (
            prop::sample::select(vec!["GET", "POST", "PUT", "PATCH", "DELETE"]),
            text(),
            prop::collection::vec(("[A-Za-z-]{1,10}", text(), any::<bool>()), 0..3),
            text(),
            1u32..120_000,
        )
            .prop_map(|(method, url, headers, body, timeout_ms)| {
                let headers: Vec<Value> =
                    headers.into_iter().map(|(n, v, s)| json!({"name": n, "value": v, "secret": s})).collect();
                json!({"kind": "http", "method": method, "url": url, "headers": headers, "body": body, "timeout_ms": timeout_ms})
            })
            .boxed(),
        "iteration" => (text(), 1u32..16, text())
            .prop_map(|(items, parallelism, output)| json!({"kind": "iteration", "items": items, "parallelism": parallelism, "output": output}))
            .boxed(),
        "aggregate" => prop::collection::vec(text(), 0..3).prop_map(|v| json!({"kind": "aggregate", "variables": v})).boxed(),
        _ => prop::collection::vec(("[a-z]{1,6}", text()), 0..3)
            .prop_map(|o| {
                let outputs: Vec<Value> = o.into_iter().map(|(n, v)| json!({"name": n, "value": v})).collect();
                json!({"kind": "end", "outputs": outputs})
            })
            .boxed(),
    }
}

fn policy() -> impl Strategy<Value = NodePolicy> {
    (
        0u32..5,
        0u32..5000,
        prop::sample::subsequence(
            vec![
                RetryOn::Transport,
                RetryOn::RateLimit,
                RetryOn::ServerError,
                RetryOn::EmptyOutput,
                RetryOn::InvalidJson,
                RetryOn::Timeout,
            ],
            0..=6,
        ),
        prop::option::of(1u32..600_000),
        prop::sample::select(vec![OnError::Stop, OnError::Continue, OnError::ErrorEdge]),
    )
        .prop_map(|(max_retries, backoff_ms, on, timeout_ms, on_error)| NodePolicy {
            retry: RetryRule { max_retries, backoff_ms, on },
            timeout_ms,
            on_error,
        })
}

fn node(kind: &'static str, slot: u8) -> impl Strategy<Value = Node> {
    (config(kind), text(), -5000i32..5000, -5000i32..5000, policy()).prop_map(move |(config, title, x, y, policy)| {
        Node {
            id: format!("{kind}_{slot}"),
            title,
            position: Position { x: f64::from(x) / 4.0, y: f64::from(y) / 4.0 },
            parent: None,
            config: serde_json::from_value::<NodeConfig>(config).expect("a generated config"),
            policy,
        }
    })
}

/// A document of up to `max_nodes` nodes of any kind, some inside an iteration, with edges between them.
pub fn doc(max_nodes: usize) -> impl Strategy<Value = WorkflowDoc> {
    let kinds = crate::workflow::nodes::KINDS.to_vec();
    prop::collection::vec((prop::sample::select(kinds), 0u8..3), 0..=max_nodes)
        .prop_flat_map(|picks| {
            let mut seen = std::collections::HashSet::new();
            let picks: Vec<(&'static str, u8)> = picks.into_iter().filter(|p| seen.insert(*p)).collect();
            let nodes: Vec<_> = picks.iter().map(|(k, s)| node(k, *s)).collect();
            let n = picks.len();
            (nodes, prop::collection::vec((0..n.max(1), 0..n.max(1), any::<bool>(), any::<u8>()), 0..n * 2 + 1))
        })
        .prop_map(|(mut nodes, links)| {
            let iterations: Vec<String> =
                nodes.iter().filter(|n| matches!(n.config, NodeConfig::Iteration(_))).map(|n| n.id.clone()).collect();
            for (i, n) in nodes.iter_mut().enumerate() {
                if !iterations.is_empty() && i % 3 == 2 && !matches!(n.config, NodeConfig::Iteration(_)) {
                    n.parent = Some(iterations[i % iterations.len()].clone());
                }
            }
            let mut edges: Vec<Edge> = Vec::new();
            for (a, b, error, _) in links {
                if nodes.is_empty() || a == b {
                    continue;
                }
                let port = if error { "error" } else { "out" };
                let (source, target) = (nodes[a].id.clone(), nodes[b].id.clone());
                let id = Edge::id_for(&source, port, &target);
                if !edges.iter().any(|e| e.id == id) {
                    edges.push(Edge { id, source, source_port: port.into(), target, target_port: "in".into() });
                }
            }
            WorkflowDoc { nodes, edges, ..Default::default() }
        })
}
