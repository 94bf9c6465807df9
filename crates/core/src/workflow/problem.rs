//! What validation finds, each with the node or edge it is on. The window shows `code` in the person's language
//! with `subject` (a variable, a field, a port); `message` is the English text for logs and the CLI.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct Problem {
    pub code: ProblemCode,
    pub node_id: Option<String>,
    pub edge_id: Option<String>,
    /// What the problem names: the unknown variable, the empty field, the types that do not fit.
    pub subject: String,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ProblemCode {
    /// The document's format is newer than this app.
    UnsupportedVersion,
    /// No Start node, or more than one.
    StartCount,
    /// No End node.
    NoEnd,
    /// Two nodes (or edges, or branches) share an id.
    DuplicateId,
    /// An edge names a node or port that does not exist, or goes where no edge may (into Start, out of End,
    /// across an iteration's boundary, onto itself).
    BadEdge,
    /// Edges make a loop; only an iteration repeats.
    Cycle,
    /// A node nothing leads to (its input is required).
    NotConnected,
    /// A template or field names a variable no upstream node has.
    UnknownVariable,
    /// A variable's type does not fit where it is used (a text where a list is needed, …).
    TypeMismatch,
    /// An LLM node with no model or route.
    MissingModel,
    /// A field that must be filled in is empty (a URL, a Start input's name, an iteration's list, …).
    MissingField,
    /// A regex, JSON path or JSON Schema that does not parse.
    InvalidPattern,
    /// A `parent` that is not an iteration node.
    BadParent,
}

impl Problem {
    pub fn on_node(code: ProblemCode, node_id: &str, subject: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            code,
            node_id: Some(node_id.to_owned()),
            edge_id: None,
            subject: subject.into(),
            message: message.into(),
        }
    }

    pub fn on_edge(code: ProblemCode, edge_id: &str, subject: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            code,
            node_id: None,
            edge_id: Some(edge_id.to_owned()),
            subject: subject.into(),
            message: message.into(),
        }
    }

    pub fn on_doc(code: ProblemCode, subject: impl Into<String>, message: impl Into<String>) -> Self {
        Self { code, node_id: None, edge_id: None, subject: subject.into(), message: message.into() }
    }
}
