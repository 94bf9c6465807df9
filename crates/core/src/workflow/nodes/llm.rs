//! LLM: one call to a model or a route through the one door, with system and user templates; text out, or JSON
//! checked against a schema.

use serde::{Deserialize, Serialize};

use crate::workflow::document::Target;

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, specta::Type)]
pub struct LlmConfig {
    /// None until the person picks one (a validation problem: "missing model").
    #[serde(default)]
    pub target: Option<Target>,
    #[serde(default)]
    pub system: String,
    #[serde(default)]
    pub user: String,
    #[serde(default)]
    pub temperature: Option<f64>,
    #[serde(default)]
    pub max_tokens: Option<u32>,
    /// The answer must be JSON; its parsed value is the `json` output.
    #[serde(default)]
    pub json_output: bool,
    /// A JSON Schema the answer must satisfy when `json_output`; empty accepts any JSON.
    #[serde(default)]
    pub json_schema: String,
}

use serde_json::Value;

use super::{FieldProblem, Read};
use crate::chat::ChatTarget;
use crate::error::{Error, ErrorCategory, Result};
use crate::ir::{ChatRequest, Message, ResponseFormat, Role, SystemPart};
use crate::workflow::document::VarType;
use crate::workflow::problem::ProblemCode;
use crate::workflow::run_context::{LlmCall, NodeCtx, Ran};
use crate::workflow::template::render;

/// Said to the model when the node wants JSON: some providers refuse a JSON mode whose prompt never says so.
const JSON_HINT: &str = "Answer with JSON only.";

pub fn outputs(c: &LlmConfig) -> Vec<(String, VarType)> {
    let mut out = vec![("text".to_owned(), VarType::String)];
    if c.json_output {
        out.push(("json".to_owned(), VarType::Any));
    }
    out
}

pub fn reads(c: &LlmConfig) -> Vec<Read<'_>> {
    vec![Read::Template { field: "system", text: &c.system }, Read::Template { field: "user", text: &c.user }]
}

fn schema(c: &LlmConfig) -> std::result::Result<Option<(Value, jsonschema::Validator)>, String> {
    if !c.json_output || c.json_schema.trim().is_empty() {
        return Ok(None);
    }
    let value: Value = serde_json::from_str(&c.json_schema).map_err(|e| format!("the schema is not JSON: {e}"))?;
    let validator = jsonschema::validator_for(&value).map_err(|e| format!("the schema is not valid: {e}"))?;
    Ok(Some((value, validator)))
}

pub fn check(c: &LlmConfig) -> Vec<FieldProblem> {
    let mut problems = Vec::new();
    let named = match &c.target {
        None => false,
        Some(ChatTarget::Model { provider_id, model }) => !provider_id.is_empty() && !model.trim().is_empty(),
        Some(ChatTarget::Route { name }) => !name.trim().is_empty(),
    };
    if !named {
        problems.push((ProblemCode::MissingModel, "target".into(), "no model or route is chosen".into()));
    }
    if c.user.trim().is_empty() {
        problems.push(super::missing("user"));
    }
    if let Err(why) = schema(c) {
        problems.push((ProblemCode::InvalidPattern, "json_schema".into(), why));
    }
    problems
}

fn request(c: &LlmConfig, target: &ChatTarget, system: &str, user: &str) -> Result<ChatRequest> {
    let mut system_text = system.to_owned();
    let response_format = if c.json_output {
        if !system_text.is_empty() {
            system_text.push_str("\n\n");
        }
        system_text.push_str(JSON_HINT);
        Some(match schema(c).map_err(|why| Error::invalid("workflow_json_schema", why))? {
            Some((schema, _)) => ResponseFormat::JsonSchema { name: Some("output".into()), schema, strict: None },
            None => ResponseFormat::JsonObject,
        })
    } else {
        None
    };
    Ok(ChatRequest {
        model: target.label().to_owned(),
        system: if system_text.is_empty() {
            Vec::new()
        } else {
            vec![SystemPart { text: system_text, cache_control: None }]
        },
        messages: vec![Message::text(Role::User, user)],
        temperature: c.temperature,
        max_tokens: c.max_tokens,
        response_format,
        stream: true,
        ..Default::default()
    })
}

pub fn empty_output() -> Error {
    Error::new(ErrorCategory::Upstream, "empty_output", "the model answered with no text")
}

pub fn invalid_json(why: impl Into<String>) -> Error {
    Error::new(ErrorCategory::Upstream, "invalid_json", why)
}

/// The answer's JSON, checked against the schema when there is one.
fn parse_answer(c: &LlmConfig, text: &str) -> Result<Value> {
    let value = super::extract::parse_json_text(text).ok_or_else(|| invalid_json("the model's answer is not JSON"))?;
    if let Some((_, validator)) = schema(c).map_err(|why| Error::invalid("workflow_json_schema", why))? {
        if let Some(first) = validator.iter_errors(&value).next() {
            return Err(invalid_json(format!("the model's JSON does not fit the schema: {first}")));
        }
    }
    Ok(value)
}

pub async fn run(c: &LlmConfig, ctx: &NodeCtx<'_>) -> Result<Ran> {
    let target = c.target.clone().ok_or_else(|| Error::invalid("workflow_missing_model", "no model is chosen"))?;
    let (system, user) = (render(&c.system, ctx.scope), render(&c.user, ctx.scope));
    let inputs = super::outputs([("system", system.clone().into()), ("user", user.clone().into())]);
    let call = LlmCall { request: request(c, &target, &system, &user)?, target, origin: ctx.origin.clone() };
    let answer = ctx.services.llm(call, ctx.on_delta, ctx.cancel).await?;
    let text = answer.text.clone();
    ctx.calls.lock().unwrap_or_else(|p| p.into_inner()).push(answer);
    if text.trim().is_empty() {
        return Err(empty_output());
    }
    let outputs = if c.json_output {
        let json = parse_answer(c, &text)?;
        super::outputs([("text", text.into()), ("json", json)])
    } else {
        super::outputs([("text", text.into())])
    };
    Ok(Ran::new(inputs, outputs))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model() -> Option<ChatTarget> {
        Some(ChatTarget::Model { provider_id: "p".into(), model: "m".into() })
    }

    #[test]
    fn a_missing_target_user_prompt_or_bad_schema_is_a_problem() {
        let codes = |c: &LlmConfig| check(c).into_iter().map(|p| (p.0, p.1)).collect::<Vec<_>>();
        let empty = LlmConfig::default();
        assert_eq!(
            codes(&empty),
            [(ProblemCode::MissingModel, "target".into()), (ProblemCode::MissingField, "user".into())]
        );
        let blank_model = LlmConfig {
            target: Some(ChatTarget::Model { provider_id: "p".into(), model: " ".into() }),
            user: "hi".into(),
            ..Default::default()
        };
        assert_eq!(codes(&blank_model)[0].0, ProblemCode::MissingModel);
        let blank_route =
            LlmConfig { target: Some(ChatTarget::Route { name: "".into() }), user: "hi".into(), ..Default::default() };
        assert_eq!(codes(&blank_route)[0].0, ProblemCode::MissingModel);
        let route =
            LlmConfig { target: Some(ChatTarget::Route { name: "r".into() }), user: "hi".into(), ..Default::default() };
        assert!(codes(&route).is_empty());
        let bad = LlmConfig {
            target: model(),
            user: "hi".into(),
            json_output: true,
            json_schema: "{".into(),
            ..Default::default()
        };
        assert_eq!(codes(&bad), [(ProblemCode::InvalidPattern, "json_schema".into())]);
        let wrong = LlmConfig { json_schema: r#"{"type": 5}"#.into(), ..bad.clone() };
        assert_eq!(codes(&wrong), [(ProblemCode::InvalidPattern, "json_schema".into())]);
        let ignored = LlmConfig { json_output: false, ..bad };
        assert!(codes(&ignored).is_empty(), "a schema is only read for JSON output");
    }

    #[test]
    fn json_output_asks_for_json_and_checks_the_answer_against_the_schema() {
        let schema = r#"{"type":"object","required":["title"],"properties":{"title":{"type":"string"}}}"#;
        let c = LlmConfig {
            target: model(),
            system: "Be brief.".into(),
            json_output: true,
            json_schema: schema.into(),
            temperature: Some(0.5),
            max_tokens: Some(9),
            ..Default::default()
        };
        let req = request(&c, c.target.as_ref().unwrap(), "Be brief.", "hi").unwrap();
        assert_eq!(req.system[0].text, format!("Be brief.\n\n{JSON_HINT}"));
        assert!(
            matches!(&req.response_format, Some(ResponseFormat::JsonSchema { schema, .. }) if schema["required"][0] == "title")
        );
        assert_eq!((req.temperature, req.max_tokens, req.model.as_str()), (Some(0.5), Some(9), "m"));
        assert_eq!(parse_answer(&c, "```json\n{\"title\": \"T\"}\n```").unwrap()["title"], "T");
        assert_eq!(parse_answer(&c, r#"{"name": 1}"#).unwrap_err().code, "invalid_json");
        assert_eq!(parse_answer(&c, "sure! here").unwrap_err().code, "invalid_json");
        let any = LlmConfig { json_schema: String::new(), ..c.clone() };
        let req = request(&any, any.target.as_ref().unwrap(), "", "hi").unwrap();
        assert_eq!((req.response_format, req.system[0].text.as_str()), (Some(ResponseFormat::JsonObject), JSON_HINT));
        let text = LlmConfig { json_output: false, ..c };
        let req = request(&text, text.target.as_ref().unwrap(), "", "hi").unwrap();
        assert!(req.system.is_empty() && req.response_format.is_none());
        assert_eq!(outputs(&text).len(), 1);
        assert_eq!(outputs(&any)[1], ("json".to_owned(), VarType::Any));
    }
}
