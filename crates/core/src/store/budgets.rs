//! Budgets, the alerts they raised, and what has been spent in a budget's scope.

use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::cost::budgets::{Budget, BudgetAction, BudgetPeriod, BudgetScope};
use crate::error::{Error, Result};

fn text<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

fn parse<T: for<'de> serde::Deserialize<'de>>(s: String) -> rusqlite::Result<T> {
    serde_json::from_value(serde_json::Value::String(s.clone()))
        .map_err(|_| rusqlite::Error::InvalidColumnType(0, s, rusqlite::types::Type::Text))
}

fn scope_columns(scope: &BudgetScope) -> (&'static str, Option<&str>) {
    match scope {
        BudgetScope::Global => ("global", None),
        BudgetScope::Provider { provider_id } => ("provider", Some(provider_id)),
        BudgetScope::AccessKey { key_id } => ("access_key", Some(key_id)),
    }
}

fn from_row(r: &Row) -> rusqlite::Result<Budget> {
    let (kind, scope_id): (String, Option<String>) = (r.get(2)?, r.get(3)?);
    let scope = match (kind.as_str(), scope_id) {
        ("provider", Some(provider_id)) => BudgetScope::Provider { provider_id },
        ("access_key", Some(key_id)) => BudgetScope::AccessKey { key_id },
        _ => BudgetScope::Global,
    };
    Ok(Budget {
        id: r.get(0)?,
        name: r.get(1)?,
        scope,
        period: parse::<BudgetPeriod>(r.get(4)?)?,
        limit_usd_micros: r.get(5)?,
        action: parse::<BudgetAction>(r.get(6)?)?,
    })
}

pub fn list(conn: &Connection) -> Result<Vec<Budget>> {
    let mut stmt = conn.prepare(
        "SELECT id, name, scope_kind, scope_id, period, limit_usd_micros, action FROM budgets ORDER BY created_at, id",
    )?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn upsert(conn: &Connection, b: &Budget, now: i64) -> Result<()> {
    let (kind, scope_id) = scope_columns(&b.scope);
    conn.execute(
        "INSERT INTO budgets (id, name, scope_kind, scope_id, period, limit_usd_micros, action, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)
         ON CONFLICT(id) DO UPDATE SET name = ?2, scope_kind = ?3, scope_id = ?4, period = ?5,
            limit_usd_micros = ?6, action = ?7, updated_at = ?8",
        params![b.id, b.name, kind, scope_id, text(&b.period), b.limit_usd_micros, text(&b.action), now],
    )?;
    Ok(())
}

pub fn delete(conn: &Connection, id: &str) -> Result<()> {
    match conn.execute("DELETE FROM budgets WHERE id = ?1", [id])? {
        0 => Err(Error::not_found("budget", id)),
        _ => Ok(()),
    }
}

/// Records an alert; false when this threshold was already raised in this window.
pub fn record_alert(conn: &Connection, budget_id: &str, window_start: i64, threshold: u32, at: i64) -> Result<bool> {
    let inserted = conn.execute(
        "INSERT OR IGNORE INTO budget_alerts (budget_id, window_start, threshold, at)
         SELECT ?1, ?2, ?3, ?4 WHERE EXISTS (SELECT 1 FROM budgets WHERE id = ?1)",
        params![budget_id, window_start, threshold, at],
    )?;
    Ok(inserted == 1)
}

/// The thresholds already raised for a budget in the window starting at `window_start`.
pub fn alerts_in(conn: &Connection, budget_id: &str, window_start: i64) -> Result<Vec<u32>> {
    let mut stmt = conn
        .prepare("SELECT threshold FROM budget_alerts WHERE budget_id = ?1 AND window_start = ?2 ORDER BY threshold")?;
    let rows = stmt.query_map(params![budget_id, window_start], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// US dollars spent (micro-units) by the calls in `scope` over `[from, to)`; unpriced calls add nothing.
pub fn spent(conn: &Connection, scope: &BudgetScope, from: i64, to: i64) -> Result<i64> {
    let (kind, id) = scope_columns(scope);
    let column = match kind {
        "provider" => "provider_id",
        "access_key" => "access_key_id",
        _ => "NULL",
    };
    let sql = format!(
        "SELECT COALESCE(SUM(cost_usd_micros), 0) FROM ledger WHERE at >= ?1 AND at < ?2 AND (?3 IS NULL OR {column} = ?3)"
    );
    let total: Option<i64> = conn.query_row(&sql, params![from, to, id], |r| r.get(0)).optional()?;
    Ok(total.unwrap_or(0))
}
