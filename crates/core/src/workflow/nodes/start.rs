//! Start: the workflow's typed inputs, filled in by the run's inputs form. Each input is an output of this node.

use serde::{Deserialize, Serialize};

use crate::workflow::document::Field;

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, specta::Type)]
pub struct StartConfig {
    #[serde(default)]
    pub inputs: Vec<Field>,
}

use serde_json::Value;

use super::{missing, FieldProblem};
use crate::error::{Error, Result};
use crate::workflow::document::VarType;
use crate::workflow::problem::ProblemCode;
use crate::workflow::run_context::{NodeCtx, Ran};

pub fn check(c: &StartConfig) -> Vec<FieldProblem> {
    let mut problems = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for field in &c.inputs {
        if field.name.trim().is_empty() {
            problems.push(missing("inputs.name"));
        } else if !seen.insert(field.name.as_str()) {
            problems.push((
                ProblemCode::DuplicateId,
                field.name.clone(),
                format!("two inputs are named {}", field.name),
            ));
        }
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
