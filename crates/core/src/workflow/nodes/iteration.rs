//! Iteration: runs its sub-graph (the nodes whose `parent` is this node) once per item of a list, at most
//! `parallelism` at a time. Inside, `{{<this id>.item}}` and `{{<this id>.index}}` name the current item.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct IterationConfig {
    /// The list, `node.output`.
    #[serde(default)]
    pub items: String,
    #[serde(default = "one")]
    pub parallelism: u32,
    /// What each item's run gives back, `child.output`; the list of them is this node's `results`.
    #[serde(default)]
    pub output: String,
}

impl Default for IterationConfig {
    fn default() -> Self {
        Self { items: String::new(), parallelism: one(), output: String::new() }
    }
}

fn one() -> u32 {
    1
}

use super::{missing, FieldProblem};

pub fn check(c: &IterationConfig) -> Vec<FieldProblem> {
    let mut problems = Vec::new();
    if c.items.trim().is_empty() {
        problems.push(missing("items"));
    }
    if c.output.trim().is_empty() {
        problems.push(missing("output"));
    }
    if c.parallelism == 0 {
        problems.push(missing("parallelism"));
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_the_output_and_a_parallelism_of_at_least_one_are_needed() {
        let subjects = |c: &IterationConfig| check(c).into_iter().map(|p| p.1).collect::<Vec<_>>();
        let none = IterationConfig { items: " ".into(), output: "".into(), parallelism: 0 };
        assert_eq!(subjects(&none), ["items", "output", "parallelism"]);
        let good = IterationConfig { items: "a.b".into(), output: "c.d".into(), parallelism: 1 };
        assert!(subjects(&good).is_empty());
        assert_eq!(IterationConfig::default().parallelism, 1);
    }
}
