//! Small documents for the unit tests.

use serde_json::{json, Value};

use super::document::{Edge, Node, NodeConfig, NodePolicy, Position, WorkflowDoc, IN_PORT, OUT_PORT};

pub fn node(id: &str, kind: &str) -> Node {
    with(id, json!({ "kind": kind }))
}

/// A node of the config's kind (`{"kind": "template", "template": "…"}`).
pub fn with(id: &str, config: Value) -> Node {
    Node {
        id: id.into(),
        title: String::new(),
        position: Position::default(),
        parent: None,
        config: serde_json::from_value::<NodeConfig>(config).expect("a node config"),
        policy: NodePolicy::default(),
    }
}

pub fn edge(source: &str, target: &str) -> Edge {
    from_port(source, OUT_PORT, target)
}

pub fn from_port(source: &str, port: &str, target: &str) -> Edge {
    Edge {
        id: format!("{source}:{port}->{target}"),
        source: source.into(),
        source_port: port.into(),
        target: target.into(),
        target_port: IN_PORT.into(),
    }
}

pub fn doc(nodes: Vec<Node>, edges: Vec<Edge>) -> WorkflowDoc {
    WorkflowDoc { nodes, edges, ..Default::default() }
}
