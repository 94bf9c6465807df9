//! What changed from one document to another: nodes added, removed, moved and edited field by field (old and new
//! value, text fields line by line), edges added and removed. Nodes and edges are matched by id.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::fields::{flatten, same_kind, shown, POSITION};
use super::lines::{line_diff, LineChange};
use crate::workflow::{Edge, Node, Position, WorkflowDoc};

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, specta::Type)]
pub struct DocDiff {
    pub nodes_added: Vec<NodeRef>,
    pub nodes_removed: Vec<NodeRef>,
    /// Moved or edited, in the new document's order.
    pub nodes_changed: Vec<NodeChange>,
    pub edges_added: Vec<Edge>,
    pub edges_removed: Vec<Edge>,
}

impl DocDiff {
    pub fn is_empty(&self) -> bool {
        self.nodes_added.is_empty()
            && self.nodes_removed.is_empty()
            && self.nodes_changed.is_empty()
            && self.edges_added.is_empty()
            && self.edges_removed.is_empty()
    }
}

/// A node as a list names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct NodeRef {
    pub id: String,
    pub kind: String,
    pub title: String,
}

impl NodeRef {
    pub fn of(node: &Node) -> Self {
        Self { id: node.id.clone(), kind: node.config.kind_name().to_owned(), title: node.title.clone() }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct NodeChange {
    pub node: NodeRef,
    pub moved: Option<Move>,
    /// Every field whose value differs, by path (`config.user`, `title`, `policy.retry.max_retries`).
    pub fields: Vec<FieldChange>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct Move {
    pub from: Position,
    pub to: Position,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct FieldChange {
    pub path: String,
    /// None: the field was not there.
    #[specta(type = Option<specta_typescript::Unknown>)]
    pub old: Option<Value>,
    #[specta(type = Option<specta_typescript::Unknown>)]
    pub new: Option<Value>,
    /// For a text on both sides (a template, a prompt): its lines, kept, removed and added. Empty otherwise.
    pub lines: Vec<LineChange>,
}

pub fn diff(old: &WorkflowDoc, new: &WorkflowDoc) -> DocDiff {
    let mut out = DocDiff::default();
    for n in &old.nodes {
        if new.node(&n.id).is_none() {
            out.nodes_removed.push(NodeRef::of(n));
        }
    }
    for n in &new.nodes {
        match old.node(&n.id) {
            None => out.nodes_added.push(NodeRef::of(n)),
            Some(before) if before != n => out.nodes_changed.push(node_change(before, n)),
            Some(_) => {}
        }
    }
    let edge = |doc: &WorkflowDoc, e: &Edge| doc.edges.iter().any(|x| x == e);
    out.edges_removed = old.edges.iter().filter(|e| !edge(new, e)).cloned().collect();
    out.edges_added = new.edges.iter().filter(|e| !edge(old, e)).cloned().collect();
    out
}

fn node_change(old: &Node, new: &Node) -> NodeChange {
    let open = same_kind([old, new]);
    let (before, after) = (flatten(old, open), flatten(new, open));
    let paths: BTreeSet<&Vec<String>> = before.keys().chain(after.keys()).collect();
    let mut fields = Vec::new();
    for path in paths {
        if path.len() == 1 && path[0] == POSITION {
            continue;
        }
        let (o, n) = (before.get(path), after.get(path));
        if o == n {
            continue;
        }
        let lines = match (o, n) {
            (Some(Value::String(a)), Some(Value::String(b))) => line_diff(a, b),
            _ => Vec::new(),
        };
        fields.push(FieldChange { path: shown(path), old: o.cloned(), new: n.cloned(), lines });
    }
    let moved = (old.position != new.position).then_some(Move { from: old.position, to: new.position });
    NodeChange { node: NodeRef::of(new), moved, fields }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::workflow::history::lines::LineOp;
    use crate::workflow::testing::{doc, edge, with};

    fn base() -> WorkflowDoc {
        doc(
            vec![
                with("start", json!({"kind": "start"})),
                with(
                    "llm_1",
                    json!({"kind": "llm", "user": "Summarise {{start.text}}\nBe brief.", "temperature": 0.2}),
                ),
                with("end", json!({"kind": "end"})),
            ],
            vec![edge("start", "llm_1"), edge("llm_1", "end")],
        )
    }

    #[test]
    fn the_same_document_has_no_difference_and_any_one_change_is_one() {
        assert!(diff(&base(), &base()).is_empty());
        let n = NodeRef { id: "x".into(), kind: "end".into(), title: String::new() };
        let change = NodeChange { node: n.clone(), moved: None, fields: vec![] };
        let parts = [
            DocDiff { nodes_added: vec![n.clone()], ..Default::default() },
            DocDiff { nodes_removed: vec![n], ..Default::default() },
            DocDiff { nodes_changed: vec![change], ..Default::default() },
            DocDiff { edges_added: vec![edge("a", "b")], ..Default::default() },
            DocDiff { edges_removed: vec![edge("a", "b")], ..Default::default() },
        ];
        for d in parts {
            assert!(!d.is_empty(), "{d:?}");
        }
    }

    #[test]
    fn an_added_and_a_removed_node_are_named_with_kind_and_title() {
        let mut new = base();
        new.nodes.retain(|n| n.id != "end");
        let mut t = with("template_1", json!({"kind": "template", "template": "x"}));
        t.title = "Format".into();
        new.nodes.push(t);
        let d = diff(&base(), &new);
        assert_eq!(d.nodes_removed, vec![NodeRef { id: "end".into(), kind: "end".into(), title: "".into() }]);
        assert_eq!(
            d.nodes_added,
            vec![NodeRef { id: "template_1".into(), kind: "template".into(), title: "Format".into() }]
        );
        assert!(d.nodes_changed.is_empty());
    }

    #[test]
    fn a_moved_node_is_a_move_and_not_a_field_change() {
        let mut new = base();
        new.nodes[1].position = Position { x: 300.0, y: 20.0 };
        let d = diff(&base(), &new);
        assert_eq!(d.nodes_changed.len(), 1);
        let c = &d.nodes_changed[0];
        assert_eq!(c.node.id, "llm_1");
        assert_eq!(c.moved, Some(Move { from: Position::default(), to: Position { x: 300.0, y: 20.0 } }));
        assert!(c.fields.is_empty());
    }

    #[test]
    fn an_edited_field_has_its_old_and_new_value_and_a_text_its_lines() {
        let mut new = base();
        new.nodes[1] = with(
            "llm_1",
            json!({"kind": "llm", "user": "Summarise {{start.text}}\nBe very brief.", "temperature": 0.7}),
        );
        new.nodes[1].title = "Summary".into();
        let d = diff(&base(), &new);
        let c = &d.nodes_changed[0];
        assert_eq!(c.moved, None);
        let paths: Vec<&str> = c.fields.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, vec!["config.temperature", "config.user", "title"]);
        let temperature = &c.fields[0];
        assert_eq!((temperature.old.clone(), temperature.new.clone()), (Some(json!(0.2)), Some(json!(0.7))));
        assert!(temperature.lines.is_empty(), "a number has no lines");
        let user = &c.fields[1];
        let ops: Vec<(LineOp, &str)> = user.lines.iter().map(|l| (l.op, l.text.as_str())).collect();
        assert_eq!(
            ops,
            vec![
                (LineOp::Same, "Summarise {{start.text}}"),
                (LineOp::Removed, "Be brief."),
                (LineOp::Added, "Be very brief.")
            ]
        );
        assert_eq!(c.fields[2].lines.len(), 1, "an empty title became one added line");
    }

    #[test]
    fn a_model_choice_is_one_field_from_and_to_nothing() {
        let target = json!({"kind": "model", "provider_id": "p", "model": "m"});
        let mut old = base();
        old.nodes[1] = with("llm_1", json!({"kind": "llm", "user": "u", "target": target}));
        let mut new = base();
        new.nodes[1] = with("llm_1", json!({"kind": "llm", "user": "u"}));
        let d = diff(&old, &new);
        let f = &d.nodes_changed[0].fields;
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(
            (f[0].path.as_str(), f[0].old.clone(), f[0].new.clone()),
            ("config.target", Some(target), Some(Value::Null))
        );
        let mut policy = base();
        policy.nodes[1].policy.retry.max_retries = 3;
        policy.nodes[1].policy.timeout_ms = Some(100);
        let p: Vec<(String, Option<Value>)> =
            diff(&base(), &policy).nodes_changed[0].fields.iter().map(|f| (f.path.clone(), f.old.clone())).collect();
        assert_eq!(
            p,
            vec![("policy.retry.max_retries".into(), Some(json!(0))), ("policy.timeout_ms".into(), Some(Value::Null))]
        );
    }

    #[test]
    fn a_node_whose_kind_changed_shows_its_whole_config() {
        let mut new = base();
        new.nodes[1] = with("llm_1", json!({"kind": "template", "template": "t"}));
        let d = diff(&base(), &new);
        let paths: Vec<&str> = d.nodes_changed[0].fields.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, vec!["config"]);
    }

    #[test]
    fn edges_added_and_removed_are_listed() {
        let mut new = base();
        new.edges.remove(1);
        new.edges.push(edge("start", "end"));
        let d = diff(&base(), &new);
        assert_eq!(d.edges_removed, vec![edge("llm_1", "end")]);
        assert_eq!(d.edges_added, vec![edge("start", "end")]);
        assert!(d.nodes_changed.is_empty() && d.nodes_added.is_empty() && d.nodes_removed.is_empty());
    }
}
