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
        id: Edge::id_for(source, port, target),
        source: source.into(),
        source_port: port.into(),
        target: target.into(),
        target_port: IN_PORT.into(),
    }
}

pub fn doc(nodes: Vec<Node>, edges: Vec<Edge>) -> WorkflowDoc {
    WorkflowDoc { nodes, edges, ..Default::default() }
}

/// Services for a node that must not call any: each call fails the test.
pub struct NoServices;

#[async_trait::async_trait]
impl super::run_context::Services for NoServices {
    async fn llm(
        &self,
        _call: super::run_context::LlmCall,
        _on_delta: &(dyn Fn(String) + Send + Sync),
        _cancel: &tokio_util::sync::CancellationToken,
    ) -> crate::error::Result<super::run_context::LlmAnswer> {
        panic!("this node makes no LLM call")
    }

    fn http(&self) -> reqwest::Client {
        panic!("this node makes no HTTP call")
    }

    async fn secret(&self, _name: &str) -> crate::error::Result<String> {
        panic!("this node reads no secret")
    }
}

/// Runs `f` with a context over `scope` and the run's `inputs`.
pub fn in_ctx<T>(
    scope: &super::template::Scope,
    inputs: &Value,
    f: impl FnOnce(&super::run_context::NodeCtx<'_>) -> T,
) -> T {
    let cancel = tokio_util::sync::CancellationToken::new();
    let calls = std::sync::Mutex::new(Vec::new());
    let ctx = super::run_context::NodeCtx {
        node_id: "n",
        scope,
        run_inputs: inputs,
        services: &NoServices,
        origin: crate::origin::Origin::Workflow { workflow_id: "w".into(), run_id: "r".into(), node_id: "n".into() },
        cancel: &cancel,
        on_delta: &|_| {},
        calls: &calls,
    };
    f(&ctx)
}
