//! Extract: a value out of a text, by JSON path (RFC 9535) or by regex (the first capture group, else the match).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
pub struct ExtractConfig {
    /// The variable to read, `node.output`.
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub mode: ExtractMode,
    #[serde(default)]
    pub pattern: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ExtractMode {
    #[default]
    JsonPath,
    Regex,
}

use serde_json::Value;
use serde_json_path::JsonPath;

use super::{missing, FieldProblem, Read};
use crate::error::{Error, Result};
use crate::workflow::document::VarType;
use crate::workflow::problem::ProblemCode;
use crate::workflow::run_context::{NodeCtx, Ran};
use crate::workflow::template::{as_text, lookup, Reference};

pub fn reads(c: &ExtractConfig) -> Vec<Read<'_>> {
    let wants = match c.mode {
        ExtractMode::Regex => VarType::String,
        ExtractMode::JsonPath => VarType::Any,
    };
    vec![Read::Variable { field: "source", text: &c.source, wants }]
}

pub fn check(c: &ExtractConfig) -> Vec<FieldProblem> {
    let mut problems = Vec::new();
    if c.source.trim().is_empty() {
        problems.push(missing("source"));
    }
    if c.pattern.trim().is_empty() {
        problems.push(missing("pattern"));
    } else if let Err(why) = compile(c) {
        problems.push((ProblemCode::InvalidPattern, "pattern".into(), why));
    }
    problems
}

enum Pattern {
    Path(JsonPath),
    Regex(regex::Regex),
}

fn compile(c: &ExtractConfig) -> std::result::Result<Pattern, String> {
    match c.mode {
        ExtractMode::JsonPath => JsonPath::parse(c.pattern.trim()).map(Pattern::Path).map_err(|e| e.to_string()),
        ExtractMode::Regex => regex::Regex::new(&c.pattern).map(Pattern::Regex).map_err(|e| e.to_string()),
    }
}

/// A model's JSON often comes inside a ```json fence; the fence is not part of the value.
pub fn parse_json_text(text: &str) -> Option<Value> {
    let trimmed = text.trim();
    let inner = trimmed
        .strip_prefix("```")
        .map(|rest| rest.trim_start_matches(|c: char| c.is_ascii_alphabetic()))
        .and_then(|rest| rest.trim_end().strip_suffix("```"))
        .unwrap_or(trimmed);
    serde_json::from_str(inner.trim()).ok()
}

fn no_match(what: &str) -> Error {
    Error::invalid("extract_no_match", format!("the {what} found nothing in the text"))
}

pub fn run(c: &ExtractConfig, ctx: &NodeCtx<'_>) -> Result<Ran> {
    let source = Reference::parse(&c.source).and_then(|r| lookup(ctx.scope, &r).cloned()).unwrap_or(Value::Null);
    let pattern = compile(c).map_err(|why| Error::invalid("extract_pattern", why))?;
    let value = match pattern {
        Pattern::Path(path) => {
            let doc = match &source {
                Value::String(text) => parse_json_text(text)
                    .ok_or_else(|| Error::invalid("extract_not_json", "the text to read is not JSON"))?,
                other => other.clone(),
            };
            let found: Vec<Value> = path.query(&doc).all().into_iter().cloned().collect();
            match found.len() {
                0 => return Err(no_match("JSON path")),
                1 => found.into_iter().next().unwrap_or(Value::Null),
                _ => Value::Array(found),
            }
        }
        Pattern::Regex(re) => {
            let text = as_text(&source);
            let caps = re.captures(&text).ok_or_else(|| no_match("regex"))?;
            let hit = caps.get(1).or_else(|| caps.get(0)).map(|m| m.as_str()).unwrap_or_default();
            Value::String(hit.to_owned())
        }
    };
    Ok(Ran::new(super::outputs([("source", source)]), super::outputs([("value", value)])))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fenced_json_is_read_without_its_fence() {
        assert_eq!(parse_json_text("```json\n{\"a\": 1}\n```"), Some(serde_json::json!({"a": 1})));
        assert_eq!(parse_json_text(" [1] "), Some(serde_json::json!([1])));
        assert_eq!(parse_json_text("```\n2\n```"), Some(serde_json::json!(2)));
        assert_eq!(parse_json_text("not json"), None);
    }

    fn extract(mode: ExtractMode, pattern: &str, source: serde_json::Value) -> Result<Value> {
        let c = ExtractConfig { source: "s.v".into(), mode, pattern: pattern.into() };
        let scope = [("s".to_owned(), serde_json::json!({ "v": source }))].into();
        crate::workflow::testing::in_ctx(&scope, &serde_json::json!({}), |ctx| run(&c, ctx))
            .map(|r| r.outputs["value"].clone())
    }

    #[test]
    fn a_json_path_reads_text_or_a_value_and_gives_one_match_or_the_list() {
        use serde_json::json;
        let doc = json!({"items": [{"name": "a"}, {"name": "b"}]});
        assert_eq!(extract(ExtractMode::JsonPath, "$.items[*].name", doc.clone()).unwrap(), json!(["a", "b"]));
        assert_eq!(extract(ExtractMode::JsonPath, "$.items[1].name", doc.clone()).unwrap(), json!("b"));
        let text = json!("```json\n{\"n\": 4}\n```");
        assert_eq!(extract(ExtractMode::JsonPath, "$.n", text).unwrap(), json!(4));
        assert_eq!(extract(ExtractMode::JsonPath, "$.nope", doc).unwrap_err().code, "extract_no_match");
        assert_eq!(extract(ExtractMode::JsonPath, "$.n", json!("plain words")).unwrap_err().code, "extract_not_json");
        assert_eq!(extract(ExtractMode::JsonPath, "$[", json!({})).unwrap_err().code, "extract_pattern");
    }

    #[test]
    fn a_regex_gives_its_first_group_or_else_the_whole_match() {
        use serde_json::json;
        assert_eq!(extract(ExtractMode::Regex, r"id=(\d+)", json!("x id=42 y")).unwrap(), json!("42"));
        assert_eq!(extract(ExtractMode::Regex, r"\d+", json!("x 42 y")).unwrap(), json!("42"));
        assert_eq!(extract(ExtractMode::Regex, r"\d+", json!(7)).unwrap(), json!("7"), "a number is read as its text");
        assert_eq!(extract(ExtractMode::Regex, r"\d+", json!("none")).unwrap_err().code, "extract_no_match");
    }

    #[test]
    fn a_pattern_that_does_not_parse_is_named() {
        let bad_path = ExtractConfig { source: "a.b".into(), mode: ExtractMode::JsonPath, pattern: "$[".into() };
        assert_eq!(check(&bad_path)[0].0, ProblemCode::InvalidPattern);
        let bad_re = ExtractConfig { source: "a.b".into(), mode: ExtractMode::Regex, pattern: "(".into() };
        assert_eq!(check(&bad_re)[0].0, ProblemCode::InvalidPattern);
        let empty = ExtractConfig::default();
        let subjects: Vec<_> = check(&empty).into_iter().map(|p| p.1).collect();
        assert_eq!(subjects, ["source", "pattern"]);
        assert_eq!(reads(&bad_re)[0], Read::Variable { field: "source", text: "a.b", wants: VarType::String });
    }
}
