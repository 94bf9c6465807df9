//! Workflow history: commit, restore, branch, merge, tag, export and import, and comparing two runs. Each change
//! is one transaction, names the revision of the draft the window shows (a stale one is refused), and keeps an
//! uncommitted draft as a version before anything replaces it: nothing is ever lost.

use std::collections::{HashMap, HashSet};

use rusqlite::Connection;

use crate::error::{Error, Result};
use crate::store::{new_id, now_ms, workflow_history as history, workflows as table};
use crate::workflow::canonical::doc_hash;
use crate::workflow::history::file::{BranchFile, HistoryFile, TagFile, VersionFile, FILE_VERSION, FORMAT};
use crate::workflow::history::lines::line_diff;
use crate::workflow::history::version::readable;
use crate::workflow::history::{
    diff, merge, DocDiff, DocRef, FileFormat, HistoryOverview, MergeOutcome, MergePreview, MergeWorkflow,
    NodeComparison, Resolution, RunComparison, VersionDetail, WorkflowBranch, WorkflowFile, WorkflowVersion,
};
use crate::workflow::{Workflow, WorkflowDoc};
use crate::Core;

const NAME_LIMIT: usize = 64;

impl Core {
    pub async fn workflow_history(&self, workflow_id: &str) -> Result<HistoryOverview> {
        let id = workflow_id.to_owned();
        self.store().call(move |c| overview(c, &id)).await
    }

    /// Commits the draft as a new version on the active branch; refused when nothing changed since its head.
    pub async fn commit_workflow(
        &self,
        workflow_id: &str,
        base_revision: i64,
        message: &str,
    ) -> Result<WorkflowVersion> {
        let (id, message) =
            (workflow_id.to_owned(), required(message, "workflow_version_message", "A version needs a message.")?);
        self.store()
            .call(move |c| {
                let tx = c.transaction()?;
                let wf = current(&tx, &id, base_revision)?;
                let branch = history::active_branch(&tx, &id)?;
                let head = history::branch(&tx, &id, &branch)?.head;
                if !dirty(&tx, &id, &wf.doc, head.as_deref())? {
                    return Err(Error::invalid(
                        "workflow_nothing_to_commit",
                        "Nothing changed since the last version on this branch.",
                    ));
                }
                let v = commit_doc(&tx, &id, &branch, &wf.doc, head.into_iter().collect(), &message)?;
                tx.commit()?;
                Ok(v)
            })
            .await
    }

    pub async fn get_workflow_version(&self, workflow_id: &str, version_id: &str) -> Result<VersionDetail> {
        let (id, vid) = (workflow_id.to_owned(), version_id.to_owned());
        self.store()
            .call(move |c| history::version(c, &id, &vid).map(|(version, doc)| VersionDetail { version, doc }))
            .await
    }

    /// What changed from `from` to `to` (each the draft or a version).
    pub async fn diff_workflow(&self, workflow_id: &str, from: DocRef, to: DocRef) -> Result<DocDiff> {
        let id = workflow_id.to_owned();
        self.store().call(move |c| Ok(diff(&resolve(c, &id, &from)?, &resolve(c, &id, &to)?))).await
    }

    /// The version's document becomes the active branch's draft; an uncommitted draft is kept as a version first,
    /// with `keep_message`.
    pub async fn restore_workflow_version(
        &self,
        workflow_id: &str,
        base_revision: i64,
        version_id: &str,
        keep_message: &str,
    ) -> Result<Workflow> {
        let (id, vid, keep) = (workflow_id.to_owned(), version_id.to_owned(), keep_message.to_owned());
        self.store()
            .call(move |c| {
                let tx = c.transaction()?;
                let (_, doc) = history::version(&tx, &id, &vid)?;
                let wf = replace_draft(&tx, &id, base_revision, &doc, &keep)?;
                tx.commit()?;
                Ok(wf)
            })
            .await
    }

    /// Reopens the document a run ran as the draft (the version it ran, or its uncommitted draft), keeping the
    /// draft it replaces as `restore_workflow_version` does.
    pub async fn restore_workflow_run(&self, run_id: &str, base_revision: i64, keep_message: &str) -> Result<Workflow> {
        let (rid, keep) = (run_id.to_owned(), keep_message.to_owned());
        self.store()
            .call(move |c| {
                let tx = c.transaction()?;
                let detail = table::run_detail(&tx, &rid)?;
                let wf = replace_draft(&tx, &detail.run.workflow_id, base_revision, &detail.doc, &keep)?;
                tx.commit()?;
                Ok(wf)
            })
            .await
    }

    /// A new branch starting at `from_version` (default: the active branch's head), with that version as its draft.
    pub async fn create_workflow_branch(
        &self,
        workflow_id: &str,
        name: &str,
        from_version: Option<String>,
    ) -> Result<WorkflowBranch> {
        let id = workflow_id.to_owned();
        let name = branch_name(name)?;
        self.store()
            .call(move |c| {
                let tx = c.transaction()?;
                let from = match from_version {
                    Some(v) => v,
                    None => {
                        let active = history::active_branch(&tx, &id)?;
                        history::branch(&tx, &id, &active)?.head.ok_or_else(|| {
                            Error::invalid(
                                "workflow_branch_needs_version",
                                "Commit a version first: a branch starts from one.",
                            )
                        })?
                    }
                };
                let (_, doc) = history::version(&tx, &id, &from)?;
                history::insert_branch(&tx, &id, &name, Some(&from), Some(&doc), now_ms())?;
                tx.commit()?;
                Ok(WorkflowBranch { name, head: Some(from), active: false, dirty: false })
            })
            .await
    }

    /// Makes `name` the active branch: the current draft is kept with its branch and `name`'s draft opens.
    pub async fn switch_workflow_branch(&self, workflow_id: &str, base_revision: i64, name: &str) -> Result<Workflow> {
        let (id, name) = (workflow_id.to_owned(), name.to_owned());
        self.store()
            .call(move |c| {
                let tx = c.transaction()?;
                let wf = current(&tx, &id, base_revision)?;
                let active = history::active_branch(&tx, &id)?;
                if active == name {
                    return Ok(wf);
                }
                let target = history::branch(&tx, &id, &name)?;
                let doc = match (target.draft, &target.head) {
                    (Some(d), _) => d,
                    (None, Some(head)) => history::version(&tx, &id, head)?.1,
                    (None, None) => WorkflowDoc::default(),
                };
                history::set_draft(&tx, &id, &active, Some(&wf.doc))?;
                history::set_draft(&tx, &id, &name, None)?;
                history::set_active(&tx, &id, &name, &doc, now_ms())?;
                let wf = table::get(&tx, &id)?;
                tx.commit()?;
                Ok(wf)
            })
            .await
    }

    /// Deletes a branch other than the active one; its versions stay, and a draft it had not committed is kept as
    /// a version first, so nothing is lost.
    pub async fn delete_workflow_branch(&self, workflow_id: &str, name: &str) -> Result<()> {
        let (id, name) = (workflow_id.to_owned(), name.to_owned());
        self.store()
            .call(move |c| {
                if history::active_branch(c, &id)? == name {
                    return Err(Error::invalid(
                        "workflow_branch_active",
                        "Switch to another branch before deleting this one.",
                    ));
                }
                let tx = c.transaction()?;
                let branch = history::branch(&tx, &id, &name)?;
                if let Some(draft) = branch.draft {
                    if dirty(&tx, &id, &draft, branch.head.as_deref())? {
                        let kept = format!("Draft of “{name}”, kept when the branch was deleted");
                        commit_doc(&tx, &id, &name, &draft, branch.head.into_iter().collect(), &kept)?;
                    }
                }
                history::delete_branch(&tx, &id, &name)?;
                tx.commit()?;
                Ok(())
            })
            .await
    }

    /// What merging `from_branch` into the active branch gives, with the choices made so far; changes nothing.
    pub async fn preview_workflow_merge(
        &self,
        workflow_id: &str,
        from_branch: &str,
        resolutions: Vec<Resolution>,
    ) -> Result<MergePreview> {
        let (id, from) = (workflow_id.to_owned(), from_branch.to_owned());
        self.store().call(move |c| plan_merge(c, &id, &from, &resolutions).map(|(p, _)| p)).await
    }

    /// Merges as previewed: refused if a head moved since, or a conflict has no side chosen. The result is a merge
    /// version (two parents) on the active branch, or the branch moved forward when it had nothing of its own.
    pub async fn merge_workflow_branch(&self, base_revision: i64, input: MergeWorkflow) -> Result<Workflow> {
        self.store()
            .call(move |c| {
                let tx = c.transaction()?;
                let id = input.workflow_id.clone();
                let wf = current(&tx, &id, base_revision)?;
                let (preview, theirs_doc) = plan_merge(&tx, &id, &input.from_branch, &input.resolutions)?;
                if preview.ours_head != input.ours_head || preview.theirs_head != input.theirs_head {
                    return Err(Error::invalid(
                        "conflict",
                        "The branches changed since this merge was shown; look at it again.",
                    ));
                }
                let open = preview.conflicts.iter().filter(|c| c.chosen.is_none()).count();
                if open > 0 {
                    return Err(Error::invalid(
                        "workflow_merge_unresolved",
                        format!("{open} conflict(s) still need a side chosen."),
                    ));
                }
                let into = preview.into_branch.clone();
                let theirs_head = preview.theirs_head.clone().expect("a merge plan has their head");
                if preview.fast_forward {
                    history::set_head(&tx, &id, &into, &theirs_head)?;
                    history::set_active(&tx, &id, &into, &theirs_doc, now_ms())?;
                } else {
                    let mut parents: Vec<String> = preview.ours_head.clone().into_iter().collect();
                    if dirty(&tx, &id, &wf.doc, preview.ours_head.as_deref())? {
                        let keep = fallback(&input.keep_message, "Draft kept before merging");
                        let kept = commit_doc(&tx, &id, &into, &wf.doc, parents.clone(), &keep)?;
                        parents = vec![kept.id];
                    }
                    parents.push(theirs_head);
                    let message = fallback(&input.message, &format!("Merge {} into {into}", input.from_branch));
                    commit_doc(&tx, &id, &into, &preview.merged, parents, &message)?;
                    history::set_active(&tx, &id, &into, &preview.merged, now_ms())?;
                }
                let wf = table::get(&tx, &id)?;
                tx.commit()?;
                Ok(wf)
            })
            .await
    }

    /// Puts the tag on the version (moving it from another version of this workflow if it was there).
    pub async fn tag_workflow_version(&self, workflow_id: &str, version_id: &str, tag: &str) -> Result<()> {
        let (id, vid) = (workflow_id.to_owned(), version_id.to_owned());
        let tag = required(tag, "workflow_tag_empty", "A tag needs a name.")?;
        if tag.chars().count() > NAME_LIMIT {
            return Err(Error::invalid("workflow_tag_too_long", format!("A tag is at most {NAME_LIMIT} characters.")));
        }
        self.store()
            .call(move |c| {
                history::version(c, &id, &vid)?;
                history::set_tag(c, &id, &tag, &vid, now_ms())
            })
            .await
    }

    pub async fn untag_workflow_version(&self, workflow_id: &str, tag: &str) -> Result<()> {
        let (id, tag) = (workflow_id.to_owned(), tag.to_owned());
        self.store().call(move |c| history::delete_tag(c, &id, &tag)).await
    }

    /// The workflow as a file: its draft alone, or with every version, branch and tag.
    pub async fn export_workflow(&self, workflow_id: &str, format: FileFormat, with_history: bool) -> Result<String> {
        let id = workflow_id.to_owned();
        let file = self.store().call(move |c| file_of(c, &id, with_history)).await?;
        file.write(format)
    }

    /// Writes the export to a new file in `dir` (whole or not at all) and returns its path.
    pub async fn export_workflow_file(
        &self,
        workflow_id: &str,
        format: FileFormat,
        with_history: bool,
        dir: &std::path::Path,
    ) -> Result<std::path::PathBuf> {
        let name = self.get_workflow(workflow_id).await?.name;
        let text = self.export_workflow(workflow_id, format, with_history).await?;
        let extension = match format {
            FileFormat::Yaml => "yaml",
            FileFormat::Json => "json",
        };
        let stem = format!("{}{}", file_stem(&name), if with_history { "-history" } else { "" });
        super::export_file::write_export_as(self.store(), dir, &stem, extension, move |_, out| {
            out.write_all(text.as_bytes())?;
            Ok(())
        })
        .await
    }

    /// A new workflow from a file (YAML or JSON), with its history if the file holds one; nothing is kept if the
    /// file has any problem.
    pub async fn import_workflow(&self, text: &str) -> Result<Workflow> {
        let file = WorkflowFile::read(text)?;
        self.store().call(move |c| import(c, file)).await
    }

    /// Two runs of one workflow side by side: each node's record in both, and what changed in the document.
    pub async fn compare_workflow_runs(&self, run_a: &str, run_b: &str) -> Result<RunComparison> {
        let (a, b) = (run_a.to_owned(), run_b.to_owned());
        let (a, b) = self.store().call(move |c| Ok((table::run_detail(c, &a)?, table::run_detail(c, &b)?))).await?;
        if a.run.workflow_id != b.run.workflow_id {
            return Err(Error::invalid("workflow_run_mismatch", "Only runs of the same workflow can be compared."));
        }
        Ok(compare(a, b))
    }
}

/// The workflow's name as a file name: what a file system refuses is replaced with `-`.
fn file_stem(name: &str) -> String {
    let stem: String =
        name.trim().chars().map(|c| if c.is_control() || "/\\:*?\"<>|".contains(c) { '-' } else { c }).collect();
    if stem.is_empty() {
        "workflow".to_owned()
    } else {
        stem
    }
}

fn required(text: &str, code: &str, message: &str) -> Result<String> {
    let t = text.trim();
    if t.is_empty() {
        return Err(Error::invalid(code, message));
    }
    Ok(t.to_owned())
}

fn fallback(text: &str, otherwise: &str) -> String {
    let t = text.trim();
    if t.is_empty() {
        otherwise.to_owned()
    } else {
        t.to_owned()
    }
}

fn branch_name(name: &str) -> Result<String> {
    let name = required(name, "workflow_branch_name", "A branch needs a name.")?;
    if name.chars().count() > NAME_LIMIT || name.chars().any(char::is_control) {
        return Err(Error::invalid(
            "workflow_branch_name",
            format!("A branch name is one line of at most {NAME_LIMIT} characters."),
        ));
    }
    Ok(name)
}

/// The workflow, refused with `conflict` unless the window's revision is the stored one.
fn current(conn: &Connection, id: &str, base_revision: i64) -> Result<Workflow> {
    let wf = table::get(conn, id)?;
    if wf.revision != base_revision {
        return Err(table::conflict(id));
    }
    Ok(wf)
}

/// Whether the draft differs from the head (with no head: whether it has anything in it).
fn dirty(conn: &Connection, id: &str, draft: &WorkflowDoc, head: Option<&str>) -> Result<bool> {
    Ok(match head {
        Some(h) => history::version(conn, id, h)?.0.doc_hash != doc_hash(draft),
        None => *draft != WorkflowDoc::default(),
    })
}

fn commit_doc(
    conn: &Connection,
    id: &str,
    branch: &str,
    doc: &WorkflowDoc,
    parents: Vec<String>,
    message: &str,
) -> Result<WorkflowVersion> {
    let (hash, now) = (doc_hash(doc), now_ms());
    let v = WorkflowVersion {
        id: WorkflowVersion::content_id(&hash, &parents, message, branch, now),
        doc_hash: hash,
        parents,
        message: message.to_owned(),
        branch: branch.to_owned(),
        created_at_ms: now,
        tags: Vec::new(),
    };
    history::insert_version(conn, id, &v, doc)?;
    history::set_head(conn, id, branch, &v.id)?;
    Ok(v)
}

/// `doc` becomes the active draft; an uncommitted draft is committed first so it is not lost.
fn replace_draft(conn: &Connection, id: &str, base_revision: i64, doc: &WorkflowDoc, keep: &str) -> Result<Workflow> {
    let wf = current(conn, id, base_revision)?;
    let branch = history::active_branch(conn, id)?;
    let head = history::branch(conn, id, &branch)?.head;
    if dirty(conn, id, &wf.doc, head.as_deref())? {
        commit_doc(
            conn,
            id,
            &branch,
            &wf.doc,
            head.into_iter().collect(),
            &fallback(keep, "Draft kept before restoring"),
        )?;
    }
    history::set_active(conn, id, &branch, doc, now_ms())?;
    table::get(conn, id)
}

fn resolve(conn: &Connection, id: &str, at: &DocRef) -> Result<WorkflowDoc> {
    match at {
        DocRef::Draft => Ok(table::get(conn, id)?.doc),
        DocRef::Version { id: v } => Ok(history::version(conn, id, v)?.1),
    }
}

fn overview(conn: &Connection, id: &str) -> Result<HistoryOverview> {
    let wf = table::get(conn, id)?;
    let active = history::active_branch(conn, id)?;
    let versions = history::versions(conn, id)?;
    let hash_of = |v: &str| versions.iter().find(|x| x.id == v).map(|x| x.doc_hash.clone());
    let mut branches = Vec::new();
    for row in history::branches(conn, id)? {
        let is_active = row.name == active;
        let draft = if is_active { Some(&wf.doc) } else { row.draft.as_ref() };
        let dirty = match (draft, &row.head) {
            (Some(d), Some(h)) => hash_of(h).as_deref() != Some(doc_hash(d).as_str()),
            (Some(d), None) => *d != WorkflowDoc::default(),
            (None, _) => false,
        };
        branches.push(WorkflowBranch { name: row.name, head: row.head, active: is_active, dirty });
    }
    let me = branches.iter().find(|b| b.active).cloned();
    Ok(HistoryOverview {
        workflow_id: id.to_owned(),
        branch: active,
        head: me.as_ref().and_then(|b| b.head.clone()),
        dirty: me.is_some_and(|b| b.dirty),
        versions,
        branches,
    })
}

/// Every ancestor of `id`, itself included.
fn ancestors(parents: &HashMap<String, Vec<String>>, id: &str) -> HashSet<String> {
    let mut seen = HashSet::new();
    let mut todo = vec![id.to_owned()];
    while let Some(v) = todo.pop() {
        if seen.insert(v.clone()) {
            todo.extend(parents.get(&v).cloned().unwrap_or_default());
        }
    }
    seen
}

/// The best common ancestor: one that is no ancestor of another common ancestor (the newest if several are).
fn merge_base(versions: &[WorkflowVersion], ours: &str, theirs: &str) -> Option<String> {
    let parents: HashMap<String, Vec<String>> = versions.iter().map(|v| (v.id.clone(), v.parents.clone())).collect();
    let common: HashSet<String> =
        ancestors(&parents, ours).intersection(&ancestors(&parents, theirs)).cloned().collect();
    let below_another = |c: &String| common.iter().any(|d| d != c && ancestors(&parents, d).contains(c));
    versions.iter().filter(|v| common.contains(&v.id) && !below_another(&v.id)).map(|v| v.id.clone()).next()
}

/// The merge of `from` into the active branch, and their head's document.
fn plan_merge(conn: &Connection, id: &str, from: &str, chosen: &[Resolution]) -> Result<(MergePreview, WorkflowDoc)> {
    let wf = table::get(conn, id)?;
    let into = history::active_branch(conn, id)?;
    if into == from {
        return Err(Error::invalid("workflow_merge_same_branch", "A branch cannot be merged into itself."));
    }
    let ours_head = history::branch(conn, id, &into)?.head;
    let theirs_head = history::branch(conn, id, from)?.head.ok_or_else(|| {
        Error::invalid("workflow_merge_nothing", format!("The branch {from} has no versions to merge."))
    })?;
    let versions = history::versions(conn, id)?;
    let base = ours_head.as_deref().and_then(|o| merge_base(&versions, o, &theirs_head));
    if base.as_deref() == Some(theirs_head.as_str()) {
        return Err(Error::invalid("workflow_merge_nothing", format!("Everything on {from} is already on {into}.")));
    }
    let base_doc = match &base {
        Some(b) => history::version(conn, id, b)?.1,
        None => WorkflowDoc::default(),
    };
    let theirs_doc = history::version(conn, id, &theirs_head)?.1;
    let fast_forward = base.is_some() && base == ours_head && !dirty(conn, id, &wf.doc, ours_head.as_deref())?;
    let MergeOutcome { merged, conflicts } = merge(&base_doc, &wf.doc, &theirs_doc, chosen)?;
    let changes = diff(&wf.doc, &merged);
    let preview = MergePreview {
        from_branch: from.to_owned(),
        into_branch: into,
        base,
        ours_head,
        theirs_head: Some(theirs_head),
        merged,
        conflicts,
        changes,
        fast_forward,
    };
    Ok((preview, theirs_doc))
}

fn file_of(conn: &Connection, id: &str, with_history: bool) -> Result<WorkflowFile> {
    let wf = table::get(conn, id)?;
    let history = if with_history {
        let versions = history::version_docs(conn, id)?
            .into_iter()
            .map(|(v, doc)| VersionFile {
                id: v.id,
                doc_hash: v.doc_hash,
                parents: v.parents,
                message: v.message,
                branch: v.branch,
                created_at_ms: v.created_at_ms,
                doc,
            })
            .collect();
        let branches = history::branches(conn, id)?
            .into_iter()
            .map(|b| BranchFile { name: b.name, head: b.head, draft: b.draft })
            .collect();
        let tags = history::tags(conn, id)?.into_iter().map(|(name, version)| TagFile { name, version }).collect();
        Some(HistoryFile { active_branch: history::active_branch(conn, id)?, versions, branches, tags })
    } else {
        None
    };
    Ok(WorkflowFile { format: FORMAT.to_owned(), format_version: FILE_VERSION, name: wf.name, draft: wf.doc, history }
        .normalise())
}

fn import(conn: &mut Connection, file: WorkflowFile) -> Result<Workflow> {
    let tx = conn.transaction()?;
    let now = now_ms();
    let name = fallback(&file.name, "Imported workflow");
    let wf =
        Workflow { id: new_id(), name, revision: 1, doc: file.draft.clone(), created_at_ms: now, updated_at_ms: now };
    table::insert(&tx, &wf)?;
    if let Some(h) = file.history {
        for v in &h.versions {
            history::insert_version(&tx, &wf.id, &v.summary(), &v.doc)?;
        }
        history::clear_branches(&tx, &wf.id)?;
        for b in &h.branches {
            let draft = if b.name == h.active_branch { None } else { b.draft.as_ref() };
            history::insert_branch(&tx, &wf.id, &b.name, b.head.as_deref(), draft, now)?;
        }
        for t in &h.tags {
            history::set_tag(&tx, &wf.id, &t.name, &t.version, now)?;
        }
        tx.execute("UPDATE workflows SET branch = ?2 WHERE id = ?1", rusqlite::params![wf.id, h.active_branch])?;
    }
    let wf = table::get(&tx, &wf.id)?;
    tx.commit()?;
    Ok(wf)
}

fn compare(a: crate::workflow::RunDetail, b: crate::workflow::RunDetail) -> RunComparison {
    let mut keys: Vec<(String, String)> = Vec::new();
    let order: Vec<&str> = b.doc.nodes.iter().chain(&a.doc.nodes).map(|n| n.id.as_str()).collect();
    let mut records: Vec<&crate::workflow::NodeRun> = b.nodes.iter().chain(&a.nodes).collect();
    records.sort_by_key(|r| order.iter().position(|id| *id == r.node_id).unwrap_or(usize::MAX));
    for r in records {
        let key = (r.node_id.clone(), r.scope.clone());
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    let find = |d: &crate::workflow::RunDetail, k: &(String, String)| {
        d.nodes.iter().find(|n| n.node_id == k.0 && n.scope == k.1).cloned()
    };
    let nodes = keys
        .iter()
        .map(|k| {
            let node = b.doc.node(&k.0).or_else(|| a.doc.node(&k.0));
            let (ra, rb) = (find(&a, k), find(&b, k));
            let value = |r: &Option<crate::workflow::NodeRun>,
                         f: fn(&crate::workflow::NodeRun) -> &serde_json::Value| {
                r.as_ref().map(f).cloned().unwrap_or(serde_json::Value::Null)
            };
            let (ia, ib) = (value(&ra, |r| &r.inputs), value(&rb, |r| &r.inputs));
            let (oa, ob) = (value(&ra, |r| &r.outputs), value(&rb, |r| &r.outputs));
            NodeComparison {
                node_id: k.0.clone(),
                scope: k.1.clone(),
                title: node.map(|n| n.title.clone()).unwrap_or_default(),
                kind: node.map(|n| n.config.kind_name().to_owned()).unwrap_or_default(),
                same_inputs: ia == ib,
                same_outputs: oa == ob,
                output_lines: line_diff(&readable(&oa), &readable(&ob)),
                a: ra,
                b: rb,
            }
        })
        .collect();
    RunComparison { doc_changes: diff(&a.doc, &b.doc), a: a.run, b: b.run, nodes }
}
