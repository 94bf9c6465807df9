//! The saved form of a workflow: nodes (kind, config, position, policy), edges from an output port to a node, and
//! the types of the values that flow. Canvas-only state (selection, viewport, zoom) is never part of it.
//!
//! Values flow by reference: a template names `{{node_id.output}}` (or a path inside it, `{{llm.json.title}}`) of
//! any node upstream of it; an edge says what runs after what, and from which output port (a condition's branch,
//! a node's error port).

use serde::{Deserialize, Serialize};

use crate::chat::ChatTarget;

/// The document format's version; a document of a later version is refused, not misread.
pub const DOC_VERSION: u32 = 1;

/// Every node but a condition's and an error's output leaves through this port.
pub const OUT_PORT: &str = "out";
/// A node whose policy says `error_edge` leaves through this port when it fails.
pub const ERROR_PORT: &str = "error";
/// A condition's last branch: none of the others held.
pub const ELSE_PORT: &str = "else";
/// The one input port of every node but Start.
pub const IN_PORT: &str = "in";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct WorkflowDoc {
    #[serde(default = "doc_version")]
    pub version: u32,
    #[serde(default)]
    pub nodes: Vec<Node>,
    #[serde(default)]
    pub edges: Vec<Edge>,
}

fn doc_version() -> u32 {
    DOC_VERSION
}

impl Default for WorkflowDoc {
    fn default() -> Self {
        Self { version: DOC_VERSION, nodes: Vec::new(), edges: Vec::new() }
    }
}

impl WorkflowDoc {
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.nodes.iter().find(|n| n.id == id)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct Node {
    /// Unique in the document; what templates name (`{{id.output}}`).
    pub id: String,
    /// What the canvas shows; empty shows the kind's name.
    #[serde(default)]
    pub title: String,
    pub position: Position,
    /// The iteration node whose sub-graph this node belongs to; None at the top level.
    #[serde(default)]
    pub parent: Option<String>,
    pub config: NodeConfig,
    #[serde(default)]
    pub policy: NodePolicy,
}

#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize, specta::Type)]
pub struct Position {
    pub x: f64,
    pub y: f64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct Edge {
    pub id: String,
    pub source: String,
    /// `out`, `error`, or a condition's branch id / `else`.
    #[serde(default = "out_port")]
    pub source_port: String,
    pub target: String,
    #[serde(default = "in_port")]
    pub target_port: String,
}

impl Edge {
    /// The id the canvas gives an edge (ui graph/ids.ts `edgeId`): its ends, so one port pair has one edge.
    pub fn id_for(source: &str, source_port: &str, target: &str) -> String {
        format!("{source}:{source_port}->{target}")
    }
}

fn out_port() -> String {
    OUT_PORT.to_owned()
}

fn in_port() -> String {
    IN_PORT.to_owned()
}

/// The type of a value: a Start input, a node's output, what a field expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum VarType {
    String,
    Number,
    Boolean,
    Object,
    Array,
    /// Anything (an HTTP answer's JSON, an extracted value).
    Any,
}

impl VarType {
    /// Whether a value of type `self` may go where `wanted` is expected.
    pub fn fits(self, wanted: VarType) -> bool {
        self == wanted || self == VarType::Any || wanted == VarType::Any
    }
}

/// One kind per variant, each in its own file under nodes/.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum NodeConfig {
    Start(super::nodes::start::StartConfig),
    Llm(super::nodes::llm::LlmConfig),
    Template(super::nodes::template::TemplateConfig),
    Condition(super::nodes::condition::ConditionConfig),
    Extract(super::nodes::extract::ExtractConfig),
    Http(super::nodes::http::HttpConfig),
    Iteration(super::nodes::iteration::IterationConfig),
    Aggregate(super::nodes::aggregate::AggregateConfig),
    End(super::nodes::end::EndConfig),
}

/// What a node does when it fails, and how hard it tries first.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
pub struct NodePolicy {
    #[serde(default)]
    pub retry: RetryRule,
    /// Each attempt's limit; None waits as long as the provider's own deadlines allow.
    #[serde(default)]
    pub timeout_ms: Option<u32>,
    #[serde(default)]
    pub on_error: OnError,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct RetryRule {
    /// Retries after the first attempt: a node that always fails is tried `max_retries + 1` times.
    pub max_retries: u32,
    /// The wait before the first retry; each later one doubles it.
    pub backoff_ms: u32,
    /// Which failures are retried; any other fails at once.
    pub on: Vec<RetryOn>,
}

impl Default for RetryRule {
    fn default() -> Self {
        Self { max_retries: 0, backoff_ms: 500, on: vec![RetryOn::Transport, RetryOn::RateLimit, RetryOn::ServerError] }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum RetryOn {
    /// The provider could not be reached, or the connection broke.
    Transport,
    /// 429 / rate limited.
    RateLimit,
    /// A 5xx answer.
    ServerError,
    /// An answer with no text (an LLM node).
    EmptyOutput,
    /// An answer that is not the JSON the node asked for (an LLM node with JSON output).
    InvalidJson,
    /// The node's own timeout.
    Timeout,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum OnError {
    /// The run fails; nodes not yet run are cancelled.
    #[default]
    Stop,
    /// The node's outputs become `{"error": {...}}` and the run goes on along its `out` port.
    Continue,
    /// The run goes on along the node's `error` port only.
    ErrorEdge,
}

/// A typed input of the workflow (on the Start node) or a named output (on the End node).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct Field {
    pub name: String,
    #[serde(rename = "type")]
    pub var_type: VarType,
    #[serde(default)]
    pub required: bool,
    /// Used when the run's inputs leave it out.
    #[serde(default)]
    #[specta(type = Option<specta_typescript::Unknown>)]
    pub default: Option<serde_json::Value>,
}

/// An LLM node's target: the same choice a chat pane makes.
pub type Target = ChatTarget;
