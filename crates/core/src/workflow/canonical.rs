//! One text per value: JSON with object keys sorted at every depth and no whitespace, whatever order a map kept.
//! What fingerprints and version hashes are taken over, so the same content always gives the same hash.

use serde_json::Value;
use sha2::{Digest, Sha256};

use super::WorkflowDoc;

pub fn canonical_json(value: &Value) -> String {
    let mut out = String::new();
    write(value, &mut out);
    out
}

/// The document's content address: sha256 of its canonical JSON, in hex.
pub fn doc_hash(doc: &WorkflowDoc) -> String {
    sha256_hex(&canonical_json(&serde_json::to_value(doc).unwrap_or(Value::Null)))
}

pub fn sha256_hex(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

fn write(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(k.clone()).to_string());
                out.push(':');
                write(&map[k], out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(item, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::workflow::testing::{doc, edge, with};

    #[test]
    fn canonical_json_sorts_keys_at_every_depth() {
        assert_eq!(
            canonical_json(&json!({"b": [ {"y": 1, "x": 2}, 3 ], "a": null})),
            r#"{"a":null,"b":[{"x":2,"y":1},3]}"#
        );
    }

    #[test]
    fn the_same_document_has_the_same_hash_and_any_change_a_new_one() {
        let d = doc(
            vec![with("start", json!({"kind": "start"})), with("t", json!({"kind": "template", "template": "Hi"}))],
            vec![edge("start", "t")],
        );
        let reparsed: WorkflowDoc = serde_json::from_str(&serde_json::to_string_pretty(&d).unwrap()).unwrap();
        assert_eq!(doc_hash(&d), doc_hash(&reparsed));
        assert_eq!(doc_hash(&d).len(), 64);
        let mut moved = d.clone();
        moved.nodes[1].position.x = 0.5;
        let mut retitled = d.clone();
        retitled.nodes[1].title = "Greeting".into();
        let mut unlinked = d.clone();
        unlinked.edges.clear();
        let mut edited = d.clone();
        edited.nodes[1] = with("t", json!({"kind": "template", "template": "Hi!"}));
        let hashes: std::collections::HashSet<String> =
            [&d, &moved, &retitled, &unlinked, &edited].iter().map(|x| doc_hash(x)).collect();
        assert_eq!(hashes.len(), 5, "every change gives a new hash");
    }
}
