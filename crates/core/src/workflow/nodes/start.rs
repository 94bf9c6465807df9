//! Start: the workflow's typed inputs, filled in by the run's inputs form. Each input is an output of this node.

use serde::{Deserialize, Serialize};

use crate::workflow::document::Field;

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, specta::Type)]
pub struct StartConfig {
    #[serde(default)]
    pub inputs: Vec<Field>,
}

use serde_json::Value;

use super::FieldProblem;
use crate::error::{Error, Result};
use crate::workflow::document::VarType;
use crate::workflow::problem::ProblemCode;
use crate::workflow::run_context::{NodeCtx, Ran};

pub fn check(c: &StartConfig) -> Vec<FieldProblem> {
    let mut problems = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for field in &c.inputs {
        problems.extend(super::name_problem(&field.name, &mut seen, "inputs"));
        if let Some(default) = &field.default {
            if !value_fits(default, field.var_type) {
                problems.push((
                    ProblemCode::TypeMismatch,
                    field.name.clone(),
                    format!("the default of {} is not a {:?}", field.name, field.var_type),
                ));
            }
        }
    }
    problems
}

/// Whether a JSON value is of a type.
pub fn value_fits(value: &Value, wanted: VarType) -> bool {
    match wanted {
        VarType::String => value.is_string(),
        VarType::Number => value.is_number(),
        VarType::Boolean => value.is_boolean(),
        VarType::Object => value.is_object(),
        VarType::Array => value.is_array(),
        VarType::Any => true,
    }
}

pub fn run(c: &StartConfig, ctx: &NodeCtx<'_>) -> Result<Ran> {
    let mut outputs = serde_json::Map::new();
    for field in &c.inputs {
        let given = ctx.run_inputs.get(&field.name).filter(|v| !v.is_null()).or(field.default.as_ref());
        let value = match given {
            Some(v) if value_fits(v, field.var_type) => v.clone(),
            Some(_) => {
                return Err(Error::invalid(
                    "workflow_input_type",
                    format!("the input {} must be a {:?}", field.name, field.var_type).to_lowercase(),
                ))
            }
            None if field.required => {
                return Err(Error::invalid("workflow_input_missing", format!("the input {} is required", field.name)))
            }
            None => Value::Null,
        };
        outputs.insert(field.name.clone(), value);
    }
    let outputs = Value::Object(outputs);
    Ok(Ran::new(outputs.clone(), outputs))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::workflow::document::Field;
    use crate::workflow::testing::in_ctx;

    fn field(name: &str, var_type: VarType, required: bool, default: Option<Value>) -> Field {
        Field { name: name.into(), var_type, required, default }
    }

    #[test]
    fn names_must_be_filled_and_unique_and_defaults_of_their_type() {
        let c = StartConfig {
            inputs: vec![
                field(" ", VarType::String, false, None),
                field("a", VarType::Number, false, Some(json!("1"))),
                field("a", VarType::String, false, None),
                field("b", VarType::Array, false, Some(json!([1]))),
            ],
        };
        let found: Vec<_> = check(&c).into_iter().map(|(code, subject, _)| (code, subject)).collect();
        assert_eq!(
            found,
            [
                (ProblemCode::MissingField, "inputs.name".into()),
                (ProblemCode::TypeMismatch, "a".into()),
                (ProblemCode::DuplicateId, "a".into())
            ]
        );
    }

    #[test]
    fn each_type_takes_only_its_own_values() {
        let values = [json!("s"), json!(1.5), json!(true), json!({"a": 1}), json!([1]), json!(null)];
        let types = [VarType::String, VarType::Number, VarType::Boolean, VarType::Object, VarType::Array];
        for (i, ty) in types.iter().enumerate() {
            for (j, v) in values.iter().enumerate() {
                assert_eq!(value_fits(v, *ty), i == j, "{v} as {ty:?}");
            }
        }
        assert!(values.iter().all(|v| value_fits(v, VarType::Any)));
    }

    #[test]
    fn inputs_come_from_the_run_then_the_default_and_an_optional_one_may_be_left_out() {
        let c = StartConfig {
            inputs: vec![
                field("given", VarType::String, true, None),
                field("defaulted", VarType::Number, false, Some(json!(3))),
                field("left_out", VarType::String, false, None),
                field("null_means_default", VarType::Number, false, Some(json!(9))),
            ],
        };
        let inputs = json!({"given": "x", "null_means_default": null});
        let ran = in_ctx(&Default::default(), &inputs, |ctx| run(&c, ctx)).unwrap();
        assert_eq!(ran.outputs, json!({"given": "x", "defaulted": 3, "left_out": null, "null_means_default": 9}));
        assert_eq!(ran.inputs, ran.outputs);
    }
}
