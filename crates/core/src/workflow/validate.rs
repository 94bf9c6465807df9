//! Everything wrong with a document, each problem on the node or edge it is on: the shape of the graph (one
//! Start, an End, edges between existing ports, no cycle, every node reached), each node's own fields, and every
//! variable a node names (it exists upstream, and its type fits).

use std::collections::{HashMap, HashSet};

use super::document::{NodeConfig, VarType, WorkflowDoc, DOC_VERSION, IN_PORT};
use super::graph::Graph;
use super::nodes::Read;
use super::problem::{Problem, ProblemCode};
use super::template::{variables, Reference};

pub fn validate(doc: &WorkflowDoc) -> Vec<Problem> {
    if doc.version > DOC_VERSION {
        return vec![Problem::on_doc(
            ProblemCode::UnsupportedVersion,
            doc.version.to_string(),
            format!("the workflow is format {} and this app reads up to {DOC_VERSION}", doc.version),
        )];
    }
    let graph = Graph::new(doc);
    let mut problems = Vec::new();
    ids(doc, &mut problems);
    shape(&graph, &mut problems);
    edges(&graph, &mut problems);
    for node in &doc.nodes {
        for (code, subject, message) in node.config.check() {
            problems.push(Problem::on_node(code, &node.id, subject, message));
        }
        references(&graph, node, &mut problems);
    }
    problems
}

fn ids(doc: &WorkflowDoc, problems: &mut Vec<Problem>) {
    let mut seen = HashSet::new();
    for node in &doc.nodes {
        if node.id.trim().is_empty() || node.id.contains('.') || !seen.insert(node.id.as_str()) {
            problems.push(Problem::on_node(
                ProblemCode::DuplicateId,
                &node.id,
                &node.id,
                "the node id is empty or taken",
            ));
        }
    }
    let mut seen = HashSet::new();
    for edge in &doc.edges {
        if !seen.insert(edge.id.as_str()) {
            problems.push(Problem::on_edge(ProblemCode::DuplicateId, &edge.id, &edge.id, "two edges share an id"));
        }
    }
}

fn shape(graph: &Graph<'_>, problems: &mut Vec<Problem>) {
    let doc = graph.doc;
    let count = |kind: &str| doc.nodes.iter().filter(|n| n.config.kind_name() == kind).count();
    match count("start") {
        1 => {}
        n => problems.push(Problem::on_doc(
            ProblemCode::StartCount,
            n.to_string(),
            format!("{n} Start nodes; one is needed"),
        )),
    }
    if count("end") == 0 {
        problems.push(Problem::on_doc(ProblemCode::NoEnd, "", "no End node"));
    }
    for node in &doc.nodes {
        let bad_parent = match node.parent.as_deref() {
            None => false,
            Some(p) => {
                matches!(node.config, NodeConfig::Start(_) | NodeConfig::End(_))
                    || !matches!(graph.node(p).map(|n| &n.config), Some(NodeConfig::Iteration(_)))
                    || graph.enclosing(&node.id).contains(&node.id.as_str())
            }
        };
        if bad_parent {
            let parent = node.parent.clone().unwrap_or_default();
            problems.push(Problem::on_node(
                ProblemCode::BadParent,
                &node.id,
                parent,
                "the node's parent is not an iteration it may sit in",
            ));
        }
        if node.parent.is_none() && node.config.has_input() && graph.incoming(&node.id).is_empty() {
            problems.push(Problem::on_node(ProblemCode::NotConnected, &node.id, IN_PORT, "nothing leads to this node"));
        }
    }
    let mut levels: Vec<Option<&str>> = vec![None];
    levels
        .extend(doc.nodes.iter().filter(|n| matches!(n.config, NodeConfig::Iteration(_))).map(|n| Some(n.id.as_str())));
    for parent in levels {
        for id in graph.on_cycles(&graph.level(parent)) {
            problems.push(Problem::on_node(
                ProblemCode::Cycle,
                id,
                id,
                "the node is on a loop; only an iteration repeats",
            ));
        }
    }
}

fn edges(graph: &Graph<'_>, problems: &mut Vec<Problem>) {
    let mut seen = HashSet::new();
    for edge in &graph.doc.edges {
        let (source, target) = (graph.node(&edge.source), graph.node(&edge.target));
        let why = match (source, target) {
            (None, _) => Some(format!("no node {}", edge.source)),
            (_, None) => Some(format!("no node {}", edge.target)),
            (Some(s), Some(t)) => {
                if s.id == t.id {
                    Some("an edge onto its own node".to_owned())
                } else if !Graph::ports(s).contains(&edge.source_port) {
                    Some(format!("{} has no port {}", s.id, edge.source_port))
                } else if !t.config.has_input() || edge.target_port != IN_PORT {
                    Some(format!("{} takes no input {}", t.id, edge.target_port))
                } else if s.parent != t.parent {
                    Some("an edge across an iteration's boundary".to_owned())
                } else if !seen.insert((&edge.source, &edge.source_port, &edge.target)) {
                    Some("the same edge twice".to_owned())
                } else {
                    None
                }
            }
        };
        if let Some(why) = why {
            problems.push(Problem::on_edge(ProblemCode::BadEdge, &edge.id, &edge.source_port, why));
        }
    }
}

/// The variables a node may name, with their types: outputs of nodes upstream of it, and inside an iteration
/// its `item` and `index` and whatever the iteration itself may name.
pub fn visible(graph: &Graph<'_>, id: &str) -> HashMap<String, Vec<(String, VarType)>> {
    let mut seen = HashMap::new();
    for up in graph.upstream(id) {
        if let Some(n) = graph.node(up) {
            seen.insert(up.to_owned(), outputs(n));
        }
    }
    if let Some(parent) = graph.node(id).and_then(|n| n.parent.as_deref()) {
        if !graph.enclosing(id).contains(&id) {
            for (k, v) in visible(graph, parent) {
                seen.entry(k).or_insert(v);
            }
        }
        seen.insert(parent.to_owned(), vec![("item".to_owned(), VarType::Any), ("index".to_owned(), VarType::Number)]);
    }
    seen
}

/// A node's outputs; one that may fail without stopping the run also gives `error` (`{code, message}`).
pub fn outputs(node: &super::document::Node) -> Vec<(String, VarType)> {
    let mut out = node.config.outputs();
    if node.policy.on_error != super::document::OnError::Stop {
        out.push(("error".to_owned(), VarType::Object));
    }
    out
}

/// The type a reference names, if it names one that is visible.
fn type_of(visible: &HashMap<String, Vec<(String, VarType)>>, r: &Reference) -> Option<VarType> {
    let (_, ty) = visible.get(&r.node)?.iter().find(|(name, _)| *name == r.output)?;
    Some(if r.path.is_empty() { *ty } else { VarType::Any })
}

fn references(graph: &Graph<'_>, node: &super::document::Node, problems: &mut Vec<Problem>) {
    let visible = visible(graph, &node.id);
    let unknown = |text: &str| {
        Problem::on_node(ProblemCode::UnknownVariable, &node.id, text, format!("no upstream variable {text}"))
    };
    for read in node.config.reads() {
        match read {
            Read::Template { text, .. } => {
                for var in variables(text) {
                    match var {
                        Ok(r) if type_of(&visible, &r).is_some() => {}
                        Ok(r) => problems.push(unknown(&r.text())),
                        Err(text) => problems.push(unknown(&text)),
                    }
                }
            }
            Read::Variable { text, wants, .. } if !text.trim().is_empty() => {
                match Reference::parse(text).and_then(|r| type_of(&visible, &r).map(|ty| (r, ty))) {
                    None => problems.push(unknown(text.trim())),
                    Some((r, ty)) if !ty.fits(wants) => problems.push(Problem::on_node(
                        ProblemCode::TypeMismatch,
                        &node.id,
                        r.text(),
                        format!("{} is {ty:?} where {wants:?} is wanted", r.text()).to_lowercase(),
                    )),
                    Some(_) => {}
                }
            }
            Read::Variable { .. } => {}
        }
    }
    if let NodeConfig::Iteration(c) = &node.config {
        let child_output = Reference::parse(&c.output).is_some_and(|r| {
            graph
                .node(&r.node)
                .filter(|child| child.parent.as_deref() == Some(node.id.as_str()))
                .is_some_and(|child| child.config.outputs().iter().any(|(name, _)| *name == r.output))
        });
        if !c.output.trim().is_empty() && !child_output {
            problems.push(unknown(c.output.trim()));
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::workflow::document::{Node, OnError};
    use crate::workflow::testing::{doc, edge, from_port, node, with};

    fn start() -> Node {
        with(
            "start",
            json!({"kind": "start", "inputs": [{"name": "q", "type": "string"}, {"name": "rows", "type": "array"}]}),
        )
    }

    fn llm(id: &str, user: &str) -> Node {
        with(id, json!({"kind": "llm", "target": {"kind": "route", "name": "smart"}, "user": user}))
    }

    fn end(value: &str) -> Node {
        with("end", json!({"kind": "end", "outputs": [{"name": "out", "value": value}]}))
    }

    fn codes(d: &WorkflowDoc) -> Vec<(ProblemCode, Option<String>, Option<String>, String)> {
        validate(d).into_iter().map(|p| (p.code, p.node_id, p.edge_id, p.subject)).collect()
    }

    fn on_node(code: ProblemCode, node: &str, subject: &str) -> (ProblemCode, Option<String>, Option<String>, String) {
        (code, Some(node.into()), None, subject.into())
    }

    fn line() -> WorkflowDoc {
        doc(vec![start(), llm("a", "{{start.q}}"), end("{{a.text}}")], vec![edge("start", "a"), edge("a", "end")])
    }

    #[test]
    fn a_sound_workflow_has_no_problems() {
        assert_eq!(codes(&line()), []);
    }

    #[test]
    fn a_newer_format_is_refused_before_anything_else() {
        let d = WorkflowDoc { version: DOC_VERSION + 1, ..doc(vec![], vec![]) };
        assert_eq!(codes(&d), [(ProblemCode::UnsupportedVersion, None, None, (DOC_VERSION + 1).to_string())]);
    }

    #[test]
    fn one_start_and_an_end_are_needed() {
        let empty = codes(&doc(vec![], vec![]));
        assert_eq!(
            empty,
            [(ProblemCode::StartCount, None, None, "0".into()), (ProblemCode::NoEnd, None, None, "".into())]
        );
        let mut two = line();
        let mut second = start();
        second.id = "start2".into();
        two.nodes.push(second);
        assert!(codes(&two).contains(&(ProblemCode::StartCount, None, None, "2".into())));
    }

    #[test]
    fn ids_must_be_unique_and_plain() {
        let mut d = line();
        d.nodes.push(llm("a", "x"));
        d.nodes.push(llm("x.y", "x"));
        d.edges.push(edge("start", "a"));
        let found = codes(&d);
        assert!(found.contains(&on_node(ProblemCode::DuplicateId, "a", "a")));
        assert!(found.contains(&on_node(ProblemCode::DuplicateId, "x.y", "x.y")));
        assert!(found.iter().any(|p| p.0 == ProblemCode::DuplicateId && p.2.as_deref() == Some("start:out->a")));
    }

    #[test]
    fn edges_go_only_between_ports_that_exist_on_one_level() {
        let mut loop_node = with("loop", json!({"kind": "iteration", "items": "start.rows", "output": "inner.text"}));
        loop_node.title = "loop".into();
        let mut inner = with("inner", json!({"kind": "template", "template": "{{loop.item}}"}));
        inner.parent = Some("loop".into());
        let d = doc(
            vec![start(), llm("a", "{{start.q}}"), loop_node, inner, end("{{a.text}}")],
            vec![
                edge("start", "a"),
                edge("a", "end"),
                edge("start", "loop"),
                edge("loop", "end"),
                edge("ghost", "a"),
                from_port("a", "nope", "end"),
                from_port("a", "error", "end"),
                edge("a", "start"),
                edge("end", "a"),
                edge("a", "a"),
                edge("a", "inner"),
            ],
        );
        let bad: Vec<String> =
            validate(&d).into_iter().filter(|p| p.code == ProblemCode::BadEdge).map(|p| p.edge_id.unwrap()).collect();
        assert_eq!(
            bad,
            ["ghost:out->a", "a:nope->end", "a:error->end", "a:out->start", "end:out->a", "a:out->a", "a:out->inner"]
        );
        let mut with_error_port = d.clone();
        with_error_port.nodes[1].policy.on_error = OnError::ErrorEdge;
        let bad = validate(&with_error_port).into_iter().filter(|p| p.code == ProblemCode::BadEdge).count();
        assert_eq!(bad, 6, "an error port exists once the policy says error_edge");
        let mut twice = line();
        let mut again = edge("a", "end");
        again.id = "again".into();
        twice.edges.push(again);
        assert_eq!(codes(&twice), [(ProblemCode::BadEdge, None, Some("again".into()), "out".into())]);
    }

    #[test]
    fn a_loop_is_named_on_every_node_of_it_and_unreached_nodes_are_named() {
        let mut d = line();
        d.nodes.push(llm("b", "x"));
        d.nodes.push(llm("c", "x"));
        d.nodes.push(llm("lonely", "x"));
        d.edges.extend([edge("a", "b"), edge("b", "c"), edge("c", "b")]);
        let found = codes(&d);
        assert!(found.contains(&on_node(ProblemCode::Cycle, "b", "b")));
        assert!(found.contains(&on_node(ProblemCode::Cycle, "c", "c")));
        assert!(!found.iter().any(|p| p.0 == ProblemCode::Cycle && p.1.as_deref() == Some("a")));
        assert!(found.contains(&on_node(ProblemCode::NotConnected, "lonely", "in")));
    }

    #[test]
    fn a_template_may_name_only_outputs_of_nodes_upstream() {
        let d = doc(
            vec![
                start(),
                llm("a", "{{start.q}} {{start.nope}} {{b.text}} {{ bad syntax }} {{a.text}}"),
                llm("b", "{{start.q}}"),
                end("{{a.text}} {{b.text}} {{ghost.text}}"),
            ],
            vec![edge("start", "a"), edge("start", "b"), edge("a", "end"), edge("b", "end")],
        );
        let unknown: Vec<_> = codes(&d)
            .into_iter()
            .filter(|p| p.0 == ProblemCode::UnknownVariable)
            .map(|p| (p.1.unwrap(), p.3))
            .collect();
        assert_eq!(
            unknown,
            [
                ("a".into(), "start.nope".into()),
                ("a".into(), "b.text".into()),
                ("a".into(), "bad syntax".into()),
                ("a".into(), "a.text".into()),
                ("end".into(), "ghost.text".into())
            ]
        );
    }

    #[test]
    fn a_variable_of_the_wrong_type_is_named_with_both_types() {
        let d = doc(
            vec![
                start(),
                with("loop", json!({"kind": "iteration", "items": "start.q", "output": "t.text"})),
                with("t", json!({"kind": "template", "template": "x"})),
                with(
                    "c",
                    json!({"kind": "condition", "branches": [{"id": "big", "when": [{"left": "start.q", "op": "greater", "right": "1"}]}]}),
                ),
                end(""),
            ],
            vec![edge("start", "loop"), edge("loop", "c"), from_port("c", "else", "end")],
        );
        let mut d = d;
        d.nodes[2].parent = Some("loop".into());
        let found = validate(&d);
        let mismatches: Vec<_> = found
            .iter()
            .filter(|p| p.code == ProblemCode::TypeMismatch)
            .map(|p| (p.node_id.clone().unwrap(), p.message.clone()))
            .collect();
        assert_eq!(
            mismatches,
            [
                ("loop".into(), "start.q is string where array is wanted".into()),
                ("c".into(), "start.q is string where number is wanted".into())
            ]
        );
        assert!(found.iter().all(|p| p.code == ProblemCode::TypeMismatch), "{found:?}");
    }

    #[test]
    fn inside_an_iteration_its_item_index_and_outer_variables_are_in_scope_but_not_the_other_way() {
        let mut inner = llm("inner", "{{loop.item}} #{{loop.index}} of {{start.q}} {{loop.results}}");
        inner.parent = Some("loop".into());
        let d = doc(
            vec![
                start(),
                with("loop", json!({"kind": "iteration", "items": "start.rows", "output": "inner.text"})),
                inner,
                end("{{loop.results}} {{inner.text}} {{loop.item}}"),
            ],
            vec![edge("start", "loop"), edge("loop", "end")],
        );
        let unknown: Vec<_> = codes(&d)
            .into_iter()
            .filter(|p| p.0 == ProblemCode::UnknownVariable)
            .map(|p| (p.1.unwrap(), p.3))
            .collect();
        assert_eq!(
            unknown,
            [
                ("inner".into(), "loop.results".into()),
                ("end".into(), "inner.text".into()),
                ("end".into(), "loop.item".into())
            ]
        );
    }

    #[test]
    fn an_iteration_collects_an_output_of_its_own_sub_graph() {
        let d = doc(
            vec![
                start(),
                with("loop", json!({"kind": "iteration", "items": "start.rows", "output": "outside.text"})),
                with("outside", json!({"kind": "template", "template": "x"})),
                end(""),
            ],
            vec![edge("start", "loop"), edge("loop", "outside"), edge("outside", "end")],
        );
        assert_eq!(codes(&d), [on_node(ProblemCode::UnknownVariable, "loop", "outside.text")]);
    }

    #[test]
    fn only_an_iteration_holds_nodes_and_never_start_or_end() {
        let mut d = line();
        let mut misplaced = node("t", "template");
        misplaced.parent = Some("a".into());
        d.nodes.push(misplaced);
        d.nodes.push(with("loop", json!({"kind": "iteration", "items": "start.rows", "output": "x.y"})));
        d.edges.push(edge("start", "loop"));
        d.nodes[2].parent = Some("loop".into());
        let found = codes(&d);
        assert!(found.contains(&on_node(ProblemCode::BadParent, "t", "a")));
        assert!(found.contains(&on_node(ProblemCode::BadParent, "end", "loop")));
    }

    #[test]
    fn each_node_s_own_fields_are_checked() {
        let d = doc(
            vec![start(), with("a", json!({"kind": "llm", "user": "hi"})), end("")],
            vec![edge("start", "a"), edge("a", "end")],
        );
        assert_eq!(codes(&d), [on_node(ProblemCode::MissingModel, "a", "target")]);
    }

    #[test]
    fn a_node_that_may_fail_without_stopping_gives_its_error_downstream() {
        let mut d = line();
        d.nodes[2] = end("{{a.error.message}}");
        assert_eq!(codes(&d), [on_node(ProblemCode::UnknownVariable, "end", "a.error.message")]);
        d.nodes[1].policy.on_error = OnError::Continue;
        assert_eq!(codes(&d), []);
    }
}
