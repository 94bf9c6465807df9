//! Condition: if / else-if / else. The first branch whose comparisons hold is taken (its port); none: `else`.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
pub struct ConditionConfig {
    #[serde(default)]
    pub branches: Vec<Branch>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct Branch {
    /// The branch's output port; unique within the node and never `else`.
    pub id: String,
    #[serde(default)]
    pub when: Vec<Comparison>,
    /// Every comparison must hold (and), or any one (or).
    #[serde(default = "all")]
    pub all: bool,
}

fn all() -> bool {
    true
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct Comparison {
    /// A variable, `node.output` (a path inside it allowed).
    pub left: String,
    pub op: CompareOp,
    /// A template: literal text, or text with `{{…}}`. Ignored by `is_empty` / `is_not_empty`.
    #[serde(default)]
    pub right: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum CompareOp {
    Equals,
    NotEquals,
    Contains,
    NotContains,
    StartsWith,
    EndsWith,
    IsEmpty,
    IsNotEmpty,
    Greater,
    GreaterOrEqual,
    Less,
    LessOrEqual,
}

use serde_json::Value;

use super::{missing, FieldProblem, Read};
use crate::workflow::document::{VarType, ELSE_PORT};
use crate::workflow::problem::ProblemCode;
use crate::workflow::run_context::{NodeCtx, Ran};
use crate::workflow::template::{as_text, lookup, render, Reference};

pub fn ports(c: &ConditionConfig) -> Vec<String> {
    c.branches.iter().map(|b| b.id.clone()).chain([ELSE_PORT.to_owned()]).collect()
}

impl CompareOp {
    fn is_numeric(self) -> bool {
        matches!(self, CompareOp::Greater | CompareOp::GreaterOrEqual | CompareOp::Less | CompareOp::LessOrEqual)
    }

    fn takes_right(self) -> bool {
        !matches!(self, CompareOp::IsEmpty | CompareOp::IsNotEmpty)
    }
}

pub fn reads(c: &ConditionConfig) -> Vec<Read<'_>> {
    let mut reads = Vec::new();
    for cmp in c.branches.iter().flat_map(|b| &b.when) {
        let wants = if cmp.op.is_numeric() { VarType::Number } else { VarType::Any };
        reads.push(Read::Variable { field: "left", text: &cmp.left, wants });
        if cmp.op.takes_right() {
            reads.push(Read::Template { field: "right", text: &cmp.right });
        }
    }
    reads
}

pub fn check(c: &ConditionConfig) -> Vec<FieldProblem> {
    let mut problems = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for b in &c.branches {
        if b.id.trim().is_empty() {
            problems.push(missing("branches.id"));
        } else if b.id == ELSE_PORT || !seen.insert(b.id.as_str()) {
            problems.push((ProblemCode::DuplicateId, b.id.clone(), format!("the branch id {} is taken", b.id)));
        }
        if b.when.is_empty() {
            problems.push(missing("branches.when"));
        }
    }
    problems
}

fn number(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

/// Whether `left op right` holds; numbers compare as numbers, everything else as text.
pub fn holds(left: &Value, op: CompareOp, right: &str) -> bool {
    let text = as_text(left);
    let numbers = number(left).zip(right.trim().parse::<f64>().ok());
    match op {
        CompareOp::Equals => numbers.map_or(text == right, |(l, r)| l == r),
        CompareOp::NotEquals => !holds(left, CompareOp::Equals, right),
        CompareOp::Contains => match left {
            Value::Array(items) => items.iter().any(|i| as_text(i) == right),
            _ => text.contains(right),
        },
        CompareOp::NotContains => !holds(left, CompareOp::Contains, right),
        CompareOp::StartsWith => text.starts_with(right),
        CompareOp::EndsWith => text.ends_with(right),
        CompareOp::IsEmpty => is_empty(left),
        CompareOp::IsNotEmpty => !is_empty(left),
        CompareOp::Greater => numbers.is_some_and(|(l, r)| l > r),
        CompareOp::GreaterOrEqual => numbers.is_some_and(|(l, r)| l >= r),
        CompareOp::Less => numbers.is_some_and(|(l, r)| l < r),
        CompareOp::LessOrEqual => numbers.is_some_and(|(l, r)| l <= r),
    }
}

/// The first branch whose comparisons hold; none: `else`.
pub fn run(c: &ConditionConfig, ctx: &NodeCtx<'_>) -> Ran {
    let mut seen = Vec::new();
    let mut chosen = None;
    for b in &c.branches {
        let mut results = b.when.iter().map(|cmp| {
            let left = Reference::parse(&cmp.left).and_then(|r| lookup(ctx.scope, &r).cloned()).unwrap_or(Value::Null);
            let right = render(&cmp.right, ctx.scope);
            seen.push(serde_json::json!({"left": cmp.left, "value": left, "op": cmp.op, "right": right}));
            holds(&left, cmp.op, &right)
        });
        let taken = if b.all { results.all(|r| r) } else { results.any(|r| r) };
        if taken && !b.when.is_empty() {
            chosen = Some(b.id.clone());
            break;
        }
    }
    let port = chosen.unwrap_or_else(|| ELSE_PORT.to_owned());
    Ran { inputs: Value::Array(seen), outputs: super::outputs([("branch", port.clone().into())]), port: Some(port) }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn comparisons_treat_numbers_as_numbers_and_the_rest_as_text() {
        use CompareOp::*;
        let cases = [
            (json!(3), Equals, "3.0", true),
            (json!("3"), Equals, "3", true),
            (json!("abc"), Equals, "abc", true),
            (json!("abc"), NotEquals, "abc", false),
            (json!(true), Equals, "true", true),
            (json!("hello world"), Contains, "lo w", true),
            (json!(["a", "b"]), Contains, "b", true),
            (json!(["a", "b"]), NotContains, "c", true),
            (json!("hello"), StartsWith, "he", true),
            (json!("hello"), EndsWith, "he", false),
            (json!(null), IsEmpty, "", true),
            (json!([]), IsEmpty, "", true),
            (json!({}), IsEmpty, "", true),
            (json!(0), IsEmpty, "", false),
            (json!("x"), IsNotEmpty, "", true),
            (json!(10), Greater, "9", true),
            (json!("10"), Greater, "10", false),
            (json!(10), GreaterOrEqual, "10", true),
            (json!(2), Less, "10", true),
            (json!(2), LessOrEqual, "1", false),
            (json!("ten"), Less, "10", false),
        ];
        for (left, op, right, expected) in cases {
            assert_eq!(holds(&left, op, right), expected, "{left} {op:?} {right}");
        }
    }

    #[test]
    fn branch_ports_end_with_else_and_taken_or_duplicate_ids_are_problems() {
        let branch = |id: &str| Branch {
            id: id.into(),
            when: vec![Comparison { left: "a.b".into(), op: CompareOp::IsEmpty, right: String::new() }],
            all: true,
        };
        let c = ConditionConfig { branches: vec![branch("yes"), branch("yes"), branch("else"), branch("")] };
        assert_eq!(ports(&c), ["yes", "yes", "else", "", "else"]);
        let codes: Vec<_> = check(&c).into_iter().map(|(code, subject, _)| (code, subject)).collect();
        assert_eq!(
            codes,
            [
                (ProblemCode::DuplicateId, "yes".into()),
                (ProblemCode::DuplicateId, "else".into()),
                (ProblemCode::MissingField, "branches.id".into())
            ]
        );
        let numeric = ConditionConfig {
            branches: vec![Branch {
                id: "big".into(),
                when: vec![Comparison { left: "a.n".into(), op: CompareOp::Greater, right: "{{a.m}}".into() }],
                all: true,
            }],
        };
        assert_eq!(
            reads(&numeric),
            [
                Read::Variable { field: "left", text: "a.n", wants: VarType::Number },
                Read::Template { field: "right", text: "{{a.m}}" }
            ]
        );
        let empty = ConditionConfig { branches: vec![Branch { id: "x".into(), when: vec![], all: true }] };
        assert_eq!(check(&empty)[0].1, "branches.when");
    }
}
