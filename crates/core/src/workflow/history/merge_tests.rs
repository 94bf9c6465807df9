use proptest::prelude::*;
use serde_json::json;

use super::arbitrary;
use super::merge::*;
use crate::workflow::testing::{doc, edge, with};
use crate::workflow::{Position, WorkflowDoc};

fn base() -> WorkflowDoc {
    doc(
        vec![
            with("start", json!({"kind": "start"})),
            with(
                "llm_1",
                json!({"kind": "llm", "system": "Be terse.", "user": "Summarise {{start.text}}", "temperature": 0.2}),
            ),
            with("end", json!({"kind": "end"})),
        ],
        vec![edge("start", "llm_1"), edge("llm_1", "end")],
    )
}

fn edit(d: &WorkflowDoc, id: &str, f: impl FnOnce(&mut crate::workflow::Node)) -> WorkflowDoc {
    let mut d = d.clone();
    f(d.nodes.iter_mut().find(|n| n.id == id).expect("the node"));
    d
}

fn set_user(text: &str) -> impl FnOnce(&mut crate::workflow::Node) + '_ {
    move |n| {
        let crate::workflow::NodeConfig::Llm(c) = &mut n.config else { panic!("an llm") };
        c.user = text.into();
    }
}

fn delete(d: &WorkflowDoc, id: &str) -> WorkflowDoc {
    let mut d = d.clone();
    d.nodes.retain(|n| n.id != id);
    d.edges.retain(|e| e.source != id && e.target != id);
    d
}

fn clean(base: &WorkflowDoc, ours: &WorkflowDoc, theirs: &WorkflowDoc) -> WorkflowDoc {
    let out = merge(base, ours, theirs, &[]).unwrap();
    assert!(out.conflicts.is_empty(), "{:?}", out.conflicts);
    out.merged
}

#[test]
fn both_sides_adding_different_nodes_keeps_both() {
    let mut ours = base();
    ours.nodes.push(with("template_1", json!({"kind": "template", "template": "A"})));
    ours.edges.push(edge("llm_1", "template_1"));
    let mut theirs = base();
    theirs.nodes.push(with("extract_1", json!({"kind": "extract", "source": "{{llm_1.text}}"})));
    let m = clean(&base(), &ours, &theirs);
    let ids: Vec<&str> = m.nodes.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(
        ids,
        vec!["start", "llm_1", "end", "extract_1", "template_1"],
        "what theirs added follows the node it follows there"
    );
    assert!(m.edges.contains(&edge("llm_1", "template_1")));
}

#[test]
fn one_side_moving_and_the_other_editing_a_node_keeps_both_changes() {
    let ours = edit(&base(), "llm_1", |n| n.position = Position { x: 400.0, y: 80.0 });
    let theirs = edit(&base(), "llm_1", set_user("Summarise {{start.text}} in French"));
    let m = clean(&base(), &ours, &theirs);
    let n = m.node("llm_1").unwrap();
    assert_eq!(n.position, Position { x: 400.0, y: 80.0 });
    assert_eq!(n, &edit(&theirs, "llm_1", |n| n.position = Position { x: 400.0, y: 80.0 }).nodes[1]);
}

#[test]
fn different_fields_of_one_node_changed_on_each_side_merge() {
    let ours = edit(&base(), "llm_1", |n| n.title = "Summary".into());
    let theirs = edit(&base(), "llm_1", set_user("u2"));
    let m = clean(&base(), &ours, &theirs);
    let n = m.node("llm_1").unwrap();
    assert_eq!(n.title, "Summary");
    assert!(matches!(&n.config, crate::workflow::NodeConfig::Llm(c) if c.user == "u2"));
}

#[test]
fn the_same_field_changed_both_ways_is_a_conflict_that_keeps_ours_until_chosen() {
    let ours = edit(&base(), "llm_1", set_user("ours"));
    let theirs = edit(&base(), "llm_1", set_user("theirs"));
    let out = merge(&base(), &ours, &theirs, &[]).unwrap();
    assert_eq!(out.conflicts.len(), 1);
    let c = &out.conflicts[0];
    assert_eq!(
        (c.id.as_str(), c.kind, c.path.as_deref()),
        ("node:llm_1:config.user", ConflictKind::BothChanged, Some("config.user"))
    );
    assert_eq!(
        (c.base.clone(), c.ours.clone(), c.theirs.clone()),
        (Some(json!("Summarise {{start.text}}")), Some(json!("ours")), Some(json!("theirs")))
    );
    assert_eq!((c.chosen, out.unresolved()), (None, 1));
    assert_eq!(out.merged, ours, "an open conflict keeps ours");

    let chose = |side| merge(&base(), &ours, &theirs, &[Resolution { conflict_id: c.id.clone(), side }]).unwrap();
    let t = chose(Side::Theirs);
    assert_eq!((t.unresolved(), t.conflicts[0].chosen), (0, Some(Side::Theirs)));
    assert_eq!(t.merged, theirs);
    assert_eq!(chose(Side::Ours).merged, ours);
}

#[test]
fn the_same_change_on_both_sides_is_no_conflict() {
    let changed = edit(&base(), "llm_1", set_user("same"));
    let mut both = changed.clone();
    both.edges.push(edge("start", "end"));
    assert_eq!(clean(&base(), &both, &both), both);
}

#[test]
fn a_node_deleted_on_one_side_and_edited_on_the_other_is_a_conflict() {
    let ours = delete(&base(), "llm_1");
    let theirs = edit(&base(), "llm_1", set_user("edited"));
    let out = merge(&base(), &ours, &theirs, &[]).unwrap();
    assert_eq!(out.conflicts.len(), 1);
    let c = &out.conflicts[0];
    assert_eq!((c.id.as_str(), c.kind), ("node:llm_1", ConflictKind::DeleteVsEdit));
    assert!(c.ours.is_none() && c.theirs.is_some() && c.base.is_some());
    assert_eq!(out.merged, ours, "until chosen, ours (deleted)");

    let keep = merge(&base(), &ours, &theirs, &[Resolution { conflict_id: c.id.clone(), side: Side::Theirs }]).unwrap();
    assert_eq!(keep.merged, theirs, "kept with the edges the deleting side took with it");

    // The mirror: edited on ours, deleted on theirs.
    let out = merge(&base(), &theirs, &ours, &[]).unwrap();
    assert_eq!(out.conflicts[0].kind, ConflictKind::DeleteVsEdit);
    assert_eq!(out.merged, theirs, "ours edited it, and ours is kept until chosen");
}

#[test]
fn a_node_deleted_on_one_side_and_unchanged_on_the_other_is_deleted() {
    let ours = delete(&base(), "llm_1");
    assert_eq!(clean(&base(), &ours, &base()), ours);
    assert_eq!(clean(&base(), &base(), &ours), ours);
    assert_eq!(clean(&base(), &ours, &ours), ours);
}

#[test]
fn connecting_a_node_the_other_side_deleted_is_a_conflict_not_a_dangling_edge() {
    let ours = delete(&base(), "end");
    let mut theirs = base();
    theirs.edges.push(edge("start", "end"));
    let out = merge(&base(), &ours, &theirs, &[]).unwrap();
    assert_eq!(out.conflicts.len(), 1);
    assert_eq!((out.conflicts[0].id.as_str(), out.conflicts[0].kind), ("node:end", ConflictKind::DeleteVsEdit));
    assert_eq!(out.merged, ours, "with end deleted, the new edge to it goes too");
    let kept =
        merge(&base(), &ours, &theirs, &[Resolution { conflict_id: "node:end".into(), side: Side::Theirs }]).unwrap();
    assert_eq!(kept.merged, theirs);
}

#[test]
fn an_iteration_deleted_against_a_new_child_is_a_conflict_and_deleting_takes_the_child() {
    let mut b = base();
    b.nodes.push(with("iteration_1", json!({"kind": "iteration", "items": "{{start.list}}"})));
    let ours = delete(&b, "iteration_1");
    let mut theirs = b.clone();
    let mut child = with("template_1", json!({"kind": "template", "template": "{{iteration_1.item}}"}));
    child.parent = Some("iteration_1".into());
    theirs.nodes.push(child);
    let out = merge(&b, &ours, &theirs, &[]).unwrap();
    assert_eq!(out.conflicts.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), vec!["node:iteration_1"]);
    assert_eq!(out.merged, ours, "the child goes with the iteration it was in");
    let kept = merge(&b, &ours, &theirs, &[Resolution { conflict_id: "node:iteration_1".into(), side: Side::Theirs }])
        .unwrap();
    assert_eq!(kept.merged, theirs);
}

#[test]
fn two_different_nodes_added_under_one_id_are_a_conflict() {
    let mut ours = base();
    ours.nodes.push(with("template_1", json!({"kind": "template", "template": "A"})));
    let mut theirs = base();
    theirs.nodes.push(with("template_1", json!({"kind": "template", "template": "B"})));
    let out = merge(&base(), &ours, &theirs, &[]).unwrap();
    assert_eq!((out.conflicts[0].id.as_str(), out.conflicts[0].kind), ("node:template_1", ConflictKind::BothAdded));
    assert!(out.conflicts[0].base.is_none());
    let t = merge(&base(), &ours, &theirs, &[Resolution { conflict_id: "node:template_1".into(), side: Side::Theirs }])
        .unwrap();
    assert_eq!(t.merged, theirs);
}

#[test]
fn the_same_node_added_on_both_sides_comes_in_once_without_a_conflict() {
    let mut added = base();
    added.nodes.push(with("template_1", json!({"kind": "template", "template": "same"})));
    let out = merge(&base(), &added, &added, &[]).unwrap();
    assert!(out.conflicts.is_empty(), "{:?}", out.conflicts);
    assert_eq!(out.merged, added);
}

#[test]
fn a_field_conflict_on_a_node_does_not_bring_back_an_edge_one_side_removed() {
    let mut ours = edit(&base(), "llm_1", set_user("ours"));
    ours.edges.retain(|e| e.target != "end");
    let theirs = edit(&base(), "llm_1", set_user("theirs"));
    let out = merge(&base(), &ours, &theirs, &[]).unwrap();
    assert_eq!(out.conflicts.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), vec!["node:llm_1:config.user"]);
    assert_eq!(out.merged.edges, vec![edge("start", "llm_1")]);
}

/// Each branch added a Template after the LLM (both named template_1 by the canvas) and an edge to it: "keep both"
/// brings the other branch's in as template_2, with its edge, and the End node it rewired reads template_2.
#[test]
fn keep_both_brings_the_other_branchs_node_in_under_a_new_id_with_its_edges_and_references() {
    let added = |text: &str| {
        let mut d = base();
        d.nodes.push(with("template_1", json!({"kind": "template", "template": text})));
        d.edges.push(edge("llm_1", "template_1"));
        d
    };
    let ours = added("A");
    let mut theirs = added("B");
    theirs.nodes[2] = with("end", json!({"kind": "end", "outputs": [{"name": "r", "value": "{{template_1.text}}"}]}));
    let both = [Resolution { conflict_id: "node:template_1".into(), side: Side::Both }];
    let out = merge(&base(), &ours, &theirs, &both).unwrap();
    assert_eq!(out.conflicts.len(), 1, "{:?}", out.conflicts);
    assert_eq!((out.conflicts[0].kind, out.conflicts[0].chosen), (ConflictKind::BothAdded, Some(Side::Both)));
    assert_eq!(out.unresolved(), 0);
    let ids: Vec<&str> = out.merged.nodes.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(
        ids,
        vec!["start", "llm_1", "end", "template_2", "template_1"],
        "each after the node it follows on its side"
    );
    assert_eq!(out.merged.node("template_1"), ours.node("template_1"));
    assert_eq!(out.merged.node("template_2").map(|n| &n.config), theirs.node("template_1").map(|n| &n.config));
    assert!(
        out.merged.edges.contains(&edge("llm_1", "template_1"))
            && out.merged.edges.contains(&edge("llm_1", "template_2"))
    );
    let end = serde_json::to_value(&out.merged.node("end").unwrap().config).unwrap();
    assert_eq!(end["outputs"][0]["value"], "{{template_2.text}}", "what read the other branch's node reads it still");
}

#[test]
fn keep_both_is_refused_for_anything_but_a_node_added_on_both_sides() {
    let ours = edit(&base(), "llm_1", set_user("ours"));
    let theirs = edit(&base(), "llm_1", set_user("theirs"));
    let both = [Resolution { conflict_id: "node:llm_1:config.user".into(), side: Side::Both }];
    let out = merge(&base(), &ours, &theirs, &[]).unwrap();
    assert_eq!(out.conflicts[0].id, both[0].conflict_id);
    assert_eq!(merge(&base(), &ours, &theirs, &both).unwrap_err().code, "workflow_merge_choice");
    let not_a_conflict = [Resolution { conflict_id: "node:llm_1".into(), side: Side::Both }];
    let out = merge(&base(), &ours, &theirs, &not_a_conflict).unwrap();
    assert_eq!(out.merged.nodes.len(), 3, "a node both sides had before is never doubled");
    assert_eq!(out.unresolved(), 1);
    let deleted = delete(&base(), "llm_1");
    let both = [Resolution { conflict_id: "node:llm_1".into(), side: Side::Both }];
    assert_eq!(merge(&base(), &deleted, &theirs, &both).unwrap_err().code, "workflow_merge_choice");
    let mut a = base();
    a.edges.push(crate::workflow::Edge { target_port: "a".into(), ..edge("start", "end") });
    let mut b = base();
    b.edges.push(crate::workflow::Edge { target_port: "b".into(), ..edge("start", "end") });
    let both = [Resolution { conflict_id: "edge:start:out->end".into(), side: Side::Both }];
    assert_eq!(merge(&base(), &a, &b, &both).unwrap_err().code, "workflow_merge_choice");
}

#[test]
fn an_edge_changed_two_ways_is_a_conflict() {
    let mut b = base();
    b.edges[1].target_port = "in".into();
    let mut ours = b.clone();
    ours.edges[1].target_port = "a".into();
    let mut theirs = b.clone();
    theirs.edges[1].target_port = "b".into();
    let out = merge(&b, &ours, &theirs, &[]).unwrap();
    assert_eq!(out.conflicts.len(), 1);
    assert_eq!(
        (out.conflicts[0].id.as_str(), out.conflicts[0].kind),
        ("edge:llm_1:out->end", ConflictKind::BothChanged)
    );
    assert_eq!(out.merged, ours);
    let mut removed = b.clone();
    removed.edges.remove(1);
    let out = merge(&b, &removed, &theirs, &[]).unwrap();
    assert_eq!(out.conflicts[0].kind, ConflictKind::DeleteVsEdit);
    let mut added_a = b.clone();
    added_a.edges.push(crate::workflow::Edge { target_port: "a".into(), ..edge("start", "end") });
    let mut added_b = b.clone();
    added_b.edges.push(crate::workflow::Edge { target_port: "b".into(), ..edge("start", "end") });
    let out =
        merge(&b, &added_a, &added_b, &[Resolution { conflict_id: "edge:start:out->end".into(), side: Side::Theirs }])
            .unwrap();
    assert_eq!(out.conflicts[0].kind, ConflictKind::BothAdded);
    assert_eq!(out.merged, added_b);
}

#[test]
fn a_node_whose_kind_changed_on_one_side_and_was_edited_on_the_other_conflicts_as_a_whole_config() {
    let ours = edit(&base(), "llm_1", |n| n.config = with("x", json!({"kind": "template", "template": "T"})).config);
    let theirs = edit(&base(), "llm_1", set_user("edited"));
    let out = merge(&base(), &ours, &theirs, &[]).unwrap();
    assert_eq!(out.conflicts.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), vec!["node:llm_1:config"]);
}

#[test]
fn the_order_follows_the_side_that_reordered() {
    let mut reordered = base();
    reordered.nodes.reverse();
    assert_eq!(clean(&base(), &base(), &reordered), reordered);
    assert_eq!(clean(&base(), &reordered, &base()), reordered);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 192, ..ProptestConfig::default() })]

    #[test]
    fn merging_with_an_unchanged_side_gives_the_changed_side(b in arbitrary::doc(6), x in arbitrary::doc(6)) {
        let left = merge(&b, &x, &b, &[]).unwrap();
        prop_assert!(left.conflicts.is_empty());
        prop_assert_eq!(&left.merged, &x);
        let right = merge(&b, &b, &x, &[]).unwrap();
        prop_assert!(right.conflicts.is_empty());
        prop_assert_eq!(&right.merged, &x);
    }

    #[test]
    fn merging_is_symmetric_up_to_the_side_kept_in_a_conflict(b in arbitrary::doc(5), x in arbitrary::doc(5), y in arbitrary::doc(5)) {
        let xy = merge(&b, &x, &y, &[]).unwrap();
        let yx = merge(&b, &y, &x, &[]).unwrap();
        let ids = |o: &MergeOutcome| { let mut v: Vec<String> = o.conflicts.iter().map(|c| c.id.clone()).collect(); v.sort(); v };
        prop_assert_eq!(ids(&xy), ids(&yx));
        let all = |side| xy.conflicts.iter().map(|c| Resolution { conflict_id: c.id.clone(), side }).collect::<Vec<_>>();
        let mut a = merge(&b, &x, &y, &all(Side::Theirs)).unwrap().merged;
        let mut c = merge(&b, &y, &x, &all(Side::Ours)).unwrap().merged;
        for d in [&mut a, &mut c] {
            d.nodes.sort_by(|p, q| p.id.cmp(&q.id));
            d.edges.sort_by(|p, q| p.id.cmp(&q.id));
        }
        prop_assert_eq!(a, c);
    }
}
