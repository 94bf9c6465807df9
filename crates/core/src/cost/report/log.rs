//! The call log: every ledger field, newest first, a page at a time; and one trace's calls.

use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection, OptionalExtension, Row};

use super::filter::Dimensions;
use super::types::{LogPage, LogRow, UsageFilter};
use crate::error::Result;
use crate::store::ledger::{from_row, COLUMNS};

/// The ledger rows the filter selects, as ` WHERE …` with its parameters.
pub fn where_clause(filter: &UsageFilter) -> (String, Vec<Value>) {
    let mut params = vec![Value::Integer(filter.from_ms), Value::Integer(filter.to_ms)];
    let dims = Dimensions::of(filter).sql(&mut params);
    (format!(" WHERE at >= ? AND at < ?{dims}"), params)
}

fn log_row(r: &Row) -> rusqlite::Result<LogRow> {
    // `id` comes after the ledger's columns so `from_row` reads them at their usual places.
    Ok(LogRow { id: r.get(31)?, entry: from_row(r)?, feedback: None })
}

/// Each row with the feedback on its trace's answer.
fn with_feedback(conn: &Connection, mut rows: Vec<LogRow>) -> Result<Vec<LogRow>> {
    let traces: Vec<&str> = rows.iter().map(|r| r.entry.trace_id.as_str()).collect();
    let feedback = crate::store::feedback::of_traces(conn, &traces)?;
    for row in &mut rows {
        row.feedback = feedback.get(&row.entry.trace_id).cloned();
    }
    Ok(rows)
}

/// Newest first by time (then id), a page at a time. Keyset pagination: the page after `before_id` starts
/// right after that row in this order, so rows written meanwhile neither shift pages nor repeat, and the time
/// index serves the order without sorting the range.
pub fn log_page(conn: &Connection, filter: &UsageFilter, before_id: Option<i64>, limit: u32) -> Result<LogPage> {
    let (mut sql, mut params) = where_clause(filter);
    if let Some(before) = before_id {
        let anchor: Option<i64> =
            conn.prepare_cached("SELECT at FROM ledger WHERE id = ?1")?.query_row([before], |r| r.get(0)).optional()?;
        // Only retention deletes rows, and it takes every row older than the one it took: nothing is left after it.
        let Some(anchor) = anchor else { return Ok(LogPage { rows: Vec::new(), next_before: None }) };
        sql.push_str(" AND at <= ? AND (at < ? OR id < ?)");
        params.extend([Value::Integer(anchor), Value::Integer(anchor), Value::Integer(before)]);
    }
    params.push(Value::Integer(limit as i64 + 1));
    let mut stmt =
        conn.prepare_cached(&format!("SELECT {COLUMNS}, id FROM ledger{sql} ORDER BY at DESC, id DESC LIMIT ?"))?;
    let mut rows: Vec<LogRow> = stmt.query_map(params_from_iter(params), log_row)?.collect::<rusqlite::Result<_>>()?;
    let next_before = if rows.len() > limit as usize {
        rows.truncate(limit as usize);
        rows.last().map(|r| r.id)
    } else {
        None
    };
    Ok(LogPage { rows: with_feedback(conn, rows)?, next_before })
}

/// Every call of one trace (a routed call's attempts, a workflow run's nodes), oldest first.
pub fn by_trace(conn: &Connection, trace_id: &str) -> Result<Vec<LogRow>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {COLUMNS}, id FROM ledger WHERE trace_id = ?1 ORDER BY id"))?;
    let rows = stmt.query_map([trace_id], log_row)?.collect::<rusqlite::Result<_>>()?;
    with_feedback(conn, rows)
}
