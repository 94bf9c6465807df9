//! The workflows tables: documents with their revision, runs, node records, secret names.

use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::error::{Error, ErrorCategory, Result};
use crate::store::{enum_from, enum_text};
use crate::workflow::{NodeRun, RunDetail, RunStatus, Workflow, WorkflowDoc, WorkflowRun, WorkflowSummary};

pub(crate) fn json<T: serde::Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| Error::internal(format!("workflow JSON: {e}")))
}

pub(crate) fn parse<T: serde::de::DeserializeOwned>(text: &str) -> rusqlite::Result<T> {
    serde_json::from_str(text)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, e.into()))
}

pub fn conflict(id: &str) -> Error {
    Error::new(
        ErrorCategory::InvalidRequest,
        "conflict",
        format!("workflow {id} was changed elsewhere since this copy was loaded; reload it"),
    )
}

const COLUMNS: &str = "id, name, revision, doc, created_at, updated_at";

fn from_row(r: &Row) -> rusqlite::Result<Workflow> {
    Ok(Workflow {
        id: r.get(0)?,
        name: r.get(1)?,
        revision: r.get(2)?,
        doc: parse(&r.get::<_, String>(3)?)?,
        created_at_ms: r.get(4)?,
        updated_at_ms: r.get(5)?,
    })
}

/// The workflow and its main branch; the caller holds the transaction.
pub fn insert(conn: &Connection, w: &Workflow) -> Result<()> {
    conn.execute(
        "INSERT INTO workflows (id, name, revision, doc, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![w.id, w.name, w.revision, json(&w.doc)?, w.created_at_ms, w.updated_at_ms],
    )?;
    conn.execute(
        "INSERT INTO workflow_branches (workflow_id, name, head, draft, created_at) VALUES (?1, ?2, NULL, NULL, ?3)",
        params![w.id, crate::workflow::history::version::MAIN_BRANCH, w.created_at_ms],
    )?;
    Ok(())
}

pub fn get(conn: &Connection, id: &str) -> Result<Workflow> {
    conn.query_row(&format!("SELECT {COLUMNS} FROM workflows WHERE id = ?1"), [id], from_row)
        .optional()?
        .ok_or_else(|| Error::not_found("workflow", id))
}

/// Most recently edited first.
pub fn list(conn: &Connection) -> Result<Vec<WorkflowSummary>> {
    let mut stmt = conn.prepare(
        "SELECT w.id, w.name, w.revision, json_array_length(w.doc, '$.nodes'), w.updated_at,
            (SELECT r.status FROM workflow_runs r WHERE r.workflow_id = w.id ORDER BY r.started_at DESC, r.rowid DESC LIMIT 1)
         FROM workflows w ORDER BY w.updated_at DESC, w.id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(WorkflowSummary {
            id: r.get(0)?,
            name: r.get(1)?,
            revision: r.get(2)?,
            node_count: r.get::<_, Option<u32>>(3)?.unwrap_or(0),
            updated_at_ms: r.get(4)?,
            last_run: r.get::<_, Option<String>>(5)?.and_then(|s| enum_from(&s)),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Saves the document over `base_revision`; refused with `conflict` when the stored one is newer.
pub fn save(conn: &Connection, id: &str, base_revision: i64, doc: &WorkflowDoc, now: i64) -> Result<Workflow> {
    let changed = conn.execute(
        "UPDATE workflows SET doc = ?3, revision = revision + 1, updated_at = ?4 WHERE id = ?1 AND revision = ?2",
        params![id, base_revision, json(doc)?, now],
    )?;
    if changed == 0 {
        get(conn, id)?;
        return Err(conflict(id));
    }
    get(conn, id)
}

pub fn rename(conn: &Connection, id: &str, name: &str, now: i64) -> Result<Workflow> {
    if conn.execute("UPDATE workflows SET name = ?2, updated_at = ?3 WHERE id = ?1", params![id, name, now])? == 0 {
        return Err(Error::not_found("workflow", id));
    }
    get(conn, id)
}

/// Deletes the workflow and, by cascade, its runs.
pub fn delete(conn: &Connection, id: &str) -> Result<()> {
    if conn.execute("DELETE FROM workflows WHERE id = ?1", [id])? == 0 {
        return Err(Error::not_found("workflow", id));
    }
    Ok(())
}

const RUN_COLUMNS: &str = "id, workflow_id, revision, status, inputs, outputs, error, from_node, base_run_id,
    started_at, ended_at, input_tokens, output_tokens, cost_usd_micros, doc_hash, version_id";

fn run_from_row(r: &Row) -> rusqlite::Result<WorkflowRun> {
    Ok(WorkflowRun {
        id: r.get(0)?,
        workflow_id: r.get(1)?,
        revision: r.get(2)?,
        status: enum_from(&r.get::<_, String>(3)?).unwrap_or(RunStatus::Interrupted),
        inputs: parse(&r.get::<_, String>(4)?)?,
        outputs: parse(&r.get::<_, String>(5)?)?,
        error: r.get::<_, Option<String>>(6)?.map(|e| parse(&e)).transpose()?,
        from_node: r.get(7)?,
        base_run_id: r.get(8)?,
        started_at_ms: r.get(9)?,
        ended_at_ms: r.get(10)?,
        input_tokens: r.get(11)?,
        output_tokens: r.get(12)?,
        cost_usd_micros: r.get(13)?,
        doc_hash: r.get(14)?,
        version_id: r.get(15)?,
    })
}

/// A run as it starts, with the document it runs.
pub fn insert_run(conn: &Connection, run: &WorkflowRun, doc: &WorkflowDoc) -> Result<()> {
    conn.execute(
        "INSERT INTO workflow_runs (id, workflow_id, revision, doc, status, inputs, outputs, from_node, base_run_id,
            started_at, doc_hash, version_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            run.id,
            run.workflow_id,
            run.revision,
            json(doc)?,
            enum_text(&run.status),
            json(&run.inputs)?,
            json(&run.outputs)?,
            run.from_node,
            run.base_run_id,
            run.started_at_ms,
            run.doc_hash,
            run.version_id
        ],
    )?;
    Ok(())
}

/// The run's end and every node record, in one transaction.
pub fn finish_run(conn: &mut Connection, run: &WorkflowRun, nodes: &[NodeRun]) -> Result<()> {
    let tx = conn.transaction()?;
    tx.execute(
        "UPDATE workflow_runs SET status = ?2, outputs = ?3, error = ?4, ended_at = ?5, input_tokens = ?6,
            output_tokens = ?7, cost_usd_micros = ?8 WHERE id = ?1",
        params![
            run.id,
            enum_text(&run.status),
            json(&run.outputs)?,
            run.error.as_ref().map(json).transpose()?,
            run.ended_at_ms,
            run.input_tokens,
            run.output_tokens,
            run.cost_usd_micros
        ],
    )?;
    {
        let mut insert = tx.prepare(
            "INSERT INTO workflow_node_runs (run_id, seq, node_id, scope, record) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for (seq, node) in nodes.iter().enumerate() {
            insert.execute(params![run.id, seq as i64, node.node_id, node.scope, json(node)?])?;
        }
    }
    tx.commit()?;
    Ok(())
}

/// Newest first.
pub fn list_runs(conn: &Connection, workflow_id: &str, limit: u32) -> Result<Vec<WorkflowRun>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {RUN_COLUMNS} FROM workflow_runs WHERE workflow_id = ?1 ORDER BY started_at DESC, rowid DESC LIMIT ?2"
    ))?;
    let rows = stmt.query_map(params![workflow_id, limit], run_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn latest_run_id(conn: &Connection, workflow_id: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT id FROM workflow_runs WHERE workflow_id = ?1 AND status != 'running'
             ORDER BY started_at DESC, rowid DESC LIMIT 1",
            [workflow_id],
            |r| r.get(0),
        )
        .optional()?)
}

pub fn run_detail(conn: &Connection, run_id: &str) -> Result<RunDetail> {
    let (run, doc) = conn
        .query_row(&format!("SELECT {RUN_COLUMNS}, doc FROM workflow_runs WHERE id = ?1"), [run_id], |r| {
            Ok((run_from_row(r)?, parse::<WorkflowDoc>(&r.get::<_, String>(16)?)?))
        })
        .optional()?
        .ok_or_else(|| Error::not_found("workflow_run", run_id))?;
    let mut stmt = conn.prepare("SELECT record FROM workflow_node_runs WHERE run_id = ?1 ORDER BY seq")?;
    let nodes =
        stmt.query_map([run_id], |r| parse::<NodeRun>(&r.get::<_, String>(0)?))?.collect::<rusqlite::Result<_>>()?;
    Ok(RunDetail { run, nodes, doc })
}

/// Runs a previous process left running (it stopped or crashed) are interrupted, not running forever.
pub fn mark_interrupted(conn: &Connection, now: i64) -> Result<usize> {
    Ok(conn.execute("UPDATE workflow_runs SET status = 'interrupted', ended_at = ?1 WHERE status = 'running'", [now])?)
}

pub fn add_secret_name(conn: &Connection, name: &str, now: i64) -> Result<()> {
    conn.execute("INSERT OR IGNORE INTO workflow_secrets (name, created_at) VALUES (?1, ?2)", params![name, now])?;
    Ok(())
}

pub fn secret_names(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare("SELECT name FROM workflow_secrets ORDER BY name")?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn delete_secret_name(conn: &Connection, name: &str) -> Result<bool> {
    Ok(conn.execute("DELETE FROM workflow_secrets WHERE name = ?1", [name])? > 0)
}
