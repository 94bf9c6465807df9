//! A node's fingerprint: sha256 over its config and every value it reads (its own templates' and, for an
//! iteration, its whole sub-graph's). "Run from here" reuses a node's recorded output only when the fingerprint
//! is the one recorded.

use serde_json::Value;
use sha2::{Digest, Sha256};

use super::canonical::canonical_json;
use super::document::Node;
use super::graph::Graph;
use super::nodes::Read;
use super::template::{lookup, variables, Reference, Scope};

/// Bumped when what goes into a fingerprint changes, so old records are never taken for a match.
const VERSION: &str = "wf-fp-1";

pub fn fingerprint(graph: &Graph<'_>, node: &Node, scope: &Scope, run_inputs: &Value) -> String {
    let mut nodes = vec![node];
    nodes.extend(graph.doc.nodes.iter().filter(|n| graph.enclosing(&n.id).contains(&node.id.as_str())));
    let mut read = std::collections::BTreeMap::new();
    for n in &nodes {
        for r in n.config.reads() {
            let refs = match r {
                Read::Template { text, .. } => variables(text).into_iter().filter_map(|v| v.ok()).collect(),
                Read::Variable { text, .. } => Reference::parse(text).into_iter().collect::<Vec<_>>(),
            };
            for r in refs {
                let value = lookup(scope, &r).cloned().unwrap_or(Value::Null);
                read.insert(r.text(), value);
            }
        }
    }
    let configs: Vec<Value> = nodes.iter().map(|n| serde_json::to_value(&n.config).unwrap_or(Value::Null)).collect();
    let is_start = matches!(node.config, super::document::NodeConfig::Start(_));
    let whole = serde_json::json!({
        "v": VERSION,
        "configs": configs,
        "read": read,
        "inputs": if is_start { run_inputs.clone() } else { Value::Null },
    });
    hex::encode(Sha256::digest(canonical_json(&whole).as_bytes()))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::workflow::testing::{doc, edge, with};

    #[test]
    fn the_fingerprint_changes_with_config_and_read_values_and_nothing_else() {
        let d = doc(
            vec![
                with("start", json!({"kind": "start"})),
                with("t", json!({"kind": "template", "template": "Hi {{start.name}}"})),
            ],
            vec![edge("start", "t")],
        );
        let g = Graph::new(&d);
        let t = d.node("t").unwrap();
        let scope = |name: &str| Scope::from([("start".to_owned(), json!({"name": name, "other": 1}))]);
        let base = fingerprint(&g, t, &scope("Ada"), &json!({}));
        assert_eq!(
            base,
            fingerprint(&g, t, &scope("Ada"), &json!({"ignored": true})),
            "only Start reads the run inputs"
        );
        let mut unread = scope("Ada");
        unread.get_mut("start").unwrap()["other"] = json!(2);
        assert_eq!(base, fingerprint(&g, t, &unread, &json!({})), "a value the node does not read");
        assert_ne!(base, fingerprint(&g, t, &scope("Bob"), &json!({})));
        let mut changed = d.clone();
        changed.nodes[1] = with("t", json!({"kind": "template", "template": "Hello {{start.name}}"}));
        let g2 = Graph::new(&changed);
        assert_ne!(base, fingerprint(&g2, changed.node("t").unwrap(), &scope("Ada"), &json!({})));
        let start = d.node("start").unwrap();
        assert_ne!(
            fingerprint(&g, start, &Scope::new(), &json!({"a": 1})),
            fingerprint(&g, start, &Scope::new(), &json!({"a": 2}))
        );
    }
}
