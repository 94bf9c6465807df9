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
