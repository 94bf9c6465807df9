//! The document as a graph: nodes by id, edges in and out, the levels (the top level and each iteration's
//! sub-graph), what is upstream of what. Validation and the executor both read it.

use std::collections::{HashMap, HashSet, VecDeque};

use super::document::{Edge, Node, NodeConfig, OnError, WorkflowDoc, ERROR_PORT};

pub struct Graph<'a> {
    pub doc: &'a WorkflowDoc,
    pub by_id: HashMap<&'a str, &'a Node>,
    pub incoming: HashMap<&'a str, Vec<&'a Edge>>,
    pub outgoing: HashMap<&'a str, Vec<&'a Edge>>,
}

impl<'a> Graph<'a> {
    /// Duplicate ids keep their first node; edges naming unknown nodes are kept out (validation names both).
    pub fn new(doc: &'a WorkflowDoc) -> Self {
        let mut by_id = HashMap::new();
        for node in &doc.nodes {
            by_id.entry(node.id.as_str()).or_insert(node);
        }
        let (mut incoming, mut outgoing) = (HashMap::<_, Vec<_>>::new(), HashMap::<_, Vec<_>>::new());
        for edge in &doc.edges {
            if by_id.contains_key(edge.source.as_str()) && by_id.contains_key(edge.target.as_str()) {
                incoming.entry(edge.target.as_str()).or_default().push(edge);
                outgoing.entry(edge.source.as_str()).or_default().push(edge);
            }
        }
        Self { doc, by_id, incoming, outgoing }
    }

    pub fn node(&self, id: &str) -> Option<&'a Node> {
        self.by_id.get(id).copied()
    }

    pub fn incoming(&self, id: &str) -> &[&'a Edge] {
        self.incoming.get(id).map(Vec::as_slice).unwrap_or(&[])
    }

    pub fn outgoing(&self, id: &str) -> &[&'a Edge] {
        self.outgoing.get(id).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The nodes of one level, in document order: the top level (None) or an iteration's sub-graph.
    pub fn level(&self, parent: Option<&str>) -> Vec<&'a Node> {
        self.doc.nodes.iter().filter(|n| n.parent.as_deref() == parent).collect()
    }

    /// The ports a node's edges may leave from.
    pub fn ports(node: &Node) -> Vec<String> {
        let mut ports = node.config.source_ports();
        if node.policy.on_error == OnError::ErrorEdge && !matches!(node.config, NodeConfig::End(_)) {
            ports.push(ERROR_PORT.to_owned());
        }
        ports
    }

    /// Every node upstream of `id` on its own level (not `id` itself, unless a cycle leads back to it).
    pub fn upstream(&self, id: &str) -> HashSet<&'a str> {
        self.reach(id, |g, n| g.incoming(n).iter().map(|e| e.source.as_str()).collect())
    }

    /// Every node downstream of `id` on its own level.
    pub fn downstream(&self, id: &str) -> HashSet<&'a str> {
        self.reach(id, |g, n| g.outgoing(n).iter().map(|e| e.target.as_str()).collect())
    }

    fn reach(&self, id: &str, next: impl Fn(&Self, &str) -> Vec<&'a str>) -> HashSet<&'a str> {
        let mut seen = HashSet::new();
        let mut queue: VecDeque<&'a str> = next(self, id).into();
        while let Some(n) = queue.pop_front() {
            if seen.insert(n) {
                queue.extend(next(self, n));
            }
        }
        seen
    }

    /// The iterations a node sits in, innermost first.
    pub fn enclosing(&self, id: &str) -> Vec<&'a str> {
        let mut chain = Vec::new();
        let mut at = self.node(id).and_then(|n| n.parent.as_deref());
        while let Some(p) = at {
            if chain.contains(&p) {
                break;
            }
            chain.push(p);
            at = self.node(p).and_then(|n| n.parent.as_deref());
        }
        chain.into_iter().filter_map(|p| self.node(p).map(|n| n.id.as_str())).collect()
    }

    /// The nodes of a level that lie on a cycle.
    pub fn on_cycles(&self, level: &[&'a Node]) -> Vec<&'a str> {
        level.iter().map(|n| n.id.as_str()).filter(|id| self.downstream(id).contains(id)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workflow::testing::{doc, edge, node};

    #[test]
    fn upstream_downstream_and_cycles_stay_on_one_level() {
        let d = doc(
            vec![node("a", "template"), node("b", "template"), node("c", "template"), node("d", "template")],
            vec![edge("a", "b"), edge("b", "c"), edge("c", "b"), edge("x", "a")],
        );
        let g = Graph::new(&d);
        assert_eq!(g.upstream("c"), ["a", "b", "c"].into());
        assert_eq!(g.downstream("a"), ["b", "c"].into());
        assert!(g.upstream("a").is_empty(), "an edge from an unknown node is left out");
        assert_eq!(g.on_cycles(&g.level(None)), ["b", "c"]);
        assert_eq!(g.level(None).len(), 4);
    }
}
