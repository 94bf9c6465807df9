//! Aggregate: joins branches. Runs once every branch into it has settled; `result` is the first listed variable
//! that has a value (the branch that ran), `all` every one that has.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
pub struct AggregateConfig {
    /// Variables, `node.output`, in order of preference.
    #[serde(default)]
    pub variables: Vec<String>,
}

use serde_json::Value;

use super::Read;
use crate::workflow::document::VarType;
use crate::workflow::run_context::{NodeCtx, Ran};
use crate::workflow::template::{lookup, Reference};

pub fn reads(c: &AggregateConfig) -> Vec<Read<'_>> {
    c.variables.iter().map(|v| Read::Variable { field: "variables", text: v, wants: VarType::Any }).collect()
}

pub fn run(c: &AggregateConfig, ctx: &NodeCtx<'_>) -> Ran {
    let present: Vec<Value> = c
        .variables
        .iter()
        .filter_map(|v| Reference::parse(v).and_then(|r| lookup(ctx.scope, &r).cloned()))
        .filter(|v| !v.is_null())
        .collect();
    let result = present.first().cloned().unwrap_or(Value::Null);
    let all = Value::Array(present);
    Ran::new(all.clone(), super::outputs([("result", result), ("all", all)]))
}
