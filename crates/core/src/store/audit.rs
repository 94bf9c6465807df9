//! The audit_log table (migration 13): appended to, read newest first or in order for an export; never changed.

use rusqlite::types::Value as Sql;
use rusqlite::{params, params_from_iter, Connection, Row};

use super::{enum_from, enum_text};
use crate::audit::{AuditEntry, AuditPage, Change, ChangeSource, SubjectKind};
use crate::error::{Error, Result};

const COLUMNS: &str = "id, at, source, action, subject_kind, subject_id, subject_name, old_value, new_value";

pub fn append(conn: &Connection, at: i64, source: ChangeSource, c: &Change) -> Result<()> {
    let json = |v: &Option<serde_json::Value>| v.as_ref().map(|v| v.to_string());
    conn.prepare_cached(
        "INSERT INTO audit_log (at, source, action, subject_kind, subject_id, subject_name, old_value, new_value)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        at,
        enum_text(&source),
        enum_text(&c.action),
        enum_text(&c.kind),
        c.subject_id,
        c.subject_name,
        json(&c.old),
        json(&c.new)
    ])?;
    Ok(())
}

fn parse<T: for<'de> serde::Deserialize<'de>>(r: &Row, i: usize) -> rusqlite::Result<T> {
    let text: String = r.get(i)?;
    enum_from(&text).ok_or(rusqlite::Error::InvalidColumnType(i, text, rusqlite::types::Type::Text))
}

fn from_row(r: &Row) -> rusqlite::Result<AuditEntry> {
    let json = |i: usize| -> rusqlite::Result<Option<serde_json::Value>> {
        Ok(r.get::<_, Option<String>>(i)?.and_then(|t| serde_json::from_str(&t).ok()))
    };
    Ok(AuditEntry {
        id: r.get(0)?,
        at: r.get(1)?,
        source: parse(r, 2)?,
        action: parse(r, 3)?,
        subject_kind: parse(r, 4)?,
        subject_id: r.get(5)?,
        subject_name: r.get(6)?,
        old: json(7)?,
        new: json(8)?,
    })
}

fn kind_clause(kind: Option<SubjectKind>, params: &mut Vec<Sql>) -> &'static str {
    match kind {
        Some(k) => {
            params.push(Sql::Text(enum_text(&k)));
            " AND subject_kind = ?"
        }
        None => "",
    }
}

/// Newest first: `limit` rows before the row `before_id` (all rows when None).
pub fn page(conn: &Connection, kind: Option<SubjectKind>, before_id: Option<i64>, limit: u32) -> Result<AuditPage> {
    let mut params = vec![Sql::Integer(before_id.unwrap_or(i64::MAX))];
    let kind = kind_clause(kind, &mut params);
    params.push(Sql::Integer(limit as i64 + 1));
    let sql = format!("SELECT {COLUMNS} FROM audit_log WHERE id < ?{kind} ORDER BY id DESC LIMIT ?");
    let mut entries: Vec<AuditEntry> =
        conn.prepare_cached(&sql)?.query_map(params_from_iter(params), from_row)?.collect::<rusqlite::Result<_>>()?;
    let next_before = if entries.len() > limit as usize {
        entries.truncate(limit as usize);
        entries.last().map(|e| e.id)
    } else {
        None
    };
    Ok(AuditPage { entries, next_before })
}

/// Every row of `kind` (every row when None), oldest first, to `each`.
pub fn each(
    conn: &Connection,
    kind: Option<SubjectKind>,
    mut each: impl FnMut(AuditEntry) -> Result<()>,
) -> Result<u64> {
    let mut params = Vec::new();
    let kind = kind_clause(kind, &mut params);
    let mut stmt = conn.prepare(&format!("SELECT {COLUMNS} FROM audit_log WHERE 1{kind} ORDER BY id"))?;
    let mut count = 0;
    for entry in stmt.query_map(params_from_iter(params), from_row)? {
        each(entry.map_err(Error::from)?)?;
        count += 1;
    }
    Ok(count)
}
