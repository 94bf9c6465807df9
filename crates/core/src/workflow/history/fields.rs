//! A node as a flat map of fields (`title`, `position`, `config.temperature`, `policy.retry.max_retries`), what the
//! diff lists and the merge decides field by field. Objects are opened to their leaves; arrays, a position and an
//! LLM's target (provider and model are one choice, never merged half from each side) are one field each. A config
//! whose kind differs is one field: a kind's fields mean nothing under another kind.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::workflow::Node;

/// A field's path, joined with `.` where it is shown.
pub type Path = Vec<String>;
pub type Fields = BTreeMap<Path, Value>;

pub const POSITION: &str = "position";
const ATOMIC: [&[&str]; 2] = [&[POSITION], &["config", "target"]];

fn atomic(path: &[String]) -> bool {
    ATOMIC.iter().any(|a| a.len() == path.len() && a.iter().zip(path).all(|(x, y)| x == y))
}

pub fn flatten(node: &Node, open_config: bool) -> Fields {
    let mut out = Fields::new();
    let Value::Object(map) = serde_json::to_value(node).unwrap_or(Value::Null) else { return out };
    for (key, value) in map {
        if key == "id" {
            continue;
        }
        if key == "config" && !open_config {
            out.insert(vec![key], value);
        } else {
            open(vec![key], value, &mut out);
        }
    }
    out
}

fn open(path: Path, value: Value, out: &mut Fields) {
    match value {
        Value::Object(map) if !map.is_empty() && !atomic(&path) => {
            for (key, inner) in map {
                let mut deeper = path.clone();
                deeper.push(key);
                open(deeper, inner, out);
            }
        }
        leaf => {
            out.insert(path, leaf);
        }
    }
}

pub fn unflatten(id: &str, fields: &Fields) -> Result<Node> {
    let mut root = Map::new();
    root.insert("id".into(), Value::String(id.to_owned()));
    for (path, value) in fields {
        let mut at = &mut root;
        for key in &path[..path.len() - 1] {
            let slot = at.entry(key.clone()).or_insert_with(|| Value::Object(Map::new()));
            if !slot.is_object() {
                *slot = Value::Object(Map::new());
            }
            at = slot.as_object_mut().expect("made an object above");
        }
        at.insert(path[path.len() - 1].clone(), value.clone());
    }
    serde_json::from_value(Value::Object(root))
        .map_err(|e| Error::invalid("workflow_merge_invalid", format!("The merged node {id} is not valid: {e}")))
}

/// Whether every version present has the same config kind, so its fields can be compared one by one.
pub fn same_kind<'a>(nodes: impl IntoIterator<Item = &'a Node>) -> bool {
    let kinds: std::collections::HashSet<&'static str> = nodes.into_iter().map(|n| n.config.kind_name()).collect();
    kinds.len() <= 1
}

pub fn shown(path: &Path) -> String {
    path.join(".")
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::workflow::testing::with;

    #[test]
    fn a_node_opens_to_its_leaves_and_closes_back_to_itself() {
        let mut n = with(
            "llm_1",
            json!({"kind": "llm", "user": "Hi", "temperature": 0.2, "target": {"kind": "model", "provider_id": "p", "model": "m"}}),
        );
        n.title = "Ask".into();
        n.position.x = 40.0;
        let fields = flatten(&n, true);
        let shown: Vec<String> = fields.keys().map(shown).collect();
        assert!(shown.contains(&"config.user".to_owned()), "{shown:?}");
        assert!(shown.contains(&"config.kind".to_owned()));
        assert!(shown.contains(&"policy.retry.max_retries".to_owned()));
        assert!(shown.contains(&"position".to_owned()), "a position is one field");
        assert!(shown.contains(&"config.target".to_owned()), "provider and model are one choice");
        assert!(!shown.iter().any(|p| p == "id" || p.starts_with("position.") || p.starts_with("config.target.")));
        assert_eq!(fields[&vec!["title".to_owned()]], json!("Ask"));
        assert_eq!(unflatten("llm_1", &fields).unwrap(), n);
        let closed = flatten(&n, false);
        assert!(closed.contains_key(&vec!["config".to_owned()]));
        assert_eq!(unflatten("llm_1", &closed).unwrap(), n);
    }

    #[test]
    fn a_field_map_that_is_no_node_is_refused_by_name() {
        let mut fields = flatten(&with("t", json!({"kind": "template", "template": "x"})), true);
        fields.insert(vec!["config".into(), "kind".into()], json!("no_such_kind"));
        let e = unflatten("t", &fields).unwrap_err();
        assert_eq!(e.code, "workflow_merge_invalid");
        assert!(e.message.contains("node t"), "{}", e.message);
    }

    #[test]
    fn kinds_are_compared() {
        let t = with("a", json!({"kind": "template"}));
        let e = with("a", json!({"kind": "end"}));
        assert!(same_kind([&t, &t.clone()]));
        assert!(!same_kind([&t, &e]));
    }
}
