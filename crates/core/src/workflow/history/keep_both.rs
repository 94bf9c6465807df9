//! "Keep both" for a node that both branches added under the same id (the canvas numbers new nodes per kind, so
//! two branches that each add a Template both call it `template_2`): the other branch's node is renamed to the next
//! free id of its kind before the merge, with everything on that branch that names it — its edges, the nodes
//! inside it (an iteration's), and the references in templates and variable fields.

use std::collections::HashSet;

use regex::Regex;
use serde_json::Value;

use crate::error::{Error, Result};
use crate::workflow::{Edge, WorkflowDoc};

/// `theirs` with each node id in `kept` renamed to a fresh one, and the renames made (old, new).
pub fn rename_theirs(
    base: &WorkflowDoc,
    ours: &WorkflowDoc,
    theirs: &WorkflowDoc,
    kept: &[&str],
) -> Result<(WorkflowDoc, Vec<(String, String)>)> {
    let mut taken: HashSet<String> =
        [base, ours, theirs].iter().flat_map(|d| d.nodes.iter().map(|n| n.id.clone())).collect();
    let mut renames = Vec::new();
    for &old in kept {
        let new = fresh_id(old, &taken);
        taken.insert(new.clone());
        renames.push((old.to_owned(), new));
    }
    let mut doc = theirs.clone();
    for (old, new) in &renames {
        rename(&mut doc, old, new)?;
    }
    Ok((doc, renames))
}

/// `<kind>_<n>` becomes the next `<kind>_<m>` no document has; any other id gets `_2`, `_3`, … appended.
fn fresh_id(old: &str, taken: &HashSet<String>) -> String {
    let (stem, from) = match old.rsplit_once('_') {
        Some((stem, n)) if !stem.is_empty() => match n.parse::<u64>() {
            // `old` itself is taken (the other side has it), so counting from its own number is enough.
            Ok(n) => (stem.to_owned(), n),
            Err(_) => (old.to_owned(), 2),
        },
        _ => (old.to_owned(), 2),
    };
    (from..).map(|n| format!("{stem}_{n}")).find(|id| !taken.contains(id)).unwrap_or_default()
}

fn rename(doc: &mut WorkflowDoc, old: &str, new: &str) -> Result<()> {
    let reference = Regex::new(&format!(r"(^|[^A-Za-z0-9_]){}\.", regex::escape(old)))
        .map_err(|e| Error::internal(format!("reference pattern: {e}")))?;
    for node in &mut doc.nodes {
        if node.id == old {
            node.id = new.to_owned();
        }
        if node.parent.as_deref() == Some(old) {
            node.parent = Some(new.to_owned());
        }
        let id = node.id.clone();
        let broken = |e: serde_json::Error| Error::internal(format!("renaming {old} in {id}: {e}"));
        let mut config = serde_json::to_value(&node.config).map_err(broken)?;
        rename_references(&mut config, &reference, new);
        node.config = serde_json::from_value(config).map_err(broken)?;
    }
    for edge in doc.edges.iter_mut().filter(|e| e.source == old || e.target == old) {
        for end in [&mut edge.source, &mut edge.target] {
            if end == old {
                *end = new.to_owned();
            }
        }
        edge.id = Edge::id_for(&edge.source, &edge.source_port, &edge.target);
    }
    Ok(())
}

fn rename_references(value: &mut Value, reference: &Regex, new: &str) {
    match value {
        Value::String(s) => *s = reference.replace_all(s, format!("${{1}}{new}.")).into_owned(),
        Value::Array(items) => items.iter_mut().for_each(|v| rename_references(v, reference, new)),
        Value::Object(fields) => fields.values_mut().for_each(|v| rename_references(v, reference, new)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::workflow::testing::{doc, edge, with};

    #[test]
    fn the_next_free_id_of_the_kind() {
        let taken: HashSet<String> = ["template_1", "template_2", "template_3", "x"].map(String::from).into();
        assert_eq!(fresh_id("template_2", &taken), "template_4");
        assert_eq!(fresh_id("x", &taken), "x_2");
        assert_eq!(fresh_id("x_y", &taken), "x_y_2");
        assert_eq!(fresh_id("_7", &taken), "_7_2");
    }

    #[test]
    fn a_renamed_node_takes_its_edges_children_and_references_along() {
        let theirs = doc(
            vec![
                with("start", json!({"kind": "start", "inputs": []})),
                with("template_1", json!({"kind": "template", "template": "{{template_1.text}} and xtemplate_1.text"})),
                with("end", json!({"kind": "end", "outputs": [{"name": "r", "value": "{{ template_1.text }}"}]})),
            ],
            vec![edge("start", "template_1"), edge("template_1", "end")],
        );
        let mut inner = theirs.clone();
        inner.nodes[2].parent = Some("template_1".into());
        let (renamed, renames) = rename_theirs(&WorkflowDoc::default(), &theirs, &inner, &["template_1"]).unwrap();
        assert_eq!(renames, vec![("template_1".to_owned(), "template_2".to_owned())]);
        assert_eq!(renamed.nodes[1].id, "template_2");
        assert_eq!(renamed.nodes[2].parent.as_deref(), Some("template_2"));
        let text = serde_json::to_value(&renamed.nodes[1].config).unwrap();
        assert_eq!(text["template"], "{{template_2.text}} and xtemplate_1.text", "only whole ids are references");
        let end = serde_json::to_value(&renamed.nodes[2].config).unwrap();
        assert_eq!(end["outputs"][0]["value"], "{{ template_2.text }}");
        assert_eq!(renamed.edges, vec![edge("start", "template_2"), edge("template_2", "end")]);
        assert_eq!(renamed.nodes[0], theirs.nodes[0], "what does not name it is as it was");
    }
}
