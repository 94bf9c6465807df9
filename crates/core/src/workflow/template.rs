//! Variables in templates and fields: `{{node.output}}`, or a path inside it (`{{llm.json.items.0.title}}`).
//! Parsing names what a node reads (validation, fingerprints); rendering fills the values in.

use std::collections::HashMap;

use serde_json::Value;

/// One named variable: a node's output and a path inside its value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Reference {
    pub node: String,
    pub output: String,
    pub path: Vec<String>,
}

impl Reference {
    /// `node.output[.path…]`, spaces around it allowed; None unless it has a node and an output.
    pub fn parse(selector: &str) -> Option<Reference> {
        let mut parts = selector.trim().split('.');
        let node = parts.next().filter(|s| is_name(s))?.to_owned();
        let output = parts.next().filter(|s| is_name(s))?.to_owned();
        let path: Vec<String> = parts.map(str::to_owned).collect();
        path.iter().all(|p| !p.is_empty()).then_some(Reference { node, output, path })
    }

    pub fn text(&self) -> String {
        let mut s = format!("{}.{}", self.node, self.output);
        for p in &self.path {
            s.push('.');
            s.push_str(p);
        }
        s
    }
}

fn is_name(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-')
}

/// A piece of a template: literal text, or a `{{…}}` (whose inside may not parse: an unknown variable).
#[derive(Debug, PartialEq)]
enum Piece<'a> {
    Text(&'a str),
    Var(&'a str),
}

fn pieces(template: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find("{{") {
        let Some(close) = rest[open + 2..].find("}}") else { break };
        if open > 0 {
            out.push(Piece::Text(&rest[..open]));
        }
        out.push(Piece::Var(&rest[open + 2..open + 2 + close]));
        rest = &rest[open + 2 + close + 2..];
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest));
    }
    out
}

/// Every `{{…}}` of a template: Ok with the reference, Err with the text that names no variable.
pub fn variables(template: &str) -> Vec<Result<Reference, String>> {
    pieces(template)
        .into_iter()
        .filter_map(|p| match p {
            Piece::Var(inner) => Some(Reference::parse(inner).ok_or_else(|| inner.trim().to_owned())),
            Piece::Text(_) => None,
        })
        .collect()
}

/// The values in scope: node id → that node's outputs (an object by output name).
pub type Scope = HashMap<String, Value>;

/// The value a reference names, if its node has run and the path exists.
pub fn lookup<'a>(scope: &'a Scope, reference: &Reference) -> Option<&'a Value> {
    let mut value = scope.get(&reference.node)?.get(&reference.output)?;
    for step in &reference.path {
        value = match value {
            Value::Array(items) => items.get(step.parse::<usize>().ok()?)?,
            Value::Object(_) => value.get(step)?,
            _ => return None,
        };
    }
    Some(value)
}

/// Text for a value inside a template: strings as they are, null as nothing, anything else as JSON.
pub fn as_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// The template with its variables filled in; a variable with no value (its node skipped) becomes empty text.
pub fn render(template: &str, scope: &Scope) -> String {
    pieces(template)
        .into_iter()
        .map(|p| match p {
            Piece::Text(t) => t.to_owned(),
            Piece::Var(inner) => {
                Reference::parse(inner).and_then(|r| lookup(scope, &r).map(as_text)).unwrap_or_default()
            }
        })
        .collect()
}

/// A template that is exactly one variable gives that value as it is (a list stays a list); else the text.
pub fn evaluate(template: &str, scope: &Scope) -> Value {
    match pieces(template.trim()).as_slice() {
        [Piece::Var(inner)] => match Reference::parse(inner) {
            Some(r) => lookup(scope, &r).cloned().unwrap_or(Value::Null),
            None => Value::String(String::new()),
        },
        _ => Value::String(render(template, scope)),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn scope() -> Scope {
        let mut s = Scope::new();
        s.insert("start".into(), json!({"name": "Ada", "n": 3, "list": ["a", "b"]}));
        s.insert("llm_1".into(), json!({"json": {"items": [{"title": "T"}]}, "text": "hi"}));
        s
    }

    #[test]
    fn a_selector_names_a_node_an_output_and_a_path() {
        let r = Reference::parse(" llm_1.json.items.0 ").unwrap();
        assert_eq!(
            (r.node.as_str(), r.output.as_str(), r.path.clone()),
            ("llm_1", "json", vec!["items".into(), "0".into()])
        );
        assert_eq!(r.text(), "llm_1.json.items.0");
        for bad in ["", "start", ".x", "start.", "a..b", "a b.c", "a.b."] {
            assert_eq!(Reference::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn variables_lists_every_placeholder_and_the_ones_that_name_nothing() {
        let found = variables("Hi {{start.name}}, {{ nope }} and {{llm_1.text}} {{unclosed");
        assert_eq!(found.len(), 3);
        assert_eq!(found[0].as_ref().unwrap().text(), "start.name");
        assert_eq!(found[1], Err("nope".to_owned()));
        assert_eq!(found[2].as_ref().unwrap().text(), "llm_1.text");
    }

    #[test]
    fn render_fills_values_as_text_and_leaves_missing_ones_empty() {
        let s = scope();
        assert_eq!(
            render("{{start.name}} has {{start.n}} {{start.list}}; {{llm_1.json.items.0.title}}{{x.y}}{{bad}}!", &s),
            "Ada has 3 [\"a\",\"b\"]; T!"
        );
        assert_eq!(render("no vars {{ unclosed", &s), "no vars {{ unclosed");
        assert_eq!(as_text(&Value::Null), "");
    }

    #[test]
    fn a_lone_variable_keeps_its_value_and_anything_else_is_text() {
        let s = scope();
        assert_eq!(evaluate(" {{start.list}} ", &s), json!(["a", "b"]));
        assert_eq!(evaluate("{{start.missing}}", &s), Value::Null);
        assert_eq!(evaluate("{{ not a var }}", &s), json!(""));
        assert_eq!(evaluate("n={{start.n}}", &s), json!("n=3"));
        assert_eq!(lookup(&s, &Reference::parse("start.list.9").unwrap()), None);
        assert_eq!(lookup(&s, &Reference::parse("start.name.x").unwrap()), None);
        assert_eq!(lookup(&s, &Reference::parse("start.list.x").unwrap()), None);
    }
}
