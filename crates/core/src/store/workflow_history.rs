//! The workflow history's tables: versions, branches (with the inactive ones' drafts), tags. The rules that use
//! them (commit, restore, switch, merge) are in api/workflow_history.rs, each one transaction.

use rusqlite::{params, Connection, OptionalExtension, Row};

use super::workflows::{json, parse};
use crate::error::{Error, Result};
use crate::workflow::history::WorkflowVersion;
use crate::workflow::WorkflowDoc;

const VERSION_COLUMNS: &str = "id, doc_hash, parents, message, branch, created_at";

fn version_from_row(r: &Row) -> rusqlite::Result<WorkflowVersion> {
    Ok(WorkflowVersion {
        id: r.get(0)?,
        doc_hash: r.get(1)?,
        parents: parse(&r.get::<_, String>(2)?)?,
        message: r.get(3)?,
        branch: r.get(4)?,
        created_at_ms: r.get(5)?,
        tags: Vec::new(),
    })
}

pub fn insert_version(conn: &Connection, workflow_id: &str, v: &WorkflowVersion, doc: &WorkflowDoc) -> Result<()> {
    conn.execute(
        "INSERT OR IGNORE INTO workflow_versions (workflow_id, id, doc_hash, parents, message, branch, doc, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![workflow_id, v.id, v.doc_hash, json(&v.parents)?, v.message, v.branch, json(doc)?, v.created_at_ms],
    )?;
    Ok(())
}

/// Every version, newest first, each with its tags.
pub fn versions(conn: &Connection, workflow_id: &str) -> Result<Vec<WorkflowVersion>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {VERSION_COLUMNS} FROM workflow_versions WHERE workflow_id = ?1 ORDER BY created_at DESC, rowid DESC"
    ))?;
    let mut all: Vec<WorkflowVersion> =
        stmt.query_map([workflow_id], version_from_row)?.collect::<rusqlite::Result<_>>()?;
    for (name, version_id) in tags(conn, workflow_id)? {
        if let Some(v) = all.iter_mut().find(|v| v.id == version_id) {
            v.tags.push(name);
        }
    }
    Ok(all)
}

pub fn version(conn: &Connection, workflow_id: &str, id: &str) -> Result<(WorkflowVersion, WorkflowDoc)> {
    let found = conn
        .query_row(
            &format!("SELECT {VERSION_COLUMNS}, doc FROM workflow_versions WHERE workflow_id = ?1 AND id = ?2"),
            params![workflow_id, id],
            |r| Ok((version_from_row(r)?, parse::<WorkflowDoc>(&r.get::<_, String>(6)?)?)),
        )
        .optional()?;
    let (mut v, doc) = found.ok_or_else(|| Error::not_found("workflow_version", id))?;
    v.tags = tags(conn, workflow_id)?.into_iter().filter(|(_, vid)| vid == id).map(|(n, _)| n).collect();
    Ok((v, doc))
}

/// The newest version holding exactly this document.
pub fn version_with_doc(conn: &Connection, workflow_id: &str, doc_hash: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT id FROM workflow_versions WHERE workflow_id = ?1 AND doc_hash = ?2
             ORDER BY created_at DESC, rowid DESC LIMIT 1",
            params![workflow_id, doc_hash],
            |r| r.get(0),
        )
        .optional()?)
}

/// A branch row: its name, head, and draft (None for the active branch, whose draft is the workflow's document).
pub struct BranchRow {
    pub name: String,
    pub head: Option<String>,
    pub draft: Option<WorkflowDoc>,
}

fn branch_from_row(r: &Row) -> rusqlite::Result<BranchRow> {
    Ok(BranchRow {
        name: r.get(0)?,
        head: r.get(1)?,
        draft: r.get::<_, Option<String>>(2)?.map(|d| parse(&d)).transpose()?,
    })
}

pub fn branches(conn: &Connection, workflow_id: &str) -> Result<Vec<BranchRow>> {
    let mut stmt =
        conn.prepare("SELECT name, head, draft FROM workflow_branches WHERE workflow_id = ?1 ORDER BY name")?;
    let rows = stmt.query_map([workflow_id], branch_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One branch, read alone (not every branch's draft to find it).
pub fn branch(conn: &Connection, workflow_id: &str, name: &str) -> Result<BranchRow> {
    conn.query_row(
        "SELECT name, head, draft FROM workflow_branches WHERE workflow_id = ?1 AND name = ?2",
        params![workflow_id, name],
        branch_from_row,
    )
    .optional()?
    .ok_or_else(|| Error::not_found("workflow_branch", name))
}

pub fn active_branch(conn: &Connection, workflow_id: &str) -> Result<String> {
    conn.query_row("SELECT branch FROM workflows WHERE id = ?1", [workflow_id], |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::not_found("workflow", workflow_id))
}

pub fn insert_branch(
    conn: &Connection,
    workflow_id: &str,
    name: &str,
    head: Option<&str>,
    draft: Option<&WorkflowDoc>,
    now: i64,
) -> Result<()> {
    let added = conn.execute(
        "INSERT OR IGNORE INTO workflow_branches (workflow_id, name, head, draft, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![workflow_id, name, head, draft.map(json).transpose()?, now],
    )?;
    if added == 0 {
        return Err(Error::invalid("workflow_branch_exists", format!("There is already a branch named {name}.")));
    }
    Ok(())
}

pub fn set_head(conn: &Connection, workflow_id: &str, branch: &str, head: &str) -> Result<()> {
    conn.execute(
        "UPDATE workflow_branches SET head = ?3 WHERE workflow_id = ?1 AND name = ?2",
        params![workflow_id, branch, head],
    )?;
    Ok(())
}

pub fn set_draft(conn: &Connection, workflow_id: &str, branch: &str, draft: Option<&WorkflowDoc>) -> Result<()> {
    conn.execute(
        "UPDATE workflow_branches SET draft = ?3 WHERE workflow_id = ?1 AND name = ?2",
        params![workflow_id, branch, draft.map(json).transpose()?],
    )?;
    Ok(())
}

pub fn delete_branch(conn: &Connection, workflow_id: &str, name: &str) -> Result<()> {
    if conn.execute("DELETE FROM workflow_branches WHERE workflow_id = ?1 AND name = ?2", params![workflow_id, name])?
        == 0
    {
        return Err(Error::not_found("workflow_branch", name));
    }
    Ok(())
}

/// Makes `branch` active with `doc` as the workflow's document; the revision grows, so a window still editing the
/// old draft is refused its next save.
pub fn set_active(conn: &Connection, workflow_id: &str, branch: &str, doc: &WorkflowDoc, now: i64) -> Result<()> {
    conn.execute(
        "UPDATE workflows SET branch = ?2, doc = ?3, revision = revision + 1, updated_at = ?4 WHERE id = ?1",
        params![workflow_id, branch, json(doc)?, now],
    )?;
    Ok(())
}

pub fn tags(conn: &Connection, workflow_id: &str) -> Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare("SELECT name, version_id FROM workflow_tags WHERE workflow_id = ?1 ORDER BY name")?;
    let rows = stmt.query_map([workflow_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Puts the tag on the version, moving it if another version had it.
pub fn set_tag(conn: &Connection, workflow_id: &str, name: &str, version_id: &str, now: i64) -> Result<()> {
    conn.execute(
        "INSERT INTO workflow_tags (workflow_id, name, version_id, created_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (workflow_id, name) DO UPDATE SET version_id = excluded.version_id, created_at = excluded.created_at",
        params![workflow_id, name, version_id, now],
    )?;
    Ok(())
}

pub fn delete_tag(conn: &Connection, workflow_id: &str, name: &str) -> Result<()> {
    if conn.execute("DELETE FROM workflow_tags WHERE workflow_id = ?1 AND name = ?2", params![workflow_id, name])? == 0
    {
        return Err(Error::not_found("workflow_tag", name));
    }
    Ok(())
}

/// Every version with its document, oldest first (what an export writes).
pub fn version_docs(conn: &Connection, workflow_id: &str) -> Result<Vec<(WorkflowVersion, WorkflowDoc)>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {VERSION_COLUMNS}, doc FROM workflow_versions WHERE workflow_id = ?1 ORDER BY created_at, id"
    ))?;
    let rows =
        stmt.query_map([workflow_id], |r| Ok((version_from_row(r)?, parse::<WorkflowDoc>(&r.get::<_, String>(6)?)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Removes every branch row of the workflow (an import replaces them with the file's).
pub fn clear_branches(conn: &Connection, workflow_id: &str) -> Result<()> {
    conn.execute("DELETE FROM workflow_branches WHERE workflow_id = ?1", [workflow_id])?;
    Ok(())
}
