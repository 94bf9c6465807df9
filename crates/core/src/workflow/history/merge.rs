//! A three-way structural merge of two documents over their common ancestor. A node's fields, and each edge, are
//! decided one by one: what one side changed and the other left as it was is taken; the same change on both sides
//! is taken once; anything else is a conflict, shown to the person and never decided silently. Until the person
//! picks a side, a conflict keeps "ours" (the branch merged into) in the merged document.

use std::collections::{BTreeSet, HashMap, HashSet};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::fields::{flatten, same_kind, shown, unflatten, Fields, Path};
use super::keep_both::rename_theirs;
use crate::error::{Error, Result};
use crate::workflow::{Edge, Node, WorkflowDoc};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// The branch merged into.
    Ours,
    /// The branch merged from.
    Theirs,
    /// Both: only for a node added on both sides; the merged-from branch's node comes in under a new id.
    Both,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ConflictKind {
    /// The same field (or edge) changed differently on both sides.
    BothChanged,
    /// Deleted on one side, edited (or newly connected) on the other.
    DeleteVsEdit,
    /// Added on both sides under the same id, differently.
    BothAdded,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct MergeConflict {
    /// Stable for the same three documents: `node:<id>`, `node:<id>:<field path>` or `edge:<id>`.
    pub id: String,
    pub kind: ConflictKind,
    pub node_id: Option<String>,
    pub edge_id: Option<String>,
    /// The field, for a conflict on one field of a node.
    pub path: Option<String>,
    /// Each side's value; None where it does not exist there (deleted, or not yet added).
    #[specta(type = Option<specta_typescript::Unknown>)]
    pub base: Option<Value>,
    #[specta(type = Option<specta_typescript::Unknown>)]
    pub ours: Option<Value>,
    #[specta(type = Option<specta_typescript::Unknown>)]
    pub theirs: Option<Value>,
    /// The side the person chose; None keeps ours in the merged document but leaves the merge unfinished.
    pub chosen: Option<Side>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct Resolution {
    pub conflict_id: String,
    pub side: Side,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct MergeOutcome {
    pub merged: WorkflowDoc,
    pub conflicts: Vec<MergeConflict>,
}

impl MergeOutcome {
    pub fn unresolved(&self) -> usize {
        self.conflicts.iter().filter(|c| c.chosen.is_none()).count()
    }
}

pub fn merge(
    base: &WorkflowDoc,
    ours: &WorkflowDoc,
    theirs: &WorkflowDoc,
    chosen: &[Resolution],
) -> Result<MergeOutcome> {
    let chosen: HashMap<&str, Side> = chosen.iter().map(|r| (r.conflict_id.as_str(), r.side)).collect();
    let mut m = Merger { chosen, conflicts: Vec::new() };
    let both_added: Vec<&str> = theirs
        .nodes
        .iter()
        .filter(|t| base.node(&t.id).is_none() && ours.node(&t.id).is_some_and(|o| o != *t))
        .map(|t| t.id.as_str())
        .filter(|id| m.chosen.get(format!("node:{id}").as_str()) == Some(&Side::Both))
        .collect();
    let (renamed, renames) = rename_theirs(base, ours, theirs, &both_added)?;
    for (old, _) in &renames {
        m.whole_node(old, None, ours.node(old), theirs.node(old));
    }
    let theirs = &renamed;
    let touched_ours = touched(base, ours);
    let touched_theirs = touched(base, theirs);

    let mut nodes = Vec::new();
    for id in order(&ids(&base.nodes), &ids(&ours.nodes), &ids(&theirs.nodes)) {
        let (b, o, t) = (base.node(&id), ours.node(&id), theirs.node(&id));
        let edited = |side: Option<&Node>, touched: &HashSet<String>| side != b || touched.contains(&id);
        let kept = match (b, o, t) {
            (_, Some(o), Some(t)) if o == t => Some(o.clone()),
            (Some(b), Some(o), Some(t)) => Some(m.fields(b, o, t)?),
            (Some(_), None, Some(t)) if edited(Some(t), &touched_theirs) => m.whole_node(&id, b, None, Some(t)),
            (Some(_), Some(o), None) if edited(Some(o), &touched_ours) => m.whole_node(&id, b, Some(o), None),
            (Some(_), _, _) => None,
            (None, Some(o), None) => Some(o.clone()),
            (None, None, Some(t)) => Some(t.clone()),
            (None, Some(o), Some(t)) => m.whole_node(&id, None, Some(o), Some(t)),
            (None, None, None) => None,
        };
        nodes.extend(kept);
    }
    drop_orphans(&mut nodes);
    // A node kept against its deletion keeps the edges the deleting side took away with it (where the deletion
    // won, the edges go below with the node).
    let revived: HashSet<String> = m
        .conflicts
        .iter()
        .filter(|c| c.kind == ConflictKind::DeleteVsEdit && c.edge_id.is_none())
        .filter_map(|c| c.node_id.clone())
        .collect();

    let mut edges = Vec::new();
    let edge = |doc: &WorkflowDoc, id: &str| doc.edges.iter().find(|e| e.id == id).cloned();
    for id in order(&edge_ids(&base.edges), &edge_ids(&ours.edges), &edge_ids(&theirs.edges)) {
        let (b, o, t) = (edge(base, &id), edge(ours, &id), edge(theirs, &id));
        let kept = match (&b, &o, &t) {
            (Some(b), None, Some(t)) | (Some(b), Some(t), None)
                if b == t && (revived.contains(&b.source) || revived.contains(&b.target)) =>
            {
                Some(t.clone())
            }
            _ => m.edge(&id, b, o, t),
        };
        edges.extend(kept);
    }
    let present: HashSet<&str> = nodes.iter().map(|n| n.id.as_str()).collect();
    edges.retain(|e| present.contains(e.source.as_str()) && present.contains(e.target.as_str()));
    let both_allowed = |c: &MergeConflict| c.kind == ConflictKind::BothAdded && c.edge_id.is_none();
    if let Some(c) = m.conflicts.iter().find(|c| c.chosen == Some(Side::Both) && !both_allowed(c)) {
        return Err(Error::invalid(
            "workflow_merge_choice",
            format!("“Keep both” is only for a node added on both branches, not for {}.", c.id),
        ));
    }

    let version = three_way(&base.version, &ours.version, &theirs.version).unwrap_or(ours.version.max(theirs.version));
    Ok(MergeOutcome { merged: WorkflowDoc { version, nodes, edges }, conflicts: m.conflicts })
}

struct Merger<'a> {
    chosen: HashMap<&'a str, Side>,
    conflicts: Vec<MergeConflict>,
}

impl Merger<'_> {
    /// Records the conflict and returns the side its value comes from: the chosen one, or ours until then.
    fn conflict(&mut self, mut c: MergeConflict) -> Side {
        c.chosen = self.chosen.get(c.id.as_str()).copied();
        let side = c.chosen.unwrap_or(Side::Ours);
        self.conflicts.push(c);
        side
    }

    fn fields(&mut self, b: &Node, o: &Node, t: &Node) -> Result<Node> {
        let open = same_kind([b, o, t]);
        let (fb, fo, ft) = (flatten(b, open), flatten(o, open), flatten(t, open));
        let paths: BTreeSet<&Path> = fb.keys().chain(fo.keys()).chain(ft.keys()).collect();
        let mut out = Fields::new();
        for path in paths {
            let (vb, vo, vt) = (fb.get(path), fo.get(path), ft.get(path));
            let value = match three_way(&vb, &vo, &vt) {
                Some(v) => v,
                None => {
                    let side = self.conflict(MergeConflict {
                        id: format!("node:{}:{}", o.id, shown(path)),
                        kind: ConflictKind::BothChanged,
                        node_id: Some(o.id.clone()),
                        edge_id: None,
                        path: Some(shown(path)),
                        base: vb.cloned(),
                        ours: vo.cloned(),
                        theirs: vt.cloned(),
                        chosen: None,
                    });
                    pick(side, vo, vt)
                }
            };
            if let Some(v) = value {
                out.insert(path.clone(), v.clone());
            }
        }
        unflatten(&o.id, &out)
    }

    /// A node kept or dropped whole: deleted on one side and edited on the other, or added on both differently.
    fn whole_node(&mut self, id: &str, b: Option<&Node>, o: Option<&Node>, t: Option<&Node>) -> Option<Node> {
        let json = |n: Option<&Node>| n.map(|n| serde_json::to_value(n).unwrap_or(Value::Null));
        let side = self.conflict(MergeConflict {
            id: format!("node:{id}"),
            kind: if b.is_some() { ConflictKind::DeleteVsEdit } else { ConflictKind::BothAdded },
            node_id: Some(id.to_owned()),
            edge_id: None,
            path: None,
            base: json(b),
            ours: json(o),
            theirs: json(t),
            chosen: None,
        });
        pick(side, o, t).cloned()
    }

    fn edge(&mut self, id: &str, b: Option<Edge>, o: Option<Edge>, t: Option<Edge>) -> Option<Edge> {
        if let Some(v) = three_way(&b, &o, &t) {
            return v;
        }
        let json = |e: &Option<Edge>| e.as_ref().map(|e| serde_json::to_value(e).unwrap_or(Value::Null));
        let kind = match (&b, &o, &t) {
            (None, _, _) => ConflictKind::BothAdded,
            (Some(_), Some(_), Some(_)) => ConflictKind::BothChanged,
            _ => ConflictKind::DeleteVsEdit,
        };
        let side = self.conflict(MergeConflict {
            id: format!("edge:{id}"),
            kind,
            node_id: None,
            edge_id: Some(id.to_owned()),
            path: None,
            base: json(&b),
            ours: json(&o),
            theirs: json(&t),
            chosen: None,
        });
        pick(side, o, t)
    }
}

/// The merged value when the sides agree or only one changed; None for a conflict.
fn three_way<T: PartialEq + Clone>(base: &T, ours: &T, theirs: &T) -> Option<T> {
    if ours == theirs || theirs == base {
        Some(ours.clone())
    } else if ours == base {
        Some(theirs.clone())
    } else {
        None
    }
}

/// The value of the side chosen; "both" is refused for anything but a node added on both sides (see `merge`).
fn pick<T>(side: Side, ours: Option<T>, theirs: Option<T>) -> Option<T> {
    match side {
        Side::Ours | Side::Both => ours,
        Side::Theirs => theirs,
    }
}

/// The nodes a side connected anew or moved into them: a side that added an edge to a node, or a child to an
/// iteration, edited that node even if its own fields are the same.
fn touched(base: &WorkflowDoc, side: &WorkflowDoc) -> HashSet<String> {
    let mut out = HashSet::new();
    for e in side.edges.iter().filter(|e| !base.edges.contains(e)) {
        out.insert(e.source.clone());
        out.insert(e.target.clone());
    }
    for n in side.nodes.iter().filter(|n| base.node(&n.id) != Some(*n)) {
        out.extend(n.parent.clone());
    }
    out
}

/// A node inside an iteration that the merge removed goes with it.
fn drop_orphans(nodes: &mut Vec<Node>) {
    loop {
        let present: HashSet<String> = nodes.iter().map(|n| n.id.clone()).collect();
        let before = nodes.len();
        nodes.retain(|n| n.parent.as_ref().is_none_or(|p| present.contains(p)));
        if nodes.len() == before {
            return;
        }
    }
}

fn ids(nodes: &[Node]) -> Vec<String> {
    nodes.iter().map(|n| n.id.clone()).collect()
}

fn edge_ids(edges: &[Edge]) -> Vec<String> {
    edges.iter().map(|e| e.id.clone()).collect()
}

/// The merged order: the side that reordered (ours unless only theirs did), with what the other side added placed
/// after the node it follows there. What only the base had is gone from both sides and never kept.
fn order(base: &[String], ours: &[String], theirs: &[String]) -> Vec<String> {
    let (first, second) = if ours == base { (theirs, ours) } else { (ours, theirs) };
    let mut out: Vec<String> = first.to_vec();
    let mut after = 0;
    for id in second {
        match out.iter().position(|x| x == id) {
            Some(at) => after = at + 1,
            None => {
                out.insert(after, id.clone());
                after += 1;
            }
        }
    }
    out
}
