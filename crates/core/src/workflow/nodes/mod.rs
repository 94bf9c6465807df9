//! The node kinds, one file each: its config, the outputs it gives, what it reads, its own checks and how it runs.
//! This file only dispatches by kind; adding a kind means one file here, one variant in `NodeConfig` and one line
//! in each match below.

pub mod aggregate;
pub mod condition;
pub mod end;
pub mod extract;
pub mod http;
pub mod iteration;
pub mod llm;
pub mod start;
pub mod template;

use serde_json::Value;

use super::document::{NodeConfig, VarType};
use super::problem::ProblemCode;
use super::run_context::{NodeCtx, Ran};
use crate::error::Result;

/// Every kind's name as documents write it (`"kind": "llm"`); a file naming another is refused by name.
pub const KINDS: [&str; 9] =
    ["start", "llm", "template", "condition", "extract", "http", "iteration", "aggregate", "end"];

/// Something a node reads: a template (`Hi {{start.name}}`) or one variable where a value of a type is wanted.
#[derive(Debug, Clone, PartialEq)]
pub enum Read<'a> {
    Template { field: &'static str, text: &'a str },
    Variable { field: &'static str, text: &'a str, wants: VarType },
}

/// A problem a node's own fields have, before looking at the graph.
pub type FieldProblem = (ProblemCode, String, String);

pub fn missing(field: &str) -> FieldProblem {
    (ProblemCode::MissingField, field.to_owned(), format!("{field} is empty"))
}

/// What is wrong with one name of a list (Start's inputs, End's outputs), if anything: it is empty, or the list
/// already has it. `seen` collects the names so far.
pub fn name_problem<'a>(
    name: &'a str,
    seen: &mut std::collections::HashSet<&'a str>,
    list: &str,
) -> Option<FieldProblem> {
    if name.trim().is_empty() {
        Some(missing(&format!("{list}.name")))
    } else if !seen.insert(name) {
        Some((ProblemCode::DuplicateId, name.to_owned(), format!("two {list} are named {name}")))
    } else {
        None
    }
}

impl NodeConfig {
    pub fn kind_name(&self) -> &'static str {
        match self {
            NodeConfig::Start(_) => "start",
            NodeConfig::Llm(_) => "llm",
            NodeConfig::Template(_) => "template",
            NodeConfig::Condition(_) => "condition",
            NodeConfig::Extract(_) => "extract",
            NodeConfig::Http(_) => "http",
            NodeConfig::Iteration(_) => "iteration",
            NodeConfig::Aggregate(_) => "aggregate",
            NodeConfig::End(_) => "end",
        }
    }

    /// The outputs later nodes may name, with their types.
    pub fn outputs(&self) -> Vec<(String, VarType)> {
        let fixed = |list: &[(&str, VarType)]| list.iter().map(|(n, t)| ((*n).to_owned(), *t)).collect();
        match self {
            NodeConfig::Start(c) => c.inputs.iter().map(|f| (f.name.clone(), f.var_type)).collect(),
            NodeConfig::Llm(c) => llm::outputs(c),
            NodeConfig::Template(_) => fixed(&[("text", VarType::String)]),
            NodeConfig::Extract(_) => fixed(&[("value", VarType::Any)]),
            NodeConfig::Http(_) => {
                fixed(&[("status", VarType::Number), ("body", VarType::String), ("json", VarType::Any)])
            }
            NodeConfig::Iteration(_) => fixed(&[("results", VarType::Array)]),
            NodeConfig::Aggregate(_) => fixed(&[("result", VarType::Any), ("all", VarType::Array)]),
            NodeConfig::Condition(_) | NodeConfig::End(_) => Vec::new(),
        }
    }

    /// The ports edges may leave from (besides `error`, which the policy adds).
    pub fn source_ports(&self) -> Vec<String> {
        match self {
            NodeConfig::Condition(c) => condition::ports(c),
            NodeConfig::End(_) => Vec::new(),
            _ => vec![super::document::OUT_PORT.to_owned()],
        }
    }

    pub fn has_input(&self) -> bool {
        !matches!(self, NodeConfig::Start(_))
    }

    pub fn reads(&self) -> Vec<Read<'_>> {
        match self {
            NodeConfig::Start(_) => Vec::new(),
            NodeConfig::Llm(c) => llm::reads(c),
            NodeConfig::Template(c) => vec![Read::Template { field: "template", text: &c.template }],
            NodeConfig::Condition(c) => condition::reads(c),
            NodeConfig::Extract(c) => extract::reads(c),
            NodeConfig::Http(c) => http::reads(c),
            NodeConfig::Iteration(c) => vec![Read::Variable { field: "items", text: &c.items, wants: VarType::Array }],
            NodeConfig::Aggregate(c) => aggregate::reads(c),
            NodeConfig::End(c) => end::reads(c),
        }
    }

    /// Problems in the node's own fields.
    pub fn check(&self) -> Vec<FieldProblem> {
        match self {
            NodeConfig::Start(c) => start::check(c),
            NodeConfig::Llm(c) => llm::check(c),
            NodeConfig::Template(_) | NodeConfig::Aggregate(_) => Vec::new(),
            NodeConfig::Condition(c) => condition::check(c),
            NodeConfig::Extract(c) => extract::check(c),
            NodeConfig::Http(c) => http::check(c),
            NodeConfig::Iteration(c) => iteration::check(c),
            NodeConfig::End(c) => end::check(c),
        }
    }

    /// Runs every kind but Iteration, whose sub-graph the executor runs.
    pub async fn run(&self, ctx: &NodeCtx<'_>) -> Result<Ran> {
        match self {
            NodeConfig::Start(c) => start::run(c, ctx),
            NodeConfig::Llm(c) => llm::run(c, ctx).await,
            NodeConfig::Template(c) => Ok(template::run(c, ctx)),
            NodeConfig::Condition(c) => Ok(condition::run(c, ctx)),
            NodeConfig::Extract(c) => extract::run(c, ctx),
            NodeConfig::Http(c) => http::run(c, ctx).await,
            NodeConfig::Aggregate(c) => Ok(aggregate::run(c, ctx)),
            NodeConfig::End(c) => Ok(end::run(c, ctx)),
            NodeConfig::Iteration(_) => {
                Err(crate::error::Error::internal("an iteration is run by the executor, not by itself"))
            }
        }
    }
}

/// An object of named outputs.
pub fn outputs<const N: usize>(pairs: [(&str, Value); N]) -> Value {
    Value::Object(pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn config(kind: &str) -> NodeConfig {
        serde_json::from_value(json!({ "kind": kind })).unwrap()
    }

    #[test]
    fn every_listed_kind_is_a_kind_and_names_itself() {
        for kind in KINDS {
            assert_eq!(config(kind).kind_name(), kind);
        }
        assert!(serde_json::from_value::<NodeConfig>(json!({"kind": "python"})).is_err());
    }

    #[test]
    fn every_kind_names_itself_its_outputs_its_ports_and_whether_it_takes_input() {
        let names = |c: &NodeConfig| c.outputs().into_iter().map(|(n, _)| n).collect::<Vec<_>>();
        let cases: [(&str, &[&str], &[&str], bool); 9] = [
            ("start", &[], &["out"], false),
            ("llm", &["text"], &["out"], true),
            ("template", &["text"], &["out"], true),
            ("condition", &[], &["else"], true),
            ("extract", &["value"], &["out"], true),
            ("http", &["status", "body", "json"], &["out"], true),
            ("iteration", &["results"], &["out"], true),
            ("aggregate", &["result", "all"], &["out"], true),
            ("end", &[], &[], true),
        ];
        for (kind, outputs, ports, input) in cases {
            let c = config(kind);
            assert_eq!(c.kind_name(), kind);
            assert_eq!(names(&c), outputs, "{kind}");
            assert_eq!(c.source_ports(), ports, "{kind}");
            assert_eq!(c.has_input(), input, "{kind}");
        }
        let typed = config("iteration").outputs();
        assert_eq!(typed, [("results".to_owned(), VarType::Array)]);
        let start: NodeConfig =
            serde_json::from_value(json!({"kind": "start", "inputs": [{"name": "n", "type": "number"}]})).unwrap();
        assert_eq!(start.outputs(), [("n".to_owned(), VarType::Number)]);
    }

    #[test]
    fn what_each_kind_reads_and_checks_comes_from_its_own_file() {
        let template: NodeConfig = serde_json::from_value(json!({"kind": "template", "template": "{{a.b}}"})).unwrap();
        assert_eq!(template.reads(), [Read::Template { field: "template", text: "{{a.b}}" }]);
        assert!(template.check().is_empty());
        let iteration: NodeConfig = serde_json::from_value(json!({"kind": "iteration", "items": "a.list"})).unwrap();
        assert_eq!(iteration.reads(), [Read::Variable { field: "items", text: "a.list", wants: VarType::Array }]);
        assert_eq!(iteration.check().len(), 1, "its output is missing");
        assert!(config("start").reads().is_empty());
        assert!(config("aggregate").check().is_empty());
        assert_eq!(config("http").check()[0].1, "url");
        assert_eq!(config("end").reads().len(), 0);
        assert_eq!(config("llm").reads().len(), 2);
        assert_eq!(config("extract").check().len(), 2);
        assert!(config("condition").check().is_empty());
        assert_eq!(missing("x"), (ProblemCode::MissingField, "x".to_owned(), "x is empty".to_owned()));
    }

    #[test]
    fn an_iteration_is_not_run_by_itself() {
        let e = crate::workflow::testing::in_ctx(&Default::default(), &json!({}), |ctx| {
            futures::executor::block_on(config("iteration").run(ctx))
        })
        .unwrap_err();
        assert_eq!(e.code, "internal");
    }
}
