//! End: the workflow's named outputs, each a template over upstream variables.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
pub struct EndConfig {
    #[serde(default)]
    pub outputs: Vec<EndOutput>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct EndOutput {
    pub name: String,
    /// A template, `{{llm.text}}`.
    #[serde(default)]
    pub value: String,
}

use super::{FieldProblem, Read};
use crate::workflow::run_context::{NodeCtx, Ran};
use crate::workflow::template::evaluate;

pub fn reads(c: &EndConfig) -> Vec<Read<'_>> {
    c.outputs.iter().map(|o| Read::Template { field: "outputs", text: &o.value }).collect()
}

pub fn check(c: &EndConfig) -> Vec<FieldProblem> {
    let mut problems = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for o in &c.outputs {
        problems.extend(super::name_problem(&o.name, &mut seen, "outputs"));
    }
    problems
}

/// The workflow's outputs; a lone `{{var}}` keeps its value's type.
pub fn run(c: &EndConfig, ctx: &NodeCtx<'_>) -> Ran {
    let outputs: serde_json::Map<_, _> =
        c.outputs.iter().map(|o| (o.name.clone(), evaluate(&o.value, ctx.scope))).collect();
    let outputs = serde_json::Value::Object(outputs);
    Ran::new(outputs.clone(), outputs)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::workflow::problem::ProblemCode;
    use crate::workflow::testing::in_ctx;

    fn out(name: &str, value: &str) -> EndOutput {
        EndOutput { name: name.into(), value: value.into() }
    }

    #[test]
    fn outputs_need_distinct_names_and_keep_a_lone_variable_s_type() {
        let c = EndConfig { outputs: vec![out("", "x"), out("a", "1"), out("a", "2")] };
        let found: Vec<_> = check(&c).into_iter().map(|(code, subject, _)| (code, subject)).collect();
        assert_eq!(found, [(ProblemCode::MissingField, "outputs.name".into()), (ProblemCode::DuplicateId, "a".into())]);
        let c = EndConfig { outputs: vec![out("list", "{{s.list}}"), out("text", "n={{s.n}}")] };
        let scope = [("s".to_owned(), json!({"list": [1, 2], "n": 2}))].into();
        let ran = in_ctx(&scope, &json!({}), |ctx| run(&c, ctx));
        assert_eq!(ran.outputs, json!({"list": [1, 2], "text": "n=2"}));
        assert_eq!(reads(&c).len(), 2);
    }
}
