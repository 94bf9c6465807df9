//! Workflow history through `Core`: commit, restore, branches with their own drafts, merge with conflicts chosen
//! by the person, tags, runs that record the version they ran, comparing two runs, export → import → export, and
//! a database of the schema before history upgrading with nothing lost.

mod support;

use serde_json::{json, Value};
use support::open_core;
use support::workflow_run::run_workflow;
use switchyard_core::workflow::history::{ConflictKind, DocRef, FileFormat, LineOp, MergeWorkflow, Resolution, Side};
use switchyard_core::workflow::{RunStatus, SaveWorkflow, Workflow, WorkflowDoc};
use switchyard_core::Core;

fn doc(template: &str) -> WorkflowDoc {
    serde_json::from_value(json!({
        "nodes": [
            {"id": "start", "position": {"x": 0, "y": 0}, "config": {"kind": "start", "inputs": [{"name": "topic", "type": "string"}]}},
            {"id": "template_1", "position": {"x": 200, "y": 0}, "config": {"kind": "template", "template": template}},
            {"id": "end", "position": {"x": 400, "y": 0}, "config": {"kind": "end", "outputs": [{"name": "text", "value": "{{template_1.text}}"}]}}
        ],
        "edges": [
            {"id": "start:out->template_1", "source": "start", "target": "template_1"},
            {"id": "template_1:out->end", "source": "template_1", "target": "end"}
        ]
    }))
    .unwrap()
}

fn with_title(mut d: WorkflowDoc, id: &str, title: &str) -> WorkflowDoc {
    d.nodes.iter_mut().find(|n| n.id == id).unwrap().title = title.into();
    d
}

async fn save(core: &Core, w: &Workflow, d: WorkflowDoc) -> Workflow {
    core.save_workflow(SaveWorkflow { id: w.id.clone(), base_revision: w.revision, doc: d }).await.unwrap()
}

async fn created(core: &Core, d: WorkflowDoc) -> Workflow {
    let w = core.create_workflow("Greeter").await.unwrap();
    save(core, &w, d).await
}

#[tokio::test]
async fn a_commit_is_a_version_on_the_branch_and_nothing_changed_commits_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let core = open_core(dir.path()).await;
    let w = created(&core, doc("Hi {{start.topic}}")).await;
    let h = core.workflow_history(&w.id).await.unwrap();
    assert_eq!((h.branch.as_str(), h.head.as_ref(), h.dirty, h.versions.len()), ("main", None, true, 0));

    assert_eq!(core.commit_workflow(&w.id, w.revision, "  ").await.unwrap_err().code, "workflow_version_message");
    assert_eq!(core.commit_workflow(&w.id, w.revision - 1, "First").await.unwrap_err().code, "conflict");
    let v1 = core.commit_workflow(&w.id, w.revision, "  First  ").await.unwrap();
    assert_eq!((v1.message.as_str(), v1.branch.as_str(), v1.parents.len()), ("First", "main", 0));
    assert_eq!(v1.doc_hash, switchyard_core::workflow::canonical::doc_hash(&doc("Hi {{start.topic}}")));
    let again = core.commit_workflow(&w.id, w.revision, "Again").await.unwrap_err();
    assert_eq!(again.code, "workflow_nothing_to_commit");

    let w = save(&core, &w, with_title(doc("Hi {{start.topic}}"), "template_1", "Greeting")).await;
    let v2 = core.commit_workflow(&w.id, w.revision, "Title").await.unwrap();
    assert_eq!(v2.parents, vec![v1.id.clone()]);
    assert_ne!(v2.doc_hash, v1.doc_hash);
    let h = core.workflow_history(&w.id).await.unwrap();
    assert_eq!((h.head.as_ref(), h.dirty), (Some(&v2.id), false));
    assert_eq!(h.versions.iter().map(|v| v.message.as_str()).collect::<Vec<_>>(), vec!["Title", "First"]);
    let detail = core.get_workflow_version(&w.id, &v1.id).await.unwrap();
    assert_eq!(detail.doc, doc("Hi {{start.topic}}"));
    assert_eq!(core.get_workflow_version(&w.id, "nope").await.unwrap_err().code, "workflow_version_not_found");

    let d = core.diff_workflow(&w.id, DocRef::Version { id: v1.id.clone() }, DocRef::Draft).await.unwrap();
    assert_eq!(d.nodes_changed.len(), 1);
    assert_eq!(d.nodes_changed[0].fields[0].path, "title");
}

#[tokio::test]
async fn restoring_a_version_keeps_the_draft_it_replaces_as_a_version() {
    let dir = tempfile::tempdir().unwrap();
    let core = open_core(dir.path()).await;
    let w = created(&core, doc("One")).await;
    let v1 = core.commit_workflow(&w.id, w.revision, "One").await.unwrap();
    let w = save(&core, &w, doc("Two, not committed")).await;

    assert_eq!(
        core.restore_workflow_version(&w.id, w.revision - 1, &v1.id, "Kept").await.unwrap_err().code,
        "conflict"
    );
    let restored = core.restore_workflow_version(&w.id, w.revision, &v1.id, "Kept before restoring").await.unwrap();
    assert_eq!(restored.doc, doc("One"));
    assert!(restored.revision > w.revision, "a window editing the old draft is refused its next save");
    let h = core.workflow_history(&w.id).await.unwrap();
    assert_eq!(h.versions.len(), 2);
    let kept = &h.versions[0];
    assert_eq!((kept.message.as_str(), kept.parents.clone()), ("Kept before restoring", vec![v1.id.clone()]));
    assert_eq!(core.get_workflow_version(&w.id, &kept.id).await.unwrap().doc, doc("Two, not committed"));
    assert_eq!(h.head.as_ref(), Some(&kept.id));
    assert!(h.dirty, "the restored document differs from the kept head");

    // A clean draft replaced by a restore needs no extra version.
    let v3 = core.commit_workflow(&w.id, restored.revision, "Back to one").await.unwrap();
    let again = core.restore_workflow_version(&w.id, restored.revision, &kept.id, "unused").await.unwrap();
    assert_eq!(again.doc, doc("Two, not committed"));
    let h = core.workflow_history(&w.id).await.unwrap();
    assert_eq!(h.versions.len(), 3);
    assert_eq!(h.head.as_ref(), Some(&v3.id));
}

#[tokio::test]
async fn each_branch_keeps_its_own_draft_across_switches() {
    let dir = tempfile::tempdir().unwrap();
    let core = open_core(dir.path()).await;
    let w = core.create_workflow("Greeter").await.unwrap();
    let e = core.create_workflow_branch(&w.id, "french", None).await.unwrap_err();
    assert_eq!(e.code, "workflow_branch_needs_version");
    let w = save(&core, &w, doc("Hello")).await;
    let v1 = core.commit_workflow(&w.id, w.revision, "Hello").await.unwrap();
    assert_eq!(core.create_workflow_branch(&w.id, " ", None).await.unwrap_err().code, "workflow_branch_name");
    assert_eq!(core.create_workflow_branch(&w.id, "a\nb", None).await.unwrap_err().code, "workflow_branch_name");
    let b = core.create_workflow_branch(&w.id, " french ", None).await.unwrap();
    assert_eq!((b.name.as_str(), b.head.as_ref(), b.active), ("french", Some(&v1.id), false));
    assert_eq!(core.create_workflow_branch(&w.id, "french", None).await.unwrap_err().code, "workflow_branch_exists");

    let w = save(&core, &w, doc("Hello, uncommitted on main")).await;
    let on_french = core.switch_workflow_branch(&w.id, w.revision, "french").await.unwrap();
    assert_eq!(on_french.doc, doc("Hello"));
    let on_french = save(&core, &on_french, doc("Bonjour, uncommitted")).await;
    let on_main = core.switch_workflow_branch(&w.id, on_french.revision, "main").await.unwrap();
    assert_eq!(on_main.doc, doc("Hello, uncommitted on main"), "main's draft waited for it");
    let h = core.workflow_history(&w.id).await.unwrap();
    assert_eq!(h.branch, "main");
    let french = h.branches.iter().find(|b| b.name == "french").unwrap();
    assert!(french.dirty && !french.active);
    let back = core.switch_workflow_branch(&w.id, on_main.revision, "french").await.unwrap();
    assert_eq!(back.doc, doc("Bonjour, uncommitted"));
    assert_eq!(core.switch_workflow_branch(&w.id, back.revision, "french").await.unwrap().revision, back.revision);
    assert_eq!(
        core.switch_workflow_branch(&w.id, back.revision, "nope").await.unwrap_err().code,
        "workflow_branch_not_found"
    );

    assert_eq!(core.delete_workflow_branch(&w.id, "french").await.unwrap_err().code, "workflow_branch_active");
    core.create_workflow_branch(&w.id, "clean", None).await.unwrap();
    core.delete_workflow_branch(&w.id, "clean").await.unwrap();
    assert_eq!(core.workflow_history(&w.id).await.unwrap().versions.len(), 1, "a branch with no draft adds nothing");

    core.delete_workflow_branch(&w.id, "main").await.unwrap();
    assert_eq!(core.delete_workflow_branch(&w.id, "main").await.unwrap_err().code, "workflow_branch_not_found");
    let h = core.workflow_history(&w.id).await.unwrap();
    assert_eq!(h.branches.len(), 1);
    assert_eq!(h.versions.len(), 2, "a deleted branch's versions stay, and its uncommitted draft is one more");
    let kept = &h.versions[0];
    assert!(kept.message.contains("“main”") && kept.parents == vec![v1.id.clone()], "{kept:?}");
    assert_eq!(core.get_workflow_version(&w.id, &kept.id).await.unwrap().doc, doc("Hello, uncommitted on main"));
}

/// Main and a branch both change the same template two ways and different titles: one conflict, chosen in the
/// apply; the result is a version with both heads as parents.
#[tokio::test]
async fn a_merge_applies_what_does_not_conflict_and_waits_for_a_choice_on_what_does() {
    let dir = tempfile::tempdir().unwrap();
    let core = open_core(dir.path()).await;
    let w = created(&core, doc("Hello")).await;
    let base = core.commit_workflow(&w.id, w.revision, "Base").await.unwrap();
    core.create_workflow_branch(&w.id, "french", Some(base.id.clone())).await.unwrap();

    let w = save(&core, &w, with_title(doc("Hello there"), "start", "Begin")).await;
    let ours = core.commit_workflow(&w.id, w.revision, "Main changes").await.unwrap();
    let f = core.switch_workflow_branch(&w.id, w.revision, "french").await.unwrap();
    let f = save(&core, &f, with_title(doc("Bonjour"), "end", "Fin")).await;
    let theirs = core.commit_workflow(&w.id, f.revision, "French changes").await.unwrap();
    let w = core.switch_workflow_branch(&w.id, f.revision, "main").await.unwrap();

    let preview = core.preview_workflow_merge(&w.id, "french", vec![]).await.unwrap();
    assert_eq!(
        (preview.base.as_ref(), preview.ours_head.as_ref(), preview.theirs_head.as_ref()),
        (Some(&base.id), Some(&ours.id), Some(&theirs.id))
    );
    assert!(!preview.fast_forward);
    assert_eq!(preview.conflicts.len(), 1);
    let c = &preview.conflicts[0];
    assert_eq!((c.id.as_str(), c.kind), ("node:template_1:config.template", ConflictKind::BothChanged));
    assert_eq!((c.ours.clone(), c.theirs.clone()), (Some(json!("Hello there")), Some(json!("Bonjour"))));
    assert_eq!(preview.merged.node("end").unwrap().title, "Fin", "what only theirs changed comes in");
    assert_eq!(preview.merged.node("start").unwrap().title, "Begin");
    assert_eq!(preview.changes.nodes_changed.len(), 1, "the merge brings in end's title");

    let input = |resolutions: Vec<Resolution>| MergeWorkflow {
        workflow_id: w.id.clone(),
        from_branch: "french".into(),
        ours_head: Some(ours.id.clone()),
        theirs_head: Some(theirs.id.clone()),
        resolutions,
        message: "Merge french".into(),
        keep_message: "Kept".into(),
    };
    let e = core.merge_workflow_branch(w.revision, input(vec![])).await.unwrap_err();
    assert_eq!(e.code, "workflow_merge_unresolved");
    assert!(e.message.contains('1'), "{}", e.message);
    let stale = MergeWorkflow { ours_head: Some(base.id.clone()), ..input(vec![]) };
    assert_eq!(core.merge_workflow_branch(w.revision, stale).await.unwrap_err().code, "conflict");
    let chosen = vec![Resolution { conflict_id: c.id.clone(), side: Side::Theirs }];
    let seen = core.preview_workflow_merge(&w.id, "french", chosen.clone()).await.unwrap();
    assert_eq!(
        (seen.conflicts[0].chosen, seen.merged.node("template_1").unwrap().config.clone()),
        (Some(Side::Theirs), doc("Bonjour").nodes[1].config.clone())
    );

    let merged = core.merge_workflow_branch(w.revision, input(chosen)).await.unwrap();
    let expected = with_title(with_title(doc("Bonjour"), "start", "Begin"), "end", "Fin");
    assert_eq!(merged.doc, expected);
    let h = core.workflow_history(&w.id).await.unwrap();
    let top = &h.versions[0];
    assert_eq!((top.message.as_str(), top.parents.clone()), ("Merge french", vec![ours.id.clone(), theirs.id.clone()]));
    assert_eq!((h.head.as_ref(), h.dirty), (Some(&top.id), false));

    let again = core.preview_workflow_merge(&w.id, "french", vec![]).await.unwrap_err();
    assert_eq!(again.code, "workflow_merge_nothing", "everything on french is on main now");
    assert_eq!(
        core.preview_workflow_merge(&w.id, "main", vec![]).await.unwrap_err().code,
        "workflow_merge_same_branch"
    );
}

#[tokio::test]
async fn a_merge_into_a_branch_with_nothing_of_its_own_moves_it_forward_and_a_dirty_draft_is_kept_first() {
    let dir = tempfile::tempdir().unwrap();
    let core = open_core(dir.path()).await;
    let w = created(&core, doc("Hello")).await;
    let base = core.commit_workflow(&w.id, w.revision, "Base").await.unwrap();
    core.create_workflow_branch(&w.id, "idea", None).await.unwrap();
    let i = core.switch_workflow_branch(&w.id, w.revision, "idea").await.unwrap();
    let i = save(&core, &i, doc("Hello, idea")).await;
    let idea = core.commit_workflow(&w.id, i.revision, "Idea").await.unwrap();
    let w = core.switch_workflow_branch(&w.id, i.revision, "main").await.unwrap();

    let preview = core.preview_workflow_merge(&w.id, "idea", vec![]).await.unwrap();
    assert!(preview.fast_forward && preview.conflicts.is_empty());
    let input = MergeWorkflow {
        workflow_id: w.id.clone(),
        from_branch: "idea".into(),
        ours_head: Some(base.id.clone()),
        theirs_head: Some(idea.id.clone()),
        resolutions: vec![],
        message: String::new(),
        keep_message: String::new(),
    };
    let merged = core.merge_workflow_branch(w.revision, input.clone()).await.unwrap();
    assert_eq!(merged.doc, doc("Hello, idea"));
    let h = core.workflow_history(&w.id).await.unwrap();
    assert_eq!((h.versions.len(), h.head.as_ref()), (2, Some(&idea.id)), "moved forward, no merge version");

    // With an uncommitted draft on main, the draft is kept as a version before the merge version.
    let w2 = core.create_workflow("Other").await.unwrap();
    let w2 = save(&core, &w2, doc("Hello")).await;
    let b2 = core.commit_workflow(&w2.id, w2.revision, "Base").await.unwrap();
    core.create_workflow_branch(&w2.id, "idea", None).await.unwrap();
    let i2 = core.switch_workflow_branch(&w2.id, w2.revision, "idea").await.unwrap();
    let i2 = save(&core, &i2, with_title(doc("Hello"), "end", "Fin")).await;
    let idea2 = core.commit_workflow(&w2.id, i2.revision, "Idea").await.unwrap();
    let m2 = core.switch_workflow_branch(&w2.id, i2.revision, "main").await.unwrap();
    let m2 = save(&core, &m2, doc("Hello, draft")).await;
    let preview = core.preview_workflow_merge(&w2.id, "idea", vec![]).await.unwrap();
    assert!(!preview.fast_forward, "the draft has changes of its own");
    let merged = core
        .merge_workflow_branch(
            m2.revision,
            MergeWorkflow {
                workflow_id: w2.id.clone(),
                ours_head: Some(b2.id.clone()),
                theirs_head: Some(idea2.id.clone()),
                ..input
            },
        )
        .await
        .unwrap();
    assert_eq!(merged.doc, with_title(doc("Hello, draft"), "end", "Fin"));
    let h = core.workflow_history(&w2.id).await.unwrap();
    assert_eq!(
        h.versions.iter().map(|v| v.message.as_str()).collect::<Vec<_>>(),
        vec!["Merge idea into main", "Draft kept before merging", "Idea", "Base"]
    );
    assert_eq!(core.get_workflow_version(&w2.id, &h.versions[1].id).await.unwrap().doc, doc("Hello, draft"));
}

#[tokio::test]
async fn tags_name_versions_and_move_when_set_again() {
    let dir = tempfile::tempdir().unwrap();
    let core = open_core(dir.path()).await;
    let w = created(&core, doc("One")).await;
    let v1 = core.commit_workflow(&w.id, w.revision, "One").await.unwrap();
    let w = save(&core, &w, doc("Two")).await;
    let v2 = core.commit_workflow(&w.id, w.revision, "Two").await.unwrap();
    core.tag_workflow_version(&w.id, &v1.id, " prod ").await.unwrap();
    core.tag_workflow_version(&w.id, &v1.id, "stable").await.unwrap();
    assert_eq!(core.tag_workflow_version(&w.id, &v1.id, "").await.unwrap_err().code, "workflow_tag_empty");
    assert_eq!(
        core.tag_workflow_version(&w.id, &v1.id, &"x".repeat(65)).await.unwrap_err().code,
        "workflow_tag_too_long"
    );
    assert_eq!(core.tag_workflow_version(&w.id, "nope", "prod").await.unwrap_err().code, "workflow_version_not_found");
    let tags = |h: &switchyard_core::workflow::history::HistoryOverview, id: &str| {
        h.versions.iter().find(|v| v.id == id).unwrap().tags.clone()
    };
    let h = core.workflow_history(&w.id).await.unwrap();
    assert_eq!(tags(&h, &v1.id), vec!["prod", "stable"]);
    core.tag_workflow_version(&w.id, &v2.id, "prod").await.unwrap();
    let h = core.workflow_history(&w.id).await.unwrap();
    assert_eq!((tags(&h, &v1.id), tags(&h, &v2.id)), (vec!["stable".to_owned()], vec!["prod".to_owned()]));
    assert_eq!(core.get_workflow_version(&w.id, &v2.id).await.unwrap().version.tags, vec!["prod"]);
    core.untag_workflow_version(&w.id, "prod").await.unwrap();
    assert_eq!(core.untag_workflow_version(&w.id, "prod").await.unwrap_err().code, "workflow_tag_not_found");
    assert!(tags(&core.workflow_history(&w.id).await.unwrap(), &v2.id).is_empty());
}

#[tokio::test]
async fn a_run_records_its_version_reopens_against_it_and_two_runs_compare_node_by_node() {
    let dir = tempfile::tempdir().unwrap();
    let core = open_core(dir.path()).await;
    let w = created(&core, doc("Hi {{start.topic}}")).await;
    let draft_run = run_workflow(&core, &w.id, None).await.0;
    assert_eq!(draft_run.status, RunStatus::Succeeded, "{:?}", draft_run.error);
    assert!(draft_run.doc_hash.is_some() && draft_run.version_id.is_none(), "nothing committed yet");
    let v1 = core.commit_workflow(&w.id, w.revision, "Hi").await.unwrap();
    let a = run_workflow(&core, &w.id, None).await.0;
    assert_eq!((a.version_id.as_ref(), a.doc_hash.as_ref()), (Some(&v1.id), Some(&v1.doc_hash)));
    assert_eq!(
        core.list_workflow_runs(&w.id).await.unwrap()[0].version_id.as_ref(),
        Some(&v1.id),
        "kept in the database"
    );

    let w = save(&core, &w, doc("Hello {{start.topic}}\nWelcome")).await;
    let b = run_workflow(&core, &w.id, None).await.0;
    assert!(b.version_id.is_none());
    let cmp = core.compare_workflow_runs(&a.id, &b.id).await.unwrap();
    assert_eq!(cmp.nodes.iter().map(|n| n.node_id.as_str()).collect::<Vec<_>>(), vec!["start", "template_1", "end"]);
    let t = &cmp.nodes[1];
    assert!(!t.same_outputs);
    assert_eq!(t.kind, "template");
    let ops: Vec<(LineOp, &str)> = t.output_lines.iter().map(|l| (l.op, l.text.as_str())).collect();
    assert_eq!(
        ops,
        vec![
            (LineOp::Removed, "text: Hi tea"),
            (LineOp::Added, "text: |-"),
            (LineOp::Added, "  Hello tea"),
            (LineOp::Added, "  Welcome")
        ],
        "outputs read as YAML, a text's lines as lines"
    );
    assert!(cmp.nodes[0].same_inputs && cmp.nodes[0].same_outputs, "start read the same inputs");
    assert_eq!(cmp.doc_changes.nodes_changed[0].fields[0].path, "config.template");
    assert_eq!((cmp.a.id.as_str(), cmp.b.id.as_str()), (a.id.as_str(), b.id.as_str()));

    let reopened = core.restore_workflow_run(&a.id, w.revision, "Kept before reopening").await.unwrap();
    assert_eq!(reopened.doc, doc("Hi {{start.topic}}"));
    let h = core.workflow_history(&w.id).await.unwrap();
    assert_eq!(h.versions[0].message, "Kept before reopening");

    let other = created(&core, doc("x")).await;
    let o = run_workflow(&core, &other.id, None).await.0;
    assert_eq!(core.compare_workflow_runs(&a.id, &o.id).await.unwrap_err().code, "workflow_run_mismatch");
}

#[tokio::test]
async fn export_import_export_is_byte_identical_and_a_bad_file_keeps_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let core = open_core(dir.path()).await;
    let w = created(&core, doc("Hello\nsecond line")).await;
    let v1 = core.commit_workflow(&w.id, w.revision, "One").await.unwrap();
    core.tag_workflow_version(&w.id, &v1.id, "prod").await.unwrap();
    core.create_workflow_branch(&w.id, "french", None).await.unwrap();
    let f = core.switch_workflow_branch(&w.id, w.revision, "french").await.unwrap();
    let f = save(&core, &f, doc("Bonjour")).await;
    core.commit_workflow(&w.id, f.revision, "Bonjour").await.unwrap();
    let f = save(&core, &f, doc("Bonjour, draft")).await;
    core.switch_workflow_branch(&w.id, f.revision, "main").await.unwrap();

    for format in [FileFormat::Yaml, FileFormat::Json] {
        let first = core.export_workflow(&w.id, format, true).await.unwrap();
        let imported = core.import_workflow(&first).await.unwrap();
        assert_ne!(imported.id, w.id);
        assert_eq!((imported.name.as_str(), imported.doc.clone()), ("Greeter", doc("Hello\nsecond line")));
        let again = core.export_workflow(&imported.id, format, true).await.unwrap();
        assert_eq!(first, again, "{format:?}");
        let (h, original) =
            (core.workflow_history(&imported.id).await.unwrap(), core.workflow_history(&w.id).await.unwrap());
        assert_eq!(h.versions, original.versions);
        assert_eq!(h.branches, original.branches);
        let on_french = core.switch_workflow_branch(&imported.id, imported.revision, "french").await.unwrap();
        assert_eq!(on_french.doc, doc("Bonjour, draft"), "an inactive branch's draft travels too");
    }
    let plain = core.export_workflow(&w.id, FileFormat::Yaml, false).await.unwrap();
    assert!(!plain.contains("history:"));
    let imported = core.import_workflow(&plain).await.unwrap();
    let h = core.workflow_history(&imported.id).await.unwrap();
    assert_eq!((h.branch.as_str(), h.versions.len(), h.branches.len()), ("main", 0, 1));

    let count = core.list_workflows().await.unwrap().len();
    let bad = plain.replace("kind: template", "kind: python");
    assert_eq!(core.import_workflow(&bad).await.unwrap_err().code, "workflow_file_unknown_kind");
    assert_eq!(core.list_workflows().await.unwrap().len(), count, "nothing kept from a refused file");

    let out = tempfile::tempdir().unwrap();
    let path = core.export_workflow_file(&w.id, FileFormat::Yaml, true, out.path()).await.unwrap();
    assert!(path.file_name().unwrap().to_string_lossy().starts_with("Greeter-history-"));
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        core.export_workflow(&w.id, FileFormat::Yaml, true).await.unwrap()
    );
    let renamed = core.rename_workflow(&w.id, "a/b: c").await.unwrap();
    let path = core.export_workflow_file(&renamed.id, FileFormat::Json, false, out.path()).await.unwrap();
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    assert!(name.starts_with("a-b- c-") && name.ends_with(".json"), "{name}");
}

#[tokio::test]
async fn deleting_a_workflow_deletes_its_history() {
    let dir = tempfile::tempdir().unwrap();
    let core = open_core(dir.path()).await;
    let w = created(&core, doc("One")).await;
    let v = core.commit_workflow(&w.id, w.revision, "One").await.unwrap();
    core.tag_workflow_version(&w.id, &v.id, "prod").await.unwrap();
    core.create_workflow_branch(&w.id, "b", None).await.unwrap();
    core.delete_workflow(&w.id).await.unwrap();
    assert_eq!(core.workflow_history(&w.id).await.unwrap_err().code, "workflow_not_found");
    drop(core);
    let conn = rusqlite::Connection::open(dir.path().join("switchyard.sqlite")).unwrap();
    for table in ["workflow_versions", "workflow_branches", "workflow_tags"] {
        let n: i64 = conn.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0)).unwrap();
        assert_eq!(n, 0, "{table}");
    }
}

/// A database of schema 14 (workflows, no history) upgrades: each workflow gets its main branch, its draft and
/// runs are untouched, and it can be committed at once.
#[tokio::test]
async fn a_workflow_of_the_schema_before_history_upgrades_with_its_draft_and_runs() {
    use switchyard_core::store::migrations::{migrate, MIGRATIONS};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("switchyard.sqlite");
    let d: Value = serde_json::to_value(doc("Old")).unwrap();
    {
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        migrate(&mut conn, &MIGRATIONS[..14]).unwrap();
        conn.execute(
            "INSERT INTO workflows (id, name, doc, revision, created_at, updated_at) VALUES ('w1', 'Old one', ?1, 3, 1, 2)",
            [d.to_string()],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO workflow_runs (id, workflow_id, revision, doc, status, inputs, outputs, started_at, ended_at)
             VALUES ('r1', 'w1', 3, ?1, 'succeeded', '{}', '{}', 5, 6)",
            [d.to_string()],
        )
        .unwrap();
    }
    let core = open_core(dir.path()).await;
    let w = core.get_workflow("w1").await.unwrap();
    assert_eq!((w.revision, w.doc.clone()), (3, doc("Old")));
    let h = core.workflow_history("w1").await.unwrap();
    assert_eq!((h.branch.as_str(), h.branches.len(), h.versions.len(), h.dirty), ("main", 1, 0, true));
    let runs = core.list_workflow_runs("w1").await.unwrap();
    assert_eq!((runs.len(), runs[0].doc_hash.clone(), runs[0].version_id.clone()), (1, None, None));
    let v = core.commit_workflow("w1", 3, "First after the upgrade").await.unwrap();
    assert_eq!(core.workflow_history("w1").await.unwrap().head, Some(v.id));
}
